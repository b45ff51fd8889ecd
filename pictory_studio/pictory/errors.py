"""Exceptions raised by the Pictory client, and the mapping from HTTP answers to them."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

JOB_NOT_FOUND = "JOB_NOT_FOUND"
JOB_NOT_FOUND_CODE = "5000"


class PictoryError(Exception):
    """Base class: every failure of a Pictory call is one of these."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code

    def __str__(self) -> str:
        details = ", ".join(
            part for part in (f"HTTP {self.status}" if self.status else "", self.code) if part
        )
        return f"{self.message} ({details})" if details else self.message


class AuthenticationError(PictoryError):
    """401/403, or a failed token exchange: credentials are wrong, expired or blocked."""


class ForbiddenError(PictoryError):
    """403 on one resource the credentials may not touch, e.g. deleting another account's template.

    Deliberately not an AuthenticationError: the credentials are valid and keep working for
    every other call, so callers must not treat this as "reconnect the account". Raised by the
    calls that document such a 403 (PictoryClient.delete_template); any other 403 is still an
    AuthenticationError.
    """


@dataclass(frozen=True)
class FieldError:
    name: str
    messages: list[str]


class ValidationError(PictoryError):
    """The request body was rejected (400 INVALID_REQUEST_BODY or a legacy 4xx envelope)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str = "",
        fields: list[FieldError] | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.fields = fields or []


class RateLimitedError(PictoryError):
    """429. retry_after is the server's requested wait in seconds, when it gave one."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = 429,
        code: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after


class NotFoundError(PictoryError):
    """Unknown job (JOB_NOT_FOUND, as a 404 or as a 200 with success:false) or resource."""


class ConflictError(PictoryError):
    """409: the resource changed since it was read (e.g. an AWS connection's stale `version`).

    Nothing was changed; read the resource again and let the person decide.
    """


class UploadRefusedError(PictoryError):
    """The storage behind a signed upload URL refused the PUT (4xx), e.g. a Content-Type other
    than the signed one (SignatureDoesNotMatch), an expired URL (AccessDenied) or a file over the
    size limit (EntityTooLarge). `code` is the storage's error code; a new signed URL is needed
    for another try.
    """


class ServerError(PictoryError):
    """5xx from Pictory. For a POST the job may or may not have been created."""


class TransportError(PictoryError):
    """No HTTP answer was received.

    sent=False: the connection was never made, so the request cannot have had an effect.
    sent=True: the request may have reached Pictory (read timeout, connection reset); for a
    POST that creates a job the outcome is unknown and must be reconciled, never resent blindly.
    """

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.sent = sent


def is_job_not_found(payload: Any) -> bool:
    """True for the documented unknown-job body: success false, JOB_NOT_FOUND / code 5000."""
    if not isinstance(payload, dict) or payload.get("success") is not False:
        return False
    data = payload.get("data")
    if not isinstance(data, dict):
        return False
    return (
        str(data.get("error_message") or "") == JOB_NOT_FOUND
        or str(data.get("error_code") or "") == JOB_NOT_FOUND_CODE
    )


def is_legacy_error_envelope(payload: Any) -> bool:
    """The OAuth-era shape {"success": false, "error": {"error_code", "error_message"}}."""
    return (
        isinstance(payload, dict)
        and payload.get("success") is False
        and isinstance(payload.get("error"), dict)
    )


def error_from_response(
    status: int,
    payload: Any,
    *,
    text: str = "",
    content_type: str = "",
    retry_after: float | None = None,
) -> PictoryError:
    """Build the exception for a non-2xx answer. payload is the parsed JSON, or None."""
    if payload is None:
        message = _describe_non_json(status, text, content_type)
        code = ""
    else:
        message = _message_from(payload) or f"Pictory answered HTTP {status}"
        code = _code_from(payload)

    if status in (401, 403):
        return AuthenticationError(message, status=status, code=code)
    if status == 429:
        return RateLimitedError(message, status=status, code=code, retry_after=retry_after)
    if status == 404 or is_job_not_found(payload):
        return NotFoundError(message, status=status, code=code)
    if status >= 500:
        return ServerError(message, status=status, code=code)
    if status == 409:
        return ConflictError(message, status=status, code=code)
    if status in (400, 422) or is_legacy_error_envelope(payload):
        return ValidationError(message, status=status, code=code, fields=_fields_from(payload))
    return PictoryError(message, status=status, code=code)


