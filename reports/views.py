"""The Reports page (Admins and Editors), its CSV downloads and its Refresh button."""
import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from reports import selectors
from reports.services import reports_load_queue
from videos.permissions import Action, role_allows


def _allowed(request) -> None:
    # Editors and Admins: the people who make videos and run the account.
    if not role_allows(request.user, Action.EDIT):
        raise PermissionDenied("Reports are for editors and admins.")


@login_required
@require_GET
def report_page(request):
    _allowed(request)
    try:
        reports, busy = selectors.all_reports(), False
    except selectors.ReportsBusy:
        reports, busy = [], True
    return render(request, "reports/reports.html", {
        "reports": reports, "charts": {report.key: report.chart() for report in reports}, "busy": busy,
        "loaded": selectors.last_loaded(), "latest": selectors.latest_run(), "runs": selectors.recent_runs(),
    })


@login_required
@require_GET
def report_csv(request, key: str):
    _allowed(request)
    try:
        report = selectors.report_by_key(key)
    except selectors.ReportsBusy:
        return HttpResponse("The reports are being loaded right now; download again in a minute.",
                            status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "30"})
    if report is None:
        raise Http404("No such report.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.key}.csv"'
    writer = csv.writer(response)
    writer.writerow([report.title, *report.columns[1:]])
    for row in report.rows:
        writer.writerow([_safe_cell(row[0]), *row[1:]])
    return response


@login_required
@require_POST
def report_refresh(request):
    _allowed(request)
    reports_load_queue()
    messages.success(request, "Loading the reports now; this page shows the new figures when it is done. "
                              "Reload it in a minute.")
    return redirect("reports:reports")


def _safe_cell(value) -> str:
    """A label a spreadsheet would run as a formula is written as text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
