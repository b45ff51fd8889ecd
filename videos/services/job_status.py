"""Keeping jobs moving: reading Pictory's status, reconciling unconfirmed submissions,
nudging jobs that pages or the sweeper find due, and webhook hints."""
import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from pictory_studio.pictory import NotFoundError, PictoryError, RateLimitedError, TranscriptionResult
from pictory_studio.pictory.log_context import calling_for_job
from videos.models import JobKind, JobStatus, RenderJob
from videos.services.checks import Problem, problems_from_pictory_fields
from videos.services.pacing import (
    note_rate_limit,
    paced_client,
    poll_interval,
    poll_seconds,
    rate_limited_for,
    request_slot,
    wait_for_turn,
)
from videos.services.queue import REFRESH, SUBMIT, enqueue
from videos.services.transitions import move

log = logging.getLogger(__name__)
S = JobStatus
# Pictory lists jobs newest first, 20 to a page: reading back to the moment of sending can take
# several pages on a busy account (a batch sends hundreds). Each page waits for its turn.
RECONCILE_PAGES = 50
RECONCILE_SETTLE_SECONDS = 5
MAX_SENDS = 3


def _preview_scenes(status) -> list[dict]:
    """What Pictory made of each scene: its text, its visual and its timing."""
    scenes: list[dict] = []
    elements = (status.render_params or {}).get("elements") or []
    texts = [e for e in elements if str(e.get("elementType", "")).lower() == "scenetext"]
    backgrounds = [e for e in elements if str(e.get("elementType", "")).lower() == "backgroundelement"]
    story = (status.storyboard or {}).get("scenes") or []
    for index in range(max(len(texts), len(story))):
        text_el = texts[index] if index < len(texts) else {}
        bg_el = backgrounds[index] if index < len(backgrounds) else {}
        source = story[index] if index < len(story) else {}
        background = source.get("background") or {}
        scenes.append({
            "text": text_el.get("text") or source.get("story", ""),
            "color": bg_el.get("color") or background.get("color", ""),
            "image": _web_url(bg_el.get("visualUrl") or bg_el.get("url") or background.get("visualUrl") or ""),
            "start": text_el.get("startTime", bg_el.get("startTime")),
            "duration": text_el.get("duration", bg_el.get("duration")),
        })
    return scenes


def _web_url(value: str) -> str:
    """Only http(s) addresses reach our pages' links and players."""
    return value if value.startswith(("https://", "http://")) else ""


def _keep_transcript(job_id: int, status) -> None:
    """A finished transcription or highlights job brings words: keep them before the job
    reads as completed, so a page that sees it completed finds them."""
    job = RenderJob.objects.filter(pk=job_id, status=S.IN_PROGRESS).only("kind").first()
    if job is None or job.kind not in (JobKind.TRANSCRIPTION, JobKind.HIGHLIGHTS):
        return
    from videos.services.editing_results import editing_result_store

    editing_result_store(job=job, result=TranscriptionResult.from_body(status.raw))


def render_job_apply_status(*, job_id: int, status) -> str:
    """Write Pictory's view of a job onto ours; final states are never overwritten."""
    if status.is_completed:
        _keep_transcript(job_id, status)
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.COMPLETED, progress=100, progress_message="",
             video_url=_web_url(status.video_url), share_url=_web_url(status.share_url),
             thumbnail_url=_web_url(status.thumbnail_url), srt_url=_web_url(status.srt_url),
             vtt_url=_web_url(status.vtt_url), txt_url=_web_url(status.txt_url),
             preview_url=_web_url(status.preview_url), preview_scenes=_preview_scenes(status),
             duration_seconds=status.duration_seconds, credits_used=status.credits_used)
    elif status.is_failed:
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.FAILED,
             error_code=status.error_code or "FAILED", error_message=status.error_message)
    elif status.status == "cleaned":
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.FAILED, error_code="JOB_NOT_FOUND",
             error_message="Pictory has deleted this job's files.")
    else:
        fields = {"progress_message": status.progress_message or "Pictory is working on it"}
        if status.progress is not None:
            fields["progress"] = status.progress
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.IN_PROGRESS, **fields)
    return RenderJob.objects.values_list("status", flat=True).get(pk=job_id)


