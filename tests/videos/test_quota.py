"""The account's quota: read from Pictory into one snapshot, checked before a render, refreshed
after finished renders (throttled), and shown as a pill in the top bar."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from tests.factories import SceneFactory, UserFactory
from tests.helpers import sandbox_calls
from videos.models import JobStatus, QuotaSnapshot, RenderJob
from videos.services.account import quota_current, quota_refresh, quota_shortfall
from videos.services.pacing import rate_limited_for
from videos.services.transitions import move
from videos.tasks import account_quota_refresh_task

pytestmark = pytest.mark.django_db
UNREACHABLE = "http://127.0.0.1:9"


def snapshot(*, used=8.5, limit=10.0, age=timedelta(0), **fields) -> QuotaSnapshot:
    return QuotaSnapshot.objects.create(
        video_minutes_used=used, video_minutes_limit=limit, transcription_minutes_limit=600,
        voice_minutes_limit=100, ai_credits_used=12, ai_credits_limit=1000,
        fetched_at=timezone.now() - age, **fields)


# --- Reading the quota ------------------------------------------------------------------------

def test_a_refresh_stores_all_four_lines_from_pictory(sandbox, settings):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 45

    row = quota_refresh()

    assert sandbox_calls("GET", "/v1/quota") == 1
    assert QuotaSnapshot.objects.count() == 1 and quota_current() == row
    assert (row.video_minutes_used, row.video_minutes_limit) == (0, 45)
    assert (row.transcription_minutes_limit, row.voice_minutes_limit, row.ai_credits_limit) == (600, 100, 1000)
    assert row.fetched_at is not None and row.problem == ""
    quota_refresh()
    assert QuotaSnapshot.objects.count() == 1  # one row, updated in place


def test_a_failed_read_is_kept_as_a_plain_problem_and_keeps_the_figures(settings):
    settings.STUDIO_BASE_URL = UNREACHABLE
    earlier = snapshot(used=3, limit=10, age=timedelta(hours=2))

    row = quota_refresh()  # does not raise

    assert row.pk == earlier.pk and QuotaSnapshot.objects.count() == 1
    assert "could not be reached" in row.problem and row.problem_at is not None
    assert (row.video_minutes_used, row.video_minutes_limit) == (3, 10)
    assert row.fetched_at == earlier.fetched_at


def test_the_task_reads_the_quota(sandbox):
    assert account_quota_refresh_task() == "quota read"
    assert quota_current().video_minutes_limit > 0


def test_setup_schedules_a_quota_read_every_ten_minutes(settings):
    settings.PICTORY_SANDBOX_ENABLED = False
    call_command("studio_setup", stdout=StringIO())
    schedule = Schedule.objects.get(func="videos.tasks.account_quota_refresh_task")
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 10, -1)
    sweeper = Schedule.objects.get(func="videos.tasks.render_jobs_sweep_task")
    assert sweeper.minutes == 1


def test_a_429_pauses_every_worker_and_no_read_is_made_during_the_pause(sandbox, settings):
    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 1
    assert quota_refresh().problem == ""

    refused = quota_refresh()  # the sandbox's second request this minute

    assert "slow down" in refused.problem and rate_limited_for() > 0
    assert refused.video_minutes_limit > 0  # the last figures stay
    calls = sandbox_calls("GET", "/v1/quota")
    assert "slow down" in quota_refresh().problem
    assert sandbox_calls("GET", "/v1/quota") == calls  # the pause holds the next read back


# --- quota_shortfall --------------------------------------------------------------------------

def test_a_shortfall_says_how_much_is_needed_left_and_over(sandbox):
    snapshot(used=8.5, limit=10)

    text = quota_shortfall(video_minutes=3.2)

    assert text == ("This needs about 3.2 video minutes but the account has 1.5 left this billing term "
                    "(1.7 over). Ask an admin to add minutes, or shorten the video.")
    assert sandbox_calls("GET", "/v1/quota") == 0  # a reading seconds old is trusted


def test_the_figures_agree_after_rounding(sandbox):
    snapshot(used=8.54, limit=10)  # 1.46 left

    text = quota_shortfall(video_minutes=3.24)

    assert "about 3.3 video minutes" in text and "has 1.4 left" in text and "(1.9 over)" in text


@pytest.mark.parametrize("need", [0, 1.0, 1.5])
def test_what_fits_is_not_refused(sandbox, need):
    snapshot(used=8.5, limit=10)
    assert quota_shortfall(video_minutes=need) == ""
    assert sandbox_calls("GET", "/v1/quota") == 0


def test_with_no_reading_yet_the_quota_is_read_first(sandbox, settings):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 2

    text = quota_shortfall(video_minutes=3.2)

    assert sandbox_calls("GET", "/v1/quota") == 1
    assert "has 2.0 left" in text and "(1.2 over)" in text


def test_a_stale_reading_is_refreshed_before_deciding(sandbox, settings):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 1
    snapshot(used=0, limit=600, age=timedelta(hours=1))  # said plenty, an hour ago

    text = quota_shortfall(video_minutes=3.2)

    assert sandbox_calls("GET", "/v1/quota") == 1
    assert "has 1.0 left" in text


def test_a_refusal_rests_on_a_fresh_read(sandbox, settings):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 600  # an admin topped up since the last read
    snapshot(used=9.5, limit=10, age=timedelta(minutes=5))

    assert quota_shortfall(video_minutes=3.2) == ""
    assert sandbox_calls("GET", "/v1/quota") == 1
    assert quota_current().video_minutes_limit == 600


def test_when_the_quota_cannot_be_read_nothing_is_blocked(settings):
    settings.STUDIO_BASE_URL = UNREACHABLE
    snapshot(used=10, limit=10, age=timedelta(hours=1))

    assert quota_shortfall(video_minutes=3.2) == ""
    assert "could not be reached" in quota_current().problem


def test_a_failed_read_is_not_retried_on_every_click(sandbox, settings):
    QuotaSnapshot.objects.create(problem="Pictory could not be reached.", problem_at=timezone.now())

    assert quota_shortfall(video_minutes=3.2) == ""
    assert sandbox_calls("GET", "/v1/quota") == 0


def test_an_account_that_reports_no_limit_is_not_refused(sandbox):
    snapshot(used=50, limit=0)
    assert quota_shortfall(video_minutes=3.2) == ""


def test_a_render_click_beyond_the_minutes_left_is_refused_before_sending(client, sandbox, settings, project,
                                                                          known_voices):
    settings.PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT = 0.5
    SceneFactory(project=project, position=2, narration=" ".join(["Every room deserves a little spring."] * 30))
    client.force_login(project.owner)

    page = client.post(reverse("videos:project_render", args=[project.pk])).content.decode()

    assert "Nothing was sent to Pictory" in page
    assert sandbox_calls("GET", "/v1/quota") == 1 and sandbox_calls("POST", "/v2/video/storyboard/render") == 0
    assert not RenderJob.objects.filter(kind="render").exists()
    assert "account has 0.5 left this billing term" in quota_shortfall(video_minutes=1.5)


# --- Refresh after finished renders, throttled ------------------------------------------------

def _finish(project, *, kind="render", status=JobStatus.COMPLETED) -> RenderJob:
    source = JobStatus.QUEUED if status == JobStatus.CANCELLED else JobStatus.IN_PROGRESS
    job = RenderJob.objects.create(project=project, kind=kind, version=RenderJob.objects.count() + 1, status=source)
    assert move(job_id=job.pk, source=source, target=status)
    return job


def test_a_burst_of_finished_renders_reads_the_quota_once(sandbox, project):
    for _ in range(25):
        _finish(project)
    assert sandbox_calls("GET", "/v1/quota") == 1
    assert quota_current().fetched_at is not None

    cache.delete("pictory:quota:refresh-queued")  # thirty seconds later
    _finish(project, status=JobStatus.FAILED)
    assert sandbox_calls("GET", "/v1/quota") == 2


def test_previews_and_cancelled_renders_do_not_read_the_quota(sandbox, project):
    _finish(project, kind="preview")
    _finish(project, status=JobStatus.CANCELLED)
    assert sandbox_calls("GET", "/v1/quota") == 0


# --- The pill in the top bar ------------------------------------------------------------------

def test_the_pill_shows_video_minutes_left_with_all_four_lines_in_its_title(signed_in):
    snapshot(used=558.8, limit=600)

    page = signed_in.get(reverse("videos:project_list")).content.decode()

    assert ">41.2 video min left<" in page
    assert "Video minutes: 41.2 of 600 min left (558.8 used)" in page
    assert "Transcription minutes: 600 of 600 min left" in page
    assert "ElevenLabs voice minutes: 100 of 100 min left" in page
    assert "AI credits: 988 of 1,000 credits left (12 used)" in page
    assert '<span class="quota-pill quota-low"' in page  # not a link: the account page is for admins


def test_admins_get_the_pill_as_a_link_to_the_account_page(client):
    client.force_login(UserFactory(username="ada", roles=["Admin"]))
    snapshot(used=1, limit=600)
    page = client.get(reverse("videos:project_list")).content.decode()
    assert f'<a class="quota-pill quota-ok" href="{reverse("videos:account")}"' in page


@pytest.mark.parametrize(("used", "level", "text"), [
    (500, "quota-low", "100 video min left"),  # a sixth left
    (480, "quota-ok", "120 video min left"),  # a fifth left
    (600, "quota-out", "0 video min left"),
    (650, "quota-out", "0 video min left"),
])
def test_the_pill_turns_amber_under_a_fifth_and_red_at_nothing(signed_in, used, level, text):
    snapshot(used=used, limit=600)
    page = signed_in.get(reverse("videos:project_list")).content.decode()
    assert f'class="quota-pill {level}"' in page and f">{text}<" in page


def test_the_pill_is_hidden_until_the_quota_is_read(signed_in):
    assert "quota-pill" not in signed_in.get(reverse("videos:project_list")).content.decode()
    QuotaSnapshot.objects.create(problem="Pictory could not be reached.", problem_at=timezone.now())
    assert "quota-pill" not in signed_in.get(reverse("videos:project_list")).content.decode()


def test_the_pill_costs_nothing_on_htmx_fragments(signed_in, project, django_assert_max_num_queries):
    snapshot()
    job = RenderJob.objects.create(project=project, kind="render", version=1, status="in_progress",
                                   next_poll_at=timezone.now() + timedelta(minutes=5))
    with django_assert_max_num_queries(4):  # session, user, job: the quota is never read here
        signed_in.get(reverse("videos:job_status", args=[job.pk]), HTTP_HX_REQUEST="true")


def test_the_pill_reads_one_row_on_a_full_page(signed_in):
    snapshot()
    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("videos:notification_settings"))
    assert sum("videos_quotasnapshot" in q["sql"] for q in queries.captured_queries) == 1
