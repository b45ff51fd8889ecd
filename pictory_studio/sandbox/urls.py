"""Mounted at /sandbox/. API paths match in any letter case and accept a trailing slash."""

from django.urls import path, re_path

from . import pages, views

app_name = "sandbox"

JOB_ID = r"(?P<job_id>[^/]+)"
TEMPLATE_ID = r"(?P<template_id>[^/]+)"


def _caseless(literal: str) -> str:
    # Letter classes like [vV] instead of an inline (?i) flag, which would make the whole
    # URLconf non-reversible.
    return "".join(f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else ch for ch in literal)


def _api(literal: str, view, name: str, *, job_id: bool = False, template_id: bool = False):
    tail = f"/{JOB_ID}" if job_id else f"/{TEMPLATE_ID}" if template_id else ""
    return re_path(rf"^{_caseless('pictoryapis/' + literal)}{tail}/?$", view, name=name)


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
    _api("v1/voiceovers/tracks", views.voiceover_tracks, "voiceover_tracks"),
    _api("v1/styles", views.styles, "styles"),
    _api("v1/brands/video", views.video_brands, "video_brands"),
    _api("v1/quota", views.account_quota, "quota"),
    re_path(rf"^{_caseless('pictoryapis')}/(?P<rest>.*)$", views.unknown_endpoint, name="unknown"),
    path("files/<uuid:job_id>/<str:name>", pages.output_file, name="file"),
    path("preview/<uuid:job_id>/", pages.preview_page, name="preview"),
    path("share/<uuid:job_id>/", pages.share_page, name="share"),
]
