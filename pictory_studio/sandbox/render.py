"""Real output files for finished jobs: an H.264 MP4, a thumbnail, SRT, VTT and TXT.

Everything is produced in a private work folder and moved into place at the end, so a
reader never sees half-written files.
"""

import os
import shutil
import subprocess
import uuid
import wave
from pathlib import Path

import imageio_ffmpeg
from PIL import Image

from . import frames, speech, subtitles
from .timeline import Scene, Timeline

FPS = 12
THUMBNAIL_WIDTH = 480
VIDEO_FILE = "video.mp4"
THUMBNAIL_FILE = "thumbnail.jpg"
SRT_FILE = "subtitles.srt"
VTT_FILE = "subtitles.vtt"
TXT_FILE = "transcript.txt"
NARRATION_FILE = "narration.wav"
MUSIC_FILE = "music.wav"


class RenderError(Exception):
    pass


# Subtitles sit at the bottom by default, so the top row is tried first, its middle included.
LABEL_CORNERS = ("top-right", "top-left", "top-center", "bottom-right", "bottom-left")


def _label_corner(scene: Scene) -> str | None:
    """The first corner not taken by the caption or a logo/element placed there; None if all are."""
    taken = {overlay.position for overlay in scene.look.overlays if overlay.top is None and overlay.left is None}
    if scene.backdrop.caption:
        taken.add("top-left")
    return next((corner for corner in LABEL_CORNERS if corner not in taken), None)


def _segments(timeline: Timeline, work: Path) -> list[tuple[Path, float]]:
    """Write one PNG per subtitle cue (or per scene without cues) with its duration."""
    size = (timeline.width, timeline.height)
    segments = []
    total = len(timeline.scenes)
    for scene in timeline.scenes:
        corner = _label_corner(scene)
        label = f"Sandbox · scene {scene.index + 1}/{total}" if corner else ""
        base = frames.scene_base(size, scene.backdrop, scene.display_text, label, corner or "top-right")
        base = frames.with_overlays(base, scene.look.overlays)
        parts = [(cue.text, cue.end - cue.start) for cue in scene.cues] or [("", scene.duration)]
        for number, (text, duration) in enumerate(parts):
            image = base if scene.hide_subtitles else frames.with_subtitle(base, text, scene.look.subtitle)
            path = work / f"scene{scene.index:04d}_{number:03d}.png"
            image.save(path, compress_level=1)
            segments.append((path, duration))
    return segments


def _concat_list(segments: list[tuple[Path, float]], work: Path) -> Path:
    lines = ["ffconcat version 1.0"]
    for path, duration in segments:
        lines += [f"file '{path.name}'", f"duration {duration:.3f}"]
    # The concat demuxer ignores the last duration unless the last file is listed again.
    lines.append(f"file '{segments[-1][0].name}'")
    listing = work / "scenes.ffconcat"
    listing.write_text("\n".join(lines) + "\n")
    return listing


def _audio_input(narration: Path | None) -> list[str]:
    """The spoken narration (padded with silence to the end), or a silent track."""
    if narration is None:
        return ["-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=44100"]
    return ["-i", str(narration)]


def _encode(listing: Path, seconds: float, target: Path, narration: Path | None = None) -> None:
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-y",
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        str(listing),
        *_audio_input(narration),
        *(["-af", "apad", "-ar", "44100", "-ac", "2"] if narration is not None else []),
        "-t",
        f"{seconds:.3f}",
        "-vf",
        f"fps={FPS},format=yuv420p",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-tune",
        "stillimage",
        "-g",
        str(FPS * 2),
        "-c:a",
        "aac",
        "-b:a",
        "32k",
        "-movflags",
        "+faststart",
        str(target),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RenderError(f"ffmpeg failed: {result.stderr.strip()[-300:]}")


def _move_into_place(work: Path, out_dir: Path, names: list[str]) -> None:
    for name in names:
        os.replace(work / name, out_dir / name)


def render_video(timeline: Timeline, out_dir: Path) -> dict:
    """Render the MP4 and its companions into out_dir; return file names and duration."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".work-{uuid.uuid4().hex}"
    work.mkdir()
    try:
        segments = _segments(timeline, work)
        narration = work / NARRATION_FILE
        spoken = timeline.has_voice_over and speech.write_narration(timeline, narration)
        _encode(_concat_list(segments, work), timeline.duration, work / VIDEO_FILE, narration if spoken else None)
        with Image.open(segments[0][0]) as first:
            thumbnail = first.convert("RGB")
            thumbnail.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
            thumbnail.save(work / THUMBNAIL_FILE, quality=85)
        (work / SRT_FILE).write_text(subtitles.srt(timeline), encoding="utf-8")
        (work / VTT_FILE).write_text(subtitles.vtt(timeline), encoding="utf-8")
        (work / TXT_FILE).write_text(subtitles.transcript(timeline), encoding="utf-8")
        names = [VIDEO_FILE, THUMBNAIL_FILE, SRT_FILE, VTT_FILE, TXT_FILE]
        _move_into_place(work, out_dir, names)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "video": VIDEO_FILE,
        "thumbnail": THUMBNAIL_FILE,
        "srt": SRT_FILE,
        "vtt": VTT_FILE,
        "txt": TXT_FILE,
    }


def write_silence(path: Path, seconds: float) -> None:
    """A silent WAV standing in for generated narration or music in previews."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 8000
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with wave.open(str(temporary), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(rate)
        audio.writeframes(b"\x80" * int(rate * max(seconds, 0.1)))
    os.replace(temporary, path)
