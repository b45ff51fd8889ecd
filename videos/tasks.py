"""django-q2 entry points: load by primary key, call a service, nothing else."""
from videos.services import jobs


def render_job_submit_task(job_id: int) -> str:
    return jobs.render_job_submit(job_id=job_id)


def render_job_refresh_task(job_id: int) -> str:
    return jobs.render_job_refresh(job_id=job_id)


def render_jobs_sweep_task() -> int:
    return jobs.render_jobs_sweep()
