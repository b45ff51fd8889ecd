"""Timeouts and retry rules, against a real loopback socket."""
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from pictory_studio.pictory import RateLimitedError, ServerError, TransportError
from pictory_studio.pictory.transport import parse_retry_after

from .conftest import Reply

JOB_ID = "b7e2a9d4-11c3-4f5e-9a80-6d2c7f0e1a55"
JOB_PATH = f"/v1/jobs/{JOB_ID}"
RENDER_PATH = "/v2/video/storyboard/render"
IN_PROGRESS = {"job_id": JOB_ID, "success": True, "data": {"status": "in-progress"}}
CREATED = {"success": True, "data": {"jobId": JOB_ID}}
TOO_MANY = {"message": "Too Many Requests"}


# --- 429 ------------------------------------------------------------------------------------


def test_get_429_sleeps_retry_after_then_succeeds(pictory_server, make_client, sleeps):
    pictory_server.add(
        "GET", JOB_PATH,
        Reply(status=429, json=TOO_MANY, headers={"Retry-After": "1"}),
        Reply(json=IN_PROGRESS),
    )

    job = make_client().get_job(JOB_ID)

    assert job.status == "in-progress"
    assert sleeps == [1.0]
    assert len(pictory_server.requests) == 2


def test_get_429_with_long_retry_after_is_raised_without_sleeping(
    pictory_server, make_client, sleeps
):
    pictory_server.add(
        "GET", JOB_PATH, Reply(status=429, json=TOO_MANY, headers={"Retry-After": "120"})
    )

    with pytest.raises(RateLimitedError) as caught:
        make_client(max_retry_after=10).get_job(JOB_ID)

    assert caught.value.retry_after == 120
    assert caught.value.status == 429
    assert sleeps == []
    assert len(pictory_server.requests) == 1


def test_get_429_without_retry_after_backs_off(pictory_server, make_client, sleeps):
    pictory_server.add("GET", JOB_PATH, Reply(status=429, json=TOO_MANY), Reply(json=IN_PROGRESS))

    make_client(backoff_seconds=0.2).get_job(JOB_ID)

    assert len(sleeps) == 1
    assert 0.1 <= sleeps[0] <= 0.2


def test_get_429_exhausting_retries_raises(pictory_server, make_client, sleeps):
    pictory_server.add(
        "GET", JOB_PATH, Reply(status=429, json=TOO_MANY, headers={"Retry-After": "0.5"})
    )

    with pytest.raises(RateLimitedError) as caught:
        make_client(get_retries=2).get_job(JOB_ID)

    assert caught.value.retry_after == 0.5
    assert sleeps == [0.5, 0.5]
    assert len(pictory_server.requests) == 3


def test_post_429_is_raised_without_retry(pictory_server, make_client, sleeps):
    pictory_server.add(
        "POST", RENDER_PATH, Reply(status=429, json=TOO_MANY, headers={"Retry-After": "1"})
    )

    with pytest.raises(RateLimitedError) as caught:
        make_client().render_storyboard({"videoName": "v"})

    assert caught.value.retry_after == 1
    assert sleeps == []
    assert len(pictory_server.requests) == 1


def test_retry_after_parsing():
    in_30_seconds = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    an_hour_ago = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)

    assert parse_retry_after("7") == 7
    assert parse_retry_after(" 2.5 ") == 2.5
    assert 28 <= parse_retry_after(in_30_seconds) <= 30
    assert parse_retry_after(an_hour_ago) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# --- Read timeouts and dropped connections ----------------------------------------------------


def test_get_read_timeout_is_retried_then_succeeds(pictory_server, make_client, sleeps):
    pictory_server.add("GET", JOB_PATH, Reply(json=IN_PROGRESS, delay=0.6), Reply(json=IN_PROGRESS))

    job = make_client(read_timeout=0.3).get_job(JOB_ID)

    assert job.job_id == JOB_ID
    assert len(pictory_server.requests) == 2
    assert len(sleeps) == 1


def test_each_retry_waits_for_its_own_turn_under_the_shared_rate(pictory_server, make_client, sleeps):
    """The caller paced the first attempt; a retry is another request to Pictory."""
    pictory_server.add("GET", JOB_PATH, Reply(status=503, json={}), Reply(status=503, json={}), Reply(json=IN_PROGRESS))
    turns = []

    job = make_client(pace=lambda: turns.append(len(pictory_server.requests))).get_job(JOB_ID)

    assert job.status == "in-progress"
    assert turns == [1, 2]  # one turn before each of the two retries, none before the first send


def test_post_read_timeout_is_ambiguous_and_never_resent(pictory_server, make_client, sleeps):
    pictory_server.add("POST", RENDER_PATH, Reply(json=CREATED, delay=0.6))

    with pytest.raises(TransportError) as caught:
        make_client(read_timeout=0.3).render_storyboard({"videoName": "v"})

    assert caught.value.sent is True
    assert sleeps == []
    assert len(pictory_server.requests_to("POST", RENDER_PATH)) == 1


