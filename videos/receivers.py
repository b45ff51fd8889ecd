"""What happens when a render ends: the activity log, its editor's email, and a fresh quota reading."""
from django.core.cache import cache
from django.urls import reverse

from videos.models import ActivityVerb, JobKind, JobStatus, NotificationKind, RenderJob
from videos.services.activity import activity_log
from videos.services.explain import explain_failure
from videos.services.notifications import notify
from videos.services.queue import enqueue
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


QUOTA_REFRESH = "videos.tasks.account_quota_refresh_task"
QUOTA_REFRESH_GAP_SECONDS = 30
_QUOTA_REFRESH_QUEUED = "pictory:quota:refresh-queued"
_USES_MINUTES = (JobKind.RENDER, JobKind.TEMPLATE_RENDER)


def on_render_finished_refresh_quota(sender, *, job_id: int, status: str, **kwargs) -> None:
    """Read the account's usage again after a render, at most once per gap: a batch finishing
    500 rows queues a handful of reads, not 500 (the schedule catches the rest)."""
    if status not in (JobStatus.COMPLETED, JobStatus.FAILED):
        return
    if not RenderJob.objects.filter(pk=job_id, kind__in=_USES_MINUTES).exists():
        return
    if cache.add(_QUOTA_REFRESH_QUEUED, True, QUOTA_REFRESH_GAP_SECONDS):
        enqueue(QUOTA_REFRESH, after_commit=True)


def on_job_finished_close_recording_batch(sender, *, job_id: int, status: str, **kwargs) -> None:
    """A bulk highlight run moves on by itself: a completed transcription or highlights job
    starts its row's next stage, and the run finishes (telling whoever launched it) when its
    last job ends, whether or not anyone is watching."""
    from videos.services.recording_batches import recording_batch_job_finished, recording_batch_result_stored

    if status == JobStatus.COMPLETED:
        job = RenderJob.objects.filter(pk=job_id, kind__in=(JobKind.TRANSCRIPTION, JobKind.HIGHLIGHTS)).first()
        if job is not None:
            recording_batch_result_stored(job=job)
    recording_batch_job_finished(job_id=job_id)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from videos.permissions import roles_changed

    m2m_changed.connect(roles_changed, sender=get_user_model().groups.through, dispatch_uid="videos.roles_m2m")
    post_save.connect(roles_changed, sender=Group, dispatch_uid="videos.roles_group_saved")
    post_delete.connect(roles_changed, sender=Group, dispatch_uid="videos.roles_group_deleted")
    render_job_finished.connect(on_render_job_finished, dispatch_uid="videos.on_render_job_finished")
    render_job_finished.connect(on_job_finished_close_recording_batch,
                                dispatch_uid="videos.recording_batch_finished")
    render_job_finished.connect(on_render_finished_refresh_quota, dispatch_uid="videos.on_render_finished_quota")
