"""Still frames for rendered scenes, drawn with Pillow.

A frame is the scene's backdrop (its colour, or a gradient derived from its search query /
visual text), the scene text in the middle, a small caption naming the visual, the scene's
image overlays (elements and logo), and the current subtitle cue in the scene's subtitle
style unless subtitles are hidden. Over moving video the same subtitles and overlays are drawn
on transparent layers.
"""

import colorsys
import hashlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from .branding import Overlay, SubtitleLook
from .timeline import Backdrop

WHITE = (255, 255, 255)
INK = (20, 20, 28)
DEFAULT_SUBTITLE = SubtitleLook()
# fontSize in a subtitle style is in pixels of a 1080-pixel short side (a 1920×1080 canvas).
REFERENCE_SHORT_SIDE = 1080
MAX_OVERLAY_PIXELS = 40_000_000  # larger uploads are skipped rather than decoded
OPAQUE = 200  # boxes at least this opaque need no outline around their text


@lru_cache(maxsize=64)
def font(size: int, path: str | None = None) -> ImageFont.FreeTypeFont:
    """The face from a font file, or the bundled one when there is none or it does not load."""
    if path:
        try:
            return ImageFont.truetype(path, size)
        except (OSError, ValueError):
            pass
    # Pillow ≥ 10.1 ships a scalable TrueType face behind load_default(size=…).
    return ImageFont.load_default(size=size)


