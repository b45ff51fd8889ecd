"""The account's projects, videos and transcriptions (contract §5.1 `/v2/projects`, and the
`/v1/projects`, `/v1/videos`, `/v1/transcriptions` lists of §5.11), paged with nextPageKey."""
from . import faults, paging, projects, responses
from .api import api_endpoint
from .models import JobKind, JobStatus, SandboxJob, SandboxProject
from .views import parse_job_id


def _listed(request, queryset, selector: str, item):
    fault = faults.next_list_fault()
    if fault == 429:
        return responses.too_many_requests(1)
    if fault is not None:
        return responses.server_error()
    key = request.GET.get("nextPageKey") or request.GET.get("pageKey") or ""
    try:
        page, next_key = paging.newest_first_page(queryset, key)
    except paging.BadPageKey:
        return responses.invalid_request("nextPageKey is not a valid page key", "nextPageKey")
    return responses.json_response({selector: [item(entry) for entry in page], "nextPageKey": next_key})


@api_endpoint("projects", ["GET"])
def project_list(request, caller):
    return _listed(request, SandboxProject.objects.filter(account=caller.account), "items", projects.summary)


@api_endpoint("project_detail", ["GET"])
def project_detail(request, caller, project_id):
    project_uuid = parse_job_id(project_id)
    project = SandboxProject.objects.filter(pk=project_uuid, account=caller.account).select_related("job").first() \
        if project_uuid else None
    if project is None:
        return responses.not_found()
    return responses.json_response(projects.detail(project, responses.url_for_request(request)))


@api_endpoint("projects_v1", ["GET"])
def project_list_v1(request, caller):
    return _listed(request, SandboxProject.objects.filter(account=caller.account), "projects", projects.summary)


@api_endpoint("videos", ["GET"])
def video_list(request, caller):
    url_for = responses.url_for_request(request)
    finished = (SandboxJob.objects.filter(kind=JobKind.RENDER, status=JobStatus.COMPLETED)
                .select_related("saved_project"))
    return _listed(request, finished, "videos", lambda job: projects.video_item(job, url_for))


@api_endpoint("transcriptions", ["GET"])
def transcription_list(request, caller):
    kinds = (JobKind.TRANSCRIPTION, JobKind.HIGHLIGHTS)
    return _listed(request, SandboxJob.objects.filter(kind__in=kinds), "transcriptions", projects.transcription_item)
