"""The Pictory API endpoints the sandbox serves under /sandbox/pictoryapis/."""

import time
import uuid

from . import (
    aws_connections,
    catalogue,
    conf,
    faults,
    jobs,
    paging,
    pictai,
    project_templates,
    projects,
    quota,
    responses,
    throttle,
)
from .api import api_endpoint
from .auth import INVALID_CLIENT, issue_token
from .bodies import NOT_JSON, json_body, not_json
from .fields import Anything, FieldErrors, Obj, Str
from .models import JobKind, JobStatus, SandboxJob, SandboxTemplate
from .validation import validate_storyboard

_RENDER_FROM_PREVIEW_BODY = Obj(
    {"webhook": Str(max_length=500, url=True), "webhookInput": Anything(dict, "an object")}
)


def parse_job_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def base_url(request) -> str:
    return request.build_absolute_uri("/")


def answer_created(request, job: SandboxJob, *, legacy: bool = False, both_keys: bool = False):
    """The create call's answer, with the faults that act on the HTTP response itself."""
    request.sandbox_job_id = job.id
    if faults.HTTP_502_AFTER_CREATE_MARKER in job.video_name:
        return responses.bad_gateway()
    if faults.SLOW_MARKER in job.video_name:
        time.sleep(conf.slow_seconds())
    return responses.json_response(responses.job_created(job, legacy=legacy, both_keys=both_keys))


# --- auth ------------------------------------------------------------------------------------


@api_endpoint("oauth_token", ["POST"], authenticated=False)
def oauth_token(request, caller):
    body = json_body(request)
    if not isinstance(body, dict):
        return responses.legacy_error(400, 1000, "Request body must be a JSON object")
    token = issue_token(body.get("client_id"), body.get("client_secret"))
    if token is None:
        return responses.legacy_error(401, INVALID_CLIENT, "Invalid client_id or client_secret")
    expires_in = round((token.expires_at - token.issued_at).total_seconds())
    return responses.json_response(
        {"access_token": token.token, "token_type": "Bearer", "expires_in": expires_in}
    )


# --- video creation --------------------------------------------------------------------------


def _create_from_storyboard(request, caller, *, kind: str):
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    storyboard, errors = validate_storyboard(body, require_video_name=kind == JobKind.RENDER)
    storyboard, errors = project_templates.apply_to_storyboard(storyboard, errors, caller.account)
    errors = [*errors, *aws_connections.check_storyboard(storyboard)]
    if errors:
        return responses.invalid_body(errors)
    return _start_job(request, caller, kind, storyboard)


def _start_job(request, caller, kind: str, storyboard: dict):
    if faults.HTTP_500_MARKER in (storyboard.get("videoName") or ""):
        return responses.server_error()
    job = jobs.create_job(
        kind=kind,
        storyboard=storyboard,
        credential=caller.credential,
        base_url=base_url(request),
        webhook=storyboard.get("webhook", ""),
        webhook_input=storyboard.get("webhookInput"),
    )
    if storyboard.get("saveProject") is True:
        projects.save_from_job(job, caller.account)
    return answer_created(request, job)


@api_endpoint("storyboard_preview", ["POST"])
def storyboard_preview(request, caller):
    return _create_from_storyboard(request, caller, kind=JobKind.PREVIEW)


@api_endpoint("storyboard_render", ["POST"])
def storyboard_render(request, caller):
    return _create_from_storyboard(request, caller, kind=JobKind.RENDER)


def completed_source_job(request, job_id: str, *, kind: str, label: str, wrong_kind: str, not_ready: str):
    """The completed job of `kind` that a call builds on (a preview to render, a transcription to
    pick highlights from), brought up to date; else the answer that refuses the call."""
    parsed = parse_job_id(job_id)
    source = SandboxJob.objects.filter(pk=parsed).first() if parsed else None
    if source is None:
        return responses.job_not_found(job_id, conf.job_not_found_status())
    request.sandbox_job_id = source.id
    source = jobs.refresh(source)
    if source.kind != kind:
        return responses.invalid_request(f"Job {job_id} is a {source.kind} job; {wrong_kind}", "jobId")
    if source.status != JobStatus.COMPLETED:
        state = "failed" if source.status == JobStatus.FAILED else "not completed yet"
        return responses.invalid_request(f"{label} job {job_id} is {state}; {not_ready}", "jobId")
    return source


def _render_from_preview(request, caller, job_id: str, *, legacy: bool):
    body = json_body(request)
    if body is NOT_JSON:
        # The legacy call may send an empty text/plain body or other non-JSON filler.
        body = {} if legacy else None
        if body is None:
            return not_json()
    errors = FieldErrors()
    options = _RENDER_FROM_PREVIEW_BODY.clean(body, "", errors) if isinstance(body, dict) else {}
    if errors:
        return responses.invalid_body(errors.items)
    preview = completed_source_job(request, job_id, kind=JobKind.PREVIEW, label="Preview",
                                   wrong_kind="only completed preview (storyboard) jobs can be rendered",
                                   not_ready="only completed preview jobs can be rendered")
    if not isinstance(preview, SandboxJob):
        return preview
    if faults.HTTP_500_MARKER in preview.video_name:
        return responses.server_error()
    render_job = jobs.create_job(
        kind=JobKind.RENDER,
        storyboard=preview.storyboard,
        credential=caller.credential,
        base_url=base_url(request),
        source_job=preview,
        webhook=options.get("webhook", preview.webhook),
        webhook_input=options.get("webhookInput", preview.webhook_input),
    )
    return answer_created(request, render_job, legacy=legacy)


