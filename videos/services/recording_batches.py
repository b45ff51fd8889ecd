"""Bulk highlight clips: many recordings, one clip each, hands-off.

Launching adds each row's recording and queues its transcription. When a row's transcription
completes, Pictory is asked for highlights of the row's length; when those arrive, the cut
renders as version 1 of its own project, in the batch's shape and brand kit. Each stage starts
from the result of the one before (`recording_batch_result_stored`, called where finished
transcription and highlights jobs are stored), and a page watching the batch starts any stage
that is due but was not started (`recording_batch_advance`).

Money: every stage's request carries a token made from the row (uuid5), so however often a
stage is started — a status applied twice, a task delivered twice, two workers at once — a row
makes at most one transcription, one highlights job and one paid render.
"""
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from videos.models import (
    AspectRatio,
    Brand,
    HighlightCut,
    JobKind,
    JobStatus,
    NotificationKind,
    Project,
    Recording,
    RecordingBatch,
    RenderJob,
    TranscriptionLanguage,
)
from videos.services.highlight_cuts import MAX_TARGET, MIN_TARGET, CutRefused, cut_project, cut_request
from videos.services.job_requests import StoryboardNotReady, render_job_request
from videos.services.notifications import notify
from videos.services.recording_batch_lines import MAX_ROWS, BatchLine, RefusedLine
from videos.services.recording_batch_rows import FAILED, READY, recording_batch_rows, recording_batch_summary
from videos.services.recordings import RecordingRefused, recording_kind_for_url, recording_transcribe

_TOKENS = uuid.UUID("6b1f0d8e-3c2a-4f57-9a4e-0c7d2b9e5a31")


class BatchRefused(Exception):
    """The batch cannot be launched; the message says what to do."""


# --- the tokens that make every stage happen once per row ----------------------------------------

def transcription_token(recording_id: int) -> uuid.UUID:
    return uuid.uuid5(_TOKENS, f"{recording_id}transcription")


def highlights_token(recording_id: int) -> uuid.UUID:
    return uuid.uuid5(_TOKENS, f"{recording_id}highlights")


def render_token(cut_id: int) -> uuid.UUID:
    return uuid.uuid5(_TOKENS, f"{cut_id}render")


# --- launching ---------------------------------------------------------------------------------

def _title(line: BatchLine) -> str:
    name = line.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "Recording"
    return (line.title.strip() or name)[:200]


def _check(*, lines: list[BatchLine], target_seconds: int, aspect_ratio: str, language: str,
           brand: Brand | None) -> None:
    if not lines:
        raise BatchRefused("Paste at least one recording address, one per line.")
    if len(lines) > MAX_ROWS:
        raise BatchRefused(f"A batch takes up to {MAX_ROWS} recordings; split the list.")
    if not MIN_TARGET <= target_seconds <= MAX_TARGET:
        raise BatchRefused(f"A clip lasts between {MIN_TARGET} and {MAX_TARGET} seconds.")
    if aspect_ratio not in AspectRatio.values:
        raise BatchRefused("Pick one of the shapes in the list.")
    if language not in TranscriptionLanguage.values:
        raise BatchRefused("Pick one of the spoken languages in the list.")
    if brand is not None and brand.is_archived:
        raise BatchRefused(f"The brand kit {brand.name} was archived. Pick another one.")


def recording_batch_launch(
    *, lines: list[BatchLine], user, name: str, target_seconds: int, aspect_ratio: str = AspectRatio.PORTRAIT,
    language: str = TranscriptionLanguage.EN_US, brand: Brand | None = None,
    skipped: Iterable[RefusedLine] = (), request_token=None,
) -> RecordingBatch:
    """Add every row's recording and queue its transcription; the rest follows by itself.

    The same `request_token` again (the form sent twice) returns the batch the first made.
    """
    if request_token:
        existing = RecordingBatch.objects.filter(request_token=request_token).first()
        if existing is not None:
            return existing
    _check(lines=lines, target_seconds=target_seconds, aspect_ratio=aspect_ratio, language=language, brand=brand)
    name = " ".join(name.split())[:200] or f"Highlight clips · {timezone.localdate():%d %b %Y}"
    try:
        with transaction.atomic():
            batch = RecordingBatch.objects.create(
                name=name, target_seconds=target_seconds, aspect_ratio=aspect_ratio, brand=brand, language=language,
                skipped_lines=[line.as_dict() for line in skipped], request_token=request_token, created_by=user)
            for line in lines:
                recording = Recording.objects.create(
                    title=_title(line), kind=recording_kind_for_url(line.url), url=line.url, language=language,
                    created_by=user, batch=batch, batch_line=line.line, batch_seconds=line.seconds)
                recording_transcribe(recording=recording, user=user, request_token=transcription_token(recording.pk))
    except IntegrityError:
        existing = RecordingBatch.objects.filter(request_token=request_token).first() if request_token else None
        if existing is None:
            raise
        return existing
    except RecordingRefused as refused:
        raise BatchRefused(str(refused)) from None
    return batch


# --- the chain ---------------------------------------------------------------------------------

def _stop(recording: Recording, why: str) -> None:
    """The row's next stage cannot start: it stops here with the reason; the others go on."""
    Recording.objects.filter(pk=recording.pk, batch_problem="").update(batch_problem=why[:500],
                                                                       updated_at=timezone.now())