def render_job_refresh(*, job_id: int, client=None) -> str:
    """Read the job's status from Pictory once and record it."""
    recover_stale_now_and_then()
    job = RenderJob.objects.filter(pk=job_id).only("status", "pictory_job_id", "poll_count", "pooled").first()
    if job is None:
        return "missing"
    if job.status == S.SUBMIT_UNKNOWN:
        return render_job_reconcile(job_id=job_id, client=client)
    if job.status != S.IN_PROGRESS or not job.pictory_job_id:
        return job.status
    if rate_limited_for():
        return job.status
    client = client or paced_client()
    next_poll = timezone.now() + timedelta(seconds=poll_interval(job.poll_count + 1, watched=not job.pooled))
    # The turn is taken last, right before the request leaves, so it leaves on time.
    wait = request_slot()
    if wait:
        RenderJob.objects.filter(pk=job_id).update(next_poll_at=timezone.now() + timedelta(seconds=wait))
        return job.status
    RenderJob.objects.filter(pk=job_id).update(poll_count=job.poll_count + 1, next_poll_at=next_poll)
    try:
        with calling_for_job(job_id):
            status = client.get_job(job.pictory_job_id)
    except RateLimitedError as exc:
        pause = note_rate_limit(exc.retry_after)
        RenderJob.objects.filter(pk=job_id).update(next_poll_at=timezone.now() + timedelta(seconds=pause))
        return job.status
    except NotFoundError:
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.FAILED, error_code="JOB_NOT_FOUND", error_message="")
        return S.FAILED
    except PictoryError as exc:
        log.warning("Status read for job %s failed: %s", job_id, exc.__class__.__name__)
        return job.status
    return render_job_apply_status(job_id=job_id, status=status)


def _created_at(item) -> datetime | None:
    """When Pictory says a listed job was created, if it says so."""
    data = item.raw.get("data") if isinstance(item.raw.get("data"), dict) else item.raw
    value = data.get("createdAt") or data.get("created_at") or ""
    try:
        created = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return created if created.tzinfo else created.replace(tzinfo=UTC)


def _settled(job: RenderJob) -> bool:
    """Long enough since sending that a request which reached Pictory is in its job list."""
    sent = job.submitted_at or job.created_at
    return timezone.now() - sent > timedelta(seconds=settings.PICTORY_READ_TIMEOUT + RECONCILE_SETTLE_SECONDS)


def render_job_reconcile(*, job_id: int, client=None) -> str:
    """Find out whether an ambiguous submission created a Pictory job.

    Found: the job carries on. Not found, and Pictory's list reaches back past the moment we
    sent it: the request never arrived, so it may be sent again (at most MAX_SENDS in all).
    Otherwise it waits; only a person can then choose to send it again.
    """
    job = RenderJob.objects.filter(pk=job_id).first()
    if job is None or job.status != S.SUBMIT_UNKNOWN:
        return job.status if job else "missing"
    client = client or paced_client()
    RenderJob.objects.filter(pk=job_id).update(
        next_poll_at=timezone.now() + timedelta(seconds=poll_interval(job.poll_count + 4)),
        poll_count=job.poll_count + 1,
    )
    marker = str(job.marker)
    video_name = job.payload.get("videoName", "")
    sent_at = (job.submitted_at or job.created_at) - timedelta(seconds=60)
    page_key, covered = "", False
    try:
        for _ in range(RECONCILE_PAGES):
            wait_for_turn()  # each page is a request under the shared rate
            with calling_for_job(job_id):
                page = client.list_jobs(page_key=page_key)
            for item in page.items:
                input_marker = (item.webhook_input or {}).get("marker")
                if input_marker == marker or (video_name and item.video_name == video_name):
                    move(job_id=job_id, source=S.SUBMIT_UNKNOWN, target=S.IN_PROGRESS,
                         pictory_job_id=item.job_id, progress_message="Found the job at Pictory",
                         next_poll_at=timezone.now())
                    return render_job_refresh(job_id=job_id, client=client)
                created = _created_at(item)
                covered = covered or bool(created and created < sent_at)
            if covered or not page.next_page_key:
                covered = True
                break
            page_key = page.next_page_key
    except PictoryError as exc:
        log.warning("Reconciling job %s failed: %s", job_id, exc.__class__.__name__)
        return job.status
    if covered and _settled(job):
        if job.send_count >= MAX_SENDS:
            move(job_id=job_id, source=S.SUBMIT_UNKNOWN, target=S.FAILED, error_code="NOT_RECEIVED",
                 error_message=f"Pictory did not receive this job after {job.send_count} attempts.")
            return S.FAILED
        if move(job_id=job_id, source=S.SUBMIT_UNKNOWN, target=S.QUEUED, next_attempt_at=None,
                progress_message="Pictory never received the request; sending it again."):
            if not job.pooled:
                enqueue(SUBMIT, job_id)
            return S.QUEUED
    RenderJob.objects.filter(pk=job_id, status=S.SUBMIT_UNKNOWN).update(
        progress_message="Pictory shows no job for this request yet. It may not have arrived; "
        "send it again only if you are sure, as a second render may be charged."
    )
    return S.SUBMIT_UNKNOWN


