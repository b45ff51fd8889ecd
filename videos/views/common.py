"""Helpers shared by the studio's views: loading objects and enforcing who and what state."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from videos.models import Project, RenderJob, Scene
from videos.permissions import Action, role_allows
from videos.services.review_policy import state_allows

PAGE = "videos/project_detail.html"

_WHY_STATE = {
    Action.RENDER: "This project is waiting for a review. Withdraw the request first, then render again.",
    Action.SEND_FOR_REVIEW: "This version cannot be sent for review now (it is in review, approved, or not "
                            "a finished render).",
    Action.DECIDE: "This version is not waiting for a review.",
    Action.WITHDRAW: "This version has no open review request.",
}


def require(user, action: str, *, project=None, job=None) -> None:
    """Raise 403 unless the person's role and the object's state both allow the action."""
    if not role_allows(user, action):
        raise PermissionDenied(f"Your role does not allow you to {Action(action).label}.")
    if not state_allows(action, project=project, job=job):
        raise PermissionDenied(_WHY_STATE.get(action, "The current review state does not allow this."))


def project_for(request, pk: int, *, action: str = Action.VIEW) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("brand__logo", "brand__font_file", "owner", "final_job"), pk=pk)
    require(request.user, action, project=project)
    return project


def scene_for(request, pk: int) -> Scene:
    scene = get_object_or_404(Scene.objects.select_related("project", "project__brand"), pk=pk)
    require(request.user, Action.EDIT, project=scene.project)
    return scene


def version_for(request, pk: int, *, action: str = Action.VIEW) -> RenderJob:
    job = get_object_or_404(RenderJob.objects.select_related("project", "created_by"), pk=pk, project__isnull=False)
    require(request.user, action, project=job.project, job=job)
    return job
