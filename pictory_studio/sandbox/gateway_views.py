"""An imitation of the LowCodeAPI gateway in front of the Pictory imitation (contract §12).

`/sandbox/lowcode/pictory/pictoryapis/<Pictory path>?api_token=…` checks the token, turns an
old-format path back into Pictory's (`…/jobs/jobid?jobid=1a2b` → `…/jobs/1a2b`), calls the
Pictory imitation with the key LowCodeAPI would inject, and wraps whatever it answers once
more: `{"data": <Pictory's body>}`, errors as `{"data": {"error": {"message", "code"}}}` with
Pictory's status (and its Retry-After on a 429).
"""
import json

from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt

from . import conf

TOKEN_PARAM = "api_token"
MOUNT = "lowcode/pictory/"


def _error(status: int, message: str, code: str) -> JsonResponse:
    return JsonResponse({"data": {"error": {"message": message, "code": code}}}, status=status)


def _pictory_path(rest: str, query) -> tuple[str, set[str]]:
    """The Pictory path, and the parameters whose names stood in the path (old format)."""
    segments = rest.split("/")
    named = set()
    for index, segment in enumerate(segments):
        if index >= 2 and segment and segment in query:  # never "pictoryapis" or the version
            segments[index] = query[segment]
            named.add(segment)
    return "/".join(segments), named


def _error_fields(body) -> dict:
    """Pictory's message and code (and field errors), whichever envelope it used."""
    if not isinstance(body, dict):
        return {"message": "Pictory answered with an error", "code": ""}
    inner = body.get("error") if isinstance(body.get("error"), dict) else body.get("data")
    inner = inner if isinstance(inner, dict) else {}
    message = (body.get("message") or inner.get("error_message") or inner.get("message")
               or "Pictory answered with an error")
    code = body.get("code") or inner.get("error_code") or inner.get("code") or ""
    error = {"message": str(message), "code": str(code)}
    if isinstance(body.get("fields"), list):
        error["fields"] = body["fields"]
    return error


def _wrapped(response: HttpResponse) -> HttpResponse:
    try:
        body = json.loads(response.content) if response.content.strip() else None
    except ValueError:
        body = None
    if response.status_code >= 400:
        wrapped = JsonResponse({"data": {"error": _error_fields(body)}}, status=response.status_code)
        if response.has_header("Retry-After"):
            wrapped["Retry-After"] = response["Retry-After"]
        return wrapped
    return JsonResponse({"data": body}, status=response.status_code, safe=False)


@csrf_exempt
def gateway(request, rest: str) -> HttpResponse:
    token = request.GET.get(TOKEN_PARAM, "")
    if not token:
        return _error(401, "api_token is missing: add your LowCodeAPI token to the query.", "UNAUTHORIZED")
    if not constant_time_compare(token, conf.lowcode_token()):
        return _error(401, "The api_token is not valid.", "UNAUTHORIZED")
    query = request.GET.copy()
    del query[TOKEN_PARAM]
    path, named = _pictory_path(rest, query)
    for name in named:
        del query[name]
    mount = request.path_info[: request.path_info.index(MOUNT)]
    try:
        match = resolve(mount + path)
    except Resolver404:
        match = None
    formats = conf.gateway_url_formats()
    ids_in_path = bool(match and match.kwargs) and not named
    if (match is None or match.url_name == "unknown" or (named and "old" not in formats)
            or (ids_in_path and "new" not in formats)):
        return _error(404, f"No such LowCodeAPI endpoint: {request.method} /pictory/{rest}", "NOT_FOUND")
    # What the gateway sends upstream: Pictory's own path and query, with the key it keeps.
    outer_path = request.path
    request.path_info = request.path = mount + path
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()
    request.META["HTTP_AUTHORIZATION"] = conf.api_key()
    request.__dict__.pop("headers", None)  # request.headers is cached from META on first use
    try:
        return _wrapped(match.func(request, *match.args, **match.kwargs))
    finally:
        request.path = outer_path  # the studio's own request log names the gateway's path
