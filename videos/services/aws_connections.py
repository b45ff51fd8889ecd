"""AWS private connections: Pictory reads visuals from the team's own S3 bucket through an IAM role.

They live at Pictory (contract §5.8); the studio keeps no copy, only each project's chosen
`aws_connection_id`. Values are checked here before anything is sent. A change is made against
the version the admin saw: when someone else changed the connection meanwhile, Pictory answers
409 and nothing is overwritten.
"""
import logging
import re
from dataclasses import dataclass, field

from django.core.cache import cache

from pictory_studio.pictory import ConflictError, NotFoundError, PictoryError, ValidationError
from pictory_studio.pictory.factory import client_from_settings, pictory_mode
from videos.models import Project
from videos.services.account import client_single_try
from videos.services.explain import pictory_error_text
from videos.services.text import single_line

log = logging.getLogger(__name__)

AVAILABLE_SECONDS = 60
MAX_PAGES = 20
PICTORY_AWS_ACCOUNT = "701488979254"
EXAMPLE_ROLE = "PictoryCloudIntegrationRole"
ROLE_ACTIONS = ("s3:ListBucket", "s3:GetObject", "s3:ListAllMyBuckets")
AWS_REGIONS = {
    "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)", "ca-central-1": "Canada (Central)", "sa-east-1": "South America (São Paulo)",
    "eu-west-1": "Europe (Ireland)", "eu-west-2": "Europe (London)", "eu-west-3": "Europe (Paris)",
    "eu-central-1": "Europe (Frankfurt)", "eu-central-2": "Europe (Zurich)", "eu-north-1": "Europe (Stockholm)",
    "eu-south-1": "Europe (Milan)", "eu-south-2": "Europe (Spain)", "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-southeast-1": "Asia Pacific (Singapore)", "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-northeast-1": "Asia Pacific (Tokyo)", "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)", "ap-east-1": "Asia Pacific (Hong Kong)",
    "me-south-1": "Middle East (Bahrain)", "me-central-1": "Middle East (UAE)", "af-south-1": "Africa (Cape Town)",
    "us-gov-west-1": "AWS GovCloud (US-West)", "us-gov-east-1": "AWS GovCloud (US-East)",
}
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
_FIELD_NAMES = {"awsAccountId": "aws_account_id", "awsRegion": "aws_region"}
_VERSION_IN_MESSAGE = re.compile(r"current version (\d+)", re.IGNORECASE)


@dataclass
class ConnectionRefused(Exception):
    """Nothing was changed: what to fix, per form field and overall."""

    message: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


@dataclass
class ConnectionChangedMeanwhile(Exception):
    """Someone else saved the connection after this person opened it; `current` is what it is now
    (None when it could not be read)."""

    message: str
    current: object = None
    current_version: int | None = None

    def __str__(self) -> str:
        return self.message


def _cache_key() -> str:
    return f"pictory:aws-connections:{pictory_mode()}"


def aws_connections_forget() -> None:
    cache.delete_many([_cache_key(), f"{_cache_key()}:down"])


def _refused(exc: PictoryError, fields: tuple[str, ...], *, action: str) -> ConnectionRefused:
    if isinstance(exc, ValidationError):
        problems: dict[str, list[str]] = {}
        for error in exc.fields:
            name = _FIELD_NAMES.get(error.name, error.name)
            problems.setdefault(name if name in fields else "__all__", []).extend(
                error.messages or ["Pictory refused this value."])
        return ConnectionRefused(f"Pictory refused the connection{': ' + exc.message if exc.message else ''}. "
                                 "Nothing was saved; fix what is marked.", problems)
    log.warning("AWS connection %s failed: %s", action, exc.__class__.__name__)
    return ConnectionRefused(pictory_error_text(exc))


def normalise_account_id(value: str) -> str:
    """AWS shows account ids as 1234-5678-9012; Pictory wants the 12 digits."""
    return re.sub(r"[\s-]", "", value or "")


def _name_problems(name: str) -> dict[str, list[str]]:
    return {} if name else {"name": ["Give the connection a name (editors pick it by name)."]}