def render_job_send_again(*, job_id: int) -> bool:
    """A person confirmed that an unconfirmed submission should be sent again."""
    moved = move(job_id=job_id, source=S.SUBMIT_UNKNOWN, target=S.QUEUED, progress_message="",
                 next_attempt_at=None)
    if moved:
        enqueue(SUBMIT, job_id, after_commit=True)
    return moved


def render_job_cancel(*, job_id: int) -> bool:
    return move(job_id=job_id, source=(S.QUEUED, S.SUBMIT_UNKNOWN), target=S.CANCELLED)


def render_job_nudge(*, job: RenderJob) -> None:
    """Called when a page looks at an active job: ask for a refresh if one is due.

    Claims the poll slot with a conditional UPDATE so many open pages cause one request.
    """
    now = timezone.now()
    if job.status == S.QUEUED:
        if job.pooled:
            return  # its dispatcher sends it, within the concurrency cap
        if job.next_attempt_at and job.next_attempt_at <= now:
            claimed = RenderJob.objects.filter(pk=job.pk, status=S.QUEUED, next_attempt_at=job.next_attempt_at).update(
                next_attempt_at=None
            )
            if claimed:
                enqueue(SUBMIT, job.pk)
        return
    if job.status not in (S.IN_PROGRESS, S.SUBMIT_UNKNOWN):
        return
    if job.next_poll_at and job.next_poll_at > now:
        return
    hold = now + timedelta(seconds=max(poll_seconds(), 1))
    claimed = RenderJob.objects.filter(pk=job.pk, status=job.status, next_poll_at=job.next_poll_at).update(
        next_poll_at=hold
    )
    if claimed:
        enqueue(REFRESH, job.pk)


def render_jobs_recover_stale() -> int:
    """Jobs left SUBMITTING by a worker that died: whether the request left is unknown, so each
    is checked with Pictory straight away (found by its marker, or sent again)."""
    cutoff = timezone.now() - timedelta(seconds=settings.STUDIO_CLAIM_TIMEOUT_SECONDS)
    stale = RenderJob.objects.filter(status=S.SUBMITTING, submitted_at__lt=cutoff).values_list("id", flat=True)
    recovered = 0
    for job_id in list(stale):
        if move(job_id=job_id, source=S.SUBMITTING, target=S.SUBMIT_UNKNOWN, next_poll_at=timezone.now(),
                progress_message="The worker stopped while sending; checking with Pictory."):
            render_job_nudge(job=RenderJob.objects.get(pk=job_id))
            recovered += 1
    return recovered


STALE_LOOK_KEY = "jobs:stale-claims-looked"
STALE_LOOK_SECONDS = 2


def recover_stale_now_and_then() -> None:
    """Every busy worker looks for claims a dead worker left (at most every couple of seconds in
    all), so a row it held is taken back soon after its timeout, not at the next sweep."""
    if cache.add(STALE_LOOK_KEY, True, STALE_LOOK_SECONDS):
        render_jobs_recover_stale()


def render_jobs_sweep() -> int:
    """Move along every active job nobody is watching. Returns how many were nudged."""
    render_jobs_recover_stale()
    now = timezone.now()
    due = RenderJob.objects.filter(
        status__in=(S.IN_PROGRESS, S.SUBMIT_UNKNOWN), next_poll_at__lte=now
    ) | RenderJob.objects.filter(status=S.QUEUED, pooled=False, next_attempt_at__lte=now)
    stale_queue = RenderJob.objects.filter(
        status=S.QUEUED, pooled=False, next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=2)
    )
    count = 0
    for job in (due | stale_queue).only("id", "status", "pooled", "next_poll_at", "next_attempt_at")[:500]:
        if job.status == S.QUEUED and job.next_attempt_at is None:
            enqueue(SUBMIT, job.pk)
        else:
            render_job_nudge(job=job)
        count += 1
    return count


def render_job_webhook_received(*, job: RenderJob) -> None:
    """A webhook is only a hint (it is unsigned): re-read the job from Pictory."""
    if job.status in (S.IN_PROGRESS, S.SUBMIT_UNKNOWN):
        enqueue(REFRESH, job.pk)


def render_job_problems(*, job: RenderJob) -> list[Problem]:
    """A 400's field errors placed on the scenes they were about."""
    if not job.error_fields:
        return []
    scene_ids = list(job.project.scenes.values_list("pk", flat=True))
    return problems_from_pictory_fields(fields=job.error_fields, scene_ids=scene_ids)
