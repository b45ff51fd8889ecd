"""The job clock: creating jobs, reporting progress, and finishing them when due.

A job is due at created_at + PICTORY_SANDBOX_JOB_SECONDS (previews take half). Finishing
happens lazily when a request reads a due job, and on a background thread started at
creation so webhooks fire even when nobody polls. Whoever finishes first wins:

1. claim the job with a conditional UPDATE (status still in-progress, no fresh claim);
2. produce the outputs outside any transaction (render files first);
3. flip the status with a conditional UPDATE on the claim.

A finisher that loses the claim simply reads the job again.
"""

import logging
import threading
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import background, conf, faults, media_cuts, preview, quota, render, transcription, webhooks
from .models import JobKind, JobStatus, SandboxJob
from .timeline import build_timeline

log = logging.getLogger(__name__)

# A claim older than this is considered abandoned (the finisher died) and can be taken over.
CLAIM_LEASE = timedelta(minutes=5)
PROGRESS_STARTS_AT = 0.2


def file_path(job_id, name: str) -> str:
    return reverse("sandbox:file", kwargs={"job_id": job_id, "name": name})


def _planned_fault(kind: str, body: dict) -> faults.Fault | None:
    if kind == JobKind.TRANSCRIPTION:
        return faults.planned_transcription_fault(body, credits_exhausted=quota.transcription_minutes_exhausted())
    if kind == JobKind.HIGHLIGHTS:
        return None
    return faults.planned_fault(body, credits_exhausted=quota.video_minutes_exhausted())


def create_job(
    *,
    kind: str,
    storyboard: dict | None = None,
    body: dict | None = None,
    credential: str,
    base_url: str,
    source_job: SandboxJob | None = None,
    webhook: str = "",
    webhook_input: dict | None = None,
    video_name: str | None = None,
) -> SandboxJob:
    """A new job of `kind` for a validated request: a storyboard (previews, renders) or the
    `body` of a transcription or highlights request. Both are kept in `storyboard`."""
    request_body = storyboard if storyboard is not None else body or {}
    now = timezone.now()
    seconds = conf.job_seconds() * (0.5 if kind == JobKind.PREVIEW else 1.0)
    fault = _planned_fault(kind, request_body)
    job = SandboxJob.objects.create(
        kind=kind,
        credential=credential,
        storyboard=request_body,
        video_name=(request_body.get("videoName") or "") if video_name is None else video_name,
        webhook=webhook,
        webhook_input=webhook_input,
        base_url=base_url,
        source_job=source_job,
        fault_code=fault.code if fault else "",
        fault_message=fault.message if fault else "",
        created_at=now,
        due_at=now + timedelta(seconds=seconds),
    )
    transaction.on_commit(lambda: _schedule_finish(job))
    return job


def _schedule_finish(job: SandboxJob) -> None:
    if not conf.background_finish():
        return
    _recover_pending_once(except_id=job.id)
    background.run_at(lambda: prepare_job(job.id), delay=0)
    _finish_when_due(job.id, job.due_at)


def _finish_when_due(job_id, due_at) -> None:
    delay = max(0.0, (due_at - timezone.now()).total_seconds()) + 0.01
    background.run_at(lambda: finish_job(job_id), delay=delay)


_recovered = False
_recover_lock = threading.Lock()


def _recover_pending_once(*, except_id) -> None:
    """After a restart, queue the jobs an earlier process left unfinished (once per process)."""
    global _recovered
    with _recover_lock:
        if _recovered:
            return
        _recovered = True
    pending = (
        SandboxJob.objects.filter(status=JobStatus.IN_PROGRESS)
        .exclude(pk=except_id)
        .values_list("id", "due_at")
    )
    for job_id, due_at in pending:
        _finish_when_due(job_id, due_at)


def progress(job: SandboxJob) -> dict:
    """Progress fields of an in-progress render, present once rendering has 'started'."""
    if job.kind != JobKind.RENDER:
        return {}
    if job.claim_token and timezone.now() >= job.due_at:
        return _progress_fields(99, "Encoding video")
    total = (job.due_at - job.created_at).total_seconds()
    elapsed = (timezone.now() - job.created_at).total_seconds()
    fraction = elapsed / total if total > 0 else 1.0
    if fraction < PROGRESS_STARTS_AT:
        return {}
    percent = min(99, int((fraction - PROGRESS_STARTS_AT) / (1 - PROGRESS_STARTS_AT) * 100))
    if percent < 35:
        message = "Generating voice-over"
    elif percent < 75:
        message = "Compositing scenes"
    else:
        message = "Encoding video"
    return _progress_fields(percent, message)


def _progress_fields(percent: int, message: str) -> dict:
    return {"renderProgress": percent, "renderProgressMessage": message, "renderState": "RUNNING"}


