"""Brand kits (contract §5.4): the fixed catalogue brands and those made through
/v1/brands/editvideo, shared by every credential like jobs.

A kit keeps the colours as given; missing `light`, `dark` and `contrastText` shades are derived
from `main` when the kit is shown, so a PUT changing only `main` moves the derived shades too.
"""

import uuid
from datetime import UTC, datetime

from django.utils import timezone

from . import catalogue, enums
from .fields import Anything, FieldErrors, HexColor, Obj, Str
from .models import SandboxBrand

SHADES = ("main", "light", "dark", "contrastText")
PALETTE = Obj({shade: HexColor() for shade in SHADES}, required=("main",))


def _check_font(body, path, errors):
    if "font" not in body:
        errors.add("font.family", "is required")


BRAND_BODY = Obj(
    {
        "name": Str(max_length=200, not_blank=True),
        "description": Str(max_length=2000),
        "color": Obj({"primary": PALETTE, "secondary": PALETTE}),
        "font": Obj(
            {
                "family": Str(max_length=200, not_blank=True),
                "url": Str(max_length=500, url=True),
                "format": Str(choices=enums.FONT_FORMATS),
            },
            required=("family",),
        ),
        "logo": Obj(
            {
                "url": Str(max_length=500, url=True),
                "position": Str(choices=enums.ELEMENT_POSITIONS),
                "width": Anything((str, int, float), 'a width such as "20%"'),
            },
            required=("url",),
        ),
    },
    required=("name",),
    checks=[_check_font],
)

_CATALOGUE_DATE = datetime(2024, 1, 1, tzinfo=UTC)
# What the fixed brands look like, by catalogue id.
_CATALOGUE_KITS = {
    "Sandbox Default Brand": {
        "description": "The sandbox's default look: blue and amber on white.",
        "color": {"primary": {"main": "#1E88E5"}, "secondary": {"main": "#FFC107"}},
        "font": {"family": "Roboto"},
    },
    "Sandbox Dark Brand": {
        "description": "Light text on near-black, violet accents.",
        "color": {
            "primary": {"main": "#121212", "light": "#2C2C2C", "dark": "#000000", "contrastText": "#FFFFFF"},
            "secondary": {"main": "#BB86FC", "light": "#D7B7FD", "dark": "#7F39FB", "contrastText": "#000000"},
        },
        "font": {"family": "Montserrat"},
    },
}


# --- colours -----------------------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    digits = hex_colour.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(channel):02X}" for channel in rgb)


def _mix(rgb, target: int, share: float) -> str:
    return _hex(channel + (target - channel) * share for channel in rgb)


def _palette(given: dict) -> dict:
    """All four shades: the given ones, the others derived from `main`."""
    rgb = _rgb(given["main"])
    luminance = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255
    derived = {
        "main": given["main"],
        "light": _mix(rgb, 255, 0.3),
        "dark": _mix(rgb, 0, 0.3),
        "contrastText": "#000000" if luminance > 0.6 else "#FFFFFF",
    }
    return {shade: given.get(shade, derived[shade]) for shade in SHADES}


def _colors(given: dict) -> dict:
    return {key: _palette(value) for key, value in given.items() if isinstance(value, dict) and "main" in value}


# --- shapes ------------------------------------------------------------------------------------


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def brand_object(brand: SandboxBrand) -> dict:
    """The brand as the API answers it."""
    return {
        "brandId": brand.brand_id,
        "name": brand.name,
        "description": brand.description,
        "color": _colors(brand.color),
        "font": dict(brand.font),
        "logo": dict(brand.logo),
        "createdDate": _date(brand.created_at),
        "updatedDate": _date(brand.updated_at),
    }


def _catalogue_object(item: dict) -> dict:
    kit = _CATALOGUE_KITS.get(item["name"], {})
    return {
        "brandId": item["id"],
        "name": item["name"],
        "description": kit.get("description", ""),
        "color": _colors(kit.get("color", {})),
        "font": dict(kit.get("font", {})),
        "logo": {},
        "createdDate": _date(_CATALOGUE_DATE),
        "updatedDate": _date(_CATALOGUE_DATE),
    }


