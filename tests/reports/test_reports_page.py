"""The Reports page reads what the pipeline loaded: charts with their numbers, CSV downloads,
the time of the last load, and a Refresh button that loads in a worker."""
import csv
import io
import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import PipelineRun, RunStatus
from reports.pipeline import duckdb_path
from reports.services import reports_load
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import queued_tasks
from videos.models import RenderJob, Review, ReviewDecision

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = reverse("reports:reports")


@pytest.fixture
def reports(sandbox, settings, tmp_path):
    settings.REPORTS_FOLDER = tmp_path / "reports"
    return sandbox


def job(user, status, *, error_code="", seconds=None, **fields):
    now = timezone.now()
    return RenderJob.objects.create(
        project=ProjectFactory(owner=user), kind="render", version=1, status=status, created_by=user,
        error_code=error_code, duration_seconds=42 if status == "completed" else None,
        submitted_at=now - timedelta(seconds=seconds) if seconds else None, finished_at=now if seconds else None,
        **fields)


def history(user):
    for seconds in (20, 45, 90):
        job(user, "completed", seconds=seconds)
    job(user, "failed", error_code="TEXT_TO_VIDEO_FAILED")
    job(user, "failed", error_code="TEXT_TO_VIDEO_FAILED")
    job(user, "failed", error_code="SCENE_BACKGROUND_VISUAL_NOT_FOUND")
    rendered = job(user, "completed", seconds=10)
    review = Review.objects.create(job=rendered, project=rendered.project, requested_by=user, status="approved")
    Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(hours=3))
    ReviewDecision.objects.create(review=review, reviewer=UserFactory(username="rita", roles=["Reviewer"]),
                                  decision="approve")


def test_the_page_shows_each_report_with_its_numbers(reports, signed_in, user):
    history(user)
    assert reports_load(trigger="command").status == RunStatus.SUCCEEDED

    page = signed_in.get(PAGE).content.decode()

    assert "Data loaded" in page and "Renders per week" in page
    assert "<th scope=\"row\">TEXT_TO_VIDEO_FAILED</th><td>2</td>" in page
    assert "<th scope=\"row\">SCENE_BACKGROUND_VISUAL_NOT_FOUND</th><td>1</td>" in page
    assert "<th scope=\"row\">under 30 s</th><td>2</td>" in page  # 20 s and 10 s
    assert "rita (1 decision)" in page
    assert 'id="report-charts"' in page and "vendor/chartjs/chart.umd.min.js" in page


def test_each_report_downloads_as_csv(reports, signed_in, user):
    history(user)
    reports_load(trigger="command")

    answer = signed_in.get(reverse("reports:csv", args=["failure-reasons"]))

    assert answer["Content-Disposition"] == 'attachment; filename="failure-reasons.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows == [["Why renders failed", "Failed jobs"], ["TEXT_TO_VIDEO_FAILED", "2"],
                    ["SCENE_BACKGROUND_VISUAL_NOT_FOUND", "1"]]
    assert signed_in.get(reverse("reports:csv", args=["no-such-report"])).status_code == 404


def test_before_any_load_the_page_says_what_to_do(reports, signed_in):
    page = signed_in.get(PAGE).content.decode()

    assert "No data loaded yet. Press Refresh" in page
    assert "Nothing to show yet" in page


def test_refresh_loads_in_a_worker_and_says_so(reports, signed_in, user, settings):
    settings.REPORTS_LOAD_TIMEOUT_SECONDS = 600
    job(user, "completed", seconds=30)
    seen, stop = queued_tasks()
    try:
        answer = signed_in.post(reverse("reports:refresh"), follow=True)
    finally:
        stop()

    assert "Loading the reports now" in answer.content.decode()
    run = PipelineRun.objects.get()
    assert run.trigger == "button" and run.status == RunStatus.SUCCEEDED and run.rows["render_jobs"] == 1
    assert [task.get("timeout") for task in seen] == [600]  # the reports' own limit, not the cluster's


def test_a_failed_load_is_explained_and_the_old_figures_stay(reports, signed_in, user, settings):
    job(user, "failed", error_code="TEXT_TO_VIDEO_FAILED")
    reports_load(trigger="command")
    settings.REPORTS_DESTINATION = "no_such_destination"
    reports_load(trigger="command")

    page = signed_in.get(PAGE).content.decode()

    assert "The last load failed" in page and "no_such_destination" in page
    assert "<th scope=\"row\">TEXT_TO_VIDEO_FAILED</th><td>1</td>" in page


def test_reviewers_do_not_see_reports(reports, client):
    client.force_login(UserFactory(username="rita", roles=["Reviewer"]))

    assert client.get(PAGE).status_code == 403
    assert client.post(reverse("reports:refresh")).status_code == 403
    assert "Reports</a>" not in client.get(reverse("videos:review_queue")).content.decode()


HOLD_THE_FILE = "import duckdb, sys, time; db = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(30)"


def test_while_a_load_holds_the_database_the_page_says_so(reports, signed_in, user):
    job(user, "failed", error_code="TEXT_TO_VIDEO_FAILED")
    reports_load(trigger="command")
    # Another process writes to the file, as a load does.
    writer = subprocess.Popen([sys.executable, "-c", HOLD_THE_FILE, str(duckdb_path())], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert writer.stdout.readline().strip() == "held"
        page = signed_in.get(PAGE)
        download = signed_in.get(reverse("reports:csv", args=["failure-reasons"]))
    finally:
        writer.kill()
        writer.wait()

    assert page.status_code == 200 and "being loaded right now" in page.content.decode()
    assert download.status_code == 503 and download["Retry-After"] == "30"


def test_recent_loads_show_their_rows_time_and_problems(reports, signed_in, user, settings):
    job(user, "completed", seconds=30)
    reports_load(trigger="command")
    settings.REPORTS_DESTINATION = "no_such_destination"
    reports_load(trigger="command")

    page = signed_in.get(PAGE).content.decode()
    loads = page.split("Recent loads", 1)[1]

    assert loads.count("<tr><td>") == 2
    assert "Loaded" in loads and "Failed" in loads and "no_such_destination" in loads
    assert "render_jobs 1" in loads and " s</td>" in loads


def test_batch_success_rate_is_the_share_of_rows_that_became_videos(reports, signed_in, user):
    from django.utils import timezone as tz

    from templates_app.models import Batch, BatchRow, VideoTemplate

    template = VideoTemplate.objects.create(pictory_template_id="t-1", name="Welcome")
    batch = Batch.objects.create(template=template, name="November welcomes", status="finished", created_by=user,
                                 launched_at=tz.now(), finished_at=tz.now())
    outcomes = ["completed", "completed", "completed", "failed"]
    for number, status in enumerate(outcomes, start=1):
        render = RenderJob.objects.create(kind="template_render", status=status, created_by=user, pooled=True)
        BatchRow.objects.create(batch=batch, number=number, values={}, render_job=render)
    reports_load(trigger="command")

    page = signed_in.get(PAGE).content.decode()

    assert '<th scope="row">November welcomes</th><td>75.0</td>' in page


def test_before_the_first_render_the_quota_report_shows_the_accounts_reading(reports, signed_in):
    from videos.services.account import quota_refresh

    quota_refresh()  # the studio reads the account's usage every ten minutes
    assert reports_load(trigger="command").status == RunStatus.SUCCEEDED

    page = signed_in.get(PAGE).content.decode()

    usage = page[page.index("Minutes and credits against the quota"):page.index("Why renders failed")]
    assert "Nothing to show yet" not in usage
    assert "Used by the account" in usage and "Account limit" in usage
