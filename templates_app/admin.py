from django.contrib import admin

from templates_app.models import Batch, BatchRow, VideoTemplate
from templates_app.services.batches import batch_name_clean


@admin.register(VideoTemplate)
class VideoTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "pictory_template_id", "language", "brand", "is_active", "synced_at"]
    list_filter = ["is_active", "language", "brand"]
    search_fields = ["name", "pictory_template_id"]
    readonly_fields = ["pictory_template_id", "synced_at", "created_at", "created_by"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["name", "template", "status", "created_by", "created_at", "launched_at", "finished_at"]
    list_filter = ["status", "template"]
    search_fields = ["name"]
    list_select_related = ["template", "created_by"]
    readonly_fields = ["source_headers", "mapping", "launched_at", "launched_by", "finished_at", "notified_at"]

    def save_model(self, request, obj, form, change):
        # A renamed batch stays on one line, like a new one.
        obj.name = batch_name_clean(obj.name) or batch_name_clean(obj.template.name)
        super().save_model(request, obj, form, change)


@admin.register(BatchRow)
class BatchRowAdmin(admin.ModelAdmin):
    list_display = ["batch", "number", "is_valid", "render_job"]
    list_filter = ["is_valid"]
    list_select_related = ["batch", "render_job"]
    raw_id_fields = ["batch", "render_job", "preview_job"]
    search_fields = ["batch__name"]
