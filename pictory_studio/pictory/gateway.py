"""The LowCodeAPI gateway (`https://api.lowcodeapi.com/pictory/pictoryapis`): the client's
every call, through a transport that speaks the gateway's dialect.

* Authentication is LowCodeAPI's token in the `api_token` query parameter. The gateway adds
  the Pictory key upstream, so no Authorization or Pictory header leaves.
* Every answer is wrapped once more, `{"data": <Pictory's body>}`: Pictory's own envelope
  arrives as `{"data": {"success": true, "data": {...}}}`. One level is unwrapped and the rest
  is read exactly like a direct answer.
* Errors arrive as `{"data": {"error": {"message", "code"}}}` with the HTTP status and become
  the same typed errors as direct calls.
* A path with an id is tried in the new URL format first and, on a 404, in the old one (the
  id in the query). Whichever answered is remembered for that path, so later calls go straight
  to it and a 404 in the remembered format is a real one.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import requests

from .errors import NotFoundError, TransportError, error_from_response
from .paths import IdPath
from .transport import API_ONLY_HEADERS, ApiResponse, Transport, interpret_answer, parse_json, parse_retry_after

TOKEN_PARAM = "api_token"
NEW, OLD = "new", "old"

_answered_in: dict[tuple[str, str, str], str] = {}
_answered_lock = threading.Lock()


def _remember(key: tuple[str, str, str], url_format: str) -> None:
    with _answered_lock:
        _answered_in[key] = url_format


def forget_url_formats() -> None:
    """Try the new format first again everywhere (after the gateway changed its mind)."""
    with _answered_lock:
        _answered_in.clear()


class GatewayTransport(Transport):
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> ApiResponse:
        params = {**(params or {}), TOKEN_PARAM: self.config.gateway_token}
        headers = {name: value for name, value in (headers or {}).items() if name not in API_ONLY_HEADERS}
        if not isinstance(path, IdPath):
            return super().request(method, path, params=params, headers=headers, **kwargs)
        key = (self.config.base_url, method.upper(), path.template)
        known = _answered_in.get(key)
        if known != OLD:
            try:
                response = super().request(method, str(path), params=params, headers=headers, **kwargs)
            except NotFoundError:
                if known == NEW:
                    raise
            else:
                _remember(key, NEW)
                return response
        response = super().request(method, path.old, params={**path.old_params, **params}, headers=headers,
                                   **kwargs)
        _remember(key, OLD)
        return response

    def _send_once(self, *args: Any) -> ApiResponse:
        try:
            return super()._send_once(*args)
        except TransportError as exc:
            # `from None`: the requests error's text carries the URL, and the URL the token.
            raise TransportError(exc.message, sent=exc.sent) from None

    def _interpret(self, response: requests.Response) -> ApiResponse:
        payload, parsed = parse_json(response.content)
        if not (parsed and isinstance(payload, dict) and "data" in payload):
            return interpret_answer(response, payload, parsed)  # not the gateway's wrapping
        inner = payload["data"]
        error = inner.get("error") if isinstance(inner, dict) else None
        if isinstance(error, dict) and (response.status_code >= 400 or set(inner) == {"error"}):
            status = response.status_code if response.status_code >= 400 else 502
            raise error_from_response(status, error, retry_after=parse_retry_after(response.headers.get("Retry-After")))
        return interpret_answer(response, inner, True)
