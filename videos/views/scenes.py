"""Storyboard editing: each scene is its own small form, swapped in place by htmx."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from videos import selectors
from videos.forms import SceneForm
from videos.permissions import Action
from videos.services import storyboard as storyboard_services
from videos.services.estimates import format_seconds, scene_seconds, word_count
from videos.views.common import PAGE, project_for, scene_for


def _row_context(scene, *, form=None, editing=False) -> dict:
    project = scene.project
    storyboard = selectors.storyboard_for(project=project, names=selectors.voice_names(selectors.voices_available()[0]))
    row = next(r for r in storyboard.rows if r.scene.pk == scene.pk)
    return {"project": project, "row": row, "form": form, "editing": editing, "storyboard": storyboard}


def _scene_list_response(request, project):
    storyboard = selectors.storyboard_for(
        project=project, names=selectors.voice_names(selectors.voices_available()[0])
    )
    response = render(request, f"{PAGE}#scene-list", {"project": project, "storyboard": storyboard})
    return trigger_client_event(response, "storyboardChanged")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def scene_add(request, pk: int):
    project = project_for(request, pk, action=Action.EDIT)
    scene = storyboard_services.scene_add(project=project)
    if not request.htmx:
        return redirect(f"{project.get_absolute_url()}#scene-{scene.pk}")
    scene.project = project
    response = render(request, f"{PAGE}#scene-row", _row_context(scene, form=SceneForm(instance=scene), editing=True))
    return trigger_client_event(response, "storyboardChanged")


@login_required
@require_GET
def scene_row(request, pk: int):
    scene = scene_for(request, pk)
    return render(request, f"{PAGE}#scene-row", _row_context(scene))


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def scene_edit(request, pk: int):
    scene = scene_for(request, pk)
    if request.method == "GET":
        return render(request, f"{PAGE}#scene-row", _row_context(scene, form=SceneForm(instance=scene), editing=True))
    form = SceneForm(request.POST, instance=scene)
    if not form.is_valid():
        # Keep everything typed; show what cannot be stored, store nothing.
        scene.refresh_from_db()
        context = _row_context(scene, form=form, editing=True)
        if request.htmx:
            return render(request, f"{PAGE}#scene-row", context)
        return render(request, "videos/scene_edit.html", context)
    storyboard_services.scene_update(scene=scene, **form.cleaned_data)
    if not request.htmx:
        return redirect(f"{scene.project.get_absolute_url()}#scene-{scene.pk}")
    response = render(request, f"{PAGE}#scene-row", _row_context(scene))
    return trigger_client_event(response, "storyboardChanged")


@login_required
@require_POST
def scene_estimate(request, pk: int):
    """Words and seconds for the narration as it is being typed."""
    scene = scene_for(request, pk)
    narration = request.POST.get("narration", "")
    try:
        minimum = float(request.POST.get("minimum_duration") or 0) or None
    except ValueError:
        minimum = scene.minimum_duration
    seconds = scene_seconds(narration=narration, voice_speed=scene.project.voice_speed, minimum_duration=minimum)
    return render(request, f"{PAGE}#scene-estimate", {
        "est_id": scene.pk, "est_words": word_count(narration), "est_label": format_seconds(seconds),
        "est_chars": len(narration),
    })


def _mutation(request, pk: int, action):
    scene = scene_for(request, pk)
    project = scene.project
    action(scene)
    if not request.htmx:
        return redirect(project)
    return _scene_list_response(request, project)


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
