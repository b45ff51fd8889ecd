"""Validation of POST /v2/video/storyboard[/render] bodies (contract §6 and §8.1).

`validate_storyboard` returns the body with unknown fields stripped (V19) and the list of
violations, one `fields[]` entry each. Rule numbers in the comments refer to §8.1.
"""

from . import enums
from .fields import (
    Anything,
    Arr,
    Bool,
    Color,
    FieldErrors,
    Num,
    Obj,
    Percent,
    Str,
    StrOrInt,
    join,
)

CONTENT_SOURCES = ("story", "storyCoPilot", "blogUrl", "pptUrl", "audioUrl", "videoUrl")
MEDIA_SOURCES = ("audioUrl", "videoUrl")
SPLIT_FLAGS = ("createSceneOnNewLine", "createSceneOnEndOfSentence")


def _exclusive(first: str, second: str):
    """A check allowing at most one of two keys."""

    def check(obj, path, errors):
        if first in obj and second in obj:
            errors.add(join(path, second), f"cannot be used together with {first}")

    return check


# --- fontStyle (§6.5) ------------------------------------------------------------------------


def _check_font_family(style, path, errors):
    family = style.get("fontFamily")
    if isinstance(family, str) and family not in enums.FONTS and "fontUrl" not in style:
        errors.add(
            join(path, "fontFamily"),
            f"unknown font '{family}': use a font from the font list or give fontUrl",
        )


def _check_animations(style, path, errors):
    animations = style.get("animations")
    if not isinstance(animations, list):
        return
    kinds = [item.get("type") for item in animations if isinstance(item, dict)]
    for kind in enums.ANIMATION_TYPES:
        if kinds.count(kind) > 1:
            errors.add(join(path, "animations"), f"must contain at most one '{kind}' animation")


ANIMATION = Obj(
    {
        "name": Str(choices=enums.TEXT_ANIMATIONS),
        "type": Str(choices=enums.ANIMATION_TYPES),
        "speed": Str(choices=enums.ANIMATION_SPEEDS),
        "customSpeedValue": Num(minimum=0.5),
        "direction": Str(choices=enums.ANIMATION_DIRECTIONS),
        "writingStyle": Str(choices=enums.WRITING_STYLES),
        "futureWords": Str(choices=enums.FUTURE_WORDS),
    },
    required=("name",),
)

FONT_STYLE = Obj(
    {
        "fontFamily": Str(max_length=200),
        "fontUrl": Str(url=True),
        "fontSize": Num(minimum=1, integer=True),
        "color": Color(),
        "backgroundColor": Color(),
        "keywordColor": Color(),
        "shadowColor": Color(),
        "shadowWidth": Num(minimum=0),
        "position": Str(choices=enums.GRID_POSITIONS),
        "alignment": Str(choices=enums.ALIGNMENTS),
        "decorations": Arr(Str(choices=enums.DECORATIONS)),
        "case": Str(choices=enums.TEXT_CASES),
        "paragraphWidth": Anything(),
        "showBoxBackground": Bool(),
        "showBullet": Bool(),
        "bulletSize": Num(minimum=0),
        "bulletFillColor": Color(),
        "animations": Arr(ANIMATION, min_items=1, max_items=2),
    },
    checks=[_check_font_family, _check_animations],
)

# --- voiceOver and backgroundMusic (§6.6, §6.7) ----------------------------------------------

AI_VOICE = Obj(
    {
        "speaker": StrOrInt(),
        "speed": Num(minimum=50, maximum=200),
        "amplificationLevel": Num(minimum=-1, maximum=1),
        "premiumVoiceSettings": Obj(
            {
                "modelId": Str(choices=enums.ELEVENLABS_MODELS),
                "stability": Percent(),
                "similarityBoost": Percent(),
                "style": Percent(),
                "useSpeakerBoost": Bool(),
            }
        ),
    },
    required=("speaker",),
)

VOICE_OVER = Obj(
    {
        "enabled": Bool(),
        "aiVoices": Arr(AI_VOICE, min_items=1),
        "externalVoice": Obj(
            {
                "voiceUrl": Str(url=True),
                "syncVoice": Bool(),
                "amplificationLevel": Num(minimum=-1, maximum=1),
            },
            required=("voiceUrl",),
        ),
    },
    checks=[_exclusive("aiVoices", "externalVoice")],  # V10
)

CLIP = Obj({"start": Num(minimum=0), "end": Num(minimum=0)})


def _check_music_source(music, path, errors):  # V16
    if music.get("autoMusic") is True and "musicUrl" in music:
        errors.add(join(path, "musicUrl"), "cannot be used together with autoMusic")


BACKGROUND_MUSIC = Obj(
    {
        "enabled": Bool(),
        "autoMusic": Bool(),
        "musicUrl": Str(url=True),
        "volume": Num(minimum=0, maximum=1),
        "clips": Arr(CLIP, max_items=10),
    },
    checks=[_check_music_source],
)

