from django.contrib import admin

from videos.models import Activity, Brand, Comment, NotificationSettings, Project, RenderJob, Review, Scene


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "pictory_brand_id", "primary_color", "default_voice", "created_at"]
    search_fields = ["name", "pictory_brand_id"]


class SceneInline(admin.TabularInline):
    model = Scene
    extra = 0
    fields = ["position", "narration", "visual_kind", "visual_query", "visual_url", "visual_color",
              "transition", "minimum_duration", "hide_subtitles"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "brand", "aspect_ratio", "language", "created_at"]
    list_filter = ["aspect_ratio", "language", "brand"]
    search_fields = ["title"]
    inlines = [SceneInline]
    list_select_related = ["owner", "brand"]


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["project", "position", "visual_kind", "transition"]
    list_select_related = ["project"]


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "version", "status", "pictory_job_id", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["pictory_job_id", "project__title"]
    list_select_related = ["project"]
    # The request snapshot is evidence of what was sent (and billed): never edited.
    readonly_fields = ["endpoint", "payload", "storyboard", "request_token", "marker", "pictory_job_id",
                       "created_at", "submitted_at", "finished_at"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["project", "job", "status", "requested_by", "created_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["project", "job", "requested_by"]
    filter_horizontal = ["reviewers"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["job", "author", "timecode", "resolved", "created_at"]
    list_filter = ["resolved"]
    list_select_related = ["job", "author"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["project", "actor", "verb", "job", "created_at"]
    list_filter = ["verb"]
    list_select_related = ["project", "actor", "job"]


admin.site.register(NotificationSettings)
