"""Transcripts in the shape of the contract (§4.2): sentences of timed words with pause markers,
and their TXT, SRT and WebVTT files.

A sentence is `{uid, speakerId, words: [...]}`; a word `{uid, word, start_time, end_time,
speakerId, sentence_index}`; a pause marker `{uid, word: "", is_pause: true, pause_size,
start_time, end_time, speakerId, sentence_index}` wherever the speaker is silent at least
PAUSE_SECONDS (a pause between two sentences closes the first). uids are UUIDv5 of the job id
and the item's place, so a job always reports the same ones.
"""

import re
import textwrap
import uuid
from dataclasses import dataclass

PAUSE_SECONDS = 0.3
MEDIUM_PAUSE_SECONDS = 0.7
LARGE_PAUSE_SECONDS = 1.5
SENTENCE_PAUSE_SECONDS = 0.5  # recognised speech: a silence this long ends a sentence
SENTENCE_MAX_WORDS = 20
PHRASE_PAUSE_SECONDS = 0.25  # …and so does a shorter one once a sentence has PHRASE_MIN_WORDS
PHRASE_MIN_WORDS = 12
CUE_MAX_CHARACTERS = 84  # two subtitle lines of 42
LINE_WIDTH = 42
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’)\]]*$")
_UID_NAMESPACE = uuid.UUID("0b0f2f4e-7c57-4a55-9a43-5d8f0e0c7a21")


@dataclass(frozen=True)
class TimedWord:
    """A spoken word before it is placed in a sentence. `group` is the sentence it belongs to
    when the source knows it (a sandbox video's words), else None."""

    word: str
    start: float
    end: float
    speaker_id: int = 0
    group: int | None = None


def item_uid(job_id, *place) -> str:
    return str(uuid.uuid5(_UID_NAMESPACE, ":".join(str(part) for part in (job_id, *place))))


def pause_size(seconds: float) -> str:
    if seconds < MEDIUM_PAUSE_SECONDS:
        return "small"
    return "medium" if seconds < LARGE_PAUSE_SECONDS else "large"


def _group_known(words: list[TimedWord]) -> list[list[TimedWord]]:
    """Sentences of words whose source names their sentence: a new one at each change of group
    or speaker, and after a word that ends a sentence."""
    groups: list[list[TimedWord]] = []
    for word in words:
        previous = groups[-1][-1] if groups else None
        if (
            previous is None
            or word.group != previous.group
            or word.speaker_id != previous.speaker_id
            or _SENTENCE_END.search(previous.word)
        ):
            groups.append([])
        groups[-1].append(word)
    return groups


def _group_heard(words: list[TimedWord]) -> list[list[TimedWord]]:
    """Sentences of recognised words (no punctuation): cut at long silences, at shorter ones once
    the sentence is long, and after SENTENCE_MAX_WORDS at the latest."""
    groups: list[list[TimedWord]] = []
    for word in words:
        current = groups[-1] if groups else None
        gap = word.start - current[-1].end if current else 0.0
        if (
            current is None
            or gap >= SENTENCE_PAUSE_SECONDS
            or (len(current) >= PHRASE_MIN_WORDS and gap >= PHRASE_PAUSE_SECONDS)
            or len(current) >= SENTENCE_MAX_WORDS
        ):
            groups.append([])
        groups[-1].append(word)
    return groups


def _written(text: str, *, first: bool, last: bool) -> str:
    """A recognised word as written in a sentence: "i" capitalised, the first word capitalised,
    the last one closed with a period."""
    if re.fullmatch(r"i('\w+)?", text):
        text = "I" + text[1:]
    if first:
        text = text[:1].upper() + text[1:]
    if last and not _SENTENCE_END.search(text):
        text += "."
    return text


def _round(seconds: float) -> float:
    return round(seconds, 3)


def build_sentences(words: list[TimedWord], *, job_id, recognised: bool) -> list[dict]:
    """The transcript of words in time order. Recognised words are written as sentences (capital
    first, period last); words from a sandbox video are kept exactly as spoken."""
    groups = _group_heard(words) if recognised else _group_known(words)
    sentences = []
    for index, group in enumerate(groups):
        items = []
        for position, word in enumerate(group):
            text = word.word
            if recognised:
                text = _written(text, first=position == 0, last=position == len(group) - 1)
            items.append({
                "uid": item_uid(job_id, index, position), "word": text,
                "start_time": _round(word.start), "end_time": _round(word.end),
                "speakerId": word.speaker_id, "sentence_index": index,
            })
        sentences.append({"uid": item_uid(job_id, index), "speakerId": group[0].speaker_id, "words": items})
    return add_pauses(sentences, job_id=job_id)


