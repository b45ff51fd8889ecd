"""The storyboard body sent to Pictory (`POST /v2/video/storyboard[/render]`, contract §6)."""
from urllib.parse import urlparse

from videos.models import VisualKind
from videos.services.brand_payload import brand_fields, with_scene_logo

_VIDEO_EXTENSIONS = (".mp4", ".mov", ".webm", ".m4v", ".avi")


def _background(scene) -> dict:
    if scene.visual_kind == VisualKind.COLOR:
        return {"color": scene.visual_color.strip()}
    if scene.visual_kind == VisualKind.MEDIA:
        url = scene.visual_url.strip()
        is_video = urlparse(url).path.lower().endswith(_VIDEO_EXTENSIONS)
        return {"visualUrl": url, "type": "video" if is_video else "image"}
    return {"searchFilter": {"query": scene.visual_query.strip()}}


def scene_body(scene) -> dict:
    body: dict = {
        "story": scene.narration.strip(),
        "sceneTransition": scene.transition,
        "background": _background(scene),
    }
    if scene.minimum_duration:
        body["minimumDuration"] = scene.minimum_duration
    if scene.hide_subtitles:
        body["hideSubtitles"] = True
    return body


def storyboard_body(*, project, scenes) -> dict:
    """The part of the request that describes the video; stable for equal storyboards.

    Music volume is always sent: Pictory plays music at full volume when it is omitted.
    """
    brand = project.brand if project.brand_id else None
    body: dict = {
        "videoName": project.title.strip(),
        "aspectRatio": project.aspect_ratio,
        "language": project.language,
        "voiceOver": {
            "enabled": True,
            "aiVoices": [{"speaker": project.voice_speaker, "speed": project.voice_speed}],
        },
        "backgroundMusic": (
            {"enabled": True, "autoMusic": True, "volume": round(project.music_volume, 3)}
            if project.music_enabled
            else {"enabled": False, "volume": 0}
        ),
        "scenes": [with_scene_logo(scene_body(scene), brand) for scene in scenes],
    }
    if project.aws_connection_id:
        body["awsConnectionId"] = project.aws_connection_id
    body.update(brand_fields(brand))
    return body
