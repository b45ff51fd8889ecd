"""Reads for the template and batch pages, each in a fixed number of queries."""
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from templates_app.models import Batch, BatchRow, VideoTemplate
from videos.job_states import ACTIVE_STATUSES, ROW_STATES_FROM_JOBS, STATES, JobStatus, statuses_shown_as

S = JobStatus
ROWS_PER_PAGE = 50

# The states a row can be in, as the batch page shows and filters them. Rows with a video take
# their state from its job (videos/job_states.py); the others from their own checks.
_JOB_ROW_LABELS = {"queued": "Queued", "rendering": "Rendering", "done": "Done", "failed": "Failed",
                   "cancelled": "Cancelled"}
ROW_STATES = {
    "invalid": ("Needs fixing", Q(is_valid=False) & Q(render_job__isnull=True)),
    "ready": ("Ready", Q(is_valid=True) & Q(render_job__isnull=True)),
    **{key: (_JOB_ROW_LABELS[key], Q(render_job__status__in=statuses_shown_as(key))) for key in ROW_STATES_FROM_JOBS},
}


def template_list() -> QuerySet[VideoTemplate]:
    return VideoTemplate.objects.filter(is_active=True).annotate(batch_count=Count("batches")).order_by("name")


def batch_list() -> QuerySet[Batch]:
    return Batch.objects.select_related("template", "created_by").annotate(
        row_count=Count("rows", distinct=True),
        done_count=Count("rows", filter=Q(rows__render_job__status=S.COMPLETED), distinct=True),
    ).order_by("-created_at", "-id")


@dataclass(frozen=True)
class BatchSummary:
    total: int
    valid: int
    invalid: int
    duplicates: int
    states: dict[str, int]  # state key -> rows
    previewing: int = 0  # rows whose sample preview is still on its way

    @property
    def launched(self) -> int:
        return sum(self.states[k] for k in ROW_STATES_FROM_JOBS)

    @property
    def finished(self) -> int:
        return self.states["done"] + self.states["failed"] + self.states["cancelled"]

    @property
    def percent_finished(self) -> int:
        return round(100 * self.finished / self.launched) if self.launched else 0

    @property
    def active(self) -> bool:
        return bool(self.states["queued"] or self.states["rendering"])

    @property
    def busy(self) -> bool:
        """Something is on its way at Pictory: the page keeps itself up to date."""
        return self.active or bool(self.previewing)

    def percent(self, key: str) -> float:
        return round(100 * self.states[key] / self.launched, 2) if self.launched else 0


def batch_summary(batch: Batch) -> BatchSummary:
    """Counts per row state and the duplicates, in two queries whatever the batch size."""
    aggregates = {key: Count("id", filter=condition) for key, (_, condition) in ROW_STATES.items()}
    counts = batch.rows.aggregate(total=Count("id"), valid=Count("id", filter=Q(is_valid=True)),
                                  previewing=Count("id", filter=Q(preview_job__status__in=ACTIVE_STATUSES)),
                                  **aggregates)
    dupes = sum(batch.rows.values("values_hash").annotate(n=Count("id")).filter(n__gt=1).values_list("n", flat=True))
    return BatchSummary(total=counts["total"], valid=counts["valid"], invalid=counts["total"] - counts["valid"],
                        duplicates=dupes, states={key: counts[key] for key in ROW_STATES},
                        previewing=counts["previewing"])


def batch_rows_page(batch: Batch, *, state: str = "", page: int | str = 1) -> tuple[Page, set[str]]:
    """One page of rows (with their jobs) and which of them repeat another row's values.

    `state` is "" (every row) or a key of ROW_STATES; `page` a number or "last". A page that
    does not exist raises InvalidPage.
    """
    rows = batch.rows.select_related("render_job", "preview_job").order_by("number")
    if state:
        rows = rows.filter(ROW_STATES[state][1])
    paginator = Paginator(rows, ROWS_PER_PAGE)
    page_obj = paginator.page(paginator.num_pages if page == "last" else page)
    hashes = [row.values_hash for row in page_obj.object_list]
    repeated = set(
        BatchRow.objects.filter(batch=batch, values_hash__in=hashes).values("values_hash")
        .annotate(n=Count("id")).filter(n__gt=1).values_list("values_hash", flat=True)
    )
    return page_obj, repeated


def row_state(row: BatchRow) -> str:
    job = row.render_job
    if job is None:
        return "ready" if row.is_valid else "invalid"
    return STATES[job.status].row_state
