"""Reading `.pictai` project files (the JSON the Pictory web app exports) into template data.

What a template keeps of a project:

* name: `projectName`, else `title`;
* language: `scriptLanguage` reduced to its primary subtag ("en-US" → "en") when it is one
  of the script languages, else "en";
* aspect ratio: from `aspectRatio`, `aspectRatioClass` ("sixteen-nine"), `aspectRatioValue`
  ("facebook-newsfeed-16-9"), `aspectRatioFractionValue` (1.777…) or `videoResolution`
  ("1920x1080"), the first that says something, snapped to the nearest supported ratio;
  16:9 when none does;
* scenes: `sceneId` (stringified; the scene's position when missing), subtitles = each
  `lines[].text` (or the line's `html` without tags), else the scene's `sentence` without
  tags; the background visual from `image` (with `imageMetadata.media_type`) or `backColor`;
* audio: music URL and volume (0–1), and the voice (`speaker` name, speed).

Anything that is not such a project is refused with InvalidProjectFile, whose message says
what is wrong in words a person can act on.
"""

import html
import json
import math
import re
from dataclasses import dataclass, field

from . import enums
from .colors import parse_color

KB = 1024
MB = 1024 * 1024
DEFAULT_ASPECT_RATIO = "16:9"
DEFAULT_LANGUAGE = "en"
RATIOS = {"16:9": 16 / 9, "9:16": 9 / 16, "1:1": 1.0, "4:5": 4 / 5}
NAME_LIMIT = 500
VIDEO_EXTENSIONS = (".mp4", ".mov", ".webm", ".m4v", ".mkv", ".avi")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "sixteen": 16,
}  # fmt: skip
_RATIO_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*[-:x×/]\s*(\d+(?:\.\d+)?)\s*p?$", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_URL = re.compile(r"^https?://\S+$")


class InvalidProjectFile(Exception):
    """The upload is not a Pictory project the sandbox can turn into a template."""


@dataclass
class ParsedProject:
    name: str
    language: str
    aspect_ratio: str
    scenes: list[dict] = field(default_factory=list)  # {sceneId, subtitles: [str], backgroundVisual}
    audio: dict = field(default_factory=dict)


def size_text(size: int) -> str:
    """A byte count for people: "6.2 MB", "512 KB", "900 bytes"."""
    if size >= MB:
        value, unit = size / MB, "MB"
    elif size >= KB:
        value, unit = size / KB, "KB"
    else:
        return f"{size} bytes"
    return f"{value:.1f}".rstrip("0").rstrip(".") + f" {unit}"


def too_big_message(size: int, limit: int) -> str:
    shown, cap = size_text(size), size_text(limit)
    if shown == cap:  # rounding would make them look equal
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    return f"The project file is {shown}; the limit is {cap}."


