"""Turn a stripped storyboard into a timeline: scenes with text, voice, duration and cues.

The duration rule is the contract the studio's estimates rely on:

* a scene with narration lasts words / (150 wpm × speed / 100) minutes plus its end pause
  (`endPauseDuration`, default 0.5 s), and never less than its `minimumDuration`;
* a scene without narration lasts its `minimumDuration`, or 3 s;
* speed is the scene's voice speed (voiceOver.aiVoices, default 100); 150 wpm applies with
  no voice-over too; words are whitespace-separated tokens.

A story split by `createSceneOnNewLine` / `createSceneOnEndOfSentence` becomes several scenes,
each following the rule on its own.

A `videoUrl` / `audioUrl` scene lasts as long as the parts of its recording it keeps
(media_cuts); its cues are the kept words, re-timed to the output. An external voice-over file
with `syncVoice` stretches or shrinks the story scenes it narrates to the file's length, each in
proportion to its words and at least MIN_SYNCED_SECONDS long; without sync the scenes keep
their durations and the file is cut or padded to them.
"""

import math
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import branding, conf, media_cuts, voices
from .colors import RGBA, parse_color
from .media_cuts import MediaCut

WORDS_PER_MINUTE = 150
DEFAULT_END_PAUSE = 0.5
SILENT_SCENE_SECONDS = 3.0
MAX_CUE_WORDS = 12
MEDIA_CUE_WORDS = 8
MIN_SYNCED_SECONDS = 1.0
LONG_SIDE_LIMIT = 1280
DRAFT_SHRINK = 4
ASPECT_SIZES = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720), "4:5": (720, 900)}
_UID_NAMESPACE = uuid.UUID("5d2f8f5e-9c3b-4c61-a3f0-3b8f8e0c7a11")


@dataclass
class Backdrop:
    """What fills a scene behind its text: a solid colour or a gradient seeded by text."""

    color: RGBA | None
    seed: str
    caption: str
    visual_type: str = "image"
    visual_url: str = ""
    overlay: RGBA | None = None
    overlay_opacity: float = 0.0


@dataclass
class Cue:
    start: float
    end: float
    text: str


@dataclass
class Scene:
    uid: str
    index: int
    source_index: int
    narration: str
    display_text: str
    voice: dict | None
    speed: float
    start: float
    duration: float
    hide_subtitles: bool
    transition: str
    backdrop: Backdrop
    cues: list[Cue] = field(default_factory=list)
    look: branding.SceneLook = field(default_factory=branding.SceneLook)
    media: MediaCut | None = None
    speaker_index: int = 0
    external_voice: str = ""  # key of the ExternalVoice narrating this scene

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def speaks(self) -> bool:
        """Whether an AI voice reads this scene's words."""
        return self.voice is not None and bool(self.narration.strip())


@dataclass
class ExternalVoice:
    """A voice-over file (`voiceOver.externalVoice`) narrating some of the scenes."""

    key: str
    url: str
    path: Path
    seconds: float
    sync: bool
    amplification: float


@dataclass
class Timeline:
    width: int
    height: int
    language: str
    video_name: str
    has_voice_over: bool
    music: dict | None
    scenes: list[Scene]
    external_voices: list[ExternalVoice] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return round(sum(scene.duration for scene in self.scenes), 3)


def word_count(text: str) -> int:
    return len(text.split())


def scene_seconds(
    words: int,
    *,
    speed: float = 100,
    minimum: float | None = None,
    end_pause: float = DEFAULT_END_PAUSE,
) -> float:
    """The duration rule from the module docstring."""
    if words == 0:
        return float(minimum) if minimum else SILENT_SCENE_SECONDS
    spoken = words / (WORDS_PER_MINUTE * speed / 100) * 60
    return max(spoken + end_pause, float(minimum or 0))


def output_size(storyboard: dict) -> tuple[int, int]:
    """Frame size: videoWidth/videoHeight scaled so the long side is ≤ 1280, else the ratio
    (a quarter of that for draft renders)."""
    width, height = storyboard.get("videoWidth"), storyboard.get("videoHeight")
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        width, height = ASPECT_SIZES.get(storyboard.get("aspectRatio"), ASPECT_SIZES["16:9"])
    scale = min(1.0, LONG_SIDE_LIMIT / max(width, height)) / (DRAFT_SHRINK if conf.draft_renders() else 1)
    return _even(width * scale), _even(height * scale)


