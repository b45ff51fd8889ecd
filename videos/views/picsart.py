"""The Picsart picker of the scene editor: image results (htmx fragments) and picking one."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from videos.permissions import Action, role_allows
from videos.services.picsart_visuals import picsart_images, picsart_pick

RESULTS = "videos/includes/picsart_results.html"
PICKED = "videos/includes/picsart_picked.html"


def _editors_only(request) -> None:
    if not (role_allows(request.user, Action.EDIT) and role_allows(request.user, Action.MANAGE_MEDIA)):
        raise PermissionDenied("Only editors pick images for scenes.")


@login_required
@require_GET
def picsart_results(request):
    _editors_only(request)
    query = (request.GET.get("q") or request.GET.get("picsart_query") or "").strip()[:200]
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    results = picsart_images(query=query, page=page)
    box = "".join(ch for ch in request.GET.get("box", "") if ch.isalnum() or ch in "-_")[:40] or "new"
    return render(request, RESULTS, {"results": results, "query": query, "page": page, "box": box})


@login_required
@require_POST
def picsart_pick_view(request):
    _editors_only(request)
    try:
        asset = picsart_pick(user=request.user, token=request.POST.get("picsart_token", ""))
    except ValidationError as exc:
        return render(request, PICKED, {"problem": " ".join(exc.messages)})
    return render(request, PICKED, {"asset": asset})
