"""The render job state machine: every allowed move, applied by conditional UPDATE.

A move only happens if the row is still in one of the expected states, so two workers (or a
task delivered twice) can never both act on one job, and final states never change. Every
status write goes through here; the moves themselves are listed in videos/job_states.py.
"""
from django.db.models import QuerySet
from django.utils import timezone

from videos.job_states import FINAL_STATUSES, STATES
from videos.models import RenderJob
from videos.signals import render_job_finished

ALLOWED: dict[str, frozenset[str]] = {status: rule.moves_to for status, rule in STATES.items()}


class IllegalTransition(ValueError):
    pass


def _checked(source: tuple[str, ...] | str, target: str) -> tuple[str, ...]:
    sources = (source,) if isinstance(source, str) else tuple(source)
    for state in sources:
        if target not in ALLOWED[state]:
            raise IllegalTransition(f"{state} -> {target}")
    return sources


def move(*, job_id: int, source: tuple[str, ...] | str, target: str, **fields) -> bool:
    """Move a job from one of `source` to `target`; False when someone else got there first."""
    sources = _checked(source, target)
    if target in FINAL_STATUSES:
        fields.setdefault("finished_at", timezone.now())
    updated = RenderJob.objects.filter(pk=job_id, status__in=sources).update(
        status=target, updated_at=timezone.now(), **fields
    )
    if updated and target in FINAL_STATUSES:
        render_job_finished.send(sender=RenderJob, job_id=job_id, status=target)
    return updated == 1


def move_all(*, jobs: QuerySet, source: tuple[str, ...] | str, target: str, **fields) -> list[int]:
    """The same move for many jobs (e.g. cancelling a batch); returns the ids that moved.

    Each job moves by its own conditional UPDATE, so one that moved meanwhile is left alone.
    """
    candidates = list(jobs.filter(status__in=_checked(source, target)).values_list("id", flat=True))
    return [job_id for job_id in candidates if move(job_id=job_id, source=source, target=target, **fields)]
