"""Templates (contract §5.3, §11.3, §11.4): storing uploaded projects, their JSON bodies, scene
updates, and turning a template plus variable values into a storyboard.

Variables are `{{name}}` placeholders in scene text; names start with a letter or underscore,
may contain letters, digits, spaces, `_`, `.` and `-`, are trimmed and case-sensitive. A
placeholder with no value given stays in the text as written (`{{name}}`).
"""

import json
import re
import secrets
import string

from django.utils import timezone

from . import enums, voices
from .fields import Anything, Arr, FieldErrors, Obj, Str, join
from .models import SandboxTemplate
from .pictai import ParsedProject

VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_ .-]*?)\s*\}\}")
ID_LETTERS = 16
SCHEMA_VERSION = "v2"
SPEED_RANGE = (50, 200)


# --- variables -------------------------------------------------------------------------------


def variable_names(text: str) -> list[str]:
    return [match.group(1).strip() for match in VARIABLE.finditer(text)]


def extract_variables(texts) -> dict[str, str]:
    """name → default value (the name itself), in order of first appearance."""
    found: dict[str, str] = {}
    for text in texts:
        for name in variable_names(text):
            found.setdefault(name, name)
    return found


def _value_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def substitute(text: str, variables: dict) -> str:
    """Fill {{name}} placeholders from `variables`; ones without a value stay as written."""

    def replace(match):
        value = _value_text(variables.get(match.group(1).strip()))
        return match.group(0) if value is None else value

    return VARIABLE.sub(replace, text)


# --- storing ---------------------------------------------------------------------------------


def scene_text(scene: dict) -> str:
    return " ".join(text for text in scene.get("subtitles") or [] if text)


def new_template_id(now) -> str:
    """A timestamp-prefixed id like the service's: 17 digits (to the millisecond) + letters."""
    stamp = now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"
    return stamp + "".join(secrets.choice(string.ascii_letters) for _ in range(ID_LETTERS))


def create(project: ParsedProject, account: str, file_size: int) -> SandboxTemplate:
    now = timezone.now()
    return SandboxTemplate.objects.create(
        template_id=new_template_id(now),
        account=account,
        name=project.name,
        language=project.language,
        aspect_ratio=project.aspect_ratio,
        scenes=project.scenes,
        variables=extract_variables(scene_text(scene) for scene in project.scenes),
        audio=project.audio,
        file_size=file_size,
        created_at=now,
        updated_at=now,
    )


# --- bodies ----------------------------------------------------------------------------------


def _scene_body(scene: dict) -> dict:
    return {
        "sceneId": scene["sceneId"],
        "subtitles": [{"text": text} for text in scene.get("subtitles") or []],
        "backgroundVisual": dict(scene.get("backgroundVisual") or {}),
    }


def template_object(template: SandboxTemplate) -> dict:
    """The bare template object answered by POST /v1/templates."""
    return {
        **list_item(template),
        "aspectRatio": template.aspect_ratio,
        "scenes": [_scene_body(scene) for scene in template.scenes],
        "variables": dict(template.variables),
        "audio": dict(template.audio or {}),
        "schemaVersion": SCHEMA_VERSION,
    }


def template_detail(template: SandboxTemplate) -> dict:
    """GET /v1/templates/{id}: the same object, plus the get-by-id spelling `depricated` and the
    newer `backgroundMusic` / `voiceOver` views of the audio settings."""
    body = template_object(template)
    body["depricated"] = template.deprecated
    audio = template.audio or {}
    music = {"enabled": bool(audio.get("musicUrl"))}
    if audio.get("musicUrl"):
        music["musicUrl"] = audio["musicUrl"]
    if "musicVolume" in audio:
        music["volume"] = audio["musicVolume"]
    body["backgroundMusic"] = music
    ai_voice = audio.get("aiVoice") or {}
    voice_over = {"enabled": bool(ai_voice)}
    if ai_voice:
        voice = {"speaker": ai_voice.get("speaker", ai_voice.get("voiceId"))}
        if "speed" in ai_voice:
            voice["speed"] = ai_voice["speed"]
        if "amplifyLevel" in ai_voice:
            voice["amplificationLevel"] = ai_voice["amplifyLevel"]
        voice_over["aiVoices"] = [voice]
    body["voiceOver"] = voice_over
    return body


def list_item(template: SandboxTemplate) -> dict:
    """One entry of GET /v1/templates (and the head of the full object)."""
    return {
        "templateId": template.template_id,
        "name": template.name,
        "language": template.language,
        "published": template.published,
        "deprecated": template.deprecated,
    }


