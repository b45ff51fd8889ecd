"""The user's Preview/Render click: checked, frozen and queued (design.md, "Render job lifecycle").

One click = at most one paid render: the click writes a QUEUED job whose request is frozen,
enqueues the submit task after commit, and a repeated click (same request token) returns
the job the first one made.
"""
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from videos.job_states import HOLDS_A_VIDEO
from videos.models import ActivityVerb, JobKind, JobStatus, Project, RenderJob
from videos.services.account import quota_shortfall
from videos.services.activity import activity_log
from videos.services.checks import Problem, storyboard_problems
from videos.services.estimates import scene_seconds
from videos.services.highlight_cuts import cut_problems, cut_storyboard_body, cut_view
from videos.services.payload import storyboard_body
from videos.services.queue import SUBMIT, enqueue
from videos.services.webhooks import request_extras

S = JobStatus


class StoryboardNotReady(Exception):
    """The storyboard has problems that Pictory would refuse; nothing was sent."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the storyboard")
        self.problems = problems


@dataclass(frozen=True)
class JobRequestResult:
    job: RenderJob
    created: bool
    # True when nothing was made because `job` already stands for this exact storyboard.
    repeat: bool = False


REPEAT_LOOKBACK = 20  # an identical earlier job is almost always among the latest few


# --- the user's click -------------------------------------------------------------------------
def _fresh_preview(project: Project, body: dict) -> RenderJob | None:
    """The latest completed preview of exactly this storyboard, if any."""
    preview = (
        RenderJob.objects.filter(project=project, kind=JobKind.PREVIEW, status=S.COMPLETED)
        .exclude(pictory_job_id="")
        .order_by("-created_at", "-id")
        .first()
    )
    if preview and preview.storyboard == body:
        return preview
    return None


def _identical_job(project: Project, kind: str, body: dict) -> RenderJob | None:
    """The latest job of this kind already queued, rendering or made from exactly `body`."""
    recent = (RenderJob.objects.filter(project=project, kind=kind, status__in=HOLDS_A_VIDEO)
              .order_by("-created_at", "-id")[:REPEAT_LOOKBACK])
    return next((job for job in recent if job.storyboard == body), None)


def _quota_problems(seconds: float) -> list[Problem]:
    """A render the account's video minutes cannot cover is refused before it is queued."""
    shortfall = quota_shortfall(video_minutes=seconds / 60)
    return [Problem("quota", shortfall)] if shortfall else []


@dataclass(frozen=True)
class RequestPlan:
    """What a click on the project would send, what stops it, and how long the video would be."""

    body: dict
    problems: list[Problem]
    seconds: float
    words: int = 0


def request_plan(*, project: Project, voice_names: set[str] | None = None, scenes=None) -> RequestPlan:
    """The request of a scene storyboard, or of a highlight cut for a cut's project."""
    if project.highlight_cut_id:
        view = cut_view(cut=project.highlight_cut)
        problems = [p for p in storyboard_problems(project=project, scenes=None, voice_names=voice_names)
                    if project.highlight_cut.voice_over or p.field != "voice_speaker"]
        problems += cut_problems(cut=project.highlight_cut, view=view)
        body = cut_storyboard_body(project=project, cut=project.highlight_cut, sentences=view.sentences)
        return RequestPlan(body, problems, view.seconds, view.words)
    scenes = list(project.scenes.all()) if scenes is None else scenes
    problems = storyboard_problems(project=project, scenes=scenes, voice_names=voice_names)
    seconds = sum(scene_seconds(narration=s.narration, voice_speed=project.voice_speed,
                                minimum_duration=s.minimum_duration) for s in scenes)
    return RequestPlan(storyboard_body(project=project, scenes=scenes), problems, seconds)


def render_job_request(
    *, project: Project, kind: str, user, request_token=None, voice_names: set[str] | None = None,
    allow_repeat: bool = False,
) -> JobRequestResult:
    """Record the user's Preview/Render click as a QUEUED job and enqueue its submission.

    A repeated `request_token` (a double click) returns the job the first click made. A
    storyboard identical to one already queued, rendering or made returns that job with
    `repeat=True` unless the person confirmed (`allow_repeat`): a render costs credits.
    """
    if request_token:
        existing = RenderJob.objects.filter(request_token=request_token).first()
        if existing:
            return JobRequestResult(job=existing, created=False)
    plan = request_plan(project=project, voice_names=voice_names)
    problems = plan.problems
    if kind == JobKind.RENDER and not problems:
        problems = _quota_problems(plan.seconds)
    if problems:
        raise StoryboardNotReady(problems)
    body = plan.body
    try:
        with transaction.atomic():
            # One click at a time per project (a row lock on PostgreSQL; SQLite's IMMEDIATE
            # transactions already serialise writers), so two clicks cannot both pass the check.
            Project.objects.select_for_update().filter(pk=project.pk).exists()
            if not allow_repeat:
                same = _identical_job(project, kind, body)
                if same is not None:
                    return JobRequestResult(job=same, created=False, repeat=True)
            job = RenderJob(project=project, kind=kind, created_by=user, storyboard=body)
            if request_token:
                job.request_token = request_token
            if kind == JobKind.RENDER:
                latest = project.render_jobs.aggregate(v=Max("version"))["v"] or 0
                job.version = latest + 1
                job.source_preview = _fresh_preview(project, body)
            job.save()
            _write_request(job)
            if kind == JobKind.RENDER:
                activity_log(project=project, verb=ActivityVerb.RENDER_STARTED, actor=user, job=job)
            enqueue(SUBMIT, job.pk, after_commit=True)
    except IntegrityError:
        # The same click arrived twice at once: the other request made the job.
        existing = RenderJob.objects.filter(request_token=request_token).first() if request_token else None
        if existing is None:
            raise
        return JobRequestResult(job=existing, created=False)
    return JobRequestResult(job=job, created=True)


def storyboard_matches(*, project: Project, job: RenderJob | None, scenes=None) -> bool:
    """Whether `job` was made from the storyboard exactly as it is now (`scenes` when already read)."""
    if job is None:
        return False
    return job.storyboard == request_plan(project=project, scenes=scenes).body


def _write_request(job: RenderJob) -> None:
    """Freeze what will be sent. The webhook secret is masked in the stored copy."""
    extras = request_extras(job.marker)
    if job.source_preview_id:
        job.endpoint = f"PUT /v2/video/render/{job.source_preview.pictory_job_id}"
        job.payload = {"webhook": extras["webhook"]} if "webhook" in extras else {}
    else:
        path = "/v2/video/storyboard/render" if job.kind == JobKind.RENDER else "/v2/video/storyboard"
        job.endpoint = f"POST {path}"
        body = dict(job.storyboard)
        body["videoName"] = f"{body['videoName']} (studio job {job.pk})"
        job.payload = {**body, **extras}
    job.save(update_fields=["endpoint", "payload"])
