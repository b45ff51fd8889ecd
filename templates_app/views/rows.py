"""One row of a batch, edited in place in the grid."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from templates_app.models import BatchRow
from templates_app.permissions import can_review_batches, can_run_batches
from templates_app.services import batches as batch_services
from templates_app.services import launch
from templates_app.views.batches import PAGE, batch_for
from templates_app.views.responses import done
from videos.job_states import ACTIVE_STATUSES


def row_for(request, pk: int, *, review: bool = False) -> BatchRow:
    allowed = can_review_batches(request.user) if review else can_run_batches(request.user)
    if not allowed:
        raise PermissionDenied("Your role does not allow this.")
    return get_object_or_404(BatchRow.objects.select_related("batch__template", "render_job", "preview_job"), pk=pk)


def _row_context(row: BatchRow, *, editing: bool = False, typed: dict | None = None) -> dict:
    repeated = set(BatchRow.objects.filter(batch_id=row.batch_id, values_hash=row.values_hash)
                   .exclude(pk=row.pk).values_list("values_hash", flat=True)[:1])
    return {"row": row, "batch": row.batch, "variables": row.batch.template.variable_names, "editing": editing,
            "repeated": repeated, "typed": typed}


def _row_response(request, row: BatchRow, **kwargs):
    response = render(request, f"{PAGE}#row", _row_context(row, **kwargs))
    return trigger_client_event(response, "batchChanged")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def row_add(request, pk: int):
    batch = batch_for(request, pk)
    row = batch_services.batch_row_add(batch=batch)
    if not request.htmx:
        return redirect(f"{batch.get_absolute_url()}?page=last#row-{row.pk}")
    row.batch = batch
    return _row_response(request, row, editing=True)


@login_required
@require_GET
def row_display(request, pk: int):
    return render(request, f"{PAGE}#row", _row_context(row_for(request, pk)))


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def row_edit(request, pk: int):
    row = row_for(request, pk)
    if row.render_job and row.render_job.status in ACTIVE_STATUSES:
        messages.error(request, "This row's video is on its way; edit it when it has finished.")
        return render(request, f"{PAGE}#row", _row_context(row))
    if request.method == "GET":
        return render(request, f"{PAGE}#row", _row_context(row, editing=True))
    values = {name: request.POST.get(f"v-{name}", "") for name in row.batch.template.variable_names}
    batch_services.batch_row_update(row=row, values=values)
    if not request.htmx:
        return redirect(f"{row.batch.get_absolute_url()}#row-{row.pk}")
    return _row_response(request, row)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def row_delete(request, pk: int):
    row = row_for(request, pk)
    batch = row.batch
    if row.render_job_id:
        messages.error(request, "Rows that were sent to Pictory stay, so the results add up.")
        return redirect(batch)
    batch_services.batch_row_delete(row=row)
    if not request.htmx:
        return redirect(batch)
    return trigger_client_event(render(request, f"{PAGE}#row-deleted", {}), "batchChanged")


@login_required
@require_POST
def row_rerun(request, pk: int):
    row = row_for(request, pk)
    try:
        launch.batch_row_rerun(row=row, user=request.user)
    except launch.AlreadyOnItsWay as exc:
        messages.info(request, str(exc))
    except launch.NothingToLaunch as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Row {row.number} is rendering again with its new values.")
    url = row.batch.get_absolute_url()
    return done(request, url) if request.htmx else redirect(f"{url}#row-{row.pk}")
