"""Pictory's colour variants (`light`, `dark`, `contrastText`) derived from a brand colour.

The derivation follows the usual palette rule Pictory's brand object mirrors: light and dark
are the colour mixed 30 % towards white or black, and the contrast text is whichever of
white or near-black reads better on the colour (WCAG contrast ratio).
"""
import re

_HEX6 = re.compile(r"^#?([0-9a-fA-F]{6})$")
_HEX3 = re.compile(r"^#?([0-9a-fA-F]{3})$")
WHITE = "#FFFFFF"
INK = "#111827"


def parse_hex(value: str) -> tuple[int, int, int] | None:
    """(r, g, b) of #RGB or #RRGGBB (an #RRGGBBAA alpha is ignored); None for anything else."""
    text = (value or "").strip()
    if re.match(r"^#[0-9a-fA-F]{8}$", text):
        text = text[:7]
    match = _HEX6.match(text)
    if match:
        digits = match.group(1)
    else:
        short = _HEX3.match(text)
        if not short:
            return None
        digits = "".join(ch * 2 for ch in short.group(1))
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def _mix(rgb: tuple[int, int, int], target: int, amount: float) -> tuple[int, int, int]:
    return tuple(c + (target - c) * amount for c in rgb)  # type: ignore[return-value]


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def variants(main: str) -> dict[str, str]:
    """{"light", "dark", "contrastText"} for a hex colour; {} when it is not one."""
    rgb = parse_hex(main)
    if rgb is None:
        return {}
    white, ink = parse_hex(WHITE), parse_hex(INK)
    text = WHITE if contrast_ratio(rgb, white) >= contrast_ratio(rgb, ink) else INK
    return {"light": to_hex(_mix(rgb, 255, 0.3)), "dark": to_hex(_mix(rgb, 0, 0.3)), "contrastText": text}
