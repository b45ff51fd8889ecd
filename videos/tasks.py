"""django-q2 entry points: load by primary key, call a service, nothing else."""
from videos.services import job_status, job_submission


def render_job_submit_task(job_id: int) -> str:
    return job_submission.render_job_submit(job_id=job_id)


def render_job_refresh_task(job_id: int) -> str:
    return job_status.render_job_refresh(job_id=job_id)


def render_jobs_sweep_task() -> int:
    return job_status.render_jobs_sweep()


def account_quota_refresh_task() -> str:
    from videos.services.account import quota_refresh

    snapshot = quota_refresh()
    return f"quota not read: {snapshot.problem}" if snapshot.problem else "quota read"