@api_endpoint("render_from_preview", ["PUT"])
def render_from_preview(request, caller, job_id):
    return _render_from_preview(request, caller, job_id, legacy=False)


@api_endpoint("legacy_render_from_preview", ["PUT"])
def legacy_render_from_preview(request, caller, job_id):
    return _render_from_preview(request, caller, job_id, legacy=True)


@api_endpoint("from_template", ["POST"])
def video_from_template(request, caller):
    """Legacy "Create Template Video": a preview job of the template with variables filled in."""
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    storyboard, errors = project_templates.legacy_storyboard(body, caller.account)
    if errors:
        return responses.invalid_body(errors)
    return _start_job(request, caller, JobKind.PREVIEW, storyboard)


# --- templates -------------------------------------------------------------------------------


def _read_upload(request, limit: int) -> bytes:
    """The raw request body, refused once it is over `limit` bytes (read without buffering
    more than that, and without Django's form-data size check)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise pictai.InvalidProjectFile(pictai.too_big_message(declared, limit))
    data = request.read(limit + 1)
    if len(data) > limit:
        raise pictai.InvalidProjectFile(pictai.too_big_message(max(declared, len(data)), limit))
    return data


def _create_template(request, caller):
    try:
        data = _read_upload(request, conf.template_max_bytes())
        project = pictai.parse(data)
    except pictai.InvalidProjectFile as refused:
        return responses.invalid_template_file(str(refused))
    template = project_templates.create(project, caller.account, len(data))
    return responses.json_response(project_templates.template_object(template))


@api_endpoint("templates", ["GET", "POST"])
def templates(request, caller):
    if request.method == "POST":
        return _create_template(request, caller)
    owned = SandboxTemplate.objects.filter(account=caller.account).order_by("created_at", "id")
    return responses.json_response({"items": [project_templates.list_item(t) for t in owned]})


@api_endpoint("template_detail", ["GET", "PUT", "DELETE"])
def template_detail(request, caller, template_id):
    template = SandboxTemplate.objects.filter(template_id=template_id).first()
    if template is None:
        return responses.template_not_found()
    if template.account != caller.account:
        return responses.forbidden()
    if request.method == "GET":
        return responses.json_response(project_templates.template_detail(template))
    if request.method == "DELETE":
        template.delete()
        return responses.json_response({"success": True, "message": "Template deleted"})
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    errors = project_templates.update(template, body)
    if errors:
        return responses.invalid_body(errors)
    return responses.json_response(
        {"success": True, "message": "Template updated", "templateId": template.template_id}
    )


# --- jobs ------------------------------------------------------------------------------------


@api_endpoint(throttle.JOB_DETAIL, ["GET"])
def job_detail(request, caller, job_id):
    parsed = parse_job_id(job_id)
    if parsed is None:
        return responses.job_not_found(job_id, conf.job_not_found_status())
    request.sandbox_job_id = parsed
    wait = throttle.poll_retry_after(caller, parsed)
    if wait is not None:
        return responses.too_many_requests(wait)
    job = SandboxJob.objects.filter(pk=parsed).first()
    if job is None:
        return responses.job_not_found(job_id, conf.job_not_found_status())
    job = jobs.refresh(job)
    body = responses.job_body(job, responses.url_for_request(request), progress=jobs.progress(job))
    return responses.raw_json_response(responses.dumps_job(body))


@api_endpoint("job_list", ["GET"])
def job_list(request, caller):
    try:
        page, next_key = paging.newest_first_page(SandboxJob.objects.all(), _page_key(request))
    except paging.BadPageKey:
        return responses.invalid_request("nextPageKey is not a valid page key", "nextPageKey")
    url_for = responses.url_for_request(request)
    items = []
    for job in page:
        job = jobs.refresh(job)
        items.append(responses.job_list_item(job, url_for, progress=jobs.progress(job)))
    return responses.job_list(items, next_key)


def _page_key(request) -> str:
    return request.GET.get("nextPageKey") or request.GET.get("pageKey") or ""


# --- catalogues and account ------------------------------------------------------------------


@api_endpoint("styles", ["GET"])
def styles(request, caller):
    return responses.json_response(catalogue.STYLES)


@api_endpoint("quota", ["GET"])
def account_quota(request, caller):
    return responses.json_response(quota.usage())


@api_endpoint("unknown", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(request, caller, rest=""):
    return responses.not_found()
