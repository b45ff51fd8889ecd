"""Playable stand-ins for voice samples: a few seconds of a syllable-like tone pattern whose
pitch follows the voice's gender and identity, made once with the bundled ffmpeg (MP3 when it
has libmp3lame, else WAV) and kept under the media root."""

import functools
import hashlib
import json
import os
import subprocess
import uuid
from pathlib import Path

import imageio_ffmpeg

from . import conf

SECONDS = 3.0
SAMPLE_RATE = 22050
CONTENT_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav"}
_PITCH_RANGES = {"male": (105.0, 160.0), "female": (195.0, 280.0)}
_OTHER_PITCH_RANGE = (150.0, 215.0)


@functools.cache
def extension() -> str:
    """"mp3" when the bundled ffmpeg can encode MP3, else "wav"."""
    try:
        listing = subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-encoders"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "wav"
    return "mp3" if "libmp3lame" in listing else "wav"


def _fraction(seed: str, salt: str) -> float:
    digest = hashlib.sha256(f"{salt}:{seed}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def tone(track: dict) -> dict:
    """The tone parameters of a track: pitch from its gender, the rest from its id and name."""
    seed = f"{track['id']}:{track['name']}:{track.get('voice', '')}"
    low, high = _PITCH_RANGES.get(str(track.get("gender", "")).lower(), _OTHER_PITCH_RANGE)
    return {
        "pitch": round(low + (high - low) * _fraction(seed, "pitch"), 1),
        "syllables": round(3.0 + 2.5 * _fraction(seed, "syllables"), 2),
        "vibrato": round(4.0 + 3.0 * _fraction(seed, "vibrato"), 2),
        "depth": round(0.5 + 1.5 * _fraction(seed, "depth"), 2),
    }


def _expression(params: dict) -> str:
    f, rate, vibrato, depth = params["pitch"], params["syllables"], params["vibrato"], params["depth"]
    # No commas: they would split the lavfi filter graph.
    carrier = f"sin(2*PI*{f}*t+{depth}*sin(2*PI*{vibrato}*t))"
    harmonics = f"0.35*sin(4*PI*{f}*t)+0.15*sin(6*PI*{f}*t)"
    return f"0.35*(0.55+0.45*sin(2*PI*{rate}*t))*({carrier}+{harmonics})"


def _encode(params: dict, target: Path, ext: str) -> None:
    codec = ["-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3"] if ext == "mp3" else ["-c:a", "pcm_s16le", "-f", "wav"]
    fade_out = SECONDS - 0.3
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", f"aevalsrc={_expression(params)}:s={SAMPLE_RATE}:d={SECONDS}",
                "-af", f"afade=t=in:d=0.05,afade=t=out:st={fade_out}:d=0.3", "-ac", "1",
                *codec, str(partial),
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def sample_file(track: dict) -> Path:
    """The sample of a track (an API track object), made on first use."""
    ext = extension()
    params = tone(track)
    fingerprint = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    target = conf.media_root() / "voice-samples" / f"{track['id']}-{fingerprint}.{ext}"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        _encode(params, target, ext)
    return target
