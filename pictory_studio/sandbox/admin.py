"""Read-only admin pages for looking into the sandbox's tables."""

import json

from django.contrib import admin

from . import webhook_urls
from .models import (
    SandboxAwsConnection,
    SandboxBrand,
    SandboxJob,
    SandboxRequest,
    SandboxTemplate,
    SandboxToken,
    SandboxUpload,
    SandboxVoiceTrack,
    SandboxWebhookDelivery,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SandboxJob)
class SandboxJobAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "status", "video_name", "error_code", "created_at", "finished_at")
    list_filter = ("kind", "status", "error_code")
    search_fields = ("id", "video_name")
    date_hierarchy = "created_at"
    # The webhook's secret is shown masked, as everywhere else in the sandbox.
    exclude = ("webhook", "storyboard")
    readonly_fields = ("webhook_address", "request_body")

    @admin.display(description="webhook")
    def webhook_address(self, job):
        return webhook_urls.masked_url(job.webhook)

    @admin.display(description="storyboard")
    def request_body(self, job):
        return json.dumps(webhook_urls.shown_storyboard(job.storyboard), ensure_ascii=False, indent=1)


@admin.register(SandboxRequest)
class SandboxRequestAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "method", "path", "status_code", "credential_kind", "job_id")
    list_filter = ("endpoint", "method", "status_code", "credential_kind")
    search_fields = ("path", "job_id")


@admin.register(SandboxWebhookDelivery)
class SandboxWebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "job", "attempt", "status_code", "error", "url")
    list_filter = ("status_code",)


@admin.register(SandboxToken)
class SandboxTokenAdmin(ReadOnlyAdmin):
    list_display = ("client_id", "issued_at", "expires_at")
    exclude = ("token",)


@admin.register(SandboxTemplate)
class SandboxTemplateAdmin(ReadOnlyAdmin):
    list_display = ("template_id", "name", "language", "aspect_ratio", "account", "created_at")
    search_fields = ("template_id", "name")


@admin.register(SandboxBrand)
class SandboxBrandAdmin(ReadOnlyAdmin):
    list_display = ("name", "brand_id", "created_at", "updated_at")
    search_fields = ("name", "brand_id")


@admin.register(SandboxUpload)
class SandboxUploadAdmin(ReadOnlyAdmin):
    list_display = ("key", "content_type", "size", "created_at", "uploaded_at")
    search_fields = ("key",)


@admin.register(SandboxVoiceTrack)
class SandboxVoiceTrackAdmin(ReadOnlyAdmin):
    list_display = ("name", "service", "engine", "language", "gender", "created_at")
    search_fields = ("name", "voice_id")


@admin.register(SandboxAwsConnection)
class SandboxAwsConnectionAdmin(ReadOnlyAdmin):
    list_display = ("name", "connection_id", "aws_account_id", "aws_region", "enabled", "version", "updated_at")
    search_fields = ("name", "connection_id")
