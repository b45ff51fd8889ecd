"""Render job lifecycle: request, submit, refresh, reconcile (design.md, "Render job lifecycle").

One click = at most one paid render:
- the click writes a QUEUED job and enqueues the submit task after commit;
- the task claims the job with a conditional UPDATE, so a second delivery does nothing;
- a POST that may have reached Pictory is never sent again automatically: the job goes to
  SUBMIT_UNKNOWN and is reconciled by listing Pictory's recent jobs.
"""
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from pictory_studio.pictory import (
    AuthenticationError,
    NotFoundError,
    PictoryError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)
from pictory_studio.pictory.factory import client_from_settings, pictory_mode
from videos.models import JobKind, JobStatus, Project, RenderJob
from videos.services.checks import Problem, problems_from_pictory_fields, storyboard_problems
from videos.services.payload import storyboard_body
from videos.services.transitions import move

log = logging.getLogger(__name__)
S = JobStatus

RATE_LIMIT_CACHE_KEY = "pictory:rate-limited-until"
RECONCILE_PAGES = 3
MAX_POLL_INTERVAL = 30.0


class StoryboardNotReady(Exception):
    """The storyboard has problems that Pictory would refuse; nothing was sent."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the storyboard")
        self.problems = problems


@dataclass(frozen=True)
class JobRequestResult:
    job: RenderJob
    created: bool


# --- webhook secrets --------------------------------------------------------------------------
def webhook_token(job: RenderJob) -> str:
    """A per-job secret derived from SECRET_KEY, so it never needs storing."""
    message = f"pictory-webhook:{job.pk}:{job.marker}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def webhook_token_valid(job: RenderJob, token: str) -> bool:
    return hmac.compare_digest(webhook_token(job), token)


def _webhook_url(job: RenderJob, *, token: str) -> str:
    base = settings.PICTORY_WEBHOOK_BASE_URL.rstrip("/")
    return base + reverse("videos:pictory_webhook", args=[job.pk, token])


# --- shared pace ------------------------------------------------------------------------------
def _rate_limited_for() -> float:
    """Seconds left of a 429 pause that applies to every worker."""
    until = cache.get(RATE_LIMIT_CACHE_KEY)
    if not until:
        return 0.0
    return max(0.0, until - timezone.now().timestamp())


def _note_rate_limit(retry_after: float | None) -> float:
    pause = max(1.0, retry_after or 5.0)
    cache.set(RATE_LIMIT_CACHE_KEY, timezone.now().timestamp() + pause, timeout=int(pause) + 1)
    return pause


def poll_seconds() -> float:
    """The base interval between status reads: brisk on the sandbox, polite on Pictory."""
    if settings.PICTORY_POLL_SECONDS:
        return float(settings.PICTORY_POLL_SECONDS)
    return 2.0 if pictory_mode() == "sandbox" else 10.0


def _poll_interval(poll_count: int) -> float:
    """Poll often at first, then back off gently while a long render runs."""
    return min(poll_seconds() * (1.25 ** (poll_count // 4)), MAX_POLL_INTERVAL)


# --- the user's click -------------------------------------------------------------------------
def _fresh_preview(project: Project, body: dict) -> RenderJob | None:
    """The latest completed preview of exactly this storyboard, if any."""
    preview = (
        RenderJob.objects.filter(project=project, kind=JobKind.PREVIEW, status=S.COMPLETED)
        .exclude(pictory_job_id="")
        .order_by("-created_at", "-id")
        .first()
    )
    if preview and preview.storyboard == body:
        return preview
    return None


def render_job_request(
    *, project: Project, kind: str, user, request_token=None, voice_names: set[str] | None = None
) -> JobRequestResult:
    """Record the user's Preview/Render click as a QUEUED job and enqueue its submission.

    A repeated `request_token` (a double click) returns the job the first click made.
    """
    if request_token:
        existing = RenderJob.objects.filter(request_token=request_token).first()
        if existing:
            return JobRequestResult(job=existing, created=False)
    scenes = list(project.scenes.all())
    problems = storyboard_problems(project=project, scenes=scenes, voice_names=voice_names)
    if problems:
        raise StoryboardNotReady(problems)
    body = storyboard_body(project=project, scenes=scenes)
    try:
        with transaction.atomic():
            job = RenderJob(project=project, kind=kind, created_by=user, storyboard=body)
            if request_token:
                job.request_token = request_token
            if kind == JobKind.RENDER:
                latest = project.render_jobs.aggregate(v=Max("version"))["v"] or 0
                job.version = latest + 1
                job.source_preview = _fresh_preview(project, body)
            job.save()
            _write_request(job)
            transaction.on_commit(lambda: _enqueue("videos.tasks.render_job_submit_task", job.pk))
    except IntegrityError:
        # The same click arrived twice at once: the other request made the job.
        existing = RenderJob.objects.filter(request_token=request_token).first() if request_token else None
        if existing is None:
            raise
        return JobRequestResult(job=existing, created=False)
    return JobRequestResult(job=job, created=True)


def _write_request(job: RenderJob) -> None:
    """Freeze what will be sent. The webhook secret is masked in the stored copy."""
    extras: dict = {"webhookInput": {"studioJobId": job.pk, "marker": str(job.marker)}}
    if settings.PICTORY_WEBHOOK_BASE_URL:
        extras["webhook"] = _webhook_url(job, token="masked")
    if job.source_preview_id:
        job.endpoint = f"PUT /v2/video/render/{job.source_preview.pictory_job_id}"
        job.payload = {"webhook": extras["webhook"]} if "webhook" in extras else {}
    else:
        path = "/v2/video/storyboard/render" if job.kind == JobKind.RENDER else "/v2/video/storyboard"
        job.endpoint = f"POST {path}"
        body = dict(job.storyboard)
        body["videoName"] = f"{body['videoName']} (studio job {job.pk})"
        job.payload = {**body, **extras}
    job.save(update_fields=["endpoint", "payload"])


def _outgoing_body(job: RenderJob) -> dict:
    body = dict(job.payload)
    if "webhook" in body:
        body["webhook"] = _webhook_url(job, token=webhook_token(job))
    return body


def _enqueue(func: str, job_id: int) -> None:
    from django_q.tasks import async_task

    async_task(func, job_id, task_name=f"{func.rsplit('.', 1)[-1]}:{job_id}")


# --- submission -------------------------------------------------------------------------------
def render_job_submit(*, job_id: int, client=None) -> str:
    """Send a QUEUED job to Pictory once. Returns the job's status afterwards."""
    now = timezone.now()
    job = RenderJob.objects.select_related("source_preview").filter(pk=job_id).first()
    if job is None or job.status != S.QUEUED:
        return job.status if job else "missing"
    if job.next_attempt_at and job.next_attempt_at > now:
        return job.status
    paused = _rate_limited_for()
    if paused:
        RenderJob.objects.filter(pk=job_id, status=S.QUEUED).update(
            next_attempt_at=now + timedelta(seconds=paused)
        )
        return S.QUEUED
    if not move(job_id=job_id, source=S.QUEUED, target=S.SUBMITTING, submitted_at=now):
        return RenderJob.objects.get(pk=job_id).status  # another delivery of this task has it
    client = client or client_from_settings()
    method = job.endpoint.split(" ", 1)[0]
    try:
        if method == "PUT":
            webhook = _outgoing_body(job).get("webhook", "")
            ref = client.render_preview(job.source_preview.pictory_job_id, webhook=webhook)
        elif job.kind == JobKind.RENDER:
            ref = client.render_storyboard(_outgoing_body(job))
        else:
            ref = client.create_storyboard_preview(_outgoing_body(job))
    except RateLimitedError as exc:
        pause = _note_rate_limit(exc.retry_after)
        _back_to_queue(job_id, seconds=pause, message=f"Pictory asked us to slow down; sending again in {pause:.0f} s.")
    except TransportError as exc:
        if exc.sent:
            _unknown(job_id, "The connection dropped after the request was sent.")
        else:
            _back_to_queue(job_id, seconds=10, message="Pictory could not be reached; trying again shortly.")
    except ServerError as exc:
        _unknown(job_id, f"Pictory answered with an error ({exc.status}) after receiving the request.")
    except ValidationError as exc:
        fields = [{"name": f.name, "messages": list(f.messages)} for f in exc.fields]
        move(job_id=job_id, source=S.SUBMITTING, target=S.FAILED, error_code="INVALID_REQUEST_BODY",
             error_message=exc.message or "Pictory rejected the storyboard.", error_fields=fields)
    except AuthenticationError:
        move(job_id=job_id, source=S.SUBMITTING, target=S.FAILED, error_code="AUTHENTICATION",
             error_message="")
    except NotFoundError:
        move(job_id=job_id, source=S.SUBMITTING, target=S.FAILED, error_code="PREVIEW_NOT_READY",
             error_message="")
    except PictoryError as exc:
        move(job_id=job_id, source=S.SUBMITTING, target=S.FAILED, error_code=exc.code or "ERROR",
             error_message=exc.message)
    else:
        move(job_id=job_id, source=S.SUBMITTING, target=S.IN_PROGRESS, pictory_job_id=ref.job_id,
             progress=0, progress_message="Queued at Pictory",
             next_poll_at=timezone.now() + timedelta(seconds=poll_seconds()))
    return RenderJob.objects.values_list("status", flat=True).get(pk=job_id)


