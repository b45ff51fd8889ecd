"""The reports pipeline (dlt → DuckDB) against the sandbox over HTTP: a first run loads every
table, a second run loads only what changed."""
from datetime import timedelta

import duckdb
import pytest
from django.core.management import call_command
from django.utils import timezone

from pictory_studio.pictory.factory import client_from_settings
from reports.models import PipelineRun, RunStatus
from reports.pipeline import duckdb_path
from reports.services import reports_load
from tests.contract.test_client_against_sandbox import STORYBOARD
from tests.factories import ProjectFactory
from tests.helpers import wait_final
from videos.models import RenderJob

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reports(sandbox, settings, tmp_path):
    settings.REPORTS_FOLDER = tmp_path / "reports"
    settings.PICTORY_SANDBOX_JOB_SECONDS = 0.3
    return sandbox


def render_at_pictory(name: str) -> str:
    client = client_from_settings()
    return wait_final(client.get_job, client.render_storyboard({**STORYBOARD, "videoName": name}).job_id).job_id


def studio_job(user, status="completed", **fields) -> RenderJob:
    project = ProjectFactory(owner=user)
    return RenderJob.objects.create(project=project, kind="render", version=1, status=status, created_by=user,
                                    **fields)


def table(name: str) -> list[tuple]:
    with duckdb.connect(str(duckdb_path()), read_only=True) as db:
        return db.execute(f"SELECT * FROM studio_reports.{name}").fetchall()


def test_a_first_run_loads_every_table_and_a_second_only_what_changed(reports, user):
    call_command("sandbox_seed_projects", "30", verbosity=0)  # two pages of projects
    render_at_pictory("first video")
    studio_job(user, error_code="")
    studio_job(user, status="failed", error_code="TEXT_TO_VIDEO_FAILED")

    first = reports_load(trigger="command")

    assert first.status == RunStatus.SUCCEEDED, first.error
    assert first.rows["projects"] == 30 and first.rows["videos"] == 1 and first.rows["render_jobs"] == 2
    assert first.rows["styles"] == 4 and first.rows["video_brands"] >= 1
    assert first.rows["picsart_balance"] == 1
    assert len(table("projects")) == 30 and len(table("render_jobs")) == 2

    render_at_pictory("second video")
    render_at_pictory("third video")
    studio_job(user)
    studio_job(user)

    second = reports_load(trigger="command")

    assert second.status == RunStatus.SUCCEEDED, second.error
    assert second.rows.get("videos") == 2 and second.rows.get("render_jobs") == 2
    assert "projects" not in second.rows or second.rows["projects"] == 0
    assert len(table("videos")) == 3 and len(table("render_jobs")) == 4
    assert PipelineRun.objects.count() == 2


def test_the_command_prints_what_it_loaded(reports, user, capsys):
    studio_job(user)

    call_command("reports_load")

    out = capsys.readouterr().out
    assert "render_jobs" in out and "Loaded in" in out


def test_setup_schedules_the_reports_every_hour(db):
    from django_q.models import Schedule

    call_command("studio_setup", verbosity=0)

    schedule = Schedule.objects.get(name="Load the reports")
    assert (schedule.func, schedule.minutes) == ("reports.tasks.reports_load_task", 60)