def _request_highlights(recording: Recording) -> None:
    """Ask Pictory for the row's highlights (its transcription job, as loaded, has completed)."""
    if recording.batch_cut_id or recording.batch_problem:
        return
    batch = recording.batch
    try:
        # One transaction: the highlights job is sent only once the row knows its cut.
        with transaction.atomic():
            cut = cut_request(recording=recording, seconds=recording.batch_seconds or batch.target_seconds,
                              user=batch.created_by, request_token=highlights_token(recording.pk))
            Recording.objects.filter(pk=recording.pk, batch_cut__isnull=True).update(batch_cut=cut)
    except CutRefused as refused:
        _stop(recording, f"Highlights were not asked for: {refused}")


def _project(cut: HighlightCut, batch: RecordingBatch) -> Project:
    try:
        project = cut_project(cut=cut, user=batch.created_by)
    except IntegrityError:  # made at the same moment by the other delivery
        project = Project.objects.get(highlight_cut=cut)
    if (project.aspect_ratio, project.brand_id) != (batch.aspect_ratio, batch.brand_id):
        project.aspect_ratio, project.brand = batch.aspect_ratio, batch.brand
        project.save(update_fields=["aspect_ratio", "brand", "updated_at"])
    return project


def _request_render(recording: Recording, cut: HighlightCut) -> None:
    if recording.batch_render_id or recording.batch_problem:
        return
    token = render_token(cut.pk)
    if not cut.sentence_uids and not RenderJob.objects.filter(request_token=token).exists():
        _stop(recording, "Pictory picked no sentences to keep, so there is nothing to render. Open the "
                         "recording to tick sentences yourself and render the cut from there.")
        return
    batch = recording.batch
    try:
        # One transaction: the render is sent only once the row knows it.
        with transaction.atomic():
            job = RenderJob.objects.filter(request_token=token).first()
            if job is None:
                job = render_job_request(project=_project(cut, batch), kind=JobKind.RENDER, user=batch.created_by,
                                         request_token=token).job
            Recording.objects.filter(pk=recording.pk, batch_render__isnull=True).update(batch_render=job)
    except StoryboardNotReady as exc:
        _stop(recording, "Not rendered: " + " ".join(p.message for p in exc.problems))


def _rows():
    return Recording.objects.select_related("batch__brand", "batch__created_by", "transcription_job", "batch_cut")


def recording_batch_result_stored(*, job: RenderJob) -> None:
    """A transcription or highlights job has completed (its words are stored): start the
    row's next stage. Safe to run twice: each stage is asked for with a one-time token."""
    if job.kind == JobKind.TRANSCRIPTION:
        for recording in _rows().filter(transcription_job_id=job.pk, batch__isnull=False):
            _request_highlights(recording)
    elif job.kind == JobKind.HIGHLIGHTS:
        for recording in _rows().filter(batch_cut__highlights_job=job, batch__isnull=False):
            _request_render(recording, HighlightCut.objects.get(pk=recording.batch_cut_id))


def recording_batch_advance(*, recordings: Iterable[Recording]) -> int:
    """Start any stage that is due but was not started (a page watching the batch calls this).

    `recordings` come with their transcription job, batch cut (and its highlights job) loaded.
    Returns how many rows were moved on.
    """
    moved = 0
    for recording in recordings:
        if recording.batch_problem or recording.batch_render_id:
            continue
        transcription = recording.transcription_job
        cut = recording.batch_cut
        if cut is None and transcription is not None and transcription.status == JobStatus.COMPLETED:
            _request_highlights(recording)
            moved += 1
        elif cut is not None and cut.highlights_job is not None and cut.highlights_job.status == JobStatus.COMPLETED:
            _request_render(recording, cut)
            moved += 1
    return moved


def recording_batch_finish(*, batch: RecordingBatch, ready: int, failed: int) -> bool:
    """Mark the batch finished (every row ready or failed) and tell who started it, once."""
    if batch.finished_at is not None:
        return False
    if not RecordingBatch.objects.filter(pk=batch.pk, finished_at__isnull=True).update(finished_at=timezone.now()):
        return False
    lines = [f"Your bulk highlight clips “{batch.name}” have finished.", "", f"Clips ready: {ready}",
             f"Failed: {failed}", "", "Open the run to watch and download the clips"
             + (" and see why rows failed:" if failed else ":")]
    notify(user=batch.created_by, kind=NotificationKind.BATCH_FINISHED,
           subject=f"Highlight clips finished: {batch.name} — {ready} ready, {failed} failed", lines=lines,
           path=batch.get_absolute_url())
    return True


def recording_batch_job_finished(*, job_id: int) -> bool:
    """A job reached its final state: finish its batch if that was the last row under way.

    For a `render_job_finished` receiver, so a run nobody watches still finishes and tells its
    launcher (pages watching a run finish it too).
    """
    of_row = Q(transcription_job_id=job_id) | Q(batch_cut__highlights_job_id=job_id) | Q(batch_render_id=job_id)
    batch = RecordingBatch.objects.filter(recordings__in=Recording.objects.filter(of_row), finished_at__isnull=True
                                          ).select_related("created_by").first()
    if batch is None:
        return False
    summary = recording_batch_summary(rows=recording_batch_rows(batch=batch))
    if summary.busy:
        return False
    return recording_batch_finish(batch=batch, ready=summary.counts[READY], failed=summary.counts[FAILED])
