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
from videos.forms import ProjectCreateForm
from videos.models import JobKind
from videos.permissions import Action, role_allows
from videos.services.job_requests import StoryboardNotReady, render_job_request
from videos.services.storyboard import project_create as create_project
from videos.services.storyboard import project_update_settings
from videos.views import panels
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
        voices, _ = selectors.voices_available()
        project = create_project(owner=request.user, voices=voices, **form.cleaned_data)
        return redirect(project)
    return render(request, "videos/project_create.html", {"form": form})


@login_required
@require_GET
def project_detail(request, pk: int):
    project = project_for(request, pk)
    return render(request, PAGE, panels.page_context(request, project))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def project_settings(request, pk: int):
    """Saves every setting that is valid; the invalid ones stay as typed, marked, unsaved."""
    project = project_for(request, pk, action=Action.EDIT)
    form = panels.settings_form(project, request.POST)
    valid = form.is_valid()
    project.refresh_from_db()  # the form's failed validation may have touched the instance
    changed = {name: value for name, value in form.cleaned_data.items() if name in form.changed_data}
    if changed:
        project_update_settings(project=project, **changed)
    if valid:
        form = panels.settings_form(project)
    if not request.htmx:
        if valid:
            return redirect(project)
        return render(request, PAGE, panels.page_context(request, project, settings_form=form))
    response = render(request, f"{PAGE}#settings-form",
                      panels.settings_context(project, form=form, saved=bool(changed)))
    return trigger_client_event(response, "storyboardChanged") if changed else response


@login_required
@require_GET
def project_actions(request, pk: int):
    project = project_for(request, pk)
    return render(request, f"{PAGE}#actions", panels.actions_context(request, project))


@login_required
@require_GET
def project_jobs_panel(request, pk: int):
    project = project_for(request, pk)
    return render(request, f"{PAGE}#jobs-panel", panels.jobs_panel_context(project))


def _request_job(request, pk: int, kind: str):
    project = project_for(request, pk, action=Action.RENDER)
    voices, _ = selectors.voices_available()
    try:
        token = uuid.UUID(request.POST.get("request_token", ""))
    except ValueError:
        token = None
    try:
        result = render_job_request(project=project, kind=kind, user=request.user, request_token=token,
                                    voice_names=selectors.voice_names(voices),
                                    allow_repeat=request.POST.get("again") == "1")
    except StoryboardNotReady as exc:
        return _actions_answer(request, project, blocked=exc.problems, extra_problems=[])
    if result.repeat:
        return _actions_answer(request, project, repeat_of=result.job)
    if not request.htmx:
        return redirect(project)
    response = render(request, f"{PAGE}#jobs-panel", panels.jobs_panel_context(project))
    return trigger_client_event(response, "jobsChanged")


def _actions_answer(request, project, *, blocked=None, repeat_of=None, extra_problems=None):
    """Nothing was made: the actions panel says why (problems to fix, or a repeat to confirm)."""
    if request.htmx:
        storyboard = panels.storyboard_of(project, extra_problems=extra_problems)
        context = panels.actions_context(request, project, storyboard=storyboard, blocked=blocked,
                                         repeat_of=repeat_of)
        return retarget(render(request, f"{PAGE}#actions", context), "#actions")
    return render(request, PAGE, panels.page_context(request, project, blocked=blocked, repeat_of=repeat_of,
                                                     extra_problems=extra_problems))


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