# --- updating (PUT /v1/templates/{id}) ---------------------------------------------------------

_SCENE_ID = Anything((str, int), "a string or a number")
_UPDATE_BODY = Obj(
    {
        "scenes": Arr(
            Obj(
                {
                    "sceneId": _SCENE_ID,
                    "subtitles": Arr(Obj({"text": Str(max_length=15000)}, required=("text",)), min_items=1),
                    "backgroundVisual": Obj(
                        {"visualUrl": Str(url=True), "type": Str(choices=enums.MEDIA_TYPES)},
                        required=("visualUrl",),
                    ),
                },
                required=("sceneId",),
            ),
            min_items=1,
        )
    },
    required=("scenes",),
)


def update(template: SandboxTemplate, body) -> list[dict]:
    """Apply a PUT body to the template; return the field errors (nothing is saved then)."""
    errors = FieldErrors()
    if not isinstance(body, dict):
        errors.add("body", "must be a JSON object")
        return errors.items
    cleaned = _UPDATE_BODY.clean(body, "", errors)
    if errors:
        return errors.items
    scenes = [dict(scene) for scene in template.scenes]
    by_id = {scene["sceneId"]: scene for scene in scenes}
    for index, change in enumerate(cleaned["scenes"]):
        path = join("scenes", index)
        raw_id = change["sceneId"]
        scene = None if isinstance(raw_id, bool) else by_id.get(str(raw_id).strip())
        if scene is None:
            errors.add(join(path, "sceneId"), f"no scene with id '{raw_id}' in template {template.template_id}")
            continue
        if "subtitles" in change:
            texts = [" ".join(item["text"].split()) for item in change["subtitles"]]
            if not any(texts):
                errors.add(join(path, "subtitles"), "must contain some text")
                continue
            scene["subtitles"] = [text for text in texts if text]
        if "backgroundVisual" in change:
            visual = change["backgroundVisual"]
            scene["backgroundVisual"] = {"visualUrl": visual["visualUrl"], "type": visual.get("type", "image")}
    if errors:
        return errors.items
    template.scenes = scenes
    template.variables = extract_variables(scene_text(scene) for scene in scenes)
    template.updated_at = timezone.now()
    template.save(update_fields=["scenes", "variables", "updated_at"])
    return []


# --- storyboards from templates ----------------------------------------------------------------


def find_for(template_id, account: str) -> tuple[SandboxTemplate | None, str]:
    """The caller's template, or (None, why not) for a templateId fields[] entry."""
    template = SandboxTemplate.objects.filter(template_id=str(template_id)).first()
    if template is None:
        return None, f"no template with id '{template_id}'"
    if template.account != account:
        return None, f"template '{template_id}' belongs to another account"
    return template, ""


def _story_scene(text: str, visual: dict) -> dict:
    scene = {"story": text} if text else {}
    if visual.get("visualUrl"):
        scene["background"] = {"visualUrl": visual["visualUrl"], "type": visual.get("type", "image")}
    elif visual.get("color"):
        scene["background"] = {"color": visual["color"]}
    return scene


def template_scenes(template: SandboxTemplate, variables: dict) -> list[dict]:
    """The template's scenes as storyboard scenes, variables filled in."""
    return [
        _story_scene(substitute(scene_text(scene), variables), scene.get("backgroundVisual") or {})
        for scene in template.scenes
    ]


def voice_over(template: SandboxTemplate) -> dict:
    """The template's voice when the sandbox knows it; else the language's default narrator."""
    ai_voice = (template.audio or {}).get("aiVoice") or {}
    speaker = ai_voice.get("speaker", ai_voice.get("voiceId"))
    if speaker in (None, "") or voices.resolve_speaker(speaker) is None:
        return {"enabled": True}
    voice = {"speaker": speaker}
    speed = ai_voice.get("speed")
    if isinstance(speed, int | float) and not isinstance(speed, bool):
        low, high = SPEED_RANGE
        voice["speed"] = min(high, max(low, speed))
    return {"enabled": True, "aiVoices": [voice]}


