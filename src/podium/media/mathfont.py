"""The math font the HTML deck embeds: STIX Two Math, cut down to what its formulas use.

Browsers lay out MathML with the OpenType MATH table of the font they draw it in; a machine
without a math font draws fractions, roots and big operators badly. The deck carries its own:
STIX Two Math (SIL Open Font License, shipped inside ziamath, which also measures formulas
with it, so the plan's sizes and the browser's agree), subset by fontTools to the characters
of the deck's formulas and the glyph variants the MATH table reaches from them.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: The family name the deck's CSS gives the embedded font.
FAMILY = "Podium Math"
#: Always kept: digits, Latin letters and the operators nearly every formula has.
#: Radicals, which MathML draws from the font without writing them.
_BASE = set("0123456789+-=()[]{}|/.,:;!'′−×·√∛∜‾¯_") | {
    chr(c) for c in range(ord("A"), ord("z") + 1)
}


def font_path() -> Path:
    """Return the STIX Two Math file ziamath ships."""
    import importlib.util

    spec = importlib.util.find_spec("ziamath")
    assert spec is not None and spec.submodule_search_locations, "ziamath is not installed"
    return Path(spec.submodule_search_locations[0]) / "fonts" / "STIXTwoMath-Regular.ttf"


def characters(mathml: Iterable[str]) -> frozenset[str]:
    """Return the characters drawn by these MathML formulas."""
    from lxml import etree  # only decks with formulas need a parser

    chars: set[str] = set(_BASE)
    for text in mathml:
        root = etree.fromstring(text.encode("utf-8"))
        chars.update("".join(root.itertext()))
    return frozenset(c for c in chars if not c.isspace())


@lru_cache(maxsize=16)
def woff(chars: frozenset[str]) -> bytes:
    """Return STIX Two Math subset to ``chars`` as a WOFF file (the same bytes every time)."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["ssty"]  # script-size glyphs; the MATH table comes along
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = subset.load_font(io.BytesIO(font_path().read_bytes()), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(chars)))
        subsetter.subset(font)
        out = io.BytesIO()
        subset.save_font(font, out, options)
    finally:
        font.close()
    return out.getvalue()


def data_url(mathml: Iterable[str]) -> str | None:
    """Return the embedded math font as a data URL (None when there are no formulas); the page's
    @font-face rule and math styles are templates/html/_fonts.css.j2."""
    formulas = list(mathml)
    if not formulas:
        return None
    return "data:font/woff;base64," + base64.b64encode(woff(characters(formulas))).decode("ascii")
