"""What the reports pipeline loads, each table incrementally where its data changes:

* the Pictory account, with dlt's REST API source over the studio's Pictory connection (the
  sandbox in sandbox mode): styles, video brands, projects, videos and transcriptions, the
  resources dltHub's Pictory page names, paged with `nextPageKey`;
* the Picsart balance (one reading per run);
* the studio's own history from its database: render jobs, batches, reviews and decisions.
"""
from __future__ import annotations

from datetime import UTC, datetime

import dlt
from django.db.models import DateTimeField, F
from django.db.models.functions import Coalesce
from dlt.sources.rest_api import rest_api_source
from requests.adapters import HTTPAdapter

from pictory_studio.pictory.factory import client_from_settings
from templates_app.models import Batch
from videos.models import RenderJob, Review, ReviewDecision
from videos.services.pacing import wait_for_turn

EPOCH = "1970-01-01T00:00:00Z"
# (table, path, list key, primary key, cursor field or None for small catalogues loaded whole)
PICTORY_RESOURCES = (
    ("styles", "v1/styles", None, "id", None),
    ("video_brands", "v1/brands/video", None, "id", None),
    ("projects", "v1/projects", "projects", "project_id", "saveDate"),
    ("videos", "v1/videos", "videos", "videoId", "generatedDate"),
    ("transcriptions", "v1/transcriptions", "transcriptions", "transcriptionId", "createdDate"),
)


class _PacedAdapter(HTTPAdapter):
    """Each request to Pictory (retries included) waits for its turn under the request rate the
    studio's workers share: a load during a bulk launch must not push Pictory into 429s."""

    def send(self, request, **kwargs):
        wait_for_turn()
        return super().send(request, **kwargs)


def _paced_session():
    from dlt.sources.helpers.requests.retry import Client

    session = Client(raise_for_status=False).session  # dlt's, with its retries on 429 and 5xx
    for scheme in ("http://", "https://"):
        session.mount(scheme, _PacedAdapter())
    return session


def pictory_source():
    """dlt's REST API source for the Pictory account, authenticated as the studio is."""
    client = client_from_settings()
    config = client.config
    through_gateway = config.auth_mode == "gateway"
    wrap = "data." if through_gateway else ""  # LowCodeAPI wraps every answer once more
    if through_gateway:
        auth = {"type": "api_key", "name": "api_token", "api_key": config.gateway_token, "location": "query"}
    else:
        auth = {"type": "api_key", "name": "Authorization", "api_key": client.authorization(),
                "location": "header"}
    resources = []
    for table, path, selector, key, cursor in PICTORY_RESOURCES:
        endpoint: dict = {"path": path, "data_selector": wrap + selector if selector else (wrap.rstrip(".") or "$")}
        if selector:
            endpoint["paginator"] = {"type": "cursor", "cursor_path": wrap + "nextPageKey",
                                     "cursor_param": "nextPageKey"}
        else:
            endpoint["paginator"] = "single_page"
        resource: dict = {"name": table, "primary_key": key, "endpoint": endpoint,
                          "write_disposition": "merge" if cursor else "replace"}
        if cursor:
            endpoint["incremental"] = {"cursor_path": cursor, "initial_value": EPOCH}
        resources.append(resource)
    return rest_api_source({
        "client": {"base_url": config.base_url + "/", "auth": auth, "session": _paced_session(),
                   "headers": {"Accept": "application/json", "User-Agent": config.user_agent}},
        "resources": resources,
    }, name="pictory")


def _iso(value) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _types(**names: str) -> dict:
    """Column types up front: dlt makes no column for a field that is empty in every row so far,
    and the reports query these whether or not anything has filled them yet."""
    return {name: {"data_type": data_type, "nullable": True} for name, data_type in names.items()}


@dlt.resource(name="render_jobs", primary_key="id", write_disposition="merge", columns=_types(
    project_id="bigint", version="bigint", error_code="text", duration_seconds="double", credits_used="double",
    created_at="timestamp", submitted_at="timestamp", finished_at="timestamp", updated_at="timestamp",
    created_by_id="bigint", batch_id="bigint", render_seconds="double"))
