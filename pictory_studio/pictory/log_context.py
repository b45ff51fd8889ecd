"""Which studio render job a Pictory call is made for, so each call's log line can name it.

A contextvar rather than an argument: the job id is known at the task entry point, the request is
sent several layers down, and nothing in between needs to carry it.
"""
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_job_id: ContextVar[int | None] = ContextVar("studio_render_job_id", default=None)


@contextmanager
def calling_for_job(job_id: int | None) -> Iterator[None]:
    """Pictory calls made inside this block are logged with job=<job_id>."""
    token = _job_id.set(job_id)
    try:
        yield
    finally:
        _job_id.reset(token)


def current_job_id() -> int | None:
    return _job_id.get()
