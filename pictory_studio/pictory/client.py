"""Endpoint methods of the Pictory API used by the studio."""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from . import checks
from .auth import TokenCache, build_auth
from .config import PictoryConfig
from .errors import AuthenticationError, ForbiddenError, PictoryError
from .gateway import GatewayTransport
from .paths import id_path
from .transport import Sleep, Transport
from .types import (
    AwsConnection,
    AwsConnectionPage,
    BrandKit,
    JobPage,
    JobRef,
    JobStatus,
    NamedItem,
    Project,
    ProjectPage,
    Quota,
    Template,
    TemplateSummary,
    TranscriptionResult,
    UploadTarget,
    VideoPage,
    Voice,
)

USER_ID_HEADER = "X-Pictory-User-Id"
BRAND_KITS = "/v1/brands/editvideo"
AWS_CONNECTIONS = "/v1/awsconnections"


class PictoryClient:
    def __init__(
        self,
        config: PictoryConfig,
        *,
        token_cache: TokenCache | None = None,
        session: requests.Session | None = None,
        sleep: Sleep = time.sleep,
        pace: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        transport_class = GatewayTransport if config.auth_mode == "gateway" else Transport
        self._transport = transport_class(config, session=session, sleep=sleep, pace=pace)
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
        path = id_path("/v2/video/render/{jobid}", jobid=preview_job_id)
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
        path = _template_path(template_id)
        return Template.from_body(self._call("GET", path))

    def update_template(self, template_id: str, scenes: list[dict]) -> None:
        """Replace the template's scenes; only videos created afterwards are affected."""
        path = _template_path(template_id)
        _require_success(self._call("PUT", path, json_body={"scenes": scenes}), "update the template")

    def delete_template(self, template_id: str) -> None:
        """Delete a template permanently.

        A 403 here means the template belongs to another account: it raises ForbiddenError, not
        AuthenticationError, because the credentials themselves are fine and still work for
        every other call. An unknown template raises NotFoundError.
        """
        path = _template_path(template_id)
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
        path = id_path("/v1/video/render/{jobid}", jobid=preview_job_id)
        return JobRef.from_body(self._call("PUT", path, json_body={}))

    # --- Jobs -------------------------------------------------------------------------------

    def get_job(self, job_id: str) -> JobStatus:
        return JobStatus.from_body(self._call("GET", _job_path(job_id)))

    def list_jobs(self, *, page_key: str = "") -> JobPage:
        params = {"nextPageKey": page_key} if page_key else None
        return JobPage.from_body(self._call("GET", "/v1/jobs", params=params))

    # --- Saved projects ----------------------------------------------------------------------

    def list_projects(self, *, page_key: str = "") -> ProjectPage:
        """The account's saved projects, newest first, a page at a time."""
        params = {"nextPageKey": page_key} if page_key else None
        return ProjectPage.from_body(self._call("GET", "/v2/projects", params=params))

    def get_project(self, project_id: str) -> Project:
        """One project with its scenes (what the studio imports as a storyboard)."""
        path = id_path("/v2/projects/{projectid}", "project id", projectid=project_id)
        return Project.from_body(self._call("GET", path))

    def list_videos(self, *, page_key: str = "") -> VideoPage:
        """The account's finished videos, newest first, whoever made them."""
        params = {"nextPageKey": page_key} if page_key else None
        return VideoPage.from_body(self._call("GET", "/v1/videos", params=params))

    # --- Catalogues and account -------------------------------------------------------------

    def list_voices(self) -> list[Voice]:
        return Voice.list_from_body(self._call("GET", "/v1/voiceovers/tracks"))

    def list_subtitle_styles(self) -> list[NamedItem]:
        return NamedItem.list_from_body(self._call("GET", "/v1/styles"))

    def list_video_brands(self) -> list[NamedItem]:
        return NamedItem.list_from_body(self._call("GET", "/v1/brands/video"))

    def add_voice_track(self, body: dict) -> Voice:
        """Add a voice to the account (POST /v1/voiceovers/tracks); returns the created track.

        name, engine, service and language are required, and the engine must be one the service
        offers (checks.VOICE_ENGINES): otherwise ValueError, and nothing is sent.
        """
        checks.check_voice_track(body)
        return Voice.from_body(self._call("POST", "/v1/voiceovers/tracks", json_body=body))

    # --- Transcription and highlights (video editing) ---------------------------------------

    def create_transcription(
        self, *, file_url: str, media_type: str = "video", language: str = "en-US", webhook: str = "",
        webhook_input: Mapping[str, Any] | None = None,
    ) -> JobRef:
        """Start transcribing an uploaded recording (`POST /v2/transcription`); checked before sending."""
        checks.transcription(file_url=file_url, media_type=media_type, language=language)
        body: dict[str, Any] = {"fileUrl": file_url, "mediaType": media_type, "language": language}
        if webhook:
            body["webhook"] = webhook
        if webhook_input:
            body["webhookInput"] = dict(webhook_input)
        return JobRef.from_body(self._call("POST", "/v2/transcription", json_body=body))

    def create_highlights(
        self, transcription_job_id: str, *, highlight_duration: int, language: str = "", webhook: str = "",
        webhook_input: Mapping[str, Any] | None = None,
    ) -> JobRef:
        """Ask Pictory to pick highlights of a completed transcription (`POST /v2/transcription/{id}/highlights`)."""
        checks.highlight_duration(highlight_duration)
        body: dict[str, Any] = {"highlight_duration": highlight_duration}
        if language:
            body["language"] = language
        if webhook:
            body["webhook"] = webhook
        if webhook_input:
            body["webhookInput"] = dict(webhook_input)
        path = id_path("/v2/transcription/{jobid}/highlights", jobid=transcription_job_id)
        return JobRef.from_body(self._call("POST", path, json_body=body))

    def get_transcription(self, job_id: str) -> TranscriptionResult:
        """A transcription or highlights job with its transcript once it has completed."""
        return TranscriptionResult.from_body(self._call("GET", _job_path(job_id)))

    def get_quota(self) -> Quota:
        return Quota.from_body(self._call("GET", "/v1/quota"))

    # --- Brand kits -------------------------------------------------------------------------
    #
    # An account without the brand API answers 404 on every one of these: NotFoundError.

    def list_brand_kits(self) -> list[BrandKit]:
        return BrandKit.list_from_body(self._call("GET", BRAND_KITS))

    def create_brand_kit(self, body: dict) -> BrandKit:
        """body: {name, description, color{primary, secondary}, font{family, url, format}, logo}.

        A missing name or font.family is a ValueError, and nothing is sent.
        """
        checks.check_brand_kit(body, creating=True)
        return BrandKit.from_body(self._call("POST", BRAND_KITS, json_body=body))

    def get_brand_kit(self, brand_id: str) -> BrandKit:
        return BrandKit.from_body(self._call("GET", _brand_path(brand_id)))

    def update_brand_kit(self, brand_id: str, body: dict) -> BrandKit:
        """Change the given fields (a partial body is fine); returns the brand as it is now."""
        checks.check_brand_kit(body, creating=False)
        return BrandKit.from_body(self._call("PUT", _brand_path(brand_id), json_body=body))

    def delete_brand_kit(self, brand_id: str) -> None:
        _require_success(self._call("DELETE", _brand_path(brand_id)), "delete the brand kit")

    # --- Media upload -----------------------------------------------------------------------

    def create_upload_url(self, *, file_name: str, content_type: str) -> UploadTarget:
        """A signed URL to PUT one file to, and the permanent `url` to use it by afterwards."""
        checks.check_upload(file_name=file_name, content_type=content_type)
        body = {"fileName": file_name.strip(), "contentType": content_type}
        # Signing a URL creates nothing at Pictory, so it is retried like a read.
        answer = self._call("POST", "/v1/media/generateurl", json_body=body, idempotent=True)
        _require_success(answer, "create an upload URL")
        return UploadTarget.from_body(answer)

    def upload_file(self, target: UploadTarget | str, *, content_type: str, stream_or_bytes: Any) -> None:
        """PUT the file to the signed URL of `target` (an UploadTarget, or the signed URL itself).

        content_type must be exactly the one the URL was signed for. stream_or_bytes is bytes or
        a seekable file object, which is streamed from its current position in chunks. No API
        credentials are sent to the storage. Raises UploadRefusedError when the storage refuses
        (wrong Content-Type, expired URL, too large); an upload that may have been sent is never
        sent again (TransportError with sent=True).
        """
        signed_url = target.signed_url if isinstance(target, UploadTarget) else target
        self._transport.put_signed_url(signed_url, body=stream_or_bytes, content_type=content_type)

    # --- AWS private connections ------------------------------------------------------------

    def list_aws_connections(self, *, page_key: str = "") -> AwsConnectionPage:
        """One page; pass next_page_key back as page_key until it comes back empty."""
        params = {"pageKey": page_key} if page_key else None
        return AwsConnectionPage.from_body(self._call("GET", AWS_CONNECTIONS, params=params))

    def create_aws_connection(
        self, *, name: str, description: str, aws_account_id: str, aws_region: str, enabled: bool = True
    ) -> AwsConnection:
        """aws_account_id must be 12 digits and aws_region like us-east-2 (else ValueError, nothing sent)."""
        checks.check_aws_account(aws_account_id=aws_account_id, aws_region=aws_region)
        body = {
            "name": name,
            "description": description,
            "awsAccountId": aws_account_id,
            "awsRegion": aws_region,
            "enabled": bool(enabled),
        }
        return AwsConnection.from_body(self._call("POST", AWS_CONNECTIONS, json_body=body))

    def get_aws_connection(self, connection_id: str) -> AwsConnection:
        return AwsConnection.from_body(self._call("GET", _connection_path(connection_id)))

    def update_aws_connection(
        self, connection_id: str, *, name: str, description: str, enabled: bool, version: int
    ) -> AwsConnection:
        """Change a connection as of `version`, the one it had when read.

        When it has changed since, Pictory answers 409: ConflictError, and nothing is changed.
        The account id and region of a connection cannot change, so they are not sent.
        """
        checks.check_version(version)
        body = {"name": name, "description": description, "enabled": bool(enabled), "version": version}
        return AwsConnection.from_body(self._call("PUT", _connection_path(connection_id), json_body=body))

    def delete_aws_connection(self, connection_id: str) -> None:
        _require_success(self._call("DELETE", _connection_path(connection_id)), "delete the AWS connection")

    def authorization(self) -> str:
        """The Authorization value this client sends (in OAuth mode a current token; "" through
        the gateway), for tools that call the same API themselves, like the reports pipeline."""
        return self._auth.authorization()

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
        idempotent: bool | None = None,
    ) -> Any:
        send = (method, path, json_body, data, content_type, params, idempotent)
        try:
            return self._send(*send)
        except AuthenticationError as exc:
            if exc.status != 401 or not self._auth.renewable:
                raise
        # The cached token was rejected (revoked or expired early). A 401 is refused before any
        # processing, so one retry with a fresh token is safe even for a POST; no further loop.
        self._auth.invalidate()
        return self._send(*send)

    def _send(
        self,
        method: str,
        path: str,
        json_body: Any,
        data: bytes | None,
        content_type: str,
        params: Mapping[str, str] | None,
        idempotent: bool | None,
    ) -> Any:
        authorization = self._auth.authorization()
        headers = {"Authorization": authorization} if authorization else {}
        if self.config.user_id:
            headers[USER_ID_HEADER] = self.config.user_id
        if content_type:
            headers["Content-Type"] = content_type
        response = self._transport.request(
            method, path, json_body=json_body, data=data, params=params, headers=headers, idempotent=idempotent
        )
        return response.payload


def _job_path(job_id: str):
    return id_path("/v1/jobs/{jobid}", jobid=job_id)


def _template_path(template_id: str):
    return id_path("/v1/templates/{templateid}", "template id", templateid=template_id)


def _brand_path(brand_id: str):
    return id_path(BRAND_KITS + "/{brandid}", "brand id", brandid=brand_id)


def _connection_path(connection_id: str):
    return id_path(AWS_CONNECTIONS + "/{connectionid}", "AWS connection id", connectionid=connection_id)


def _require_success(body: Any, action: str) -> None:
    """Message answers ({"success", "message"}) that report failure inside a 2xx."""
    if isinstance(body, dict) and body.get("success") is False:
        message = str(body.get("message") or f"Pictory could not {action}")
        raise PictoryError(message, code=str(body.get("code") or ""))
