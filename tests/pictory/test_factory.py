"""Building the client from Django settings."""
import pytest
from django.core.cache import cache

from pictory_studio.pictory import PictoryClient
from pictory_studio.pictory.auth import GatewayAuth, OAuthTokenProvider
from pictory_studio.pictory.factory import client_from_settings, config_from_settings, pictory_mode
from pictory_studio.pictory.gateway import GatewayTransport


@pytest.fixture
def no_credentials(settings):
    settings.PICTORY_API_KEY = ""
    settings.PICTORY_CLIENT_ID = ""
    settings.PICTORY_CLIENT_SECRET = ""
    settings.PICTORY_USER_ID = ""
    settings.PICTORY_API_BASE_URL = ""
    settings.PICTORY_GATEWAY_URL = ""
    settings.LOWCODEAPI_TOKEN = ""
    settings.PICTORY_SANDBOX_CONNECTION = "api_key"
    return settings


def test_sandbox_mode_when_no_credentials(no_credentials):
    no_credentials.STUDIO_BASE_URL = "http://studio.example.test:8000/"
    no_credentials.PICTORY_SANDBOX_API_KEY = "pictai_sandbox"

    config = config_from_settings()

    assert pictory_mode() == "sandbox"
    assert config.base_url == "http://studio.example.test:8000/sandbox/pictoryapis"
    assert config.api_key == "pictai_sandbox"
    assert config.auth_mode == "api_key"


def test_api_key_mode(no_credentials):
    no_credentials.PICTORY_API_KEY = "pictai_real"
    no_credentials.PICTORY_CONNECT_TIMEOUT = 2.0
    no_credentials.PICTORY_READ_TIMEOUT = 12.0

    config = config_from_settings()

    assert pictory_mode() == "api_key"
    assert config.base_url == "https://api.pictory.ai/pictoryapis"
    assert config.api_key == "pictai_real"
    assert (config.connect_timeout, config.read_timeout) == (2.0, 12.0)


def test_api_key_wins_over_oauth_credentials(no_credentials):
    no_credentials.PICTORY_API_KEY = "pictai_real"
    no_credentials.PICTORY_CLIENT_ID = "client"
    no_credentials.PICTORY_CLIENT_SECRET = "secret"

    assert pictory_mode() == "api_key"


def test_oauth_mode_needs_both_id_and_secret(no_credentials):
    no_credentials.PICTORY_CLIENT_ID = "client"
    assert pictory_mode() == "sandbox"

    no_credentials.PICTORY_CLIENT_SECRET = "secret"
    no_credentials.PICTORY_USER_ID = "user-9"
    no_credentials.PICTORY_API_BASE_URL = "https://api.example.test/pictoryapis/"
    config = config_from_settings()

    assert pictory_mode() == "oauth"
    assert config.auth_mode == "oauth"
    assert config.base_url == "https://api.example.test/pictoryapis"
    assert config.client_id == "client"
    assert config.client_secret == "secret"
    assert config.user_id == "user-9"


def test_client_from_settings_uses_the_django_cache_for_tokens(no_credentials):
    no_credentials.PICTORY_CLIENT_ID = "client"
    no_credentials.PICTORY_CLIENT_SECRET = "secret"

    client = client_from_settings()

    assert isinstance(client, PictoryClient)
    assert isinstance(client._auth, OAuthTokenProvider)
    assert client._auth._cache is cache


def test_gateway_mode_needs_both_the_url_and_the_token(no_credentials):
    no_credentials.LOWCODEAPI_TOKEN = "lc_token"
    assert pictory_mode() == "sandbox"

    no_credentials.PICTORY_GATEWAY_URL = "https://api.lowcodeapi.com/pictory/pictoryapis/"
    config = config_from_settings()
    client = client_from_settings()

    assert pictory_mode() == "gateway"
    assert config.auth_mode == "gateway"
    assert config.base_url == "https://api.lowcodeapi.com/pictory/pictoryapis"
    assert config.gateway_token == "lc_token" and "lc_token" not in repr(config)
    assert isinstance(client._auth, GatewayAuth) and isinstance(client._transport, GatewayTransport)


def test_the_sandbox_can_be_reached_through_its_gateway(no_credentials):
    no_credentials.STUDIO_BASE_URL = "http://studio.example.test:8000"
    no_credentials.PICTORY_SANDBOX_CONNECTION = "gateway"

    config = config_from_settings()

    assert pictory_mode() == "sandbox"
    assert config.base_url == "http://studio.example.test:8000/sandbox/lowcode/pictory/pictoryapis"
    assert config.gateway_token == no_credentials.PICTORY_SANDBOX_LOWCODE_TOKEN


@pytest.mark.parametrize("half", [{"PICTORY_GATEWAY_URL": "https://api.lowcodeapi.com/pictory/pictoryapis"},
                                  {"LOWCODEAPI_TOKEN": "lc_token"}])
def test_half_a_gateway_configuration_is_a_startup_warning(no_credentials, half):
    from pictory_studio.apps import gateway_settings_come_in_pairs

    for name, value in half.items():
        setattr(no_credentials, name, value)

    warnings = gateway_settings_come_in_pairs()

    assert [warning.id for warning in warnings] == ["pictory_studio.W003"]
    missing = "LOWCODEAPI_TOKEN" if "PICTORY_GATEWAY_URL" in half else "PICTORY_GATEWAY_URL"
    assert f"{missing} is not set" in warnings[0].msg
    no_credentials.PICTORY_GATEWAY_URL = no_credentials.LOWCODEAPI_TOKEN = "set"
    assert gateway_settings_come_in_pairs() == []


def test_the_gateway_wins_over_an_api_key(no_credentials):
    no_credentials.PICTORY_API_KEY = "pictai_real"
    no_credentials.PICTORY_GATEWAY_URL = "https://api.lowcodeapi.com/pictory/pictoryapis"
    no_credentials.LOWCODEAPI_TOKEN = "lc_token"

    assert pictory_mode() == "gateway"
    assert config_from_settings().api_key == ""  # the Pictory key stays with LowCodeAPI
