"""The Pictory account's saved projects: a list to browse, and an import button on each."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from pictory_studio.pictory import PictoryError
from videos.permissions import Action, role_allows
from videos.services.explain import pictory_error_text
from videos.services.pictory_projects import pictory_project_import, pictory_projects_page, pictory_videos_page

PAGE = "videos/pictory_projects.html"


def _editors_only(request) -> None:
    if not role_allows(request.user, Action.EDIT):
        raise PermissionDenied("Only editors and admins bring projects over from Pictory.")


@login_required
@require_GET
@vary_on_headers("HX-Request")
def pictory_project_list(request):
    _editors_only(request)
    tab = "videos" if request.GET.get("tab") == "videos" else "projects"
    listing = pictory_videos_page if tab == "videos" else pictory_projects_page
    page = listing(page_key=request.GET.get("page_key", ""))
    context = {"page": page, "tab": tab, "first_page": not request.GET.get("page_key")}
    if request.htmx and not context["first_page"]:  # the next rows, appended below the others
        if tab == "videos":
            return render(request, "videos/includes/pictory_videos.html#more-videos", context)
        return render(request, f"{PAGE}#more", context)
    return render(request, PAGE, context)


@login_required
@require_POST
def pictory_project_import_view(request):
    _editors_only(request)
    project_id = request.POST.get("project_id", "").strip()
    if not project_id:
        messages.error(request, "Choose a Pictory project to import.")
        return redirect("videos:pictory_projects")
    try:
        project = pictory_project_import(owner=request.user, project_id=project_id)
    except PictoryError as exc:
        messages.error(request, "Could not import the project: " + pictory_error_text(exc, action="project_import"))
        return redirect("videos:pictory_projects")
    scenes = project.scenes.count()
    plural = "s" if scenes != 1 else ""
    messages.success(request, f"Imported “{project.title}” from Pictory with {scenes} scene{plural}. "
                              "Its storyboard is yours to edit, preview and render.")
    return redirect(project)
