"""The Pictory account's usage this billing term (GET /v1/quota), kept in one QuotaSnapshot row.

The row is refreshed every few minutes by a schedule, after finished renders, on an admin's
click, and before a render or batch is refused for want of minutes. A failed read never stops
anyone: it is kept in `problem`, and a render the studio cannot check is let through (Pictory
itself refuses a job the account cannot pay for).
"""
import logging
import math
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.utils import timezone

from pictory_studio.pictory import PictoryClient, PictoryError, RateLimitedError
from pictory_studio.pictory.factory import config_from_settings, pictory_mode
from videos.models import QuotaSnapshot
from videos.services.explain import pictory_error_text
from videos.services.pacing import note_rate_limit, rate_limited_for, request_slot

log = logging.getLogger(__name__)

QUOTA_STALE_SECONDS = 600  # as often as the schedule reads it
QUOTA_RECHECK_SECONDS = 30  # a refusal rests on a read at most this old
QUOTA_RETRY_SECONDS = 60  # after a failed read, pages and clicks do not try again for this long
LOW_SHARE = 0.2  # under a fifth left shows amber
SNAPSHOT_PK = 1

MODE_LABELS = {"sandbox": "Sandbox", "api_key": "API key", "oauth": "Client credentials",
               "gateway": "LowCodeAPI gateway"}
MODE_DETAILS = {
    "sandbox": "No Pictory credentials are set, so the studio's built-in imitation of Pictory answers. "
               "No credits are used. Set PICTORY_API_KEY to use your Pictory account.",
    "api_key": "The studio signs every call with the API key from PICTORY_API_KEY.",
    "oauth": "The studio exchanges PICTORY_CLIENT_ID and PICTORY_CLIENT_SECRET for short-lived tokens.",
    "gateway": "Every call goes through LowCodeAPI (PICTORY_GATEWAY_URL) with the token from LOWCODEAPI_TOKEN; "
               "LowCodeAPI adds the Pictory key held in its own vault.",
}


def client_single_try() -> PictoryClient:
    """A client that does not retry reads: for calls a page or click waits on, where the next
    schedule, page or click tries again anyway (one click, one read)."""
    return PictoryClient(replace(config_from_settings(), get_retries=0), token_cache=cache)


def quota_current() -> QuotaSnapshot | None:
    """The last reading (or failed attempt), in one query; None before the first."""
    return QuotaSnapshot.objects.order_by("pk").first()


def _row_pk() -> int:
    return QuotaSnapshot.objects.order_by("pk").values_list("pk", flat=True).first() or SNAPSHOT_PK


def _keep_problem(problem: str) -> QuotaSnapshot:
    snapshot, _ = QuotaSnapshot.objects.update_or_create(
        pk=_row_pk(), defaults={"problem": problem[:300], "problem_at": timezone.now()})
    return snapshot


def quota_refresh() -> QuotaSnapshot:
    """Read the quota from Pictory into the snapshot. A failure is kept in `problem`; never raises.

    It keeps to the pace every worker shares: during a 429 pause, or when the request rate has
    no slot free, it does not call and says so.
    """
    if rate_limited_for() > 0 or request_slot() > 0:
        return _keep_problem("Pictory asked the studio to slow down; the usage is read again in a minute.")
    try:
        quota = client_single_try().get_quota()
    except Exception as exc:  # noqa: BLE001 - a quota read must never break the caller's work
        if isinstance(exc, RateLimitedError):
            note_rate_limit(exc.retry_after)
        log.warning("Could not read the Pictory quota: %s", exc.__class__.__name__)
        return _keep_problem(pictory_error_text(exc) if isinstance(exc, PictoryError)
                             else "The studio could not read the account's usage. Try again in a minute.")
    lines = {"video_minutes": quota.video_minutes, "transcription_minutes": quota.transcription_minutes,
             "voice_minutes": quota.elevenlabs_minutes, "ai_credits": quota.ai_credits}
    values = {f"{name}_{part}": getattr(line, part) for name, line in lines.items() for part in ("used", "limit")}
    snapshot, _ = QuotaSnapshot.objects.update_or_create(
        pk=_row_pk(), defaults={**values, "fetched_at": timezone.now(), "problem": "", "problem_at": None})
    return snapshot


@dataclass(frozen=True)
class QuotaLineView:
    """One of the four lines as a page shows it."""

    key: str
    label: str
    unit: str
    used: float
    limit: float

    @property
    def has_limit(self) -> bool:
        return self.limit > 0

    @property
    def left(self) -> float:
        return max(0.0, self.limit - self.used)

    @property
    def percent_used(self) -> int:
        if not self.has_limit:
            return 0
        return min(100, max(0, round(100 * self.used / self.limit)))

    @property
    def percent_left(self) -> int:
        return 100 - self.percent_used if self.has_limit else 0

    @property
    def level(self) -> str:
        """ok, low (under a fifth left), out (nothing left) or none (no limit reported)."""
        if not self.has_limit:
            return "none"
        if _tenths_down(self.left) <= 0:  # less than a tenth of a minute renders nothing
            return "out"
        return "low" if self.left < LOW_SHARE * self.limit else "ok"

    @property
    def summary(self) -> str:
        if not self.has_limit:
            return f"{self.label}: {_figure(self.used)} {self.unit} used, no limit reported"
        return (f"{self.label}: {_figure(self.left)} of {_figure(self.limit)} {self.unit} left "
                f"({_figure(self.used)} used)")


