"""The narration track of a sandbox video and the words the video speaks.

The track is mono 16-bit at the speech engine's rate and as long as the timeline:

* a story scene read by an AI voice is spoken from the scene's start (speech.spoken);
* a media scene with an AI voice (`voiceOver.aiVoices`) has the kept words of each segment
  spoken from the segment's start, fitted into the segment;
* an external voice-over file starts with the first scene it narrates and is cut at the end of
  the last one (silence fills what it does not cover); `amplificationLevel` −1…1 is a gain of
  −10…+10 dB (inferred).

The spoken words (for spoken_words.py) are timed within what was actually spoken: each spoken
piece's words share its audible samples in proportion to their characters. A media scene that
plays its own sound speaks its kept words re-timed to the output (without a transcript: the words
its file carries, if any); an external voice file speaks the words it carries. When some speech
is not known word by word (a file that carries no words, without a transcript), `words` is None
and the video carries no words, so a transcription listens to it instead.
"""

import array
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

from . import speech, spoken_words
from .spoken_words import SpokenWord
from .timeline import ExternalVoice, Scene, Timeline

AUDIBLE = 300  # sample magnitude above eSpeak's leading and trailing near-silence
WORDS_PER_MINUTE = speech.WORDS_PER_MINUTE
GAIN_DB_PER_LEVEL = 10.0


@dataclass
class Narration:
    samples: array.array
    rate: int
    words: list[SpokenWord] | None
    silent: bool = False  # AI speech was wanted but there is no speech engine


def _audible_span(samples: array.array) -> tuple[int, int]:
    first = next((i for i, value in enumerate(samples) if abs(value) > AUDIBLE), 0)
    last = next((i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > AUDIBLE), len(samples) - 1)
    return first, max(first, last)


def timed_words(
    words: list[tuple[str, int]], samples: array.array, rate: int, at: float, speaker: int
) -> list[SpokenWord]:
    """(word, sentence) pairs timed across the audible part of their spoken samples by characters."""
    if not words or not samples:
        return []
    first, last = _audible_span(samples)
    begin, span = at + first / rate, (last - first) / rate
    weights = [len(word) + 1 for word, _ in words]
    total = sum(weights)
    timed, elapsed = [], 0
    for (word, sentence), weight in zip(words, weights, strict=True):
        start = begin + span * elapsed / total
        end = begin + span * (elapsed + weight - 1) / total
        timed.append(SpokenWord(word, round(start, 3), round(end, 3), speaker, sentence))
        elapsed += weight
    return timed


class _Track:
    def __init__(self, seconds: float, rate: int):
        self.rate = rate
        self.samples = array.array("h", bytes(2 * (int(seconds * rate) + 1)))

    def put(self, samples: array.array, at: float) -> None:
        start = int(at * self.rate)
        end = min(start + len(samples), len(self.samples))
        if end > start:
            self.samples[start:end] = samples[: end - start]


def _speak_pieces(timeline: Timeline, track: _Track) -> list[SpokenWord]:
    """AI voices: story scenes whole, media scenes segment by segment."""
    words: list[SpokenWord] = []
    for scene in timeline.scenes:
        if not scene.speaks:
            continue
        voice = speech.voice_name(scene.voice, timeline.language)
        wpm = int(WORDS_PER_MINUTE * scene.speed / 100)
        for at, seconds, pieces in _pieces(scene):
            text = " ".join(word for word, _ in pieces)
            samples = speech.spoken(text, voice=voice, wpm=wpm, seconds=seconds)
            track.put(samples, at)
            words += timed_words(pieces, samples, track.rate, at, scene.speaker_index)
    return words


def _pieces(scene: Scene) -> list[tuple[float, float, list[tuple[str, int]]]]:
    """(start, seconds, [(word, sentence)]) of what a scene's AI voice says, piece by piece."""
    if scene.media is None:
        return [(scene.start, scene.duration, [(word, scene.index) for word in scene.narration.split()])]
    pieces = []
    for offset, segment, words in zip(
        scene.media.offsets(), scene.media.segments, scene.media.segment_words(), strict=True
    ):
        if words:
            pieces.append((scene.start + offset, segment.duration, [(word.text, word.sentence) for word in words]))
    return pieces


def _voice_window(timeline: Timeline, voice: ExternalVoice) -> tuple[float, float]:
    narrated = [scene for scene in timeline.scenes if scene.external_voice == voice.key]
    if not narrated:
        return 0.0, 0.0
    return narrated[0].start, narrated[-1].end


def _decode(path: Path, seconds: float, rate: int, gain_db: float) -> array.array:
    result = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-t", f"{seconds:.3f}",
            "-vn", "-af", f"volume={gain_db:.2f}dB", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-",
        ],
        capture_output=True, timeout=600, check=False,
    )
    samples = array.array("h")
    samples.frombytes(result.stdout[: len(result.stdout) // 2 * 2])
    return samples


def _carried_words(path: Path, at: float, seconds: float) -> list[SpokenWord] | None:
    """The words a media file carries, shifted to start at `at` and kept within `seconds`."""
    carried = spoken_words.read(path) if path.suffix.lower() in (".mp4", ".m4a", ".mov") else None
    if carried is None:
        return None
    return [
        SpokenWord(w.word, round(at + w.start, 3), round(at + min(w.end, seconds), 3), w.speaker_id, w.sentence_index)
        for w in carried[1]
        if w.start < seconds
    ]


def _external_voices(timeline: Timeline, track: _Track) -> list[SpokenWord] | None:
    words: list[SpokenWord] | None = []
    for voice in timeline.external_voices:
        start, end = _voice_window(timeline, voice)
        if end <= start:
            continue
        gain = voice.amplification * GAIN_DB_PER_LEVEL
        track.put(_decode(voice.path, end - start, track.rate, gain), start)
        carried = _carried_words(voice.path, start, end - start)
        words = None if carried is None or words is None else words + carried
    return words


def narrate(timeline: Timeline) -> Narration:
    """The narration track and the words it speaks."""
    track = _Track(timeline.duration, speech.rate())
    wanted = any(scene.speaks for scene in timeline.scenes)
    silent = wanted and not speech.available()
    words = _speak_pieces(timeline, track)
    external = _external_voices(timeline, track)
    return Narration(track.samples, track.rate, None if external is None else words + external, silent)


def write_wav(narration: Narration, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(narration.rate)
        audio.writeframes(narration.samples.tobytes())


def _media_words(scene: Scene) -> list[SpokenWord] | None:
    """The words a media scene's own sound speaks, in output time."""
    cut = scene.media
    if cut.words:
        return [
            SpokenWord(w.text, round(scene.start + cut.output_time(w.start), 3),
                       round(scene.start + cut.output_time(w.end), 3), w.speaker, w.sentence)
            for w in cut.words
        ]
    if not cut.info.has_audio:
        return []
    return _carried_words(cut.path, scene.start, scene.duration)


def video_words(timeline: Timeline, narration: Narration | None) -> list[SpokenWord] | None:
    """Every word the video speaks, in time order; None when some speech is not known word by word."""
    words = list(narration.words or []) if narration else []
    if narration is not None and narration.words is None:
        return None
    for scene in timeline.scenes:
        if scene.media is None or scene.voice is not None:
            continue
        found = _media_words(scene)
        if found is None:
            return None
        words += found
    return sorted(words, key=lambda word: word.start)
