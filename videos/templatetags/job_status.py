"""What a job-status fragment derives from the job itself, so every view that draws it agrees."""
from django import template

from videos.services.explain import explain_failure
from videos.services.pacing import page_poll_seconds as _page_poll_seconds

register = template.Library()


@register.simple_tag
def failure_of(job) -> tuple[str, str]:
    """(what happened, what to do next) for a failed job."""
    return explain_failure(job.error_code, job.error_message)


@register.filter
def page_poll_seconds(job) -> str:
    """How long the open page waits before asking about an active job again."""
    return f"{_page_poll_seconds(created_at=job.created_at):g}"
