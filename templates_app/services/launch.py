"""Turning rows into Pictory jobs: sample previews, the launch, retries, cancel, one-row re-runs.

Every job is written QUEUED with its request frozen (template id + this row's values), marked
pooled, and sent by the dispatcher within the concurrency cap and the shared request rate. A row
whose video is queued, rendering or done is never given a second job by a launch or a retry.
"""
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from templates_app.models import Batch, BatchRow, BatchStatus, RowReview
from templates_app.services.usage import batch_video_minutes
from videos.job_states import ACTIVE_STATUSES, JobStatus
from videos.models import JobKind, RenderJob
from videos.services.account import quota_shortfall
from videos.services.brand_payload import template_brand_fields
from videos.services.queue import DISPATCH, enqueue
from videos.services.transitions import move_all
from videos.services.webhooks import request_extras

S = JobStatus
RENDER_ENDPOINT = "POST /v2/video/storyboard/render"
PREVIEW_ENDPOINT = "POST /v2/video/storyboard"


class NothingToLaunch(ValueError):
    """The batch has no row that can become a video right now."""


class OverQuota(NothingToLaunch):
    """The rows would need more video minutes than the account has left this billing term."""


class AlreadyOnItsWay(NothingToLaunch):
    """A repeated request (a second click): what it asks for is already queued or rendering."""


def _lock(batch: Batch) -> None:
    """Hold the batch row until the transaction ends, so launches, retries, previews and re-runs
    of one batch happen one after another and the second sees the jobs the first made."""
    Batch.objects.select_for_update().filter(pk=batch.pk).values_list("pk", flat=True).get()


def _already_launched(rows: int) -> str:
    if rows == 1:
        return "Already launched: 1 row is on its way."
    return f"Already launched: {rows:,} rows are on their way."


# Everything a row's payload reads about its brand kit, fetched with the rows.
ROW_BRAND_JOINS = (
    "batch__brand__logo", "batch__brand__font_file",
    "batch__template__brand__logo", "batch__template__brand__font_file",
)


def batch_brand(batch: Batch):
    """The batch's own brand kit, else its template's."""
    return batch.brand if batch.brand_id else batch.template.brand


def _job_for_row(row: BatchRow, *, kind: str, user) -> RenderJob:
    marker = uuid.uuid4()
    template = row.batch.template
    payload = {
        "videoName": f"{row.batch.name} · row {row.number}",
        "templateId": template.pictory_template_id,
        "variables": {name: row.values.get(name, "") for name in template.variable_names},
        **request_extras(marker),
    }
    payload.update(template_brand_fields(batch_brand(row.batch)))
    endpoint = RENDER_ENDPOINT if kind == JobKind.TEMPLATE_RENDER else PREVIEW_ENDPOINT
    return RenderJob(kind=kind, marker=marker, pooled=True, endpoint=endpoint, payload=payload,
                     storyboard={"templateId": payload["templateId"], "variables": payload["variables"]},
                     created_by=user)


def _attach_jobs(rows: list[BatchRow], *, kind: str, user) -> list[RenderJob]:
    jobs = [_job_for_row(row, kind=kind, user=user) for row in rows]
    RenderJob.objects.bulk_create(jobs, batch_size=500)
    field = "render_job" if kind == JobKind.TEMPLATE_RENDER else "preview_job"
    for row, job in zip(rows, jobs, strict=True):
        setattr(row, field, job)
    BatchRow.objects.bulk_update(rows, [field], batch_size=500)
    return jobs


def _kick_dispatcher() -> None:
    enqueue(DISPATCH, after_commit=True)


def batch_preview_rows(*, batch: Batch, user, row_ids: list[int] | None = None,
                       sample_size: int = 3) -> list[RenderJob]:
    """Preview jobs (free of render credits) for the rows asked for, or for a random sample.

    A row whose preview is still on its way gets no second one; a sample is not drawn while
    another sample of this batch is on its way.
    """
    with transaction.atomic():
        _lock(batch)
        rows = batch.rows.select_related(*ROW_BRAND_JOINS, "preview_job")
        previewing = Q(preview_job__status__in=ACTIVE_STATUSES)
        if row_ids is None:
            busy = batch.rows.filter(previewing).count()
            if busy:
                raise AlreadyOnItsWay(f"Already previewing {busy} row{'s' if busy != 1 else ''}: the previews "
                                      "appear in the rows below.")
            picked = list(rows.filter(is_valid=True).order_by("?")[:sample_size])
        else:
            picked = list(rows.filter(pk__in=row_ids))
            if not picked:
                raise NothingToLaunch("That row is not in this batch. Reload the page and pick a row from it.")
            waiting = [row for row in picked if not (row.preview_job and row.preview_job.status in ACTIVE_STATUSES)]
            if not waiting:
                numbers = ", ".join(str(row.number) for row in picked)
                raise AlreadyOnItsWay(f"Already previewing row {numbers}: the preview appears in the row.")
            picked = waiting
        valid = [row for row in picked if row.is_valid]
        if not valid:
            raise NothingToLaunch("Pick rows without problems to preview.")
        jobs = _attach_jobs(valid, kind=JobKind.TEMPLATE_PREVIEW, user=user)
        _kick_dispatcher()
    return jobs


