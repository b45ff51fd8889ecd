"""The render job state machine: every allowed move, applied by conditional UPDATE.

A move only happens if the row is still in one of the expected states, so two workers (or a
task delivered twice) can never both act on one job, and final states never change.
"""
from django.utils import timezone

from videos.models import FINAL_STATUSES, JobStatus, RenderJob
from videos.signals import render_job_finished

S = JobStatus
ALLOWED: dict[str, set[str]] = {
    S.QUEUED: {S.SUBMITTING, S.CANCELLED},
    S.SUBMITTING: {S.IN_PROGRESS, S.QUEUED, S.SUBMIT_UNKNOWN, S.FAILED},
    S.SUBMIT_UNKNOWN: {S.IN_PROGRESS, S.QUEUED, S.FAILED, S.CANCELLED},
    S.IN_PROGRESS: {S.IN_PROGRESS, S.COMPLETED, S.FAILED},
    S.COMPLETED: set(),
    S.FAILED: set(),
    S.CANCELLED: set(),
}


class IllegalTransition(ValueError):
    pass


def move(*, job_id: int, source: tuple[str, ...] | str, target: str, **fields) -> bool:
    """Move a job from one of `source` to `target`; False when someone else got there first."""
    sources = (source,) if isinstance(source, str) else tuple(source)
    for state in sources:
        if target not in ALLOWED[state]:
            raise IllegalTransition(f"{state} -> {target}")
    if target in FINAL_STATUSES:
        fields.setdefault("finished_at", timezone.now())
    updated = RenderJob.objects.filter(pk=job_id, status__in=sources).update(
        status=target, updated_at=timezone.now(), **fields
    )
    if updated and target in FINAL_STATUSES:
        render_job_finished.send(sender=RenderJob, job_id=job_id, status=target)
    return updated == 1
