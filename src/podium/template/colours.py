"""Colours as DrawingML writes them: scheme modifiers, mixing, and WCAG contrast."""

from __future__ import annotations

import colorsys
from collections.abc import Iterable
from typing import Any

from lxml import etree

#: DrawingML's preset colour names Podium reads (the rest default to black).
PRESET_COLOURS = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "blue": "0000FF",
    "green": "008000",
    "gray": "808080",
    "grey": "808080",
}


def to_rgb(hex6: str) -> tuple[float, float, float]:
    """Return RRGGBB as red, green and blue from 0 to 1."""
    return tuple(int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def from_rgb(rgb: Iterable[float]) -> str:
    """Return red, green and blue from 0 to 1 as RRGGBB."""
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in rgb)


def modified(hex6: str, el: Any) -> str:
    """Apply DrawingML's colour modifiers (lumMod, lumOff, tint, shade) to ``hex6``."""
    r, g, b = to_rgb(hex6)
    for mod in el:
        kind, val = etree.QName(mod).localname, int(mod.get("val", "100000")) / 100000
        if kind in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if kind == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif kind == "tint":
            r, g, b = (1 - (1 - c) * val for c in (r, g, b))
        elif kind == "shade":
            r, g, b = (c * val for c in (r, g, b))
    return from_rgb((r, g, b))


def mix(a: str, b: str, share_of_b: float) -> str:
    """Return colour ``a`` with ``share_of_b`` (0 to 1) of colour ``b`` mixed in."""
    ra, rb = to_rgb(a), to_rgb(b)
    return from_rgb(x + (y - x) * share_of_b for x, y in zip(ra, rb, strict=True))


def luminance(hex6: str) -> float:
    """Return the WCAG relative luminance of RRGGBB (0 to 1)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(hex6))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two RRGGBB colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
