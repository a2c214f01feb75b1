"""A template's look: colours, fonts, sizes and boxes, read once into the Theme."""

from __future__ import annotations

import colorsys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree

from podium.errors import SourceText, TemplateError
from podium.template.colours import (
    PRESET_COLOURS,
    contrast,
    from_rgb,
    luminance,
    mix,
    modified,
)
from podium.template.layouts import (
    Choice,
    Layout,
    Master,
    Override,
    Placeholder,
    Template,
    check_overrides,
)
from podium.template.package import (
    NS,
    damaged,
)
from podium.template.theme import (
    DEFAULT_THEME,
    EMU_PER_INCH,
    EMU_PER_PT,
    INSET_Y_EMU,
    Box,
    Look,
    MasterText,
    Theme,
)

#: Symbol-font bullets drawn with the Unicode character that looks the same.
_SYMBOL_BULLETS = {
    ("Wingdings", "§"): "▪", ("Wingdings", "Ø"): "➢", ("Wingdings", "ü"): "✓",
    ("Wingdings", "q"): "❑", ("Wingdings", "n"): "■", ("Wingdings", "l"): "●",
    ("Wingdings", "v"): "❖", ("Wingdings", "Ÿ"): "•", ("Wingdings", "o"): "□",
    ("Wingdings", "è"): "➔", ("Wingdings", "à"): "➔", ("Symbol", "·"): "•",
    ("Symbol", "-"): "–", ("Symbol", "Þ"): "⇒",
}  # fmt: skip


# -- the look: colours, fonts, sizes and boxes ------------------------------------------------


