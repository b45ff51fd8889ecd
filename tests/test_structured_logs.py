"""Operators' log lines: one key=value line per page request and one per Pictory call, with ids
only (never names, addresses, query strings, headers, bodies or tokens)."""
import logging
import re
import socket
import threading

import pytest
from django.urls import reverse

from pictory_studio.pictory import PictoryClient
from pictory_studio.pictory.config import PictoryConfig
from pictory_studio.pictory.errors import TransportError
from pictory_studio.pictory.log_context import calling_for_job
from videos.models import RenderJob
from videos.services.job_requests import render_job_request
from videos.services.webhooks import webhook_token

REQUEST_LINE = re.compile(
    r"^method=(?P<method>\S+) path=(?P<path>\S+) status=(?P<status>\d+) duration_ms=\d+\.\d user=(?P<user>\S+)$")
CALL_LINE = re.compile(
    r"^method=(?P<method>\S+) path=(?P<path>\S+) status=(?P<status>\S+) duration_ms=\d+\.\d job=(?P<job>\S+)"
    r"(?: error=(?P<error>\S+))?(?: pictory_job=(?P<pictory_job>\S+))?$")


def lines(caplog, logger):
    return [r.getMessage() for r in caplog.records if r.name == logger]


def request_lines(caplog):
    found = lines(caplog, "studio.request")
    for line in found:
        assert REQUEST_LINE.match(line), line
    return [REQUEST_LINE.match(line).groupdict() for line in found]


@pytest.mark.django_db
def test_a_page_request_is_one_line_with_the_user_id_and_no_query_string(signed_in, user, project, caplog):
    caplog.set_level(logging.INFO)
    response = signed_in.get(project.get_absolute_url() + "?token=tok-secret-123&X-Amz-Signature=sig-abc")

    assert response.status_code == 200
    assert request_lines(caplog) == [
        {"method": "GET", "path": project.get_absolute_url(), "status": "200", "user": str(user.pk)}]
    for private in ("tok-secret-123", "sig-abc", "token=", user.username, user.email):
        assert private not in caplog.text


@pytest.mark.django_db
def test_a_visitor_who_is_not_signed_in_is_a_dash(client, caplog):
    caplog.set_level(logging.INFO)
    client.get(reverse("videos:project_list") + "?next=/elsewhere")
    assert request_lines(caplog)[0] == {"method": "GET", "path": reverse("videos:project_list"), "status": "302",
                                        "user": "-"}
    assert "elsewhere" not in caplog.text


@pytest.mark.django_db
def test_static_files_and_health_checks_are_left_out(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/static/js/forms.js")  # WhiteNoise's in production; a 404 here: still not a page
    assert client.get("/healthz").status_code == 200
    assert request_lines(caplog) == []


@pytest.mark.django_db
def test_the_webhook_token_in_a_path_is_hidden(client, project, caplog):
    job = RenderJob.objects.create(project=project, kind="render", status="in_progress", version=1)
    token = webhook_token(job.marker)
    caplog.set_level(logging.INFO)
    response = client.post(reverse("videos:pictory_webhook", args=[job.marker, token]), "{}",
                           content_type="application/json")

    assert response.status_code == 200
    assert request_lines(caplog)[0]["path"] == f"/hooks/pictory/{job.marker}/[hidden]/"
    assert token not in caplog.text


@pytest.mark.django_db
def test_a_path_with_a_line_break_stays_one_line(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/nowhere%0Amethod=FAKE status=200/")
    assert request_lines(caplog) == [
        {"method": "GET", "path": "/nowhere%0Amethod=FAKE%20status=200/", "status": "404", "user": "-"}]


@pytest.mark.django_db(transaction=True)
def test_a_render_logs_its_pictory_call_with_the_studio_job(sandbox, project, caplog, settings):
    caplog.set_level(logging.INFO)
    job = render_job_request(project=project, kind="render", user=project.owner).job  # the worker sends it
    job.refresh_from_db()
    assert job.pictory_job_id

    calls = [CALL_LINE.match(line) for line in lines(caplog, "studio.pictory")]
    assert all(calls), lines(caplog, "studio.pictory")
    render = [c.groupdict() for c in calls if c["path"] == "/v2/video/storyboard/render"]
    assert render == [{"method": "POST", "path": "/v2/video/storyboard/render", "status": "200",
                       "job": str(job.pk), "error": None, "pictory_job": job.pictory_job_id}]
    for secret in (settings.PICTORY_SANDBOX_API_KEY, settings.PICTORY_SANDBOX_CLIENT_SECRET, "Authorization",
                   project.scenes.first().narration):
        assert secret not in caplog.text


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers: the request goes out, no reply comes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_a_call_that_gets_no_answer_logs_the_error_class(silent_server, caplog):
    client = PictoryClient(PictoryConfig(base_url=silent_server, api_key="pictai_secret_key", read_timeout=0.3,
                                         get_retries=0))
    caplog.set_level(logging.INFO)
    with calling_for_job(42), pytest.raises(TransportError):
        client.render_storyboard({"videoName": "Spring launch", "scenes": [{"story": "Hello"}]})

    assert [CALL_LINE.match(line).groupdict() for line in lines(caplog, "studio.pictory")] == [
        {"method": "POST", "path": "/v2/video/storyboard/render", "status": "error", "job": "42",
         "error": "ReadTimeout", "pictory_job": None}]
    assert "pictai_secret_key" not in caplog.text and "Spring launch" not in caplog.text


def test_calls_outside_a_job_say_so(silent_server, caplog):
    client = PictoryClient(PictoryConfig(base_url=silent_server, api_key="k", read_timeout=0.2, get_retries=0))
    caplog.set_level(logging.INFO)
    with pytest.raises(TransportError):
        client.list_jobs(page_key="page-key-secret")
    line = lines(caplog, "studio.pictory")[0]
    assert CALL_LINE.match(line)["job"] == "-" and "page-key-secret" not in caplog.text