def render_jobs(updated_at=dlt.sources.incremental("updated_at", initial_value=EPOCH)):  # noqa: B008 (dlt binds its cursor here)
    rows = (RenderJob.objects.filter(updated_at__gte=_as_datetime(updated_at.last_value))
            .order_by("updated_at", "id")
            .values("id", "project_id", "kind", "pooled", "version", "status", "error_code", "duration_seconds",
                    "credits_used", "created_at", "submitted_at", "finished_at", "updated_at", "created_by_id",
                    "batch_row__batch_id"))
    for row in rows.iterator(chunk_size=2000):
        row["batch_id"] = row.pop("batch_row__batch_id")
        row["render_seconds"] = ((row["finished_at"] - row["submitted_at"]).total_seconds()
                                 if row["finished_at"] and row["submitted_at"] else None)
        yield _dated(row)


@dlt.resource(name="batches", primary_key="id", write_disposition="merge", columns=_types(
    launched_at="timestamp", finished_at="timestamp", changed_at="timestamp", created_at="timestamp"))
def batches(changed_at=dlt.sources.incremental("changed_at", initial_value=EPOCH)):  # noqa: B008 (dlt binds its cursor here)
    rows = (Batch.objects.annotate(changed_at=Coalesce(F("finished_at"), F("launched_at"), F("created_at"),
                                                       output_field=DateTimeField()))
            .filter(changed_at__gte=_as_datetime(changed_at.last_value))
            .values("id", "name", "status", "template_id", "created_at", "launched_at", "finished_at", "changed_at"))
    for row in rows.iterator(chunk_size=2000):
        yield _dated(row)


@dlt.resource(name="reviews", primary_key="id", write_disposition="merge", columns=_types(
    closed_at="timestamp", changed_at="timestamp", created_at="timestamp"))
def reviews(changed_at=dlt.sources.incremental("changed_at", initial_value=EPOCH)):  # noqa: B008 (dlt binds its cursor here)
    rows = (Review.objects.annotate(changed_at=Coalesce(F("closed_at"), F("created_at"),
                                                        output_field=DateTimeField()))
            .filter(changed_at__gte=_as_datetime(changed_at.last_value))
            .values("id", "job_id", "project_id", "status", "requested_by_id", "created_at", "closed_at",
                    "changed_at"))
    for row in rows.iterator(chunk_size=2000):
        yield _dated(row)


@dlt.resource(name="review_decisions", primary_key="id", write_disposition="merge")
def review_decisions(created_at=dlt.sources.incremental("created_at", initial_value=EPOCH)):  # noqa: B008 (dlt binds its cursor here)
    rows = (ReviewDecision.objects.filter(created_at__gte=_as_datetime(created_at.last_value))
            .values("id", "review_id", "reviewer_id", "reviewer__username", "decision", "created_at",
                    "review__created_at"))
    for row in rows.iterator(chunk_size=2000):
        waited = (row["created_at"] - row["review__created_at"]).total_seconds()
        yield {"id": row["id"], "review_id": row["review_id"], "reviewer_id": row["reviewer_id"],
               "reviewer": row["reviewer__username"], "decision": row["decision"],
               "created_at": _iso(row["created_at"]), "review_requested_at": _iso(row["review__created_at"]),
               "turnaround_seconds": waited}


@dlt.resource(name="quota", primary_key="id", write_disposition="replace")
def quota():
    """The account's last usage reading (minutes and credits against their limits)."""
    from videos.services.account import quota_current

    row = quota_current()
    if row is not None and row.fetched_at is not None:
        yield {"id": 1, "video_minutes_used": row.video_minutes_used, "video_minutes_limit": row.video_minutes_limit,
               "ai_credits_used": row.ai_credits_used, "ai_credits_limit": row.ai_credits_limit,
               "fetched_at": _iso(row.fetched_at)}


@dlt.source(name="studio")
def studio_history():
    return [render_jobs(), batches(), reviews(), review_decisions(), quota()]


def _dated(row: dict) -> dict:
    return {name: _iso(value) if isinstance(value, datetime) else value for name, value in row.items()}


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def picsart_balance() -> tuple[list[dict], str]:
    """This run's reading of the Picsart credits (when Picsart is set up), or why it failed: a
    Picsart problem is reported with the run, it does not stop the rest from loading."""
    from pictory_studio.picsart import PicsartError
    from pictory_studio.picsart.factory import picsart_client_from_settings

    client = picsart_client_from_settings()
    if client is None:
        return [], ""
    try:
        credits = client.balance()
    except PicsartError as exc:
        return [], f"Picsart balance not read: {exc.message}"
    return [{"credits": credits, "read_at": _iso(datetime.now(UTC))}], ""
