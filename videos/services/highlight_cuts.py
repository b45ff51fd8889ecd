"""Highlight cuts: Pictory picks the sentences for a target length, the editor adjusts them,
and the cut renders as a version of its own project (contract §11.5, current flow).

A cut keeps whole sentences, by uid. Its render sends one `videoUrl` scene (or `audioUrl` for
an audio recording) with the current transcript, every word marked `highlight` when its
sentence is kept. A whole audio recording (every sentence kept) becomes a video the other way
the contract describes: scenes of its text, narrated by the recording itself
(`voiceOver.externalVoice` with `syncVoice`).
"""
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from videos.job_states import HOLDS_A_VIDEO
from videos.models import (
    AspectRatio,
    Brand,
    HighlightCut,
    JobKind,
    JobStatus,
    Language,
    Project,
    Recording,
    RecordingKind,
    RenderJob,
    Transcript,
)
from videos.services.brand_payload import brand_fields, with_scene_logo
from videos.services.checks import Problem
from videos.services.queue import SUBMIT, enqueue
from videos.services.transcripts import Sentence, transcript_items_marked, transcript_sentences
from videos.services.webhooks import request_extras

TARGET_CHOICES = (30, 60, 90)
WHOLE_NAME = "Whole episode"
MIN_TARGET, MAX_TARGET = 5, 600
PODCAST_SCENE_WORDS = 40
# The highlights call takes a two-letter language (contract §5.5).
HIGHLIGHT_LANGUAGES = {"en", "es", "fr", "de", "it", "pt", "ja", "ko", "zh", "ar", "hi", "ru"}


class CutRefused(Exception):
    """The cut cannot be made or changed; the message says what to do."""


@dataclass(frozen=True)
class CutView:
    """A cut with its sentences resolved against the current transcript."""

    cut: HighlightCut
    sentences: list[Sentence]  # the whole transcript, corrections applied
    kept: list[Sentence]
    seconds: float
    words: int

    @property
    def over_target(self) -> bool:
        return self.seconds > self.cut.target_seconds * 1.15


def cut_view(*, cut: HighlightCut, sentences: list[Sentence] | None = None) -> CutView:
    if sentences is None:
        sentences = transcript_sentences(Transcript.objects.filter(recording_id=cut.recording_id).first())
    keep = set(cut.sentence_uids)
    kept = [s for s in sentences if s.uid in keep]
    return CutView(cut=cut, sentences=sentences, kept=kept, seconds=round(sum(s.seconds for s in kept), 2),
                   words=sum(len(s.words) for s in kept))


def cut_name_for(seconds: int) -> str:
    return {30: "30 s teaser", 60: "60 s highlight", 90: "90 s summary"}.get(seconds, f"{seconds} s highlight")


def _check_target(seconds) -> int:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        raise CutRefused("Give the length in whole seconds, for example 45.") from None
    if not MIN_TARGET <= value <= MAX_TARGET:
        raise CutRefused(f"A highlight lasts between {MIN_TARGET} and {MAX_TARGET} seconds.")
    return value


