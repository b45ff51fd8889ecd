"""The look of a render: what a brand kit, `logo`, image `elements` and `subtitleStyle` change
in the frames (contract §6.1, §6.4, §6.5).

Media are read only from the sandbox's own storage (a sandbox media URL); any other URL is
never fetched, and media that cannot be resolved or read are dropped silently, as the
contract says. Precedence:

* backdrop of a scene without its own visual or colour: the brand's primary colour;
* subtitle style: the scene's `subtitleStyle` over the top-level one, field by field;
* subtitle box: `backgroundColor`, else the brand's secondary colour, else a dark glass box;
  none at all when `showBoxBackground` is false;
* subtitle text: `color`, else the contrast text of the brand colour under it, else a colour
  readable on the box;
* subtitle font: `fontUrl`, else the brand font's `url`, else the bundled face;
* logo: the body's `logo`, else the brand's logo; drawn on every scene above the elements;
* widths: "15%", "15" or 15 all mean 15 % of the frame width.
"""

from dataclasses import dataclass, field
from pathlib import Path

from PIL import ImageFont

from . import brands, storage
from .colors import RGBA, parse_color

DEFAULT_BOX: RGBA = (0, 0, 0, 150)
DEFAULT_SUBTITLE_POSITION = "bottom-center"
DEFAULT_LOGO_POSITION = "top-right"
DEFAULT_LOGO_WIDTH = 15.0  # percent of the frame width
DEFAULT_ELEMENT_WIDTH = 30.0  # contract §6.4
DEFAULT_ELEMENT_POSITION = "center-center"


@dataclass(frozen=True)
class Overlay:
    """An image drawn over a scene. `width` is a percent of the frame width; the place is a
    9-grid `position`, or `top`/`left` percents of the frame for the image's top-left corner."""

    path: Path
    width: float
    position: str = DEFAULT_ELEMENT_POSITION
    top: float | None = None
    left: float | None = None


@dataclass(frozen=True)
class SubtitleLook:
    """How subtitle cues are drawn; `color` None means the default white."""

    color: RGBA | None = None
    box: RGBA | None = DEFAULT_BOX
    font_path: Path | None = None
    position: str = DEFAULT_SUBTITLE_POSITION
    font_size: int | None = None


@dataclass(frozen=True)
class SceneLook:
    subtitle: SubtitleLook = field(default_factory=SubtitleLook)
    overlays: tuple[Overlay, ...] = ()


@dataclass(frozen=True)
class VideoLook:
    """What the whole video shares: the brand (or None), the top-level subtitle style and the logo."""

    brand: dict | None = None
    subtitle_style: dict = field(default_factory=dict)
    subtitle: SubtitleLook = field(default_factory=SubtitleLook)
    logo: Overlay | None = None

    @property
    def backdrop(self) -> RGBA | None:
        return _brand_color(self.brand, "primary", "main")


# --- small readers -----------------------------------------------------------------------------


def _brand_color(brand: dict | None, palette: str, shade: str) -> RGBA | None:
    colors = (brand or {}).get("color") or {}
    return parse_color((colors.get(palette) or {}).get(shade))


def _percent(value, default: float) -> float:
    """A width or offset given as "15%", "15" or 15; the default for anything else."""
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        value = value.strip().removesuffix("%")
        try:
            value = float(value)
        except ValueError:
            return default
    if not isinstance(value, int | float):
        return default
    return min(100.0, max(0.0, float(value)))


def _grid_position(value, default: str) -> str:
    if value == "center":
        return "center-center"
    return value if isinstance(value, str) and value.count("-") == 1 else default


def media_file(url) -> Path | None:
    """The stored file behind a sandbox media URL; None for other URLs (never fetched)."""
    return storage.local_path_for_url(url) if isinstance(url, str) and url else None


def font_file(url) -> Path | None:
    """A TrueType/OpenType font stored behind a sandbox media URL, if it loads."""
    path = media_file(url)
    if path is None:
        return None
    try:
        ImageFont.truetype(str(path), 12)
    except (OSError, ValueError):
        return None
    return path


# --- resolving ---------------------------------------------------------------------------------


def _find_brand(storyboard: dict) -> dict | None:
    brand_id, brand_name = storyboard.get("brandId"), storyboard.get("brandName")
    if not (brand_id or brand_name):
        return None
    return brands.find_brand(brand_id=brand_id, brand_name=brand_name)


def _logo(storyboard: dict, brand: dict | None) -> Overlay | None:
    """The body's logo, else the brand's; None when neither resolves to a stored file."""
    logo = storyboard.get("logo") or (brand or {}).get("logo") or {}
    path = media_file(logo.get("url"))
    if path is None:
        return None
    return Overlay(
        path=path,
        width=_percent(logo.get("width"), DEFAULT_LOGO_WIDTH),
        position=_grid_position(logo.get("position"), DEFAULT_LOGO_POSITION),
    )


def video_look(storyboard: dict) -> VideoLook:
    """The brand, top-level subtitle style and logo of a storyboard."""
    brand = _find_brand(storyboard)
    style = storyboard.get("subtitleStyle")
    style = style if isinstance(style, dict) else {}
    return VideoLook(
        brand=brand,
        subtitle_style=style,
        subtitle=subtitle_look(style, brand),
        logo=_logo(storyboard, brand),
    )


def _subtitle_box(style: dict, brand: dict | None) -> tuple[RGBA | None, str]:
    """The box colour and which brand palette it came from ("" when not from the brand)."""
    if style.get("showBoxBackground") is False:
        return None, ""
    given = parse_color(style.get("backgroundColor"))
    if given:
        return given, ""
    secondary = _brand_color(brand, "secondary", "main")
    if secondary:
        return secondary, "secondary"
    return DEFAULT_BOX, ""


def subtitle_look(style: dict, brand: dict | None) -> SubtitleLook:
    box, palette = _subtitle_box(style, brand)
    color = (
        parse_color(style.get("color"))
        or _brand_color(brand, palette or "primary", "contrastText")
    )
    font_path = font_file(style.get("fontUrl")) or font_file(((brand or {}).get("font") or {}).get("url"))
    size = style.get("fontSize")
    return SubtitleLook(
        color=color,
        box=box,
        font_path=font_path,
        position=_grid_position(style.get("position"), DEFAULT_SUBTITLE_POSITION),
        font_size=size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else None,
    )


def _element_overlay(element) -> Overlay | None:
    if not isinstance(element, dict) or element.get("type") != "image":
        return None
    path = media_file(element.get("visualUrl"))
    if path is None:
        return None
    placed = "top" in element or "left" in element
    return Overlay(
        path=path,
        width=_percent(element.get("width"), DEFAULT_ELEMENT_WIDTH),
        position=_grid_position(element.get("position"), DEFAULT_ELEMENT_POSITION),
        top=_percent(element.get("top"), 0.0) if placed else None,
        left=_percent(element.get("left"), 0.0) if placed else None,
    )


def scene_look(look: VideoLook, scene: dict) -> SceneLook:
    """One input scene's subtitle look and overlays (its image elements, then the logo)."""
    own_style = scene.get("subtitleStyle")
    subtitle = look.subtitle
    if isinstance(own_style, dict) and own_style:
        subtitle = subtitle_look({**look.subtitle_style, **own_style}, look.brand)
    overlays = [_element_overlay(element) for element in scene.get("elements") or []]
    overlays.append(look.logo)
    return SceneLook(subtitle=subtitle, overlays=tuple(overlay for overlay in overlays if overlay is not None))