def _even(value: float) -> int:
    return max(16, int(round(value / 2)) * 2)


def split_cues(text: str, start: float, end: float) -> list[Cue]:
    """Cues of at most MAX_CUE_WORDS words spanning [start, end], timed by word counts."""
    words = text.split()
    if not words:
        return []
    chunk_count = math.ceil(len(words) / MAX_CUE_WORDS)
    base, extra = divmod(len(words), chunk_count)
    cues, cursor, elapsed = [], 0, 0
    for index in range(chunk_count):
        size = base + (1 if index < extra else 0)
        chunk = words[cursor : cursor + size]
        cue_start = start + (end - start) * elapsed / len(words)
        cursor += size
        elapsed += size
        cue_end = end if index == chunk_count - 1 else start + (end - start) * elapsed / len(words)
        cues.append(Cue(round(cue_start, 3), round(cue_end, 3), " ".join(chunk)))
    return cues


def _substitute(text: str, variables: dict) -> str:
    def replace(match):
        name = match.group(1).strip()
        return str(variables[name]) if name in variables else match.group(0)

    return re.sub(r"\{\{\s*([^{}]+?)\s*\}\}", replace, text)


def _split_story(text: str, scene: dict) -> list[str]:
    parts = [text]
    if scene.get("createSceneOnNewLine"):
        parts = [line for part in parts for line in part.splitlines()]
    if scene.get("createSceneOnEndOfSentence"):
        parts = [piece for part in parts for piece in re.split(r"(?<=[.!?])\s+", part)]
    parts = [part.strip() for part in parts if part.strip()]
    return parts or [""]


def _narration_parts(scene: dict, variables: dict) -> list[str]:
    if "story" in scene:
        story = scene["story"]
        if scene.get("isSSMLStory"):
            story = re.sub(r"<[^>]+>", " ", story)
        return _split_story(_substitute(story, variables), scene)
    if "storyCoPilot" in scene:
        return [scene["storyCoPilot"].get("prompt", "")]
    return [""]


def _imported_from(scene: dict) -> str:
    for key in ("blogUrl", "pptUrl", "audioUrl", "videoUrl"):
        if key in scene:
            return f"Imported from {scene[key]}"
    return ""


def _backdrop(scene: dict, text: str, brand_color: RGBA | None = None) -> Backdrop:
    background = scene.get("background") or {}
    overlay = background.get("colorOverlay") or {}
    overlay_color = parse_color(overlay.get("color")) if overlay else None
    common = {
        "overlay": overlay_color,
        "overlay_opacity": float(overlay.get("opacity", 0.4)) if overlay_color else 0.0,
        "visual_type": background.get("type", "image"),
    }
    color = parse_color(background.get("color"))
    if color:
        return Backdrop(color=color, seed="", caption="", **common)
    search = background.get("searchFilter") or {}
    query = search.get("query") or " ".join(search.get("keywords") or [])
    ai_prompt = (background.get("aiVisual") or {}).get("prompt", "")
    visual_url = background.get("visualUrl", "")
    # Stock search and AI scenes stand in for footage the sandbox does not have: with a brand
    # they take its primary colour, like scenes without any visual; a picture of their own wins.
    stand_in = None if visual_url else brand_color
    if query:
        return Backdrop(color=stand_in, seed=query, caption=query, **common)
    if ai_prompt:
        return Backdrop(color=stand_in, seed=ai_prompt, caption=f"AI visual: {ai_prompt}", **common)
    if visual_url:
        name = urlsplit(visual_url).path.rstrip("/").rsplit("/", 1)[-1] or visual_url
        return Backdrop(None, visual_url, name, visual_url=visual_url, **common)
    # No visual of its own: the brand's primary colour when there is a brand, else a gradient.
    return Backdrop(
        color=brand_color, seed=text or _imported_from(scene), caption=_imported_from(scene), **common
    )


