"""Both auth modes against the loopback server: raw headers, token caching and renewal."""
import logging

import pytest
from django.core.cache import caches

from pictory_studio.pictory import AuthenticationError, InMemoryTokenCache
from pictory_studio.pictory.auth import cache_timeout_for, token_cache_key

from .conftest import Reply

QUOTA = {
    "videoMinutes": {"used": 1, "limit": 10},
    "transcriptionMinutes": {"used": 0, "limit": 10},
    "elevenLabsVoiceOverMinutes": {"used": 0, "limit": 5},
    "aiCredits": {"used": 2, "limit": 100},
}
TOKEN_PATH = "/v1/oauth2/token"
OAUTH = {"api_key": "", "client_id": "studio-client", "client_secret": "studio-secret"}


def token_reply(token: str, expires_in: int = 3600) -> Reply:
    return Reply(json={"access_token": token, "token_type": "Bearer", "expires_in": expires_in})


class RecordingCache(InMemoryTokenCache):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.timeouts: list[float | None] = []

    def set(self, key, value, timeout=None):
        self.timeouts.append(timeout)
        super().set(key, value, timeout)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_api_key_is_sent_raw_with_user_agent(pictory_server, make_client):
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))

    make_client(api_key="pictai_abc123").get_quota()

    [request] = pictory_server.requests
    assert request.header("Authorization") == "pictai_abc123"
    assert request.header("User-Agent") == "PictoryStudio/0.1 (+self-hosted)"
    assert request.header("X-Pictory-User-Id") is None


def test_api_key_401_is_not_retried(pictory_server, make_client):
    pictory_server.add("GET", "/v1/quota", Reply(status=401, json={"message": "Unauthorized"}))

    with pytest.raises(AuthenticationError) as caught:
        make_client().get_quota()

    assert caught.value.status == 401
    assert caught.value.message == "Unauthorized"
    assert len(pictory_server.requests) == 1


def test_oauth_token_fetched_once_and_reused(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-1"))
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))
    client = make_client(**OAUTH)

    client.get_quota()
    client.get_quota()

    [token_call] = pictory_server.requests_to("POST", TOKEN_PATH)
    assert token_call.json() == {"client_id": "studio-client", "client_secret": "studio-secret"}
    assert token_call.header("Authorization") is None
    api_calls = pictory_server.requests_to("GET", "/v1/quota")
    assert [call.header("Authorization") for call in api_calls] == ["tok-1", "tok-1"]


def test_oauth_token_shared_by_clients_using_one_cache(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-shared"))
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))
    shared = InMemoryTokenCache()

    make_client(token_cache=shared, **OAUTH).get_quota()
    make_client(token_cache=shared, **OAUTH).get_quota()

    assert len(pictory_server.requests_to("POST", TOKEN_PATH)) == 1
    assert len(pictory_server.requests_to("GET", "/v1/quota")) == 2


def test_django_cache_works_as_token_cache(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-django"))
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))
    django_cache = caches["default"]
    django_cache.clear()

    make_client(token_cache=django_cache, **OAUTH).get_quota()
    make_client(token_cache=django_cache, **OAUTH).get_quota()

    assert len(pictory_server.requests_to("POST", TOKEN_PATH)) == 1
    key = token_cache_key(pictory_server.url, "studio-client")
    assert django_cache.get(key) == "tok-django"
    django_cache.clear()


def test_token_cache_key_depends_on_api_and_client_but_never_the_secret():
    key = token_cache_key("https://api.example.test/pictoryapis", "client-a")

    assert key == token_cache_key("https://api.example.test/pictoryapis/", "client-a")
    assert key != token_cache_key("https://api.example.test/pictoryapis", "client-b")
    assert key != token_cache_key("http://127.0.0.1:8000/sandbox/pictoryapis", "client-a")
    assert "client-a" not in key


@pytest.mark.parametrize(("lifetime", "timeout"), [(3600, 3540), (300, 270), (100, 90), (0, 0)])
def test_tokens_are_kept_until_shortly_before_expiry(lifetime, timeout):
    assert cache_timeout_for(lifetime) == pytest.approx(timeout)


