"""Media storage (contract §5.6): signed upload URLs, uploads streamed to disk, and the files
behind the permanent URLs.

`POST /v1/media/generateurl` hands out a key `uploads/<uuid>/<file name>`, a signed PUT URL
(content type and expiry signed with a key derived from SECRET_KEY) and the permanent URL.
The PUT needs no Authorization, like a presigned S3 URL, and refusals answer in S3's XML.
"""

import hashlib
import mimetypes
import os
import re
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from . import conf
from .fields import FieldErrors, Obj, Str
from .models import SandboxUpload

UPLOADS = "uploads"
CHUNK_BYTES = 1024 * 1024
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
FILE_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
KEY_PATTERN = rf"{UPLOADS}/{_UUID}/{FILE_NAME}"
MEDIA_ROUTE = "sandbox:media"
_SIGNING_SALT = "pictory_studio.sandbox.storage.upload"

GENERATE_URL_BODY = Obj(
    {
        "fileName": Str(max_length=255, not_blank=True),
        "contentType": Str(
            max_length=200,
            pattern=r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*",
            pattern_message="must be a media type such as video/mp4 (type/subtype)",
        ),
    },
    required=("fileName", "contentType"),
)


@dataclass
class UploadRefused(Exception):
    """A refused PUT, answered as S3 answers: status, error code, message, extra elements."""

    status: int
    code: str
    message: str
    extra: dict = field(default_factory=dict)