def _back_to_queue(job_id: int, *, seconds: float, message: str) -> None:
    move(job_id=job_id, source=S.SUBMITTING, target=S.QUEUED, progress_message=message,
         next_attempt_at=timezone.now() + timedelta(seconds=seconds))


def _unknown(job_id: int, why: str) -> None:
    move(job_id=job_id, source=S.SUBMITTING, target=S.SUBMIT_UNKNOWN,
         progress_message=f"{why} Checking with Pictory whether the job was created…",
         next_poll_at=timezone.now() + timedelta(seconds=poll_seconds()))


# --- status -----------------------------------------------------------------------------------
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
            "image": bg_el.get("visualUrl") or bg_el.get("url") or background.get("visualUrl", ""),
            "start": text_el.get("startTime", bg_el.get("startTime")),
            "duration": text_el.get("duration", bg_el.get("duration")),
        })
    return scenes


def render_job_apply_status(*, job_id: int, status) -> str:
    """Write Pictory's view of a job onto ours; final states are never overwritten."""
    if status.is_completed:
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.COMPLETED, progress=100, progress_message="",
             video_url=status.video_url, share_url=status.share_url, thumbnail_url=status.thumbnail_url,
             srt_url=status.srt_url, vtt_url=status.vtt_url, txt_url=status.txt_url,
             preview_url=status.preview_url, preview_scenes=_preview_scenes(status),
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
    job = RenderJob.objects.filter(pk=job_id).only("status", "pictory_job_id", "poll_count").first()
    if job is None:
        return "missing"
    if job.status == S.SUBMIT_UNKNOWN:
        return render_job_reconcile(job_id=job_id, client=client)
    if job.status != S.IN_PROGRESS or not job.pictory_job_id:
        return job.status
    if _rate_limited_for():
        return job.status
    client = client or client_from_settings()
    next_poll = timezone.now() + timedelta(seconds=_poll_interval(job.poll_count + 1))
    RenderJob.objects.filter(pk=job_id).update(poll_count=job.poll_count + 1, next_poll_at=next_poll)
    try:
        status = client.get_job(job.pictory_job_id)
    except RateLimitedError as exc:
        pause = _note_rate_limit(exc.retry_after)
        RenderJob.objects.filter(pk=job_id).update(next_poll_at=timezone.now() + timedelta(seconds=pause))
        return job.status
    except NotFoundError:
        move(job_id=job_id, source=S.IN_PROGRESS, target=S.FAILED, error_code="JOB_NOT_FOUND", error_message="")
        return S.FAILED
    except PictoryError as exc:
        log.warning("Status read for job %s failed: %s", job_id, exc.__class__.__name__)
        return job.status
    return render_job_apply_status(job_id=job_id, status=status)


