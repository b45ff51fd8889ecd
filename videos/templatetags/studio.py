"""Small display helpers for the studio's templates."""
import datetime

from django import template
from django.utils.timesince import timesince, timeuntil
from django.utils.timezone import is_aware

from videos.services.checks import is_valid_color
from videos.services.estimates import format_seconds

register = template.Library()

NEUTRAL_BACKDROP = "linear-gradient(135deg, #c7d2fe, #e0e7ff)"


@register.filter
def duration(seconds) -> str:
    """Seconds as m:ss; a dash when unknown."""
    if seconds in (None, ""):
        return "—"
    try:
        return format_seconds(float(seconds))
    except (TypeError, ValueError):
        return "—"


@register.filter
def safe_color(value) -> str:
    """A CSS background for a swatch: the colour when it is one, else a neutral backdrop.

    Only validated colours reach the style attribute, so user text can never inject CSS.
    """
    text = str(value or "").strip()
    return text if text and is_valid_color(text) else NEUTRAL_BACKDROP


@register.filter
def problem(row, field: str) -> str:
    return row.problem_for(field)


@register.filter
def project_problem(storyboard, field: str) -> str:
    return storyboard.problem_for(field) if storyboard else ""


@register.filter
def scene_number(storyboard, scene_id) -> int | str:
    for row in storyboard.rows:
        if row.scene.pk == scene_id:
            return row.number
    return "?"


@register.filter
def review_label(status: str) -> str:
    from videos.models import ReviewStatus

    return ReviewStatus(status).label if status in ReviewStatus.values else status


@register.filter
def pair(first, second) -> list:
    return [first, second]


@register.filter
def visual(scene: dict) -> str:
    from videos.services.diff import visual_label

    return visual_label(scene or {})


@register.filter
def timecode(seconds) -> str:
    """A moment in a video as m:ss, counted down like a player's clock (2.9 s is 0:02)."""
    if seconds in (None, ""):
        return ""
    total = int(float(seconds))
    return f"{total // 60}:{total % 60:02d}"


@register.filter
def ago(moment) -> str:
    """How long ago a moment was: "just now" within a minute, else e.g. "5 minutes ago".

    A moment ahead of the clock (another server's clock, a scheduled time) reads "in 5 minutes".
    """
    if not isinstance(moment, datetime.datetime):
        return ""
    now = datetime.datetime.now(datetime.UTC if is_aware(moment) else None)
    seconds = (now - moment).total_seconds()
    if abs(seconds) < 60:
        return "just now"
    if seconds < 0:
        return f"in {timeuntil(moment, now)}"
    return f"{timesince(moment, now)} ago"
