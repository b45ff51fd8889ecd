"""One context builder per fragment of the storyboard page (project_detail.html).

Every view that renders a fragment, alone or inside the full page, builds its context here,
so a fragment shows the same thing whichever view drew it.
"""
import uuid

from videos import selectors
from videos.forms import ProjectSettingsForm, SceneForm
from videos.permissions import Action, role_allows
from videos.services.brand_payload import brand_effects
from videos.services.estimates import scene_seconds, word_count
from videos.services.job_requests import storyboard_matches
from videos.services.job_status import render_job_problems
from videos.services.review_policy import state_allows
from videos.services.storyboard import scene_draft


def settings_form(project, data=None) -> ProjectSettingsForm:
    """The settings form with Pictory's voices and the account's AWS connections to pick from."""
    from videos.services.aws_connections import aws_connections_available

    voices, _ = selectors.voices_available()
    connections, _ = aws_connections_available()
    return ProjectSettingsForm(data, instance=project, voices=voices, aws_connections=connections)


def _voices():
    voices, error = selectors.voices_available()
    return voices, selectors.voice_names(voices), error


def _jobs(project, jobs):
    """The latest preview and the renders, read once per request by whoever needs them first."""
    return jobs if jobs is not None else selectors.project_jobs(project=project)


def storyboard_of(project, *, extra_problems=None, jobs=None):
    """The storyboard with its problems, including Pictory's field errors on the latest job."""
    _, names, _ = _voices()
    if extra_problems is None:
        preview, renders = _jobs(project, jobs)
        latest = max([j for j in [preview, *renders[:1]] if j], key=lambda j: j.created_at, default=None)
        extra_problems = render_job_problems(job=latest) if latest is not None and latest.error_fields else []
    return selectors.storyboard_for(project=project, names=names, extra_problems=extra_problems)


def scene_list_context(project, storyboard=None) -> dict:
    context = {"project": project, "storyboard": storyboard or storyboard_of(project)}
    if project.highlight_cut_id:
        from videos.services.highlight_cuts import cut_view

        context["cut_view"] = cut_view(cut=project.highlight_cut)
    return context


def scene_row_context(scene, *, form=None, editing=False, storyboard=None) -> dict:
    project = scene.project
    storyboard = storyboard or storyboard_of(project)
    row = next(r for r in storyboard.rows if r.scene.pk == scene.pk)
    return {"project": project, "row": row, "form": form, "editing": editing, "storyboard": storyboard}


def new_scene_context(project, *, form=None) -> dict:
    """The form of a scene that is not stored until it is saved; it starts like the last scene."""
    storyboard = storyboard_of(project)
    draft = scene_draft(project=project)
    if form is not None and form.is_bound:
        draft.narration = form.data.get("narration", "")
    seconds = scene_seconds(narration=draft.narration, voice_speed=project.voice_speed,
                            minimum_duration=draft.minimum_duration)
    row = selectors.SceneRow(scene=draft, number=len(storyboard.rows) + 1, words=word_count(draft.narration),
                             seconds=seconds)
    return {"project": project, "form": form or SceneForm(instance=draft), "storyboard": storyboard,
            "row": row, "editing": True}


def actions_context(request, project, *, storyboard=None, blocked=None, repeat_of=None, jobs=None) -> dict:
    storyboard = storyboard or storyboard_of(project, jobs=jobs)
    preview, _ = _jobs(project, jobs)
    usable_preview = preview if preview is not None and preview.status == "completed" else None
    current = [row.scene for row in storyboard.rows]
    return {
        "project": project,
        "storyboard": storyboard,
        "request_token": uuid.uuid4(),
        "can_render": state_allows(Action.RENDER, project=project) and role_allows(request.user, Action.RENDER),
        "can_edit": role_allows(request.user, Action.EDIT),
        "blocked": blocked,
        "repeat_of": repeat_of,
        "latest_preview": usable_preview,
        "preview_current": storyboard_matches(project=project, job=usable_preview, scenes=current),
    }


def jobs_panel_context(project, *, jobs=None) -> dict:
    preview, renders = _jobs(project, jobs)
    return {"project": project, "preview_job": preview, "renders": renders,
            "activity": selectors.project_activity(project=project)}


def settings_context(project, *, form=None, saved=False, storyboard=None) -> dict:
    _, _, voices_error = _voices()
    return {
        "project": project,
        "settings_form": form or settings_form(project),
        "brand_effects": brand_effects(project.brand) if project.brand_id else [],
        "settings_saved": saved,
        "voices_error": voices_error,
        "storyboard": storyboard or storyboard_of(project),
    }


def job_status_context(job) -> dict:
    return {"job": job}


def page_context(request, project, *, settings_form=None, settings_saved=False, blocked=None,
                 repeat_of=None, extra_problems=None) -> dict:
    """Everything the full page shows: the union of its fragments' contexts."""
    jobs = selectors.project_jobs(project=project)
    storyboard = storyboard_of(project, extra_problems=extra_problems, jobs=jobs)
    return {
        **jobs_panel_context(project, jobs=jobs),
        **settings_context(project, form=settings_form, saved=settings_saved, storyboard=storyboard),
        **actions_context(request, project, storyboard=storyboard, blocked=blocked, repeat_of=repeat_of, jobs=jobs),
        **scene_list_context(project, storyboard),
    }
