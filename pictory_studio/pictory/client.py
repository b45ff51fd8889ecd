"""Endpoint methods of the Pictory API used by the studio."""
from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

from .auth import TokenCache, build_auth
from .config import PictoryConfig
from .errors import AuthenticationError
from .transport import Sleep, Transport
from .types import JobPage, JobRef, JobStatus, NamedItem, Quota, Voice

USER_ID_HEADER = "X-Pictory-User-Id"


class PictoryClient:
    def __init__(
        self,
        config: PictoryConfig,
        *,
        token_cache: TokenCache | None = None,
        session: requests.Session | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.config = config
        self._transport = Transport(config, session=session, sleep=sleep)
        self._auth = build_auth(config, self._transport, token_cache)

    # --- Video creation ---------------------------------------------------------------------

    def create_storyboard_preview(self, body: dict) -> JobRef:
        """Start a preview job (storyboard without rendering)."""
        return JobRef.from_body(self._call("POST", "/v2/video/storyboard", json_body=body))

    def render_storyboard(self, body: dict) -> JobRef:
        """Start a render job straight from a storyboard body."""
        return JobRef.from_body(self._call("POST", "/v2/video/storyboard/render", json_body=body))

    def render_preview(self, preview_job_id: str, *, webhook: str = "") -> JobRef:
        """Render a completed preview job unchanged; returns the new render job."""
        body = {"webhook": webhook} if webhook else {}
        path = f"/v2/video/render/{_segment(preview_job_id)}"
        return JobRef.from_body(self._call("PUT", path, json_body=body))

    # --- Jobs -------------------------------------------------------------------------------

    def get_job(self, job_id: str) -> JobStatus:
        return JobStatus.from_body(self._call("GET", f"/v1/jobs/{_segment(job_id)}"))

    def list_jobs(self, *, page_key: str = "") -> JobPage:
        params = {"nextPageKey": page_key} if page_key else None
        return JobPage.from_body(self._call("GET", "/v1/jobs", params=params))

    # --- Catalogues and account -------------------------------------------------------------

    def list_voices(self) -> list[Voice]:
        return Voice.list_from_body(self._call("GET", "/v1/voiceovers/tracks"))

    def list_subtitle_styles(self) -> list[NamedItem]:
        return NamedItem.list_from_body(self._call("GET", "/v1/styles"))

    def list_video_brands(self) -> list[NamedItem]:
        return NamedItem.list_from_body(self._call("GET", "/v1/brands/video"))

    def get_quota(self) -> Quota:
        return Quota.from_body(self._call("GET", "/v1/quota"))

    # --- Plumbing ---------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> Any:
        try:
            return self._send(method, path, json_body, params)
        except AuthenticationError as exc:
            if exc.status != 401 or not self._auth.renewable:
                raise
        # The cached token was rejected (revoked or expired early). A 401 is refused before any
        # processing, so one retry with a fresh token is safe even for a POST; no further loop.
        self._auth.invalidate()
        return self._send(method, path, json_body, params)

    def _send(
        self, method: str, path: str, json_body: Any, params: Mapping[str, str] | None
    ) -> Any:
        headers = {"Authorization": self._auth.authorization()}
        if self.config.user_id:
            headers[USER_ID_HEADER] = self.config.user_id
        response = self._transport.request(
            method, path, json_body=json_body, params=params, headers=headers
        )
        return response.payload


def _segment(value: str) -> str:
    """A single, escaped path segment: ids must not be able to reshape the URL."""
    if not value:
        raise ValueError("A Pictory job id is required")
    return quote(str(value), safe="")
