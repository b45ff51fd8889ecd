"""The LowCodeAPI gateway (pictory-api.md §12): the sandbox's imitation over real HTTP, and the
client's gateway transport against it. Every other contract test also runs through the gateway
(the `client` fixture's third mode); these check what is the gateway's own."""
import logging
import uuid

import pytest
import requests

from pictory_studio.pictory import (
    AuthenticationError,
    NotFoundError,
    PictoryClient,
    PictoryConfig,
    RateLimitedError,
    TransportError,
    ValidationError,
)
from pictory_studio.sandbox.models import SandboxRequest
from tests.contract.test_client_against_sandbox import STORYBOARD

pytestmark = pytest.mark.django_db(transaction=True)

GATEWAY = "/sandbox/lowcode/pictory/pictoryapis"


@pytest.fixture
def token(settings):
    return settings.PICTORY_SANDBOX_LOWCODE_TOKEN


class Recorder(requests.Session):
    """A real session that notes each URL it sends (the wire, as the gateway sees it)."""

    def __init__(self):
        super().__init__()
        self.sent: list[tuple[str, str, int]] = []
        self.last_request_headers: dict = {}
        self.hooks["response"].append(self._note)

    def _note(self, response, *args, **kwargs):
        self.sent.append((response.request.method, response.url, response.status_code))
        self.last_request_headers = dict(response.request.headers)


def gateway_client(sandbox, token, session=None) -> PictoryClient:
    config = PictoryConfig(base_url=sandbox.url + GATEWAY, gateway_token=token)
    return PictoryClient(config, session=session)


# --- the imitation, over raw HTTP ------------------------------------------------------------


def test_every_answer_is_wrapped_once_more_even_pictorys_own_envelope(sandbox, token):
    url = sandbox.url + GATEWAY + "/v2/video/storyboard/render"
    answer = requests.post(url, params={"api_token": token}, json=STORYBOARD, timeout=10)

    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["data"]
    assert body["data"]["success"] is True
    assert uuid.UUID(body["data"]["data"]["jobId"])  # {"data": {"success", "data": {"jobId"}}}

    voices = requests.get(sandbox.url + GATEWAY + "/v1/voiceovers/tracks", params={"api_token": token}, timeout=10)
    assert voices.status_code == 200 and list(voices.json()) == ["data"]


def test_the_gateway_sends_pictory_the_key_it_keeps(sandbox, token, settings):
    requests.get(sandbox.url + GATEWAY + "/v1/quota", params={"api_token": token}, timeout=10)

    call = SandboxRequest.objects.get(endpoint="quota")
    assert call.credential_kind == "key"
    assert call.path.endswith("/pictoryapis/v1/quota")  # Pictory saw its own path, not the gateway's


@pytest.mark.parametrize("params", [{}, {"api_token": "wrong"}], ids=["missing", "wrong"])
def test_a_missing_or_wrong_token_is_a_401_in_the_gateways_error_shape(sandbox, params):
    answer = requests.get(sandbox.url + GATEWAY + "/v1/quota", params=params, timeout=10)

    assert answer.status_code == 401
    error = answer.json()["data"]["error"]
    assert error["code"] == "UNAUTHORIZED" and "api_token" in error["message"]
    assert not SandboxRequest.objects.exists()  # it never reached Pictory


def test_old_url_format_puts_the_id_in_the_query(sandbox, token):
    job_id = requests.post(sandbox.url + GATEWAY + "/v2/video/storyboard/render", params={"api_token": token},
                           json=STORYBOARD, timeout=10).json()["data"]["data"]["jobId"]

    new = requests.get(f"{sandbox.url}{GATEWAY}/v1/jobs/{job_id}", params={"api_token": token}, timeout=10)
    old = requests.get(f"{sandbox.url}{GATEWAY}/v1/jobs/jobid", params={"api_token": token, "jobid": job_id},
                       timeout=10)

    assert new.status_code == old.status_code == 200
    assert new.json()["data"]["job_id"] == old.json()["data"]["job_id"] == job_id
    assert new.json()["data"]["data"]["status"] and old.json()["data"]["data"]["status"]


