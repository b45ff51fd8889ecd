"""Helpers shared by the studio's views."""
from django.http import Http404
from django.shortcuts import get_object_or_404

from videos.models import Project, Scene
from videos.permissions import can_edit_project, can_view_project

PAGE = "videos/project_detail.html"


def project_for(request, pk: int, *, edit: bool = False) -> Project:
    project = get_object_or_404(Project.objects.select_related("brand", "owner"), pk=pk)
    allowed = can_edit_project if edit else can_view_project
    if not allowed(request.user, project):
        raise Http404("No such project")
    return project


def scene_for(request, pk: int) -> Scene:
    scene = get_object_or_404(Scene.objects.select_related("project", "project__brand"), pk=pk)
    if not can_edit_project(request.user, scene.project):
        raise Http404("No such scene")
    return scene
