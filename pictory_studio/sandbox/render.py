"""Real output files for finished jobs: an H.264 MP4, a thumbnail, SRT, VTT and TXT.

Everything is produced in a private work folder and moved into place at the end, so a
reader never sees half-written files. The MP4 carries the words it speaks (spoken_words.py)
whenever the sandbox knows them; the narration track is kept beside it as narration.wav.
"""

import io
import os
import shutil
import subprocess
import uuid
import wave
from pathlib import Path

import imageio_ffmpeg
from PIL import Image

from . import conf, media_render, music, narration, spoken_words, subtitles
from .timeline import Timeline

THUMBNAIL_WIDTH = 480
VIDEO_FILE = "video.mp4"
THUMBNAIL_FILE = "thumbnail.jpg"
SRT_FILE = "subtitles.srt"
VTT_FILE = "subtitles.vtt"
TXT_FILE = "transcript.txt"
NARRATION_FILE = "narration.wav"
MUSIC_FILE = "music.wav"
WORDS_FILE = "words.ffmeta"


class RenderError(Exception):
    pass


def _thumbnail(composed: media_render.Composed, video: Path, target: Path) -> None:
    """The first frame, 480 px at most: the first still when the video opens on one, else the MP4's."""
    if composed.first_still is not None and not composed.opens_with_video:
        with Image.open(composed.first_still) as first:
            image = first.convert("RGB")
    else:
        result = subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-frames:v", "1",
             "-f", "image2pipe", "-c:v", "png", "-"],
            capture_output=True, timeout=120, check=False,
        )
        if result.returncode != 0:
            raise RenderError("ffmpeg could not read the first frame of the video")
        with Image.open(io.BytesIO(result.stdout)) as first:
            image = first.convert("RGB")
    image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
    image.save(target, quality=85)


def _move_into_place(work: Path, out_dir: Path, names: list[str]) -> None:
    for name in names:
        os.replace(work / name, out_dir / name)


def render_video(timeline: Timeline, out_dir: Path) -> dict:
    """Render the MP4 and its companions into out_dir; return the file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".work-{uuid.uuid4().hex}"
    work.mkdir()
    try:
        speaks = (timeline.has_voice_over or timeline.external_voices) and not conf.draft_renders()
        spoken = narration.narrate(timeline) if speaks else None
        track = None
        if spoken is not None:
            track = work / NARRATION_FILE
            narration.write_wav(spoken, track)
        words = narration.video_words(timeline, spoken)
        metadata = None
        if words is not None:
            listing = spoken_words.metadata_file(work / WORDS_FILE, words, language=timeline.language)
            metadata = spoken_words.ffmpeg_input_args(listing)
        composed = media_render.compose(
            timeline,
            work,
            work / VIDEO_FILE,
            narration=track,
            music_choice=music.chosen(timeline.music, video_name=timeline.video_name),
            metadata=metadata,
        )
        _thumbnail(composed, work / VIDEO_FILE, work / THUMBNAIL_FILE)
        (work / SRT_FILE).write_text(subtitles.srt(timeline), encoding="utf-8")
        (work / VTT_FILE).write_text(subtitles.vtt(timeline), encoding="utf-8")
        (work / TXT_FILE).write_text(subtitles.transcript(timeline), encoding="utf-8")
        names = [VIDEO_FILE, THUMBNAIL_FILE, SRT_FILE, VTT_FILE, TXT_FILE]
        _move_into_place(work, out_dir, names + ([NARRATION_FILE] if track else []))
    except media_render.ComposeError as error:
        raise RenderError(str(error)) from error
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
