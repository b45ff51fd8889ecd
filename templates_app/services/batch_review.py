"""Reviewing a batch's videos: a sample, a contact sheet, flags sent back, approve the rest."""
import random

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from templates_app.models import Batch, BatchRow, RowReview
from videos.models import JobStatus, NotificationKind
from videos.services.notifications import notify
from videos.services.text import without_nul


class BatchReviewError(ValueError):
    """The review action cannot be taken; the message says why."""


def finished_rows(batch: Batch):
    return batch.rows.filter(render_job__status=JobStatus.COMPLETED)


def batch_review_sample(*, batch: Batch, size: int, seed: int | None = None) -> list[BatchRow]:
    """`size` finished rows picked at random (a seed makes the pick repeatable)."""
    ids = list(finished_rows(batch).values_list("id", flat=True))
    picked = random.Random(seed).sample(ids, min(size, len(ids)))
    return list(batch.rows.filter(id__in=picked).select_related("render_job").order_by("number"))


def row_flag(*, row: BatchRow, user, note: str) -> BatchRow:
    """Send one row's video back to its editor with what to fix."""
    note = without_nul(note).strip()
    if not note:
        raise BatchReviewError("Say what is wrong with this video, so the editor can fix the row.")
    if row.render_job is None or row.render_job.status != JobStatus.COMPLETED:
        raise BatchReviewError("Only finished videos can be sent back.")
    row.review_state, row.review_note, row.reviewed_by, row.reviewed_at = RowReview.FLAGGED, note, user, timezone.now()
    row.save(update_fields=["review_state", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    batch = row.batch
    notify(user=batch.created_by, kind=NotificationKind.REVIEW_DECIDED,
           subject=f"Row {row.number} of “{batch.name}” was sent back",
           lines=[f"{user.get_username()} sent row {row.number} back: “{note}”",
                  "Fix its values and re-run that row."],
           path=reverse("templates_app:batch_detail", args=[batch.pk]) + f"?state=done#row-{row.pk}")
    return row


def row_unflag(*, row: BatchRow, user) -> BatchRow:
    row.review_state, row.reviewed_by, row.reviewed_at = RowReview.PENDING, user, timezone.now()
    row.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "updated_at"])
    return row


def batch_approve_rest(*, batch: Batch, user) -> int:
    """Approve every finished video that was not sent back. Returns how many were approved."""
    with transaction.atomic():
        return finished_rows(batch).filter(review_state=RowReview.PENDING).update(
            review_state=RowReview.APPROVED, reviewed_by=user, reviewed_at=timezone.now())
