"""The wrapper every API view goes through: method check, auth, budget, request log."""

import logging
from functools import wraps

from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from . import responses, throttle
from .auth import AuthRejected, authenticate
from .background import retry_locked
from .models import SandboxRequest

log = logging.getLogger(__name__)


def _record(request, endpoint: str, caller, status_code: int) -> None:
    """One INSERT per API call, so callers can be counted at the sandbox."""
    retry_locked(
        lambda: SandboxRequest.objects.create(
            method=request.method,
            path=request.path[:500],
            endpoint=endpoint,
            credential_kind=caller.kind if caller else "",
            credential=caller.credential if caller else "",
            status_code=status_code,
            job_id=getattr(request, "sandbox_job_id", None),
            # When the call arrived, as a rate limiter at Pictory would count it (a slow
            # handler must not make calls look bunched up).
            created_at=getattr(request, "sandbox_arrived_at", None) or timezone.now(),
        )
    )


def api_endpoint(endpoint: str, methods: list[str], *, authenticated: bool = True):
    """Wrap a handler `(request, caller, **kwargs) -> HttpResponse` as a JSON API view.

    Handlers set `request.sandbox_job_id` when the call concerns a job, for the request log.
    """

    def decorator(handler):
        @csrf_exempt
        @wraps(handler)
        def view(request, **kwargs):
            caller = None
            request.sandbox_arrived_at = timezone.now()
            request.sandbox_job_id = None
            try:
                if request.method not in methods:
                    response = responses.method_not_allowed(methods)
                elif not authenticated:
                    response = handler(request, None, **kwargs)
                else:
                    caller = authenticate(request)
                    wait = throttle.budget_retry_after(caller)
                    if wait is not None:
                        response = responses.too_many_requests(wait)
                    else:
                        response = handler(request, caller, **kwargs)
            except AuthRejected as rejected:
                response = rejected.response
            except Exception:  # answer like an API server, and keep the call in the log
                log.exception("sandbox %s failed", endpoint)
                response = responses.server_error()
            _record(request, endpoint, caller, response.status_code)
            return response

        return view

    return decorator
