"""Brand kits: save, duplicate, archive, the team default, and the two-way sync with Pictory.

Pictory documents only listing its video brands (`GET /v1/brands/video`) and creating one for
the editor (`POST /v1/brands/editvideo`); reading, changing and deleting a kit at
`/v1/brands/editvideo/{id}` are inferred (contract §5.4). An account that does not offer them
answers 404: the kit then still applies locally, through the render payload, and the kit
says so in `pictory_sync_note`.
"""
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from pictory_studio.pictory import NotFoundError, PictoryError
from pictory_studio.pictory.factory import client_from_settings, pictory_mode
from videos.models import Brand
from videos.services.brand_colors import variants
from videos.services.brand_payload import font_url, logo_overlay
from videos.services.explain import pictory_error_text
from videos.services.text import single_line

log = logging.getLogger(__name__)

NO_BRAND_API = ("This Pictory account does not offer the brand API, so the kit lives in the studio only. "
                "It still applies to every render: logo, colours, font and subtitle style go with the video.")
PICTORY_BRANDS_SECONDS = 120
_VARIANT_FIELDS = {
    "primary": ("primary_color", "primary_light", "primary_dark", "primary_contrast_text"),
    "secondary": ("secondary_color", "secondary_light", "secondary_dark", "secondary_contrast_text"),
}


@dataclass(frozen=True)
class SyncResult:
    ok: bool
    message: str


def brand_fill_variants(*, brand: Brand) -> None:
    """Derive light, dark and contrast text for each colour where the admin left them empty."""
    for main_field, light_field, dark_field, text_field in _VARIANT_FIELDS.values():
        derived = variants(getattr(brand, main_field))
        for field, key in ((light_field, "light"), (dark_field, "dark"), (text_field, "contrastText")):
            if not getattr(brand, field) and derived:
                setattr(brand, field, derived[key])


@transaction.atomic
def brand_save(*, brand: Brand, by) -> Brand:
    """Save a new or changed kit; the team default moves to it when it is marked default."""
    brand.name = single_line(brand.name)
    brand_fill_variants(brand=brand)
    if brand.pk is None:
        brand.created_by = by
    if brand.is_default:
        Brand.objects.filter(is_default=True).exclude(pk=brand.pk).update(is_default=False)
        brand.archived_at = None
    brand.save()
    return brand


def _copy_name(name: str) -> str:
    taken = set(Brand.objects.filter(name__startswith=name).values_list("name", flat=True))
    candidate, number = f"{name} (copy)", 2
    while candidate in taken:
        candidate, number = f"{name} (copy {number})", number + 1
    return candidate[:120]


def brand_duplicate(*, brand: Brand, by) -> Brand:
    """A new, unlinked, non-default kit with the same settings."""
    copy = Brand.objects.get(pk=brand.pk)
    copy.pk = None
    copy.name = _copy_name(brand.name)
    copy.is_default = False
    copy.archived_at = None
    copy.pictory_brand_id = ""
    copy.pictory_synced_at = None
    copy.pictory_sync_note = ""
    copy.created_by = by
    for _attempt in range(3):
        try:
            with transaction.atomic():
                copy.save()
            return copy
        except IntegrityError:  # someone took the name at the same moment
            copy.name = _copy_name(copy.name)
    raise IntegrityError("Could not find a free name for the copy")


def brand_archive(*, brand: Brand) -> SyncResult:
    """Hide the kit from pickers (projects using it keep it) and remove its copy at Pictory."""
    brand.archived_at = timezone.now()
    brand.is_default = False
    result = SyncResult(ok=True, message="")
    if brand.pictory_brand_id:
        result = _delete_at_pictory(brand)
    brand.save()
    return result


def brand_restore(*, brand: Brand) -> Brand:
    brand.archived_at = None
    brand.save(update_fields=["archived_at", "updated_at"])
    return brand


@transaction.atomic
def brand_make_default(*, brand: Brand) -> Brand:
    Brand.objects.filter(is_default=True).exclude(pk=brand.pk).update(is_default=False)
    brand.is_default = True
    brand.archived_at = None
    brand.save(update_fields=["is_default", "archived_at", "updated_at"])
    return brand


def brand_default() -> Brand | None:
    return Brand.objects.filter(is_default=True, archived_at__isnull=True).first()


def brands_active():
    return Brand.objects.filter(archived_at__isnull=True)


# --- Pictory ------------------------------------------------------------------------------


def pictory_body(brand: Brand) -> dict:
    """The kit as Pictory's brand object (`POST /v1/brands/editvideo`)."""
    body: dict = {
        "name": brand.name,
        "description": brand.description,
        "color": {
            "primary": {"main": brand.primary_color, "light": brand.primary_light,
                        "dark": brand.primary_dark, "contrastText": brand.primary_contrast_text},
            "secondary": {"main": brand.secondary_color, "light": brand.secondary_light,
                          "dark": brand.secondary_dark, "contrastText": brand.secondary_contrast_text},
        },
        "font": {"family": brand.font_family or "Roboto"},
    }
    if font_url(brand):
        body["font"].update({"url": font_url(brand), "format": _font_format(font_url(brand))})
    overlay = logo_overlay(brand)
    if overlay:
        body["logo"] = overlay
    return body