def gradient_colors(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Two harmonious colours chosen deterministically from the seed text."""
    digest = hashlib.sha256(seed.strip().lower().encode()).digest()
    hue = digest[0] / 255
    shift = 0.08 + digest[1] / 255 * 0.14
    saturation = 0.45 + digest[2] / 255 * 0.2
    first = colorsys.hls_to_rgb(hue, 0.32 + digest[3] / 255 * 0.1, saturation)
    second = colorsys.hls_to_rgb((hue + shift) % 1.0, 0.5 + digest[4] / 255 * 0.12, saturation)
    return (
        tuple(round(channel * 255) for channel in first),
        tuple(round(channel * 255) for channel in second),
    )


def css_background(backdrop: Backdrop) -> str:
    """The same backdrop as a CSS background, for the preview page."""
    if backdrop.color:
        r, g, b, a = backdrop.color
        return f"rgba({r}, {g}, {b}, {a / 255:.2f})"
    first, second = gradient_colors(backdrop.seed)
    return f"linear-gradient(135deg, rgb{first}, rgb{second})"


def gradient(size: tuple[int, int], seed: str) -> Image.Image:
    first, second = gradient_colors(seed)
    vertical = Image.linear_gradient("L")
    diagonal = ImageChops.add(vertical, vertical.rotate(90), scale=2.0).resize(size)
    image = Image.composite(Image.new("RGB", size, second), Image.new("RGB", size, first), diagonal)
    # A few soft light spots make the backdrop look less flat; positions come from the seed.
    digest = hashlib.sha256(seed.encode()).digest()
    glow = Image.new("L", (size[0] // 8, size[1] // 8), 0)
    draw = ImageDraw.Draw(glow)
    for i in range(3):
        cx, cy = digest[5 + i] / 255 * glow.width, digest[8 + i] / 255 * glow.height
        radius = (0.15 + digest[11 + i] / 255 * 0.25) * max(glow.size)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=70)
    glow = glow.filter(ImageFilter.GaussianBlur(max(glow.size) / 10)).resize(size)
    return Image.composite(Image.new("RGB", size, WHITE), image, glow)


def _text_color(background: tuple[int, int, int]) -> tuple[int, int, int]:
    r, g, b = background
    return INK if (0.299 * r + 0.587 * g + 0.114 * b) > 160 else WHITE


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and face.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fit(text: str, width: int, height: int, largest: int, smallest: int, font_path: str | None = None):
    """The biggest font size at which the wrapped text fits the box (truncated if needed)."""
    size = largest
    while True:
        face = font(size, font_path)
        lines = wrap(text, face, width)
        line_height = round(size * 1.25)
        if len(lines) * line_height <= height or size <= smallest:
            break
        size = max(smallest, int(size * 0.88))
    max_lines = max(1, height // line_height)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return face, lines, line_height


def _draw_block(draw, lines, face, line_height, center_x, top, fill, stroke):
    """Centred lines; `stroke` None draws them without an outline."""
    for number, line in enumerate(lines):
        y = top + number * line_height
        draw.text(
            (center_x, y),
            line,
            font=face,
            fill=fill,
            anchor="ma",
            stroke_width=max(1, face.size // 18) if stroke else 0,
            stroke_fill=stroke,
        )


def scene_base(
    size: tuple[int, int], backdrop: Backdrop, text: str, label: str, label_corner: str = "top-right"
) -> Image.Image:
    """The scene frame without its subtitle: backdrop, caption, label and centred text."""
    width, height = size
    picture = _backdrop_picture(backdrop, size)
    if picture is not None:  # an image the sandbox holds (an upload): the scene shows it
        image = picture.copy()  # drawn on below; the cached picture stays clean
        base_color = picture.resize((1, 1)).getpixel((0, 0))
    elif backdrop.color:
        base_color = backdrop.color[:3]
        image = Image.new("RGB", size, base_color)
    else:
        image = gradient(size, backdrop.seed)
        base_color = gradient_colors(backdrop.seed)[0]
    if backdrop.overlay and backdrop.overlay_opacity > 0:
        tint = Image.new("RGB", size, backdrop.overlay[:3])
        image = Image.blend(image, tint, backdrop.overlay_opacity)
    draw = ImageDraw.Draw(image, "RGBA")
    short_side = min(size)
    small = font(max(12, short_side // 40))
    margin = short_side // 30
    if backdrop.caption and picture is None:  # the caption names a picture the sandbox cannot show
        caption = backdrop.caption if len(backdrop.caption) <= 80 else backdrop.caption[:77] + "…"
        box = draw.textbbox((margin * 2, margin * 2), caption, font=small)
        draw.rounded_rectangle(
            (
                box[0] - margin // 2,
                box[1] - margin // 2,
                box[2] + margin // 2,
                box[3] + margin // 2,
            ),
            radius=margin // 2,
            fill=(0, 0, 0, 110),
        )
        draw.text((margin * 2, margin * 2), caption, font=small, fill=WHITE)
    if label:
        row, _, column = label_corner.partition("-")
        x = {"right": width - margin * 2, "center": width // 2}.get(column, margin * 2)
        y = margin * 2 if row == "top" else height - margin * 2
        draw.text(
            (x, y),
            label,
            font=small,
            fill=(255, 255, 255, 190),
            anchor={"right": "r", "center": "m"}.get(column, "l") + ("a" if row == "top" else "d"),
            stroke_width=1,
            stroke_fill=(0, 0, 0, 120),
        )
    if text:
        box_width, box_height = int(width * 0.82), int(height * 0.5)
        face, lines, line_height = _fit(
            text,
            box_width,
            box_height,
            largest=max(24, short_side // 11),
            smallest=max(14, short_side // 40),
        )
        top = (height - len(lines) * line_height) // 2 - height // 12
        fill = _text_color(base_color) if backdrop.color else WHITE
        stroke = (0, 0, 0) if fill == WHITE else (255, 255, 255)
        _draw_block(draw, lines, face, line_height, width // 2, top, fill, stroke)
    return image


def _subtitle_colors(look: SubtitleLook):
    """(text colour, outline colour or None): the style's colour, else one readable on the box;
    an outline only when the text sits on the picture or on a see-through box."""
    box = look.box
    solid_box = box is not None and box[3] >= OPAQUE
    readable = _text_color(box[:3]) if solid_box else WHITE
    text = look.color[:3] if look.color else readable
    light_text = _text_color(text) == INK
    outline = None if solid_box else ((0, 0, 0) if light_text else (255, 255, 255))
    return text, outline


def _subtitle_size(look: SubtitleLook, short_side: int) -> tuple[int, int]:
    """(largest, smallest) font sizes for the cue: the style's fontSize scaled to the frame."""
    smallest = max(12, short_side // 45)
    if look.font_size:
        largest = max(8, round(look.font_size * short_side / REFERENCE_SHORT_SIDE))
        return largest, min(smallest, largest)
    return max(18, short_side // 20), smallest


def _subtitle_top(row: str, height: int, block_height: int) -> int:
    if row == "top":
        return height // 14
    if row == "center":
        return (height - block_height) // 2
    return height - block_height - height // 14


def _subtitle_center_x(column: str, width: int, half_box: float) -> float:
    margin = width / 28
    if column == "left":
        return margin + half_box
    if column == "right":
        return width - margin - half_box
    return width / 2


def with_subtitle(base: Image.Image, subtitle: str, look: SubtitleLook = DEFAULT_SUBTITLE) -> Image.Image:
    """A copy of the frame with the subtitle cue drawn in the scene's subtitle style."""
    if not subtitle:
        return base
    image = base.copy()
    width, height = image.size
    largest, smallest = _subtitle_size(look, min(width, height))
    font_path = str(look.font_path) if look.font_path else None
    face, lines, line_height = _fit(subtitle, int(width * 0.86), int(height * 0.16), largest, smallest, font_path)
    draw = ImageDraw.Draw(image, "RGBA")
    block_height = len(lines) * line_height
    row, _, column = look.position.partition("-")
    top = _subtitle_top(row, height, block_height)
    widest = max(face.getlength(line) for line in lines)
    pad = line_height // 3
    center_x = _subtitle_center_x(column, width, widest / 2 + pad * 2)
    if look.box:
        draw.rounded_rectangle(
            (
                center_x - widest / 2 - pad * 2,
                top - pad,
                center_x + widest / 2 + pad * 2,
                top + block_height + pad // 2,
            ),
            radius=pad,
            fill=look.box,
        )
    text, outline = _subtitle_colors(look)
    _draw_block(draw, lines, face, line_height, round(center_x), top, text, outline)
    return image


def _backdrop_picture(backdrop: Backdrop, size: tuple[int, int]) -> Image.Image | None:
    if not backdrop.visual_url or backdrop.visual_type != "image":
        return None
    from .media_sources import local_media

    path = local_media(backdrop.visual_url)
    if path is None:
        return None
    return _cover(str(path), path.stat().st_mtime_ns, size)


@lru_cache(maxsize=8)
def _cover(path: str, modified: int, size: tuple[int, int]) -> Image.Image | None:
    """The image filling `size` (scaled and centre-cropped); None if it is not a readable image.
    `modified` keys the cache to the file's version."""
    try:
        with Image.open(path) as source:
            if source.width * source.height > MAX_OVERLAY_PIXELS or not source.width:
                return None
            source.draft("RGB", size)
            return ImageOps.fit(source.convert("RGB"), size, Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


# --- image overlays ------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _overlay_image(path: str, modified: int, width: int, max_height: int) -> Image.Image | None:
    """The image file scaled to `width` (and at most `max_height`) as RGBA; None if unreadable.
    `modified` keys the cache to the file's version."""
    try:
        with Image.open(path) as source:
            if source.width * source.height > MAX_OVERLAY_PIXELS or not source.width:
                return None
            scale = min(width / source.width, max_height / source.height)
            size = (max(1, round(source.width * scale)), max(1, round(source.height * scale)))
            source.draft("RGB", size)  # JPEGs decode at a reduced scale when that is enough
            return source.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _overlay_origin(overlay: Overlay, frame: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """Top-left corner: top/left percents of the frame, else the 9-grid preset with a margin."""
    (width, height), (w, h) = frame, size
    if overlay.top is not None or overlay.left is not None:
        return round(width * (overlay.left or 0) / 100), round(height * (overlay.top or 0) / 100)
    margin = min(frame) // 30
    row, _, column = overlay.position.partition("-")
    x = {"left": margin, "right": width - w - margin}.get(column, (width - w) // 2)
    y = {"top": margin, "bottom": height - h - margin}.get(row, (height - h) // 2)
    return x, y


def with_overlays(base: Image.Image, overlays) -> Image.Image:
    """A copy of the frame with each readable overlay image drawn on it, in order; an RGBA frame
    (a transparent layer laid over video) stays RGBA."""
    image = None
    for overlay in overlays:
        try:
            modified = Path(overlay.path).stat().st_mtime_ns
        except OSError:
            continue
        target_width = max(1, round(base.width * overlay.width / 100))
        picture = _overlay_image(str(overlay.path), modified, target_width, base.height)
        if picture is None:
            continue
        image = image or base.convert("RGBA")
        image.alpha_composite(picture, _overlay_origin(overlay, base.size, picture.size))
    if image is None:
        return base
    return image if base.mode == "RGBA" else image.convert("RGB")


def transparent(size: tuple[int, int]) -> Image.Image:
    """An empty layer to draw subtitles and overlays on, laid over moving video."""
    return Image.new("RGBA", size, (0, 0, 0, 0))