def test_put_read_timeout_is_ambiguous_and_never_resent(pictory_server, make_client):
    pictory_server.add("PUT", "/v2/video/render/preview-1", Reply(json=CREATED, delay=0.6))

    with pytest.raises(TransportError) as caught:
        make_client(read_timeout=0.3).render_preview("preview-1")

    assert caught.value.sent is True
    assert len(pictory_server.requests) == 1


def test_post_connection_dropped_after_sending_is_ambiguous(pictory_server, make_client):
    pictory_server.add("POST", RENDER_PATH, Reply(drop=True))

    with pytest.raises(TransportError) as caught:
        make_client().render_storyboard({"videoName": "v"})

    assert caught.value.sent is True
    assert len(pictory_server.requests) == 1


def test_get_connection_dropped_is_retried(pictory_server, make_client):
    pictory_server.add("GET", JOB_PATH, Reply(drop=True), Reply(json=IN_PROGRESS))

    assert make_client().get_job(JOB_ID).status == "in-progress"
    assert len(pictory_server.requests) == 2


# --- 5xx ------------------------------------------------------------------------------------


def test_get_5xx_is_retried_with_growing_backoff(pictory_server, make_client, sleeps):
    pictory_server.add(
        "GET", JOB_PATH,
        Reply(status=500, json={"message": "Internal Server Error"}),
        Reply(status=502, body="<html>Bad gateway</html>", headers={"Content-Type": "text/html"}),
        Reply(status=503, json={"message": "Service Unavailable"}),
        Reply(json=IN_PROGRESS),
    )

    job = make_client(get_retries=3, backoff_seconds=0.1).get_job(JOB_ID)

    assert job.status == "in-progress"
    assert len(pictory_server.requests) == 4
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps):
        ceiling = 0.1 * 2**attempt
        assert ceiling / 2 <= delay <= ceiling


def test_get_5xx_exhausting_retries_raises_server_error(pictory_server, make_client, sleeps):
    pictory_server.add("GET", JOB_PATH, Reply(status=503, json={"message": "Service Unavailable"}))

    with pytest.raises(ServerError) as caught:
        make_client(get_retries=2).get_job(JOB_ID)

    assert caught.value.status == 503
    assert len(pictory_server.requests) == 3
    assert len(sleeps) == 2


def test_post_5xx_raises_server_error_after_one_request(pictory_server, make_client, sleeps):
    pictory_server.add(
        "POST", RENDER_PATH, Reply(status=500, json={"message": "Internal Server Error"})
    )

    with pytest.raises(ServerError) as caught:
        make_client().render_storyboard({"videoName": "v"})

    assert caught.value.status == 500
    assert caught.value.message == "Internal Server Error"
    assert sleeps == []
    assert len(pictory_server.requests_to("POST", RENDER_PATH)) == 1


# --- Connection never made ----------------------------------------------------------------


def test_get_connection_refused_is_retried_then_not_sent(make_client, closed_port, sleeps):
    client = make_client(base_url=f"http://127.0.0.1:{closed_port}/pictoryapis", get_retries=2)

    with pytest.raises(TransportError) as caught:
        client.get_job(JOB_ID)

    assert caught.value.sent is False
    assert len(sleeps) == 2


def test_post_connection_refused_may_retry_and_reports_not_sent(make_client, closed_port, sleeps):
    client = make_client(base_url=f"http://127.0.0.1:{closed_port}/pictoryapis", get_retries=1)

    with pytest.raises(TransportError) as caught:
        client.render_storyboard({"videoName": "v"})

    assert caught.value.sent is False
    assert len(sleeps) == 1


class RaisingSession(requests.Session):
    """Raises a chosen requests exception and records the keyword arguments it got."""

    def __init__(self, error: Exception):
        super().__init__()
        self.error = error
        self.calls: list[dict] = []

    def request(self, method, url, **kwargs):
        self.calls.append(kwargs)
        raise self.error


@pytest.mark.parametrize(
    ("error", "sent"),
    [
        (requests.ConnectTimeout("connect timed out"), False),
        (requests.ReadTimeout("read timed out"), True),
        (requests.ConnectionError("connection reset by peer"), True),
    ],
)
def test_post_transport_failures_are_classified(make_client, sleeps, error, sent):
    session = RaisingSession(error)

    with pytest.raises(TransportError) as caught:
        make_client(session=session, get_retries=2).render_storyboard({"videoName": "v"})

    assert caught.value.sent is sent
    # Only a request that never left may be sent again.
    assert len(session.calls) == (3 if not sent else 1)


def test_every_call_has_an_explicit_connect_and_read_timeout(make_client):
    session = RaisingSession(requests.ConnectTimeout("connect timed out"))

    with pytest.raises(TransportError):
        make_client(session=session, connect_timeout=1.5, read_timeout=7, get_retries=0).get_quota()

    assert session.calls[0]["timeout"] == (1.5, 7)
    assert session.calls[0]["allow_redirects"] is False
