"""The job state machine: complete, and final states never move."""
import pytest

from tests.factories import ProjectFactory
from videos.models import FINAL_STATUSES, JobStatus, RenderJob
from videos.services.transitions import ALLOWED, IllegalTransition, move

pytestmark = pytest.mark.django_db


def test_every_status_appears_in_the_transition_map():
    assert set(ALLOWED) == set(JobStatus.values)
    for targets in ALLOWED.values():
        assert targets <= set(JobStatus.values)


@pytest.mark.parametrize("final", FINAL_STATUSES)
def test_final_states_have_no_way_out(final):
    assert ALLOWED[final] == set()


def test_a_move_from_the_wrong_state_does_nothing(user):
    job = RenderJob.objects.create(project=ProjectFactory(owner=user), kind="render", status="completed")
    with pytest.raises(IllegalTransition):
        move(job_id=job.pk, source="completed", target="failed")
    assert not move(job_id=job.pk, source="in_progress", target="failed")
    job.refresh_from_db()
    assert job.status == "completed"


def test_only_one_claim_wins(user):
    job = RenderJob.objects.create(project=ProjectFactory(owner=user), kind="render")
    results = [move(job_id=job.pk, source="queued", target="submitting") for _ in range(2)]
    assert results == [True, False]


def test_final_moves_record_when_they_finished(user):
    job = RenderJob.objects.create(project=ProjectFactory(owner=user), kind="render", status="in_progress")
    assert move(job_id=job.pk, source="in_progress", target="failed", error_code="X")
    job.refresh_from_db()
    assert job.finished_at is not None
