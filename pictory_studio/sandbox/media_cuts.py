"""Media the sandbox is given to play (contract §6.2, §6.6, §11.5): recordings behind `videoUrl` /
`audioUrl` scenes, external voice-over files, music files.

A media scene plays the parts of its recording that its transcript keeps (ours, where the
contract is silent):

* kept words are the words with `highlight: true` when `mediaRepurposeSettings.useHighlights`
  is true (default: true when any word is highlighted), else every word; pause markers
  (`is_pause`, empty words) are never kept;
* each run of consecutive kept words becomes a segment [first start, last end] of the source;
  segments closer than BRIDGE_SECONDS are joined;
* without a transcript (or with one that has no words) the whole recording plays.

Only files the sandbox holds are read (media_sources.local_media); any other URL is refused
with MediaError, which fails the job with a message naming the address (without its query).
"""

import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import imageio_ffmpeg

from . import media_sources

BRIDGE_SECONDS = 0.35
MEDIA_KEYS = ("videoUrl", "audioUrl")


class MediaError(Exception):
    """Media a job needs that the sandbox does not hold or cannot use; the message says which."""


@dataclass(frozen=True)
class MediaInfo:
    duration: float
    width: int = 0
    height: int = 0
    has_video: bool = False
    has_audio: bool = False


@dataclass(frozen=True)
class Word:
    """A transcript word in source time."""

    text: str
    start: float
    end: float
    speaker: int = 0
    sentence: int = 0


@dataclass(frozen=True)
class Segment:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass
class MediaCut:
    """What a media scene plays: `kind` "video" (frames and sound of the source) or "audio"
    (its sound over a backdrop), the source segments, and the kept words in source time."""

    kind: str
    url: str
    path: Path
    info: MediaInfo
    segments: list[Segment]
    words: list[Word] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return sum(segment.duration for segment in self.segments)

    def offsets(self) -> list[float]:
        """Where each segment starts in the cut's own time."""
        starts, elapsed = [], 0.0
        for segment in self.segments:
            starts.append(elapsed)
            elapsed += segment.duration
        return starts

    def output_time(self, source_time: float) -> float:
        """Source time → time within the cut (a time between segments maps to the next one)."""
        for offset, segment in zip(self.offsets(), self.segments, strict=True):
            if source_time <= segment.end:
                return offset + max(0.0, source_time - segment.start)
        return self.duration

    def segment_words(self) -> list[list[Word]]:
        """The kept words that each segment plays."""
        groups: list[list[Word]] = [[] for _ in self.segments]
        for word in self.words:
            for index, segment in enumerate(self.segments):
                if word.start < segment.end or index == len(self.segments) - 1:
                    groups[index].append(word)
                    break
        return groups

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def shown_url(url: str) -> str:
    """An address for messages: without its query or fragment (signed URLs carry secrets there)."""
    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme else str(url)[:200]


# --- probing -----------------------------------------------------------------------------------

_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: .*?(\d{2,5})x(\d{2,5})")


@lru_cache(maxsize=64)
def _probe(path: str, modified: int, size: int) -> MediaInfo | None:
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", path],
        capture_output=True, text=True, errors="replace", timeout=60, check=False,
    )
    info = result.stderr
    duration = _DURATION.search(info)
    if duration is None:
        return None
    hours, minutes, seconds = duration.groups()
    video_lines = [line for line in info.splitlines() if ": Video: " in line and "attached pic" not in line]
    video = _VIDEO.search(video_lines[0]) if video_lines else None
    return MediaInfo(
        duration=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        width=int(video.group(1)) if video else 0,
        height=int(video.group(2)) if video else 0,
        has_video=video is not None,
        has_audio=": Audio: " in info,
    )


