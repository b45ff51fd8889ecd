"""Endpoint methods of the Pictory API used by the studio."""
from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

from .auth import TokenCache, build_auth
from .config import PictoryConfig
from .errors import AuthenticationError, ForbiddenError, PictoryError
from .transport import Sleep, Transport
from .types import JobPage, JobRef, JobStatus, NamedItem, Quota, Template, TemplateSummary, Voice

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

    # --- Templates and bulk generation ------------------------------------------------------
    #
    # Uploading a template, updating, deleting and starting a video are never resent once the
    # request may have reached Pictory (see transport); reads are retried like any GET.

    def create_template(self, pictai_bytes: bytes) -> Template:
        """Upload the raw bytes of a .pictai project file exported from the Pictory web app.

        A file Pictory cannot read is refused with 400 INVALID_TEMPLATE_FILE, raised as
        ValidationError (code "INVALID_TEMPLATE_FILE", Pictory's message).
        """
        if not pictai_bytes:
            raise ValueError("The template file is empty")
        body = self._call(
            "POST", "/v1/templates", data=bytes(pictai_bytes), content_type="application/octet-stream"
        )
        return Template.from_body(body)

    def list_templates(self) -> list[TemplateSummary]:
        """The account's templates, in creation order."""
        return TemplateSummary.list_from_body(self._call("GET", "/v1/templates"))

    def get_template(self, template_id: str) -> Template:
        path = f"/v1/templates/{_segment(template_id, 'template id')}"
        return Template.from_body(self._call("GET", path))

    def update_template(self, template_id: str, scenes: list[dict]) -> None:
        """Replace the template's scenes; only videos created afterwards are affected."""
        path = f"/v1/templates/{_segment(template_id, 'template id')}"
        _require_success(self._call("PUT", path, json_body={"scenes": scenes}), "update the template")

    def delete_template(self, template_id: str) -> None:
        """Delete a template permanently.

        A 403 here means the template belongs to another account: it raises ForbiddenError, not
        AuthenticationError, because the credentials themselves are fine and still work for
        every other call. An unknown template raises NotFoundError.
        """
        path = f"/v1/templates/{_segment(template_id, 'template id')}"
        try:
            body = self._call("DELETE", path)
        except AuthenticationError as exc:
            if exc.status != 403:
                raise
            raise ForbiddenError(
                f"Pictory refused to delete template {template_id}; it may belong to another account. "
                f"Pictory said: {exc.message}",
                status=exc.status,
                code=exc.code,
            ) from exc
        _require_success(body, "delete the template")

    def create_video_from_template(self, body: dict) -> JobRef:
        """Legacy "Create Template Video": {templateId, variables, webhook?, webhookInput?}.

        Returns the *preview* job; render it with render_legacy_preview once it has completed.
        """
        return JobRef.from_body(self._call("POST", "/v1/video/from-template", json_body=body))

    def render_legacy_preview(self, preview_job_id: str) -> JobRef:
        """Legacy render of a completed preview job, unchanged; the answer spells it job_id."""
        path = f"/v1/video/render/{_segment(preview_job_id)}"
        return JobRef.from_body(self._call("PUT", path, json_body={}))

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
        data: bytes | None = None,
        content_type: str = "",
        params: Mapping[str, str] | None = None,
    ) -> Any:
        try:
            return self._send(method, path, json_body, data, content_type, params)
        except AuthenticationError as exc:
            if exc.status != 401 or not self._auth.renewable:
                raise
        # The cached token was rejected (revoked or expired early). A 401 is refused before any
        # processing, so one retry with a fresh token is safe even for a POST; no further loop.
        self._auth.invalidate()
        return self._send(method, path, json_body, data, content_type, params)

    def _send(
        self,
        method: str,
        path: str,
        json_body: Any,
        data: bytes | None,
        content_type: str,
        params: Mapping[str, str] | None,
    ) -> Any:
        headers = {"Authorization": self._auth.authorization()}
        if self.config.user_id:
            headers[USER_ID_HEADER] = self.config.user_id
        if content_type:
            headers["Content-Type"] = content_type
        response = self._transport.request(
            method, path, json_body=json_body, data=data, params=params, headers=headers
        )
        return response.payload


def _segment(value: str, what: str = "job id") -> str:
    """A single, escaped path segment: ids must not be able to reshape the URL."""
    if not value:
        raise ValueError(f"A Pictory {what} is required")
    return quote(str(value), safe="")


def _require_success(body: Any, action: str) -> None:
    """Message answers ({"success", "message"}) that report failure inside a 2xx."""
    if isinstance(body, dict) and body.get("success") is False:
        message = str(body.get("message") or f"Pictory could not {action}")
        raise PictoryError(message, code=str(body.get("code") or ""))