def _nothing_waiting(batch: Batch, reason: str) -> NothingToLaunch:
    """A launch or retry found no row to send: a repeat click when rows are on their way."""
    busy = batch.rows.filter(render_job__status__in=ACTIVE_STATUSES).count()
    return AlreadyOnItsWay(_already_launched(busy)) if busy else NothingToLaunch(reason)


def _check_quota(batch: Batch, rows) -> None:
    """Refuse, before anything is queued, a launch the account's minutes cannot finish."""
    shortfall = quota_shortfall(video_minutes=batch_video_minutes(batch=batch, rows=rows))
    if shortfall:
        raise OverQuota(shortfall)


def batch_launch(*, batch: Batch, user) -> int:
    """One render job per valid row that has none yet. Returns how many were queued."""
    _check_quota(batch, batch.rows.filter(is_valid=True, render_job__isnull=True).values_list("values", flat=True))
    with transaction.atomic():
        _lock(batch)
        rows = list(batch.rows.filter(is_valid=True, render_job__isnull=True).select_related(*ROW_BRAND_JOINS))
        if not rows:
            raise _nothing_waiting(batch, "No valid row is waiting for a video. Fix the rows marked invalid first.")
        _attach_jobs(rows, kind=JobKind.TEMPLATE_RENDER, user=user)
        Batch.objects.filter(pk=batch.pk).update(status=BatchStatus.LAUNCHED, launched_at=timezone.now(),
                                                 launched_by=user, finished_at=None, notified_at=None)
        _kick_dispatcher()
    return len(rows)


def batch_retry_failed(*, batch: Batch, user) -> int:
    """New jobs for the rows whose last render failed (and only those)."""
    _check_quota(batch, batch.rows.filter(is_valid=True, render_job__status=S.FAILED).values_list("values", flat=True))
    with transaction.atomic():
        _lock(batch)
        rows = list(batch.rows.filter(is_valid=True, render_job__status=S.FAILED)
                    .select_related(*ROW_BRAND_JOINS))
        if not rows:
            raise _nothing_waiting(batch, "No row has failed.")
        _attach_jobs(rows, kind=JobKind.TEMPLATE_RENDER, user=user)
        Batch.objects.filter(pk=batch.pk).update(status=BatchStatus.LAUNCHED, finished_at=None, notified_at=None)
        _kick_dispatcher()
    return len(rows)


def batch_cancel(*, batch: Batch) -> int:
    """Cancel every row not yet sent to Pictory; what is already rendering finishes."""
    cancelled = len(move_all(jobs=RenderJob.objects.filter(batch_row__batch=batch), source=S.QUEUED,
                             target=S.CANCELLED))
    from templates_app.services.dispatch import batch_check_finished

    batch_check_finished(batch_id=batch.pk)
    return cancelled


def batch_row_rerun(*, row: BatchRow, user) -> RenderJob:
    """Render one row again after its values were edited."""
    with transaction.atomic():
        _lock(row.batch)
        row = BatchRow.objects.select_related(*ROW_BRAND_JOINS, "render_job").get(pk=row.pk)
        if row.render_job and row.render_job.status in ACTIVE_STATUSES:
            raise AlreadyOnItsWay(f"Already launched: row {row.number} is on its way.")
        if not row.is_valid:
            raise NothingToLaunch("Fix this row's problems first.")
        [job] = _attach_jobs([row], kind=JobKind.TEMPLATE_RENDER, user=user)
        if row.review_state != RowReview.PENDING:  # a fixed row goes back to the reviewer
            row.review_state = RowReview.PENDING
            row.save(update_fields=["review_state"])
        Batch.objects.filter(pk=row.batch_id).update(status=BatchStatus.LAUNCHED, finished_at=None,
                                                     notified_at=None)
        _kick_dispatcher()
    return job
