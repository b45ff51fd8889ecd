"""Pictory's pace, shared by every worker: the request rate, 429 pauses, and how often to read
a job's status."""
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from pictory_studio.pictory.factory import client_from_settings, pictory_mode
from videos.models import PictoryPace

RATE_LIMIT_CACHE_KEY = "pictory:rate-limited-until"
MAX_POLL_INTERVAL = 30.0


def rate_limited_for() -> float:
    """Seconds left of a 429 pause that applies to every worker."""
    until = cache.get(RATE_LIMIT_CACHE_KEY)
    if not until:
        return 0.0
    return max(0.0, until - timezone.now().timestamp())


def note_rate_limit(retry_after: float | None) -> float:
    """Pause every worker for Pictory's Retry-After (5 s when it gave none)."""
    pause = max(1.0, retry_after or 5.0)
    cache.set(RATE_LIMIT_CACHE_KEY, timezone.now().timestamp() + pause, timeout=int(pause) + 1)
    return pause


def poll_seconds() -> float:
    """The base interval between status reads: brisk on the sandbox, polite on Pictory."""
    if settings.PICTORY_POLL_SECONDS:
        return float(settings.PICTORY_POLL_SECONDS)
    return 2.0 if pictory_mode() == "sandbox" else 10.0


# The first status reads come quickly, so a person sees a job start moving within seconds;
# after that the pace settles to poll_seconds() and backs off gently while a long render runs.
EARLY_POLL_SECONDS = (1.0, 2.0, 3.0, 5.0)


def poll_interval(poll_count: int, *, watched: bool = True) -> float:
    """Seconds before status read number `poll_count` (1 = the first after submission).

    Bulk jobs (`watched=False`) are followed as a batch, so they skip the quick first reads.
    """
    base = poll_seconds()
    early = len(EARLY_POLL_SECONDS)
    if not watched:
        early = 0
    elif poll_count <= early:
        return min(base, EARLY_POLL_SECONDS[max(poll_count, 1) - 1])
    return min(base * (1.25 ** ((poll_count - early - 1) // 4)), MAX_POLL_INTERVAL)


# How often an open page asks about an active job, by the job's age: briskly at first, then
# less often, so a long render does not keep every open tab busy.
PAGE_POLL_STEPS = ((20, 1.0), (120, 2.0), (600, 5.0))
PAGE_POLL_SLOWEST = 10.0


def page_poll_seconds(*, created_at, now=None) -> float:
    age = ((now or timezone.now()) - created_at).total_seconds()
    return next((seconds for limit, seconds in PAGE_POLL_STEPS if age < limit), PAGE_POLL_SLOWEST)


# --- one request rate for every worker -----------------------------------------------------
PACE_NAME = "pictory"
MAX_INLINE_WAIT = 1.0
RATE_MARGIN = 0.9


def _take_slot(now: float) -> float:
    """Reserve the next free request slot unless it is too far away; its delay in seconds."""
    # A little under the configured rate: a request leaves a moment after its slot (a busy
    # machine adds jitter), and that must never push any one second over the limit.
    interval = 1.0 / (settings.PICTORY_REQUESTS_PER_SECOND * RATE_MARGIN)
    with transaction.atomic():
        pace, _ = PictoryPace.objects.select_for_update().get_or_create(name=PACE_NAME)
        slot = max(pace.next_free_at, now)
        if slot - now > MAX_INLINE_WAIT:
            return slot - now
        pace.next_free_at = slot + interval
        pace.save(update_fields=["next_free_at"])
    return -(slot - now)  # negative: reserved, wait this long


def request_slot() -> float:
    """Wait (at most a second) for this worker's turn to call Pictory.

    Returns 0 when the caller may send now; otherwise the seconds after which to try again
    (the caller reschedules instead of sleeping inside a worker).
    """
    if not settings.PICTORY_REQUESTS_PER_SECOND:
        return 0.0
    delay = _take_slot(time.time())
    if delay > 0:
        return delay
    if delay < 0:
        time.sleep(-delay)
    return 0.0


def wait_for_turn() -> None:
    """Block until this worker may send (for a retry, which cannot be rescheduled)."""
    while (delay := request_slot()) > 0:
        time.sleep(min(delay, MAX_INLINE_WAIT))


def paced_client():
    """The Pictory client whose retries also keep to the shared request rate."""
    return client_from_settings(pace=wait_for_turn)
