"""The Picsart client from Django settings (the only Django-aware module of this package)."""
from __future__ import annotations

from django.conf import settings

from .client import PicsartClient, PicsartConfig

SANDBOX_PATH = "/sandbox/picsart"


def picsart_client_from_settings() -> PicsartClient | None:
    """Picsart with PICSART_API_KEY; the sandbox's imitation in sandbox mode; else None."""
    if settings.PICSART_API_KEY:
        return PicsartClient(PicsartConfig(api_key=settings.PICSART_API_KEY, base_url=settings.PICSART_API_BASE_URL))
    if settings.PICTORY_SANDBOX_ENABLED:
        base = settings.STUDIO_BASE_URL.rstrip("/") + SANDBOX_PATH
        return PicsartClient(PicsartConfig(api_key=settings.PICTORY_SANDBOX_PICSART_API_KEY, base_url=base))
    return None
