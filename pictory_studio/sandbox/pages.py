"""What the sandbox serves outside the API: output files and voice samples (like a CDN, no auth,
with HTTP Range support so players can seek), the preview page and the share page."""

import re

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from . import conf, ranged, render, speech, voice_samples, voices
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


@require_http_methods(["GET", "HEAD"])
def output_file(request, job_id, name):
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if not _SAFE_NAME.match(name) or suffix not in CONTENT_TYPES:
        raise Http404("No such file")
    path = conf.media_root() / str(job_id) / name
    if not path.is_file():
        raise Http404("No such file")
    return ranged.file_response(request, path, CONTENT_TYPES[suffix])


@require_http_methods(["GET", "HEAD"])
def voice_sample(request, track_id, ext):
    """A track's sample, made on first use."""
    track = voices.track_by_id(int(track_id))
    if track is None or ext != voice_samples.extension():
        raise Http404("No such voice sample")
    path = voice_samples.sample_file(track)
    return ranged.file_response(request, path, voice_samples.CONTENT_TYPES[ext], cache_control="public, max-age=86400")


def _completed_job(job_id, kind: str) -> SandboxJob:
    job = SandboxJob.objects.filter(pk=job_id, kind=kind, status=JobStatus.COMPLETED).first()
    if job is None:
        raise Http404("No completed job with this id")
    return job


def _file_url(job: SandboxJob, name: str) -> str:
    return reverse("sandbox:file", kwargs={"job_id": job.id, "name": name})


def _notes(result: dict) -> list[str]:
    """Notes stored with the result, and the silent-narration note when its scenes say so."""
    notes = list(result.get("notes") or [])
    if any(scene.get("narrationSilent") for scene in result.get("scenes", [])) and speech.SILENT_NOTE not in notes:
        notes.append(speech.SILENT_NOTE)
    return notes


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
        "notes": _notes(job.result),
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
        "notes": _notes(job.result),
    }
    return HttpResponse(render_to_string("sandbox/share.html", context))
