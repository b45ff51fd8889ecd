"""The media library page and the steps of an upload (start, finish, or send through the studio)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from videos.models import MediaAsset, MediaKind, MediaStatus
from videos.permissions import Action, role_allows
from videos.services import media as media_services
from videos.views.common import require

PAGE_SIZE = 48
KIND_FILTERS = [("image", "Images"), ("video", "Videos"), ("audio", "Audio"), ("font", "Fonts")]
# Room for the multipart envelope and the small fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def _card(request, asset: MediaAsset) -> str:
    return render_to_string("videos/includes/media_card.html", {"asset": asset}, request=request)


def _answer(request, asset: MediaAsset) -> HttpResponse:
    if request.htmx:
        return HttpResponse(_card(request, asset))
    return JsonResponse({
        "asset_id": asset.pk, "name": asset.name, "kind": asset.kind, "url": asset.url, "status": asset.status,
        "refusal": asset.refusal, "size_bytes": asset.size_bytes, "width": asset.width, "height": asset.height,
        "duration": asset.duration_seconds, "card": _card(request, asset),
    }, status=200 if asset.status == MediaStatus.READY else 422)


def _error(message: str, *, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
@require_GET
def media_library(request):
    require(request.user, Action.VIEW)
    kind = request.GET.get("kind", "")
    kind = kind if kind in MediaKind.values else ""
    shown = MediaAsset.objects.exclude(status=MediaStatus.UPLOADING)
    counts = dict(shown.values_list("kind").annotate(n=Count("id")).order_by())
    assets = shown.select_related("uploaded_by")
    if kind:
        assets = assets.filter(kind=kind)
    page = Paginator(assets, PAGE_SIZE).get_page(request.GET.get("page"))
    caps = media_services.upload_caps()
    return render(request, "videos/media_library.html", {
        "page": page, "assets": page.object_list, "kind": kind,
        "kinds": [(value, label, counts.get(value, 0)) for value, label in KIND_FILTERS],
        "total": sum(counts.values()),
        "can_upload": role_allows(request.user, Action.MANAGE_MEDIA),
        "caps": [(MediaKind(k).label, media_services.megabytes(v)) for k, v in caps.items()],
        "direct_max_bytes": media_services.DIRECT_UPLOAD_MAX_BYTES,
        "types": media_services.allowed_types_text(), "accept": media_services.accept_attribute(),
    })


@login_required
@require_POST
def media_upload_start(request):
    require(request.user, Action.MANAGE_MEDIA)
    try:
        asset, signed_url = media_services.media_upload_start(
            user=request.user, name=request.POST.get("name", ""), content_type=request.POST.get("content_type", ""),
            size=request.POST.get("size"), kind=request.POST.get("kind", ""))
    except ValidationError as exc:
        return _error(" ".join(exc.messages))
    return JsonResponse({"asset_id": asset.pk, "signed_url": signed_url, "content_type": asset.content_type,
                         "finish_url": reverse("videos:media_upload_finish", args=[asset.pk])})


@login_required
@require_POST
def media_upload_finish(request, pk: int):
    require(request.user, Action.MANAGE_MEDIA)
    asset = get_object_or_404(MediaAsset, pk=pk)
    try:
        asset = media_services.media_upload_finish(
            asset=asset, user=request.user, width=request.POST.get("width"), height=request.POST.get("height"),
            duration=request.POST.get("duration"))
    except ValidationError as exc:
        # The storage could not be read for now; the asset stays as it was and can be finished again.
        return _error(" ".join(exc.messages), status=503, retry=True)
    return _answer(request, asset)


def _too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > media_services.DIRECT_UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES


def _direct_refused(request, message: str, *, status: int = 400):
    if _wants_json(request):
        return _error(message, status=status)
    messages.error(request, message)
    return redirect("videos:media_library")


@csrf_exempt  # checked below, once the body is known to be small enough to read
@login_required
@require_POST
def media_upload_direct(request):
    """Without JavaScript, or when the browser cannot reach the storage: a small file through the studio."""
    require(request.user, Action.MANAGE_MEDIA)
    if _too_large(request):
        # Refused from the headers: a 1 GB body is never read into a temporary file just to be refused.
        limit = media_services.megabytes(media_services.DIRECT_UPLOAD_MAX_BYTES)
        return _direct_refused(request, f"Files sent through the studio may be at most {limit}. Upload it from a "
                                        "browser that can reach Pictory's storage, or make it smaller.", status=413)
    return _direct_upload(request)


@csrf_protect
def _direct_upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        return _direct_refused(request, "Choose a file to upload.")
    try:
        asset = media_services.media_upload_direct(
            user=request.user, upload=upload, width=request.POST.get("width"), height=request.POST.get("height"),
            duration=request.POST.get("duration"), kind=request.POST.get("kind", ""))
    except ValidationError as exc:
        return _direct_refused(request, " ".join(exc.messages))
    if _wants_json(request):
        return _answer(request, asset)
    if asset.status == MediaStatus.READY:
        messages.success(request, f"Uploaded “{asset.name}”.")
    else:
        messages.error(request, asset.refusal)
    return redirect("videos:media_library")
