"""Transcripts: what Pictory heard, kept as it came, and the team's corrections beside it.

Both versions are lists of sentences in the contract's shape (§4.2):
`{"uid", "speakerId", "words": [{"uid", "word", "start_time", "end_time", "speakerId",
"sentence_index", "is_pause"?, "pause_size"?}]}`. The first correction copies the original into
`corrected`; later ones rewrite that copy. Word uids never change, so a corrected word can
always be shown beside the word Pictory heard.
"""
import copy
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from videos.models import HighlightCut, Recording, Transcript

MAX_WORD_CHARS = 60
_SPLIT_NAMESPACE = uuid.UUID("0f0c8b52-6a9e-4c83-9d35-2f4f2a9b7d10")


class TranscriptEditRefused(Exception):
    """The edit cannot be made; the message says why and what to do instead."""


@dataclass(frozen=True)
class Word:
    uid: str
    text: str
    start: float
    end: float
    original: str  # what Pictory heard; equal to text unless corrected

    @property
    def corrected(self) -> bool:
        return self.text != self.original


@dataclass(frozen=True)
class Sentence:
    uid: str
    speaker_id: int
    words: tuple[Word, ...]
    original_text: str  # the words as Pictory heard them

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def start(self) -> float:
        return self.words[0].start if self.words else 0.0

    @property
    def end(self) -> float:
        return self.words[-1].end if self.words else 0.0

    @property
    def seconds(self) -> float:
        return max(0.0, self.end - self.start)

    @property
    def corrected(self) -> bool:
        return any(w.corrected for w in self.words) or self.text != self.original_text


# --- reading ----------------------------------------------------------------------------------

def sentence_items_from_result(result) -> list[dict]:
    """Pictory's transcript (a TranscriptionResult) as plain contract-shaped dicts."""
    items = []
    for index, sentence in enumerate(result.sentences):
        words = []
        for word in sentence.words:
            item = {"uid": word.uid, "word": word.word, "start_time": word.start, "end_time": word.end,
                    "speakerId": word.speaker_id, "sentence_index": index}
            if word.is_pause:
                item.update(is_pause=True, pause_size=word.pause_size or "small")
            words.append(item)
        items.append({"uid": sentence.uid or f"sentence-{index}", "speakerId": sentence.speaker_id, "words": words})
    return items


def _spoken(items: list[dict]) -> list[dict]:
    return [w for w in items if not w.get("is_pause") and str(w.get("word", "")).strip()]


def _original_words(original: list[dict]) -> dict[str, str]:
    return {w["uid"]: w["word"] for s in original for w in _spoken(s.get("words") or [])}


def _sentence(item: dict, heard: dict[str, str], original_text: str) -> Sentence:
    words = tuple(
        Word(uid=w["uid"], text=str(w["word"]), start=float(w.get("start_time") or 0),
             end=float(w.get("end_time") or 0), original=heard.get(w["uid"], str(w["word"])))
        for w in _spoken(item.get("words") or [])
    )
    return Sentence(uid=item["uid"], speaker_id=int(item.get("speakerId") or 0), words=words,
                    original_text=original_text)


def transcript_sentences(transcript: Transcript | None) -> list[Sentence]:
    """The sentences as the team last left them (corrections applied), with what Pictory heard."""
    if transcript is None:
        return []
    heard = _original_words(transcript.original)
    items = transcript.corrected if transcript.corrected is not None else transcript.original
    sentences = []
    for item in items:
        original_text = " ".join(heard.get(w["uid"], w["word"]) for w in _spoken(item.get("words") or []))
        sentence = _sentence(item, heard, original_text)
        if sentence.words:
            sentences.append(sentence)
    return sentences


def original_sentences(transcript: Transcript) -> list[Sentence]:
    heard = _original_words(transcript.original)
    found = [_sentence(item, heard, "") for item in transcript.original]
    return [Sentence(s.uid, s.speaker_id, s.words, s.text) for s in found if s.words]


def transcript_items_marked(transcript: Transcript, keep: set[str]) -> list[dict]:
    """The current sentences in the contract's shape, every word marked `highlight` when its
    sentence is kept (what a highlight-cut render sends)."""
    items = copy.deepcopy(transcript.corrected if transcript.corrected is not None else transcript.original)
    for index, sentence in enumerate(items):
        kept = sentence["uid"] in keep
        for word in sentence.get("words") or []:
            word["highlight"] = kept
            word["sentence_index"] = index
    return [s for s in items if _spoken(s.get("words") or [])]


# --- storing Pictory's answer ------------------------------------------------------------------