# --- reading -----------------------------------------------------------------------------------


def brand_kit_list() -> list[dict]:
    """GET /v1/brands/editvideo: the brands made through the API, oldest first."""
    return [brand_object(brand) for brand in SandboxBrand.objects.all()]


def video_brand_list() -> list[dict]:
    """GET /v1/brands/video: the fixed brands, then every brand made through the API."""
    made = SandboxBrand.objects.values_list("brand_id", "name")
    return [*catalogue.BRANDS, *({"id": brand_id, "name": name} for brand_id, name in made)]


def brand_get(brand_id: str) -> SandboxBrand | None:
    return SandboxBrand.objects.filter(brand_id=brand_id).first()


def find_brand(*, brand_id: str | None = None, brand_name: str | None = None) -> dict | None:
    """The brand object a storyboard's brandId (exact) or brandName (any case) names, catalogue
    brands included; None when nothing matches."""
    if brand_id:
        for item in catalogue.BRANDS:
            if item["id"] == brand_id:
                return _catalogue_object(item)
        brand = brand_get(brand_id)
        return brand_object(brand) if brand else None
    if brand_name and brand_name.strip():
        wanted = brand_name.strip().lower()
        for item in catalogue.BRANDS:
            if item["name"].lower() == wanted:
                return _catalogue_object(item)
        brand = SandboxBrand.objects.filter(name__iexact=brand_name.strip()).first()
        return brand_object(brand) if brand else None
    return None


# --- changing ----------------------------------------------------------------------------------


def _name_taken(name: str, *, exclude_pk: int | None = None) -> bool:
    wanted = name.strip().lower()
    if any(item["name"].lower() == wanted for item in catalogue.BRANDS):
        return True
    return SandboxBrand.objects.filter(name__iexact=name.strip()).exclude(pk=exclude_pk).exists()


def _clean(body, *, exclude_pk: int | None = None) -> tuple[dict, list[dict]]:
    errors = FieldErrors()
    if not isinstance(body, dict):
        errors.add("body", "must be a JSON object")
        return {}, errors.items
    cleaned = BRAND_BODY.clean(body, "", errors)
    name = cleaned.get("name")
    if isinstance(name, str) and name.strip() and _name_taken(name, exclude_pk=exclude_pk):
        errors.add("name", f"a brand named '{name.strip()}' already exists")
    return cleaned, errors.items


def _merged(current: dict, change: dict) -> dict:
    """`current` with `change` laid over it, object by object; a null removes the key."""
    result = dict(current)
    for key, value in change.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result


def _stored_body(brand: SandboxBrand) -> dict:
    body = {"name": brand.name, "description": brand.description, "color": brand.color, "font": brand.font}
    if brand.logo:
        body["logo"] = brand.logo
    return body


def _apply(brand: SandboxBrand, cleaned: dict) -> None:
    brand.name = cleaned["name"].strip()
    brand.description = cleaned.get("description", "")
    brand.color = cleaned.get("color", {})
    brand.font = cleaned.get("font", {})
    brand.logo = cleaned.get("logo", {})


def brand_create(*, body) -> tuple[dict | None, list[dict]]:
    """POST /v1/brands/editvideo: (brand object, []) or (None, field errors)."""
    cleaned, errors = _clean(body)
    if errors:
        return None, errors
    now = timezone.now()
    brand = SandboxBrand(brand_id=str(uuid.uuid4()), created_at=now, updated_at=now)
    _apply(brand, cleaned)
    brand.save()
    return brand_object(brand), []


def brand_update(*, brand: SandboxBrand, body) -> tuple[dict | None, list[dict]]:
    """PUT /v1/brands/editvideo/{id}: the given fields laid over the stored ones, then checked
    like a new brand."""
    if not isinstance(body, dict):
        return None, [{"name": "body", "errors": "must be a JSON object"}]
    cleaned, errors = _clean(_merged(_stored_body(brand), body), exclude_pk=brand.pk)
    if errors:
        return None, errors
    _apply(brand, cleaned)
    brand.updated_at = timezone.now()
    brand.save()
    return brand_object(brand), []


def brand_delete(*, brand: SandboxBrand) -> None:
    brand.delete()

