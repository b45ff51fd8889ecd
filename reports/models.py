"""Each run of the reports pipeline, so the Reports page can say when its data was loaded and
how the last runs went."""
from django.db import models


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Loaded"
    FAILED = "failed", "Failed"


class PipelineRun(models.Model):
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING)
    trigger = models.CharField(max_length=20, help_text="command, schedule or button")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.JSONField(default=dict, blank=True, help_text="Rows loaded per table in this run.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"reports run {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def seconds(self) -> float | None:
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None
