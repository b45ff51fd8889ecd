"""One table of job states: every status is in it, and only the state machine writes statuses."""
import ast
from pathlib import Path

import pytest

from templates_app.models import BatchRow
from templates_app.selectors import ROW_STATES, row_state
from templates_app.services.launch import batch_cancel
from tests.factories import UserFactory
from videos.job_states import ACTIVE_STATUSES, FINAL_STATUSES, IN_FLIGHT_STATUSES, STATES, JobStatus
from videos.models import JobKind, RenderJob

ROOT = Path(__file__).resolve().parents[2]


def test_every_status_has_one_rule_and_the_groups_follow_from_it():
    assert set(STATES) == set(JobStatus.values)
    assert set(ACTIVE_STATUSES) | set(FINAL_STATUSES) == set(JobStatus.values)
    assert not set(ACTIVE_STATUSES) & set(FINAL_STATUSES)
    assert set(IN_FLIGHT_STATUSES) <= set(ACTIVE_STATUSES)
    assert JobStatus.QUEUED not in IN_FLIGHT_STATUSES  # waiting rows do not use the bulk cap


def test_every_row_state_a_job_can_give_is_a_filter_on_the_batch_page():
    for status, rule in STATES.items():
        assert rule.row_state in ROW_STATES, status
        assert row_state(BatchRow(render_job=RenderJob(status=status), is_valid=True)) == rule.row_state


def _status_writes(source: str, name: str = "") -> list[str]:
    """`.update(status=<job status>)` calls and `x.status = <job status>` assignments in a module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        values = []
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("update", "bulk_update"):
            values = [kw.value for kw in node.keywords if kw.arg == "status"]
        elif isinstance(node, ast.Assign):
            values = [node.value for t in node.targets if getattr(t, "attr", "") == "status"]
        for value in values:
            text = ast.unparse(value)
            if text.startswith(("S.", "JobStatus.")):
                found.append(f"{name}:{node.lineno}: {text}")
    return found


def test_only_the_state_machine_writes_job_statuses():
    writes = [w for app in ("videos", "templates_app") for p in (ROOT / app).rglob("*.py")
              if "migrations" not in p.parts for w in _status_writes(p.read_text(), str(p.relative_to(ROOT)))]
    assert writes == []
    # The checker does see a write when there is one.
    direct = "RenderJob.objects.filter(pk=1).update(status=S.CANCELLED)\njob.status = JobStatus.FAILED\n"
    assert len(_status_writes(direct)) == 2


@pytest.mark.django_db
def test_cancelling_a_batch_moves_only_waiting_jobs_and_announces_each():
    from templates_app.models import Batch, VideoTemplate
    from videos.signals import render_job_finished

    user = UserFactory()
    template = VideoTemplate.objects.create(pictory_template_id="t1", name="T", variables={"name": "name"})
    batch = Batch.objects.create(template=template, name="B", created_by=user)
    waiting = RenderJob.objects.create(kind=JobKind.TEMPLATE_RENDER, pooled=True, status=JobStatus.QUEUED)
    rendering = RenderJob.objects.create(kind=JobKind.TEMPLATE_RENDER, pooled=True, status=JobStatus.IN_PROGRESS)
    BatchRow.objects.create(batch=batch, number=1, values={"name": "a"}, is_valid=True, render_job=waiting)
    BatchRow.objects.create(batch=batch, number=2, values={"name": "b"}, is_valid=True, render_job=rendering)
    heard = []

    def listener(sender, *, job_id, status, **kwargs):
        heard.append((job_id, status))

    render_job_finished.connect(listener)
    try:
        assert batch_cancel(batch=batch) == 1
    finally:
        render_job_finished.disconnect(listener)
    waiting.refresh_from_db()
    rendering.refresh_from_db()
    assert (waiting.status, rendering.status) == (JobStatus.CANCELLED, JobStatus.IN_PROGRESS)
    assert waiting.finished_at is not None
    assert heard == [(waiting.pk, JobStatus.CANCELLED)]
