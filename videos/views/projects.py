"""Project list, creation, and the storyboard builder page with its panels."""
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget, trigger_client_event

from videos import selectors
from videos.forms import ProjectCreateForm, ProjectSettingsForm
from videos.models import JobKind
from videos.permissions import Action, role_allows
from videos.services.job_requests import StoryboardNotReady, render_job_request
from videos.services.job_status import render_job_problems
from videos.services.review_policy import state_allows
from videos.services.storyboard import project_create as create_project
from videos.services.storyboard import project_update_settings
from videos.views.common import PAGE, project_for

PROJECTS_PER_PAGE = 24


@login_required
@require_GET
def project_list(request):
    page = Paginator(selectors.project_list(), PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "videos/project_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not role_allows(request.user, Action.EDIT):
        raise PermissionDenied("Only editors create projects.")
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = create_project(owner=request.user, **form.cleaned_data)
        return redirect(project)
    return render(request, "videos/project_create.html", {"form": form})


def _builder_context(request, project, *, settings_form=None, extra_problems=None):
    voices, voices_error = selectors.voices_available()
    names = selectors.voice_names(voices)
    preview, renders = selectors.project_jobs(project=project)
    latest = max([j for j in [preview, *renders[:1]] if j], key=lambda j: j.created_at, default=None)
    if extra_problems is None and latest is not None and latest.error_fields:
        extra_problems = render_job_problems(job=latest)
    storyboard = selectors.storyboard_for(project=project, names=names, extra_problems=extra_problems)
    return {
        "project": project,
        "storyboard": storyboard,
        "settings_form": settings_form or ProjectSettingsForm(instance=project, voices=voices),
        "voices_error": voices_error,
        "preview_job": preview,
        "renders": renders,
        "activity": selectors.project_activity(project=project),
        "request_token": uuid.uuid4(),
        "can_render": state_allows(Action.RENDER, project=project) and role_allows(request.user, Action.RENDER),
        "can_edit": role_allows(request.user, Action.EDIT),
    }


def _jobs_panel_context(project) -> dict:
    preview, renders = selectors.project_jobs(project=project)
    return {"project": project, "preview_job": preview, "renders": renders,
            "activity": selectors.project_activity(project=project)}


@login_required
@require_GET
def project_detail(request, pk: int):
    project = project_for(request, pk)
    return render(request, PAGE, _builder_context(request, project))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def project_settings(request, pk: int):
    project = project_for(request, pk, action=Action.EDIT)
    voices, _ = selectors.voices_available()
    form = ProjectSettingsForm(request.POST, instance=project, voices=voices)
    if form.is_valid():
        project_update_settings(project=project, **form.cleaned_data)
        form = ProjectSettingsForm(instance=project, voices=voices)
        saved = True
    else:
        project.refresh_from_db()  # the page keeps showing what is stored next to what was typed
        saved = False
    if not request.htmx:
        if saved:
            return redirect(project)
        return render(request, PAGE, _builder_context(request, project, settings_form=form))
    response = render(request, f"{PAGE}#settings-form", {
        "project": project, "settings_form": form, "settings_saved": saved,
    })
    return trigger_client_event(response, "storyboardChanged") if saved else response


@login_required
@require_GET
def project_actions(request, pk: int):
    project = project_for(request, pk)
    return render(request, f"{PAGE}#actions", _builder_context(request, project))


@login_required
@require_GET
def project_jobs_panel(request, pk: int):
    project = project_for(request, pk)
    return render(request, f"{PAGE}#jobs-panel", _jobs_panel_context(project))


def _request_job(request, pk: int, kind: str):
    project = project_for(request, pk, action=Action.RENDER)
    voices, _ = selectors.voices_available()
    try:
        token = uuid.UUID(request.POST.get("request_token", ""))
    except ValueError:
        token = None
    try:
        render_job_request(project=project, kind=kind, user=request.user, request_token=token,
                           voice_names=selectors.voice_names(voices))
    except StoryboardNotReady as exc:
        context = _builder_context(request, project, extra_problems=[])
        context["blocked"] = exc.problems
        if request.htmx:
            response = render(request, f"{PAGE}#actions", context)
            return retarget(response, "#actions")
        return render(request, PAGE, context, status=200)
    if not request.htmx:
        return redirect(project)
    response = render(request, f"{PAGE}#jobs-panel", _jobs_panel_context(project))
    return trigger_client_event(response, "jobsChanged")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def project_preview(request, pk: int) -> HttpResponse:
    return _request_job(request, pk, JobKind.PREVIEW)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def project_render(request, pk: int) -> HttpResponse:
    return _request_job(request, pk, JobKind.RENDER)
