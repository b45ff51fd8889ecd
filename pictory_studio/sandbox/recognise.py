"""English speech to timed words, offline, with PocketSphinx and its bundled US English model.

The media is decoded by the bundled ffmpeg to 16 kHz mono PCM in a work file, cut at silences
(at least MIN_CUT_SILENCE long) into pieces of at most MAX_PIECE_SECONDS, and each piece is one
utterance for the decoder. Pieces keep memory flat on long recordings and give the language
model real sentence starts.

The decoder settings give about twice the speed of PocketSphinx's defaults at the same share
of words recognised (bench/transcription_speed.py): no second flat-lexicon pass (`fwdflat`),
and at most 4000 active HMMs per frame (`maxhmmpf`, default 30000). Narrower beams, frame
downsampling (`ds`), fewer Gaussians (`topn`) or other language weights cost accuracy. One
decoder serves the process; its feature state (cepstral mean) is reset for every file, so a
file always gives the same words.
"""

import array
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

SAMPLE_RATE = 16000
FRAME_SAMPLES = 160  # 10 ms, the decoder's frame rate
FRAMES_PER_SECOND = SAMPLE_RATE // FRAME_SAMPLES
MIN_CUT_SILENCE = 0.3
MAX_PIECE_SECONDS = 30.0
DECODER_SETTINGS = {"fwdflat": False, "maxhmmpf": 4000, "loglevel": "FATAL"}
_FILLER = re.compile(r"^(<.*>|\[.*\]|\+\+.*\+\+)$")
_VARIANT = re.compile(r"\(\d+\)$")
_READ_FRAMES = 6000  # levels are measured a minute of audio at a time


class RecognitionError(Exception):
    """The audio could not be decoded or recognised; the message says why."""


@dataclass(frozen=True)
class HeardWord:
    word: str
    start: float
    end: float


def decode_to_pcm(media: Path, target: Path) -> float:
    """Write the sound of `media` as 16 kHz mono 16-bit PCM; its length in seconds."""
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-i", str(media), "-vn", "-ac", "1",
         "-ar", str(SAMPLE_RATE), "-f", "s16le", str(target)],
        capture_output=True, timeout=3600, check=False,
    )
    if result.returncode != 0:
        raise RecognitionError("ffmpeg could not decode the sound of the file")
    return target.stat().st_size / 2 / SAMPLE_RATE


def frame_levels(pcm: Path) -> array.array:
    """The peak amplitude of every 10 ms frame."""
    levels = array.array("i")
    with pcm.open("rb") as source:
        while block := source.read(_READ_FRAMES * FRAME_SAMPLES * 2):
            samples = array.array("h")
            samples.frombytes(block[: len(block) - len(block) % 2])
            for offset in range(0, len(samples), FRAME_SAMPLES):
                frame = samples[offset : offset + FRAME_SAMPLES]
                levels.append(max(max(frame), -min(frame)))
    return levels


def _quiet_threshold(levels: array.array) -> int:
    """A level under which a frame counts as silence: above the recording's noise floor, well
    under its speech (eSpeak and rendered narration have digital silence: floor 0)."""
    ordered = sorted(levels)
    floor = ordered[len(ordered) // 10]
    loud = ordered[min(len(ordered) - 1, len(ordered) * 99 // 100)]
    return max(2 * floor, loud * 3 // 100, 50)


def _split_long(start: int, end: int, levels: array.array) -> list[tuple[int, int]]:
    """Cut a piece longer than the limit at its quietest frame in the second half of each window."""
    limit = int(MAX_PIECE_SECONDS * FRAMES_PER_SECOND)
    pieces = []
    while end - start > limit:
        window = range(start + limit // 2, start + limit)
        cut = min(window, key=lambda index: (levels[index], index))
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def speech_pieces(levels: array.array) -> list[tuple[int, int]]:
    """(first frame, end frame) of each piece with sound: cut in the middle of every silence of at
    least MIN_CUT_SILENCE, none longer than MAX_PIECE_SECONDS."""
    if not levels:
        return []
    threshold = _quiet_threshold(levels)
    needed = int(MIN_CUT_SILENCE * FRAMES_PER_SECOND)
    cuts, run = [], 0
    for index, level in enumerate(levels):
        if level <= threshold:
            run += 1
            continue
        if run >= needed and index - run > 0:
            cuts.append(index - run // 2)
        run = 0
    bounds = [0, *cuts, len(levels)]
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        pieces += _split_long(start, end, levels)
    # Silence says nothing: a piece without a loud frame is not decoded at all.
    return [(start, end) for start, end in pieces if max(levels[start:end]) > threshold]


_decoder = None
_decoder_lock = threading.Lock()


def _shared_decoder():
    """The process's decoder, made on first use (the caller holds the lock)."""
    global _decoder
    if _decoder is None:
        try:
            from pocketsphinx import Decoder
        except ImportError as error:
            raise RecognitionError("the speech recogniser (pocketsphinx) is not installed") from error
        _decoder = Decoder(**DECODER_SETTINGS)
    return _decoder


def clean_word(raw: str) -> str:
    """A dictionary word as written: '' for fillers (<s>, <sil>, [NOISE]…), variants' "(2)" dropped."""
    if _FILLER.match(raw):
        return ""
    return _VARIANT.sub("", raw)


def recognise_pcm(pcm: Path) -> list[HeardWord]:
    """The words heard in a PCM file written by decode_to_pcm, in time order."""
    pieces = speech_pieces(frame_levels(pcm))
    heard: list[HeardWord] = []
    with _decoder_lock, pcm.open("rb") as source:
        decoder = _shared_decoder()
        decoder.reinit_feat()  # forget the previous file's cepstral mean: same file, same words
        for first, end in pieces:
            source.seek(first * FRAME_SAMPLES * 2)
            audio = source.read((end - first) * FRAME_SAMPLES * 2)
            decoder.start_utt()
            decoder.process_raw(audio, False, False)
            decoder.end_utt()
            offset = first / FRAMES_PER_SECOND
            for segment in decoder.seg():
                word = clean_word(segment.word)
                if word:
                    heard.append(HeardWord(
                        word,
                        round(offset + segment.start_frame / FRAMES_PER_SECOND, 3),
                        round(offset + (segment.end_frame + 1) / FRAMES_PER_SECOND, 3),
                    ))
    return heard


def recognise_media(media: Path, work: Path) -> list[HeardWord]:
    """The words heard in a media file; `work` is a folder for the PCM copy (removed after)."""
    pcm = work / "speech.pcm"
    try:
        decode_to_pcm(media, pcm)
        return recognise_pcm(pcm)
    finally:
        pcm.unlink(missing_ok=True)
