"""Pictory video templates, and bulk batches of rows that fill their variables."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from videos.models import Brand, RenderJob


class VideoTemplate(models.Model):
    """Mirrors a Pictory template: scenes whose text holds {{variables}}."""

    pictory_template_id = models.CharField("Pictory template id", max_length=80, unique=True)
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=10, default="en")
    aspect_ratio = models.CharField(max_length=10, blank=True)
    # [{"scene_id": "1", "text": "Hello {{first_name}}"}, ...]
    scenes = models.JSONField(default=list, blank=True)
    # {"first_name": "first_name", ...}: placeholder/default per variable, in order of appearance
    variables = models.JSONField(default=dict, blank=True)
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="templates")
    is_active = models.BooleanField("active", default=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("templates_app:template_detail", args=[self.pk])

    @property
    def variable_names(self) -> list[str]:
        return list(self.variables)


class BatchStatus(models.TextChoices):
    MAPPING = "mapping", "Mapping columns"
    DRAFT = "draft", "Draft"
    LAUNCHED = "launched", "Rendering"
    FINISHED = "finished", "Finished"


class Batch(models.Model):
    """One template and many rows of variable values: one video per valid row."""

    template = models.ForeignKey(VideoTemplate, on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(max_length=200)
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="batches",
        help_text="The brand kit for this batch's videos; empty means the template's.",
    )
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="batches")
    # The original columns, kept for the results export; the upload waits here until mapped.
    source_name = models.CharField(max_length=255, blank=True)
    source_headers = models.JSONField(default=list, blank=True)
    source_file = models.FileField(upload_to="batch_uploads/", blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "batches"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("templates_app:batch_detail", args=[self.pk])


class RowReview(models.TextChoices):
    PENDING = "pending", "Not reviewed"
    APPROVED = "approved", "Approved"
    FLAGGED = "flagged", "Sent back"


class BatchRow(models.Model):
    """One recipient: the values of the template's variables, their problems, their video."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    source_cells = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    is_valid = models.BooleanField(default=False)
    values_hash = models.CharField(max_length=40, blank=True)
    render_job = models.OneToOneField(
        RenderJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="batch_row"
    )
    preview_job = models.OneToOneField(
        RenderJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="batch_row_preview"
    )
    review_state = models.CharField(max_length=10, choices=RowReview.choices, default=RowReview.PENDING)
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="batch_row_number_unique")]
        indexes = [
            models.Index(fields=["batch", "is_valid"], name="batch_row_validity"),
            models.Index(fields=["batch", "values_hash"], name="batch_row_duplicates"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} · row {self.number}"


class DispatchLease(models.Model):
    """Who is dispatching bulk jobs right now; one holder at a time, expiring on its own."""

    name = models.CharField(max_length=40, unique=True)
    owner = models.CharField(max_length=40, blank=True)
    expires_at = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return f"{self.name} lease"
