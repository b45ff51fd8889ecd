"""Picsart as a source of scene visuals: search and trending images for the scene editor, and
picking one, which copies it into the team's media library at Pictory so the render does not
depend on a Picsart address staying alive.

Every image address the editor gets back is signed, and only a signed address is fetched: the
studio never downloads a URL a browser made up."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pictory_studio.picsart import (
    PicsartError,
    PicsartImage,
    PicsartPaymentRequiredError,
    PicsartRateLimitedError,
)
from pictory_studio.picsart.factory import picsart_client_from_settings
from videos.models import MediaAsset, MediaKind
from videos.services.media import DIRECT_UPLOAD_MAX_BYTES, media_upload_direct

log = logging.getLogger(__name__)
SIGNING_SALT = "picsart-image"
PICK_MAX_AGE = 6 * 3600  # a search page left open for a working day can still be picked from
IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


@dataclass(frozen=True)
class Offer:
    image: PicsartImage
    token: str  # the signed address to pick it with


@dataclass(frozen=True)
class Results:
    offers: list[Offer]
    next_page: int | None
    credits: int | None
    problem: str = ""


class NotSetUp(Exception):
    pass


def _client():
    client = picsart_client_from_settings()
    if client is None:
        raise NotSetUp("Picsart is not set up: an admin can add PICSART_API_KEY to use its images.")
    return client


def picsart_images(*, query: str = "", page: int = 1) -> Results:
    """Images for `query`, or trending ones when it is empty, with the account's credits left."""
    try:
        client = _client()
        found = client.search_images(query, page=page) if query.strip() else client.trending_images(page=page)
        credits = _credits(client)
    except NotSetUp as exc:
        return Results([], None, None, str(exc))
    except PicsartError as exc:
        return Results([], None, None, explain(exc))
    offers = [Offer(image, signing.dumps({"url": image.url, "title": image.title}, salt=SIGNING_SALT))
              for image in found.images if image.url.startswith(("https://", "http://"))]
    return Results(offers, found.next_page, credits)


def _credits(client) -> int | None:
    try:
        return client.balance()
    except PicsartError:
        return None  # the images came back; not knowing the balance is no reason to hide them


def picsart_pick(*, user, token: str) -> MediaAsset:
    """Copy a picked image into the media library (through Pictory's upload) and return it."""
    try:
        picked = signing.loads(token, salt=SIGNING_SALT, max_age=PICK_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError("That image's link has expired. Search again and pick it from the new results.") \
            from None
    try:
        data, content_type = _client().download(picked["url"], max_bytes=DIRECT_UPLOAD_MAX_BYTES)
    except NotSetUp as exc:
        raise ValidationError(str(exc)) from None
    except PicsartError as exc:
        raise ValidationError(explain(exc)) from None
    if content_type not in IMAGE_TYPES:
        raise ValidationError("Picsart did not send an image for that pick; choose another one.")
    name = (picked.get("title") or "Picsart image")[:80] + IMAGE_TYPES[content_type]
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return media_upload_direct(user=user, upload=upload, kind=MediaKind.IMAGE)


def explain(exc: PicsartError) -> str:
    if isinstance(exc, PicsartPaymentRequiredError):
        return ("The Picsart account has no credits left, so its images cannot be searched now. Top it up at "
                "Picsart, or use stock search, a media URL or a colour meanwhile.")
    if isinstance(exc, PicsartRateLimitedError):
        wait = f"{exc.retry_after:.0f} s" if exc.retry_after else "a minute"
        return f"Picsart asked us to slow down. Try again in {wait}; the rest of the editor works as usual."
    return exc.message
