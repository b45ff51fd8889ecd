"""Picsart's answers become errors that say what to do next."""
import pytest

from pictory_studio.picsart import (
    PicsartAuthError,
    PicsartError,
    PicsartNotAcceptableError,
    PicsartPaymentRequiredError,
    PicsartRateLimitedError,
    PicsartServerError,
)
from pictory_studio.picsart.errors import error_for

OLD_DEMO_QUOTA = {"fault": {"faultstring": "Rate limit quota violation. Quota limit exceeded.",
                            "detail": {"errorcode": "policies.ratelimit.QuotaViolation"}}}


@pytest.mark.parametrize(("status", "body", "kind", "words"), [
    (401, {"message": "Unauthorized"}, PicsartAuthError, "check PICSART_API_KEY"),
    (402, {"message": "Payment Required"}, PicsartPaymentRequiredError, "no credits left"),
    (406, {"message": "Not Acceptable"}, PicsartNotAcceptableError, "Accept header"),
    (429, OLD_DEMO_QUOTA, PicsartRateLimitedError, "rate limit"),
    (503, None, PicsartServerError, "try again shortly"),
    (418, {"detail": "I am a teapot"}, PicsartError, "HTTP 418: I am a teapot"),
])
def test_each_status_becomes_its_error(status, body, kind, words):
    error = error_for(status, body, retry_after=None)

    assert type(error) is kind and error.status == status
    assert words in error.message