def _message_from(payload: Any) -> str:
    if not isinstance(payload, dict):
        return ""
    error = payload.get("error")
    data = payload.get("data")
    fault = payload.get("fault")
    candidates = [
        payload.get("message"),
        error.get("error_message") if isinstance(error, dict) else error,
        data.get("error_message") if isinstance(data, dict) else None,
        fault.get("faultstring") if isinstance(fault, dict) else None,
    ]
    return next((str(value) for value in candidates if value), "")


def _code_from(payload: Any) -> str:
    if not isinstance(payload, dict):
        return ""
    error = payload.get("error")
    data = payload.get("data")
    candidates = [
        payload.get("code"),
        error.get("error_code") if isinstance(error, dict) else None,
        data.get("error_code") if isinstance(data, dict) else None,
    ]
    return next((str(value) for value in candidates if value not in (None, "")), "")


def _fields_from(payload: Any) -> list[FieldError]:
    if not isinstance(payload, dict) or not isinstance(payload.get("fields"), list):
        return []
    result = []
    for item in payload["fields"]:
        if not isinstance(item, dict):
            continue
        # The one documented example has a string; arrays of strings are accepted too.
        errors = item.get("errors", item.get("message", ""))
        if isinstance(errors, list):
            messages = [str(error) for error in errors if error not in (None, "")]
        else:
            messages = [str(errors)] if errors not in (None, "") else []
        result.append(FieldError(name=str(item.get("name", "")), messages=messages))
    return result


_XML_CODE = re.compile(r"<Code>\s*(.*?)\s*</Code>", re.IGNORECASE | re.DOTALL)
_XML_MESSAGE = re.compile(r"<Message>\s*(.*?)\s*</Message>", re.IGNORECASE | re.DOTALL)


def storage_error_from_response(status: int, text: str) -> PictoryError:
    """The exception for a non-2xx answer of the storage behind a signed upload URL.

    Storage answers are S3-style XML (<Error><Code>…</Code><Message>…</Message></Error>); the
    code and message are read with patterns rather than an XML parser, which untrusted input
    does not deserve. Only Code and Message are kept: S3's other elements (the canonical request,
    the string to sign) name the signing credentials. Any 4xx is a refusal of this upload.
    """
    code_match = _XML_CODE.search(text or "")
    message_match = _XML_MESSAGE.search(text or "")
    code = _one_line(code_match.group(1))[:100] if code_match else ""
    reason = _one_line(message_match.group(1))[:300] if message_match else ""
    if not reason:
        reason = code or _snippet(text or "") or "no reason given"
    if 400 <= status < 500:
        return UploadRefusedError(f"The storage refused the upload: {reason}", status=status, code=code)
    if status >= 500:
        return ServerError(f"The storage failed to take the upload: {reason}", status=status, code=code)
    return PictoryError(f"The storage answered the upload unexpectedly: {reason}", status=status, code=code)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _snippet(text: str) -> str:
    """The page title of an HTML body, else its text without tags, on one line."""
    title = _TITLE.search(text)
    snippet = title.group(1) if title else _TAGS.sub(" ", text)
    return _SPACES.sub(" ", snippet).strip()[:200]


def _describe_non_json(status: int, text: str, content_type: str) -> str:
    """A readable one-liner for HTML or text error pages (e.g. a Cloudflare block)."""
    snippet = _snippet(text)
    kind = content_type.split(";")[0].strip() or "unknown content type"
    message = f"Pictory answered HTTP {status} with a non-JSON body ({kind})"
    if snippet:
        message += f": {snippet}"
    lowered = text.lower()
    if status == 403 and ("cloudflare" in lowered or "error 1010" in lowered):
        message += " (blocked by Cloudflare before reaching the API; check the User-Agent)"
    return message
