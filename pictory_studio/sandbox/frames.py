"""Still frames for rendered scenes, drawn with Pillow.

A frame is the scene's backdrop (its colour, or a gradient derived from its search query /
visual text), the scene text in the middle, a small caption naming the visual, and the
current subtitle cue at the bottom unless subtitles are hidden.
"""

import colorsys
import hashlib
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from .timeline import Backdrop

WHITE = (255, 255, 255)
INK = (20, 20, 28)


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
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


def _gradient(size: tuple[int, int], seed: str) -> Image.Image:
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


def _fit(text: str, width: int, height: int, largest: int, smallest: int):
    """The biggest font size at which the wrapped text fits the box (truncated if needed)."""
    size = largest
    while True:
        face = font(size)
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
    for number, line in enumerate(lines):
        y = top + number * line_height
        draw.text(
            (center_x, y),
            line,
            font=face,
            fill=fill,
            anchor="ma",
            stroke_width=max(1, face.size // 18),
            stroke_fill=stroke,
        )


def scene_base(size: tuple[int, int], backdrop: Backdrop, text: str, label: str) -> Image.Image:
    """The scene frame without its subtitle: backdrop, caption, label and centred text."""
    width, height = size
    if backdrop.color:
        base_color = backdrop.color[:3]
        image = Image.new("RGB", size, base_color)
    else:
        image = _gradient(size, backdrop.seed)
        base_color = gradient_colors(backdrop.seed)[0]
    if backdrop.overlay and backdrop.overlay_opacity > 0:
        tint = Image.new("RGB", size, backdrop.overlay[:3])
        image = Image.blend(image, tint, backdrop.overlay_opacity)
    draw = ImageDraw.Draw(image, "RGBA")
    short_side = min(size)
    small = font(max(12, short_side // 40))
    margin = short_side // 30
    if backdrop.caption:
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
        draw.text(
            (width - margin * 2, margin * 2),
            label,
            font=small,
            fill=(255, 255, 255, 190),
            anchor="ra",
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


def with_subtitle(base: Image.Image, subtitle: str) -> Image.Image:
    """A copy of the frame with a subtitle bar at the bottom."""
    if not subtitle:
        return base
    image = base.copy()
    width, height = image.size
    short_side = min(width, height)
    face, lines, line_height = _fit(
        subtitle,
        int(width * 0.86),
        int(height * 0.16),
        largest=max(18, short_side // 20),
        smallest=max(12, short_side // 45),
    )
    draw = ImageDraw.Draw(image, "RGBA")
    block_height = len(lines) * line_height
    top = height - block_height - height // 14
    widest = max(face.getlength(line) for line in lines)
    pad = line_height // 3
    draw.rounded_rectangle(
        (
            width / 2 - widest / 2 - pad * 2,
            top - pad,
            width / 2 + widest / 2 + pad * 2,
            top + block_height + pad // 2,
        ),
        radius=pad,
        fill=(0, 0, 0, 150),
    )
    _draw_block(draw, lines, face, line_height, width // 2, top, WHITE, (0, 0, 0))
    return image
