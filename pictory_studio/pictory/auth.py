"""Authorization headers for both Pictory auth modes.

API-key mode sends the key raw. OAuth (legacy) mode exchanges client credentials for an access
token, caches it until shortly before expiry and sends it raw too: Pictory rejects "Bearer ".
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from .config import PictoryConfig
from .errors import AuthenticationError, PictoryError, RateLimitedError, ServerError
from .transport import Transport

TOKEN_PATH = "/v1/oauth2/token"
DEFAULT_TOKEN_LIFETIME = 3600.0  # documented lifetime when the answer omits expires_in
RENEW_MARGIN_SECONDS = 60.0
RENEW_MARGIN_FRACTION = 0.1  # short-lived tokens renew after 90% of their lifetime


class TokenCache(Protocol):
    """The subset of Django's cache API the token provider needs."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any, timeout: float | None = None) -> Any: ...

    def delete(self, key: str) -> Any: ...


class InMemoryTokenCache:
    """A per-process TokenCache with expiry, used when no shared cache is supplied."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[Any, float | None]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            value, expires_at = entry
            if expires_at is not None and self._clock() >= expires_at:
                del self._entries[key]
                return default
            return value

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        with self._lock:
            expires_at = None if timeout is None else self._clock() + timeout
            self._entries[key] = (value, expires_at)

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


class ApiKeyAuth:
    """Current mode: the key itself is the Authorization value."""

    renewable = False

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key

    def authorization(self) -> str:
        return self._api_key

    def invalidate(self) -> None:
        """Nothing to renew: a rejected key stays rejected."""


class GatewayAuth:
    """Through LowCodeAPI: the gateway holds the Pictory key, and the transport sends the
    gateway's own token in the query, so the request carries no Authorization header."""

    renewable = False

    def authorization(self) -> str:
        return ""

    def invalidate(self) -> None:
        """Nothing to renew: a rejected gateway token stays rejected."""


class OAuthTokenProvider:
    """Legacy mode: client credentials → cached access token."""

    renewable = True

    def __init__(self, config: PictoryConfig, transport: Transport, cache: TokenCache) -> None:
        if not (config.client_id and config.client_secret):
            raise ValueError("OAuth mode needs both client_id and client_secret (or set api_key)")
        self._config = config
        self._transport = transport
        self._cache = cache
        self.cache_key = token_cache_key(config.base_url, config.client_id)

    def authorization(self) -> str:
        token = self._cache.get(self.cache_key)
        if token:
            return token
        token, lifetime = self._fetch_token()
        timeout = cache_timeout_for(lifetime)
        if timeout > 0:
            self._cache.set(self.cache_key, token, timeout)
        return token

    def invalidate(self) -> None:
        self._cache.delete(self.cache_key)

    def _fetch_token(self) -> tuple[str, float]:
        try:
            # The exchange has no side effects, so it may be retried like a GET.
            response = self._transport.request(
                "POST",
                TOKEN_PATH,
                json_body={
                    "client_id": self._config.client_id,
                    "client_secret": self._config.client_secret,
                },
                idempotent=True,
            )
        except (ServerError, RateLimitedError, AuthenticationError):
            raise
        except PictoryError as exc:
            if exc.status is None:  # transport failure: keep its type (and `sent`)
                raise
            raise AuthenticationError(
                f"Token exchange failed: {exc.message}", status=exc.status, code=exc.code
            ) from exc

        payload = response.payload if isinstance(response.payload, dict) else {}
        token = payload.get("access_token")
        if not token or not isinstance(token, str):
            raise AuthenticationError(
                "Token exchange returned no access_token", status=response.status
            )
        try:
            lifetime = float(payload.get("expires_in") or DEFAULT_TOKEN_LIFETIME)
        except (TypeError, ValueError):
            lifetime = DEFAULT_TOKEN_LIFETIME
        return token, lifetime


def token_cache_key(base_url: str, client_id: str) -> str:
    """A cache key per (API, client); the secret never takes part in it."""
    digest = hashlib.sha256(f"{base_url.rstrip('/')}\n{client_id}".encode()).hexdigest()
    return f"pictory:oauth-token:{digest[:32]}"


def cache_timeout_for(lifetime: float) -> float:
    """Seconds to keep a token: renew ~60 s before expiry, or at 90% for short lifetimes."""
    margin = min(RENEW_MARGIN_SECONDS, lifetime * RENEW_MARGIN_FRACTION)
    return max(0.0, lifetime - margin)


def build_auth(
    config: PictoryConfig, transport: Transport, cache: TokenCache | None
) -> ApiKeyAuth | GatewayAuth | OAuthTokenProvider:
    if config.auth_mode == "gateway":
        return GatewayAuth()
    if config.auth_mode == "api_key":
        return ApiKeyAuth(config.api_key)
    if cache is None:
        cache = InMemoryTokenCache()
    return OAuthTokenProvider(config, transport, cache)
