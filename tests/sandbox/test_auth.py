"""Both auth modes of the contract (§2) and the error body of each."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pictory_studio.sandbox.models import SandboxToken

from .conftest import CLIENT_ID, CLIENT_SECRET, KEY, story_body

pytestmark = pytest.mark.django_db


def issue_token(api) -> dict:
    response = api.post(
        "/v1/oauth2/token", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, auth=None
    )
    assert response.status_code == 200
    return response.json()


def test_registered_api_key_is_accepted(api):
    response = api.get("/v1/voiceovers/tracks", auth=KEY)

    assert response.status_code == 200
    assert isinstance(response.json(), list)


@pytest.mark.parametrize("auth", [None, "", "pictai_not_registered", "garbage"])
def test_missing_or_unknown_credentials_get_key_style_401(api, auth):
    response = api.get("/v1/quota", auth=auth)

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def test_api_key_with_bearer_prefix_is_rejected(api):
    response = api.get("/v1/quota", auth=f"Bearer {KEY}")

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def test_token_endpoint_issues_a_bearer_token_with_lifetime(api):
    token = issue_token(api)

    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    assert token["access_token"]


def test_issued_token_is_accepted_as_raw_authorization(api):
    token = issue_token(api)["access_token"]

    response = api.get("/v1/quota", auth=token)

    assert response.status_code == 200
    assert "videoMinutes" in response.json()


def test_token_with_bearer_prefix_is_rejected_with_legacy_envelope(api):
    token = issue_token(api)["access_token"]

    response = api.get("/v1/quota", auth=f"Bearer {token}")

    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False
    assert "Bearer" in body["error"]["error_message"]


def test_wrong_client_credentials_get_legacy_401(api):
    response = api.post(
        "/v1/oauth2/token", {"client_id": CLIENT_ID, "client_secret": "wrong"}, auth=None
    )

    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False
    assert isinstance(body["error"]["error_code"], int)
    assert body["error"]["error_message"]


def test_token_lifetime_follows_setting(api, settings):
    settings.PICTORY_SANDBOX_TOKEN_SECONDS = 1

    assert issue_token(api)["expires_in"] == 1


def test_expired_token_gets_legacy_401(api):
    token = issue_token(api)["access_token"]
    SandboxToken.objects.filter(token=token).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = api.get("/v1/quota", auth=token)

    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False
    assert body["error"]["error_message"] == "Access token has expired"


def test_legacy_strict_mode_requires_user_header_with_tokens(api, settings):
    settings.PICTORY_SANDBOX_REQUIRE_USER_ID = True
    token = issue_token(api)["access_token"]

    without = api.get("/v1/quota", auth=token)
    with_user = api.get("/v1/quota", auth=token, headers={"HTTP_X_PICTORY_USER_ID": "u-1"})
    with_customer = api.get("/v1/quota", auth=token, headers={"HTTP_X_PICTORY_CUSTOMER_ID": "u-1"})

    assert without.status_code == 401
    assert without.json()["success"] is False
    assert with_user.status_code == 200
    assert with_customer.status_code == 200


def test_legacy_strict_mode_leaves_api_keys_alone(api, settings):
    settings.PICTORY_SANDBOX_REQUIRE_USER_ID = True

    assert api.get("/v1/quota", auth=KEY).status_code == 200


def test_token_works_on_v2_endpoints(api):
    token = issue_token(api)["access_token"]

    response = api.post("/v2/video/storyboard/render", story_body(), auth=token)

    assert response.status_code == 200
    assert response.json()["success"] is True
