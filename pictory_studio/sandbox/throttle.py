"""429 decisions: a per-credential requests-per-minute budget and a minimum spacing between
two status reads of the same job. Both count only requests that were not refused."""

from datetime import timedelta

from django.utils import timezone

from . import conf
from .auth import Caller
from .models import SandboxRequest

WINDOW = timedelta(minutes=1)
JOB_DETAIL = "job_detail"


def budget_retry_after(caller: Caller) -> float | None:
    """Seconds to wait when the caller has used its budget for the last minute, else None."""
    limit = conf.requests_per_minute()
    if limit <= 0:
        return None
    now = timezone.now()
    recent = SandboxRequest.objects.filter(
        credential=caller.credential, created_at__gt=now - WINDOW
    ).exclude(status_code=429)
    count = recent.count()
    if count < limit:
        return None
    # The budget frees up when the request that put us over it leaves the window.
    times = recent.order_by("created_at").values_list("created_at", flat=True)
    freed_at = times[count - limit] + WINDOW
    return max(1.0, (freed_at - now).total_seconds())


def poll_retry_after(caller: Caller, job_id) -> float | None:
    """Seconds to wait when this job was read by this caller too recently, else None."""
    spacing = conf.min_poll_seconds()
    if spacing <= 0:
        return None
    last = (
        SandboxRequest.objects.filter(
            credential=caller.credential, job_id=job_id, endpoint=JOB_DETAIL
        )
        .exclude(status_code=429)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return None
    elapsed = (timezone.now() - last).total_seconds()
    return spacing - elapsed if elapsed < spacing else None
