"""Outputs of a finished preview job: `renderParams` (contract §5.1 element catalogue), scene
summaries for the preview page, small backdrop images, the narration and the music bed.

A media scene (`videoUrl` / `audioUrl`) shows as its recording (`visualUrl`, with the kept
`clips`) and one text element per kept sentence, timed in the output."""

from collections.abc import Callable
from pathlib import Path

from . import frames, media_render, music, render, speech
from .timeline import Scene, Timeline

BACKDROP_WIDTH = 480


def backdrop_file(index: int) -> str:
    return f"backdrop_{index:03d}.jpg"


def _backdrop_image(scene: Scene, size: tuple[int, int]):
    if scene.media is not None and scene.media.kind == "video":
        image = media_render.poster(scene, size)
        if image is not None:
            return image
    return frames.scene_base(size, scene.backdrop, "", "")


def _write_backdrops(timeline: Timeline, out_dir: Path) -> None:
    size = (timeline.width, timeline.height)
    for scene in timeline.scenes:
        image = frames.with_overlays(_backdrop_image(scene, size), scene.look.overlays)
        image.thumbnail((BACKDROP_WIDTH, BACKDROP_WIDTH))
        image.save(out_dir / backdrop_file(scene.index), quality=80)


def _clips(scene: Scene) -> list[dict]:
    return [{"start": round(s.start, 3), "end": round(s.end, 3)} for s in scene.media.segments]


def _text_elements(scene: Scene) -> list[dict]:
    """Scene text: the whole text of a story scene, or each kept sentence of a media scene."""
    if scene.media is None:
        if not scene.display_text:
            return []
        return [{"id": f"SceneText_{scene.uid}", "text": scene.display_text,
                 "startTime": scene.start, "duration": scene.duration}]
    sentences: dict[int, list] = {}
    for word in scene.media.words:
        sentences.setdefault(word.sentence, []).append(word)
    elements = []
    for number, words in enumerate(sentences.values()):
        start = scene.start + scene.media.output_time(words[0].start)
        end = scene.start + scene.media.output_time(words[-1].end)
        elements.append({
            "id": f"SceneText_{scene.uid}_{number}",
            "text": " ".join(word.text for word in words),
            "startTime": round(start, 3),
            "duration": round(max(end - start, 0.0), 3),
        })
    return elements


def _scene_elements(timeline: Timeline, file_url: Callable[[str], str]) -> list[dict]:
    elements = []
    for scene in timeline.scenes:
        backdrop_url = file_url(backdrop_file(scene.index))
        background = {
            "id": f"backgroundElement_{scene.uid}",
            "elementType": "backgroundElement",
            "type": scene.backdrop.visual_type,
            "url": backdrop_url,
            "visualUrl": scene.backdrop.visual_url or backdrop_url,
            "visualType": scene.backdrop.visual_type,
            "startTime": scene.start,
            "duration": scene.duration,
            "loop": True,
            "mute": True,
            "objectMode": "cover",
        }
        if scene.backdrop.color:
            background["color"] = "#{:02x}{:02x}{:02x}{:02x}".format(*scene.backdrop.color)
        if scene.media is not None and scene.media.kind == "video":
            background.update(loop=False, mute=scene.voice is not None, clips=_clips(scene))
        elements.append(background)
        if scene.media is not None and scene.media.kind == "audio":
            elements.append({
                "id": f"sourceAudio_{scene.uid}",
                "elementType": "audioElement",
                "type": "audio",
                "url": scene.media.url,
                "startTime": scene.start,
                "duration": scene.duration,
                "clips": _clips(scene),
                "mute": scene.voice is not None,
            })
        for text in _text_elements(scene):
            elements.append(
                {"elementType": "SceneText", "type": "text", **text, "hidden": scene.hide_subtitles}
            )
    return elements


def _audio_elements(timeline: Timeline, file_url: Callable[[str], str]) -> list[dict]:
    elements = []
    if timeline.has_voice_over or timeline.external_voices:
        elements.append(
            {
                "id": "voiceOver",
                "elementType": "audioElement",
                "type": "audio",
                "url": file_url(render.NARRATION_FILE),
                "startTime": 0,
                "duration": timeline.duration,
            }
        )
    if timeline.music:
        elements.append(
            {
                "id": "bgMusic",
                "elementType": "audioElement",
                "type": "audio",
                "url": timeline.music.get("musicUrl") or file_url(render.MUSIC_FILE),
                "startTime": 0,
                "duration": timeline.duration,
                "volume": timeline.music.get("volume", 1.0),
                "fade": True,
            }
        )
    return elements


def _narration_silent(scene: Scene) -> bool:
    return scene.speaks and not speech.available()


def notes(timeline: Timeline) -> list[str]:
    """What a reader of the result should know about it."""
    if any(_narration_silent(scene) for scene in timeline.scenes):
        return [speech.SILENT_NOTE]
    return []


def scene_summaries(timeline: Timeline) -> list[dict]:
    return [
        {
            "number": scene.index + 1,
            "uid": scene.uid,
            "text": scene.display_text,
            "start": scene.start,
            "duration": scene.duration,
            "backdrop": backdrop_file(scene.index),
            "background_css": frames.css_background(scene.backdrop),
            "caption": scene.backdrop.caption,
            "voice": (scene.voice or {}).get("name", ""),
            "speed": scene.speed,
            "transition": scene.transition,
            "subtitles": not scene.hide_subtitles,
            "narrationSilent": _narration_silent(scene),
        }
        for scene in timeline.scenes
    ]


def _write_audio(timeline: Timeline, out_dir: Path) -> None:
    narration = out_dir / render.NARRATION_FILE
    # A render of the same job leaves its narration here; it is the same track.
    wanted = timeline.has_voice_over or timeline.external_voices
    if wanted and not narration.exists() and not speech.write_narration(timeline, narration):
        render.write_silence(narration, timeline.duration)
    if timeline.music and not timeline.music.get("musicUrl"):
        music.write_bed(out_dir / render.MUSIC_FILE, timeline.duration, timeline.video_name or "video")


def build_preview(timeline: Timeline, out_dir: Path, file_url: Callable[[str], str]) -> dict:
    """Write the preview's files into out_dir and return the job result to store."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_backdrops(timeline, out_dir)
    _write_audio(timeline, out_dir)
    render_params = {
        "output": {
            "name": f"{timeline.video_name or 'video'}.mp4",
            "title": timeline.video_name,
            "format": "mp4",
            "width": timeline.width,
            "height": timeline.height,
        },
        "elements": _scene_elements(timeline, file_url) + _audio_elements(timeline, file_url),
        "sceneMarkers": [
            {"sceneId": scene.uid, "startTime": scene.start, "duration": scene.duration}
            for scene in timeline.scenes
        ],
    }
    return {
        "renderParams": render_params,
        "scenes": scene_summaries(timeline),
        "videoDuration": timeline.duration,
        "width": timeline.width,
        "height": timeline.height,
        "notes": notes(timeline),
    }