def test_oauth_token_renewed_before_it_expires(pictory_server, make_client):
    pictory_server.add(
        "POST", TOKEN_PATH, token_reply("tok-1", expires_in=100), token_reply("tok-2")
    )
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))
    clock = FakeClock()
    cache = RecordingCache(clock=clock)
    client = make_client(token_cache=cache, **OAUTH)

    client.get_quota()
    clock.now += 89  # still inside the 90 s the token is kept
    client.get_quota()
    clock.now += 2  # 91 s: renewed although the server would accept it until 100 s
    client.get_quota()

    assert cache.timeouts[0] == pytest.approx(90)
    assert len(pictory_server.requests_to("POST", TOKEN_PATH)) == 2
    api_calls = pictory_server.requests_to("GET", "/v1/quota")
    assert [call.header("Authorization") for call in api_calls] == ["tok-1", "tok-1", "tok-2"]


def test_oauth_token_renewed_once_after_401(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-old"), token_reply("tok-new"))
    pictory_server.add(
        "GET", "/v1/quota", Reply(status=401, json={"message": "Unauthorized"}), Reply(json=QUOTA)
    )

    quota = make_client(**OAUTH).get_quota()

    assert quota.ai_credits.limit == 100
    assert len(pictory_server.requests_to("POST", TOKEN_PATH)) == 2
    api_calls = pictory_server.requests_to("GET", "/v1/quota")
    assert [call.header("Authorization") for call in api_calls] == ["tok-old", "tok-new"]


def test_post_rejected_with_401_is_resent_once_with_a_new_token(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-old"), token_reply("tok-new"))
    pictory_server.add(
        "POST",
        "/v2/video/storyboard/render",
        Reply(status=401, json={"message": "Unauthorized"}),
        Reply(json={"success": True, "data": {"jobId": "job-1"}}),
    )

    job = make_client(**OAUTH).render_storyboard({"videoName": "v"})

    assert job.job_id == "job-1"
    assert len(pictory_server.requests_to("POST", "/v2/video/storyboard/render")) == 2


def test_second_consecutive_401_raises_without_looping(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-1"), token_reply("tok-2"))
    pictory_server.add("GET", "/v1/quota", Reply(status=401, json={"message": "Unauthorized"}))

    with pytest.raises(AuthenticationError):
        make_client(**OAUTH).get_quota()

    assert len(pictory_server.requests_to("POST", TOKEN_PATH)) == 2
    assert len(pictory_server.requests_to("GET", "/v1/quota")) == 2


def test_user_id_header_on_api_calls_but_not_on_token_call(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-1"))
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))

    make_client(user_id="user-42", **OAUTH).get_quota()

    [token_call] = pictory_server.requests_to("POST", TOKEN_PATH)
    [api_call] = pictory_server.requests_to("GET", "/v1/quota")
    assert token_call.header("X-Pictory-User-Id") is None
    assert api_call.header("X-Pictory-User-Id") == "user-42"


def test_user_id_header_in_api_key_mode_when_configured(pictory_server, make_client):
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))

    make_client(user_id="user-42").get_quota()

    assert pictory_server.requests[0].header("X-Pictory-User-Id") == "user-42"


@pytest.mark.parametrize(
    "reply",
    [
        Reply(
            status=401,
            json={"success": False, "error": {"error_code": 401, "error_message": "bad"}},
        ),
        Reply(status=400, json={"message": "client_secret is required"}),
        Reply(json={"token_type": "Bearer"}),
    ],
)
def test_failed_token_exchange_is_an_authentication_error(pictory_server, make_client, reply):
    pictory_server.add("POST", TOKEN_PATH, reply)

    with pytest.raises(AuthenticationError):
        make_client(**OAUTH).get_quota()

    assert pictory_server.requests_to("GET", "/v1/quota") == []


def test_oauth_mode_without_credentials_is_rejected_at_construction(make_client):
    with pytest.raises(ValueError):
        make_client(api_key="", client_id="only-id")


def test_bearer_prefix_is_never_sent(pictory_server, make_client):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-1"))
    pictory_server.add("GET", "/v1/quota", Reply(json=QUOTA))

    make_client(**OAUTH).get_quota()
    make_client(api_key="pictai_k").get_quota()

    for request in pictory_server.requests:
        assert "bearer" not in (request.header("Authorization") or "").lower()


def test_logs_never_contain_secrets_or_tokens(pictory_server, make_client, caplog):
    pictory_server.add("POST", TOKEN_PATH, token_reply("tok-secret-value"))
    pictory_server.add(
        "GET", "/v1/quota", Reply(status=401, json={"message": "Unauthorized"}), Reply(json=QUOTA)
    )
    caplog.set_level(logging.DEBUG)

    make_client(**OAUTH).get_quota()
    make_client(api_key="pictai_secret_key").get_quota()

    assert "GET /v1/quota -> 200" in caplog.text
    for secret in ("tok-secret-value", "studio-secret", "pictai_secret_key"):
        assert secret not in caplog.text
