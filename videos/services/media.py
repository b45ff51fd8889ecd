"""The media library: files go from the browser straight to Pictory's signed upload URL.

The studio asks Pictory for the URL (`POST /v1/media/generateurl`), records the asset, and once
the browser says the bytes are up, reads the first bytes back and checks them by their content,
not their name, before the asset can be used.
"""
import logging
from pathlib import PurePosixPath
from urllib.parse import urlparse

import requests
from django.conf import settings
from django.core.exceptions import ValidationError

from pictory_studio.pictory import PictoryError
from pictory_studio.pictory.factory import client_from_settings
from videos.models import MediaAsset, MediaKind, MediaStatus
from videos.services.explain import pictory_error_text
from videos.services.text import single_line

log = logging.getLogger(__name__)
MB = 1024 * 1024
DEFAULT_CAPS = {MediaKind.IMAGE: 20 * MB, MediaKind.FONT: 10 * MB, MediaKind.AUDIO: 200 * MB,
                MediaKind.VIDEO: 1024 * MB}
DIRECT_UPLOAD_MAX_BYTES = 20 * MB
# Content type -> (kind, what the first bytes must be, file extensions that name it).
TYPES = {
    "image/png": (MediaKind.IMAGE, "png", (".png",)),
    "image/jpeg": (MediaKind.IMAGE, "jpeg", (".jpg", ".jpeg")),
    "image/webp": (MediaKind.IMAGE, "webp", (".webp",)),
    "image/gif": (MediaKind.IMAGE, "gif", (".gif",)),
    "audio/mpeg": (MediaKind.AUDIO, "mp3", (".mp3",)),
    "audio/wav": (MediaKind.AUDIO, "wav", (".wav",)),
    "audio/x-wav": (MediaKind.AUDIO, "wav", ()),
    "audio/mp4": (MediaKind.AUDIO, "mp4", (".m4a",)),
    "video/mp4": (MediaKind.VIDEO, "mp4", (".mp4", ".m4v")),
    "video/quicktime": (MediaKind.VIDEO, "mp4", (".mov",)),
    "video/webm": (MediaKind.VIDEO, "webm", (".webm",)),
    "font/ttf": (MediaKind.FONT, "ttf", (".ttf",)),
    "font/otf": (MediaKind.FONT, "otf", (".otf",)),
    "font/woff2": (MediaKind.FONT, "woff2", (".woff2",)),
}
_BY_EXTENSION = {ext: ctype for ctype, (_, _, exts) in TYPES.items() for ext in exts}
_FORMAT_NAMES = {"png": "a PNG image", "jpeg": "a JPEG image", "webp": "a WebP image", "gif": "a GIF image",
                 "mp3": "an MP3 file", "wav": "a WAV file", "mp4": "an MP4/MOV file", "webm": "a WebM file",
                 "ttf": "a TrueType font", "otf": "an OpenType font", "woff2": "a WOFF2 font"}
HEAD_BYTES = 64


def upload_caps() -> dict[str, int]:
    return {**DEFAULT_CAPS, **getattr(settings, "MEDIA_UPLOAD_MAX_BYTES", {})}


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


def allowed_types_text() -> str:
    names = sorted({ext.lstrip(".").upper() for _, _, exts in TYPES.values() for ext in exts})
    return ", ".join(names)


def content_type_for(*, name: str, content_type: str) -> str:
    """The declared type; browsers leave fonts (and sometimes more) untyped, so the name decides then."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared in TYPES:
        return declared
    return _BY_EXTENSION.get(PurePosixPath(name.lower()).suffix, declared)


def media_upload_start(*, user, name: str, content_type: str, size) -> tuple[MediaAsset, str]:
    """Check what the browser is about to send and get a signed URL for it."""
    name = single_line(name or "").strip()[:255]
    errors = []
    if not name:
        errors.append("The file has no name.")
    ctype = content_type_for(name=name, content_type=content_type)
    if ctype not in TYPES:
        errors.append(f"“{name or 'This file'}” is not a file type the library takes. "
                      f"Use one of: {allowed_types_text()}.")
    try:
        size = int(size)
    except (TypeError, ValueError):
        size = -1
    if size <= 0:
        errors.append("The file is empty.")
    if errors:
        raise ValidationError(" ".join(errors))
    kind = TYPES[ctype][0]
    cap = upload_caps()[kind]
    if size > cap:
        raise ValidationError(f"“{name}” is {_megabytes(size)}; {MediaKind(kind).label.lower()} files may be at most "
                              f"{_megabytes(cap)}. Make it smaller and upload it again.")
    try:
        target = client_from_settings().create_upload_url(file_name=name, content_type=ctype)
    except PictoryError as exc:
        raise ValidationError(pictory_error_text(exc, action="media_upload")) from exc
    asset = MediaAsset.objects.create(name=name, kind=kind, content_type=ctype, size_bytes=size, url=target.url,
                                      key=target.key, uploaded_by=user)
    return asset, target.signed_url


def sniff(head: bytes) -> str:
    """The format the first bytes of a file show, or ""."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith((b"\x00\x01\x00\x00", b"true")):
        return "ttf"
    if head.startswith(b"OTTO"):
        return "otf"
    if head.startswith(b"wOF2"):
        return "woff2"
    return ""


