"""An imitation of the five Picsart resources the dlt page names (contract §13), at
/sandbox/picsart/, plus the images its answers point to (served like a CDN, without a key).

Every call needs `X-Picsart-API-Key` (else 401) and `Accept: application/json` (else 406).
Past the per-minute limit it answers 429 with `Retry-After` and
`X-Picsart-RateLimit-Reset-Time`. An image search or a trending page uses one credit; when the
credits are gone it answers 402 `{"message": "Payment Required"}`. Lists page with `page` and
`page_size` and carry `next_page` while more follow.
"""
import hashlib
import math
from datetime import timedelta

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET

from . import conf, picsart
from .background import retry_locked
from .models import SandboxPicsartCall

WINDOW = timedelta(minutes=1)
CHARGED = ("image_search", "image_trending")


def _key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _credits_used(key: str) -> int:
    return SandboxPicsartCall.objects.filter(key=key, charged=True).count()


def _retry_after(key: str) -> float | None:
    limit = conf.picsart_requests_per_minute()
    if limit <= 0:
        return None
    recent = (SandboxPicsartCall.objects.filter(key=key, created_at__gt=timezone.now() - WINDOW)
              .exclude(status_code=429).order_by("created_at").values_list("created_at", flat=True))
    times = list(recent)
    if len(times) < limit:
        return None
    return max(1.0, (times[len(times) - limit] + WINDOW - timezone.now()).total_seconds())


def _refusal(request, endpoint: str) -> tuple[JsonResponse | None, str]:
    key = request.headers.get("X-Picsart-API-Key", "")
    if not key or not constant_time_compare(key, conf.picsart_api_key()):
        return JsonResponse({"message": "Unauthorized", "detail": "A valid X-Picsart-API-Key is required"},
                            status=401), ""
    fingerprint = _key_fingerprint(key)
    if "application/json" not in request.headers.get("Accept", ""):
        return JsonResponse({"message": "Not Acceptable", "detail": "Send Accept: application/json"},
                            status=406), fingerprint
    wait = _retry_after(fingerprint)
    if wait is not None:
        response = JsonResponse({"message": "Too Many Requests"}, status=429)
        response["Retry-After"] = str(math.ceil(wait))
        response["X-Picsart-RateLimit-Reset-Time"] = str(math.ceil(timezone.now().timestamp() + wait))
        return response, fingerprint
    if endpoint in CHARGED and _credits_used(fingerprint) >= conf.picsart_credits():
        return JsonResponse({"message": "Payment Required"}, status=402), fingerprint
    return None, fingerprint


def _answer(request, endpoint: str, build) -> JsonResponse:
    refusal, key = _refusal(request, endpoint)
    response = refusal or build()
    if key:
        charged = refusal is None and endpoint in CHARGED and response.status_code == 200
        retry_locked(lambda: SandboxPicsartCall.objects.create(
            key=key, endpoint=endpoint, status_code=response.status_code, charged=charged,
            created_at=timezone.now()))
    return response


def _paging(request) -> tuple[int, int] | JsonResponse:
    try:
        page = int(request.GET.get("page", 1))
        size = int(request.GET.get("page_size", picsart.DEFAULT_PAGE_SIZE))
    except ValueError:
        return JsonResponse({"message": "page and page_size must be whole numbers"}, status=400)
    if page < 1 or not 1 <= size <= picsart.MAX_PAGE_SIZE:
        return JsonResponse({"message": f"page starts at 1; page_size is 1 to {picsart.MAX_PAGE_SIZE}"}, status=400)
    return page, size


def _item(request, picture: picsart.Picture) -> dict:
    full = request.build_absolute_uri(reverse("sandbox:picsart_image", args=[picture.image_id]))
    return {"id": picture.image_id, "title": picture.title, "url": full, "thumbnail_url": full + "?size=thumb",
            "width": picsart.FULL_SIZE[0], "height": picsart.FULL_SIZE[1], "tags": picture.words.split()}


def _listing(request, items: list, selector: str) -> JsonResponse:
    paging = _paging(request)
    if isinstance(paging, JsonResponse):
        return paging
    chunk, next_page = picsart.page_of(items, *paging)
    body = {selector: [_item(request, picture) for picture in chunk]}
    if next_page is not None:
        body["next_page"] = next_page
    return JsonResponse(body)


@require_GET
def balance(request):
    def build():
        key = _key_fingerprint(request.headers.get("X-Picsart-API-Key", ""))
        return JsonResponse({"credits": max(0, conf.picsart_credits() - _credits_used(key))})

    return _answer(request, "balance", build)


@require_GET
def image_search(request):
    def build():
        query = request.GET.get("q", "").strip()
        if not query:
            return JsonResponse({"message": "q (what to search for) is required"}, status=400)
        return _listing(request, picsart.search(query), "results")

    return _answer(request, "image_search", build)


@require_GET
def image_trending(request):
    return _answer(request, "image_trending", lambda: _listing(request, picsart.trending(), "items"))


@require_GET
def video_tools_info(request):
    tools = [{"id": key, "name": name, "description": text} for key, name, text in picsart.VIDEO_TOOLS]
    return _answer(request, "video_tools_info", lambda: JsonResponse({"data": tools}))


@require_GET
def genai_models(request):
    models = [{"id": key, "name": name, "output": output} for key, name, output in picsart.GENAI_MODELS]
    return _answer(request, "genai_models", lambda: JsonResponse({"models": models}))


@require_GET
def image(request, image_id: str):
    if not picsart.valid_image_id(image_id):
        return HttpResponse(status=404)
    body = picsart.draw(picsart.Picture(image_id), thumbnail=request.GET.get("size") == "thumb")
    response = HttpResponse(body, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
