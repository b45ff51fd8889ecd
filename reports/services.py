"""Running the reports pipeline and keeping its record: one run at a time, never inside a web
request (the Refresh button queues a task)."""
from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import timezone

from reports.models import PipelineRun, RunStatus

log = logging.getLogger(__name__)
LOCK_KEY = "reports:pipeline-running"
LOCK_SECONDS = 30 * 60


class AlreadyRunning(Exception):
    pass


def reports_load(*, trigger: str) -> PipelineRun:
    """Load the reports once and record how it went (rows per table, time, problems)."""
    if not cache.add(LOCK_KEY, True, LOCK_SECONDS):
        raise AlreadyRunning("The reports are being loaded already.")
    # A run still "running" here was stopped before it could say how it ended (its worker died
    # or hit its time limit): it is over, and the page should not keep saying it is loading.
    PipelineRun.objects.filter(status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, finished_at=timezone.now(),
        error="Stopped before it finished (the worker was stopped or ran out of time).")
    run = PipelineRun.objects.create(trigger=trigger, started_at=timezone.now())
    try:
        from reports.pipeline import load_everything

        result = load_everything()
    except Exception as exc:  # noqa: BLE001 -- any failure is recorded and shown on the Reports page
        log.exception("Reports pipeline failed")
        run.status, run.error = RunStatus.FAILED, _explain(exc)
    else:
        run.status, run.rows, run.error = RunStatus.SUCCEEDED, result.rows, "\n".join(result.problems)
    finally:
        cache.delete(LOCK_KEY)
    run.finished_at = timezone.now()
    run.save()
    return run


def _explain(exc: Exception) -> str:
    """The innermost cause, which says what went wrong (dlt wraps it in its step errors)."""
    for _ in range(10):  # dlt nests its step errors a few levels deep
        inner = exc.__cause__ or getattr(exc, "exception", None)
        if not isinstance(inner, BaseException) or inner is exc:
            break
        exc = inner
    return f"{exc.__class__.__name__}: {exc}"[:2000]
