"""The media library page and the three steps of an upload (start, finish, or send through the studio)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from videos.models import MediaAsset, MediaKind, MediaStatus
from videos.permissions import Action, role_allows
from videos.services import media as media_services
from videos.views.common import require

PAGE_SIZE = 60
KIND_FILTERS = [("image", "Images"), ("audio", "Audio"), ("video", "Videos"), ("font", "Fonts")]


def _card(request, asset: MediaAsset) -> str:
    return render_to_string("videos/includes/media_card.html", {"asset": asset}, request=request)


def _answer(request, asset: MediaAsset) -> JsonResponse:
    return JsonResponse({
        "id": asset.pk, "name": asset.name, "kind": asset.kind, "url": asset.url, "status": asset.status,
        "refusal": asset.refusal, "card": _card(request, asset),
    }, status=200 if asset.status == MediaStatus.READY else 422)


@login_required
@require_GET
def media_library(request):
    require(request.user, Action.VIEW)
    kind = request.GET.get("kind", "")
    assets = MediaAsset.objects.select_related("uploaded_by").exclude(status=MediaStatus.UPLOADING)
    if kind in MediaKind.values:
        assets = assets.filter(kind=kind)
    else:
        kind = ""
    caps = media_services.upload_caps()
    return render(request, "videos/media_library.html", {
        "assets": assets[:PAGE_SIZE], "kind": kind, "kinds": KIND_FILTERS,
        "can_upload": role_allows(request.user, Action.MANAGE_MEDIA),
        "caps": [(MediaKind(k).label, media_services._megabytes(v)) for k, v in caps.items()],
        "types": media_services.allowed_types_text(),
    })


@login_required
@require_POST
def media_upload_start(request):
    require(request.user, Action.MANAGE_MEDIA)
    try:
        asset, signed_url = media_services.media_upload_start(
            user=request.user, name=request.POST.get("name", ""), content_type=request.POST.get("content_type", ""),
            size=request.POST.get("size"))
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"id": asset.pk, "signed_url": signed_url, "content_type": asset.content_type,
                         "finish_url": reverse("videos:media_upload_finish", args=[asset.pk])})


@login_required
@require_POST
def media_upload_finish(request, pk: int):
    require(request.user, Action.MANAGE_MEDIA)
    asset = get_object_or_404(MediaAsset, pk=pk, uploaded_by=request.user)
    asset = media_services.media_upload_finish(asset=asset, width=request.POST.get("width"),
                                               height=request.POST.get("height"),
                                               duration=request.POST.get("duration"))
    return _answer(request, asset)


@login_required
@require_POST
def media_upload_direct(request):
    """Without JavaScript, or when the browser cannot reach the storage: a small file through the studio."""
    require(request.user, Action.MANAGE_MEDIA)
    upload = request.FILES.get("file")
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        if upload is None:
            raise ValidationError("Choose a file to upload.")
        asset = media_services.media_upload_direct(user=request.user, upload=upload)
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"error": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
        return redirect("videos:media_library")
    if wants_json:
        return _answer(request, asset)
    if asset.status == MediaStatus.READY:
        messages.success(request, f"Uploaded “{asset.name}”.")
    else:
        messages.error(request, asset.refusal)
    return redirect("videos:media_library")