class _Styles:
    """Resolve what text in a placeholder inherits: layout, master, master text styles."""

    def __init__(self, template: Template, master: Master, layout: Layout | None) -> None:
        self.template = template
        self.master = master
        self.layout = layout
        self.scheme = _colour_scheme(master.theme)
        self.fonts = _font_scheme(master.theme)
        clr_map = master.element.find("p:clrMap", NS)
        self.clr_map = dict(clr_map.attrib) if clr_map is not None else {}
        if layout is not None:
            over = layout.element.find("p:clrMapOvr/a:overrideClrMapping", NS)
            if over is not None:
                self.clr_map = dict(over.attrib)

    def _levels(self, ph: Placeholder | None, base_type: str, level: int) -> list[Any]:
        """Return the a:lvlNpPr elements text at ``level`` of ``ph`` inherits, nearest first."""
        tag = f"a:lvl{level + 1}pPr"
        chain: list[Any] = []
        if ph is not None:
            chain.append(ph.sp.find(f"p:txBody/a:lstStyle/{tag}", NS))
        master_ph = self.master.placeholder(base_type)
        if master_ph is not None:
            chain.append(master_ph.sp.find(f"p:txBody/a:lstStyle/{tag}", NS))
        style = {"title": "p:titleStyle", "body": "p:bodyStyle"}.get(base_type, "p:otherStyle")
        chain.append(self.master.element.find(f"p:txStyles/{style}/{tag}", NS))
        if self.template.default_style is not None:
            chain.append(self.template.default_style.find(tag, NS))
        return [el for el in chain if el is not None]

    def _first(self, chain: list[Any], path: str) -> Any:
        for el in chain:
            found = el.find(path, NS) if path else el
            if found is not None:
                return found
        return None

    def size(self, ph: Placeholder | None, base: str, level: int = 0) -> float | None:
        for el in self._levels(ph, base, level):
            rpr = el.find("a:defRPr", NS)
            if rpr is not None and rpr.get("sz"):
                return int(rpr.get("sz")) / 100
        return None

    def colour(self, ph: Placeholder | None, base: str, level: int = 0) -> str | None:
        fill = self._first(self._levels(ph, base, level), "a:defRPr/a:solidFill")
        return self.resolve(fill) if fill is not None else None

    def font(self, ph: Placeholder | None, base: str, level: int = 0) -> str | None:
        latin = self._first(self._levels(ph, base, level), "a:defRPr/a:latin")
        if latin is None:
            return None
        face = str(latin.get("typeface", ""))
        if face.startswith("+mj"):
            return self.fonts.get("major")
        if face.startswith("+mn"):
            return self.fonts.get("minor")
        return face or None

    def attr(self, ph: Placeholder | None, base: str, name: str, level: int = 0) -> str | None:
        for el in self._levels(ph, base, level):
            if el.get(name) is not None:
                return str(el.get(name))
        return None

    def spacing(self, ph: Placeholder | None, base: str, which: str) -> tuple[str, int] | None:
        """Return ('pct', 1/1000 %) or ('pts', 1/100 pt) of a:spcBef or a:lnSpc at level 0."""
        for el in self._levels(ph, base, 0):
            node = el.find(f"a:{which}", NS)
            if node is not None and len(node):
                child = node[0]
                unit = "pct" if etree.QName(child).localname == "spcPct" else "pts"
                return unit, int(child.get("val", "0"))
        return None

    def bullet(self, ph: Placeholder | None, level: int) -> str | None:
        """Return the bullet character at ``level`` ('' for none or numbers), None if unset."""
        for el in self._levels(ph, "body", level):
            if el.find("a:buNone", NS) is not None or el.find("a:buAutoNum", NS) is not None:
                return ""
            char = el.find("a:buChar", NS)
            if char is not None:
                font = self._first([el], "a:buFont")
                face = font.get("typeface", "") if font is not None else ""
                text = str(char.get("char", "•"))
                return _SYMBOL_BULLETS.get((face, text), text)
        return None

    def bullet_colour(self, ph: Placeholder | None) -> str | None:
        for el in self._levels(ph, "body", 0):
            if el.find("a:buClrTx", NS) is not None:
                return None
            clr = el.find("a:buClr", NS)
            if clr is not None and len(clr):
                return self.resolve(clr)
        return None

    def anchor(self, ph: Placeholder | None) -> str | None:
        for sp in self._chain_sp(ph):
            body = sp.find("p:txBody/a:bodyPr", NS)
            if body is not None and body.get("anchor"):
                return str(body.get("anchor"))
        return None

    def _chain_sp(self, ph: Placeholder | None) -> list[Any]:
        if ph is None:
            return []
        out = [ph.sp]
        base = self.master.placeholder(ph.base_type)
        if base is not None and base.sp is not ph.sp:
            out.append(base.sp)
        return out

    def background(self) -> tuple[str, str]:
        """Return (colour, kind) of the slide background; kind is solid, gradient, picture, ..."""
        for owner in ([self.layout.element] if self.layout else []) + [self.master.element]:
            bg = owner.find("p:cSld/p:bg", NS)
            if bg is None:
                continue
            pr = bg.find("p:bgPr", NS)
            if pr is not None:
                for fill in pr:
                    kind = etree.QName(fill).localname
                    if kind == "solidFill":
                        return self.resolve(fill) or "FFFFFF", "solid"
                    if kind == "gradFill":
                        stop = fill.find("a:gsLst/a:gs", NS)
                        return (self.resolve(stop) if stop is not None else None) or self.named(
                            "bg1"
                        ), "gradient"
                    if kind == "pattFill":
                        bg_clr = fill.find("a:bgClr", NS)
                        return (self.resolve(bg_clr) if bg_clr is not None else None) or self.named(
                            "bg1"
                        ), "pattern"
                    if kind == "blipFill":
                        return self.named("bg1"), "picture"
                    if kind == "noFill":
                        return "FFFFFF", "none"
            ref = bg.find("p:bgRef", NS)
            if ref is not None:
                return self.resolve(ref) or self.named("bg1"), "solid"
        return self.named("bg1"), "solid"

    def named(self, name: str) -> str:
        """Return the colour of a scheme name (bg1, tx1, accent1, hlink, ...) or black."""
        slot = self.clr_map.get(name, name)
        return self.scheme.get(slot) or self.scheme.get(name) or "000000"

    def resolve(self, holder: Any) -> str | None:
        """Return RRGGBB of the colour element inside ``holder`` (modifiers applied)."""
        for el in holder:
            kind = etree.QName(el).localname
            base: str | None = None
            if kind == "srgbClr":
                base = str(el.get("val", "")).upper()
            elif kind == "schemeClr":
                name = str(el.get("val", ""))
                base = None if name == "phClr" else self.named(name)
            elif kind == "sysClr":
                base = str(el.get("lastClr", "000000")).upper()
            elif kind == "prstClr":
                base = PRESET_COLOURS.get(str(el.get("val", "")), "000000")
            elif kind == "scrgbClr":
                base = "".join(
                    f"{round(int(el.get(c, 0)) / 100000 * 255):02X}" for c in ("r", "g", "b")
                )
            elif kind == "hslClr":
                h, s, lum = (int(el.get(k, 0)) for k in ("hue", "sat", "lum"))
                base = from_rgb(colorsys.hls_to_rgb(h / 21600000, lum / 100000, s / 100000))
            if base is not None and len(base) == 6:
                return modified(base, el)
        return None


