"""The media library: files go from the browser straight to Pictory's signed upload URL.

The studio asks Pictory for the URL (`POST /v1/media/generateurl`), records the asset, and once
the browser says the bytes are up, reads the first bytes back and checks them by their content
and size, not their name, before the asset can be used.
"""
import logging
import re
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image, UnidentifiedImageError

from pictory_studio.pictory import PictoryError, UploadRefusedError
from pictory_studio.pictory.factory import client_from_settings
from videos.models import MediaAsset, MediaKind, MediaStatus
from videos.services.explain import pictory_error_text
from videos.services.text import single_line

log = logging.getLogger(__name__)
MB = 1024 * 1024
DEFAULT_CAPS = {MediaKind.IMAGE: 20 * MB, MediaKind.FONT: 10 * MB, MediaKind.AUDIO: 200 * MB,
                MediaKind.VIDEO: 1024 * MB}
# Files the studio itself relays to the storage (browsers that cannot reach it, or no JavaScript).
DIRECT_UPLOAD_MAX_BYTES = 20 * MB
NAME_MAX = 255
# Content type -> (kind, formats its first bytes may show, file extensions that name it).
TYPES = {
    "image/png": (MediaKind.IMAGE, ("png",), (".png",)),
    "image/jpeg": (MediaKind.IMAGE, ("jpeg",), (".jpg", ".jpeg")),
    "image/webp": (MediaKind.IMAGE, ("webp",), (".webp",)),
    "image/gif": (MediaKind.IMAGE, ("gif",), (".gif",)),
    "audio/mpeg": (MediaKind.AUDIO, ("mp3",), (".mp3",)),
    "audio/wav": (MediaKind.AUDIO, ("wav",), (".wav",)),
    "audio/x-wav": (MediaKind.AUDIO, ("wav",), ()),
    "audio/mp4": (MediaKind.AUDIO, ("mp4",), (".m4a",)),
    # A QuickTime file renamed .mp4 (and the reverse) plays the same, so either container passes.
    "video/mp4": (MediaKind.VIDEO, ("mp4", "mov"), (".mp4", ".m4v")),
    "video/quicktime": (MediaKind.VIDEO, ("mov", "mp4"), (".mov",)),
    "video/webm": (MediaKind.VIDEO, ("webm",), (".webm",)),
    "font/ttf": (MediaKind.FONT, ("ttf",), (".ttf",)),
    "font/otf": (MediaKind.FONT, ("otf",), (".otf",)),
    "font/woff2": (MediaKind.FONT, ("woff2",), (".woff2",)),
}
_A_KIND = {MediaKind.IMAGE: "an image", MediaKind.AUDIO: "an audio", MediaKind.VIDEO: "a video",
           MediaKind.FONT: "a font"}
_BY_EXTENSION = {ext: ctype for ctype, (_, _, exts) in TYPES.items() for ext in exts}
FORMAT_NAMES = {
    "png": "a PNG image", "jpeg": "a JPEG image", "webp": "a WebP image", "gif": "a GIF image",
    "mp3": "an MP3 file", "wav": "a WAV file", "mp4": "an MP4 file", "mov": "a QuickTime (MOV) file",
    "webm": "a WebM video", "ttf": "a TrueType font", "otf": "an OpenType font", "woff2": "a WOFF2 font",
    # Formats the library does not take, named so that a refusal says what the file really is.
    "woff": "a WOFF font (the library takes WOFF2, TTF or OTF)", "ttc": "a font collection (TTC)",
    "mkv": "a Matroska (MKV) video", "avi": "an AVI video", "heic": "a HEIC image", "avif": "an AVIF image",
    "bmp": "a BMP image", "tiff": "a TIFF image", "svg": "an SVG or XML file", "html": "a web page (HTML)",
    "pdf": "a PDF document", "zip": "a ZIP archive", "ogg": "an Ogg file", "flac": "a FLAC file",
    "aac": "an AAC file",
}
HEAD_BYTES = 512
READ_TIMEOUT = (5, 15)  # (connect, read) seconds for reading a stored file back
MAX_REDIRECTS = 3
_WIDTH_MAX, _DURATION_MAX = 100_000, 48 * 3600


