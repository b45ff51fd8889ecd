"""What the sandbox serves outside the API: output files (like a CDN, no auth, with HTTP Range
support so players can seek), the preview page and the share page."""

import re

from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from . import conf, render
from .models import JobKind, JobStatus, SandboxJob

CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".wav": "audio/wav",
}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
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


@require_http_methods(["GET", "HEAD"])
def output_file(request, job_id, name):
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if not _SAFE_NAME.match(name) or suffix not in CONTENT_TYPES:
        raise Http404("No such file")
    path = conf.media_root() / str(job_id) / name
    if not path.is_file():
        raise Http404("No such file")
    size = path.stat().st_size
    content_type = CONTENT_TYPES[suffix]
    range_header = request.headers.get("Range")
    if range_header:
        byte_range = _byte_range(range_header, size)
        if byte_range is None:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        first, last = byte_range
        with path.open("rb") as handle:
            handle.seek(first)
            chunk = handle.read(last - first + 1)
        response = HttpResponse(
            b"" if request.method == "HEAD" else chunk, status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _completed_job(job_id, kind: str) -> SandboxJob:
    job = SandboxJob.objects.filter(pk=job_id, kind=kind, status=JobStatus.COMPLETED).first()
    if job is None:
        raise Http404("No completed job with this id")
    return job


def _file_url(job: SandboxJob, name: str) -> str:
    return reverse("sandbox:file", kwargs={"job_id": job.id, "name": name})


@xframe_options_exempt
@require_http_methods(["GET"])
def preview_page(request, job_id):
    """The storyboard preview: every scene with its text, backdrop and duration."""
    job = _completed_job(job_id, JobKind.PREVIEW)
    scenes = [
        {**scene, "backdrop_url": _file_url(job, scene["backdrop"])}
        for scene in job.result.get("scenes", [])
    ]
    context = {
        "job": job,
        "scenes": scenes,
        "duration": job.result.get("videoDuration", 0),
        "width": job.result.get("width"),
        "height": job.result.get("height"),
    }
    return HttpResponse(render_to_string("sandbox/preview.html", context))


@xframe_options_exempt
@require_http_methods(["GET"])
def share_page(request, job_id):
    """The share page of a finished render: the video with its subtitles."""
    job = _completed_job(job_id, JobKind.RENDER)
    files = job.result.get("files", {})
    context = {
        "job": job,
        "video_url": _file_url(job, files.get("video", render.VIDEO_FILE)),
        "vtt_url": _file_url(job, files.get("vtt", render.VTT_FILE)),
        "thumbnail_url": _file_url(job, files.get("thumbnail", render.THUMBNAIL_FILE)),
        "duration": job.result.get("videoDuration", 0),
        "scenes": job.result.get("scenes", []),
    }
    return HttpResponse(render_to_string("sandbox/share.html", context))