@dataclass(frozen=True)
class _VoiceChoice:
    voice: dict | None = None
    speed: float = 100.0
    narrated: bool = False
    speaker_index: int = 0
    reads_media: bool = False  # an AI voice chosen in aiVoices, which replaces a recording's sound
    external: dict | None = None
    external_key: str = ""


def _voice_for(scene: dict, top_voice_over: dict | None, scene_index: int, language: str) -> _VoiceChoice:
    """Who narrates an input scene (scene voiceOver over the top-level one)."""
    own = scene.get("voiceOver")
    config = own or top_voice_over
    if not config or config.get("enabled") is False:
        return _VoiceChoice()
    ai_voices = config.get("aiVoices") or []
    if ai_voices:
        index = scene_index % len(ai_voices)
        chosen = ai_voices[index]
        return _VoiceChoice(
            voice=voices.resolve_speaker(chosen["speaker"]),
            speed=float(chosen.get("speed", 100)),
            narrated=True,
            speaker_index=index,
            reads_media=True,
        )
    if config.get("externalVoice"):
        key = f"scene-{scene_index}" if own else "top"
        return _VoiceChoice(narrated=True, external=config["externalVoice"], external_key=key)
    default = voices.DEFAULT_SPEAKERS.get(language)
    if default is None:
        return _VoiceChoice()
    return _VoiceChoice(voice=voices.resolve_speaker(default), narrated=True)


def _file_name(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or url


def _media_backdrop(scene: dict, cut: MediaCut, brand_color: RGBA | None) -> Backdrop:
    if cut.kind == "video":
        return Backdrop(None, cut.url, _file_name(cut.url), visual_type="video", visual_url=cut.url)
    backdrop = _backdrop(scene, "", brand_color)
    backdrop.seed = backdrop.seed or cut.url
    backdrop.caption = f"Audio: {_file_name(cut.url)}"
    return backdrop


def _media_scene(scene: dict, source_index: int, choice: _VoiceChoice, look, brand_color, first_index: int) -> Scene:
    cut = media_cuts.media_cut(scene, source_index + 1)
    voice = choice.voice if choice.reads_media else None
    return Scene(
        uid="",
        index=first_index,
        source_index=source_index,
        narration=cut.text,
        display_text=scene.get("caption") or cut.text or f"Recording {_file_name(cut.url)}",
        voice=voice,
        speed=choice.speed,
        start=0.0,
        duration=round(cut.duration, 3),
        hide_subtitles=bool(scene.get("hideSubtitles")),
        transition=scene.get("sceneTransition", "none"),
        backdrop=_media_backdrop(scene, cut, brand_color),
        look=look,
        media=cut,
        speaker_index=choice.speaker_index,
    )


def _external_voice(choice: _VoiceChoice) -> ExternalVoice:
    config = choice.external
    noun = "voice-over file" if choice.external_key == "top" else f"voice-over file of {choice.external_key}"
    path, info = media_cuts.held_media(config.get("voiceUrl"), noun)
    if not info.has_audio:
        raise media_cuts.MediaError(f"The {noun} at {media_cuts.shown_url(config.get('voiceUrl'))} has no sound")
    return ExternalVoice(
        key=choice.external_key,
        url=config.get("voiceUrl"),
        path=path,
        seconds=info.duration,
        sync=config.get("syncVoice") is True,
        amplification=float(config.get("amplificationLevel") or 0),
    )


def synced_seconds(words: list[int], total: float, minimum: float = MIN_SYNCED_SECONDS) -> list[float]:
    """Share `total` seconds among scenes in proportion to their words, each at least `minimum`
    (all at `minimum` when the total is too short for that)."""
    if total <= minimum * len(words):
        return [minimum] * len(words)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(words)) if i not in fixed]
        remaining = total - minimum * len(fixed)
        weights = sum(words[i] for i in free)
        shares = {i: remaining * (words[i] / weights if weights else 1 / len(free)) for i in free}
        short = {i for i, share in shares.items() if share < minimum}
        if not short:
            return [shares.get(i, minimum) for i in range(len(words))]
        fixed |= short


