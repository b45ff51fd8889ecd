"""Colour values as the storyboard accepts them: rgb(), rgba(), #RGB, #RRGGBB, #RRGGBBAA."""

import re

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_NUMBER = r"\s*(\d{1,3})\s*"
_ALPHA = r"\s*(0|1|0?\.\d+|1\.0+)\s*"
_RGB = re.compile(rf"^rgb\({_NUMBER},{_NUMBER},{_NUMBER}\)$", re.IGNORECASE)
_RGBA = re.compile(rf"^rgba\({_NUMBER},{_NUMBER},{_NUMBER},{_ALPHA}\)$", re.IGNORECASE)

RGBA = tuple[int, int, int, int]


def parse_color(value) -> RGBA | None:
    """Return (r, g, b, a) with every channel 0-255, or None when the value is not a colour."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _HEX.match(text)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        if len(digits) == 6:
            digits += "ff"
        r, g, b, a = (int(digits[i : i + 2], 16) for i in range(0, 8, 2))
        return r, g, b, a
    match = _RGB.match(text) or _RGBA.match(text)
    if not match:
        return None
    channels = [int(part) for part in match.groups()[:3]]
    if any(channel > 255 for channel in channels):
        return None
    alpha = round(float(match.group(4)) * 255) if len(match.groups()) == 4 else 255
    return channels[0], channels[1], channels[2], alpha


def css_rgba(color: RGBA) -> str:
    r, g, b, a = color
    return f"rgba({r}, {g}, {b}, {a / 255:.2f})"
