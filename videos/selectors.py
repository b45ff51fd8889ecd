"""Reads for pages: each returns everything a page needs in a fixed number of queries."""
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from pictory_studio.pictory import PictoryError, Voice
from pictory_studio.pictory.factory import client_from_settings, pictory_mode
from videos.models import Activity, JobKind, Project, RenderJob, ReviewStatus, Scene
from videos.services.checks import Problem, storyboard_problems
from videos.services.estimates import scene_seconds, word_count

log = logging.getLogger(__name__)
VOICES_CACHE_SECONDS = 3600
VOICES_RETRY_SECONDS = 60


def project_list() -> QuerySet[Project]:
    """Projects newest first, each with its latest render's status, version and thumbnail."""
    latest_render = RenderJob.objects.filter(project=OuterRef("pk"), kind=JobKind.RENDER).order_by(
        "-created_at", "-id"
    )
    return (
        Project.objects.select_related("owner", "brand")
        .annotate(
            scene_count=Count("scenes", distinct=True),
            latest_status=Subquery(latest_render.values("status")[:1]),
            latest_version=Subquery(latest_render.values("version")[:1]),
            latest_thumbnail=Subquery(latest_render.exclude(thumbnail_url="").values("thumbnail_url")[:1]),
            final_version=F("final_job__version"),
        )
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class SceneRow:
    scene: Scene
    number: int
    words: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    def problem_for(self, name: str) -> str:
        return "; ".join(p.message for p in self.problems if p.field == name)


@dataclass(frozen=True)
class Storyboard:
    project: Project
    rows: list[SceneRow]
    problems: list[Problem]
    total_words: int
    total_seconds: float

    @property
    def project_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.scene_id is None]

    def problem_for(self, name: str) -> str:
        return "; ".join(p.message for p in self.project_problems if p.field == name)


def voices_available() -> tuple[list[Voice], str]:
    """Pictory's voices (cached for an hour), and an error to show when they could not be read."""
    key = f"pictory:voices:{pictory_mode()}"
    voices = cache.get(key)
    if voices is not None:
        return voices, ""
    unavailable = "Pictory's voice list could not be loaded right now; your current choice is kept."
    if cache.get(f"{key}:down"):
        return [], unavailable  # don't make every page wait on a Pictory that just failed
    try:
        voices = client_from_settings().list_voices()
    except PictoryError as exc:
        log.warning("Could not load Pictory voices: %s", exc.__class__.__name__)
        cache.set(f"{key}:down", True, VOICES_RETRY_SECONDS)
        return [], unavailable
    cache.set(key, voices, VOICES_CACHE_SECONDS)
    return voices, ""


def _cached_catalogue(name: str, fetch, *, what: str) -> tuple[list, str]:
    """A Pictory list cached for an hour, with a short pause after a failure (as for voices)."""
    key = f"pictory:{name}:{pictory_mode()}"
    items = cache.get(key)
    if items is not None:
        return items, ""
    unavailable = f"Pictory's {what} could not be loaded right now; the current choice is kept."
    if cache.get(f"{key}:down"):
        return [], unavailable
    try:
        items = fetch()
    except PictoryError as exc:
        log.warning("Could not load Pictory %s: %s", what, exc.__class__.__name__)
        cache.set(f"{key}:down", True, VOICES_RETRY_SECONDS)
        return [], unavailable
    cache.set(key, items, VOICES_CACHE_SECONDS)
    return items, ""


def subtitle_styles_available() -> tuple[list, str]:
    """Pictory's subtitle style presets (`GET /v1/styles`)."""
    return _cached_catalogue("styles", lambda: client_from_settings().list_subtitle_styles(),
                             what="subtitle styles")


def voice_names(voices: list[Voice]) -> set[str] | None:
    """Names (and ids) the voice check accepts; None when the list is unknown."""
    if not voices:
        return None
    names = set()
    for voice in voices:
        names.update(v.lower() for v in (voice.name, str(voice.id), voice.voice_id) if v)
    return names


