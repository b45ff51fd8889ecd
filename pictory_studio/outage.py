"""While the database or Redis is out of reach, pages answer 503 with a plain explanation.

PostgreSQL restarting or Redis going down is a short, expected event in production: a visitor
gets a small page that says so and tries again by itself (Retry-After, meta refresh), and htmx
requests get a one-line banner (static/js/outage.js shows it and keeps status strips polling),
instead of a bare "Server Error (500)". The page is rendered without a request, so no context
processor reaches for the database that is down.

An error can surface in three places, each caught here:
* in a view or a template: process_exception;
* in the session or auth middleware, which Django turns into a 500 before it reaches us: the
  500 handler (handler500 in the URLconf) when DEBUG is off, and, when DEBUG is on, the
  got_request_exception signal marks the request so __call__ replaces the debug page;
* raised straight through (DEBUG_PROPAGATE_EXCEPTIONS): __call__'s try/except.
"""
import logging
import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # a studio without Redis
    REDIS_ERRORS: tuple = ()
else:
    REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError)

log = logging.getLogger("studio.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_ERRORS = DATABASE_ERRORS + REDIS_ERRORS
RETRY_AFTER_SECONDS = 5
OUTAGE_HEADER = "X-Studio-Outage"
_MARK = "_studio_outage"


class OutageMiddleware:
    """Placed right after SecurityMiddleware, so it also covers the session and auth middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except OUTAGE_ERRORS as exc:
            return outage_response(request, exc)
        marked = getattr(request, _MARK, None)
        if marked is not None and response.status_code == 500:
            return outage_response(request, marked)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            return outage_response(request, exception)
        return None


def server_error(request):
    """handler500: an outage that escaped the middleware still gets the outage page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OUTAGE_ERRORS):
        return outage_response(request, exc)
    return defaults.server_error(request)


def _mark_request(sender, request=None, **kwargs):
    """Remember which outage turned into a 500, for __call__ (the 500 page comes first)."""
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, OUTAGE_ERRORS):
        setattr(request, _MARK, exc)


got_request_exception.connect(_mark_request, dispatch_uid="studio-outage-mark")


def service_of(exc: BaseException) -> str:
    return "database" if isinstance(exc, DATABASE_ERRORS) else "queue and cache"


def outage_response(request, exc: BaseException) -> HttpResponse:
    """503 with the page (or, for htmx, the banner); logged once, by the error's class name only."""
    service = service_of(exc)
    if getattr(request, "_studio_outage_logged", None) is not exc:
        log.warning("outage service=%s error=%s", service.replace(" ", "_"), type(exc).__name__)
        request._studio_outage_logged = exc
    context = {"service": service, "retry_seconds": RETRY_AFTER_SECONDS,
               "retries_by_itself": request.method in ("GET", "HEAD")}
    template = "outage.html#banner" if request.headers.get("HX-Request") else "outage.html"
    response = HttpResponse(render_to_string(template, context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response[OUTAGE_HEADER] = "database" if service == "database" else "cache"
    # Django would add an ERROR line ("Service Unavailable", or "Internal Server Error" with the
    # traceback from the 500 handler) for every page asked during the outage: ours says it all.
    response._has_been_logged = True
    return response
