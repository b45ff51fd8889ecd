"""What a brand kit adds to the storyboard body sent to Pictory (contract §6.1, §6.4, §6.5).

A kit applies whether or not Pictory knows it: the logo goes in as an image element on every
scene (or as the top-level `logo` where the studio sends no scenes, as for templates), the
colours and font as the subtitle style. A kit linked to Pictory is also named by `brandId`;
`brandName` is never sent with it.
"""
from videos.models import Brand, MediaStatus

# Pictory's font list (contract §8.3); any other family needs a font file (`fontUrl`).
PICTORY_FONTS = (
    "Anton", "Archivo Narrow", "Arial", "Averia Libre", "Barlow", "Barlow Black", "Bebas Neue",
    "Calibri", "Caprasimo", "Capriola", "Carter One", "Caveat", "Chakra Petch", "Chewy",
    "Comfortaa", "Courier Prime", "Dancing Script", "Dangrek", "Delius Unicase", "DM Sans",
    "Grandstander", "Gruppo", "Heartbeat", "Helvetica", "Helvetica Neue Medium", "JM Modern",
    "Josefin Sans", "Julius Sans One", "Laisha", "Lato", "Lato Extrabold", "Lexend", "LT Wave",
    "Manrope", "Merriweather", "Montserrat", "Moon dance", "Mustard", "Notosans", "Opensans",
    "Optik", "Party Confetti", "Patua One", "Playfair Display", "Plus Jakarta Sans", "Poppins",
    "Poppins Extrabold", "Proxima Nova", "Quicksand", "Raleway", "Raleway Black",
    "Raleway Thin", "Roboto", "Rokkitt", "Rowdies", "Russo One", "Satisfy", "Sora",
    "Source Sans Pro", "Space Grotesk", "Space mono", "Special Elite", "Strive",
    "Titillium Web", "Titillium Web Black", "Ubuntu", "Unbounded", "Work Sans", "Noto Sans JP",
    "Noto Serif JP", "Noto Sans Tamil", "Noto Sans Devanagari", "Noto Serif Devanagari",
)
_KNOWN_FONTS = {name.lower() for name in PICTORY_FONTS}


def is_pictory_font(family: str) -> bool:
    return family.strip().lower() in _KNOWN_FONTS


def _ready_url(asset) -> str:
    return asset.url if asset is not None and asset.status == MediaStatus.READY else ""


def logo_url(brand: Brand) -> str:
    """The uploaded logo when it is ready, else the logo address typed in the kit."""
    return _ready_url(brand.logo) or brand.logo_url.strip()


def font_url(brand: Brand) -> str:
    return _ready_url(brand.font_file) or brand.font_url.strip()


def subtitle_style(brand: Brand) -> dict:
    """The kit's colours and font as Pictory's fontStyle for subtitles."""
    style: dict = {
        "color": brand.secondary_contrast_text or "#FFFFFF",
        "backgroundColor": brand.secondary_color,
        "keywordColor": brand.primary_light or brand.primary_color,
        "showBoxBackground": True,
    }
    if brand.font_family.strip():
        style["fontFamily"] = brand.font_family.strip()
    if font_url(brand):
        style["fontUrl"] = font_url(brand)
    return style


def logo_element(brand: Brand) -> dict | None:
    url = logo_url(brand)
    if not url:
        return None
    return {"type": "image", "visualUrl": url, "position": brand.logo_position, "width": f"{brand.logo_width}%"}


def logo_overlay(brand: Brand) -> dict | None:
    url = logo_url(brand)
    if not url:
        return None
    return {"url": url, "position": brand.logo_position, "width": f"{brand.logo_width}%"}


def brand_fields(brand: Brand | None) -> dict:
    """Top-level fields of the body: brand, subtitle style preset and the kit's subtitle look."""
    if brand is None:
        return {}
    fields: dict = {}
    if brand.pictory_brand_id:
        fields["brandId"] = brand.pictory_brand_id
    if brand.subtitle_style_id:
        fields["subtitleStyleId"] = brand.subtitle_style_id
    elif brand.subtitle_style_name:
        fields["subtitleStyleName"] = brand.subtitle_style_name
    fields["subtitleStyle"] = subtitle_style(brand)
    return fields


def with_scene_logo(scene_body: dict, brand: Brand | None) -> dict:
    """The scene with the kit's logo as its image element."""
    element = logo_element(brand) if brand is not None else None
    if element is not None:
        scene_body["elements"] = [element]
    return scene_body


def template_brand_fields(brand: Brand | None) -> dict:
    """For bodies without scenes of our own (templates): the logo goes in as `logo`."""
    fields = brand_fields(brand)
    overlay = logo_overlay(brand) if brand is not None else None
    if overlay is not None:
        fields["logo"] = overlay
    return fields


def brand_effects(brand: Brand) -> list[str]:
    """What the kit changes in a render, in the words the project page shows."""
    effects = []
    if logo_url(brand):
        effects.append(f"Logo on every scene, {brand.get_logo_position_display().lower()}, "
                       f"{brand.logo_width}% of the width")
    text = brand.secondary_contrast_text or "#FFFFFF"
    font = brand.font_family.strip() or "Pictory's default font"
    effects.append(f"Subtitles in {font}, {text} on a {brand.secondary_color} box")
    if brand.subtitle_style_id or brand.subtitle_style_name:
        effects.append(f"Subtitle style preset “{brand.subtitle_style_name or brand.subtitle_style_id}”")
    if brand.pictory_brand_id:
        effects.append("Named as the account's Pictory brand kit (brandId)")
    else:
        effects.append("Not linked to a Pictory brand: only the logo, colours and font above apply")
    return effects
