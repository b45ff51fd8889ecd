"""The words a sandbox MP4 speaks, carried inside the file so the sandbox transcribes its own
videos exactly.

Renders write a global MP4 metadata tag (`-movflags +use_metadata_tags`) named METADATA_KEY
whose value is compact JSON: {"v": 1, "language": "en", "words": [[word, start, end,
speaker_id, sentence_index], ...]} with times in seconds from the start of the video. The
tag is written through an ffmetadata file (`metadata_file` + `ffmpeg_input_args`), which has
no command-line length limit; `read` gets it back with ffmpeg's ffmetadata muxer.
"""

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

METADATA_KEY = "pictory_sandbox_words"
VERSION = 1


@dataclass(frozen=True)
class SpokenWord:
    word: str
    start: float
    end: float
    speaker_id: int = 0
    sentence_index: int = 0


def encode(words: list[SpokenWord], *, language: str) -> str:
    rows = [[w.word, round(w.start, 3), round(w.end, 3), w.speaker_id, w.sentence_index] for w in words]
    return json.dumps({"v": VERSION, "language": language, "words": rows}, separators=(",", ":"), ensure_ascii=False)


def decode(text: str) -> tuple[str, list[SpokenWord]] | None:
    """(language, words) from a tag value; None when it is not ours or not readable."""
    try:
        data = json.loads(text)
        if data.get("v") != VERSION:
            return None
        words = [SpokenWord(str(w), float(s), float(e), int(sp), int(si)) for w, s, e, sp, si in data["words"]]
        return str(data.get("language") or ""), words
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _escape(value: str) -> str:
    # ffmetadata escapes '=', ';', '#', '\' and newlines with a backslash.
    return re.sub(r"([=;#\\\n])", r"\\\1", value)


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)


def metadata_file(path: Path, words: list[SpokenWord], *, language: str) -> Path:
    """Write the ffmetadata file that carries the words; returns `path`."""
    path.write_text(f";FFMETADATA1\n{METADATA_KEY}={_escape(encode(words, language=language))}\n", encoding="utf-8")
    return path


def ffmpeg_input_args(path: Path) -> list[str]:
    """Input arguments for the ffmetadata file; pair with `ffmpeg_output_args(index)`."""
    return ["-f", "ffmetadata", "-i", str(path)]


def ffmpeg_output_args(input_index: int) -> list[str]:
    """Output arguments that copy the metadata of input `input_index` into the MP4."""
    return ["-map_metadata", str(input_index), "-movflags", "+faststart+use_metadata_tags"]


def read(media: Path) -> tuple[str, list[SpokenWord]] | None:
    """The words a sandbox MP4 carries, or None for any other file."""
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(media), "-f", "ffmetadata", "-"],
        capture_output=True, timeout=60, check=False,
    )
    if result.returncode != 0:
        return None
    text = result.stdout.decode("utf-8", "replace")
    # Join escaped line breaks, then find our key.
    for line in re.split(r"(?<!\\)\n", text):
        if line.startswith(METADATA_KEY + "="):
            return decode(_unescape(line[len(METADATA_KEY) + 1 :]))
    return None
