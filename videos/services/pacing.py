"""Pictory's pace, shared by every worker: 429 pauses and how often to read a job's status."""
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from pictory_studio.pictory.factory import pictory_mode

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


def poll_interval(poll_count: int) -> float:
    """Poll often at first, then back off gently while a long render runs."""
    return min(poll_seconds() * (1.25 ** (poll_count // 4)), MAX_POLL_INTERVAL)