def clean_text(value) -> str:
    """Plain text with runs of whitespace (including non-breaking spaces) made single spaces."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def strip_html(value) -> str:
    if not isinstance(value, str):
        return ""
    return clean_text(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", value))))


def _json_kind(value) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def _load(data: bytes):
    if not data.strip():
        raise InvalidProjectFile("The project file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidProjectFile(
            "The project file is not UTF-8 text: upload the .pictai file exported from Pictory "
            "as raw bytes (Content-Type: application/octet-stream)."
        ) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidProjectFile(
            f"The project file is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); a .pictai file is the JSON project Pictory exports."
        ) from error
    except RecursionError as error:
        raise InvalidProjectFile("The project file is not valid JSON (nested too deeply).") from error


def _scene_subtitles(scene: dict) -> list[str]:
    subtitles = []
    lines = scene.get("lines")
    if isinstance(lines, list):
        for line in lines:
            if isinstance(line, dict):
                text = clean_text(line.get("text")) or strip_html(line.get("html"))
            else:
                text = clean_text(line)
            if text:
                subtitles.append(text)
    if not subtitles:
        sentence = strip_html(scene.get("sentence"))
        if sentence:
            subtitles.append(sentence)
    return subtitles


def _media_type(scene: dict, url: str) -> str:
    metadata = scene.get("imageMetadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            metadata = None
    kind = metadata.get("media_type") if isinstance(metadata, dict) else None
    if kind in enums.MEDIA_TYPES:
        return kind
    path = url.split("?", 1)[0].lower()
    return "video" if path.endswith(VIDEO_EXTENSIONS) else "image"


def _background_visual(scene: dict) -> dict:
    for key in ("image", "visualUrl", "url"):
        url = scene.get(key)
        if isinstance(url, str) and _URL.match(url.strip()):
            url = url.strip()
            return {"visualUrl": url, "type": _media_type(scene, url)}
    color = scene.get("backColor")
    if parse_color(color):
        return {"color": color.strip()}
    return {}


def _scene_id(scene: dict, index: int) -> str:
    value = scene.get("sceneId")
    if value is None or isinstance(value, dict | list) or str(value).strip() == "":
        return str(index + 1)
    return str(value).strip()


def _fraction_from_text(text) -> float | None:
    if not isinstance(text, str):
        return None
    words = text.strip().lower().replace("_", "-").split("-")
    if len(words) >= 2 and all(word in _NUMBER_WORDS for word in words[-2:]):
        return _NUMBER_WORDS[words[-2]] / _NUMBER_WORDS[words[-1]]
    match = _RATIO_TEXT.search(text.strip())
    if match:
        width, height = float(match.group(1)), float(match.group(2))
        if width > 0 and height > 0:
            return width / height
    return None


def _aspect_ratio(project: dict) -> str:
    candidates = [
        _fraction_from_text(project.get("aspectRatio")),
        _fraction_from_text(project.get("aspectRatioClass")),
        _fraction_from_text(project.get("aspectRatioValue")),
    ]
    fraction = project.get("aspectRatioFractionValue")
    if isinstance(fraction, int | float) and not isinstance(fraction, bool) and fraction > 0:
        candidates.append(float(fraction))
    candidates.append(_fraction_from_text(project.get("videoResolution")))
    for candidate in candidates:
        if candidate:
            return min(RATIOS, key=lambda name: abs(math.log(RATIOS[name] / candidate)))
    return DEFAULT_ASPECT_RATIO


def _language(project: dict) -> str:
    raw = project.get("scriptLanguage") or project.get("language")
    if not isinstance(raw, str):
        return DEFAULT_LANGUAGE
    code = re.split(r"[-_]", raw.strip().lower(), maxsplit=1)[0]
    return code if code in enums.LANGUAGES else DEFAULT_LANGUAGE


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _audio(project: dict) -> dict:
    source = project.get("audio") if isinstance(project.get("audio"), dict) else {}
    audio = {}
    music_url = source.get("musicUrl") or source.get("selectedTrackUrl")
    if isinstance(music_url, str) and _URL.match(music_url.strip()):
        audio["musicUrl"] = music_url.strip()
    volume = _number(source.get("musicVolume"))
    if volume is None:
        volume = _number(project.get("bgMusicVolPercent"))
    if volume is not None:
        volume = volume / 100 if volume > 1 else volume  # percent in some files, 0–1 in others
        audio["musicVolume"] = round(min(1.0, max(0.0, volume)), 3)
    given = source.get("aiVoice") if isinstance(source.get("aiVoice"), dict) else {}
    speaker = given.get("speaker")
    if not (isinstance(speaker, str | int) and not isinstance(speaker, bool) and str(speaker).strip()):
        track = source.get("selectedVoiceOverTrack")  # e.g. "Adam, male"
        speaker = track.split(",")[0].strip() if isinstance(track, str) and track.strip() else None
    voice_id = given.get("voiceId") or source.get("selectedVoiceOverTrackId")
    voice = {}
    if speaker is not None:
        voice["speaker"] = speaker
    elif isinstance(voice_id, str | int) and not isinstance(voice_id, bool):
        voice["voiceId"] = voice_id
    if voice:
        speed = _number(given.get("speed"))
        if speed is None:
            speed = _number(source.get("voiceOverTextSpeed"))
        if speed is not None:
            voice["speed"] = int(speed) if speed.is_integer() else speed
        amplify = _number(given.get("amplifyLevel"))
        if amplify is not None:
            voice["amplifyLevel"] = amplify
        audio["aiVoice"] = voice
    return audio


def _name(project: dict) -> str:
    for key in ("projectName", "title"):
        name = clean_text(project.get(key))
        if name:
            return name[:NAME_LIMIT]
    return "Untitled project"


def parse(data: bytes) -> ParsedProject:
    """The template data of a project file, or InvalidProjectFile saying what is wrong."""
    project = _load(data)
    if not isinstance(project, dict):
        raise InvalidProjectFile(
            "The project file is not a Pictory project: expected a JSON object with a "
            f'"scenes" list, got {_json_kind(project)}.'
        )
    scenes = project.get("scenes")
    if scenes is None:
        raise InvalidProjectFile('The project file is not a Pictory project: it has no "scenes" list.')
    if not isinstance(scenes, list):
        raise InvalidProjectFile(
            f'The project file is not a Pictory project: its "scenes" is {_json_kind(scenes)}, not a list.'
        )
    if not scenes:
        raise InvalidProjectFile("The project has no scenes; a template needs at least one.")
    parsed_scenes = []
    for index, scene in enumerate(scenes):
        if not isinstance(scene, dict):
            raise InvalidProjectFile(f"Scene {index + 1} of the project is {_json_kind(scene)}, not an object.")
        parsed_scenes.append(
            {
                "sceneId": _scene_id(scene, index),
                "subtitles": _scene_subtitles(scene),
                "backgroundVisual": _background_visual(scene),
            }
        )
    if not any(scene["subtitles"] for scene in parsed_scenes):
        count = len(parsed_scenes)
        which = "The project's only scene has no" if count == 1 else f"None of the project's {count} scenes has any"
        raise InvalidProjectFile(
            f"{which} text (lines[].text or sentence); a template needs scene text to fill in."
        )
    return ParsedProject(
        name=_name(project),
        language=_language(project),
        aspect_ratio=_aspect_ratio(project),
        scenes=parsed_scenes,
        audio=_audio(project),
    )
