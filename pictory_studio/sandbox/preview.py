"""Outputs of a finished preview job: `renderParams` (contract §5.1 element catalogue), scene
summaries for the preview page, small backdrop images and silent stand-in audio."""

from collections.abc import Callable
from pathlib import Path

from . import frames, render, speech
from .timeline import Timeline

BACKDROP_WIDTH = 480


def backdrop_file(index: int) -> str:
    return f"backdrop_{index:03d}.jpg"


def _write_backdrops(timeline: Timeline, out_dir: Path) -> None:
    size = (timeline.width, timeline.height)
    for scene in timeline.scenes:
        image = frames.with_overlays(frames.scene_base(size, scene.backdrop, "", ""), scene.look.overlays)
        image.thumbnail((BACKDROP_WIDTH, BACKDROP_WIDTH))
        image.save(out_dir / backdrop_file(scene.index), quality=80)


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
        elements.append(background)
        if scene.display_text:
            elements.append(
                {
                    "id": f"SceneText_{scene.uid}",
                    "elementType": "SceneText",
                    "type": "text",
                    "text": scene.display_text,
                    "startTime": scene.start,
                    "duration": scene.duration,
                    "hidden": scene.hide_subtitles,
                }
            )
    return elements


def _audio_elements(timeline: Timeline, file_url: Callable[[str], str]) -> list[dict]:
    elements = []
    if timeline.has_voice_over:
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
        }
        for scene in timeline.scenes
    ]


def build_preview(timeline: Timeline, out_dir: Path, file_url: Callable[[str], str]) -> dict:
    """Write the preview's files into out_dir and return the job result to store."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_backdrops(timeline, out_dir)
    narration = out_dir / render.NARRATION_FILE
    if timeline.has_voice_over and not speech.write_narration(timeline, narration):
        render.write_silence(narration, timeline.duration)
    if timeline.music and not timeline.music.get("musicUrl"):
        render.write_silence(out_dir / render.MUSIC_FILE, timeline.duration)
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
    }
