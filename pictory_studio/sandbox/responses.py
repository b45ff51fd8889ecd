"""Response bodies in the shapes of the contract (§3, §4), and the JSON responses carrying them."""

import json
import math
from collections.abc import Callable

from django.http import HttpResponse
from django.urls import reverse

from . import render, webhook_urls
from .models import JobKind, JobStatus, SandboxJob, SandboxProject

UrlFor = Callable[[str], str]
JOB_NOT_FOUND_CODE = "5000"


def url_for_request(request) -> UrlFor:
    return request.build_absolute_uri


def url_for_job(job: SandboxJob) -> UrlFor:
    """Absolute URLs on the host that created the job (for webhooks, sent without a request)."""
    base = job.base_url.rstrip("/")
    return lambda path: f"{base}{path}"


def dumps(body) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def dumps_job(body: dict) -> str:
    """Serialize a job body. Terminal bodies never contain the text "in-progress".

    Legacy clients decide "still running" by searching the raw JSON for that text, so an
    occurrence inside user text (a story, a video name) is written with a JSON escape
    (in\\u002dprogress): the same string once parsed, but no false match on the raw text.
    """
    text = dumps(body)
    if body.get("data", {}).get("status") != JobStatus.IN_PROGRESS:
        text = text.replace("in-progress", "in\\u002dprogress")
    return text


def json_response(body, status: int = 200, headers: dict | None = None) -> HttpResponse:
    return raw_json_response(dumps(body), status, headers)