def upload_caps() -> dict[str, int]:
    return {**DEFAULT_CAPS, **getattr(settings, "MEDIA_UPLOAD_MAX_BYTES", {})}


def megabytes(size: int) -> str:
    """A size as people read it: 640 KB, 3.5 MB, 1 GB."""
    for unit, factor in (("GB", 1024 * MB), ("MB", MB)):
        if size >= factor:
            return f"{size / factor:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{max(size, 0):,} bytes"


def _over_cap_text(size: int, cap: int) -> tuple[str, str]:
    """Both sizes, in bytes when the rounded figures would read the same."""
    if megabytes(size) == megabytes(cap):
        return f"{size:,} bytes", f"{megabytes(cap)} ({cap:,} bytes)"
    return megabytes(size), megabytes(cap)


def allowed_types_text(kind: str = "") -> str:
    names = sorted({ext.lstrip(".").upper() for k, _, exts in TYPES.values() for ext in exts if not kind or k == kind})
    return ", ".join(names)


def accept_attribute(kind: str = "") -> str:
    """The file chooser's `accept`: content types and extensions (fonts rarely carry a type)."""
    ctypes = [c for c, (k, _, _) in TYPES.items() if not kind or k == kind]
    exts = [e for c in ctypes for e in TYPES[c][2]]
    return ",".join(ctypes + exts)


