"""Storyboard editing: each scene is its own small form, swapped in place by htmx.

A new scene is only a form until it is saved, so leaving the page never leaves an empty
scene behind.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from videos import selectors
from videos.forms import SceneForm
from videos.models import Scene
from videos.permissions import Action
from videos.services import storyboard as storyboard_services
from videos.services.estimates import format_seconds
from videos.views import panels
from videos.views.common import PAGE, project_for, scene_for
from videos.views.params import positive_number


@login_required
@require_GET
@vary_on_headers("HX-Request")
def scene_new(request, pk: int):
    """The form for a scene that does not exist yet."""
    project = project_for(request, pk, action=Action.EDIT)
    context = panels.new_scene_context(project)
    if request.htmx:
        return render(request, f"{PAGE}#new-scene", context)
    return render(request, "videos/scene_edit.html", context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def scene_add(request, pk: int):
    project = project_for(request, pk, action=Action.EDIT)
    form = SceneForm(request.POST, instance=storyboard_services.scene_draft(project=project))
    if not form.is_valid():
        context = panels.new_scene_context(project, form=form)
        if request.htmx:
            return render(request, f"{PAGE}#new-scene", context)
        return render(request, "videos/scene_edit.html", context)
    scene = storyboard_services.scene_add(project=project, **form.cleaned_data)
    if not request.htmx:
        return redirect(f"{project.get_absolute_url()}#scene-{scene.pk}")
    scene.project = project
    response = render(request, f"{PAGE}#scene-row", panels.scene_row_context(scene))
    return trigger_client_event(response, "storyboardChanged")


@login_required
@require_GET
def scene_row(request, pk: int):
    scene = scene_for(request, pk)
    return render(request, f"{PAGE}#scene-row", panels.scene_row_context(scene))


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def scene_edit(request, pk: int):
    scene = scene_for(request, pk)
    if request.method == "GET":
        context = panels.scene_row_context(scene, form=SceneForm(instance=scene), editing=True)
        return render(request, f"{PAGE}#scene-row", context)
    form = SceneForm(request.POST, instance=scene)
    if not form.is_valid():
        # Keep everything typed; show what cannot be stored, store nothing.
        scene.refresh_from_db()
        context = panels.scene_row_context(scene, form=form, editing=True)
        if request.htmx:
            return render(request, f"{PAGE}#scene-row", context)
        return render(request, "videos/scene_edit.html", context)
    storyboard_services.scene_update(scene=scene, **form.cleaned_data)
    if not request.htmx:
        return redirect(f"{scene.project.get_absolute_url()}#scene-{scene.pk}")
    response = render(request, f"{PAGE}#scene-row", panels.scene_row_context(scene))
    return trigger_client_event(response, "storyboardChanged")


def _typed_seconds(raw: str, fallback: float | None) -> float | None:
    try:
        return float(raw or 0) or None
    except ValueError:
        return fallback


@login_required
@require_POST
def storyboard_estimate(request, pk: int):
    """Words and seconds for the narration being typed, and the storyboard's totals with it."""
    project = project_for(request, pk, action=Action.EDIT)
    scene = None
    if request.POST.get("scene"):
        scene = Scene.objects.filter(project=project, pk=positive_number(request.POST["scene"])).first()
        if scene is None:
            raise Http404("No such scene in this project.")
    narration = request.POST.get("narration", "")
    minimum = _typed_seconds(request.POST.get("minimum_duration", ""), scene.minimum_duration if scene else None)
    estimate = selectors.narration_estimate(project=project, scene=scene, narration=narration,
                                            minimum_duration=minimum)
    return render(request, f"{PAGE}#estimate-response", {
        "est_id": scene.pk if scene else "new", "est_words": estimate.words,
        "est_label": format_seconds(estimate.seconds), "est_chars": len(narration),
        "total_words": estimate.total_words, "total_seconds": estimate.total_seconds,
    })


def _mutation(request, pk: int, action):
    scene = scene_for(request, pk)
    project = scene.project
    action(scene)
    if not request.htmx:
        return redirect(project)
    response = render(request, f"{PAGE}#scene-list", panels.scene_list_context(project))
    return trigger_client_event(response, "storyboardChanged")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def scene_duplicate(request, pk: int):
    return _mutation(request, pk, lambda scene: storyboard_services.scene_duplicate(scene=scene))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def scene_delete(request, pk: int):
    return _mutation(request, pk, lambda scene: storyboard_services.scene_delete(scene=scene))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def scene_move(request, pk: int, direction: str):
    if direction not in ("up", "down"):
        direction = "down"
    return _mutation(request, pk, lambda scene: storyboard_services.scene_move(scene=scene, direction=direction))
