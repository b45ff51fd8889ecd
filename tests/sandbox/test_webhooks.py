"""Jobs finish on their own and POST their result to the webhook (contract §9).

These tests commit for real (the background threads use their own database connections)
and receive webhooks on a small HTTP server on loopback.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from pictory_studio.sandbox import background, jobs
from pictory_studio.sandbox.models import JobStatus, SandboxJob, SandboxWebhookDelivery

from .conftest import make_due, story_body

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """Collects webhook POSTs; answers with the given status codes in turn, then 200."""

    def __init__(self, statuses=(), location=""):
        self.statuses = list(statuses)
        self.bodies: list[dict] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                with receiver.arrived:
                    receiver.bodies.append(body)
                    receiver.arrived.notify_all()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/pictory"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 15) -> list[dict]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.bodies) >= count, timeout)
        return self.bodies

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def finishing_in_background(settings):
    settings.PICTORY_SANDBOX_BACKGROUND_FINISH = True
    settings.PICTORY_SANDBOX_JOB_SECONDS = 0.2


def deliveries(job_id) -> list[tuple]:
    return list(
        SandboxWebhookDelivery.objects.filter(job_id=job_id)
        .order_by("attempt")
        .values_list("attempt", "status_code")
    )


def test_webhook_fires_when_nobody_polls(api, receiver, finishing_in_background):
    job_id = api.create(story_body(webhook=receiver.url, webhookInput={"studioJobPk": 9}))

    bodies = receiver.wait_for(1)
    assert background.wait_idle(15)

    assert len(bodies) == 1
    posted = bodies[0]
    assert posted["job_id"] == job_id
    assert posted["success"] is True
    assert posted["data"]["status"] == "completed"
    assert posted["webhookInput"] == {"studioJobPk": 9}
    assert posted == {**api.job(job_id).json(), "webhookInput": {"studioJobPk": 9}}
    assert deliveries(job_id) == [(1, 200)]


def test_failed_jobs_post_their_failure(api, receiver, finishing_in_background):
    job_id = api.create(story_body(videoName="x __fail__", webhook=receiver.url))

    posted = receiver.wait_for(1)[0]
    assert background.wait_idle(15)

    assert posted["job_id"] == job_id
    assert posted["success"] is False
    assert posted["data"]["status"] == "failed"
    assert posted["data"]["error_code"] == "TEXT_TO_VIDEO_FAILED"


def test_preview_jobs_post_their_result_too(api, receiver, finishing_in_background):
    job_id = api.create(story_body(webhook=receiver.url), render=False)

    posted = receiver.wait_for(1)[0]
    assert background.wait_idle(15)

    assert posted["job_id"] == job_id
    assert posted["data"]["preview"].endswith(f"/sandbox/preview/{job_id}/")


def test_webhook_is_retried_until_accepted(api, finishing_in_background):
    server = Receiver(statuses=[500, 503])
    try:
        job_id = api.create(story_body(videoName="x __fail__", webhook=server.url))
        server.wait_for(3)
        assert background.wait_idle(15)
    finally:
        server.close()

    assert deliveries(job_id) == [(1, 500), (2, 503), (3, 200)]


def test_unreachable_webhook_is_tried_three_times_and_logged(api, finishing_in_background):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    job_id = api.create(story_body(videoName="x __fail__", webhook=f"http://127.0.0.1:{port}/h"))

    assert background.wait_idle(15)
    SandboxJob.objects.get(pk=job_id)  # the job itself is unaffected

    rows = SandboxWebhookDelivery.objects.filter(job_id=job_id).order_by("attempt")
    assert [row.attempt for row in rows] == [1, 2, 3]
    assert all(row.status_code is None and "Connection" in row.error for row in rows)


def test_concurrent_finishers_finish_once(api, receiver):
    job_id = api.create(story_body(webhook=receiver.url))
    make_due(job_id)
    results = []

    for _ in range(4):
        background.start(lambda: results.append(jobs.finish_job(job_id)))
    assert background.wait_idle(30)
    receiver.wait_for(1)
    assert background.wait_idle(15)

    job = SandboxJob.objects.get(pk=job_id)
    assert job.status == JobStatus.COMPLETED
    assert len(results) == 4
    assert len(receiver.bodies) == 1
    assert deliveries(job_id) == [(1, 200)]


def test_finishing_again_changes_nothing(api):
    job_id = api.create(story_body())
    make_due(job_id)

    first = jobs.finish_job(job_id)
    second = jobs.finish_job(job_id)

    assert first.status == second.status == JobStatus.COMPLETED
    assert first.finished_at == second.finished_at
    assert first.result == second.result


def test_background_finisher_tolerates_a_missing_job(api):
    jobs.finish_job("00000000-0000-4000-8000-000000000002")  # no error, nothing to do

    assert not SandboxJob.objects.exists()


# --- where webhooks may go -------------------------------------------------------------------

SECRET = "9f8e7d6c5b4a39281706"
HOOK_PATH = f"/hooks/pictory/6f1c2d3e-4b5a-4c6d-8e7f-001122334455/{SECRET}/"


@pytest.mark.parametrize("host", ["http://10.255.255.1", "http://example.invalid", "http://169.254.169.254"])
def test_a_webhook_to_another_machine_is_not_sent_and_the_refusal_is_logged(api, finishing_in_background, host):
    job_id = api.create(story_body(webhook=host + HOOK_PATH))

    assert background.wait_idle(15)

    assert SandboxJob.objects.get(pk=job_id).status == JobStatus.COMPLETED
    row = SandboxWebhookDelivery.objects.get(job_id=job_id)
    assert (row.attempt, row.status_code) == (1, None)
    assert row.error.startswith("Refused: the sandbox calls back only the studio itself (http://127.0.0.1:8000)")
    assert SECRET not in row.url and row.url.endswith("/masked/")


def test_redirects_are_not_followed(api, receiver, finishing_in_background):
    redirector = Receiver(statuses=[307, 307, 307], location=receiver.url)
    try:
        job_id = api.create(story_body(webhook=redirector.url))
        redirector.wait_for(3)
        assert background.wait_idle(15)
    finally:
        redirector.close()

    assert deliveries(job_id) == [(1, 307), (2, 307), (3, 307)]
    assert receiver.bodies == []


def test_the_delivery_log_keeps_no_secret(api, finishing_in_background):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    job_id = api.create(story_body(webhook=f"http://127.0.0.1:{port}{HOOK_PATH}"))

    assert background.wait_idle(15)

    rows = list(SandboxWebhookDelivery.objects.filter(job_id=job_id))
    assert len(rows) == 3
    assert all(SECRET not in row.url + row.error for row in rows)
    assert all("Connection" in row.error and row.url.endswith("/masked/") for row in rows)


# The studio's own address: the live server, with this module as its URLconf.
received: list[dict] = []
arrived = threading.Event()


@csrf_exempt
def _hook_receiver(request, rest):
    received.append({"path": request.path, "body": json.loads(request.body)})
    arrived.set()
    return HttpResponse(status=204)


urlpatterns = [
    path("sandbox/", include("pictory_studio.sandbox.urls")),
    path("hooks/<path:rest>", _hook_receiver),
]


def test_a_webhook_to_the_studio_itself_is_delivered(api, live_server, settings, finishing_in_background):
    settings.ROOT_URLCONF = __name__
    settings.STUDIO_BASE_URL = live_server.url
    received.clear()
    arrived.clear()

    job_id = api.create(story_body(webhook=live_server.url + HOOK_PATH))
    assert arrived.wait(15)
    assert background.wait_idle(15)

    assert [(hook["path"], hook["body"]["job_id"]) for hook in received] == [(HOOK_PATH, job_id)]
    assert deliveries(job_id) == [(1, 204)]