def aws_connection_create(*, name: str, description: str = "", aws_account_id: str, aws_region: str,
                          enabled: bool = True):
    """Create the connection at Pictory; raises ConnectionRefused (nothing sent when our check fails)."""
    name, description = single_line(name)[:120], (description or "").strip()[:500]
    account_id, region = normalise_account_id(aws_account_id), (aws_region or "").strip().lower()
    problems = _name_problems(name)
    if not _ACCOUNT_ID.match(account_id):
        problems["aws_account_id"] = ["An AWS account id is 12 digits, e.g. 123456789012 "
                                      "(shown at the top right of the AWS console)."]
    if not _REGION.match(region):
        problems["aws_region"] = ["Choose the region of the bucket, e.g. us-east-2."]
    if problems:
        raise ConnectionRefused("Nothing was sent to Pictory. Fix what is marked below.", problems)
    try:
        connection = client_from_settings().create_aws_connection(
            name=name, description=description, aws_account_id=account_id, aws_region=region, enabled=enabled)
    except ValueError as exc:  # the client's own check of the same rules
        raise ConnectionRefused(f"Nothing was sent to Pictory: {exc}") from exc
    except PictoryError as exc:
        raise _refused(exc, ("name", "description", "aws_account_id", "aws_region", "enabled"),
                       action="create") from exc
    aws_connections_forget()
    return connection


def aws_connection_get(*, connection_id: str):
    """The connection as Pictory has it now; raises PictoryError (NotFoundError for an unknown id)."""
    return client_single_try().get_aws_connection(connection_id)


def aws_connection_update(*, connection_id: str, name: str, description: str, enabled: bool, version: int):
    """Change name, description and the enabled switch of the version the admin saw.

    Raises ConnectionChangedMeanwhile (nothing overwritten) when it is no longer that version,
    and ConnectionRefused for values Pictory refuses.
    """
    name, description = single_line(name)[:120], (description or "").strip()[:500]
    problems = _name_problems(name)
    if problems:
        raise ConnectionRefused("Nothing was sent to Pictory. Fix what is marked below.", problems)
    client = client_from_settings()
    try:
        connection = client.update_aws_connection(connection_id, name=name, description=description,
                                                  enabled=enabled, version=version)
    except ConflictError as exc:
        raise _changed_meanwhile(client, connection_id, exc) from exc
    except PictoryError as exc:
        raise _refused(exc, ("name", "description", "enabled"), action="update") from exc
    aws_connections_forget()
    return connection


def _changed_meanwhile(client, connection_id: str, exc: ConflictError) -> ConnectionChangedMeanwhile:
    try:
        current = client.get_aws_connection(connection_id)
    except PictoryError:
        current = None
    version = current.version if current is not None else None
    if version is None and (match := _VERSION_IN_MESSAGE.search(exc.message or "")):
        version = int(match.group(1))
    aws_connections_forget()
    shown = f" (it is now version {version})" if version is not None else ""
    return ConnectionChangedMeanwhile(
        f"Someone else changed this connection while you were editing{shown}. Nothing was saved. "
        "Their values are shown next to yours: keep what you typed and save again to replace them, "
        "or cancel to keep theirs.", current, version)


def aws_connection_delete(*, connection_id: str) -> None:
    """Remove the connection at Pictory; raises ConnectionRefused with the reason."""
    try:
        client_from_settings().delete_aws_connection(connection_id)
    except PictoryError as exc:
        raise _refused(exc, (), action="delete") from exc
    aws_connections_forget()


def aws_connection_page(*, page_key: str = ""):
    """(one page of connections, error to show): the page is None when Pictory could not be read."""
    try:
        return client_single_try().list_aws_connections(page_key=page_key), ""
    except PictoryError as exc:
        log.warning("Could not list AWS connections: %s", exc.__class__.__name__)
        return None, pictory_error_text(exc)


def aws_connections_available() -> tuple[list, str]:
    """Every connection of the account (cached for a minute) for pickers, and an error to show."""
    key = _cache_key()
    cached = cache.get(key)
    if cached is not None:
        return cached, ""
    unavailable = "The account's AWS connections could not be loaded right now; the current choice is kept."
    if cache.get(f"{key}:down"):
        return [], unavailable  # don't make every project page wait on a Pictory that just failed
    connections, page_key, client = [], "", client_single_try()
    try:
        for _page in range(MAX_PAGES):
            page = client.list_aws_connections(page_key=page_key)
            connections += page.items
            page_key = page.next_page_key
            if not page_key:
                break
    except NotFoundError:
        connections = []  # an account without private connections: nothing to pick
    except PictoryError as exc:
        log.warning("Could not list AWS connections: %s", exc.__class__.__name__)
        cache.set(f"{key}:down", True, AVAILABLE_SECONDS)
        return [], unavailable
    cache.set(key, connections, AVAILABLE_SECONDS)
    return connections, ""


def aws_connection_projects(*, connection_id: str) -> list[Project]:
    """Projects whose renders read visuals through this connection."""
    return list(Project.objects.filter(aws_connection_id=connection_id).only("id", "title").order_by("title"))