def test_the_scheduled_load_has_its_own_time_limit_beyond_the_clusters(reports, settings, user, monkeypatch):
    """The cluster stops a task after one Pictory round trip's worth of time; a first load of a
    large account takes longer, so the schedule gives it the reports' own limit."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.models import Schedule
    from django_q.scheduler import scheduler
    from django_q.signing import SignedPackage
    from django_q.tasks import _sync

    settings.REPORTS_LOAD_TIMEOUT_SECONDS = 900
    call_command("studio_setup", verbosity=0)
    Schedule.objects.exclude(name="Load the reports").delete()
    Schedule.objects.update(next_run=timezone.now() - timedelta(seconds=1))
    studio_job(user)
    monkeypatch.setattr(Conf, "SYNC", False)  # queue it as a running cluster would, then run it

    scheduler()  # django-q2's own scheduler
    broker = get_broker()
    [(ack_id, package)] = broker.dequeue()
    task = SignedPackage.loads(package)

    assert (task["func"], task["timeout"]) == ("reports.tasks.reports_load_task", 900)
    assert settings.Q_CLUSTER["timeout"] < 900
    broker.acknowledge(ack_id)
    _sync(SignedPackage.dumps({**task, "sync": True}))  # a worker runs the package it was given
    assert PipelineRun.objects.get().rows["render_jobs"] == 1


def test_a_load_stopped_at_its_time_limit_says_so_and_frees_the_next(reports, settings, user):
    from django_q.timeout import TimeoutHandler

    settings.REPORTS_LOAD_TIMEOUT_SECONDS = 1
    settings.PICTORY_REQUESTS_PER_SECOND = 0.5  # every Pictory call waits its turn: 2 s each
    studio_job(user)

    with pytest.raises(SystemExit), TimeoutHandler(1):  # how a django-q2 worker enforces the limit
        reports_load(trigger="schedule")

    stopped = PipelineRun.objects.get()
    assert stopped.status == RunStatus.FAILED and stopped.finished_at
    assert "time limit of 1 s" in stopped.error and "REPORTS_LOAD_TIMEOUT_SECONDS" in stopped.error
    settings.PICTORY_REQUESTS_PER_SECOND = 0
    assert reports_load(trigger="command").status == RunStatus.SUCCEEDED  # not "already running"


def test_a_run_that_fails_says_why_and_frees_the_next_run(reports, settings):
    settings.REPORTS_DESTINATION = "no_such_destination"

    run = reports_load(trigger="command")

    assert run.status == RunStatus.FAILED and "no_such_destination" in run.error
    settings.REPORTS_DESTINATION = "duckdb"
    assert reports_load(trigger="command").status == RunStatus.SUCCEEDED  # not "already running"


@pytest.mark.parametrize("connection", ["oauth", "gateway"])
def test_the_pictory_tables_load_through_every_connection(reports, settings, connection):
    if connection == "oauth":
        settings.PICTORY_CLIENT_ID = settings.PICTORY_SANDBOX_CLIENT_ID
        settings.PICTORY_CLIENT_SECRET = settings.PICTORY_SANDBOX_CLIENT_SECRET
        settings.PICTORY_API_BASE_URL = reports.url + "/sandbox/pictoryapis"
    else:
        settings.PICTORY_SANDBOX_CONNECTION = "gateway"
    call_command("sandbox_seed_projects", "25", verbosity=0)

    run = reports_load(trigger="command")

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.rows["projects"] == 25 and run.rows["styles"] == 4


def test_a_run_through_429_and_500_answers_retries_and_completes(reports, settings):
    call_command("sandbox_seed_projects", "5", verbosity=0)
    settings.PICTORY_SANDBOX_LIST_FAULTS = "429,500"

    run = reports_load(trigger="command")

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.rows["projects"] == 5
    from pictory_studio.sandbox.models import SandboxRequest

    answers = list(SandboxRequest.objects.filter(endpoint__in=("projects_v1", "videos", "transcriptions"))
                   .order_by("created_at", "id").values_list("status_code", flat=True))
    assert answers[:2] == [429, 500] and answers[2:] and set(answers[2:]) == {200}


def test_the_load_keeps_to_the_request_rate_the_workers_share(reports, settings):
    """A load during a bulk launch must not push Pictory past the shared rate (5 a second here)."""
    from pictory_studio.sandbox.models import SandboxRequest

    settings.PICTORY_REQUESTS_PER_SECOND = 5
    call_command("sandbox_seed_projects", "120", verbosity=0)  # six pages of projects

    assert reports_load(trigger="command").status == RunStatus.SUCCEEDED
    times = sorted(at.timestamp() for at in SandboxRequest.objects.values_list("created_at", flat=True))
    assert len(times) >= 10
    busiest = max(sum(1 for other in times if start <= other < start + 1.0) for start in times)
    assert busiest <= 5 + 1


def test_a_run_left_running_by_a_dead_worker_is_closed_by_the_next(reports):
    from django.utils import timezone

    stuck = PipelineRun.objects.create(trigger="schedule", started_at=timezone.now())

    reports_load(trigger="command")

    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and "Stopped before it finished" in stuck.error


def test_the_loaded_columns_keep_their_types_for_the_reports(reports, user):
    """Dates load as timestamps and figures as numbers, so the reports can group and sum them."""
    studio_job(user, duration_seconds=42, credits_used=1, submitted_at=timezone.now(), finished_at=timezone.now())
    assert reports_load(trigger="command").status == RunStatus.SUCCEEDED

    with duckdb.connect(str(duckdb_path()), read_only=True) as db:
        types = dict(db.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema = 'studio_reports' AND table_name = 'render_jobs'").fetchall())

    assert types["created_at"].startswith("TIMESTAMP") and types["finished_at"].startswith("TIMESTAMP")
    assert types["duration_seconds"] in {"BIGINT", "DOUBLE"} and types["credits_used"] in {"BIGINT", "DOUBLE"}
    assert types["error_code"] == "VARCHAR"