def probe(path: Path) -> MediaInfo | None:
    """Duration, frame size and streams of a media file; None when ffmpeg cannot read it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _probe(str(path), stat.st_mtime_ns, stat.st_size)


def held_media(url, noun: str) -> tuple[Path, MediaInfo]:
    """The file behind a media URL and what it holds; MediaError when the sandbox cannot play it."""
    path = media_sources.local_media(url)
    if path is None:
        raise MediaError(
            f"The {noun} at {shown_url(url)} could not be loaded: the sandbox plays only files it holds "
            "(its uploads and the files of its finished jobs)"
        )
    info = probe(path)
    if info is None or info.duration <= 0 or not (info.has_audio or info.has_video):
        raise MediaError(f"The {noun} at {shown_url(url)} is not a media file the sandbox can read")
    return path, info


# --- transcripts -------------------------------------------------------------------------------


def _seconds(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


class _Speakers:
    """Speaker ids as integers: numbers as given, other labels numbered in order of appearance."""

    def __init__(self):
        self.labels: dict[str, int] = {}

    def __call__(self, value) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip()
        if text.isdigit():
            return int(text)
        return self.labels.setdefault(text, len(self.labels))


def transcript_words(transcript) -> list[tuple[Word, bool]]:
    """(word, highlighted) for every spoken word of a transcript, in order; pauses left out."""
    speakers = _Speakers()
    words = []
    for sentence_index, sentence in enumerate(transcript if isinstance(transcript, list) else []):
        if not isinstance(sentence, dict):
            continue
        sentence_speaker = sentence.get("speakerId")
        for item in sentence.get("words") or []:
            if not isinstance(item, dict) or item.get("is_pause"):
                continue
            text = str(item.get("word") or "").strip()
            start, end = _seconds(item.get("start_time")), _seconds(item.get("end_time"))
            if not text or start is None or end is None or end < start:
                continue
            speaker = speakers(item.get("speakerId", sentence_speaker))
            words.append((Word(text, start, end, speaker, sentence_index), item.get("highlight") is True))
    return words


def _kept_runs(words: list[tuple[Word, bool]], use_highlights: bool) -> list[list[Word]]:
    runs: list[list[Word]] = []
    previous_kept = False
    for word, highlighted in words:
        kept = highlighted or not use_highlights
        if kept and previous_kept:
            runs[-1].append(word)
        elif kept:
            runs.append([word])
        previous_kept = kept
    return runs


def segments_of(runs: list[list[Word]], duration: float) -> list[Segment]:
    """Runs of kept words → source segments, bridged across short gaps, within the source."""
    spans = sorted((run[0].start, max(word.end for word in run)) for run in runs)
    merged: list[list[float]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] < BRIDGE_SECONDS:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    clipped = [Segment(max(0.0, start), min(end, duration)) for start, end in merged]
    return [segment for segment in clipped if segment.duration > 0.01]


def media_cut(scene: dict, scene_number: int) -> MediaCut:
    """The cut a `videoUrl` / `audioUrl` scene plays; MediaError when it cannot be made."""
    key = next(key for key in MEDIA_KEYS if key in scene)
    noun = "video" if key == "videoUrl" else "audio"
    path, info = held_media(scene[key], f"{noun} of scene {scene_number}")
    kind = "video" if key == "videoUrl" and info.has_video else "audio"
    words = transcript_words(scene.get("transcript"))
    if not words:
        return MediaCut(kind, scene[key], path, info, [Segment(0.0, info.duration)])
    settings = scene.get("mediaRepurposeSettings")
    flag = settings.get("useHighlights") if isinstance(settings, dict) else None
    use_highlights = flag if isinstance(flag, bool) else any(highlighted for _, highlighted in words)
    runs = _kept_runs(words, use_highlights)
    segments = segments_of(runs, info.duration)
    if not segments:
        raise MediaError(
            f"Scene {scene_number} keeps nothing of its {noun}: no transcript word is highlighted "
            "within the recording (useHighlights is on)"
        )
    kept = [word for run in runs for word in run if word.start < segments[-1].end]
    return MediaCut(kind, scene[key], path, info, segments, kept)


def cut_cues(cut: MediaCut, offset: float, max_words: int) -> list[tuple[float, float, str]]:
    """Subtitle cues of the kept words, re-timed to the output: at most `max_words` words, never
    across sentences or segments; a cue stays up until the next one when the gap is short."""
    cues: list[list] = []
    for segment_words in cut.segment_words():
        chunk: list[Word] = []
        for word in segment_words:
            if chunk and (len(chunk) >= max_words or word.sentence != chunk[-1].sentence):
                cues.append(chunk)
                chunk = []
            chunk.append(word)
        if chunk:
            cues.append(chunk)
    timed = [
        [offset + cut.output_time(chunk[0].start), offset + cut.output_time(chunk[-1].end),
         " ".join(word.text for word in chunk)]
        for chunk in cues
    ]
    for current, following in zip(timed, timed[1:], strict=False):
        if 0 <= following[0] - current[1] < 0.6:
            current[1] = following[0]
    end = offset + cut.duration
    return [(round(start, 3), round(max(min(stop, end), start), 3), text) for start, stop, text in timed]
