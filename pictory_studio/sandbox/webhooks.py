"""Webhook delivery: POST a finished job's status body (plus webhookInput) to its webhook.

Three attempts with back-off, each logged in SandboxWebhookDelivery, all on a background
thread so no request waits for it. The POST is unsigned, as with the real service. Only the
studio itself or a loopback host is called (see webhook_urls), redirects are never followed,
and a refused address is logged as one delivery with the reason instead of being called.
"""

import logging
import time

import requests
from django.utils import timezone

from . import background, conf, responses, webhook_urls
from .models import SandboxJob, SandboxWebhookDelivery

log = logging.getLogger(__name__)

ATTEMPTS = 3
TIMEOUT_SECONDS = 5
USER_AGENT = "PictorySandbox-Webhook/1.0"


def backoff_seconds() -> tuple[float, ...]:
    """Pauses between attempts; short when jobs are short (tests)."""
    return (0.1, 0.2) if conf.job_seconds() < 1 else (1.0, 2.0)


def schedule(job: SandboxJob) -> None:
    if job.webhook:
        job_id = job.id
        background.start(lambda: deliver(job_id), name=f"sandbox-webhook-{job_id}")


def payload(job: SandboxJob) -> str:
    body = responses.job_body(job, responses.url_for_job(job))
    if job.webhook_input is not None:
        body["webhookInput"] = job.webhook_input
    return responses.dumps_job(body)


def _post(url: str, text: str) -> tuple[int | None, str]:
    try:
        response = requests.post(
            url,
            data=text.encode(),
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return None, webhook_urls.without_secret(f"{type(error).__name__}: {error}", url)[:500]
    return response.status_code, ""


def _record(job_id, url: str, attempt: int, status_code: int | None, error: str) -> None:
    background.retry_locked(
        lambda: SandboxWebhookDelivery.objects.create(
            job_id=job_id,
            url=webhook_urls.masked_url(url)[:500],
            attempt=attempt,
            status_code=status_code,
            error=error,
            created_at=timezone.now(),
        )
    )


def deliver(job_id) -> None:
    job = background.retry_locked(lambda: SandboxJob.objects.filter(pk=job_id).first())
    if job is None or not job.webhook:
        return
    refusal = webhook_urls.delivery_refusal(job.webhook)
    if refusal:
        _record(job_id, job.webhook, 1, None, refusal)
        log.warning("sandbox webhook %s not sent: %s", job_id, refusal)
        return
    text = payload(job)
    pauses = backoff_seconds()
    for attempt in range(1, ATTEMPTS + 1):
        status_code, error = _post(job.webhook, text)
        _record(job_id, job.webhook, attempt, status_code, error)
        if status_code is not None and 200 <= status_code < 300:
            return
        log.info("sandbox webhook %s attempt %s failed: %s", job_id, attempt, error or status_code)
        if attempt < ATTEMPTS:
            time.sleep(pauses[attempt - 1])