def content_type_for(*, name: str, content_type: str) -> str:
    """The declared type; browsers leave fonts (and sometimes more) untyped, so the name decides then."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared in TYPES:
        return declared
    return _BY_EXTENSION.get(PurePosixPath(name.lower()).suffix, declared)


def _clean_name(name: str) -> str:
    # Old browsers send "C:\fakepath\logo.png"; only the last segment is the file's name.
    return single_line(re.split(r"[/\\]", name or "")[-1]).strip()


def media_upload_start(*, user, name: str, content_type: str, size, kind: str = "") -> tuple[MediaAsset, str]:
    """Check what the browser is about to send and get a signed URL for it.

    kind, when given, is the only kind the caller takes (a logo picker takes images).
    """
    name = _clean_name(name)
    if not name:
        raise ValidationError("The file has no name. Choose the file again.")
    if len(name) > NAME_MAX:
        raise ValidationError(f"The file name is longer than {NAME_MAX} characters. Rename the file and upload it "
                              "again.")
    ctype = content_type_for(name=name, content_type=content_type)
    if ctype not in TYPES:
        said = f" (the browser calls it {ctype})" if ctype else ""
        raise ValidationError(f"“{name}” is not a file type the library takes{said}. "
                              f"Use one of: {allowed_types_text(kind if kind in MediaKind.values else '')}.")
    file_kind = TYPES[ctype][0]
    if kind in MediaKind.values and file_kind != kind:
        raise ValidationError(f"“{name}” is {_A_KIND[file_kind]} file; this place takes {kind} files "
                              f"({allowed_types_text(kind)}).")
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise ValidationError("The browser did not say how big the file is. Choose the file again.") from None
    if size <= 0:
        raise ValidationError(f"“{name}” is empty. Choose a file with something in it.")
    cap = upload_caps()[file_kind]
    if size > cap:
        shown, limit = _over_cap_text(size, cap)
        raise ValidationError(f"“{name}” is {shown}; {file_kind} files may be at most {limit}. "
                              "Make it smaller and upload it again.")
    try:
        target = client_from_settings().create_upload_url(file_name=name, content_type=ctype)
    except PictoryError as exc:
        raise ValidationError(pictory_error_text(exc, action="media_upload")) from exc
    except ValueError as exc:
        raise ValidationError(f"The upload could not start: {exc}.") from exc
    asset = MediaAsset.objects.create(name=name, kind=file_kind, content_type=ctype, size_bytes=size, url=target.url,
                                      key=target.key, uploaded_by=user)
    return asset, target.signed_url


# --- What a file is, by its first bytes ------------------------------------------------------


def _ftyp_format(head: bytes) -> str:
    brand = head[8:12]
    if brand == b"qt  ":
        return "mov"
    if brand in (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"):
        return "heic"
    if brand in (b"avif", b"avis"):
        return "avif"
    return "mp4"


def sniff(head: bytes) -> str:
    """The format the first bytes of a file show, or ""."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF":
        return {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}.get(head[8:12], "")
    if head[4:8] == b"ftyp":
        return _ftyp_format(head)
    # QuickTime files from older cameras and editors start with another atom than ftyp.
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return "mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "mkv" if b"matroska" in head[:64] else "webm"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # An MPEG audio frame: layer bits 00 are AAC (ADTS), anything else is MP1/2/3.
        return "mp3" if head[1] & 0x06 else "aac"
    if head.startswith((b"\x00\x01\x00\x00", b"true")):
        return "ttf"
    for magic, found in ((b"OTTO", "otf"), (b"wOF2", "woff2"), (b"wOFF", "woff"), (b"ttcf", "ttc"),
                         (b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"OggS", "ogg"), (b"fLaC", "flac"),
                         (b"BM", "bmp"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff")):
        if head.startswith(magic):
            return found
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if text.startswith((b"<svg", b"<?xml")):
        return "svg"
    return ""


# --- Reading the stored file back --------------------------------------------------------------


class ReadBackError(Exception):
    """The stored file could not be read; `final` when reading again will not help."""

    def __init__(self, message: str, *, final: bool):
        super().__init__(message)
        self.final = final


def _total_size(response) -> int | None:
    total = response.headers.get("Content-Range", "").rpartition("/")[2].strip()
    if total.isdigit():
        return int(total)
    length = response.headers.get("Content-Length", "")
    return int(length) if response.status_code == 200 and length.isdigit() else None


def _next_url(url: str, response) -> str:
    """Follow a redirect only within the same host (an http → https upgrade is fine)."""
    target = urljoin(url, response.headers.get("Location", ""))
    here, there = urlsplit(url), urlsplit(target)
    same_origin = (there.scheme, there.port) == (here.scheme, here.port)
    upgrade = (here.scheme, there.scheme) == ("http", "https")
    if there.hostname != here.hostname or not (same_origin or upgrade):
        raise ReadBackError("the storage sent the studio to another host", final=True)
    return target


def read_head(url: str) -> tuple[bytes, int | None]:
    """The first HEAD_BYTES of the stored file and its full size (None when the storage does not say)."""
    for _ in range(MAX_REDIRECTS + 1):
        if urlsplit(url).scheme not in ("http", "https"):
            raise ReadBackError("the file's address is not http(s)", final=True)
        with requests.get(url, headers={"Range": f"bytes=0-{HEAD_BYTES - 1}", "Accept-Encoding": "identity"},
                          timeout=READ_TIMEOUT, stream=True, allow_redirects=False) as response:
            if response.is_redirect:
                url = _next_url(url, response)
                continue
            if response.status_code == 416:  # nothing to read: an empty file
                return b"", _total_size(response) or 0
            if response.status_code in (200, 206):
                head = b""
                while len(head) < HEAD_BYTES:  # never more than HEAD_BYTES, even when the Range was ignored
                    chunk = response.raw.read(HEAD_BYTES - len(head))
                    if not chunk:
                        break
                    head += chunk
                return head, _total_size(response)
            final = response.status_code in (403, 404, 410)
            raise ReadBackError(f"the storage answered HTTP {response.status_code}", final=final)
    raise ReadBackError("the storage redirected too many times", final=True)


# --- Finishing an upload -------------------------------------------------------------------------


def _sane(value, *, limit: float, integer: bool):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not 0 < number <= limit:  # also NaN and infinity
        return None
    number = round(number) if integer else round(number, 3)
    return number or None


def _refuse(asset: MediaAsset, reason: str) -> MediaAsset:
    asset.status, asset.refusal = MediaStatus.REFUSED, reason[:300]
    asset.save(update_fields=["status", "refusal", "updated_at"])
    return asset


def _content_problem(asset: MediaAsset, head: bytes, size: int | None) -> str:
    """What is wrong with the stored file, compared with what the browser declared; "" when nothing."""
    if size == 0 or not head:
        return f"“{asset.name}” arrived at Pictory's storage empty. Upload it again."
    expected = TYPES[asset.content_type][1]
    found = sniff(head)
    if found not in expected:
        what = FORMAT_NAMES.get(found, "not a format the library knows")
        return (f"“{asset.name}” was declared as {FORMAT_NAMES[expected[0]]} ({asset.content_type}), but its content "
                f"is {what}. Export it as {FORMAT_NAMES[expected[0]]} and upload it again.")
    if size is not None and size != asset.size_bytes:
        return (f"“{asset.name}” was declared as {asset.size_bytes:,} bytes, but {size:,} bytes arrived at Pictory's "
                "storage. Upload it again.")
    return ""


def media_upload_finish(*, asset: MediaAsset, user, width=None, height=None, duration=None) -> MediaAsset:
    """Check the uploaded bytes by their content and size; the asset becomes ready, or refused with the reason.

    width/height/duration are what the browser measured; they are kept when they are sane.
    Raises ValidationError (the asset stays uploading) when the storage could not be read for now.
    """
    if asset.uploaded_by_id is None or asset.uploaded_by_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the person who uploaded this file can finish its upload.")
    if asset.status != MediaStatus.UPLOADING:
        return asset
    try:
        head, size = read_head(asset.url)
    except ReadBackError as exc:
        if exc.final:
            return _refuse(asset, f"“{asset.name}” did not arrive at Pictory's storage ({exc}). Upload it again.")
        raise ValidationError(f"The studio could not read “{asset.name}” back from Pictory's storage ({exc}). "
                              "Try again in a minute.") from exc
    except requests.RequestException as exc:
        log.warning("Could not read back media asset %s: %s", asset.pk, exc.__class__.__name__)
        raise ValidationError(f"The studio could not reach Pictory's storage to check “{asset.name}”. "
                              "Try again in a minute.") from exc
    problem = _content_problem(asset, head, size)
    if problem:
        return _refuse(asset, problem)
    if asset.kind in (MediaKind.IMAGE, MediaKind.VIDEO):
        asset.width = _sane(width, limit=_WIDTH_MAX, integer=True)
        asset.height = _sane(height, limit=_WIDTH_MAX, integer=True)
        if asset.width is None or asset.height is None:
            asset.width = asset.height = None
    if asset.kind in (MediaKind.AUDIO, MediaKind.VIDEO):
        asset.duration_seconds = _sane(duration, limit=_DURATION_MAX, integer=False)
    asset.status, asset.refusal = MediaStatus.READY, ""
    asset.save()
    return asset


def _image_size(upload) -> tuple[int | None, int | None]:
    """Width and height from the image's header (Pillow reads no pixels for this)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, None


def media_upload_direct(*, user, upload, width=None, height=None, duration=None, kind: str = "") -> MediaAsset:
    """For browsers that cannot reach the storage, or no JavaScript: the studio relays a small file.

    upload is Django's UploadedFile (a temporary file above Django's in-memory limit); it is
    streamed to the signed URL, then checked like any other upload.
    """
    if upload.size > DIRECT_UPLOAD_MAX_BYTES:
        raise ValidationError(f"“{_clean_name(upload.name)}” is {megabytes(upload.size)}; files sent through the "
                              f"studio may be at most {megabytes(DIRECT_UPLOAD_MAX_BYTES)}. Upload it from a "
                              "browser that can reach Pictory's storage, or make it smaller.")
    asset, signed_url = media_upload_start(user=user, name=upload.name, content_type=upload.content_type,
                                           size=upload.size, kind=kind)
    if asset.kind == MediaKind.IMAGE and not (width and height):
        width, height = _image_size(upload)
    upload.seek(0)
    try:
        client_from_settings().upload_file(signed_url, content_type=asset.content_type, stream_or_bytes=upload)
    except UploadRefusedError as exc:
        _refuse(asset, f"Pictory's storage refused “{asset.name}”: {exc.message}")
        raise ValidationError(asset.refusal) from exc
    except PictoryError as exc:
        _refuse(asset, pictory_error_text(exc))
        raise ValidationError(asset.refusal) from exc
    return media_upload_finish(asset=asset, user=user, width=width, height=height, duration=duration)


def media_assets_ready(*, kinds):
    """Ready assets of these kinds, newest first (for pickers)."""
    return MediaAsset.objects.filter(status=MediaStatus.READY, kind__in=list(kinds))
