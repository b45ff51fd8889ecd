"""Private AWS connections (contract §5.8), shared by every credential like jobs.

`connectionId` is the creation time to the millisecond plus 12 random letters and digits. A PUT
must quote the stored `version` (optimistic lock) and may not change the account or region.
"""

import base64
import binascii
import re
import secrets
import string
from datetime import UTC

from django.utils import timezone

from . import enums
from .fields import Bool, FieldErrors, Num, Obj, Str
from .models import SandboxAwsConnection

PAGE_SIZE = 20
REGION_PATTERN = r"[a-z]{2}(-gov)?-[a-z]+-\d"
_ID_ALPHABET = string.ascii_letters + string.digits


class VersionConflict(Exception):
    def __init__(self, current: int):
        super().__init__(f"Version conflict: the connection was changed (current version {current})")
        self.current = current


def _check_region(body, path, errors):
    region = body.get("awsRegion")
    if isinstance(region, str) and re.fullmatch(REGION_PATTERN, region) and region not in enums.AWS_REGIONS:
        errors.add("awsRegion", f"'{region}' is not an AWS region")


_FIELDS = {
    "name": Str(max_length=200, not_blank=True),
    "description": Str(max_length=1000),
    "awsAccountId": Str(pattern=r"\d{12}", pattern_message="must be a 12-digit AWS account id"),
    "awsRegion": Str(pattern=REGION_PATTERN, pattern_message="must be an AWS region such as us-east-2"),
    "enabled": Bool(),
}
CREATE_BODY = Obj(_FIELDS, required=("name", "awsAccountId", "awsRegion"), checks=[_check_region])
UPDATE_BODY = Obj(
    {**_FIELDS, "version": Num(minimum=1, integer=True)}, required=("version",), checks=[_check_region]
)


def _date(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connection_object(connection: SandboxAwsConnection) -> dict:
    return {
        "connectionId": connection.connection_id,
        "name": connection.name,
        "description": connection.description,
        "awsAccountId": connection.aws_account_id,
        "awsRegion": connection.aws_region,
        "type": "AWS",
        "enabled": connection.enabled,
        "createdDate": _date(connection.created_at),
        "updatedDate": _date(connection.updated_at),
        "version": connection.version,
    }


def connection_get(connection_id: str) -> SandboxAwsConnection | None:
    return SandboxAwsConnection.objects.filter(connection_id=connection_id).first()


def _new_id(now) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"
    return stamp + "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


def connection_create(*, body) -> tuple[dict | None, list[dict]]:
    """POST /v1/awsconnections: (connection object, []) or (None, field errors)."""
    errors = FieldErrors()
    cleaned = CREATE_BODY.clean(body, "", errors)
    if errors:
        return None, errors.items
    now = timezone.now()
    connection = SandboxAwsConnection.objects.create(
        connection_id=_new_id(now),
        name=cleaned["name"].strip(),
        description=cleaned.get("description", ""),
        aws_account_id=cleaned["awsAccountId"],
        aws_region=cleaned["awsRegion"],
        enabled=cleaned.get("enabled", True),
        version=1,
        created_at=now,
        updated_at=now,
    )
    return connection_object(connection), []


def connection_update(*, connection: SandboxAwsConnection, body) -> tuple[dict | None, list[dict]]:
    """PUT /v1/awsconnections/{id}: (connection object, []), (None, field errors), or
    VersionConflict when `version` is not the stored one."""
    errors = FieldErrors()
    cleaned = UPDATE_BODY.clean(body, "", errors)
    if isinstance(cleaned, dict):
        for key, current in (("awsAccountId", connection.aws_account_id), ("awsRegion", connection.aws_region)):
            if isinstance(cleaned.get(key), str) and cleaned[key] != current:
                errors.add(key, f"cannot be changed (the connection's is {current})")
    if errors:
        return None, errors.items
    updated = SandboxAwsConnection.objects.filter(pk=connection.pk, version=cleaned["version"]).update(
        name=cleaned.get("name", connection.name).strip(),
        description=cleaned.get("description", connection.description),
        enabled=cleaned.get("enabled", connection.enabled),
        version=cleaned["version"] + 1,
        updated_at=timezone.now(),
    )
    connection.refresh_from_db()
    if not updated:
        raise VersionConflict(connection.version)
    return connection_object(connection), []


def connection_delete(*, connection: SandboxAwsConnection) -> None:
    connection.delete()


def _encode_key(connection: SandboxAwsConnection) -> str:
    return base64.urlsafe_b64encode(connection.connection_id.encode()).decode()


def _decode_key(key: str) -> SandboxAwsConnection | None:
    try:
        connection_id = base64.urlsafe_b64decode(key.encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return connection_get(connection_id)


def connection_page(*, page_key: str = "") -> tuple[dict | None, list[dict]]:
    """GET /v1/awsconnections: {"Items": [...]} oldest first, `PAGE_SIZE` a page, plus
    `pageKey` (to pass back as ?pageKey=) when more follow."""
    connections = SandboxAwsConnection.objects.order_by("id")
    if page_key:
        last = _decode_key(page_key)
        if last is None:
            return None, [{"name": "pageKey", "errors": "is not a valid page key"}]
        connections = connections.filter(id__gt=last.id)
    page = list(connections[: PAGE_SIZE + 1])
    body = {"Items": [connection_object(connection) for connection in page[:PAGE_SIZE]]}
    if len(page) > PAGE_SIZE:
        body["pageKey"] = _encode_key(page[PAGE_SIZE - 1])
    return body, []


def check_storyboard(storyboard: dict) -> list[dict]:
    """Field errors for a storyboard's awsConnectionId naming no connection."""
    connection_id = storyboard.get("awsConnectionId")
    if isinstance(connection_id, str) and connection_get(connection_id) is None:
        return [{"name": "awsConnectionId", "errors": f"no AWS connection with id '{connection_id}'"}]
    return []
