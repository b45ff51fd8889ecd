"""A small client of the Picsart API (contract §13): the account's balance, image search and
trending images, the video tools and generative models. No Django models, no views; it follows
the Pictory client's habits (timeouts, GETs retried with back-off, Retry-After honoured, typed
errors) without sharing its Pictory-specific error mapping."""
from .client import PicsartClient, PicsartConfig, PicsartImage, PicsartPage
from .errors import (
    PicsartAuthError,
    PicsartError,
    PicsartNotAcceptableError,
    PicsartPaymentRequiredError,
    PicsartRateLimitedError,
    PicsartServerError,
    PicsartTransportError,
)

__all__ = [
    "PicsartAuthError", "PicsartClient", "PicsartConfig", "PicsartError", "PicsartImage",
    "PicsartNotAcceptableError", "PicsartPage", "PicsartPaymentRequiredError", "PicsartRateLimitedError",
    "PicsartServerError", "PicsartTransportError",
]
