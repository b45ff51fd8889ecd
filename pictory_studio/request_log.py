"""One key=value line per page request, for operators:

    method=GET path=/projects/3/ status=200 duration_ms=12.3 user=7

The path is logged without its query string (signed links carry tokens there) and with URL
parts that are credentials (the webhook's token) masked. The user is an id, never a name or
an address. Static files and the health check are left out: they would drown the rest.
"""
import logging
import time
from urllib.parse import quote

from django.conf import settings
from django.utils.functional import LazyObject, empty

log = logging.getLogger("studio.request")

SKIPPED_PATHS = ("/healthz",)
# URL parameters whose value is a credential.
SECRET_PARTS = frozenset({"token", "secret", "signature", "key"})
MAX_PATH_CHARS = 300


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if not _skipped(request.path):
            elapsed_ms = (time.monotonic() - started) * 1000
            log.info("method=%s path=%s status=%s duration_ms=%.1f user=%s", _method(request), _logged_path(request),
                     response.status_code, elapsed_ms, _user_id(request))
        return response


def _skipped(path: str) -> bool:
    return path in SKIPPED_PATHS or path.startswith(settings.STATIC_URL)


def _method(request) -> str:
    method = request.method or "-"
    return method if method.isalpha() and len(method) <= 10 else "other"


def _logged_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name.lower() in SECRET_PARTS and str(value):
                path = path.replace(str(value), "[hidden]")
    # Percent-encoded again: a decoded space or line break must not break the line apart.
    return quote(path, safe="/:@!$&'()*+,;=-._~[]")[:MAX_PATH_CHARS]


def _user_id(request) -> str:
    """The signed-in user's id, read only if the request already looked the user up: looking
    them up here would cost a query per request (and fail during a database outage)."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        user = user.__dict__.get("_wrapped", empty)
        if user is empty:
            return "-"
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return str(user.pk)
