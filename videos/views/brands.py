"""Brand kits: everyone sees them; only Admins create, change, duplicate, archive and sync them."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from videos.forms import BrandForm
from videos.models import Brand
from videos.permissions import Action, role_allows
from videos.selectors import subtitle_styles_available, voices_available
from videos.services import brands as brand_services
from videos.services.brand_payload import PICTORY_FONTS, font_url, logo_url
from videos.views.common import require

_KIT_JOINS = ("logo", "font_file", "created_by")


def _brand(pk: int) -> Brand:
    return get_object_or_404(Brand.objects.select_related(*_KIT_JOINS), pk=pk)


@login_required
def brand_list(request):
    require(request.user, Action.VIEW)
    show_archived = request.GET.get("archived") == "1"
    kits = Brand.objects.select_related(*_KIT_JOINS).filter(archived_at__isnull=not show_archived)
    can_manage = role_allows(request.user, Action.MANAGE_BRANDS)
    pictory_brands, pictory_error = brand_services.pictory_brands_list() if can_manage else ([], "")
    archived_count = Brand.objects.filter(archived_at__isnull=False).count() if not show_archived else 0
    return render(request, "videos/brand_list.html", {
        "kits": [{"brand": kit, "logo": logo_url(kit), "font_url": font_url(kit)} for kit in kits],
        "show_archived": show_archived, "archived_count": archived_count, "can_manage": can_manage,
        "pictory_brands": pictory_brands, "pictory_error": pictory_error,
    })


def _form_page(request, form: BrandForm, *, brand: Brand | None, status: int = 200, notes: tuple = ()):
    can_manage = role_allows(request.user, Action.MANAGE_BRANDS)
    return render(request, "videos/brand_form.html", {
        "form": form, "brand": brand, "fonts": PICTORY_FONTS, "can_manage": can_manage,
        "catalogue_notes": [n for n in notes if n],
        "logo": logo_url(brand) if brand else "", "projects_using": brand.projects.count() if brand else 0,
    }, status=status)


def _catalogues():
    styles, styles_error = subtitle_styles_available()
    voices, voices_error = voices_available()
    return styles, voices, (styles_error, voices_error)


def _save(request, form: BrandForm, *, brand: Brand | None):
    if not form.is_valid():
        return None
    saved = brand_services.brand_save(brand=form.save(commit=False), by=request.user)
    if form.cleaned_data.get("sync_to_pictory"):
        result = brand_services.brand_push(brand=saved)
        (messages.success if result.ok else messages.warning)(request, f"Saved “{saved.name}”. {result.message}")
    else:
        messages.success(request, f"Saved “{saved.name}”. It applies in the studio; it is not saved at Pictory.")
    return redirect("videos:brand_detail", pk=saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
def brand_create(request):
    require(request.user, Action.MANAGE_BRANDS)
    styles, voices, notes = _catalogues()
    if request.method == "GET":
        form = BrandForm(styles=styles, voices=voices, initial={"is_default": not Brand.objects.exists()})
        return _form_page(request, form, brand=None, notes=notes)
    form = BrandForm(request.POST, styles=styles, voices=voices)
    return _save(request, form, brand=None) or _form_page(request, form, brand=None, status=400, notes=notes)


@login_required
@require_http_methods(["GET", "POST"])
def brand_detail(request, pk: int):
    brand = _brand(pk)
    require(request.user, Action.VIEW if request.method == "GET" else Action.MANAGE_BRANDS)
    styles, voices, notes = _catalogues()
    if request.method == "GET":
        form = BrandForm(instance=brand, styles=styles, voices=voices,
                         initial={"sync_to_pictory": bool(brand.pictory_brand_id) or not brand.pictory_sync_note})
        return _form_page(request, form, brand=brand, notes=notes)
    form = BrandForm(request.POST, instance=brand, styles=styles, voices=voices)
    return _save(request, form, brand=brand) or _form_page(request, form, brand=brand, status=400, notes=notes)


@login_required
@require_POST
def brand_duplicate(request, pk: int):
    require(request.user, Action.MANAGE_BRANDS)
    copy = brand_services.brand_duplicate(brand=_brand(pk), by=request.user)
    messages.success(request, f"Made “{copy.name}”. Change what differs, then save.")
    return redirect("videos:brand_detail", pk=copy.pk)


@login_required
@require_POST
def brand_archive(request, pk: int):
    require(request.user, Action.MANAGE_BRANDS)
    brand = _brand(pk)
    if request.POST.get("restore"):
        brand_services.brand_restore(brand=brand)
        messages.success(request, f"Restored “{brand.name}”: it can be picked for projects and batches again.")
        return redirect("videos:brand_detail", pk=brand.pk)
    result = brand_services.brand_archive(brand=brand)
    text = f"Archived “{brand.name}”. Projects that use it keep it; it is no longer offered for new work."
    (messages.success if result.ok else messages.warning)(request, f"{text} {result.message}".strip())
    return redirect("videos:brand_list")


@login_required
@require_POST
def brand_make_default(request, pk: int):
    require(request.user, Action.MANAGE_BRANDS)
    brand = brand_services.brand_make_default(brand=_brand(pk))
    messages.success(request, f"“{brand.name}” is now the team default: new projects start with it.")
    return redirect("videos:brand_list")


@login_required
@require_POST
def brand_push(request, pk: int):
    require(request.user, Action.MANAGE_BRANDS)
    brand = _brand(pk)
    result = brand_services.brand_push(brand=brand)
    (messages.success if result.ok else messages.warning)(request, result.message)
    return redirect("videos:brand_detail", pk=brand.pk)


@login_required
@require_POST
def brand_sync(request):
    """Check Pictory's brands again, or import one of them as a studio kit."""
    require(request.user, Action.MANAGE_BRANDS)
    pictory_id = request.POST.get("import", "").strip()
    if not pictory_id:
        _, error = brand_services.pictory_brands_list(fresh=True)
        (messages.warning if error else messages.success)(request, error or "Read the account's brands again.")
        return redirect("videos:brand_list")
    try:
        brand = brand_services.brand_import(pictory_id=pictory_id[:64], by=request.user)
    except ValueError as exc:
        messages.warning(request, str(exc))
        return redirect("videos:brand_list")
    messages.success(request, f"Linked “{brand.name}” to the Pictory brand. Add its logo and font here if needed.")
    return redirect("videos:brand_detail", pk=brand.pk)