def render_job_reconcile(*, job_id: int, client=None) -> str:
    """Find out whether an ambiguous submission created a Pictory job, without sending again."""
    job = RenderJob.objects.filter(pk=job_id).first()
    if job is None or job.status != S.SUBMIT_UNKNOWN:
        return job.status if job else "missing"
    client = client or client_from_settings()
    RenderJob.objects.filter(pk=job_id).update(
        next_poll_at=timezone.now() + timedelta(seconds=_poll_interval(job.poll_count + 4)),
        poll_count=job.poll_count + 1,
    )
    marker = str(job.marker)
    video_name = job.payload.get("videoName", "")
    page_key = ""
    try:
        for _ in range(RECONCILE_PAGES):
            page = client.list_jobs(page_key=page_key)
            for item in page.items:
                input_marker = (item.webhook_input or {}).get("marker")
                if input_marker == marker or (video_name and item.video_name == video_name):
                    move(job_id=job_id, source=S.SUBMIT_UNKNOWN, target=S.IN_PROGRESS,
                         pictory_job_id=item.job_id, progress_message="Found the job at Pictory",
                         next_poll_at=timezone.now())
                    return render_job_refresh(job_id=job_id, client=client)
            if not page.next_page_key:
                break
            page_key = page.next_page_key
    except PictoryError as exc:
        log.warning("Reconciling job %s failed: %s", job_id, exc.__class__.__name__)
        return job.status
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
        transaction.on_commit(lambda: _enqueue("videos.tasks.render_job_submit_task", job_id))
    return moved