def storyboard_for(*, project: Project, extra_problems: list[Problem] | None = None,
                   names: set[str] | None = None) -> Storyboard:
    if project.highlight_cut_id:
        return _cut_storyboard(project, extra_problems, names)
    scenes = list(project.scenes.all())
    problems = storyboard_problems(project=project, scenes=scenes, voice_names=names)
    problems += extra_problems or []
    rows = []
    for number, scene in enumerate(scenes, start=1):
        words = word_count(scene.narration)
        seconds = scene_seconds(narration=scene.narration, voice_speed=project.voice_speed,
                                minimum_duration=scene.minimum_duration)
        rows.append(SceneRow(scene=scene, number=number, words=words, seconds=seconds,
                             problems=[p for p in problems if p.scene_id == scene.pk]))
    return Storyboard(project=project, rows=rows, problems=problems,
                      total_words=sum(r.words for r in rows), total_seconds=sum(r.seconds for r in rows))


def _cut_storyboard(project: Project, extra_problems, names) -> Storyboard:
    """A highlight cut's project: no scenes; its totals are the kept sentences'."""
    from videos.services.job_requests import request_plan

    plan = request_plan(project=project, voice_names=names)
    return Storyboard(project=project, rows=[], problems=[*plan.problems, *(extra_problems or [])],
                      total_words=plan.words, total_seconds=plan.seconds)


@dataclass(frozen=True)
class NarrationEstimate:
    """One scene's narration as it is being typed, and the storyboard's totals with it."""

    words: int
    seconds: float
    total_words: int
    total_seconds: float


def narration_estimate(*, project: Project, scene: Scene | None, narration: str,
                       minimum_duration: float | None) -> NarrationEstimate:
    """`scene` (None: a scene not saved yet) read with `narration` instead of what is stored."""
    words = word_count(narration)
    seconds = scene_seconds(narration=narration, voice_speed=project.voice_speed, minimum_duration=minimum_duration)
    total_words, total_seconds = words, seconds
    others = project.scenes.exclude(pk=scene.pk) if scene else project.scenes.all()
    for other in others.only("narration", "minimum_duration"):
        total_words += word_count(other.narration)
        total_seconds += scene_seconds(narration=other.narration, voice_speed=project.voice_speed,
                                       minimum_duration=other.minimum_duration)
    return NarrationEstimate(words=words, seconds=seconds, total_words=total_words, total_seconds=total_seconds)


def project_jobs(*, project: Project) -> tuple[RenderJob | None, list[RenderJob]]:
    """The latest preview and every render (the final one first, then newest first), each with
    its review state, in two queries."""
    jobs = list(
        project.render_jobs.select_related("created_by").defer("payload", "storyboard").order_by("-created_at", "-id")
    )
    latest_review: dict[int, str] = {}
    for job_id, status in project.reviews.order_by("created_at", "id").values_list("job_id", "status"):
        latest_review[job_id] = status
    preview = next((j for j in jobs if j.kind == JobKind.PREVIEW), None)
    renders = [j for j in jobs if j.kind == JobKind.RENDER]
    for job in renders:
        job.review_state = latest_review.get(job.pk, ReviewStatus.DRAFT)
        job.is_final_version = job.pk == project.final_job_id
    renders.sort(key=lambda j: not j.is_final_version)  # stable: the rest stay newest first
    return preview, renders


def project_activity(*, project: Project, limit: int = 15) -> list[Activity]:
    return list(project.activities.select_related("actor", "job")[:limit])


def recording_list() -> QuerySet:
    """Recordings, newest first, with how many highlight cuts each has."""
    from videos.models import Recording

    return (Recording.objects.select_related("transcription_job", "media")
            .annotate(cut_count=Count("cuts")).order_by("-created_at", "-id"))
