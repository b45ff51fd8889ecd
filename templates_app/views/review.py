"""Batch review: a contact sheet of every finished video, a random sample, flags, approve the rest."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from templates_app.models import RowReview
from templates_app.services import batch_review
from templates_app.views.batches import batch_for
from templates_app.views.rows import row_for
from videos.views.params import no_such_page, page_number, positive_number, return_address

SHEET_PAGE = 60


@login_required
@require_GET
def batch_review_page(request, pk: int):
    batch = batch_for(request, pk, review=True)
    rows = batch_review.finished_rows(batch).select_related("render_job", "reviewed_by").order_by("number")
    counts = dict(batch_review.finished_rows(batch).order_by().values_list("review_state")
                  .annotate(n=Count("id")).values_list("review_state", "n"))
    sample = []
    if request.GET.get("sample"):
        size = min(50, positive_number(request.GET["sample"]) or 5)
        sample = batch_review.batch_review_sample(batch=batch, size=size)
    paginator = Paginator(rows, SHEET_PAGE)
    number = page_number(request.GET.get("page"))
    try:
        page = paginator.page(paginator.num_pages if number == "last" else number)
    except InvalidPage:
        raise no_such_page(request.GET.get("page")) from None
    return render(request, "templates_app/batch_review.html", {
        "batch": batch, "page": page, "sample": sample, "variables": batch.template.variable_names,
        "counts": {state: counts.get(state, 0) for state in RowReview.values}, "total": sum(counts.values()),
    })


@login_required
@require_POST
def row_flag(request, pk: int):
    row = row_for(request, pk, review=True)
    try:
        batch_review.row_flag(row=row, user=request.user, note=request.POST.get("note", ""))
    except batch_review.BatchReviewError as exc:
        messages.error(request, f"Row {row.number}: {exc}")
    else:
        messages.success(request, f"Row {row.number} was sent back to {row.batch.created_by.get_username()}.")
    return _back_to_sheet(request, row)


def _back_to_sheet(request, row):
    """Back where the reviewer came from (a page of this site only), at the row's thumbnail."""
    back = return_address(request, request.POST.get("back"), fallback=row.batch.get_absolute_url())
    return HttpResponseRedirect(f"{back}#sheet-{row.pk}")


@login_required
@require_POST
def row_unflag(request, pk: int):
    row = row_for(request, pk, review=True)
    batch_review.row_unflag(row=row, user=request.user)
    return _back_to_sheet(request, row)


@login_required
@require_POST
def batch_approve_rest(request, pk: int):
    batch = batch_for(request, pk, review=True)
    count = batch_review.batch_approve_rest(batch=batch, user=request.user)
    messages.success(request, f"Approved {count} video{'s' if count != 1 else ''}; rows sent back stay with their "
                              "editor.")
    return redirect("templates_app:batch_review", pk=batch.pk)