def refresh(job: SandboxJob) -> SandboxJob:
    """The job as it stands now, finishing it first when it is due."""
    if job.is_terminal or timezone.now() < job.due_at:
        return job
    return finish_job(job.id) or job


def _claim(job_id) -> str:
    """Take the right to make a job's outputs; '' when another thread has it."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimable = Q(claim_token="") | Q(claimed_at__lt=now - CLAIM_LEASE)
    claimed = background.retry_locked(
        lambda: SandboxJob.objects.filter(
            Q(pk=job_id, status=JobStatus.IN_PROGRESS), claimable
        ).update(claim_token=token, claimed_at=now)
    )
    return token if claimed else ""


def _produce_safely(job: SandboxJob) -> dict:
    try:
        return _produce(job)
    except transcription.TranscriptionFailed as failed:
        return _failure(failed.code, failed.message[:500])
    except media_cuts.MediaError as refused:  # a recording or voice file it does not hold: the caller's input
        log.info("sandbox job %s failed: %s", job.id, refused)
        return _failure("TEXT_TO_VIDEO_FAILED", str(refused)[:500])
    except Exception as error:  # a broken render must end the job, not leave it hanging
        log.exception("sandbox job %s could not be finished", job.id)
        if job.kind in (JobKind.TRANSCRIPTION, JobKind.HIGHLIGHTS):
            return _failure(transcription.FAILED_CODE, f"Transcription failed: {error}"[:500])
        return _failure("TEXT_TO_VIDEO_FAILED", f"Rendering failed: {error}"[:500])


def prepare_job(job_id) -> None:
    """Make a job's outputs as soon as it is created; it still completes only when due."""
    job = background.retry_locked(lambda: SandboxJob.objects.filter(pk=job_id).first())
    if job is None or job.is_terminal or job.prepared is not None:
        return
    token = _claim(job_id)
    if not token:
        return
    outcome = _produce_safely(job)
    background.retry_locked(
        lambda: SandboxJob.objects.filter(pk=job_id, claim_token=token).update(prepared=outcome, claim_token="")
    )
    if timezone.now() >= job.due_at:  # the due-time finisher came and went while we worked
        finish_job(job_id)


def finish_job(job_id) -> SandboxJob | None:
    """Finish a due job once; return it as stored afterwards (None if it does not exist)."""
    job = background.retry_locked(lambda: SandboxJob.objects.filter(pk=job_id).first())
    if job is None or job.is_terminal or timezone.now() < job.due_at:
        return job
    if job.prepared is not None:
        outcome = job.prepared
        flipped = background.retry_locked(
            lambda: SandboxJob.objects.filter(pk=job_id, status=JobStatus.IN_PROGRESS).update(
                finished_at=timezone.now(), **outcome
            )
        )
    else:
        token = _claim(job_id)
        if not token:
            return background.retry_locked(lambda: SandboxJob.objects.filter(pk=job_id).first())
        outcome = _produce_safely(job)
        flipped = background.retry_locked(
            lambda: SandboxJob.objects.filter(
                pk=job_id, status=JobStatus.IN_PROGRESS, claim_token=token
            ).update(finished_at=timezone.now(), **outcome)
        )
    finished = background.retry_locked(lambda: SandboxJob.objects.filter(pk=job_id).first())
    if flipped and finished is not None:
        webhooks.schedule(finished)
    return finished


def _failure(code: str, message: str) -> dict:
    return {"status": JobStatus.FAILED, "error_code": code, "error_message": message}


def _produce(job: SandboxJob) -> dict:
    """Make the outputs of a due job and return the fields that finish it."""
    if job.fault_code:
        return _failure(job.fault_code, job.fault_message)
    out_dir = conf.media_root() / str(job.id)
    if job.kind == JobKind.TRANSCRIPTION:
        return transcription.transcription_produce(job=job, out_dir=out_dir)
    if job.kind == JobKind.HIGHLIGHTS:
        return transcription.highlights_produce(job=job, out_dir=out_dir)
    timeline = build_timeline(job.storyboard, seed=str(job.id))
    if job.kind == JobKind.PREVIEW:
        result = preview.build_preview(timeline, out_dir, lambda name: file_path(job.id, name))
        return {"status": JobStatus.COMPLETED, "result": result}
    files = render.render_video(timeline, out_dir)
    # Renders report the same renderParams as previews (scene text, timing, audio elements).
    params = preview.build_preview(timeline, out_dir, lambda name: file_path(job.id, name))
    result = {
        "files": files,
        "renderParams": params["renderParams"],
        "videoDuration": timeline.duration,
        "width": timeline.width,
        "height": timeline.height,
        "scenes": preview.scene_summaries(timeline),
        "aiCreditsUsed": quota.ai_credits_for(job.storyboard),
        "notes": params.get("notes", []),
    }
    return {
        "status": JobStatus.COMPLETED,
        "result": result,
        "video_seconds": timeline.duration,
        "ai_credits": result["aiCreditsUsed"],
    }
