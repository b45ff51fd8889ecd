"""The storyboard checked against Pictory's rules before anything is sent.

Each problem names the scene and field it belongs to, so the page can show it in place.
Pictory's own 400 answers are mapped onto the same places (see `problems_from_pictory_fields`).
"""
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from videos.models import AspectRatio, Language, Transition, VisualKind

STORY_MAX_CHARS = 15_000
SPEED_RANGE = (50, 200)
MIN_DURATION_RANGE = (0.5, 600.0)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_RGB = re.compile(r"^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$")
_RGBA = re.compile(r"^rgba\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*(?:0|1|0?\.\d+|1\.0+)\s*\)$")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    scene_id: int | None = None  # None: a project-level setting


def is_valid_color(value: str) -> bool:
    value = value.strip()
    if _HEX.match(value):
        return True
    match = _RGB.match(value) or _RGBA.match(value)
    if not match:
        return False
    channels = re.findall(r"\d{1,3}(?=\s*[,)])", value.split("(", 1)[1])[:3]
    return all(int(c) <= 255 for c in channels)


def _scene_problems(scene) -> list[Problem]:
    found: list[Problem] = []

    def add(field: str, message: str) -> None:
        found.append(Problem(field=field, message=message, scene_id=scene.pk))

    narration = scene.narration.strip()
    if not narration:
        add("narration", "Write the narration for this scene: Pictory needs text to voice and subtitle.")
    elif len(scene.narration) > STORY_MAX_CHARS:
        add(
            "narration",
            f"Narration is {len(scene.narration):,} characters; Pictory accepts at most "
            f"{STORY_MAX_CHARS:,}. Split it into more scenes.",
        )
    if scene.visual_kind == VisualKind.COLOR:
        if not scene.visual_color.strip():
            add("visual_color", "Pick a colour, e.g. #1F3A5F.")
        elif not is_valid_color(scene.visual_color):
            add(
                "visual_color",
                f"“{scene.visual_color}” is not a colour Pictory understands. "
                "Use #RGB, #RRGGBB, #RRGGBBAA, rgb(…) or rgba(…).",
            )
    elif scene.visual_kind == VisualKind.MEDIA:
        parsed = urlparse(scene.visual_url.strip())
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            add("visual_url", "Give a full http(s) address of an image or video, e.g. https://…/clip.mp4.")
    elif not scene.visual_query.strip():
        add("visual_query", "Describe the stock footage to search for, e.g. “city skyline at dusk”.")
    if scene.transition not in Transition.values:
        add("transition", "Choose one of the listed transitions.")
    if scene.minimum_duration is not None:
        low, high = MIN_DURATION_RANGE
        if not low <= scene.minimum_duration <= high:
            add("minimum_duration", f"Minimum duration must be between {low:g} and {high:g} seconds.")
    return found


def storyboard_problems(*, project, scenes, voice_names: set[str] | None) -> list[Problem]:
    """Everything that would make Pictory refuse or fail this storyboard.

    `voice_names` is the lower-cased set of voices Pictory offers, or None when the list could
    not be fetched (then the voice is left for Pictory to judge). `scenes` is None for a video
    that is not made of scenes (a highlight cut): only the project's settings are checked.
    """
    found: list[Problem] = []
    if not project.title.strip():
        found.append(Problem("title", "Give the video a name."))
    if project.aspect_ratio not in AspectRatio.values:
        found.append(Problem("aspect_ratio", "Choose 16:9, 9:16, 1:1 or 4:5."))
    if project.language not in Language.values:
        found.append(Problem("language", "Choose one of the listed languages."))
    if voice_names is not None and project.voice_speaker.strip().lower() not in voice_names:
        found.append(
            Problem("voice_speaker", f"Pictory has no voice called “{project.voice_speaker}”. Pick one from the list.")
        )
    low, high = SPEED_RANGE
    if not low <= project.voice_speed <= high:
        found.append(Problem("voice_speed", f"Voice speed must be between {low} and {high}."))
    if not 0 <= project.music_volume <= 1:
        found.append(Problem("music_volume", "Music volume must be between 0 and 1."))
    if project.brand_id:
        found.extend(brand_problems(project.brand))
    if scenes is None:
        return found
    if not scenes:
        found.append(Problem("scenes", "Add at least one scene before previewing or rendering."))
    for scene in scenes:
        found.extend(_scene_problems(scene))
    return found


def brand_problems(brand) -> list[Problem]:
    """What in the project's brand kit Pictory would refuse (contract §6.1, §6.4, §6.5, §8.3)."""
    from videos.services.brand_payload import font_url, is_pictory_font, logo_url

    found: list[Problem] = []

    def add(message: str) -> None:
        found.append(Problem("brand", f"Brand kit “{brand.name}”: {message}"))

    family = brand.font_family.strip()
    if family and not is_pictory_font(family) and not font_url(brand):
        add(f"Pictory does not know the font “{family}”. Pick one of Pictory's fonts, or give the kit a font "
            "file, then render again.")
    for label, value in (("primary colour", brand.primary_color), ("secondary colour", brand.secondary_color)):
        if not is_valid_color(value):
            add(f"the {label} “{value}” is not a colour Pictory understands; an admin should fix the kit.")
    url = logo_url(brand)
    if url and urlparse(url).scheme not in {"http", "https"}:
        add("the logo address must start with http:// or https://.")
    if not 1 <= brand.logo_width <= 100:
        add("the logo width must be between 1 and 100 percent.")
    if brand.subtitle_style_id and brand.subtitle_style_name:
        add("name the subtitle style by its id or by its name, not both.")
    return found


# Pictory's field paths -> our scene fields and project settings.
_SCENE_FIELD_MAP = {
    "story": "narration",
    "background.color": "visual_color",
    "background.visualUrl": "visual_url",
    "background.searchFilter.query": "visual_query",
    "background.searchFilter": "visual_query",
    "background": "visual_query",
    "sceneTransition": "transition",
    "minimumDuration": "minimum_duration",
    "hideSubtitles": "hide_subtitles",
}
_PROJECT_FIELD_MAP = {
    "videoName": "title",
    "aspectRatio": "aspect_ratio",
    "language": "language",
    "scenes": "scenes",
    "voiceOver": "voice_speaker",
    "backgroundMusic.volume": "music_volume",
    "backgroundMusic": "music_volume",
    "brandId": "brand",
    "brandName": "brand",
    "subtitleStyle": "brand",
    "awsConnectionId": "aws_connection_id",
}
_SCENE_PATH = re.compile(r"^scenes\[(\d+)\]\.?(.*)$")


def problems_from_pictory_fields(*, fields: list[dict], scene_ids: list[int]) -> list[Problem]:
    """Map a 400's `fields[]` (name + messages) onto the scenes and settings they belong to."""
    found: list[Problem] = []
    for item in fields:
        name = str(item.get("name", ""))
        message = "; ".join(item.get("messages") or []) or "Pictory rejected this value."
        match = _SCENE_PATH.match(name)
        if match:
            index, rest = int(match.group(1)), match.group(2)
            scene_id = scene_ids[index] if index < len(scene_ids) else None
            field = next((ours for theirs, ours in _SCENE_FIELD_MAP.items() if rest.startswith(theirs)), "narration")
            found.append(Problem(field=field, message=message, scene_id=scene_id))
            continue
        if ".speed" in name:
            found.append(Problem(field="voice_speed", message=message))
            continue
        field = next((ours for theirs, ours in _PROJECT_FIELD_MAP.items() if name.startswith(theirs)), "general")
        found.append(Problem(field=field, message=message))
    return found