def cut_request(*, recording: Recording, seconds, user, name: str = "", request_token=None) -> HighlightCut:
    """A new cut, with Pictory asked to pick its sentences. A repeated click returns the first cut."""
    target = _check_target(seconds)
    transcription = recording.transcription_job
    if transcription is None or transcription.status != JobStatus.COMPLETED or not transcription.pictory_job_id:
        raise CutRefused("Transcribe the recording first; highlights are picked from its transcript.")
    if request_token:
        existing = RenderJob.objects.filter(request_token=request_token).first()
        if existing:
            return HighlightCut.objects.filter(highlights_job=existing).first() or _refuse_repeat()
    language = recording.language.split("-")[0].lower()
    payload = {"highlight_duration": target}
    if language in HIGHLIGHT_LANGUAGES:
        payload["language"] = language
    try:
        with transaction.atomic():
            job = RenderJob(kind=JobKind.HIGHLIGHTS, created_by=user,
                            endpoint=f"POST /v2/transcription/{transcription.pictory_job_id}/highlights")
            if request_token:
                job.request_token = request_token
            job.save()
            job.payload = {**payload, **request_extras(job.marker)}
            job.save(update_fields=["payload"])
            cut = HighlightCut.objects.create(recording=recording, name=(name.strip() or cut_name_for(target))[:120],
                                              target_seconds=target, highlights_job=job, created_by=user)
            enqueue(SUBMIT, job.pk, after_commit=True)
    except IntegrityError:
        existing = RenderJob.objects.filter(request_token=request_token).first() if request_token else None
        if existing is None:
            raise
        return HighlightCut.objects.filter(highlights_job=existing).first() or _refuse_repeat()
    return cut


def cut_whole_recording(*, recording: Recording, user) -> HighlightCut:
    """A cut of every sentence: a whole podcast episode as a video (no highlights asked).
    Made once per recording; asking again returns it."""
    sentences = transcript_sentences(Transcript.objects.filter(recording_id=recording.pk).first())
    if not sentences:
        raise CutRefused("Transcribe the recording first; the video is made from its sentences.")
    uids = [s.uid for s in sentences]
    with transaction.atomic():
        Recording.objects.select_for_update().filter(pk=recording.pk).exists()
        existing = HighlightCut.objects.filter(recording=recording, name=WHOLE_NAME, highlights_job=None).first()
        if existing is not None:
            return existing
        seconds = max(MIN_TARGET, round(sentences[-1].end - sentences[0].start))
        return HighlightCut.objects.create(recording=recording, name=WHOLE_NAME, target_seconds=seconds,
                                           sentence_uids=uids, suggested_uids=uids, created_by=user)


def _refuse_repeat():
    raise CutRefused("That click was already used for something else. Reload the page and try again.")


def cut_apply_highlights(*, job: RenderJob, result) -> None:
    """Pictory's pick: the sentences holding highlighted words. The editor's choice, once made, stays."""
    picked = [s.uid for s in result.sentences if any(w.highlight and not w.is_pause for w in s.words)]
    for cut in HighlightCut.objects.filter(highlights_job=job):
        cut.suggested_uids = picked
        if not cut.sentence_uids:
            cut.sentence_uids = picked
        cut.save(update_fields=["suggested_uids", "sentence_uids", "updated_at"])


def cut_toggle_sentence(*, cut: HighlightCut, sentence_uid: str, keep: bool) -> HighlightCut:
    with transaction.atomic():
        cut = HighlightCut.objects.select_for_update().get(pk=cut.pk)
        uids = [uid for uid in cut.sentence_uids if uid != sentence_uid]
        if keep:
            known = {s.uid for s in transcript_sentences(getattr(cut.recording, "transcript", None))}
            if sentence_uid not in known:
                raise CutRefused("That sentence is no longer in the transcript. Reload the page.")
            uids.append(sentence_uid)
        cut.sentence_uids = uids
        cut.save(update_fields=["sentence_uids", "updated_at"])
    return cut


def cut_reset(*, cut: HighlightCut) -> None:
    """Back to Pictory's pick."""
    HighlightCut.objects.filter(pk=cut.pk).update(sentence_uids=list(cut.suggested_uids))


def cut_rename(*, cut: HighlightCut, name: str, voice_over: bool) -> None:
    name = " ".join(name.split())[:120]
    if not name:
        raise CutRefused("Give the cut a name.")
    HighlightCut.objects.filter(pk=cut.pk).update(name=name, voice_over=voice_over)


# --- rendering ---------------------------------------------------------------------------------

def _default_brand() -> Brand | None:
    return Brand.objects.filter(is_default=True, archived_at__isnull=True).first()


