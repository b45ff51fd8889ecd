"""`{% media_picker name="logo" kind="image" selected=… label="…" %}`: a select of ready assets plus an uploader.

Also the small filters the media cards use (`media_format`, `media_duration`).
"""
from django import template

from videos.models import MediaAsset, MediaStatus
from videos.permissions import Action, role_allows
from videos.services.media import TYPES, accept_attribute, allowed_types_text, media_assets_ready

register = template.Library()
PICKER_LIMIT = 200


@register.inclusion_tag("videos/includes/media_picker.html", takes_context=True)
def media_picker(context, *, name: str, kind: str, selected="", label: str = ""):
    request = context.get("request")
    user = getattr(request, "user", None)
    selected = str(selected or "")
    assets = list(media_assets_ready(kinds=[kind]).only("id", "name", "url", "kind")[:PICKER_LIMIT])
    if selected.isdigit() and all(str(asset.pk) != selected for asset in assets):
        # An older choice beyond the list's length still shows as chosen.
        assets += list(MediaAsset.objects.filter(pk=selected, kind=kind, status=MediaStatus.READY)
                       .only("id", "name", "url", "kind"))
    return {
        "name": name, "kind": kind, "label": label or name, "selected": selected, "assets": assets,
        "can_upload": user is not None and role_allows(user, Action.MANAGE_MEDIA),
        "accept": accept_attribute(kind), "types": allowed_types_text(kind),
    }


@register.filter
def media_format(asset) -> str:
    """The file's format as people name it: PNG, MP3, TTF…"""
    content_type = getattr(asset, "content_type", "")
    if content_type not in TYPES:
        return content_type.rpartition("/")[2].upper()
    _, formats, extensions = TYPES[content_type]
    return (extensions[0] if extensions else formats[0]).lstrip(".").upper()


@register.filter
def media_duration(seconds) -> str:
    """12.4 → 0:12, 3725 → 1:02:05."""
    try:
        total = int(round(float(seconds)))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
