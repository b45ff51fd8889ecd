"""What can go wrong talking to Picsart, each with a message a person can act on."""
from __future__ import annotations


class PicsartError(Exception):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class PicsartAuthError(PicsartError):
    """401: the API key is missing or wrong."""


class PicsartPaymentRequiredError(PicsartError):
    """402: the account's credits are used up."""


class PicsartNotAcceptableError(PicsartError):
    """406: Picsart wants `Accept: application/json`."""


class PicsartRateLimitedError(PicsartError):
    def __init__(self, message: str, *, status: int | None = 429, retry_after: float | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class PicsartServerError(PicsartError):
    """5xx."""


class PicsartTransportError(PicsartError):
    """No answer: the connection failed or timed out."""


def error_for(status: int, body: object, *, retry_after: float | None) -> PicsartError:
    detail = ""
    if isinstance(body, dict):
        fault = body.get("fault") if isinstance(body.get("fault"), dict) else {}
        detail = str(body.get("detail") or body.get("message") or fault.get("faultstring") or "")
    if status == 401:
        return PicsartAuthError("Picsart refused the API key: check PICSART_API_KEY.", status=status)
    if status == 402:
        return PicsartPaymentRequiredError("The Picsart account has no credits left: top it up at Picsart.",
                                           status=status)
    if status == 406:
        return PicsartNotAcceptableError("Picsart refused the request's Accept header.", status=status)
    if status == 429:
        wait = f" Try again in {retry_after:.0f} s." if retry_after else ""
        return PicsartRateLimitedError(f"Picsart's rate limit was reached.{wait}", retry_after=retry_after)
    if status >= 500:
        return PicsartServerError(f"Picsart had a problem (HTTP {status}); try again shortly.", status=status)
    return PicsartError(f"Picsart answered HTTP {status}{': ' + detail if detail else ''}", status=status)
