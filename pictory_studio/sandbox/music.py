"""Background music of sandbox videos (contract §6.7).

* `autoMusic` (or neither `autoMusic` nor `musicUrl`, inferred): a soft generated bed — two slow
  chords of sine partials that fade into each other, with a gentle tremolo, a fade-in and a
  fade-out. Its key, chords and pace come from the video's name, so a video always gets the
  same bed;
* `musicUrl` naming a file the sandbox holds: that file, looped to the video's length;
* `musicUrl` naming anything else (or a file without sound): no music, and a log line (the
  sandbox never downloads).

Either is mixed under the narration at `volume` (0–1, omitted ⇒ 1.0). ffmpeg makes the bed
itself (sine sources), so it costs next to nothing in a render.
"""

import hashlib
import logging
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

from . import media_sources
from .media_cuts import probe, shown_url

log = logging.getLogger(__name__)

# Each note's fundamental, as a gain on ffmpeg's sine source (which plays at 1/8 of full scale):
# the bed averages about -24 dBFS at volume 1.0, under eSpeak's narration.
NOTE_LEVEL = 0.6
ROOTS = (174.61, 196.0, 207.65, 220.0, 233.08, 246.94)  # F3 … B3
MAJOR, MINOR = (1.0, 5 / 4, 3 / 2), (1.0, 6 / 5, 3 / 2)
# (first chord, second chord) as (ratio to the root, triad)
PROGRESSIONS = (
    ((1.0, MAJOR), (4 / 3, MAJOR)),  # I – IV
    ((1.0, MAJOR), (5 / 6, MINOR)),  # I – vi
    ((1.0, MINOR), (4 / 5, MAJOR)),  # i – VI
    ((1.0, MAJOR), (9 / 8, MINOR)),  # I – ii
)
FADE_IN, FADE_OUT = 1.5, 2.5


@dataclass(frozen=True)
class Music:
    """What plays under a video: a bed (`path` None) or a file, at `volume`."""

    volume: float
    seed: str = ""
    path: Path | None = None


def chosen(music: dict | None, *, video_name: str) -> Music | None:
    """The music a storyboard's `backgroundMusic` asks for, or None."""
    if not music or music.get("enabled") is False:
        return None
    volume = music.get("volume", 1.0)
    volume = float(volume) if isinstance(volume, int | float) and not isinstance(volume, bool) else 1.0
    url = music.get("musicUrl")
    if url and music.get("autoMusic") is not True:
        path = media_sources.local_media(url)
        if path is None:
            log.info("Background music %s is not held by the sandbox; the video has no music", shown_url(url))
            return None
        info = probe(path)
        if info is None or not info.has_audio:
            log.info("Background music %s has no sound the sandbox can read; the video has no music", shown_url(url))
            return None
        return Music(volume=max(0.0, min(volume, 1.0)), path=path)
    return Music(volume=max(0.0, min(volume, 1.0)), seed=video_name or "video")


def _plan(seed: str) -> tuple[list[float], list[float], float, float]:
    """(first chord's frequencies, second chord's, seconds per chord change, tremolo Hz)."""
    digest = hashlib.sha256(seed.strip().lower().encode()).digest()
    root = ROOTS[digest[0] % len(ROOTS)]
    (step_a, triad_a), (step_b, triad_b) = PROGRESSIONS[digest[1] % len(PROGRESSIONS)]
    first = [root * step_a * ratio for ratio in triad_a]
    second = [root * step_b * ratio for ratio in triad_b]
    period = 14 + digest[2] % 9  # a full A→B→A cycle of 14–22 s
    tremolo = 0.15 + digest[3] / 255 * 0.2
    return first, second, float(period), round(tremolo, 3)


def bed_graph(seconds: float, seed: str, *, volume: float, rate: int, label: str) -> str:
    """A filtergraph (no inputs) ending in `[label]`: the stereo bed, `seconds` long."""
    first, second, period, tremolo = _plan(seed)
    seconds = max(seconds, 0.1)
    chains, names = [], []
    for chord, phase in ((first, "0.5+0.5*cos(2*PI*t/{p})"), (second, "0.5-0.5*cos(2*PI*t/{p})")):
        envelope = phase.format(p=period)
        for note in chord:
            # A fundamental with a soft octave partial, slightly detuned for warmth.
            for frequency, level in ((note, NOTE_LEVEL), (note * 2.003, NOTE_LEVEL * 0.22)):
                name = f"{label}n{len(names)}"
                chains.append(
                    f"sine=f={frequency:.3f}:r={rate}:d={seconds:.3f},"
                    f"volume='{level:.4f}*({envelope})':eval=frame[{name}]"
                )
                names.append(name)
    fade_out = max(0.0, seconds - FADE_OUT)
    chains.append(
        "".join(f"[{name}]" for name in names)
        + f"amix=inputs={len(names)}:normalize=0,tremolo=f={tremolo}:d=0.25,"
        f"afade=t=in:d={min(FADE_IN, seconds / 3):.3f},afade=t=out:st={fade_out:.3f}:d={min(FADE_OUT, seconds):.3f},"
        f"volume={volume:.4f},aformat=sample_fmts=fltp:channel_layouts=stereo[{label}]"
    )
    return ";".join(chains)


def file_graph(input_index: int, seconds: float, *, volume: float, rate: int, label: str) -> str:
    """A filtergraph taking a looped music input to `[label]`: `seconds` long, at `volume`."""
    samples = max(1, round(seconds * rate))
    fade_out = max(0.0, seconds - FADE_OUT)
    return (
        f"[{input_index}:a]aresample={rate},aformat=sample_fmts=fltp:channel_layouts=stereo,"
        f"atrim=end_sample={samples},afade=t=out:st={fade_out:.3f}:d={min(FADE_OUT, seconds):.3f},"
        f"volume={volume:.4f}[{label}]"
    )


def file_input(music: Music) -> list[str]:
    return ["-stream_loop", "-1", "-i", str(music.path)]


def write_bed(path: Path, seconds: float, seed: str, *, rate: int = 22050) -> None:
    """The generated bed at full volume as a mono WAV (for previews)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.wav")
    graph = bed_graph(seconds, seed, volume=1.0, rate=rate, label="bed")
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, "-map", "[bed]",
        "-ac", "1", "-ar", str(rate), "-c:a", "pcm_s16le", str(temporary),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        temporary.unlink(missing_ok=True)
        raise OSError(f"ffmpeg could not make the music bed: {result.stderr.strip()[-300:]}")
    temporary.replace(path)