# --- background and elements (§6.3, §6.4) ----------------------------------------------------


def _check_category(search_filter, path, errors):
    category = search_filter.get("category")
    if isinstance(category, str):
        parent, _, child = category.partition("/")
        if parent not in enums.VISUAL_CATEGORIES or (category.count("/") and not child):
            errors.add(
                join(path, "category"),
                "must be Parent or Parent/Child with Parent one of: "
                + ", ".join(enums.VISUAL_CATEGORIES),
            )


SEARCH_FILTER = Obj(
    {
        "query": Str(max_length=500),
        "keywords": Arr(Str(min_length=2, max_length=100), min_items=1, max_items=10),
        "category": Str(max_length=200),
        "libraries": Arr(Str(choices=enums.VISUAL_LIBRARIES), min_items=1),
    },
    checks=[_check_category],
)


def _check_ai_visual(ai_visual, path, errors):  # V15
    model = ai_visual.get("model")
    duration = ai_visual.get("videoDuration")
    if model in enums.AI_IMAGE_MODELS:
        if "videoDuration" in ai_visual:
            errors.add(join(path, "videoDuration"), f"is not allowed for image model {model}")
        for key in ("firstFrameImageUrl", "referenceImageUrls"):
            if key in ai_visual:
                errors.add(join(path, key), f"is only for video models, not {model}")
    elif model in enums.AI_VIDEO_MODELS:
        allowed = enums.AI_VIDEO_MODELS[model]
        if duration is not None and duration not in allowed:
            errors.add(
                join(path, "videoDuration"),
                f"must be one of {', '.join(allowed)} for model {model}",
            )
        if "referenceImageUrl" in ai_visual:
            errors.add(join(path, "referenceImageUrl"), f"is only for image models, not {model}")
    if "firstFrameImageUrl" in ai_visual and "referenceImageUrls" in ai_visual:
        errors.add(
            join(path, "referenceImageUrls"), "cannot be used together with firstFrameImageUrl"
        )


AI_VISUAL = Obj(
    {
        "prompt": Str(max_length=500),
        "model": Str(choices=enums.AI_MODELS),
        "mediaStyle": Str(choices=enums.MEDIA_STYLES),
        "videoDuration": Str(),
        "visualContinuity": Bool(),
        "firstFrameImageUrl": Str(url=True),
        "referenceImageUrls": Arr(Str(url=True), min_items=1, max_items=2),
        "referenceImageUrl": Str(url=True),
    },
    required=("prompt",),
    checks=[_check_ai_visual],
)

COLOR_OVERLAY = Obj({"color": Color(), "opacity": Num(minimum=0, maximum=1)})


def _check_background(background, path, errors):
    sources = [key for key in ("visualUrl", "color", "aiVisual") if key in background]
    if len(sources) > 1:  # V11
        errors.add(path, f"use only one of visualUrl, color, aiVisual (found {', '.join(sources)})")
    if "aiVisual" in background and "type" not in background:
        errors.add(join(path, "type"), "is required with aiVisual")
    if "clips" in background and (
        "visualUrl" not in background or background.get("type") != "video"
    ):
        errors.add(join(path, "clips"), "is only allowed with visualUrl and type video")
    settings = background.get("settings")
    if isinstance(settings, dict) and settings.get("kenBurnsEffect") is True:  # V12
        if settings.get("zoomAndPan") is True:
            errors.add(
                join(path, "settings.kenBurnsEffect"), "cannot be used together with zoomAndPan"
            )
        if background.get("type") == "video":
            errors.add(join(path, "settings.kenBurnsEffect"), "is only for image backgrounds")


BACKGROUND_FIELDS = {
    "visualUrl": Str(url=True),
    "color": Color(),
    "aiVisual": AI_VISUAL,
    "type": Str(choices=enums.MEDIA_TYPES),
    "clips": Arr(CLIP, min_items=1),
    "searchFilter": SEARCH_FILTER,
    "colorOverlay": COLOR_OVERLAY,
    "settings": Obj(
        {
            "loop": Bool(),
            "mute": Bool(),
            "zoomAndPan": Bool(),
            "kenBurnsEffect": Bool(),
            "videoKenBurns": Anything(dict, "an object"),
        }
    ),
    "motionGraphics": Obj({"enabled": Bool(), "prompt": Str(max_length=500), "style": Str()}),
}
BACKGROUND = Obj(BACKGROUND_FIELDS, checks=[_check_background])
BROLL = Obj(
    {**BACKGROUND_FIELDS, "brollClip": CLIP},
    checks=[_check_background],
)


