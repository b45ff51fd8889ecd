"""Serving a file like a CDN: GET and HEAD, `Accept-Ranges`, single byte ranges as 206. Whole
files and ranges over 1 MB are streamed from disk, so a large file never sits in memory."""

import re
from pathlib import Path

from django.http import FileResponse, HttpResponse

CHUNK_BYTES = 1024 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single "bytes=a-b" range; None when it cannot be satisfied."""
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.groups()
    if not first:  # "bytes=-500": the last 500 bytes
        length = int(last)
        if length == 0:
            return None
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end


class _Slice:
    """`length` bytes of an open file from its current position, read in chunks."""

    def __init__(self, handle, length: int):
        self.handle = handle
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.handle.read(wanted)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def file_response(request, path: Path, content_type: str, *, cache_control: str = "public, max-age=3600"):
    """The file at `path` (which exists) as a GET/HEAD answer, honouring a Range header."""
    size = path.stat().st_size
    range_header = request.headers.get("Range")
    if range_header:
        wanted = byte_range(range_header, size)
        if wanted is None:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        first, last = wanted
        length = last - first + 1
        if request.method == "HEAD":
            response = HttpResponse(status=206, content_type=content_type)
        elif length <= CHUNK_BYTES:  # a player's small probe: one read is cheaper than a stream
            with path.open("rb") as handle:
                handle.seek(first)
                response = HttpResponse(handle.read(length), status=206, content_type=content_type)
        else:
            handle = path.open("rb")
            handle.seek(first)
            response = FileResponse(_Slice(handle, length), status=206, content_type=content_type)
            response.block_size = CHUNK_BYTES
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response.block_size = CHUNK_BYTES
    response["Accept-Ranges"] = "bytes"
    if cache_control:
        response["Cache-Control"] = cache_control
    return response
