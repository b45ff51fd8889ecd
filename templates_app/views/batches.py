"""Batch pages: start a batch, map its columns, watch it, act on it, export its results."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseStopPolling

from templates_app import selectors
from templates_app.bulk.intake import IntakeError
from templates_app.forms import BatchNewForm
from templates_app.models import Batch, BatchStatus, VideoTemplate
from templates_app.permissions import can_review_batches, can_run_batches
from templates_app.services import batches as batch_services
from templates_app.services import launch
from templates_app.services.dispatch import batch_nudge
from templates_app.services.launch import batch_brand
from templates_app.services.results import results_csv, video_links
from templates_app.services.usage import batch_launch_minutes
from templates_app.views.responses import done
from videos.models import Brand
from videos.views.params import no_such_page, page_number, positive_number

PAGE = "templates_app/batch_detail.html"
SAMPLE_SIZE = 3


def batch_for(request, pk: int, *, review: bool = False) -> Batch:
    """A batch the person may work on (editors) or, with review=True, review (reviewers)."""
    allowed = can_review_batches(request.user) if review else can_run_batches(request.user)
    if not allowed:
        raise PermissionDenied("Your role does not allow this.")
    return get_object_or_404(Batch.objects.select_related("template__brand", "brand", "created_by"), pk=pk)


@login_required
@require_GET
def batch_list(request):
    return render(request, "templates_app/batch_list.html", {"batches": selectors.batch_list()[:100]})


def _active_template(value: str) -> VideoTemplate | None:
    template_id = positive_number(value)
    return VideoTemplate.objects.filter(pk=template_id, is_active=True).first() if template_id else None


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request):
    if not can_run_batches(request.user):
        raise PermissionDenied("Only editors make batches.")
    templates = selectors.template_list()
    limits = batch_services.intake_limits()
    page = {"templates": templates, "limits": limits, "max_mb": limits.max_bytes // (1024 * 1024)}
    chosen = request.POST.get("template") or request.GET.get("template")
    template = _active_template(chosen) if chosen else None
    if chosen and template is None:
        return render(request, "templates_app/batch_new.html", {
            **page, "template": None,
            "template_error": "That template does not exist or was deleted. Choose one of these instead.",
        }, status=404)
    form = BatchNewForm(request.POST or None, request.FILES or None)
    intake_error = ""
    if request.method == "POST" and template and form.is_valid():
        data = form.cleaned_data
        name = data["name"] or f"{template.name} · {timezone.localdate():%d %b %Y}"
        try:
            if data["source"] == "grid":
                batch = batch_services.batch_start_grid(template=template, user=request.user, name=name)
                return redirect(batch)
            if data["source"] == "upload":
                upload = data["csv_file"]
                batch = batch_services.batch_start_upload(template=template, user=request.user, name=name,
                                                          data=upload.read(), filename=upload.name)
            else:
                batch = batch_services.batch_start_paste(template=template, user=request.user, name=name,
                                                         text=data["pasted"])
            return redirect("templates_app:batch_mapping", pk=batch.pk)
        except IntakeError as exc:
            intake_error = str(exc)
    return render(request, "templates_app/batch_new.html", {
        **page, "form": form, "template": template, "intake_error": intake_error,
    })


@login_required
@require_http_methods(["GET", "POST"])
def batch_mapping(request, pk: int):
    batch = batch_for(request, pk)
    if batch.status != BatchStatus.MAPPING:
        return redirect(batch)
    variables = batch.template.variable_names
    mapping = {int(k): v for k, v in batch.mapping.items()}
    error = ""
    if request.method == "POST":
        # The service reads the upload itself; the page reads it only when it is shown again.
        mapping = {i: (request.POST.get(f"col-{i}") or None) for i in range(len(batch.source_headers))}
        mapping = {i: (v if v in variables else None) for i, v in mapping.items()}
        try:
            count = batch_services.batch_apply_mapping(batch=batch, mapping=mapping)
        except batch_services.UploadGone as exc:
            return _upload_gone(request, batch, exc)
        except batch_services.MappingError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Created {count:,} rows. Each row was checked; fix any marked in red "
                                      "before launching.")
            return redirect(batch)
    try:
        table = batch_services.batch_table(batch)
    except batch_services.UploadGone as exc:
        return _upload_gone(request, batch, exc)
    columns = [{"index": i, "header": header, "choice": mapping.get(i),
                "samples": [row[i] for row in table.rows[:3]]} for i, header in enumerate(table.headers)]
    unmapped = [name for name in variables if name not in mapping.values()]
    return render(request, "templates_app/batch_mapping.html", {
        "batch": batch, "columns": columns, "variables": variables, "row_count": len(table.rows),
        "table": table, "preview_rows": table.rows[:5], "error": error, "unmapped": unmapped,
    })


def _upload_gone(request, batch: Batch, exc: Exception):
    """The rows waiting to be mapped are lost: say so and start the batch again with its template."""
    messages.error(request, str(exc))
    return redirect(f"{reverse('templates_app:batch_new')}?template={batch.template_id}")


def _detail_context(batch: Batch, *, state: str, page) -> dict:
    summary = selectors.batch_summary(batch)
    rows, repeated = selectors.batch_rows_page(batch, state=state, page=page)
    waiting, minutes = batch_launch_minutes(batch=batch)
    return {"batch": batch, "summary": summary, "rows": rows, "repeated": repeated, "state": state,
            "states": [(key, label, summary.states[key]) for key, (label, _) in selectors.ROW_STATES.items()],
            "variables": batch.template.variable_names, "brand": batch_brand(batch),
            "brands": Brand.objects.filter(archived_at__isnull=True), "launch_rows": waiting,
            "launch_minutes": minutes}


@login_required
@require_GET
@vary_on_headers("HX-Request")
def batch_detail(request, pk: int):
    batch = batch_for(request, pk, review=not can_run_batches(request.user))
    if batch.status == BatchStatus.MAPPING:
        return redirect("templates_app:batch_mapping", pk=batch.pk)
    state = request.GET.get("state", "")
    if state and state not in selectors.ROW_STATES:
        raise Http404("No such row state")
    try:
        context = _detail_context(batch, state=state, page=page_number(request.GET.get("page")))
    except InvalidPage:
        raise no_such_page(request.GET.get("page")) from None
    if request.htmx and request.htmx.target in ("rows", "check"):
        fragment = "rows-table" if request.htmx.target == "rows" else "check"
        response = render(request, f"{PAGE}#{fragment}", context)
        if fragment == "check" or context["summary"].busy:
            return response
        return HttpResponseStopPolling(response.content)
    return render(request, PAGE, context)


@login_required
@require_GET
def batch_progress(request, pk: int):
    """The live progress bar; polls while rows are queued or rendering, then stops (286)."""
    batch = batch_for(request, pk)
    summary = selectors.batch_summary(batch)
    if summary.busy:
        batch_nudge(batch=batch)
    response = render(request, f"{PAGE}#progress", {"batch": batch, "summary": summary})
    return response if summary.busy else HttpResponseStopPolling(response.content)


@login_required
@require_POST
def batch_set_brand(request, pk: int):
    """The brand kit for the rows not launched yet (launched rows keep what they were sent with)."""
    batch = batch_for(request, pk)
    brand_id = positive_number(request.POST.get("brand", ""))
    brand = Brand.objects.filter(pk=brand_id, archived_at__isnull=True).first() if brand_id else None
    if brand_id and brand is None:
        messages.error(request, "That brand kit does not exist or was archived. Pick one of the list.")
    else:
        Batch.objects.filter(pk=batch.pk).update(brand=brand)
        chosen = brand.name if brand else f"the template's ({batch.template.brand or 'none'})"
        messages.success(request, f"Brand kit for this batch: {chosen}. It applies to rows launched from now on.")
    return redirect(batch)


def _act(request, batch: Batch, action, success: str):
    """Run a launch-like action; a repeat of one already on its way is told so, not refused."""
    try:
        count = action()
    except launch.AlreadyOnItsWay as exc:
        messages.info(request, str(exc))
    except launch.NothingToLaunch as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success.format(n=count, s="" if count == 1 else "s"))
    return done(request, batch.get_absolute_url())


@login_required
@require_POST
def batch_preview(request, pk: int):
    batch = batch_for(request, pk)
    ids = [positive_number(value) for value in request.POST.getlist("row")]
    if None in ids:
        messages.error(request, "That row is not in this batch. Reload the page and pick a row from it.")
        return done(request, batch.get_absolute_url())
    return _act(request, batch, lambda: len(launch.batch_preview_rows(batch=batch, row_ids=ids or None,
                                                                       sample_size=SAMPLE_SIZE, user=request.user)),
                "Previewing {n} row{s}: previews are free and appear in the rows below.")


@login_required
@require_POST
def batch_launch(request, pk: int):
    batch = batch_for(request, pk)
    return _act(request, batch, lambda: launch.batch_launch(batch=batch, user=request.user),
                "Launched {n} video{s}. They render a few at a time; this page follows them.")


@login_required
@require_POST
def batch_retry(request, pk: int):
    batch = batch_for(request, pk)
    return _act(request, batch, lambda: launch.batch_retry_failed(batch=batch, user=request.user),
                "Retrying {n} failed row{s}.")


@login_required
@require_POST
def batch_cancel(request, pk: int):
    batch = batch_for(request, pk)
    return _act(request, batch, lambda: launch.batch_cancel(batch=batch),
                "Cancelled {n} row{s} that had not been sent to Pictory.")


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def batch_results_csv(request, pk: int):
    batch = batch_for(request, pk)
    return _download(results_csv(batch), content_type="text/csv", filename=f"batch-{batch.pk}-results.csv")


@login_required
@require_GET
def batch_video_links(request, pk: int):
    batch = batch_for(request, pk)
    return _download(video_links(batch), content_type="text/plain", filename=f"batch-{batch.pk}-video-links.txt")