def test_pictory_errors_come_back_as_data_error_with_their_status(sandbox, token):
    bad = {**STORYBOARD, "scenes": []}
    answer = requests.post(sandbox.url + GATEWAY + "/v2/video/storyboard/render", params={"api_token": token},
                           json=bad, timeout=10)

    assert answer.status_code == 400
    error = answer.json()["data"]["error"]
    assert error["message"] and error["code"]

    unknown = requests.get(f"{sandbox.url}{GATEWAY}/v1/nothing-here", params={"api_token": token}, timeout=10)
    assert unknown.status_code == 404 and unknown.json()["data"]["error"]["code"] == "NOT_FOUND"


def test_a_429_keeps_its_retry_after(sandbox, token, settings):
    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = 1
    url = sandbox.url + GATEWAY + "/v1/quota"
    requests.get(url, params={"api_token": token}, timeout=10)

    answer = requests.get(url, params={"api_token": token}, timeout=10)

    assert answer.status_code == 429
    assert float(answer.headers["Retry-After"]) >= 1
    assert "error" in answer.json()["data"]


# --- the client's gateway transport ------------------------------------------------------------


def test_the_client_falls_back_to_the_old_format_and_remembers_it(sandbox, token, settings):
    settings.PICTORY_SANDBOX_GATEWAY_URL_FORMATS = "old"
    session = Recorder()
    client = gateway_client(sandbox, token, session)
    job_id = client.render_storyboard(STORYBOARD).job_id

    client.get_job(job_id)
    first = list(session.sent)
    session.sent.clear()
    client.get_job(job_id)

    assert [(method, status) for method, _, status in first] == [("POST", 200), ("GET", 404), ("GET", 200)]
    assert f"/v1/jobs/{job_id}?" in first[1][1]
    assert "/v1/jobs/jobid?" in first[2][1] and f"jobid={job_id}" in first[2][1]
    assert len(session.sent) == 1 and "/v1/jobs/jobid?" in session.sent[0][1]  # straight to what worked


def test_with_the_new_format_the_client_never_tries_the_old_one(sandbox, token, settings):
    settings.PICTORY_SANDBOX_GATEWAY_URL_FORMATS = "new"
    session = Recorder()
    client = gateway_client(sandbox, token, session)
    job_id = client.render_storyboard(STORYBOARD).job_id

    client.get_job(job_id)
    client.get_job(job_id)

    assert [status for _, _, status in session.sent] == [200, 200, 200]
    assert all("jobid" not in url for _, url, _ in session.sent)
    with pytest.raises(NotFoundError):  # a 404 in the format that answered before is real
        client.get_job(str(uuid.uuid4()))
    assert len(session.sent) == 4


def test_the_gateways_errors_become_the_same_typed_errors(sandbox, token, settings):
    with pytest.raises(AuthenticationError) as refused:
        gateway_client(sandbox, "not-the-token").get_quota()
    assert refused.value.status == 401

    client = gateway_client(sandbox, token)
    with pytest.raises(ValidationError) as invalid:
        client.render_storyboard({**STORYBOARD, "scenes": []})
    assert invalid.value.status == 400 and invalid.value.message

    settings.PICTORY_SANDBOX_REQUESTS_PER_MINUTE = SandboxRequest.objects.count() + 1  # one call left
    client.get_quota()
    with pytest.raises(RateLimitedError) as limited:
        gateway_client(sandbox, token).render_storyboard(STORYBOARD)  # a POST is not retried
    assert limited.value.retry_after and limited.value.retry_after >= 1


def test_the_token_never_reaches_logs_or_error_chains(sandbox, token, caplog):
    caplog.set_level(logging.DEBUG)
    gateway_client(sandbox, token).get_quota()

    closed = PictoryConfig(base_url="http://127.0.0.1:9" + GATEWAY, gateway_token=token, get_retries=0)
    with pytest.raises(TransportError) as failed:
        PictoryClient(closed).get_quota()

    assert token not in caplog.text
    assert failed.value.__cause__ is None and token not in str(failed.value)
    assert "method=GET path=/v1/quota status=200" in caplog.text


def test_no_authorization_header_leaves_through_the_gateway(sandbox, token):
    session = Recorder()
    gateway_client(sandbox, token, session).get_quota()

    method, url, status = session.sent[0]
    assert status == 200 and "api_token=" in url
    sent_headers = session.last_request_headers
    assert "Authorization" not in sent_headers and "X-Pictory-User-Id" not in sent_headers