def transcript_store(*, recording: Recording, result) -> Transcript:
    """Keep a completed transcription. A new transcription replaces the old one and its edits."""
    media = result.media_info or {}
    transcript, _ = Transcript.objects.update_or_create(
        recording=recording,
        defaults={"original": sentence_items_from_result(result), "corrected": None,
                  "txt_url": _web(result.txt_url), "srt_url": _web(result.srt_url), "vtt_url": _web(result.vtt_url),
                  "media_info": media, "corrected_by": None, "corrected_at": None},
    )
    updates = {}
    duration = _number(media.get("duration"))
    if duration and not recording.duration_seconds:
        updates["duration_seconds"] = duration
    for name in ("width", "height"):
        value = _number(media.get(name))
        if value and not getattr(recording, name):
            updates[name] = int(value)
    if updates:
        Recording.objects.filter(pk=recording.pk).update(**updates)
    return transcript


def _web(value: str) -> str:
    return value if value.startswith(("https://", "http://")) else ""


def _number(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --- corrections ------------------------------------------------------------------------------

def _editable(transcript: Transcript) -> list[dict]:
    return copy.deepcopy(transcript.corrected if transcript.corrected is not None else transcript.original)


def _save(transcript: Transcript, items: list[dict], user) -> None:
    transcript.corrected = items
    transcript.corrected_by = user
    transcript.corrected_at = timezone.now()
    transcript.save(update_fields=["corrected", "corrected_by", "corrected_at"])


def _locked(transcript: Transcript) -> Transcript:
    return Transcript.objects.select_for_update().get(pk=transcript.pk)


def transcript_correct_word(*, transcript: Transcript, word_uid: str, text: str, user) -> Sentence:
    """Change one word's text; its timing stays. Returns the sentence as it now reads."""
    text = " ".join(text.split())
    if not text:
        raise TranscriptEditRefused("A word cannot be empty. To drop a sentence from a cut, untick it instead.")
    if len(text) > MAX_WORD_CHARS:
        raise TranscriptEditRefused(f"Keep a word under {MAX_WORD_CHARS} characters.")
    with transaction.atomic():
        transcript = _locked(transcript)
        items = _editable(transcript)
        for sentence in items:
            for word in sentence.get("words") or []:
                if word.get("uid") == word_uid and not word.get("is_pause"):
                    word["word"] = text
                    _save(transcript, items, user)
                    return _find(transcript, sentence["uid"])
    raise TranscriptEditRefused("That word is no longer in the transcript. Reload the page to see it as it is.")


def transcript_merge_sentences(*, transcript: Transcript, sentence_uid: str, user) -> None:
    """Join a sentence with the one after it (it keeps its uid, so cuts that keep it still do)."""
    with transaction.atomic():
        transcript = _locked(transcript)
        items = [s for s in _editable(transcript) if _spoken(s.get("words") or [])]
        index = next((i for i, s in enumerate(items) if s["uid"] == sentence_uid), None)
        if index is None:
            raise TranscriptEditRefused("That sentence is no longer in the transcript. Reload the page.")
        if index == len(items) - 1:
            raise TranscriptEditRefused("The last sentence has nothing after it to join.")
        following = items.pop(index + 1)
        items[index]["words"] = [*items[index]["words"], *following["words"]]
        _save(transcript, items, user)


def transcript_split_sentence(*, transcript: Transcript, word_uid: str, user) -> str:
    """Start a new sentence at a word; returns the new sentence's uid. Cuts that kept the
    sentence keep both halves."""
    with transaction.atomic():
        transcript = _locked(transcript)
        items = _editable(transcript)
        for index, sentence in enumerate(items):
            words = sentence.get("words") or []
            position = next((i for i, w in enumerate(words) if w.get("uid") == word_uid), None)
            if position is None:
                continue
            if not _spoken(words[:position]):
                raise TranscriptEditRefused("The sentence already starts at that word.")
            new_uid = str(uuid.uuid5(_SPLIT_NAMESPACE, word_uid))
            items[index] = {**sentence, "words": words[:position]}
            items.insert(index + 1, {"uid": new_uid, "speakerId": sentence.get("speakerId", 0),
                                     "words": words[position:]})
            _save(transcript, items, user)
            for cut in HighlightCut.objects.select_for_update().filter(recording_id=transcript.recording_id):
                if sentence["uid"] in cut.sentence_uids and new_uid not in cut.sentence_uids:
                    cut.sentence_uids = [*cut.sentence_uids, new_uid]
                    cut.save(update_fields=["sentence_uids", "updated_at"])
            return new_uid
    raise TranscriptEditRefused("That word is no longer in the transcript. Reload the page.")


def transcript_revert(*, transcript: Transcript) -> None:
    """Drop every correction and go back to what Pictory heard."""
    Transcript.objects.filter(pk=transcript.pk).update(corrected=None, corrected_by=None, corrected_at=None)


def _find(transcript: Transcript, sentence_uid: str) -> Sentence:
    return next(s for s in transcript_sentences(transcript) if s.uid == sentence_uid)
