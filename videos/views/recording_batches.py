"""Bulk highlight clips: paste many recordings, get one rendered highlight clip per row."""
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseStopPolling

from videos.models import JobStatus, RecordingBatch
from videos.permissions import Action, role_allows
from videos.recording_batch_forms import RecordingBatchForm
from videos.services.job_status import render_job_nudge
from videos.services.recording_batch_lines import (
    LinesRefused,
    recording_batch_lines_from_upload,
    recording_batch_lines_parse,
)
from videos.services.recording_batch_rows import (
    FAILED,
    READY,
    batch_recordings,
    batch_row_stage,
    recording_batch_list,
    recording_batch_summary,
)
from videos.services.recording_batches import (
    BatchRefused,
    recording_batch_advance,
    recording_batch_finish,
    recording_batch_launch,
)
from videos.views.common import require

LIST_PAGE = "videos/recording_batch_list.html"
PAGE = "videos/recording_batch_detail.html"
NUDGES_PER_LOOK = 20  # a look asks Pictory about a few due jobs; the sweeper sees to the rest


def _token(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _list_context(request, form: RecordingBatchForm, **extra) -> dict:
    return {"form": form, "batches": recording_batch_list()[:50],
            "can_launch": role_allows(request.user, Action.RENDER),
            "request_token": _token(request.POST.get("request_token", "")) or uuid.uuid4(), **extra}


def _with_upload(request) -> tuple[dict, str]:
    """The form's data with an uploaded CSV's lines added below the pasted ones (so they show in
    the box and are kept if something is refused), and why the file could not be read."""
    data = request.POST.copy()
    upload = request.FILES.get("csv_file")
    if upload is None:
        return data, ""
    try:
        text = recording_batch_lines_from_upload(data=upload.read())
    except LinesRefused as refused:
        return data, str(refused)
    pasted = data.get("lines", "").rstrip()
    data["lines"] = f"{pasted}\n{text}" if pasted else text
    return data, ""


@login_required
@require_http_methods(["GET", "POST"])
def recording_batch_list_page(request):
    """The bulk page: the form (for those who render) and the batches so far."""
    require(request.user, Action.VIEW)
    if request.method == "GET":
        return render(request, LIST_PAGE, _list_context(request, RecordingBatchForm()))
    if not role_allows(request.user, Action.RENDER):
        raise PermissionDenied("Your role does not allow you to start bulk highlight clips.")
    data, upload_error = _with_upload(request)
    form = RecordingBatchForm(data)
    if not form.is_valid() or upload_error:
        return render(request, LIST_PAGE, _list_context(request, form, upload_error=upload_error), status=400)
    parsed = recording_batch_lines_parse(text=form.cleaned_data["lines"])
    if parsed.problem or (parsed.refused and request.POST.get("skip_refused") != "1"):
        return render(request, LIST_PAGE, _list_context(request, form, parsed=parsed), status=400)
    values = form.cleaned_data
    try:
        batch = recording_batch_launch(
            lines=parsed.rows, user=request.user, name=values["name"], target_seconds=values["seconds"],
            aspect_ratio=values["aspect_ratio"], language=values["language"], brand=values["brand"],
            skipped=parsed.refused, request_token=_token(request.POST.get("request_token", "")))
    except BatchRefused as refused:
        return render(request, LIST_PAGE, _list_context(request, form, parsed=parsed, launch_error=str(refused)),
                      status=400)
    return redirect(batch)


def _batch(request, pk: int) -> RecordingBatch:
    require(request.user, Action.VIEW)
    return get_object_or_404(RecordingBatch.objects.select_related("brand", "created_by"), pk=pk)


def _due(job, now) -> bool:
    if job.status == JobStatus.QUEUED:
        return job.next_attempt_at is not None and job.next_attempt_at <= now
    return job.status in (JobStatus.IN_PROGRESS, JobStatus.SUBMIT_UNKNOWN) and (
        job.next_poll_at is None or job.next_poll_at <= now)


def _nudge(rows) -> None:
    """A page watching the batch keeps its due jobs moving, a few per look."""
    now = timezone.now()
    due = [row.job for row in rows if row.job is not None and _due(row.job, now)]
    for job in due[:NUDGES_PER_LOOK]:
        render_job_nudge(job=job)


def _rows(batch: RecordingBatch, *, move_on: bool):
    recordings = list(batch_recordings(batch=batch))
    if move_on and recording_batch_advance(recordings=recordings):
        recordings = list(batch_recordings(batch=batch))
    rows = [batch_row_stage(recording) for recording in recordings]
    return rows, recording_batch_summary(rows=rows)


def _finish(batch: RecordingBatch, summary) -> None:
    if not summary.busy:
        recording_batch_finish(batch=batch, ready=summary.counts[READY], failed=summary.counts[FAILED])


def _context(batch: RecordingBatch, rows, summary) -> dict:
    return {"batch": batch, "rows": rows, "summary": summary}


@login_required
@require_GET
def recording_batch_detail(request, pk: int):
    batch = _batch(request, pk)
    rows, summary = _rows(batch, move_on=True)
    _finish(batch, summary)
    return render(request, PAGE, _context(batch, rows, summary))


@login_required
@require_GET
def recording_batch_progress(request, pk: int):
    """The live part of the batch page: counts, bar and rows. Polls while a row is under way,
    then answers 286 so htmx stops asking."""
    batch = _batch(request, pk)
    rows, summary = _rows(batch, move_on=True)
    if summary.busy:
        _nudge(rows)
    _finish(batch, summary)
    response = render(request, f"{PAGE}#live", _context(batch, rows, summary))
    return response if summary.busy else HttpResponseStopPolling(response.content)
