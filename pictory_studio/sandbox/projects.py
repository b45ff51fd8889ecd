"""Saved Pictory projects in the sandbox, and how the API shows them (contract §5.1, §5.11).

A storyboard sent with `saveProject: true` is saved as a project of the caller's account; a
team's projects made in Pictory's web app are imitated by `sandbox_seed_projects`. The list
endpoints (`/v2/projects`, and the `/v1/projects`, `/v1/videos`, `/v1/transcriptions` that the
dlt page names) page newest first with `nextPageKey`.
"""
import random
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from .models import JobKind, JobStatus, SandboxJob, SandboxProject

WEB_TOPICS = (
    "Quarterly results", "Customer story", "Product launch", "Onboarding welcome", "Holiday greetings",
    "Recruiting drive", "Safety training", "Feature tour", "Webinar recap", "Team update",
)


def save_from_job(job: SandboxJob, account: str) -> SandboxProject:
    storyboard = job.storyboard or {}
    now = timezone.now()
    return SandboxProject.objects.create(
        account=account, name=storyboard.get("videoName") or f"Untitled project {now:%Y-%m-%d %H:%M}",
        source="api", layout=storyboard.get("aspectRatio") or "16:9", language=storyboard.get("language") or "en",
        scenes=[{"story": scene.get("story", ""), "background": scene.get("background", {})}
                for scene in storyboard.get("scenes") or []],
        job=job, created_at=now, updated_at=now,
    )


def seed_web_projects(account: str, count: int, *, seed: int = 7) -> int:
    """`count` projects as if people had made them in Pictory's web app (the newest first)."""
    chooser = random.Random(seed)
    now = timezone.now()
    projects = []
    for number in range(count):
        topic = chooser.choice(WEB_TOPICS)
        at = now - timedelta(minutes=number * 7 + 1)
        scenes = [{"story": f"{topic}: part {part} of {number + 1}.", "background": {"color": _color(chooser)}}
                  for part in range(1, chooser.randint(2, 5) + 1)]
        projects.append(SandboxProject(account=account, name=f"{topic} #{number + 1}", source="web",
                                       layout=chooser.choice(("16:9", "9:16", "1:1")), language="en",
                                       scenes=scenes, created_at=at, updated_at=at))
    SandboxProject.objects.bulk_create(projects, batch_size=500)
    return count


def _color(chooser: random.Random) -> str:
    return "#" + "".join(f"{chooser.randint(16, 230):02X}" for _ in range(3))


def _iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def summary(project: SandboxProject) -> dict:
    return {"project_id": str(project.id), "projectId": str(project.id), "projectName": project.name,
            "projectType": "storyboard", "source": project.source, "layout": project.layout,
            "scriptLanguage": project.language, "sceneCount": len(project.scenes),
            "saveDate": _iso(project.updated_at), "createdDate": _iso(project.created_at)}


def detail(project: SandboxProject, url_for) -> dict:
    """GET /v2/projects/{id}: the summary, the scenes, and the video when one was rendered."""
    body = {**summary(project), "step": "storyboard", "schemaVersion": 2, "voiceOverId": None,
            "smartTemplateId": None, "brandId": None, "generatedDate": None,
            "scenes": [{"id": f"scene-{index}", **scene} for index, scene in enumerate(project.scenes, start=1)]}
    job = project.job
    if job is not None and job.kind == JobKind.RENDER and job.status == JobStatus.COMPLETED:
        share = url_for(reverse("sandbox:share", kwargs={"job_id": job.id}))
        files = job.result.get("files", {})
        body.update({"videoURL": url_for(reverse("sandbox:file", kwargs={"job_id": job.id,
                                                                        "name": files.get("video", "video.mp4")})),
                     "shareVideoURL": share, "videoDuration": job.video_seconds,
                     "generatedDate": _iso(job.finished_at or job.created_at)})
    return body


def video_item(job: SandboxJob, url_for) -> dict:
    """GET /v1/videos: a finished render."""
    return {"videoId": str(job.id), "jobId": str(job.id), "videoName": job.video_name,
            "status": job.status, "videoDuration": job.video_seconds,
            "shareVideoURL": url_for(reverse("sandbox:share", kwargs={"job_id": job.id})),
            "projectId": str(job.saved_project.id) if hasattr(job, "saved_project") else None,
            "createdDate": _iso(job.created_at), "generatedDate": _iso(job.finished_at or job.created_at)}


def transcription_item(job: SandboxJob) -> dict:
    """GET /v1/transcriptions: a transcription or highlights job."""
    return {"transcriptionId": str(job.id), "jobId": str(job.id), "jobType": job.kind, "status": job.status,
            "mediaDuration": job.media_seconds, "createdDate": _iso(job.created_at),
            "completedDate": _iso(job.finished_at) if job.finished_at else None}