def _sync_to_voices(scenes: list[Scene], external_voices: list[ExternalVoice]) -> None:
    for voice in external_voices:
        if not voice.sync:
            continue
        narrated = [scene for scene in scenes if scene.external_voice == voice.key]
        seconds = synced_seconds([word_count(scene.narration) for scene in narrated], voice.seconds)
        for scene, duration in zip(narrated, seconds, strict=True):
            scene.duration = round(duration, 3)


def _place(scenes: list[Scene], seed: str) -> None:
    """Give every scene its index, id, start and cues, one after another."""
    start = 0.0
    for index, scene in enumerate(scenes):
        scene.index = index
        scene.uid = str(uuid.uuid5(_UID_NAMESPACE, f"{seed}:{index}"))
        scene.start = round(start, 3)
        if scene.media is not None:
            cues = media_cuts.cut_cues(scene.media, scene.start, MEDIA_CUE_WORDS)
            scene.cues = [Cue(cue_start, cue_end, text) for cue_start, cue_end, text in cues]
        else:
            scene.cues = split_cues(scene.narration, scene.start, scene.start + scene.duration)
        start += scene.duration


def template_scenes(storyboard: dict) -> list[dict]:
    """Stand-in scenes for a stored templateId job without scenes (new jobs always get the
    template's scenes at creation): one scene listing the variables."""
    variables = storyboard.get("variables") or {}
    words = ", ".join(f"{name} {value}" for name, value in variables.items())
    story = f"Template {storyboard.get('templateId', '')}. {words}".strip()
    return [{"story": story}]


def build_timeline(storyboard: dict, *, seed: str) -> Timeline:
    """The timeline of a storyboard; media_cuts.MediaError when media it needs cannot be played."""
    language = storyboard.get("language", "en")
    # Template storyboards were filled in when the job was created; filling them again would
    # expand placeholders that came in through variable values.
    variables = {} if storyboard.get("templateId") else storyboard.get("variables") or {}
    top_voice_over = storyboard.get("voiceOver")
    input_scenes = storyboard.get("scenes") or template_scenes(storyboard)
    look = branding.video_look(storyboard)
    scenes: list[Scene] = []
    external_voices: dict[str, ExternalVoice] = {}
    has_voice_over = False
    for source_index, scene in enumerate(input_scenes):
        choice = _voice_for(scene, top_voice_over, source_index, language)
        scene_look = branding.scene_look(look, scene)
        if any(key in scene for key in media_cuts.MEDIA_KEYS):
            planned = _media_scene(scene, source_index, choice, scene_look, look.backdrop, len(scenes))
            has_voice_over = has_voice_over or planned.voice is not None
            scenes.append(planned)
            continue
        has_voice_over = has_voice_over or choice.narrated
        if choice.external is not None and choice.external_key not in external_voices:
            external_voices[choice.external_key] = _external_voice(choice)
        end_pause = float(scene.get("endPauseDuration", DEFAULT_END_PAUSE))
        for text in _narration_parts(scene, variables):
            duration = scene_seconds(
                word_count(text), speed=choice.speed, minimum=scene.get("minimumDuration"), end_pause=end_pause
            )
            scenes.append(
                Scene(
                    uid="",
                    index=len(scenes),
                    source_index=source_index,
                    narration=text,
                    display_text=scene.get("caption") or text or _imported_from(scene),
                    voice=choice.voice,
                    speed=choice.speed,
                    start=0.0,
                    duration=round(duration, 3),
                    hide_subtitles=bool(scene.get("hideSubtitles")),
                    transition=scene.get("sceneTransition", "none"),
                    backdrop=_backdrop(scene, text, look.backdrop),
                    look=scene_look,
                    speaker_index=choice.speaker_index,
                    external_voice=choice.external_key,
                )
            )
    _sync_to_voices(scenes, list(external_voices.values()))
    _place(scenes, seed)
    width, height = output_size(storyboard)
    music = storyboard.get("backgroundMusic")
    return Timeline(
        width=width,
        height=height,
        language=language,
        video_name=storyboard.get("videoName", ""),
        has_voice_over=has_voice_over,
        music=music if music and music.get("enabled", True) is not False else None,
        scenes=scenes,
        external_voices=list(external_voices.values()),
    )
