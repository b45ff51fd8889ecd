"""Build a PictoryClient from Django settings (the only Django-aware module of this package)."""
from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .client import PictoryClient
from .config import DEFAULT_BASE_URL, PictoryConfig

SANDBOX_PATH = "/sandbox/pictoryapis"
SANDBOX_GATEWAY_PATH = "/sandbox/lowcode/pictory/pictoryapis"


def pictory_mode() -> str:
    """"gateway" through LowCodeAPI, "api_key" or "oauth" for the real API, "sandbox" when no
    credentials are configured."""
    if settings.PICTORY_GATEWAY_URL and settings.LOWCODEAPI_TOKEN:
        return "gateway"
    if settings.PICTORY_API_KEY:
        return "api_key"
    if settings.PICTORY_CLIENT_ID and settings.PICTORY_CLIENT_SECRET:
        return "oauth"
    return "sandbox"


def config_from_settings() -> PictoryConfig:
    timeouts = {
        "connect_timeout": float(getattr(settings, "PICTORY_CONNECT_TIMEOUT", 5.0)),
        "read_timeout": float(getattr(settings, "PICTORY_READ_TIMEOUT", 30.0)),
        "get_retries": int(getattr(settings, "PICTORY_GET_RETRIES", 3)),
    }
    mode = pictory_mode()
    if mode == "sandbox":
        studio = settings.STUDIO_BASE_URL.rstrip("/")
        if settings.PICTORY_SANDBOX_CONNECTION == "gateway":
            return PictoryConfig(base_url=studio + SANDBOX_GATEWAY_PATH,
                                 gateway_token=settings.PICTORY_SANDBOX_LOWCODE_TOKEN, **timeouts)
        return PictoryConfig(base_url=studio + SANDBOX_PATH, api_key=settings.PICTORY_SANDBOX_API_KEY, **timeouts)
    if mode == "gateway":
        return PictoryConfig(base_url=settings.PICTORY_GATEWAY_URL, gateway_token=settings.LOWCODEAPI_TOKEN,
                             **timeouts)
    base_url = settings.PICTORY_API_BASE_URL or DEFAULT_BASE_URL
    if mode == "api_key":
        return PictoryConfig(
            base_url=base_url,
            api_key=settings.PICTORY_API_KEY,
            user_id=settings.PICTORY_USER_ID,
            **timeouts,
        )
    return PictoryConfig(
        base_url=base_url,
        client_id=settings.PICTORY_CLIENT_ID,
        client_secret=settings.PICTORY_CLIENT_SECRET,
        user_id=settings.PICTORY_USER_ID,
        **timeouts,
    )


def client_from_settings(*, pace=None) -> PictoryClient:
    """`pace` waits for a turn under the shared request rate before each retry."""
    # Django's cache is shared across worker processes, so one token serves them all.
    return PictoryClient(config_from_settings(), token_cache=cache, pace=pace)