# --- names and signatures ----------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """The last path segment of `name` in plain ASCII letters, digits, dots, dashes and
    underscores, at most 100 characters, keeping its extension."""
    base = re.split(r"[/\\]", name.strip())[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).lstrip("._-")
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    suffix = suffix[:10]
    stem = stem[: 100 - len(suffix) - 1] if suffix else stem[:100]
    stem = stem.strip("._-") or "file"
    return f"{stem}.{suffix}" if suffix else stem


def signature(key: str, content_type: str, expires: int) -> str:
    message = f"{key}\n{content_type}\n{expires}"
    return salted_hmac(_SIGNING_SALT, message, secret=settings.SECRET_KEY, algorithm="sha256").hexdigest()


def signed_upload_url(key: str, content_type: str, expires: int, url_for: Callable[[str], str]) -> str:
    query = urlencode(
        {"contentType": content_type, "expires": expires, "sig": signature(key, content_type, expires)}
    )
    return url_for(reverse("sandbox:upload", kwargs={"key": key})) + "?" + query


def upload_target_create(*, body, url_for: Callable[[str], str]) -> tuple[dict | None, list[dict]]:
    """POST /v1/media/generateurl: ({signedUrl, url, key}, []) or (None, field errors)."""
    errors = FieldErrors()
    cleaned = GENERATE_URL_BODY.clean(body, "", errors)
    if errors:
        return None, errors.items
    file_name = safe_file_name(cleaned["fileName"])
    key = f"{UPLOADS}/{uuid.uuid4()}/{file_name}"
    content_type = cleaned["contentType"]
    SandboxUpload.objects.create(
        key=key, file_name=file_name, content_type=content_type, created_at=timezone.now()
    )
    expires = int(time.time()) + conf.upload_url_seconds()
    return {
        "signedUrl": signed_upload_url(key, content_type, expires, url_for),
        "url": url_for(reverse(MEDIA_ROUTE, kwargs={"key": key})),
        "key": key,
    }, []


# --- receiving a PUT ---------------------------------------------------------------------------


def _check_signed_request(key: str, params, content_type: str) -> str:
    """The signed content type, or UploadRefused."""
    signed_type, expires, sig = params.get("contentType"), params.get("expires"), params.get("sig")
    if not (signed_type and expires and sig):
        raise UploadRefused(
            403, "AccessDenied", "Query-string authentication requires the contentType, expires and sig parameters"
        )
    if not expires.isdigit() or not constant_time_compare(sig, signature(key, signed_type, int(expires))):
        raise UploadRefused(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )
    if int(expires) < time.time():
        raise UploadRefused(403, "AccessDenied", "Request has expired", {"Expires": expires})
    if content_type != signed_type:
        raise UploadRefused(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided: "
            f"the Content-Type header ({content_type or 'none'}) is not the signed one ({signed_type}).",
        )
    return signed_type


def _check_length(content_length: str | None) -> int:
    try:
        length = int(content_length or "")
    except ValueError:
        length = -1
    if length < 0:
        raise UploadRefused(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
    limit = conf.upload_max_bytes()
    if length > limit:
        raise UploadRefused(
            400,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
            {"ProposedSize": str(length), "MaxSizeAllowed": str(limit)},
        )
    return length


def _write_stream(target: Path, length: int, read: Callable[[int], bytes]) -> str:
    """Copy `length` bytes from `read` to `target` a chunk at a time; the MD5 (S3's ETag)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    digest = hashlib.md5(usedforsecurity=False)
    received = 0
    try:
        with partial.open("wb") as out:
            while received < length:
                chunk = read(min(CHUNK_BYTES, length - received))
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                received += len(chunk)
        if received < length:
            raise UploadRefused(
                400,
                "IncompleteBody",
                "You did not provide the number of bytes specified by the Content-Length HTTP header",
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return digest.hexdigest()


def upload_receive(
    *, key: str, params, content_type: str, content_length: str | None, read: Callable[[int], bytes]
) -> str:
    """Store the body of a PUT to a signed URL; its ETag, or UploadRefused."""
    signed_type = _check_signed_request(key, params, content_type)
    length = _check_length(content_length)
    etag = _write_stream(conf.media_root() / key, length, read)
    now = timezone.now()
    SandboxUpload.objects.update_or_create(
        key=key,
        defaults={"file_name": key.rsplit("/", 1)[-1], "content_type": signed_type, "size": length, "uploaded_at": now},
        create_defaults={
            "file_name": key.rsplit("/", 1)[-1],
            "content_type": signed_type,
            "size": length,
            "uploaded_at": now,
            "created_at": now,
        },
    )
    return etag


def discard_body(read: Callable[[int], bytes]) -> None:
    """Read what is left of a refused body and drop it, a chunk at a time, so the client gets
    the answer rather than a reset connection (and nothing buffers the rest)."""
    while read(CHUNK_BYTES):
        pass


# --- the stored files --------------------------------------------------------------------------


def _guessed_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def media_file(key: str) -> tuple[Path, str] | None:
    """(path, content type) of an uploaded file, or None when nothing was uploaded there."""
    path = conf.media_root() / key
    if not re.fullmatch(KEY_PATTERN, key) or not path.is_file():
        return None
    upload = SandboxUpload.objects.filter(key=key).only("content_type").first()
    return path, upload.content_type if upload else _guessed_type(path.name)


def _key_for_url(url: str) -> str | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.path:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.kwargs.get("key") if match.view_name == MEDIA_ROUTE else None


def local_path_for_url(url: str) -> Path | None:
    """The file behind a sandbox media URL (any host), None for any other URL or a key with no
    upload. Never touches the network."""
    key = _key_for_url(url)
    found = media_file(key) if key else None
    return found[0] if found else None


def content_type_for_url(url: str) -> str:
    """The content type an upload was signed for; else guessed from the URL's file name."""
    key = _key_for_url(url)
    if key:
        upload = SandboxUpload.objects.filter(key=key).only("content_type").first()
        if upload:
            return upload.content_type
    return _guessed_type(urlsplit(url).path if isinstance(url, str) else "")


def error_xml(code: str, message: str, *, key: str = "", extra: dict | None = None) -> str:
    """An S3-style error document."""
    parts = [f"<Code>{escape(code)}</Code>", f"<Message>{escape(message)}</Message>"]
    for name, value in (extra or {}).items():
        parts.append(f"<{name}>{escape(str(value))}</{name}>")
    if key:
        parts.append(f"<Key>{escape(key)}</Key>")
    parts.append(f"<RequestId>{uuid.uuid4().hex[:16].upper()}</RequestId>")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + "".join(parts) + "</Error>"
