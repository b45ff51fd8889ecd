"""Client for the Pictory API (plain Python; build one from Django settings via .factory)."""
from .auth import InMemoryTokenCache, TokenCache
from .client import PictoryClient
from .config import DEFAULT_BASE_URL, PictoryConfig
from .errors import (
    AuthenticationError,
    FieldError,
    ForbiddenError,
    NotFoundError,
    PictoryError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)
from .types import (
    JobPage,
    JobRef,
    JobStatus,
    NamedItem,
    Quota,
    QuotaLine,
    Template,
    TemplateScene,
    TemplateSummary,
    Voice,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "AuthenticationError",
    "FieldError",
    "ForbiddenError",
    "InMemoryTokenCache",
    "JobPage",
    "JobRef",
    "JobStatus",
    "NamedItem",
    "NotFoundError",
    "PictoryClient",
    "PictoryConfig",
    "PictoryError",
    "Quota",
    "QuotaLine",
    "RateLimitedError",
    "ServerError",
    "Template",
    "TemplateScene",
    "TemplateSummary",
    "TokenCache",
    "TransportError",
    "ValidationError",
    "Voice",
]