def _figure(value: float) -> str:
    """600 → "600", 41.25 → "41.2", 1234.5 → "1,234.5"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def quota_lines(*, snapshot: QuotaSnapshot) -> list[QuotaLineView]:
    return [
        QuotaLineView("video", "Video minutes", "min", snapshot.video_minutes_used, snapshot.video_minutes_limit),
        QuotaLineView("transcription", "Transcription minutes", "min", snapshot.transcription_minutes_used,
                      snapshot.transcription_minutes_limit),
        QuotaLineView("voice", "ElevenLabs voice minutes", "min", snapshot.voice_minutes_used,
                      snapshot.voice_minutes_limit),
        QuotaLineView("ai", "AI credits", "credits", snapshot.ai_credits_used, snapshot.ai_credits_limit),
    ]


@dataclass(frozen=True)
class QuotaPill:
    """The top bar's short reading: its text, the four lines as a tooltip, and its colour."""

    text: str
    title: str
    level: str


def quota_pill(*, snapshot: QuotaSnapshot | None) -> QuotaPill | None:
    """None until the quota has been read once."""
    if snapshot is None or snapshot.fetched_at is None:
        return None
    lines = quota_lines(snapshot=snapshot)
    video = lines[0]
    if video.has_limit:
        text = f"{_figure(_tenths_down(video.left))} video min left"
    else:
        text = f"{_figure(video.used)} video min used"
    title = [line.summary for line in lines]
    title.append(f"Read {timezone.localtime(snapshot.fetched_at):%d %b %H:%M}.")
    if snapshot.problem:
        title.append(f"The last read failed: {snapshot.problem}")
    return QuotaPill(text=text, title="\n".join(title), level=video.level)


def _tenths_up(value: float) -> float:
    return math.ceil(round(value * 10, 6)) / 10


def _tenths_down(value: float) -> float:
    return math.floor(round(value * 10, 6)) / 10


def _age(moment) -> float:
    return (timezone.now() - moment).total_seconds() if moment else math.inf


def _shortfall_text(need: float, left: float, meter: str = "video") -> str:
    # Need rounded up and what is left rounded down, so the three figures agree with each other.
    need_shown, left_shown = _tenths_up(need), _tenths_down(left)
    over = round(need_shown - left_shown, 1)
    fix = "shorten the video" if meter == "video" else "use a shorter recording"
    return (f"This needs about {need_shown:.1f} {meter} minutes but the account has {left_shown:.1f} left this "
            f"billing term ({over:.1f} over). Ask an admin to add minutes, or {fix}.")


def _left(row: QuotaSnapshot, meter: str) -> tuple[float, float]:
    """(limit, minutes left) of a meter; a limit of 0 means none."""
    limit = getattr(row, f"{meter}_minutes_limit")
    return limit, max(0.0, limit - getattr(row, f"{meter}_minutes_used"))


def quota_shortfall(*, video_minutes: float = 0, transcription_minutes: float = 0) -> str:
    """"" when the minutes asked fit in what the account has left; otherwise a sentence saying by how much.

    A missing or stale reading is refreshed first, and a refusal always rests on a recent read.
    When the quota cannot be read the answer is "": the studio does not block what it cannot check.
    """
    meter, need = ("video", video_minutes) if video_minutes > 0 else ("transcription", transcription_minutes)
    if need <= 0:
        return ""
    snapshot = quota_current()
    fresh = snapshot is not None and _age(snapshot.fetched_at) < QUOTA_STALE_SECONDS

    def fits(row: QuotaSnapshot) -> bool:
        limit, left = _left(row, meter)
        return limit <= 0 or need <= left

    if fresh and (fits(snapshot) or _age(snapshot.fetched_at) < QUOTA_RECHECK_SECONDS):
        return "" if fits(snapshot) else _shortfall_text(need, _left(snapshot, meter)[1], meter)
    if snapshot is not None and snapshot.problem and _age(snapshot.problem_at) < QUOTA_RETRY_SECONDS:
        return ""  # Pictory failed to answer a moment ago: do not make every click wait on it again
    snapshot = quota_refresh()
    if snapshot.problem or snapshot.fetched_at is None or fits(snapshot):
        return ""
    return _shortfall_text(need, _left(snapshot, meter)[1], meter)


@dataclass(frozen=True)
class Connection:
    """How the studio talks to Pictory, for the account page: never a secret."""

    mode: str
    label: str
    details: str
    address: str


def account_connection() -> Connection:
    mode = pictory_mode()
    return Connection(mode=mode, label=MODE_LABELS.get(mode, mode), details=MODE_DETAILS.get(mode, ""),
                      address=config_from_settings().base_url)
