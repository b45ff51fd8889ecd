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
"""
from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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
)

logger = logging.getLogger("pictory_studio.pictory")

Sleep = Callable[[float], None]
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
    ) -> None:
        self.config = config
        self.session = session or requests.Session()
        self.sleep = sleep

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
            logger.info(
                "pictory %s %s failed after %.3fs: %s (sent=%s)",
                method, path, elapsed, type(exc).__name__, sent,
            )
            raise TransportError(_describe_transport_error(exc, sent), sent=sent) from exc

        elapsed = time.monotonic() - started
        logger.info("pictory %s %s -> %d in %.3fs", method, path, response.status_code, elapsed)
        return _interpret(response)

    def _headers(self, extra: Mapping[str, str] | None, *, has_body: bool) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": self.config.user_agent}
        if has_body:
            headers["Content-Type"] = "application/json"
        headers.update(extra or {})
        return headers


def _interpret(response: requests.Response) -> ApiResponse:
    status = response.status_code
    content_type = response.headers.get("Content-Type", "")
    payload, parsed = _parse_json(response.content)

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


def _parse_json(content: bytes) -> tuple[Any, bool]:
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


def _describe_transport_error(exc: requests.RequestException, sent: bool) -> str:
    if isinstance(exc, requests.ConnectTimeout) or (not sent and isinstance(exc, requests.Timeout)):
        return "Timed out connecting to Pictory"
    if isinstance(exc, requests.Timeout):
        return "Timed out waiting for Pictory's answer; the request may have been processed"
    if not sent:
        return "Could not connect to Pictory"
    return "Connection to Pictory failed after the request was sent; it may have been processed"