def add_pauses(sentences: list[dict], *, job_id) -> list[dict]:
    """Insert a pause marker after every word followed by PAUSE_SECONDS of silence or more."""
    spoken = [(s, w) for s, sentence in enumerate(sentences) for w in sentence["words"]]
    following = {id(word): spoken[i + 1][1] for i, (_, word) in enumerate(spoken[:-1])}
    for s, sentence in enumerate(sentences):
        words = []
        for word in sentence["words"]:
            words.append(word)
            after = following.get(id(word))
            gap = after["start_time"] - word["end_time"] if after else 0.0
            if gap >= PAUSE_SECONDS:
                words.append({
                    "uid": item_uid(job_id, s, "pause", len(words)), "word": "", "is_pause": True,
                    "pause_size": pause_size(gap), "start_time": word["end_time"],
                    "end_time": after["start_time"], "speakerId": word["speakerId"], "sentence_index": s,
                })
        sentence["words"] = words
    return sentences


# --- transcripts sent by callers -----------------------------------------------------------------


def _speaker(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _from_sentence(item: dict, index: int, *, job_id) -> dict:
    """A sentence object as sent, with missing uids filled in and its words re-numbered."""
    speaker = _speaker(item.get("speakerId"))
    words = []
    for position, word in enumerate(item["words"]):
        own = {key: value for key, value in word.items() if key != "highlight"}
        own.setdefault("uid", item_uid(job_id, index, position))
        own["speakerId"] = _speaker(word.get("speakerId", speaker))
        own["sentence_index"] = index
        words.append(own)
    return {"uid": item.get("uid") or item_uid(job_id, index), "speakerId": speaker, "words": words}


def _from_segment(item: dict, index: int, *, job_id) -> dict:
    """A {text, start, end} segment as a sentence: its words spread over the segment in
    proportion to their letters."""
    texts = str(item["text"]).split()
    start, end = float(item["start"]), float(item["end"])
    letters = sum(len(text) for text in texts) or 1
    speaker = _speaker(item.get("speakerId"))
    words, at = [], start
    for position, text in enumerate(texts):
        span = (end - start) * len(text) / letters
        words.append({
            "uid": item_uid(job_id, index, position), "word": text, "start_time": _round(at),
            "end_time": _round(at + span), "speakerId": speaker, "sentence_index": index,
        })
        at += span
    return {"uid": item_uid(job_id, index), "speakerId": speaker, "words": words}


def from_request(items: list[dict], *, job_id) -> list[dict]:
    """A transcript sent in a request body (validated), in either shape the contract shows:
    sentence objects `{uid, speakerId, words[]}` or segments `{text, start, end}`."""
    return [
        _from_sentence(item, index, job_id=job_id) if "words" in item else _from_segment(item, index, job_id=job_id)
        for index, item in enumerate(items)
    ]


# --- reading sentences ---------------------------------------------------------------------------


def spoken_words(sentence: dict) -> list[dict]:
    return [w for w in sentence.get("words") or [] if not w.get("is_pause") and str(w.get("word") or "").strip()]


def sentence_text(sentence: dict) -> str:
    return " ".join(str(w["word"]).strip() for w in spoken_words(sentence))


def sentence_span(sentence: dict) -> tuple[float, float] | None:
    """(first word's start, last word's end), None for a sentence without spoken words."""
    words = spoken_words(sentence)
    if not words:
        return None
    return float(words[0]["start_time"]), float(words[-1]["end_time"])


def transcript_end(sentences: list[dict]) -> float:
    ends = [float(w.get("end_time") or 0) for s in sentences for w in s.get("words") or []]
    return max(ends, default=0.0)


# --- files -------------------------------------------------------------------------------------------


def _clock(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _cues(sentences: list[dict]) -> list[tuple[float, float, str]]:
    """Subtitle cues: each sentence, in pieces of at most two lines, timed by their words."""
    cues = []
    for sentence in sentences:
        piece: list[dict] = []
        for word in [*spoken_words(sentence), None]:
            text = " ".join(str(w["word"]).strip() for w in piece)
            if piece and (word is None or len(text) + 1 + len(str(word["word"]).strip()) > CUE_MAX_CHARACTERS):
                cues.append((float(piece[0]["start_time"]), float(piece[-1]["end_time"]), text))
                piece = []
            if word is not None:
                piece.append(word)
    return cues


def _lines(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LINE_WIDTH, break_on_hyphens=False)) or text


def txt(sentences: list[dict]) -> str:
    """One sentence per line."""
    return "".join(f"{text}\n" for text in map(sentence_text, sentences) if text)


def srt(sentences: list[dict]) -> str:
    return "\n".join(
        f"{number}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{_lines(text)}\n"
        for number, (start, end, text) in enumerate(_cues(sentences), start=1)
    )


def vtt(sentences: list[dict]) -> str:
    return "WEBVTT\n\n" + "\n".join(
        f"{_clock(start, '.')} --> {_clock(end, '.')}\n{_lines(text)}\n" for start, end, text in _cues(sentences)
    )
