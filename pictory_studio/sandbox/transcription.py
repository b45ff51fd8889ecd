"""The work of transcription and highlights jobs: the transcript, its files and the media info.

A transcription reads only files the sandbox holds (media_sources). A sandbox-made MP4 carries
the words it speaks (spoken_words), which are used exactly, in any language; any other file is
listened to by the recogniser, which knows English only. The outcome is the dict of job fields
jobs.py stores when the job finishes.
"""

import math
import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import highlights, media_cuts, media_sources, quota, recognise, spoken_words, transcript
from .models import JobStatus, SandboxJob

FAILED_CODE = "TRANSCRIPTION_FAILED"
TXT_FILE = "transcript.txt"
SRT_FILE = "transcript.srt"
VTT_FILE = "transcript.vtt"
NOT_HELD_MESSAGE = (
    "The file at {url} could not be read: the sandbox only reads files uploaded to it "
    "(POST /v1/media/generateurl, then PUT) or rendered by it"
)
ENGLISH_ONLY_MESSAGE = (
    "The sandbox recognises English speech (en-US, en-GB, …); it transcribes its own videos in any "
    "language. Upload English audio or use real Pictory credentials."
)
_RATIOS = ((16, 9), (9, 16), (1, 1), (4, 5), (4, 3), (3, 4), (21, 9), (2, 3), (3, 2))


class TranscriptionFailed(Exception):
    def __init__(self, message: str, code: str = FAILED_CODE):
        super().__init__(message)
        self.code = code
        self.message = message


def file_name_of(url: str) -> str:
    """The last path segment of a media URL, for job listings."""
    return unquote(urlsplit(str(url)).path.rstrip("/").rsplit("/", 1)[-1])[:500]


def aspect_ratio(width: int, height: int) -> str | None:
    """"16:9"-style: the nearest common ratio within 2 %, else the reduced fraction."""
    if width <= 0 or height <= 0:
        return None
    for across, down in _RATIOS:
        if abs(width / height - across / down) <= 0.02 * across / down:
            return f"{across}:{down}"
    divisor = math.gcd(width, height)
    return f"{width // divisor}:{height // divisor}"


def _media_info(info: media_cuts.MediaInfo) -> dict:
    return {
        "duration": round(info.duration, 3),
        "width": info.width or None,
        "height": info.height or None,
        "aspectRatio": aspect_ratio(info.width, info.height) if info.has_video else None,
        "mediaType": "video" if info.has_video else "audio",
    }


def _write_files(sentences: list[dict], out_dir: Path) -> dict:
    """TXT, SRT and VTT of the sentences, each written aside and renamed into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = {TXT_FILE: transcript.txt(sentences), SRT_FILE: transcript.srt(sentences),
                VTT_FILE: transcript.vtt(sentences)}
    for name, text in contents.items():
        partial = out_dir / f".{name}.{uuid.uuid4().hex}"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, out_dir / name)
    return {"txt": TXT_FILE, "srt": SRT_FILE, "vtt": VTT_FILE}


def _carried_words(carried: list[spoken_words.SpokenWord]) -> list[transcript.TimedWord]:
    return [transcript.TimedWord(w.word, w.start, w.end, w.speaker_id, w.sentence_index) for w in carried]


def _heard_words(path: Path, language: str, out_dir: Path) -> list[transcript.TimedWord]:
    if not language.lower().startswith("en"):
        raise TranscriptionFailed(ENGLISH_ONLY_MESSAGE)
    work = out_dir / f".work-{uuid.uuid4().hex}"
    work.mkdir(parents=True)
    try:
        heard = recognise.recognise_media(path, work)
    except recognise.RecognitionError as error:
        raise TranscriptionFailed(f"The sound of the file could not be transcribed: {error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [transcript.TimedWord(w.word, w.start, w.end) for w in heard]


def transcription_produce(*, job: SandboxJob, out_dir: Path) -> dict:
    """The transcript of the job's file, its files, and the fields that complete the job."""
    body = job.storyboard
    url = body["fileUrl"]
    path = media_sources.local_media(url)
    if path is None:
        raise TranscriptionFailed(NOT_HELD_MESSAGE.format(url=media_cuts.shown_url(url)))
    info = media_cuts.probe(path)
    if info is None or info.duration <= 0 or not (info.has_audio or info.has_video):
        raise TranscriptionFailed(f"The file at {media_cuts.shown_url(url)} is not audio or video the sandbox can read")
    left = quota.transcription_seconds_left()
    if info.duration > left:
        raise TranscriptionFailed(
            f"The file needs {info.duration / 60:.2f} transcription minutes; {left / 60:.2f} are left",
            "INSUFFICIENT_CREDITS",
        )
    carried = spoken_words.read(path)
    if carried is not None:
        words, recognised = _carried_words(carried[1]), False
    elif info.has_audio:
        words, recognised = _heard_words(path, body.get("language", "en-US"), out_dir), True
    else:
        words, recognised = [], True  # a picture without sound says nothing
    sentences = transcript.build_sentences(words, job_id=job.id, recognised=recognised)
    result = {
        "transcript": sentences,
        "files": _write_files(sentences, out_dir),
        "mediaInfo": _media_info(info),
        "language": body.get("language", "en-US"),
        "wordsFrom": "recognised" if recognised else "video",
    }
    return {"status": JobStatus.COMPLETED, "result": result, "media_seconds": info.duration}


def highlights_produce(*, job: SandboxJob, out_dir: Path) -> dict:
    """The highlighted transcript, the files of the chosen sentences, and the completing fields."""
    body = job.storyboard
    sentences = transcript.from_request(body["transcript"], job_id=job.id)
    target = body["highlight_duration"]
    choice = highlights.highlight_choose(sentences=sentences, target_seconds=target,
                                         language=body.get("language") or "en")
    marked = highlights.highlight_mark(sentences=sentences, choice=choice)
    chosen = [marked[index] for index in choice.indexes]
    media_info = body.get("mediaInfo") or {
        "duration": round(float(body.get("duration") or transcript.transcript_end(sentences)), 3),
        "width": None, "height": None, "aspectRatio": None, "mediaType": None,
    }
    result = {
        "transcript": marked,
        "files": _write_files(chosen, out_dir),
        "mediaInfo": media_info,
        "highlightDuration": target,
        "highlightedDuration": choice.seconds,
    }
    return {"status": JobStatus.COMPLETED, "result": result}
