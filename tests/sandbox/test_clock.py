"""A job takes its wall-clock time, not that plus the encoding: outputs are made ahead."""
import time

import pytest
from django.utils import timezone

from pictory_studio.sandbox import background
from pictory_studio.sandbox.models import JobStatus, SandboxJob

from .conftest import story_body

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_render_completes_when_its_time_is_up(api, settings):
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = True
    settings.PICTORY_SANDBOX_JOB_SECONDS = 3
    job_id = api.create(story_body())

    wait_until(lambda: SandboxJob.objects.get(pk=job_id).prepared is not None, timeout=3)
    early = api.job(job_id).json()["data"]
    assert early["status"] == "in-progress" and early.get("renderProgress", 0) < 99

    job = SandboxJob.objects.get(pk=job_id)
    wait_until(lambda: SandboxJob.objects.get(pk=job_id).status == JobStatus.COMPLETED,
               timeout=(job.due_at - timezone.now()).total_seconds() + 2)
    job.refresh_from_db()
    assert (job.finished_at - job.due_at).total_seconds() < 0.5
    assert api.job(job_id).json()["data"]["videoURL"].endswith(".mp4")
    assert background.wait_idle(15)
