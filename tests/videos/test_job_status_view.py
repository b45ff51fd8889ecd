"""The job status fragment: polls while active, stops (286) when final, cheap to serve."""
import pytest
from django.urls import reverse
from django.utils import timezone

from videos.models import RenderJob

pytestmark = pytest.mark.django_db


def status_of(client, job):
    return client.get(reverse("videos:job_status", args=[job.pk]), HTTP_HX_REQUEST="true")


def make_job(project, **fields):
    # next_poll_at in the future: the fragment must not ask Pictory for anything here.
    fields.setdefault("next_poll_at", timezone.now() + timezone.timedelta(minutes=5))
    return RenderJob.objects.create(project=project, kind="render", version=1, **fields)


def test_an_active_job_shows_progress_and_keeps_polling(signed_in, project):
    job = make_job(project, status="in_progress", progress=42, progress_message="Compositing scenes")
    response = status_of(signed_in, job)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="load delay:1s"' in html and "42%" in html and "Compositing scenes" in html
    assert 'style="width: 42%"' in html


@pytest.mark.parametrize(("minutes_old", "delay"), [(0, "1s"), (1, "2s"), (5, "5s"), (30, "10s")])
def test_the_page_asks_often_at_first_then_less_often(signed_in, project, minutes_old, delay):
    job = make_job(project, status="in_progress", progress=5)
    RenderJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=minutes_old))
    html = status_of(signed_in, job).content.decode()
    assert f'hx-trigger="load delay:{delay}"' in html


def test_a_completed_render_plays_with_poster_duration_and_downloads(signed_in, project):
    job = make_job(project, status="completed", video_url="http://cdn.test/v.mp4",
                   thumbnail_url="http://cdn.test/t.jpg", srt_url="http://cdn.test/s.srt",
                   vtt_url="http://cdn.test/s.vtt", duration_seconds=42.7)
    response = status_of(signed_in, job)
    html = response.content.decode()
    assert response.status_code == 286  # htmx stops polling
    assert '<video class="player" controls' in html and 'poster="http://cdn.test/t.jpg"' in html
    assert "0:43" in html and ">MP4<" in html and ">SRT<" in html and ">VTT<" in html
    assert "hx-trigger" not in html


def test_a_failed_job_explains_itself_and_what_to_do(signed_in, project):
    job = make_job(project, status="failed", error_code="INSUFFICIENT_CREDITS", error_message="")
    html = status_of(signed_in, job).content.decode()
    assert "run out of video credits" in html and "top up" in html


def test_an_unconfirmed_job_offers_check_and_a_careful_resend(signed_in, project):
    job = make_job(project, status="submit_unknown")
    html = status_of(signed_in, job).content.decode()
    assert "Check again" in html and "may be charged twice" in html


def test_status_fragment_costs_few_queries(signed_in, project, django_assert_max_num_queries):
    job = make_job(project, status="in_progress", progress=10)
    status_of(signed_in, job)
    with django_assert_max_num_queries(4):  # session, user, job, (no Pictory poll due)
        status_of(signed_in, job)


def test_with_sessions_in_the_cache_the_status_fragment_needs_two_queries(client, user, project, settings,
                                                                           django_assert_max_num_queries):
    """Production with Redis: the session and the person's roles come from the cache; only the
    person and the job are read from the database on each poll."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(user)
    job = make_job(project, status="in_progress", progress=10)
    status_of(client, job)
    with django_assert_max_num_queries(2) as captured:
        response = status_of(client, job)
    assert response.status_code == 200 and "10%" in response.content.decode()
    assert len(captured) == 2


def test_a_role_taken_away_takes_effect_on_the_next_poll(signed_in, user, project):
    job = make_job(project, status="in_progress", progress=10)
    assert status_of(signed_in, job).status_code == 200  # roles now remembered in the cache
    user.groups.clear()
    assert status_of(signed_in, job).status_code == 403


def test_someone_elses_session_cannot_see_jobs_without_signing_in(client, project):
    job = make_job(project, status="in_progress")
    assert status_of(client, job).status_code == 302
