"""Sending a queued job to Pictory, exactly once.

The task claims the job with a conditional UPDATE, so a second delivery does nothing. A POST
that may have reached Pictory (read timeout, 5xx) is never sent again automatically: the job
goes to SUBMIT_UNKNOWN and is reconciled by listing Pictory's recent jobs (job_status).
"""
from datetime import timedelta

from django.db.models import F
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
from pictory_studio.pictory.log_context import calling_for_job
from videos.models import JobStatus, RenderJob
from videos.services.pacing import note_rate_limit, paced_client, poll_seconds, rate_limited_for, request_slot
from videos.services.transitions import move
from videos.services.webhooks import outgoing_body

S = JobStatus


def render_job_submit(*, job_id: int, client=None) -> str:
    """Send a QUEUED job to Pictory once. Returns the job's status afterwards."""
    now = timezone.now()
    job = RenderJob.objects.select_related("source_preview").filter(pk=job_id).first()
    if job is None or job.status != S.QUEUED:
        return job.status if job else "missing"
    if job.next_attempt_at and job.next_attempt_at > now:
        return job.status
    paused = rate_limited_for()
    if paused:
        RenderJob.objects.filter(pk=job_id, status=S.QUEUED).update(
            next_attempt_at=now + timedelta(seconds=paused)
        )
        return S.QUEUED
    if not move(job_id=job_id, source=S.QUEUED, target=S.SUBMITTING, submitted_at=now,
                send_count=F("send_count") + 1):
        return RenderJob.objects.get(pk=job_id).status  # another delivery of this task has it
    client = client or paced_client()
    wait = request_slot()  # last, right before the request leaves
    if wait:
        _back_to_queue(job_id, seconds=wait, message="Waiting for a turn to call Pictory.")
        return S.QUEUED
    try:
        with calling_for_job(job_id):
            ref = _send(client, job)
    except RateLimitedError as exc:
        pause = note_rate_limit(exc.retry_after)
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


def _send(client, job: RenderJob):
    """One request, chosen by the frozen endpoint; never retried here once it may have left."""
    method, path = job.endpoint.split(" ", 1)
    body = outgoing_body(job)
    if method == "PUT" and path.startswith("/v2/video/render/"):
        return client.render_preview(path.rsplit("/", 1)[-1], webhook=body.get("webhook", ""))
    if method == "POST" and path == "/v2/video/storyboard/render":
        return client.render_storyboard(body)
    if method == "POST" and path == "/v2/video/storyboard":
        return client.create_storyboard_preview(body)
    if method == "POST" and path == "/v1/video/from-template":
        return client.create_video_from_template(body)
    if method == "POST" and path == "/v2/transcription":
        return client.create_transcription(file_url=body["fileUrl"], media_type=body.get("mediaType", "video"),
                                           language=body.get("language", "en-US"), webhook=body.get("webhook", ""),
                                           webhook_input=body.get("webhookInput"))
    if method == "POST" and path.startswith("/v2/transcription/") and path.endswith("/highlights"):
        return client.create_highlights(path.split("/")[3], highlight_duration=body["highlight_duration"],
                                        language=body.get("language", ""), webhook=body.get("webhook", ""),
                                        webhook_input=body.get("webhookInput"))
    raise ValueError(f"No client call for {job.endpoint!r}")


def _back_to_queue(job_id: int, *, seconds: float, message: str) -> None:
    move(job_id=job_id, source=S.SUBMITTING, target=S.QUEUED, progress_message=message,
         next_attempt_at=timezone.now() + timedelta(seconds=seconds))


def _unknown(job_id: int, why: str) -> None:
    move(job_id=job_id, source=S.SUBMITTING, target=S.SUBMIT_UNKNOWN,
         progress_message=f"{why} Checking with Pictory whether the job was created…",
         next_poll_at=timezone.now() + timedelta(seconds=poll_seconds()))