def raw_json_response(text: str, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- errors ----------------------------------------------------------------------------------


def unauthorized() -> HttpResponse:
    return json_response({"message": "Unauthorized"}, 401)


def legacy_error(status: int, code: int, message: str) -> HttpResponse:
    body = {"success": False, "error": {"error_code": code, "error_message": message}}
    return json_response(body, status)


def invalid_body(fields: list[dict], message: str = "Request body is invalid") -> HttpResponse:
    return json_response(
        {"code": "INVALID_REQUEST_BODY", "message": message, "fields": fields}, 400
    )


def invalid_request(message: str, field: str) -> HttpResponse:
    body = {
        "code": "INVALID_REQUEST",
        "message": message,
        "fields": [{"name": field, "errors": message}],
    }
    return json_response(body, 400)


def invalid_template_file(message: str) -> HttpResponse:
    return json_response({"code": "INVALID_TEMPLATE_FILE", "message": message}, 400)


def template_not_found() -> HttpResponse:
    return json_response({"message": "Template not found"}, 404)


def forbidden() -> HttpResponse:
    return json_response({"message": "Forbidden"}, 403)


def job_not_found(job_id: str, status: int) -> HttpResponse:
    body = {
        "job_id": job_id,
        "success": False,
        "data": {"error_code": JOB_NOT_FOUND_CODE, "error_message": "JOB_NOT_FOUND"},
    }
    return json_response(body, status)


def too_many_requests(retry_after: float) -> HttpResponse:
    seconds = max(1, math.ceil(retry_after))
    return json_response({"message": "Too Many Requests"}, 429, {"Retry-After": str(seconds)})


def server_error() -> HttpResponse:
    return json_response({"message": "Internal Server Error"}, 500)


def bad_gateway() -> HttpResponse:
    return json_response({"message": "Bad Gateway"}, 502)


def not_found() -> HttpResponse:
    return json_response({"message": "Not Found"}, 404)


def method_not_allowed(allowed: list[str]) -> HttpResponse:
    return json_response({"message": "Method Not Allowed"}, 405, {"Allow": ", ".join(allowed)})


# --- jobs ------------------------------------------------------------------------------------


def job_created(job: SandboxJob, *, legacy: bool = False, both_keys: bool = False) -> dict:
    """`{"success": true, "data": {"jobId"}}`; legacy calls say `job_id`; `both_keys` gives both."""
    if both_keys:
        return {"success": True, "data": {"jobId": str(job.id), "job_id": str(job.id)}}
    key = "job_id" if legacy else "jobId"
    return {"success": True, "data": {key: str(job.id)}}


def _absolute_urls(value, url_for: UrlFor):
    """Make the site-relative URLs stored in renderParams absolute."""
    if isinstance(value, dict):
        return {
            key: url_for(item)
            if key in ("url", "visualUrl") and isinstance(item, str) and item.startswith("/")
            else _absolute_urls(item, url_for)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_absolute_urls(item, url_for) for item in value]
    return value


def _file_url(job: SandboxJob, name: str, url_for: UrlFor) -> str:
    return url_for(reverse("sandbox:file", kwargs={"job_id": job.id, "name": name}))


def _completed_render(job: SandboxJob, url_for: UrlFor) -> dict:
    files = job.result.get("files", {})
    share_url = url_for(reverse("sandbox:share", kwargs={"job_id": job.id}))
    data = {
        "status": JobStatus.COMPLETED,
        "progress": 100,
        "videoURL": _file_url(job, files.get("video", render.VIDEO_FILE), url_for),
        "videoShareURL": share_url,
        "shareVideoURL": share_url,
        "thumbnail": _file_url(job, files.get("thumbnail", render.THUMBNAIL_FILE), url_for),
        "srtFile": _file_url(job, files.get("srt", render.SRT_FILE), url_for),
        "vttFile": _file_url(job, files.get("vtt", render.VTT_FILE), url_for),
        "txtFile": _file_url(job, files.get("txt", render.TXT_FILE), url_for),
        "videoDuration": job.result.get("videoDuration", 0.0),
        "aiCreditsUsed": job.result.get("aiCreditsUsed", 0),
    }
    if "renderParams" in job.result:
        data["renderParams"] = _absolute_urls(job.result["renderParams"], url_for)
    data["storyboard"] = webhook_urls.shown_storyboard(job.storyboard)
    data.update(_saved_project(job, url_for))
    return data


def _completed_preview(job: SandboxJob, url_for: UrlFor) -> dict:
    return {
        "status": JobStatus.COMPLETED,
        "preview": url_for(reverse("sandbox:preview", kwargs={"job_id": job.id})),
        "renderParams": _absolute_urls(job.result.get("renderParams", {}), url_for),
        "storyboard": webhook_urls.shown_storyboard(job.storyboard),
        **_saved_project(job, url_for),
    }


def _saved_project(job: SandboxJob, url_for: UrlFor) -> dict:
    """projectId and projectUrl of a job sent with saveProject: true (contract §4.2, names inferred)."""
    if not (job.storyboard or {}).get("saveProject"):
        return {}
    saved = SandboxProject.objects.filter(job=job).first()
    if saved is None:
        return {}
    return {"projectId": str(saved.id),
            "projectUrl": url_for(reverse("sandbox:project_detail", kwargs={"project_id": saved.id}))}


def _completed_transcription(job: SandboxJob, url_for: UrlFor) -> dict:
    """A transcription or highlights job (contract §4.2): the transcript, its files, the media info."""
    files = job.result.get("files", {})
    data = {
        "status": JobStatus.COMPLETED,
        "transcript": job.result.get("transcript", []),
        "txt": _file_url(job, files.get("txt", ""), url_for),
        "srt": _file_url(job, files.get("srt", ""), url_for),
        "vtt": _file_url(job, files.get("vtt", ""), url_for),
        "mediaInfo": job.result.get("mediaInfo", {}),
        "editVideoUrl": url_for(reverse("sandbox:editor", kwargs={"job_id": job.id})),
    }
    if job.kind == JobKind.HIGHLIGHTS:
        data["highlightDuration"] = job.result.get("highlightDuration")
        data["highlightedDuration"] = job.result.get("highlightedDuration")
    return data


def job_body(job: SandboxJob, url_for: UrlFor, *, progress: dict | None = None) -> dict:
    """The body of GET /v1/jobs/{id} for this job."""
    if job.status == JobStatus.FAILED:
        data = {
            "status": JobStatus.FAILED,
            "error_code": job.error_code,
            "error_message": job.error_message,
        }
    elif job.status == JobStatus.COMPLETED and job.kind == JobKind.RENDER:
        data = _completed_render(job, url_for)
    elif job.status == JobStatus.COMPLETED and job.kind in (JobKind.TRANSCRIPTION, JobKind.HIGHLIGHTS):
        data = _completed_transcription(job, url_for)
    elif job.status == JobStatus.COMPLETED:
        data = _completed_preview(job, url_for)
    else:
        data = {"status": JobStatus.IN_PROGRESS, **(progress or {})}
    return {"job_id": str(job.id), "success": job.status != JobStatus.FAILED, "data": data}


def job_list_item(job: SandboxJob, url_for: UrlFor, *, progress: dict | None = None) -> dict:
    """A job as listed by GET /v1/jobs, with what a caller needs to match it to a request."""
    body = job_body(job, url_for, progress=progress)
    body["data"].update(
        {
            "jobId": str(job.id),
            "jobType": job.kind,
            "videoName": job.video_name,
            "webhookInput": job.webhook_input,
            "createdAt": job.created_at.isoformat().replace("+00:00", "Z"),
        }
    )
    return body


def job_list(items: list[dict], next_page_key: str | None) -> HttpResponse:
    parts = ",".join(dumps_job(item) for item in items)
    return raw_json_response(f'{{"items":[{parts}],"nextPageKey":{dumps(next_page_key)}}}')
