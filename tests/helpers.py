"""Small helpers for tests that drive jobs through the sandbox."""
import time

from pictory_studio.sandbox.models import SandboxRequest
from videos.models import RenderJob
from videos.services.job_status import render_job_refresh


def refresh_until(job: RenderJob, *statuses: str, timeout: float = 20.0) -> RenderJob:
    """Poll Pictory (the sandbox) for the job until it reaches one of `statuses`."""
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job stayed {job.status}: {job.progress_message}")
        render_job_refresh(job_id=job.pk)
        time.sleep(0.15)


def sandbox_calls(method: str, path_suffix: str) -> int:
    """How many requests of this kind reached the sandbox."""
    return SandboxRequest.objects.filter(method=method, path__endswith=path_suffix).count()


def wait_final(read, job_id: str, *, timeout: float = 60.0, pause: float = 0.15):
    """Read a job through `read` (a client's get_job or get_transcription) until it is final."""
    deadline = time.monotonic() + timeout
    while True:
        answer = read(job_id)
        status = getattr(answer, "status", answer)
        final = status.is_final if hasattr(status, "is_final") else answer.is_final
        if final or time.monotonic() > deadline:
            return answer
        time.sleep(pause)


def queued_tasks():
    """Every task package django-q2 builds, as its workers will read it."""
    from django_q.signals import pre_enqueue

    seen = []

    def keep(sender, task, **kwargs):
        seen.append(dict(task))

    pre_enqueue.connect(keep, weak=False)
    return seen, lambda: pre_enqueue.disconnect(keep)
