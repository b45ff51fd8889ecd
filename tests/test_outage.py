"""While the database or Redis is out of reach, pages answer 503 with a plain page (or, for htmx,
a banner) that says what is happening, instead of a bare 500."""
import logging
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import override_settings
from django.urls import reverse

from deploy.local_services import free_port
from videos.models import RenderJob

# A real Redis client against a port where nothing listens: every command is refused.
CLOSED_PORT = free_port()
REDIS_DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0"}}
# As in production with REDIS_URL: sessions read from the cache and written through to the database.
REDIS_DOWN_SETTINGS = {"CACHES": REDIS_DOWN, "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db"}
# The error text PostgreSQL's driver gives names the server; none of it may reach a page or the log.
DB_ERROR_TEXT = 'connection to server at "db-internal.example", port 5432 failed: Connection refused'


def database_down():
    """PostgreSQL restarting, seen from Django: every new cursor fails. (A transport fault that no
    in-process SQLite can produce, so the connection's cursor is made to raise.)"""
    return mock.patch.object(connection, "_cursor", side_effect=OperationalError(DB_ERROR_TEXT))


@pytest.fixture
def job(project, user):
    return RenderJob.objects.create(project=project, kind="render", status="in_progress", version=1,
                                    pictory_job_id="job-123", created_by=user)


def outage_records(caplog):
    return [r for r in caplog.records if r.name == "studio.outage"]


def assert_outage_page(response, service):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert f"The studio has lost touch with its {service}." in body
    assert "Your work is saved. This page tries again by itself every few seconds." in body
    assert '<meta http-equiv="refresh" content="5">' in body
    assert "Traceback" not in body and "Server Error" not in body
    return body


def test_a_page_during_a_database_outage_explains_and_retries(signed_in, project, caplog):
    with database_down(), caplog.at_level(logging.WARNING):
        response = signed_in.get(project.get_absolute_url())

    body = assert_outage_page(response, "database")
    assert "db-internal.example" not in body and "5432" not in body
    # One line for the outage (the class name only) and none of Django's own ERROR lines.
    assert [r.getMessage() for r in outage_records(caplog)] == ["outage service=database error=OperationalError"]
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert "db-internal.example" not in caplog.text
    # Back by itself: the same page answers once the database does.
    assert signed_in.get(project.get_absolute_url()).status_code == 200


def test_a_page_during_a_redis_outage_explains_and_retries(signed_in, project, caplog):
    with override_settings(**REDIS_DOWN_SETTINGS), caplog.at_level(logging.WARNING):
        response = signed_in.get(project.get_absolute_url())

    body = assert_outage_page(response, "queue and cache")
    assert str(CLOSED_PORT) not in body
    assert [r.getMessage() for r in outage_records(caplog)] == [
        "outage service=queue_and_cache error=ConnectionError"]
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_the_outage_page_renders_without_the_database(signed_in, project):
    # The session lookup fails first; the page itself must not try the database again.
    with database_down() as cursor:
        response = signed_in.get(project.get_absolute_url())
    assert response.status_code == 503
    assert cursor.call_count == 1


def test_an_htmx_status_poll_gets_a_banner_not_a_page(signed_in, job):
    with database_down():
        response = signed_in.get(reverse("videos:job_status", args=[job.pk]), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response["X-Studio-Outage"] == "database"  # what static/js/outage.js looks for
    assert "<html" not in body and "data-outage-banner" in body
    assert "The studio has lost touch with its database." in body
    assert "this part of the page tries again by itself" in body


def test_an_htmx_action_during_an_outage_says_it_may_not_have_gone_through(signed_in, job):
    with override_settings(**REDIS_DOWN_SETTINGS):
        response = signed_in.post(reverse("videos:job_cancel", args=[job.pk]), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 503 and response["X-Studio-Outage"] == "cache"
    assert "lost touch with its queue and cache" in body
    assert "may not have gone through" in body and "tries again by itself" not in body


def test_a_form_sent_during_an_outage_is_not_resent_by_the_page(signed_in, job):
    with database_down():
        response = signed_in.post(reverse("videos:job_cancel", args=[job.pk]))

    body = response.content.decode()
    assert response.status_code == 503
    assert "what you just sent may not have gone through" in body
    assert "http-equiv" not in body  # a refresh would turn the form into a GET of its address


@pytest.mark.parametrize("debug", [False, True])
def test_an_outage_inside_the_session_middleware_gets_the_page(client, debug, caplog, settings):
    """Redis goes down and the session middleware is the first to need it (saving the session
    after a view that never looked at it): Django turns that into a 500 before any view-level
    handler sees it."""
    settings.DEBUG = debug
    client.raise_request_exception = False  # as in production: the answer is what counts
    client.cookies["sessionid"] = "x" * 32
    with override_settings(CACHES=REDIS_DOWN, SESSION_ENGINE="django.contrib.sessions.backends.cache",
                           SESSION_SAVE_EVERY_REQUEST=True), caplog.at_level(logging.INFO):
        response = client.get("/favicon.ico")

    assert_outage_page(response, "queue and cache")
    assert [r.getMessage() for r in outage_records(caplog)] == [
        "outage service=queue_and_cache error=ConnectionError"]
    if not debug:  # Django's own "Internal Server Error" traceback would repeat the line above
        assert not [r for r in caplog.records if r.name == "django.request"]


def test_pages_load_the_script_that_shows_the_banner(signed_in, project):
    response = signed_in.get(project.get_absolute_url())
    assert response.status_code == 200
    assert "js/outage.js" in response.content.decode()
