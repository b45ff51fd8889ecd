"""The Pictory account's saved projects: listed for the team, and imported as studio projects
so work started in Pictory's web app carries on here (its scenes become the storyboard)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pictory_studio.pictory import AccountVideo, PictoryError
from pictory_studio.pictory import Project as PictoryProject
from videos.models import AspectRatio, Language, Project, RenderJob, Scene, VisualKind
from videos.services.account import client_single_try
from videos.services.explain import pictory_error_text
from videos.services.text import single_line

log = logging.getLogger(__name__)
MAX_SCENE_TEXT = 5000
REPEAT_CLICK_WINDOW = timedelta(seconds=10)


@dataclass(frozen=True)
class ListedProject:
    project: PictoryProject
    imported_as: Project | None  # the studio project made from it, if any


@dataclass(frozen=True)
class AccountPage:
    """One page of an account list (projects or videos), or the problem to show instead."""

    items: list
    next_page_key: str
    problem: str = ""


def pictory_projects_page(*, page_key: str = "") -> AccountPage:
    """One page of the account's projects (newest first), each with the studio project made
    from it; a problem to show instead when Pictory could not be read."""
    try:
        page = client_single_try().list_projects(page_key=page_key)
    except PictoryError as exc:
        log.warning("Could not list Pictory projects: %s", exc.__class__.__name__)
        return AccountPage(items=[], next_page_key="", problem=pictory_error_text(exc, action="project_list"))
    ids = [item.project_id for item in page.items if item.project_id]
    imported = {project.pictory_project_id: project
                for project in Project.objects.filter(pictory_project_id__in=ids).order_by("created_at")}
    return AccountPage(items=[ListedProject(item, imported.get(item.project_id)) for item in page.items],
                        next_page_key=page.next_page_key)


@dataclass(frozen=True)
class ListedVideo:
    video: AccountVideo
    made_by: RenderJob | None  # the studio's render that made it, if the studio did


def pictory_videos_page(*, page_key: str = "") -> AccountPage:
    """One page of the account's finished videos (newest first), each with the studio render that
    made it, when the studio did."""
    try:
        page = client_single_try().list_videos(page_key=page_key)
    except PictoryError as exc:
        log.warning("Could not list Pictory videos: %s", exc.__class__.__name__)
        return AccountPage(items=[], next_page_key="", problem=pictory_error_text(exc, action="video_list"))
    ids = [item.video_id for item in page.items if item.video_id]
    made = {job.pictory_job_id: job for job in RenderJob.objects.filter(pictory_job_id__in=ids)
            .select_related("project")}
    return AccountPage(items=[ListedVideo(item, made.get(item.video_id)) for item in page.items],
                      next_page_key=page.next_page_key)


def pictory_project_import(*, owner, project_id: str) -> Project:
    """A new studio project from a Pictory project: its name, layout, language and scenes.

    Importing the same Pictory project again makes another copy on purpose (a team may want a
    fresh start); the same person's repeat click within a few seconds gets the first copy."""
    just_made = Project.objects.filter(owner=owner, pictory_project_id=project_id[:64],
                                       created_at__gte=timezone.now() - REPEAT_CLICK_WINDOW).first()
    if just_made is not None:
        return just_made
    source = client_single_try().get_project(project_id)
    project = Project(owner=owner, title=single_line(source.name)[:200] or "Imported from Pictory",
                      aspect_ratio=source.layout if source.layout in AspectRatio.values else AspectRatio.LANDSCAPE,
                      language=_language(source.language), pictory_project_id=source.project_id[:64])
    with transaction.atomic():
        project.save()
        Scene.objects.bulk_create([_scene(project, position, scene) for position, scene in enumerate(source.scenes)])
    return project


def _language(code: str) -> str:
    base = (code or "en").split("-")[0].lower()
    return base if base in Language.values else Language.ENGLISH


def _scene(project: Project, position: int, scene) -> Scene:
    """A Pictory scene as a storyboard scene: colour, media URL, stock search, in that order."""
    built = Scene(project=project, position=position, narration=scene.story[:MAX_SCENE_TEXT])
    background = scene.background or {}
    url = background.get("visualUrl") or background.get("url") or ""
    search = background.get("searchFilter")
    query = search.get("query") if isinstance(search, dict) else ""
    if background.get("color"):
        built.visual_kind, built.visual_color = VisualKind.COLOR, str(background["color"])[:40]
    elif isinstance(url, str) and url.startswith(("https://", "http://")):
        built.visual_kind, built.visual_url = VisualKind.MEDIA, url[:1000]
    elif query:
        built.visual_kind, built.visual_query = VisualKind.SEARCH, str(query)[:200]
    return built
