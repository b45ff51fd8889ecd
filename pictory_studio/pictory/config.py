"""Connection settings for one Pictory account."""
from __future__ import annotations

from dataclasses import dataclass, fields

DEFAULT_BASE_URL = "https://api.pictory.ai/pictoryapis"

# Fields whose values must never appear in logs, reprs or tracebacks.
_SECRET_FIELDS = frozenset({"api_key", "client_secret", "gateway_token"})


@dataclass(frozen=True)
class PictoryConfig:
    base_url: str
    api_key: str = ""
    client_id: str = ""
    client_secret: str = ""
    user_id: str = ""
    # LowCodeAPI's token: set, the base URL is the gateway's and every call goes through it.
    gateway_token: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    get_retries: int = 3
    backoff_seconds: float = 0.5
    max_retry_after: float = 10.0
    # Cloudflare in front of the API rejects urllib's default User-Agent (error 1010).
    user_agent: str = "PictoryStudio/0.1 (+self-hosted)"

    def __post_init__(self) -> None:
        if not self.base_url:
            raise ValueError("PictoryConfig.base_url is required")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if self.get_retries < 0:
            raise ValueError("PictoryConfig.get_retries must be >= 0")

    @property
    def auth_mode(self) -> str:
        """"gateway" through LowCodeAPI, "api_key" when an API key is set, otherwise the legacy
        "oauth" client credentials."""
        if self.gateway_token:
            return "gateway"
        return "api_key" if self.api_key else "oauth"

    def __repr__(self) -> str:
        parts = []
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name in _SECRET_FIELDS:
                value = "***" if value else ""
            parts.append(f"{field.name}={value!r}")
        return f"PictoryConfig({', '.join(parts)})"