def _check_element(element, path, errors):
    if "position" in element and ("top" in element or "left" in element):  # V14
        errors.add(join(path, "position"), "use either position or top/left, not both")
    kind = element.get("type")
    if kind == "text" and "text" not in element:
        errors.add(join(path, "text"), "is required for text elements")
    elif kind == "shape" and "name" not in element:
        errors.add(join(path, "name"), "is required for shape elements")
    elif kind in enums.MEDIA_TYPES:
        sources = [key for key in ("visualUrl", "searchFilter", "aiVisual") if key in element]
        if len(sources) != 1:
            errors.add(
                path, f"{kind} elements need exactly one of visualUrl, searchFilter, aiVisual"
            )


ELEMENT = Obj(
    {
        "type": Str(choices=enums.ELEMENT_TYPES),
        "position": Str(choices=enums.ELEMENT_POSITIONS),
        "top": Percent(),
        "left": Percent(),
        "width": Percent(),
        "text": Str(max_length=2000),
        "textVariant": Str(choices=enums.TEXT_VARIANTS),
        "style": FONT_STYLE,
        "name": Str(choices=enums.SHAPES),
        "fill": Color(),
        "stroke": Color(),
        "strokeWidth": Num(minimum=0),
        "borderRadius": Num(minimum=0),
        "visualUrl": Str(url=True),
        "searchFilter": Obj({"query": Str(max_length=500)}, required=("query",)),
        "aiVisual": AI_VISUAL,
        "colorOverlay": COLOR_OVERLAY,
        "settings": Obj({"loop": Bool(), "mute": Bool()}),
    },
    required=("type",),
    checks=[_check_element],
)

# --- scene (§6.2) ----------------------------------------------------------------------------


def _has_visual_background(scene) -> bool:
    background = scene.get("background")
    return isinstance(background, dict) and any(
        key in background for key in ("visualUrl", "color", "aiVisual", "searchFilter")
    )


def _check_scene(scene, path, errors):
    sources = [key for key in CONTENT_SOURCES if key in scene]
    if len(sources) > 1:  # V7
        errors.add(path, f"use only one content source (found {', '.join(sources)})")
    elif not sources and not _has_visual_background(scene):
        errors.add(
            path,
            "needs one of story, storyCoPilot, blogUrl, pptUrl, audioUrl, videoUrl "
            "or a background visual or colour",
        )
    if "isSSMLStory" in scene and "story" not in scene:
        errors.add(join(path, "isSSMLStory"), "is only allowed with story")
    if "caption" in scene:  # V8
        if "story" not in scene:
            errors.add(join(path, "caption"), "requires story")
        split_flags = [flag for flag in SPLIT_FLAGS if scene.get(flag) is True]
        if split_flags:
            errors.add(join(path, "caption"), f"cannot be used with {', '.join(split_flags)}")
    has_media = any(key in scene for key in MEDIA_SOURCES)
    if has_media and "audioLanguage" not in scene:  # V9
        errors.add(join(path, "audioLanguage"), "is required with audioUrl or videoUrl")
    for key in ("transcript", "mediaRepurposeSettings"):
        if key in scene and not has_media:
            errors.add(join(path, key), "is only allowed with audioUrl or videoUrl")


SCENE = Obj(
    {
        "story": Str(max_length=15000),
        "isSSMLStory": Bool(),
        "storyCoPilot": Obj(
            {
                "prompt": Str(max_length=5000),
                "videoType": Str(choices=enums.COPILOT_VIDEO_TYPES),
                "duration": Num(minimum=1, maximum=600),
                "platform": Str(choices=enums.COPILOT_PLATFORMS),
                "tone": Str(choices=enums.COPILOT_TONES),
            },
            required=("prompt",),
        ),
        "blogUrl": Str(url=True),
        "pptUrl": Str(url=True),
        "audioUrl": Str(url=True),
        "videoUrl": Str(url=True),
        "createSceneOnNewLine": Bool(),
        "createSceneOnEndOfSentence": Bool(),
        "caption": Str(max_length=2000),
        "maxSubtitleLines": Num(minimum=1, maximum=4, integer=True),
        "highlightKeywords": Bool(),
        "hideSubtitles": Bool(),
        "minimumDuration": Num(minimum=0),
        "endPauseDuration": Num(minimum=0),
        "sceneTransition": Str(choices=enums.SCENE_TRANSITIONS),
        "subtitleStyle": FONT_STYLE,
        "background": BACKGROUND,
        "backgroundBrolls": Arr(BROLL, min_items=1),
        "backgroundCorpus": Arr(
            Obj(
                {"visualUrl": Str(url=True), "type": Str(choices=("image",)), "prefer": Bool()},
                required=("visualUrl",),
            ),
            min_items=1,
        ),
        "voiceOver": VOICE_OVER,
        "backgroundMusic": Obj({"enabled": Bool()}),
        "elements": Arr(ELEMENT, min_items=1, max_items=20),
        "audioLanguage": Str(choices=enums.AUDIO_LANGUAGES),
        "transcript": Anything(list, "an array"),
        "mediaRepurposeSettings": Anything(dict, "an object"),
        "avatar": Obj(
            {
                "position": Str(choices=enums.ELEMENT_POSITIONS),
                "top": Percent(),
                "left": Percent(),
                "width": Percent(),
                "hide": Bool(),
                "backgroundColor": Color(),
                "borderRadius": Num(minimum=0),
                "borderColor": Color(),
                "borderThickness": Num(minimum=0),
            }
        ),
    },
    checks=[_check_scene],
)

