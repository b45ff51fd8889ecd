"""The real Pictory client pointed at the real sandbox over HTTP, once per auth mode."""
import pytest

from pictory_studio.pictory import InMemoryTokenCache, PictoryClient, PictoryConfig


@pytest.fixture(params=["api_key", "oauth", "gateway"])
def client(request, sandbox, settings):
    """A client of the live sandbox: with the raw API key, with OAuth client credentials, and
    through the sandbox's LowCodeAPI gateway."""
    base = sandbox.url + "/sandbox/pictoryapis"
    if request.param == "gateway":
        config = PictoryConfig(base_url=sandbox.url + "/sandbox/lowcode/pictory/pictoryapis",
                               gateway_token=settings.PICTORY_SANDBOX_LOWCODE_TOKEN)
    elif request.param == "api_key":
        config = PictoryConfig(base_url=base, api_key=settings.PICTORY_SANDBOX_API_KEY)
    else:
        config = PictoryConfig(base_url=base, client_id=settings.PICTORY_SANDBOX_CLIENT_ID,
                               client_secret=settings.PICTORY_SANDBOX_CLIENT_SECRET,
                               user_id=settings.PICTORY_SANDBOX_USER_ID)
    return PictoryClient(config, token_cache=InMemoryTokenCache())