def _font_format(url: str) -> str:
    path = url.lower().split("?", 1)[0]
    return {"otf": "opentype", "woff2": "woff2", "woff": "woff"}.get(path.rsplit(".", 1)[-1], "truetype")


def _note(brand: Brand, message: str) -> None:
    brand.pictory_sync_note = message[:300]


def brand_push(*, brand: Brand) -> SyncResult:
    """Create the kit at Pictory, or update the linked one. Never raises: the result says what happened."""
    client = client_from_settings()
    body = pictory_body(brand)
    try:
        if brand.pictory_brand_id:
            try:
                kit = client.update_brand_kit(brand.pictory_brand_id, body)
            except NotFoundError:
                # Either the account lacks the API or the kit was deleted there: try making it anew.
                kit = client.create_brand_kit(body)
        else:
            kit = client.create_brand_kit(body)
    except NotFoundError:
        _note(brand, NO_BRAND_API)
        brand.save(update_fields=["pictory_sync_note", "updated_at"])
        return SyncResult(ok=False, message=NO_BRAND_API)
    except (PictoryError, ValueError) as exc:
        text = pictory_error_text(exc, action="brand_save") if isinstance(exc, PictoryError) \
            else str(exc)
        _note(brand, f"Not saved at Pictory: {text}")
        brand.save(update_fields=["pictory_sync_note", "updated_at"])
        return SyncResult(ok=False, message=f"The kit is saved in the studio, but not at Pictory: {text}")
    brand.pictory_brand_id = kit.id
    brand.pictory_synced_at = timezone.now()
    _note(brand, "")
    brand.save(update_fields=["pictory_brand_id", "pictory_synced_at", "pictory_sync_note", "updated_at"])
    cache.delete(_pictory_brands_key())
    return SyncResult(ok=True, message="Saved at Pictory too: renders name it as the account's brand kit.")


def _delete_at_pictory(brand: Brand) -> SyncResult:
    try:
        client_from_settings().delete_brand_kit(brand.pictory_brand_id)
    except NotFoundError:
        pass  # already gone there, or the account never had the API
    except PictoryError as exc:
        text = pictory_error_text(exc, action="brand_delete")
        return SyncResult(ok=False, message=f"Archived in the studio; Pictory still has the kit: {text}")
    brand.pictory_brand_id = ""
    brand.pictory_synced_at = None
    cache.delete(_pictory_brands_key())
    return SyncResult(ok=True, message="Removed from Pictory too.")


def _pictory_brands_key() -> str:
    return f"pictory:brands:{pictory_mode()}"


@dataclass(frozen=True)
class PictoryBrand:
    id: str
    name: str
    linked_to: Brand | None


def pictory_brands_list(*, fresh: bool = False) -> tuple[list[PictoryBrand], str]:
    """The account's video brands with the studio kit linked to each, and an error to show."""
    key = _pictory_brands_key()
    items = None if fresh else cache.get(key)
    if items is None:
        try:
            items = [(item.id, item.name) for item in client_from_settings().list_video_brands()]
        except PictoryError as exc:
            log.warning("Could not list Pictory brands: %s", exc.__class__.__name__)
            return [], pictory_error_text(exc, action="brand_list")
        cache.set(key, items, PICTORY_BRANDS_SECONDS)
    linked = {b.pictory_brand_id: b for b in Brand.objects.exclude(pictory_brand_id="")}
    return [PictoryBrand(id=i, name=n, linked_to=linked.get(i)) for i, n in items], ""


def brand_import(*, pictory_id: str, by) -> Brand:
    """A studio kit linked to one of the account's Pictory brands, with its colours and font when readable."""
    existing = Brand.objects.filter(pictory_brand_id=pictory_id).first()
    if existing is not None:
        return existing
    brands, error = pictory_brands_list()
    match = next((b for b in brands if b.id == pictory_id), None)
    if match is None:
        raise ValueError(error or "Pictory has no brand with that id any more; check Pictory again.")
    brand = Brand(name=_free_name(match.name or "Pictory brand"), pictory_brand_id=pictory_id,
                  pictory_synced_at=timezone.now())
    try:
        kit = client_from_settings().get_brand_kit(pictory_id)
    except PictoryError:
        kit = None  # a video brand without an editable kit: link it by id only
    if kit is not None:
        _copy_from_kit(brand, kit)
    return brand_save(brand=brand, by=by)


def _free_name(name: str) -> str:
    return name if not Brand.objects.filter(name=name).exists() else _copy_name(name)


def _copy_from_kit(brand: Brand, kit) -> None:
    brand.description = kit.description or ""
    for part, (main, light, dark, text) in _VARIANT_FIELDS.items():
        colours = getattr(kit, part) or {}
        for field, key in ((main, "main"), (light, "light"), (dark, "dark"), (text, "contrastText")):
            if colours.get(key):
                setattr(brand, field, str(colours[key])[:9])
    font = kit.font or {}
    brand.font_family = str(font.get("family") or "")[:80]
    brand.font_url = str(font.get("url") or "")[:1000]
    logo = kit.logo or {}
    brand.logo_url = str(logo.get("url") or "")[:1000]
