"""Template pages: the list with import and pull, and a template's scenes and variables."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from pictory_studio.pictory import PictoryError
from templates_app import selectors
from templates_app.models import VideoTemplate
from templates_app.permissions import can_manage_templates
from templates_app.services import templates as template_services
from templates_app.views.responses import done
from videos.services.explain import pictory_error_text

PAGE = "templates_app/template_detail.html"


def _require_admin(request) -> None:
    if not can_manage_templates(request.user):
        raise PermissionDenied("Only admins manage templates.")


@login_required
@require_GET
def template_list(request):
    return render(request, "templates_app/template_list.html", {
        "templates": selectors.template_list(), "can_manage": can_manage_templates(request.user),
        "max_mb": settings.PICTORY_TEMPLATE_MAX_BYTES // (1024 * 1024),
    })


@login_required
@require_POST
def template_upload(request):
    _require_admin(request)
    upload = request.FILES.get("project_file")
    if upload is None:
        messages.error(request, "Choose a .pictai project file to upload.")
        return done(request, reverse("templates_app:template_list"))
    try:
        template = template_services.template_import_file(data=upload.read(), user=request.user)
    except template_services.TemplateFileError as exc:
        messages.error(request, f"{upload.name}: {exc}")
        return done(request, reverse("templates_app:template_list"))
    except PictoryError as exc:
        messages.error(request, f"{upload.name}: {pictory_error_text(exc, action='template_upload')}")
        return done(request, reverse("templates_app:template_list"))
    count = len(template.variables)
    messages.success(request, f"Imported “{template.name}” with {len(template.scenes)} scenes and "
                              f"{count} variable{'s' if count != 1 else ''}.")
    return done(request, template.get_absolute_url())


@login_required
@require_POST
def template_pull(request):
    _require_admin(request)
    try:
        count = template_services.template_pull_all(user=request.user)
    except PictoryError as exc:
        messages.error(request, pictory_error_text(exc, action="template_pull"))
    else:
        messages.success(request, f"Read {count} template{'s' if count != 1 else ''} from the Pictory account.")
    return done(request, reverse("templates_app:template_list"))


@login_required
@require_GET
def template_detail(request, pk: int):
    template = get_object_or_404(VideoTemplate, pk=pk)
    usage = template_services.scenes_using(template)
    return render(request, PAGE, {
        "template": template, "usage": usage, "can_manage": can_manage_templates(request.user),
        "batches": template.batches.order_by("-created_at")[:10],
    })


@login_required
@require_POST
def template_scenes_save(request, pk: int):
    _require_admin(request)
    template = get_object_or_404(VideoTemplate, pk=pk)
    texts = {str(s["scene_id"]): request.POST.get(f"scene-{s['scene_id']}", s["text"]) for s in template.scenes}
    try:
        template_services.template_update_scenes(template=template, texts=texts)
    except PictoryError as exc:
        # Keep what was typed on the page, and say why it was not saved.
        template.scenes = [{**s, "text": texts[str(s["scene_id"])]} for s in template.scenes]
        why = pictory_error_text(exc, action="template_edit")
        return render(request, PAGE, {"template": template, "usage": template_services.scenes_using(template),
                                      "can_manage": True, "scene_error": why,
                                      "batches": template.batches.order_by("-created_at")[:10]})
    messages.success(request, "Scene text saved at Pictory. New videos use it; finished ones are unchanged.")
    return redirect(template)


@login_required
@require_POST
def template_delete(request, pk: int):
    _require_admin(request)
    template = get_object_or_404(VideoTemplate, pk=pk)
    try:
        gone = template_services.template_delete(template=template)
    except PictoryError as exc:
        messages.error(request, pictory_error_text(exc, action="template_delete"))
        return redirect(template)
    messages.success(request, f"Deleted “{template.name}” at Pictory." + (
        "" if gone else " It stays listed with its batches' results, marked inactive."))
    return redirect("templates_app:template_list")