def _colour_scheme(theme: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    scheme = theme.find("a:themeElements/a:clrScheme", NS) if theme is not None else None
    if scheme is None:
        return out
    for slot in scheme:
        for el in slot:
            kind = etree.QName(el).localname
            if kind == "srgbClr":
                out[etree.QName(slot).localname] = str(el.get("val", "000000")).upper()
            elif kind == "sysClr":
                out[etree.QName(slot).localname] = str(el.get("lastClr", "000000")).upper()
    return out


def _font_scheme(theme: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    fonts = theme.find("a:themeElements/a:fontScheme", NS) if theme is not None else None
    if fonts is None:
        return out
    for key, tag in (("major", "a:majorFont"), ("minor", "a:minorFont")):
        for script in ("latin", "ea"):
            el = fonts.find(f"{tag}/a:{script}", NS)
            if el is not None and el.get("typeface"):
                out[key if script == "latin" else f"{key}-ea"] = str(el.get("typeface"))
    return out


def master_text(master: Any) -> MasterText:
    """Return what the p:sldMaster element ``master`` says in its text styles.

    Anything it does not say keeps the built-in value.
    """
    base = MasterText()
    margins = list(base.margins)
    body = master.find("p:txStyles/p:bodyStyle", NS)
    space: float | None = None
    if body is not None:
        for n in range(9):
            level = body.find(f"a:lvl{n + 1}pPr", NS)
            if level is not None and (level.get("marL") or "").lstrip("-").isdigit():
                margins[n] = int(level.get("marL", "0"))
        points = body.find("a:lvl1pPr/a:spcBef/a:spcPts", NS)
        if points is not None and (points.get("val") or "").isdigit():
            space = int(points.get("val", "0")) / 100
    spacing = base.title_spacing
    pct = master.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:lnSpc/a:spcPct", NS)
    if pct is not None:
        value = (pct.get("val") or "").rstrip("%")
        if value.replace(".", "", 1).isdigit():
            number = float(value)
            spacing = number / 100 if "%" in (pct.get("val") or "") else number / 100000
    return MasterText(tuple(margins), space, spacing)


_ANCHORS = {"t": "t", "ctr": "ctr", "b": "b", "just": "t", "dist": "ctr"}


def theme_from_template(
    path: Path,
    overrides: Sequence[Override] | Mapping[str, str] = (),
    source: SourceText | None = None,
) -> Theme:
    """Return the Theme of the template at ``path``: slide size, colours, fonts, sizes and the
    boxes of the layouts Podium maps onto, so the HTML looks like the PowerPoint.

    ``overrides`` is the deck's ``layouts:`` map; ``source`` the deck's text, to show the line of
    a bad override. Raises TemplateError for a refused or broken template or a bad override.
    """
    template = Template.open(path)
    items = (
        [Override(k, v) for k, v in overrides.items()]
        if isinstance(overrides, Mapping)
        else list(overrides)
    )
    problems = check_overrides(template, items, source)
    if problems:
        raise TemplateError(problems)
    with damaged(path):
        choices = template.choose({o.layout: o.name for o in items})
        return _theme(template, choices)


def _theme(template: Template, choices: Mapping[str, Choice]) -> Theme:
    base = DEFAULT_THEME
    bullets = choices["bullets"].layout
    master = template.master_of(bullets)
    styles = _Styles(template, master, bullets)
    sx, sy = template.width / base.width, template.height / base.height

    def scaled(role: str) -> Box:
        b = base.box(role)
        return Box(round(b.x * sx), round(b.y * sy), round(b.w * sx), round(b.h * sy))

    def box(ph: Placeholder | None, role: str) -> Box:
        return ph.box if ph is not None and ph.box is not None else scaled(role)

    boxes: dict[str, Box] = {}
    anchors: dict[str, str] = {}
    aligns: dict[str, str] = {}

    def place(role: str, ph: Placeholder | None, owner: _Styles, base_type: str) -> None:
        boxes[role] = box(ph, role)
        anchor = owner.anchor(ph) if ph is not None else None
        anchors[role] = _ANCHORS.get(anchor or "t", "t")
        aligns[role] = (owner.attr(ph, base_type, "algn") if ph is not None else None) or "l"

    body_ph = next(iter(bullets.content()), None) or master.placeholder("body")
    title_ph = bullets.title() or master.placeholder("title")
    place("title", title_ph, styles, "title")
    place("body", body_ph, styles, "body")

    two = choices["two-column"].layout
    two_styles = _Styles(template, template.master_of(two), two)
    columns = two.content()
    if len(columns) >= 2:
        place("left", columns[0], two_styles, "body")
        place("right", columns[1], two_styles, "body")
    else:
        b = boxes["body"]
        gap = round(0.4 * EMU_PER_INCH * sx)
        half = (b.w - gap) // 2
        boxes["left"] = Box(b.x, b.y, half, b.h)
        boxes["right"] = Box(b.x + half + gap, b.y, b.w - half - gap, b.h)

    cover = choices["title"].layout
    cover_styles = _Styles(template, template.master_of(cover), cover)
    place("cover-title", cover.title(), cover_styles, "title")
    subtitle, byline = cover.subtitle(), cover.byline()
    place("cover-subtitle", subtitle, cover_styles, "body")
    subtitle_size = cover_styles.size(subtitle, "body") or base.subtitle_size
    if byline is not None:
        place("cover-byline", byline, cover_styles, "body")
    elif subtitle is not None and subtitle.box is not None:
        # The renderer writes the byline under the subtitle in the same placeholder: give the
        # subtitle its first line and the byline the rest.
        s = subtitle.box
        head = min(s.h, round(subtitle_size * base.line_pitch * EMU_PER_PT) + 2 * INSET_Y_EMU)
        boxes["cover-subtitle"] = Box(s.x, s.y, s.w, head)
        boxes["cover-byline"] = Box(s.x, s.y + head, s.w, max(s.h - head, 0))
        anchors["cover-byline"] = "t"
        aligns["cover-byline"] = aligns["cover-subtitle"]
    else:
        boxes["cover-byline"] = scaled("cover-byline")

    section = choices["section"].layout
    section_styles = _Styles(template, template.master_of(section), section)
    place("section-title", section.title(), section_styles, "title")
    place("section-subtitle", next(iter(section.content()), None), section_styles, "body")

    # The quote layout draws its own text boxes inside the body's area, as the reference does.
    b = boxes["body"]
    inset_x, inset_y = round(0.8 * EMU_PER_INCH * sx), round(0.25 * EMU_PER_INCH * sy)
    quote_h, gap = round(b.h * 0.68), round(0.1 * EMU_PER_INCH * sy)
    boxes["quote"] = Box(b.x + inset_x, b.y + inset_y, b.w - 2 * inset_x, quote_h)
    boxes["attribution"] = Box(
        b.x + inset_x, b.y + inset_y + quote_h + gap, b.w - 2 * inset_x, round(b.h * 0.16)
    )

    for role, kind in (("date", "dt"), ("footer", "ftr"), ("number", "sldNum")):
        ph = bullets.latent(kind) or master.placeholder(kind)
        boxes[role] = box(ph, role)
        if ph is not None:
            aligns[role] = styles.attr(ph, kind, "algn") or {"footer": "ctr", "number": "r"}.get(
                role, "l"
            )

    fonts = styles.fonts
    major = styles.font(title_ph, "title") or fonts.get("major") or base.major_font
    minor = styles.font(body_ph, "body") or fonts.get("minor") or base.minor_font
    text = styles.colour(body_ph, "body") or styles.named("tx1")
    background, _kind = styles.background()
    accent = styles.named("accent1")
    light, dark = styles.named("lt1"), styles.named("dk1")
    on_accent = light if contrast(light, accent) >= contrast(dark, accent) else dark
    footer_ph = bullets.latent("ftr") or master.placeholder("ftr")
    muted = styles.colour(footer_ph, "ftr") if footer_ph is not None else None
    body_size = styles.size(body_ph, "body") or base.body_sizes[0]
    sizes = tuple(styles.size(body_ph, "body", n) or base.body_sizes[n] for n in range(9))
    chars = tuple(
        (styles.bullet(body_ph, n) if styles.bullet(body_ph, n) is not None else base.bullets[n])
        or base.bullets[n]
        for n in range(9)
    )
    space = styles.spacing(body_ph, "body", "spcBef")
    para_space = base.para_space
    if space is not None:
        para_space = space[1] / 100 if space[0] == "pts" else space[1] / 100000 * body_size
    line = styles.spacing(body_ph, "body", "lnSpc")
    line_pitch = base.line_pitch * (line[1] / 100000 if line and line[0] == "pct" else 1)

    muted = muted or mix(text, background, 0.35)
    plain = Look(background, text, accent, muted)
    looks: dict[str, Look] = {}
    for kind, choice in choices.items():
        layout = choice.layout
        own = _Styles(template, template.master_of(layout), layout)
        text_ph = layout.subtitle() if kind == "title" else next(iter(layout.content()), None)
        title_ph_here = layout.title()
        foot = layout.latent("ftr") or template.master_of(layout).placeholder("ftr")
        own_bg = own.background()[0]
        title_font = own.font(title_ph_here, "title")
        look = Look(
            background=own_bg,
            text=own.colour(text_ph, "body") or own.named("tx1"),
            title=own.colour(title_ph_here, "title") or own.named("tx1"),
            footer=(own.colour(foot, "ftr") if foot is not None else None)
            or mix(own.named("tx1"), own_bg, 0.35),
            title_font="" if title_font in (None, major) else title_font,
        )
        if look != plain:
            looks[kind] = look

    bg_light = luminance(background) > 0.5
    return replace(
        base,
        width=template.width,
        height=template.height,
        major_font=major,
        minor_font=minor,
        ea_font=fonts.get("minor-ea") or base.ea_font,
        ea_typeface=fonts.get("minor-ea") or "",
        text=text,
        background=background,
        accent=accent,
        accent_text=on_accent,
        muted=muted,
        link=styles.named("hlink"),
        code_bg=base.code_bg if bg_light else mix(background, text, 0.12),
        table_rule=base.table_rule if bg_light else mix(background, text, 0.3),
        title_size=styles.size(title_ph, "title") or base.title_size,
        title_slide_size=cover_styles.size(cover.title(), "title") or base.title_slide_size,
        subtitle_size=subtitle_size,
        byline_size=(cover_styles.size(byline, "body") if byline is not None else None)
        or base.byline_size,
        body_sizes=sizes,
        footer_size=(styles.size(footer_ph, "ftr") if footer_ph is not None else None)
        or base.footer_size,
        line_pitch=round(line_pitch, 4),
        para_space=para_space,
        master_text=master_text(master.element),
        boxes=boxes,
        bullet_color=styles.bullet_colour(body_ph) or text,
        bullets=chars,
        looks=looks,
        anchors=anchors,
        aligns=aligns,
        layouts={kind: choice.layout.part for kind, choice in choices.items()},
    )
