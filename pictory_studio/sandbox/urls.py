"""Mounted at /sandbox/. API paths match in any letter case and accept a trailing slash."""

from django.urls import path, re_path

from . import (
    account_views,
    gateway_views,
    pages,
    picsart_views,
    project_views,
    storage,
    storage_views,
    transcription_views,
    views,
)

app_name = "sandbox"

JOB_ID = r"(?P<job_id>[^/]+)"
TEMPLATE_ID = r"(?P<template_id>[^/]+)"


def _caseless(literal: str) -> str:
    # Letter classes like [vV] instead of an inline (?i) flag, which would make the whole
    # URLconf non-reversible.
    return "".join(f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else ch for ch in literal)


def _api(literal: str, view, name: str, *, job_id: bool = False, template_id: bool = False, tail: str = ""):
    """An API path; `tail` names a trailing id segment, e.g. "brand_id"."""
    if job_id:
        tail = "job_id"
    elif template_id:
        tail = "template_id"
    id_segment = f"/(?P<{tail}>[^/]+)" if tail else ""
    return re_path(rf"^{_caseless('pictoryapis/' + literal)}{id_segment}/?$", view, name=name)


urlpatterns = [
    _api("v1/oauth2/token", views.oauth_token, "oauth_token"),
    _api("v2/video/storyboard", views.storyboard_preview, "storyboard_preview"),
    _api("v2/video/storyboard/render", views.storyboard_render, "storyboard_render"),
    _api("v2/video/render", views.render_from_preview, "render_from_preview", job_id=True),
    _api("v1/video/render", views.legacy_render_from_preview, "legacy_render", job_id=True),
    _api("v1/video/from-template", views.video_from_template, "from_template"),
    _api("v1/templates", views.templates, "templates"),
    _api("v1/templates", views.template_detail, "template_detail", template_id=True),
    _api("v1/jobs", views.job_list, "job_list"),
    _api("v1/jobs", views.job_detail, "job_detail", job_id=True),
    _api("v1/voiceovers/tracks", account_views.voiceover_tracks, "voiceover_tracks"),
    _api("v1/styles", views.styles, "styles"),
    _api("v1/brands/video", account_views.video_brands, "video_brands"),
    _api("v1/brands/editvideo", account_views.brand_kits, "brand_kits"),
    _api("v1/brands/editvideo", account_views.brand_kit_detail, "brand_kit_detail", tail="brand_id"),
    _api("v1/media/generateurl", account_views.media_upload_url, "media_upload_url"),
    _api("v1/awsconnections", account_views.aws_connection_list, "aws_connections"),
    _api("v1/awsconnections", account_views.aws_connection_detail, "aws_connection_detail", tail="connection_id"),
    _api("v1/quota", views.account_quota, "quota"),
    _api("v2/projects", project_views.project_list, "projects"),
    _api("v2/projects", project_views.project_detail, "project_detail", tail="project_id"),
    _api("v1/projects", project_views.project_list_v1, "projects_v1"),
    _api("v1/videos", project_views.video_list, "videos"),
    _api("v1/transcriptions", project_views.transcription_list, "transcriptions"),
    _api("v2/transcription", transcription_views.create_transcription, "transcription"),
    _api("v1/transcription", transcription_views.legacy_create_transcription, "legacy_transcription"),
    _api("v2/transcription/highlights", transcription_views.create_highlights, "highlights"),
    _api("v1/transcription/highlights", transcription_views.legacy_create_highlights, "legacy_highlights"),
    re_path(
        rf"^{_caseless('pictoryapis/v2/transcription/')}(?P<job_id>[^/]+){_caseless('/highlights')}/?$",
        transcription_views.highlights_from_job,
        name="highlights_from_job",
    ),
    re_path(rf"^{_caseless('pictoryapis')}/(?P<rest>.*)$", views.unknown_endpoint, name="unknown"),
    re_path(rf"^{gateway_views.MOUNT}(?P<rest>.*)$", gateway_views.gateway, name="gateway"),
    path("picsart/tools/1.0/balance", picsart_views.balance, name="picsart_balance"),
    path("picsart/image-tools/search", picsart_views.image_search, name="picsart_image_search"),
    path("picsart/image-tools/trending", picsart_views.image_trending, name="picsart_image_trending"),
    path("picsart/video-tools/info", picsart_views.video_tools_info, name="picsart_video_tools_info"),
    path("picsart/genai-tools/models", picsart_views.genai_models, name="picsart_genai_models"),
    re_path(r"^picsart/images/(?P<image_id>[a-z0-9-]{1,60})\.jpg$", picsart_views.image, name="picsart_image"),
    path("files/<uuid:job_id>/<str:name>", pages.output_file, name="file"),
    path("preview/<uuid:job_id>/", pages.preview_page, name="preview"),
    path("share/<uuid:job_id>/", pages.share_page, name="share"),
    path("editor/<uuid:job_id>/", transcription_views.editor_page, name="editor"),
    # The storage host of uploads and the voice samples: no API auth, like a CDN.
    re_path(rf"^storage/upload/(?P<key>{storage.KEY_PATTERN})$", storage_views.upload, name="upload"),
    re_path(rf"^storage/media/(?P<key>{storage.KEY_PATTERN})$", storage_views.media, name="media"),
    re_path(r"^voice-samples/(?P<track_id>\d{1,9})\.(?P<ext>mp3|wav)$", pages.voice_sample, name="voice_sample"),
]
