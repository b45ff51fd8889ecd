"""What happens when a project's render ends: the activity log and its editor's email."""
from django.urls import reverse

from videos.models import ActivityVerb, JobKind, JobStatus, NotificationKind, RenderJob
from videos.services.activity import activity_log
from videos.services.explain import explain_failure
from videos.services.notifications import notify
from videos.signals import render_job_finished


def on_render_job_finished(sender, *, job_id: int, status: str, **kwargs) -> None:
    job = RenderJob.objects.select_related("project", "created_by").filter(pk=job_id, kind=JobKind.RENDER).first()
    if job is None or job.project is None or status == JobStatus.CANCELLED:
        return
    done = status == JobStatus.COMPLETED
    activity_log(project=job.project, verb=ActivityVerb.RENDER_FINISHED if done else ActivityVerb.RENDER_FAILED,
                 job=job)
    if done:
        lines = [f"{job.label} of “{job.project.title}” is ready to watch and share."]
    else:
        headline, advice = explain_failure(job.error_code, job.error_message)
        lines = [f"{job.label} of “{job.project.title}” failed.", headline, advice]
    notify(user=job.created_by, kind=NotificationKind.RENDER_DONE,
           subject=f"{job.project.title} · {job.label} {'is ready' if done else 'failed'}",
           lines=lines, path=reverse("videos:project_detail", args=[job.project_id]))


def connect() -> None:
    render_job_finished.connect(on_render_job_finished, dispatch_uid="videos.on_render_job_finished")
