"""Running the reports pipeline and keeping its record: one run at a time, never inside a web
request (the Refresh button queues a task)."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from reports.models import PipelineRun, RunStatus
from videos.services.queue import enqueue

log = logging.getLogger(__name__)
LOCK_KEY = "reports:pipeline-running"


class AlreadyRunning(Exception):
    pass


def reports_load_queue() -> None:
    """Someone asked for fresh reports: a worker loads them, with the reports' own time limit."""
    enqueue("reports.tasks.reports_refresh_task", after_commit=True, timeout=settings.REPORTS_LOAD_TIMEOUT_SECONDS)


def reports_load(*, trigger: str) -> PipelineRun:
    """Load the reports once and record how it went (rows per table, time, problems)."""
    # The lock outlives the task's time limit, so a load the broker hands out again while the
    # first is still going finds it taken; it expires by itself if a worker dies holding it.
    if not cache.add(LOCK_KEY, True, settings.REPORTS_LOAD_TIMEOUT_SECONDS + 60):
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
    except SystemExit:
        # django-q2 stops a task at its time limit by raising SystemExit inside it.
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.error = (f"Stopped at its time limit of {settings.REPORTS_LOAD_TIMEOUT_SECONDS} s. "
                     "Raise REPORTS_LOAD_TIMEOUT_SECONDS if the account's history needs longer.")
        run.save()
        raise
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