def cut_project(*, cut: HighlightCut, user) -> Project:
    """The project whose versions are this cut's renders; made on first use, 9:16 by default."""
    try:
        return cut.project
    except Project.DoesNotExist:
        pass
    language = cut.recording.language.split("-")[0]
    with transaction.atomic():
        HighlightCut.objects.select_for_update().filter(pk=cut.pk).exists()
        existing = Project.objects.filter(highlight_cut=cut).first()
        if existing is not None:
            return existing
        return Project.objects.create(
            title=f"{cut.recording.title} — {cut.name}"[:200], owner=user, brand=_default_brand(),
            aspect_ratio=AspectRatio.PORTRAIT,
            language=language if language in Language.values else Language.ENGLISH,
            music_enabled=False, highlight_cut=cut,
        )


def _podcast_scenes(sentences: list[Sentence], brand: Brand | None) -> list[dict]:
    """The whole recording's text in scenes of a few sentences each."""
    scenes, current = [], []
    for sentence in sentences:
        current.append(sentence.text)
        if sum(len(text.split()) for text in current) >= PODCAST_SCENE_WORDS:
            scenes.append(" ".join(current))
            current = []
    if current:
        scenes.append(" ".join(current))
    background = {"color": brand.primary_color} if brand is not None else None
    bodies = []
    for text in scenes:
        body = {"story": text, "sceneTransition": "fade"}
        body["background"] = background or {"searchFilter": {"query": " ".join(text.split()[:6])}}
        bodies.append(with_scene_logo(body, brand))
    return bodies


def cut_storyboard_body(*, project: Project, cut: HighlightCut, sentences: list[Sentence] | None = None) -> dict:
    """The render request of a cut (contract §6, §11.5); stable for an unchanged cut."""
    recording = cut.recording
    # Read afresh: the render must send the transcript as corrected up to this moment.
    transcript = Transcript.objects.filter(recording_id=recording.pk).first()
    sentences = transcript_sentences(transcript) if sentences is None else sentences
    keep = set(cut.sentence_uids)
    brand = project.brand if project.brand_id else None
    body: dict = {"videoName": project.title.strip(), "aspectRatio": project.aspect_ratio, "language": project.language}
    whole_audio = recording.kind == RecordingKind.AUDIO and sentences and all(s.uid in keep for s in sentences)
    if whole_audio:
        body["scenes"] = _podcast_scenes(sentences, brand)
        body["voiceOver"] = {"enabled": True, "externalVoice": {"voiceUrl": recording.url, "syncVoice": True}}
    else:
        source = "audioUrl" if recording.kind == RecordingKind.AUDIO else "videoUrl"
        scene = {source: recording.url, "audioLanguage": recording.language,
                 "transcript": transcript_items_marked(transcript, keep) if transcript else [],
                 "mediaRepurposeSettings": {"useHighlights": True}}
        body["scenes"] = [with_scene_logo(scene, brand)]
        if cut.voice_over:
            body["voiceOver"] = {"enabled": True,
                                 "aiVoices": [{"speaker": project.voice_speaker, "speed": project.voice_speed}]}
    body["backgroundMusic"] = (
        {"enabled": True, "autoMusic": True, "volume": round(project.music_volume, 3)}
        if project.music_enabled else {"enabled": False, "volume": 0}
    )
    if project.aws_connection_id:
        body["awsConnectionId"] = project.aws_connection_id
    body.update(brand_fields(brand))
    return body


def cut_problems(*, cut: HighlightCut, view: CutView | None = None) -> list[Problem]:
    view = view or cut_view(cut=cut)
    job = cut.highlights_job
    if not view.kept:
        if job is not None and job.status in HOLDS_A_VIDEO and job.status != JobStatus.COMPLETED:
            return [Problem("cut", "Pictory is still picking the highlights; the render can start once they are in.")]
        return [Problem("cut", "Keep at least one sentence: tick the sentences to use on the recording's page.")]
    return []
