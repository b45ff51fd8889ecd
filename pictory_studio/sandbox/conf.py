"""Sandbox settings, read at call time so tests can override them."""

from pathlib import Path

from django.conf import settings


def api_key() -> str:
    return settings.PICTORY_SANDBOX_API_KEY


def client_id() -> str:
    return settings.PICTORY_SANDBOX_CLIENT_ID


def client_secret() -> str:
    return settings.PICTORY_SANDBOX_CLIENT_SECRET


def job_seconds() -> float:
    return float(settings.PICTORY_SANDBOX_JOB_SECONDS)


def token_seconds() -> int:
    return int(settings.PICTORY_SANDBOX_TOKEN_SECONDS)


def min_poll_seconds() -> float:
    return float(settings.PICTORY_SANDBOX_MIN_POLL_SECONDS)


def requests_per_minute() -> int:
    return int(settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE)


def require_user_id() -> bool:
    return bool(settings.PICTORY_SANDBOX_REQUIRE_USER_ID)


def job_not_found_status() -> int:
    return int(settings.PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS)


def media_root() -> Path:
    return Path(settings.PICTORY_SANDBOX_MEDIA_ROOT)


def draft_renders() -> bool:
    """Small, silent videos: for benchmarks and many-worker tests, where the sandbox's own
    encoding would otherwise compete with the studio it is measuring for the same cores."""
    return bool(getattr(settings, "PICTORY_SANDBOX_DRAFT_RENDERS", False))


def background_finish() -> bool:
    return bool(getattr(settings, "PICTORY_SANDBOX_BACKGROUND_FINISH", True))


def slow_seconds() -> float:
    return float(getattr(settings, "PICTORY_SANDBOX_SLOW_SECONDS", 3))


def video_minutes_limit() -> float:
    """Monthly video minutes; once used up, new jobs fail with INSUFFICIENT_CREDITS."""
    return float(getattr(settings, "PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT", 600))


def other_api_key() -> str:
    """A second API key standing for another account (empty = none), for ownership tests."""
    return str(getattr(settings, "PICTORY_SANDBOX_OTHER_API_KEY", "pictai_sandbox_other_account") or "")


def template_max_bytes() -> int:
    """The largest .pictai upload POST /v1/templates accepts."""
    return int(getattr(settings, "PICTORY_SANDBOX_TEMPLATE_MAX_BYTES", 5 * 1024 * 1024))


def brand_crud() -> bool:
    """Whether the account offers the brand kit API (/v1/brands/editvideo); off → 404 there."""
    return bool(getattr(settings, "PICTORY_SANDBOX_BRAND_CRUD", True))


def upload_max_bytes() -> int:
    """The largest file a signed upload URL accepts."""
    return int(getattr(settings, "PICTORY_SANDBOX_UPLOAD_MAX_BYTES", 1024 * 1024 * 1024))


def upload_url_seconds() -> int:
    """How long a signed upload URL stays valid (the real storage: 24 hours)."""
    return int(getattr(settings, "PICTORY_SANDBOX_UPLOAD_URL_SECONDS", 24 * 3600))


def lowcode_token() -> str:
    return settings.PICTORY_SANDBOX_LOWCODE_TOKEN


def gateway_url_formats() -> set[str]:
    """Which of LowCodeAPI's URL formats the gateway imitation accepts: new, old or both."""
    value = settings.PICTORY_SANDBOX_GATEWAY_URL_FORMATS
    return {"new", "old"} if value == "both" else {value}


def picsart_api_key() -> str:
    return settings.PICTORY_SANDBOX_PICSART_API_KEY


def picsart_credits() -> int:
    """Credits a new Picsart account starts with; each image search or trending page uses one."""
    return int(settings.PICTORY_SANDBOX_PICSART_CREDITS)


def picsart_requests_per_minute() -> int:
    return int(settings.PICTORY_SANDBOX_PICSART_REQUESTS_PER_MINUTE)