def _read_head(url: str) -> tuple[bytes, int | None]:
    """The first bytes of the stored file and its full size, read from the URL Pictory gave."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ValueError("the file's address is not http(s)")
    with requests.get(url, headers={"Range": f"bytes=0-{HEAD_BYTES - 1}"}, timeout=(5, 20), stream=True,
                      allow_redirects=False) as response:
        if response.status_code not in (200, 206):
            raise ValueError(f"the storage answered HTTP {response.status_code}")
        head = response.raw.read(HEAD_BYTES)
        total = response.headers.get("Content-Range", "").rpartition("/")[2]
        size = int(total) if total.isdigit() else None
        if size is None and response.status_code == 200 and response.headers.get("Content-Length", "").isdigit():
            size = int(response.headers["Content-Length"])
    return head, size


def _positive(value, *, integer: bool):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not 0 < number < 1_000_000:
        return None
    return int(round(number)) if integer else round(number, 3)


def _refuse(asset: MediaAsset, reason: str) -> MediaAsset:
    asset.status, asset.refusal = MediaStatus.REFUSED, reason[:300]
    asset.save(update_fields=["status", "refusal", "updated_at"])
    return asset


def media_upload_finish(*, asset: MediaAsset, width=None, height=None, duration=None) -> MediaAsset:
    """Check the uploaded bytes by their content; the asset becomes ready or refused with the reason."""
    if asset.status != MediaStatus.UPLOADING:
        return asset
    try:
        head, size = _read_head(asset.url)
    except (requests.RequestException, ValueError) as exc:
        log.warning("Could not read back media asset %s: %s", asset.pk, exc.__class__.__name__)
        return _refuse(asset, "The file did not arrive at Pictory's storage. Upload it again.")
    found, expected = sniff(head), TYPES[asset.content_type][1]
    if found != expected:
        what = _FORMAT_NAMES.get(found, "not a file type the library takes")
        return _refuse(asset, f"“{asset.name}” is named as {_FORMAT_NAMES[expected]}, but its content is {what}. "
                              "Export it in the right format and upload it again.")
    if size is not None:
        asset.size_bytes = size
    if asset.kind in (MediaKind.IMAGE, MediaKind.VIDEO):
        asset.width, asset.height = _positive(width, integer=True), _positive(height, integer=True)
    if asset.kind in (MediaKind.AUDIO, MediaKind.VIDEO):
        asset.duration_seconds = _positive(duration, integer=False)
    asset.status, asset.refusal = MediaStatus.READY, ""
    asset.save()
    return asset


def media_upload_direct(*, user, upload) -> MediaAsset:
    """For browsers that cannot reach the storage: the studio streams a small file to the signed URL."""
    if upload.size > DIRECT_UPLOAD_MAX_BYTES:
        raise ValidationError(f"Files sent through the studio may be at most {_megabytes(DIRECT_UPLOAD_MAX_BYTES)}.")
    asset, signed_url = media_upload_start(user=user, name=upload.name, content_type=upload.content_type,
                                           size=upload.size)
    upload.seek(0)
    try:
        client_from_settings().upload_file(signed_url, content_type=asset.content_type, stream_or_bytes=upload)
    except PictoryError as exc:
        _refuse(asset, f"Pictory's storage refused the file: {exc}")
        raise ValidationError(asset.refusal) from exc
    return media_upload_finish(asset=asset)


def media_assets_ready(*, kinds):
    return MediaAsset.objects.filter(status=MediaStatus.READY, kind__in=list(kinds))
