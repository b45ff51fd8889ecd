"""HTTP transport: timeouts, retry rules and mapping of answers to results or errors.

The rules are deliberately explicit rather than delegated to urllib3's Retry:

* Every call carries a (connect, read) timeout.
* Idempotent calls (GETs, the token exchange) are retried on 429, 5xx, connection errors and
  read timeouts, with exponential back-off and jitter; a 429 asking for a longer wait than
  max_retry_after is raised at once so the caller can reschedule instead of blocking.
* Calls that change state (POST/PUT/DELETE) are retried only when the connection was never
  made. Once the request may have been sent, a second attempt could start (and bill) a second
  render or upload a second template, so a read timeout or reset becomes
  TransportError(sent=True) for reconciliation.
* A body is either JSON (json_body, sent as application/json) or raw bytes (data, sent with
  the Content-Type the caller puts in headers).
* Uploads go to a pre-signed storage URL, not the API (put_signed_url): no API credentials go
  with them, and like every state-changing call they are retried only before the connection
  is made; the signed URL is never logged, since its query string is a credential.
"""
from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from .config import PictoryConfig
from .errors import (
    PictoryError,
    RateLimitedError,
    ServerError,
    TransportError,
    error_from_response,
    is_job_not_found,
    is_legacy_error_envelope,
    storage_error_from_response,
)
from .log_context import current_job_id

logger = logging.getLogger("pictory_studio.pictory")
# One key=value line per request sent to the API, for operators: never headers, bodies, query
# strings or tokens.
call_log = logging.getLogger("studio.pictory")

Sleep = Callable[[float], None]
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Headers that belong to the API only; the storage host of an upload must never see them.
API_ONLY_HEADERS = ("Authorization", "X-Pictory-User-Id", "X-Pictory-Customer-Id")


@dataclass(frozen=True)
class ApiResponse:
    status: int
    payload: Any  # parsed JSON, or None for an empty body
    headers: Mapping[str, str]


