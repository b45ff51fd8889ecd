"""Reading a bulk highlight run for its pages: each row's stage, and the counts of the whole run.

A row's stage follows from the jobs it made (transcription → highlights → render) and from the
reason a stage could not start, so it needs nothing written when a job moves. One query reads
every row with its jobs.
"""
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from videos.job_states import ACTIVE_STATUSES
from videos.models import JobStatus, Recording, RecordingBatch, RenderJob
from videos.services.explain import explain_failure

WAITING, TRANSCRIBING, PICKING, RENDERING, READY, FAILED = (
    "waiting", "transcribing", "picking", "rendering", "ready", "failed")
STAGE_LABELS = {WAITING: "Waiting", TRANSCRIBING: "Transcribing", PICKING: "Picking highlights",
                RENDERING: "Rendering", READY: "Ready", FAILED: "Failed"}
# How far along a row at each stage is, for the overall bar.
STAGE_ORDER = (READY, FAILED, RENDERING, PICKING, TRANSCRIBING, WAITING)


@dataclass(frozen=True)
class BatchRow:
    recording: Recording
    stage: str
    reason: str = ""  # why a failed row stopped
    job: RenderJob | None = None  # the job of the row's current stage

    @property
    def label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def render(self) -> RenderJob | None:
        return self.recording.batch_render

    @property
    def progress(self) -> float | None:
        job = self.job
        return job.progress if job is not None and job.status == JobStatus.IN_PROGRESS else None


def _failure(job: RenderJob, what: str) -> str:
    if job.status == JobStatus.CANCELLED:
        return f"{what} was cancelled."
    # Pictory's own words when it gave some; otherwise what its code means.
    why = job.error_message.strip().rstrip(".") or explain_failure(job.error_code, "")[0]
    return f"{what} failed: {why}."


def batch_row_stage(recording: Recording) -> BatchRow:
    """Where a row is: the furthest stage it reached, or why it stopped."""
    transcription = recording.transcription_job
    cut = recording.batch_cut
    highlights = cut.highlights_job if cut is not None else None
    render = recording.batch_render
    if render is not None:
        if render.status == JobStatus.COMPLETED:
            return BatchRow(recording, READY, job=render)
        if render.status in ACTIVE_STATUSES:
            return BatchRow(recording, RENDERING, job=render)
        return BatchRow(recording, FAILED, _failure(render, "The render"), job=render)
    if recording.batch_problem:
        return BatchRow(recording, FAILED, recording.batch_problem)
    if highlights is not None:
        if highlights.status in (JobStatus.FAILED, JobStatus.CANCELLED):
            return BatchRow(recording, FAILED, _failure(highlights, "Picking highlights"), job=highlights)
        # Highlights in, render about to start: shown as rendering.
        return BatchRow(recording, PICKING if highlights.status != JobStatus.COMPLETED else RENDERING, job=highlights)
    if transcription is None:
        return BatchRow(recording, WAITING)
    if transcription.status in (JobStatus.FAILED, JobStatus.CANCELLED):
        return BatchRow(recording, FAILED, _failure(transcription, "The transcription"), job=transcription)
    if transcription.status == JobStatus.COMPLETED:
        return BatchRow(recording, PICKING, job=transcription)
    if transcription.status == JobStatus.QUEUED:
        return BatchRow(recording, WAITING, job=transcription)
    return BatchRow(recording, TRANSCRIBING, job=transcription)


def batch_recordings(*, batch: RecordingBatch) -> QuerySet:
    return (Recording.objects.filter(batch=batch)
            .select_related("transcription_job", "batch_cut__highlights_job", "batch_render__project")
            .order_by("batch_line", "id"))


def recording_batch_rows(*, batch: RecordingBatch) -> list[BatchRow]:
    return [batch_row_stage(recording) for recording in batch_recordings(batch=batch)]


@dataclass(frozen=True)
class BatchSummary:
    total: int
    counts: dict[str, int]

    @property
    def finished(self) -> int:
        return self.counts[READY] + self.counts[FAILED]

    @property
    def busy(self) -> bool:
        return self.finished < self.total

    @property
    def percent_finished(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100

    def percent(self, stage: str) -> float:
        return round(100 * self.counts[stage] / self.total, 2) if self.total else 0

    @property
    def stages(self) -> list[tuple[str, str, int]]:
        """(stage, label, count) of every stage, in the order a row goes through them."""
        return [(stage, label, self.counts[stage]) for stage, label in STAGE_LABELS.items()]

    @property
    def segments(self) -> list[tuple[str, str, int, float]]:
        """(stage, label, count, percent) in the bar's order, for the stages some row is in."""
        return [(stage, STAGE_LABELS[stage], self.counts[stage], self.percent(stage))
                for stage in STAGE_ORDER if self.counts[stage]]


def recording_batch_summary(*, rows: list[BatchRow]) -> BatchSummary:
    counts = dict.fromkeys(STAGE_LABELS, 0)
    for row in rows:
        counts[row.stage] += 1
    return BatchSummary(total=len(rows), counts=counts)


def recording_batch_list() -> QuerySet:
    """Batches, newest first, with how many rows each has and how many clips are ready."""
    ready = Q(recordings__batch_render__status=JobStatus.COMPLETED)
    return (RecordingBatch.objects.select_related("created_by", "brand")
            .annotate(row_count=Count("recordings"), ready_count=Count("recordings", filter=ready))
            .order_by("-created_at", "-id"))
