"""Per-job webhook addresses: a secret derived from SECRET_KEY and the job's marker.

Nothing secret is stored: the frozen request keeps a masked address, and the real one is put
in only at send time.
"""
import hashlib
import hmac

from django.conf import settings
from django.urls import reverse

MASK = "masked"


def webhook_token(marker) -> str:
    message = f"pictory-webhook:{marker}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def webhook_token_valid(marker, token: str) -> bool:
    return hmac.compare_digest(webhook_token(marker), token)


def _webhook_url(marker, *, token: str) -> str:
    base = settings.PICTORY_WEBHOOK_BASE_URL.rstrip("/")
    return base + reverse("videos:pictory_webhook", args=[marker, token])


def request_extras(marker) -> dict:
    """What every job-creating request carries besides its content: our marker (to find the
    job again after an ambiguous failure) and, when configured, where to call us back."""
    extras: dict = {"webhookInput": {"marker": str(marker)}}
    if settings.PICTORY_WEBHOOK_BASE_URL:
        extras["webhook"] = _webhook_url(marker, token=MASK)
    return extras


def outgoing_body(job) -> dict:
    """The frozen request with the webhook secret filled in."""
    body = dict(job.payload)
    if "webhook" in body:
        body["webhook"] = _webhook_url(job.marker, token=webhook_token(job.marker))
    return body
