"""A render job's live status fragment, the actions on unconfirmed jobs, and Pictory's webhook."""
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseStopPolling, trigger_client_event

from videos.models import RenderJob
from videos.permissions import Action, role_allows
from videos.services import job_status as job_services
from videos.services.webhooks import webhook_token_valid
from videos.views import panels
from videos.views.common import PAGE

WEBHOOK_MAX_BYTES = 256 * 1024


def _job_for(request, pk: int, *, edit: bool = False) -> RenderJob:
    job = get_object_or_404(RenderJob.objects.select_related("project"), pk=pk, project__isnull=False)
    if not role_allows(request.user, Action.RENDER if edit else Action.VIEW):
        raise PermissionDenied("Your role does not allow this.")
    return job


@login_required
@require_GET
def job_status(request, pk: int):
    """Polled every few seconds while the job is active; answers 286 once it is final."""
    job = _job_for(request, pk)
    was_active = job.is_active
    job_services.render_job_nudge(job=job)
    response = render(request, f"{PAGE}#job-status", panels.job_status_context(job))
    if job.is_final:
        stop = HttpResponseStopPolling(response.content)
        # The storyboard panel shows Pictory's field errors once a job fails on them.
        return trigger_client_event(stop, "jobsChanged") if was_active or job.error_fields else stop
    return response


def _after_action(request, job: RenderJob):
    job.refresh_from_db()
    if not request.htmx:
        return redirect(job.project)
    return render(request, f"{PAGE}#job-status", panels.job_status_context(job))


@login_required
@require_POST
def job_check(request, pk: int):
    job = _job_for(request, pk, edit=True)
    job_services.render_job_nudge(job=job)
    return _after_action(request, job)


@login_required
@require_POST
def job_send_again(request, pk: int):
    job = _job_for(request, pk, edit=True)
    job_services.render_job_send_again(job_id=job.pk)
    return _after_action(request, job)


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = _job_for(request, pk, edit=True)
    job_services.render_job_cancel(job_id=job.pk)
    return _after_action(request, job)


@csrf_exempt
@require_POST
def pictory_webhook(request, marker, token: str) -> HttpResponse:
    """Pictory's job-finished callback. Authenticated by the per-job secret in its URL; the
    body is unsigned, so it only prompts a fresh read of the job from Pictory."""
    if not webhook_token_valid(marker, token):
        raise Http404("Unknown webhook")
    job = RenderJob.objects.filter(marker=marker).first()
    if job is None:
        raise Http404("Unknown webhook")
    length = request.headers.get("Content-Length") or "0"
    if not length.isdigit():
        return JsonResponse({"accepted": False, "reason": "Content-Length is not a number"}, status=400)
    if int(length) > WEBHOOK_MAX_BYTES:
        return JsonResponse({"accepted": False, "reason": "body too large"}, status=413)
    try:
        json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"accepted": False, "reason": "body is not JSON"}, status=400)
    job_services.render_job_webhook_received(job=job)
    return JsonResponse({"accepted": True})