class Transport:
    def __init__(
        self,
        config: PictoryConfig,
        *,
        session: requests.Session | None = None,
        sleep: Sleep = time.sleep,
        pace: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        self.session = session or requests.Session()
        self.sleep = sleep
        # Waits for a turn under a request rate shared with other processes. The caller paces
        # the first attempt of a call; a retry is a request too, so it waits for its own turn.
        self.pace = pace

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> ApiResponse:
        """Send one logical call, retrying only where the rules above allow it."""
        if json_body is not None and data is not None:
            raise ValueError("Send either json_body or data, not both")
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        retries_left = self.config.get_retries
        attempt = 0
        while True:
            try:
                return self._send_once(method, path, json_body, data, params, headers)
            except TransportError as exc:
                may_retry = idempotent or not exc.sent
                if not may_retry or retries_left <= 0:
                    raise
                delay = self._backoff(attempt)
            except RateLimitedError as exc:
                wait = exc.retry_after
                too_long = wait is not None and wait > self.config.max_retry_after
                if not idempotent or too_long or retries_left <= 0:
                    raise
                delay = wait if wait is not None else self._backoff(attempt)
            except ServerError:
                if not idempotent or retries_left <= 0:
                    raise
                delay = self._backoff(attempt)
            retries_left -= 1
            attempt += 1
            logger.warning(
                "pictory retry %s %s in %.2fs (attempt %d)", method, path, delay, attempt + 1
            )
            self.sleep(delay)
            if self.pace is not None:
                self.pace()

    def put_signed_url(self, url: str, *, body: Any, content_type: str) -> None:
        """PUT bytes, or a seekable file object streamed in chunks, to a pre-signed storage URL.

        The URL is absolute (it is not under base_url). Content-Type goes exactly as given, since
        the storage compares it with the signed one. Raises UploadRefusedError when the storage
        refuses (4xx) and TransportError / ServerError like any other state-changing call.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("An upload needs the absolute signed URL Pictory returned")
        if not content_type or not content_type.isprintable():
            raise ValueError("An upload needs the Content-Type the URL was signed for, on one line")
        body, start = _upload_body(body)
        retries_left = self.config.get_retries
        attempt = 0
        while True:
            try:
                return self._put_once(url, parts.netloc, body, content_type)
            except TransportError as exc:
                # Once the body may have been sent the stream is consumed, and a second PUT could
                # race the first: only a connection that was never made is tried again.
                if exc.sent or retries_left <= 0:
                    raise
            if start is not None:
                body.seek(start)
            delay = self._backoff(attempt)
            retries_left -= 1
            attempt += 1
            logger.warning("storage retry PUT to %s in %.2fs (attempt %d)", parts.netloc, delay, attempt + 1)
            self.sleep(delay)

    def _put_once(self, url: str, host: str, body: Any, content_type: str) -> None:
        started = time.monotonic()
        try:
            response = self.session.put(
                url,
                data=body,
                headers={"Content-Type": content_type, "User-Agent": self.config.user_agent},
                auth=_without_api_headers,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            sent = not _never_sent(exc)
            logger.info(
                "storage PUT to %s failed after %.3fs: %s (sent=%s)",
                host, time.monotonic() - started, type(exc).__name__, sent,
            )
            # `from None`: the requests exception's text carries the signed URL.
            raise TransportError(_describe_upload_error(exc, sent), sent=sent) from None
        logger.info("storage PUT to %s -> %d in %.3fs", host, response.status_code, time.monotonic() - started)
        if 200 <= response.status_code < 300:
            return
        if 300 <= response.status_code < 400:
            raise PictoryError("The storage redirected the upload; the signed URL cannot be used",
                               status=response.status_code)
        raise storage_error_from_response(response.status_code, response.text)

    def _backoff(self, attempt: int) -> float:
        """Exponential back-off with "equal jitter": half fixed, half random."""
        ceiling = min(self.config.backoff_seconds * (2**attempt), self.config.max_retry_after)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _send_once(
        self,
        method: str,
        path: str,
        json_body: Any,
        data: bytes | None,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
    ) -> ApiResponse:
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.config.base_url + path,
                json=json_body,
                data=data,
                params=params,
                headers=self._headers(headers, has_body=json_body is not None),
                timeout=(self.config.connect_timeout, self.config.read_timeout),
                # Redirects are never expected from the API; following one could turn a POST
                # into a GET or leave the configured host, so they surface as errors instead.
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            elapsed = time.monotonic() - started
            sent = not _never_sent(exc)
            logger.debug(
                "pictory %s %s failed after %.3fs: %s (sent=%s)",
                method, path, elapsed, type(exc).__name__, sent,
            )
            call_log.info(_call_line(method, path, "error", elapsed, error=type(exc).__name__))
            raise TransportError(_describe_transport_error(exc, sent), sent=sent) from exc

        elapsed = time.monotonic() - started
        logger.debug("pictory %s %s -> %d in %.3fs", method, path, response.status_code, elapsed)
        result = None
        try:
            result = self._interpret(response)
            return result
        finally:
            pictory_job = _job_id_in(result.payload) if result is not None else ""
            call_log.info(_call_line(method, path, response.status_code, elapsed, pictory_job=pictory_job))

    def _interpret(self, response: requests.Response) -> ApiResponse:
        return _interpret(response)

    def _headers(self, extra: Mapping[str, str] | None, *, has_body: bool) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": self.config.user_agent}
        if has_body:
            headers["Content-Type"] = "application/json"
        headers.update(extra or {})
        return headers


def _call_line(method: str, path: str, status: int | str, elapsed: float, *, error: str = "",
               pictory_job: str = "") -> str:
    """method=POST path=/v2/video/storyboard/render status=200 duration_ms=85.0 job=12 pictory_job=..."""
    job_id = current_job_id()
    parts = [f"method={method}", f"path={path.split('?', 1)[0]}", f"status={status}",
             f"duration_ms={elapsed * 1000:.1f}", f"job={job_id if job_id is not None else '-'}"]
    if error:
        parts.append(f"error={error}")
    if pictory_job:
        parts.append(f"pictory_job={pictory_job}")
    return " ".join(parts)


def _job_id_in(payload: Any) -> str:
    """The Pictory job id an answer names at its top level or in `data`, when it names one."""
    sources = [payload.get("data"), payload] if isinstance(payload, dict) else []
    for source in sources:
        if isinstance(source, dict):
            value = source.get("jobId") or source.get("job_id")
            if isinstance(value, str | int) and not isinstance(value, bool):
                # Only id characters: a log line must stay one line of key=value pairs.
                return "".join(c for c in str(value) if c.isalnum() or c in "-_.")[:80]
    return ""


def _interpret(response: requests.Response) -> ApiResponse:
    payload, parsed = parse_json(response.content)
    return interpret_answer(response, payload, parsed)


def interpret_answer(response: requests.Response, payload: Any, parsed: bool) -> ApiResponse:
    """The result of an answer whose body is `payload` (parsed JSON when `parsed`), or its error."""
    status = response.status_code
    content_type = response.headers.get("Content-Type", "")

    if 200 <= status < 300:
        if not parsed:
            raise PictoryError(
                f"Pictory answered HTTP {status} with a non-JSON body "
                f"({content_type.split(';')[0] or 'unknown content type'})",
                status=status,
            )
        # Unknown jobs may come back as 200 with success:false, and legacy errors as 200 with an
        # error envelope. Failed jobs share success:false but carry `data`, so they stay results.
        legacy_error = is_legacy_error_envelope(payload) and "data" not in payload
        if is_job_not_found(payload) or legacy_error:
            raise error_from_response(status, payload)
        return ApiResponse(status=status, payload=payload, headers=response.headers)

    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        raise PictoryError(
            f"Pictory redirected to {location or 'an unknown location'}; check the base URL",
            status=status,
        )

    raise error_from_response(
        status,
        payload if parsed else None,
        text=response.text if not parsed else "",
        content_type=content_type,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
    )


def parse_json(content: bytes) -> tuple[Any, bool]:
    """(payload, parsed). An empty body parses to None."""
    if not content.strip():
        return None, True
    try:
        return json.loads(content), True
    except ValueError:
        return None, False


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _never_sent(exc: BaseException) -> bool:
    """True only when the failure happened while connecting (refused, DNS, connect timeout).

    Anything not positively identified as pre-connection counts as possibly sent.
    """
    if isinstance(exc, requests.ConnectTimeout):
        return True
    seen: set[int] = set()
    pending: list[Any] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError | ConnectTimeoutError):
            return True
        pending.append(getattr(current, "reason", None))
        if isinstance(current, BaseException):
            pending.extend(current.args)
            pending.append(current.__cause__)
            pending.append(current.__context__)
    return False


def _without_api_headers(prepared: requests.PreparedRequest) -> requests.PreparedRequest:
    """Used as the request's auth: it runs last, so neither a session's default headers, its auth
    nor ~/.netrc can send credentials to the storage."""
    for name in API_ONLY_HEADERS:
        prepared.headers.pop(name, None)
    return prepared


def _upload_body(body: Any) -> tuple[Any, int | None]:
    """(what to send, stream position to rewind to before a retry or None for bytes).

    Storage needs the size up front (no chunked uploads), so a stream must be seekable; it is
    sent from its current position to its end.
    """
    if isinstance(body, bytes | bytearray | memoryview):
        data = bytes(body)
        if not data:
            raise ValueError("The file to upload is empty")
        return data, None
    if not hasattr(body, "read"):
        raise ValueError("Upload bytes or a file object opened for reading")
    try:
        start = body.tell()
        body.seek(0, os.SEEK_END)
        end = body.tell()
        body.seek(start)
    except (AttributeError, OSError, ValueError) as exc:  # io.UnsupportedOperation is both
        raise ValueError("Upload a seekable file object: the storage needs the size before the bytes") from exc
    if end - start <= 0:
        raise ValueError("The file to upload is empty")
    return body, start


def _describe_upload_error(exc: requests.RequestException, sent: bool) -> str:
    if not sent:
        return "Could not connect to the storage for the upload"
    if isinstance(exc, requests.Timeout):
        return "Timed out waiting for the storage's answer; the upload may have completed"
    return "The connection to the storage failed during the upload; it may have completed"


def _describe_transport_error(exc: requests.RequestException, sent: bool) -> str:
    if isinstance(exc, requests.ConnectTimeout) or (not sent and isinstance(exc, requests.Timeout)):
        return "Timed out connecting to Pictory"
    if isinstance(exc, requests.Timeout):
        return "Timed out waiting for Pictory's answer; the request may have been processed"
    if not sent:
        return "Could not connect to Pictory"
    return "Connection to Pictory failed after the request was sent; it may have been processed"
