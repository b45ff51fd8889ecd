"""`{% media_picker name="logo" kind="image" selected=… label="…" %}`: a select of ready assets plus an uploader."""
from django import template

from videos.services.media import media_assets_ready

register = template.Library()


@register.inclusion_tag("videos/includes/media_picker.html", takes_context=True)
def media_picker(context, *, name: str, kind: str, selected="", label: str = ""):
    from videos.permissions import Action, role_allows

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "name": name, "kind": kind, "label": label or name, "selected": str(selected or ""),
        "assets": list(media_assets_ready(kinds=[kind]).only("id", "name", "url", "kind")[:200]),
        "can_upload": user is not None and role_allows(user, Action.MANAGE_MEDIA),
        "accept": {"image": "image/png,image/jpeg,image/webp,image/gif", "font": ".ttf,.otf,.woff2",
                   "audio": "audio/mpeg,audio/wav,audio/mp4,.m4a", "video": "video/mp4,video/quicktime,video/webm"
                   }.get(kind, ""),
    }
