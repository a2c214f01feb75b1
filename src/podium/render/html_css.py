"""The theme as CSS for the HTML deck: custom properties, box rules, level indents, the look
of each layout."""

from __future__ import annotations

import re

from podium.errors import TemplateError
from podium.plan.geometry import CODE_INSET_EMU, TABLE_RULE_EMU
from podium.plan.steps import FADE_MS
from podium.render.webfonts import Embedded
from podium.template.theme import (
    EMU_PER_INCH,
    EMU_PER_PX,
    INSET_X_EMU,
    INSET_Y_EMU,
    LEVEL_INDENT_EMU,
    Box,
    MasterText,
    Theme,
)

_GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
_COLOR = re.compile(r"[0-9A-Fa-f]{6}")


def num(value: float) -> str:
    """Return ``value`` as a CSS number: at most three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def px(emu: int) -> str:
    """Return a length in EMU as CSS px."""
    return num(emu / EMU_PER_PX) + "px"


def _pt(points: float) -> str:
    return num(points * 96 / 72) + "px"


def box_css(box: Box) -> str:
    """Return ``box`` as CSS left, top, width and height in px."""
    left, top, w, h = box.px()
    return f"left:{num(left)}px;top:{num(top)}px;width:{num(w)}px;height:{num(h)}px"


def _color(theme: Theme, name: str) -> str:
    value = getattr(theme, name)
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        raise TemplateError(f"theme.{name} is {value!r}; expected a colour as RRGGBB hex digits")
    return "#" + value.upper()


def _font_stack(*families: str) -> str:
    out: list[str] = []
    for family in families:
        if family in _GENERIC_FAMILIES:
            out.append(family)
        else:
            # A CSS string: escape what could end it or the <style> element it sits in.
            safe = re.sub(r'[\\"<>\n\r\f]', lambda m: f"\\{ord(m.group()):x} ", family)
            out.append(f'"{safe}"')
    return ", ".join(dict.fromkeys(out))


def canvas_px(theme: Theme) -> tuple[int, int]:
    """Return the slide size in whole CSS px (13.333 x 7.5 in gives 1280 x 720)."""
    return round(theme.width / EMU_PER_PX), round(theme.height / EMU_PER_PX)


def theme_css(theme: Theme, fonts: Embedded | None = None) -> str:
    """Return the CSS custom properties, box rules and page size that carry the theme.

    ``fonts``: the faces embedded in the page (webfonts.py); each role's family comes first in
    its font stack, so the text is drawn with the font it was measured with.
    """
    width, height = canvas_px(theme)
    fallbacks = [f for f in theme.font_fallbacks if f not in _GENERIC_FAMILIES]
    generic = [f for f in theme.font_fallbacks if f in _GENERIC_FAMILIES] or ["sans-serif"]

    fonts = fonts or Embedded()
    stack = fonts.stack
    ea = stack("ea", theme.ea_font)
    props: dict[str, str] = {
        "--w": f"{width}px",
        "--h": f"{height}px",
        "--text": _color(theme, "text"),
        "--bg": _color(theme, "background"),
        "--accent": _color(theme, "accent"),
        "--accent-text": _color(theme, "accent_text"),
        "--muted": _color(theme, "muted"),
        "--link": _color(theme, "link"),
        "--code-bg": _color(theme, "code_bg"),
        "--code-highlight": _color(theme, "code_highlight"),
        "--step-fade": f"{FADE_MS}ms",
        # The East Asian font comes after the Latin fallbacks so Latin text keeps their metrics.
        "--font": _font_stack(*stack("text", theme.minor_font), *fallbacks, *ea, *generic),
        "--font-major": _font_stack(*stack("title", theme.major_font), *fallbacks, *ea, *generic),
        "--font-mono": _font_stack(*stack("mono", theme.mono_font), *theme.mono_fallbacks),
        "--title-size": _pt(theme.title_size),
        "--title-slide-size": _pt(theme.title_slide_size),
        "--subtitle-size": _pt(theme.subtitle_size),
        "--byline-size": _pt(theme.byline_size),
        "--quote-size": _pt(theme.quote_size),
        "--code-size": _pt(theme.code_size),
        "--table-size": _pt(theme.table_size),
        "--footer-size": _pt(theme.footer_size),
        "--line": num(theme.line_pitch),
        "--para-space": _pt(theme.para_space),
        # Geometry shared with the PowerPoint writer (podium.plan.geometry, podium.template.theme).
        "--inset-x": px(INSET_X_EMU),
        "--inset-y": px(INSET_Y_EMU),
        "--indent": px(LEVEL_INDENT_EMU),
        "--code-inset": px(CODE_INSET_EMU),
        "--code-inset-bottom": px(CODE_INSET_EMU + CODE_INSET_EMU // 2),
        "--table-rule": _color(theme, "table_rule"),
        "--table-rule-width": px(TABLE_RULE_EMU),
    }
    sizes = theme.body_sizes or (theme.title_size,)
    for level in range(9):
        props[f"--b{level}"] = _pt(sizes[min(level, len(sizes) - 1)])
    lines = [":root{" + ";".join(f"{k}:{v}" for k, v in props.items()) + "}"]
    for role in sorted(theme.boxes):
        lines.append(f".box-{role}{{{box_css(theme.box(role))}}}")
    lines += _level_css(theme)
    lines += _look_css(theme, ea)
    page_w, page_h = num(theme.width / EMU_PER_INCH), num(theme.height / EMU_PER_INCH)
    lines.append(f"@page{{size:{page_w}in {page_h}in;margin:0}}")
    return "\n".join(lines)


def _level_css(theme: Theme) -> list[str]:
    """Return the master's body level margins as ``--indent0``..``--indent8`` and the rules that
    indent each list level by them, so bullet text starts where PowerPoint's marL puts it.

    Each level's step is its margin less the level above's (a nested list item sits inside its
    parent's). The built-in margins are podium.css's ``--indent`` steps: nothing is added.
    """
    margins = theme.master_text.margins
    if margins == MasterText().margins:
        return []
    steps = [max(0, m - (margins[n - 1] if n else 0)) for n, m in enumerate(margins)]
    props = ";".join(f"--indent{n}:{px(step)}" for n, step in enumerate(steps))
    rules = [f".text li.l{n}{{padding-left:var(--indent{n})}}" for n in range(len(steps))]
    return [":root{" + props + "}", *rules]


_ANCHOR_CSS = {"t": "flex-start", "ctr": "center", "b": "flex-end"}
_ALIGN_CSS = {"l": "left", "ctr": "center", "r": "right", "just": "justify", "dist": "justify"}


def _css_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in " -" else f"\\{ord(c):x} " for c in text) + '"'


def _look_css(theme: Theme, ea: list[str]) -> list[str]:
    """Return the rules that paint each layout in the template's colours (podium.template):
    titles, bullets, per-layout backgrounds, and the anchoring and alignment of the boxes."""
    plain = theme.look("bullets")
    fallbacks = [f for f in theme.font_fallbacks if f not in _GENERIC_FAMILIES]
    generic = [f for f in theme.font_fallbacks if f in _GENERIC_FAMILIES] or ["sans-serif"]
    props = {"--title-color": "#" + plain.title, "--bullet-color": _color(theme, "bullet_color")}
    for level, char in enumerate(theme.bullets[:9]):
        props[f"--bu{level}"] = _css_string(char)
    lines = [":root{" + ";".join(f"{k}:{v}" for k, v in props.items()) + "}"]
    for layout in sorted(theme.looks):
        look = theme.looks[layout]
        values = {
            "--bg": look.background,
            "--text": look.text,
            "--title-color": look.title,
            "--muted": look.footer,
        }
        for name, value in values.items():
            if not _COLOR.fullmatch(value):
                raise TemplateError(
                    f"theme.looks[{layout!r}]: {name[2:]} is {value!r}; "
                    "expected a colour as RRGGBB hex digits"
                )
        body = ";".join(f"{k}:#{v.upper()}" for k, v in values.items())
        if look.title_font:
            body += ";--font-major:" + _font_stack(look.title_font, *fallbacks, *ea, *generic)
        lines.append(f".layout-{layout}{{{body}}}")
    for role in sorted(set(theme.anchors) | set(theme.aligns)):
        rules = []
        if role in theme.anchors:
            rules.append(f"justify-content:{_ANCHOR_CSS.get(theme.anchors[role], 'flex-start')}")
        if role in theme.aligns:
            rules.append(f"text-align:{_ALIGN_CSS.get(theme.aligns[role], 'left')}")
        # Two classes: wins over the layout templates' anchor-* classes.
        lines.append(f".box.box-{role}{{{';'.join(rules)}}}")
    return lines