def resolve(storyboard: dict, template: SandboxTemplate) -> dict:
    """A validated storyboard naming `template`, with the template filled in.

    The template's scenes (variables substituted) unless the body brings its own scenes, whose
    stories get the same substitution; aspect ratio, language, voice and music from the
    template wherever the body does not set them.
    """
    variables = storyboard.get("variables") or {}
    resolved = dict(storyboard)
    if storyboard.get("scenes"):
        resolved["scenes"] = [
            {**scene, "story": substitute(scene["story"], variables)} if "story" in scene else scene
            for scene in storyboard["scenes"]
        ]
    else:
        resolved["scenes"] = template_scenes(template, variables)
    if "aspectRatio" not in storyboard and "videoWidth" not in storyboard:
        resolved["aspectRatio"] = template.aspect_ratio
    resolved.setdefault("language", template.language)
    if "voiceOver" not in storyboard:
        resolved["voiceOver"] = voice_over(template)
    audio = template.audio or {}
    if "backgroundMusic" not in storyboard and audio.get("musicUrl"):
        resolved["backgroundMusic"] = {
            "enabled": True,
            "musicUrl": audio["musicUrl"],
            "volume": audio.get("musicVolume", 1.0),
        }
    return resolved


def apply_to_storyboard(storyboard: dict, errors: list[dict], account: str) -> tuple[dict, list[dict]]:
    """For POST /v2/video/storyboard[/render]: fill in the template a validated body names.

    `errors` are the body's field errors so far; the templateId entry (unknown template, or
    another account's) is added to them, and nothing is filled in while there are any.
    """
    template_id = storyboard.get("templateId")
    if not isinstance(template_id, str):
        return storyboard, errors
    template, problem = find_for(template_id, account)
    if template is None:
        return storyboard, [*errors, {"name": "templateId", "errors": problem}]
    if errors:
        return storyboard, errors
    return resolve(storyboard, template), []


# --- legacy POST /v1/video/from-template -------------------------------------------------------


def _check_anchor(scene, path, errors):
    anchors = [key for key in ("insertBeforeSceneId", "insertAfterSceneId") if key in scene]
    if len(anchors) != 1:
        errors.add(path, "needs exactly one of insertBeforeSceneId, insertAfterSceneId")


_FROM_TEMPLATE_BODY = Obj(
    {
        "templateId": Str(max_length=200),
        "variables": Anything(dict, "an object"),
        "videoName": Str(max_length=500),
        "webhook": Str(max_length=500, url=True),
        "webhookInput": Anything(dict, "an object"),
        "scenes": Arr(
            Obj(
                {
                    "insertBeforeSceneId": _SCENE_ID,
                    "insertAfterSceneId": _SCENE_ID,
                    "text": Str(max_length=15000),
                },
                required=("text",),
                checks=[_check_anchor],
            )
        ),
    },
    required=("templateId",),
)


def _insert_scenes(template: SandboxTemplate, inserts: list[dict], variables: dict, errors: FieldErrors):
    """Template scenes with the body's extra scenes placed before/after their anchor scenes."""
    before: dict[str, list[dict]] = {}
    after: dict[str, list[dict]] = {}
    known = {scene["sceneId"] for scene in template.scenes}
    for index, insert in enumerate(inserts):
        key = "insertBeforeSceneId" if "insertBeforeSceneId" in insert else "insertAfterSceneId"
        anchor = str(insert[key]).strip()
        if anchor not in known:
            errors.add(join(join("scenes", index), key), f"no scene with id '{insert[key]}' in the template")
            continue
        target = before if key == "insertBeforeSceneId" else after
        target.setdefault(anchor, []).append(_story_scene(substitute(insert["text"], variables), {}))
    scenes = []
    for scene, story_scene in zip(template.scenes, template_scenes(template, variables), strict=True):
        scenes += before.get(scene["sceneId"], []) + [story_scene] + after.get(scene["sceneId"], [])
    return scenes


def legacy_storyboard(body, account: str) -> tuple[dict, list[dict]]:
    """The preview storyboard for a from-template body, or the field errors."""
    errors = FieldErrors()
    if not isinstance(body, dict):
        errors.add("body", "must be a JSON object")
        return {}, errors.items
    cleaned = _FROM_TEMPLATE_BODY.clean(body, "", errors)
    if errors:
        return {}, errors.items
    template, problem = find_for(cleaned["templateId"], account)
    if template is None:
        return {}, [{"name": "templateId", "errors": problem}]
    variables = cleaned.get("variables") or {}
    scenes = _insert_scenes(template, cleaned.get("scenes") or [], variables, errors)
    if errors:
        return {}, errors.items
    storyboard = {key: value for key, value in cleaned.items() if key != "scenes"}
    if not storyboard.get("videoName"):
        storyboard["videoName"] = template.name
    resolved = resolve(storyboard, template)
    resolved["scenes"] = scenes
    return resolved, []