# --- top level (§6.1) ------------------------------------------------------------------------


def _check_top_level(body, path, errors):
    if "templateId" not in body:  # V2
        scenes = body.get("scenes")
        if scenes is None:
            errors.add("scenes", "is required unless templateId is given")
        elif isinstance(scenes, list) and not scenes:
            errors.add("scenes", "must contain at least one scene")
    if ("videoWidth" in body) != ("videoHeight" in body):  # V3
        missing = "videoHeight" if "videoWidth" in body else "videoWidth"
        present = "videoWidth" if missing == "videoHeight" else "videoHeight"
        errors.add(missing, f"is required when {present} is given")
    if "avatar" in body:  # V6
        voice_over = body.get("voiceOver")
        if not (isinstance(voice_over, dict) and voice_over.get("enabled") is True):
            errors.add("avatar", "requires voiceOver.enabled to be true")
    smart_layout = "smartLayoutId" in body or "smartLayoutName" in body
    scenes = body.get("scenes") if isinstance(body.get("scenes"), list) else []
    for index, scene in enumerate(scenes):  # V13
        if smart_layout and isinstance(scene, dict) and "maxSubtitleLines" in scene:
            errors.add(
                join(join("scenes", index), "maxSubtitleLines"),
                "cannot be used with a smart layout",
            )


STORYBOARD = Obj(
    {
        "videoName": Str(max_length=500),
        "videoWidth": Num(minimum=16, maximum=7680, integer=True),
        "videoHeight": Num(minimum=16, maximum=7680, integer=True),
        "aspectRatio": Str(choices=enums.ASPECT_RATIOS),
        "language": Str(choices=enums.LANGUAGES),
        "saveProject": Bool(),
        "webhook": Str(max_length=500, url=True),
        "webhookInput": Anything(dict, "an object"),
        "scenes": Arr(SCENE),
        "templateId": Str(max_length=200),
        "variables": Anything(dict, "an object"),
        "brandId": Str(max_length=200),
        "brandName": Str(max_length=200),
        "subtitleStyleId": Str(max_length=200),
        "subtitleStyleName": Str(max_length=200),
        "subtitleStyle": FONT_STYLE,
        "smartLayoutId": Str(max_length=200),
        "smartLayoutName": Str(max_length=200),
        "voiceOver": VOICE_OVER,
        "backgroundMusic": BACKGROUND_MUSIC,
        "logo": Obj(
            {
                "url": Str(url=True),
                "position": Str(choices=enums.ELEMENT_POSITIONS),
                "width": Anything(),
            },
            required=("url",),
        ),
        "avatar": Obj(
            {
                "avatarId": Str(max_length=200),
                "position": Str(choices=enums.ELEMENT_POSITIONS),
                "width": Anything(),
                "borderRadius": Num(minimum=0),
                "backgroundColor": Color(),
                "hide": Bool(),
            }
        ),
        "visualLibraryId": Str(max_length=200),
        "visualSelectionPreference": Str(choices=enums.VISUAL_SELECTION_PREFERENCES),
        "destinations": Anything(list, "an array"),
        "awsConnectionId": Str(max_length=200),
        "vimeoConnectionId": Str(max_length=200),
        "projectMetadata": Anything(dict, "an object"),
        "storyboardVersion": Str(max_length=20),
    },
    checks=[
        _check_top_level,
        _exclusive("brandId", "brandName"),  # V4
        _exclusive("subtitleStyleId", "subtitleStyleName"),  # V5
        _exclusive("smartLayoutId", "smartLayoutName"),
    ],
)


def validate_storyboard(body, *, require_video_name: bool) -> tuple[dict, list[dict]]:
    """Return (stripped body, field errors). `require_video_name` is V1 (render endpoints)."""
    errors = FieldErrors()
    if not isinstance(body, dict):
        errors.add("body", "must be a JSON object")
        return {}, errors.items
    cleaned = STORYBOARD.clean(body, "", errors)
    if require_video_name:
        name = body.get("videoName")
        if name is None or (isinstance(name, str) and not name.strip()):
            errors.add("videoName", "is required")
    return cleaned, errors.items