def render_job_cancel(*, job_id: int) -> bool:
    return move(job_id=job_id, source=(S.QUEUED, S.SUBMIT_UNKNOWN), target=S.CANCELLED)


# --- keeping jobs moving ----------------------------------------------------------------------
def render_job_nudge(*, job: RenderJob) -> None:
    """Called when a page looks at an active job: ask for a refresh if one is due.

    Claims the poll slot with a conditional UPDATE so many open pages cause one request.
    """
    now = timezone.now()
    if job.status == S.QUEUED:
        if job.next_attempt_at and job.next_attempt_at <= now:
            claimed = RenderJob.objects.filter(pk=job.pk, status=S.QUEUED, next_attempt_at=job.next_attempt_at).update(
                next_attempt_at=None
            )
            if claimed:
                _enqueue("videos.tasks.render_job_submit_task", job.pk)
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
        _enqueue("videos.tasks.render_job_refresh_task", job.pk)


def render_jobs_sweep() -> int:
    """Move along every active job nobody is watching. Returns how many were nudged."""
    now = timezone.now()
    due = RenderJob.objects.filter(
        status__in=(S.IN_PROGRESS, S.SUBMIT_UNKNOWN), next_poll_at__lte=now
    ) | RenderJob.objects.filter(status=S.QUEUED, next_attempt_at__lte=now)
    stale_queue = RenderJob.objects.filter(
        status=S.QUEUED, next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=2)
    )
    count = 0
    for job in (due | stale_queue).only("id", "status", "next_poll_at", "next_attempt_at")[:500]:
        if job.status == S.QUEUED and job.next_attempt_at is None:
            _enqueue("videos.tasks.render_job_submit_task", job.pk)
        else:
            render_job_nudge(job=job)
        count += 1
    return count


def render_job_webhook_received(*, job: RenderJob) -> None:
    """A webhook is only a hint (it is unsigned): re-read the job from Pictory."""
    if job.status in (S.IN_PROGRESS, S.SUBMIT_UNKNOWN):
        _enqueue("videos.tasks.render_job_refresh_task", job.pk)


def render_job_problems(*, job: RenderJob) -> list[Problem]:
    """A 400's field errors placed on the scenes they were about."""
    if not job.error_fields:
        return []
    scene_ids = list(job.project.scenes.values_list("pk", flat=True))
    return problems_from_pictory_fields(fields=job.error_fields, scene_ids=scene_ids)
