"""The look: slide size, placeholder boxes, fonts, sizes and colours, in one place.

The reference .pptx in templates/ is generated from the built-in values
(scripts/make_reference.py); podium.template reads the same values from a lecturer's own
template. The HTML renderer turns them into CSS, so the two outputs share one geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EMU_PER_INCH = 914400
EMU_PER_PT = 12700
EMU_PER_PX = 9525  # at 96 px per inch


def inches(value: float) -> int:
    return round(value * EMU_PER_INCH)


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    def px(self) -> tuple[float, float, float, float]:
        """Return (left, top, width, height) in CSS px at 96 dpi."""
        return (self.x / EMU_PER_PX, self.y / EMU_PER_PX, self.w / EMU_PER_PX, self.h / EMU_PER_PX)


#: a:bodyPr's default left/right and top/bottom insets (0.1 in, 0.05 in), which Podium's
#: placeholders, text boxes and table cells keep.
INSET_X_EMU = 91440
INSET_Y_EMU = 45720
#: PowerPoint's step between bullet levels, 0.375 in: each body level's default left margin.
LEVEL_INDENT_EMU = 342900
#: The idx of the cover layout's byline placeholder (a body placeholder under the subtitle).
BYLINE_IDX = 13


@dataclass(frozen=True)
class MasterText:
    """What the slide master's text styles say, read once from the template.

    ``margins``: each body level's left margin (EMU); ``space_before``: the space before a body
    paragraph (pt; None: the theme's para_space); ``title_spacing``: the titles' proportional
    line spacing.
    """

    margins: tuple[int, ...] = tuple(LEVEL_INDENT_EMU * (n + 1) for n in range(9))
    space_before: float | None = 6
    title_spacing: float = 0.9


@dataclass(frozen=True)
class Look:
    """The colours of one kind of slide: background, body text, titles and the footer row."""

    background: str
    text: str
    title: str
    footer: str
    title_font: str = ""  # '' = the theme's major font


@dataclass(frozen=True)
class Theme:
    """Everything both renderers need to draw a slide the same way."""

    width: int = 12192000  # PowerPoint's widescreen, 13 1/3 in
    height: int = inches(7.5)
    major_font: str = "Calibri"
    minor_font: str = "Calibri"
    mono_font: str = "Consolas"
    #: The font East Asian text is measured with (through plan/fonts.py's substitutes).
    ea_font: str = "Noto Sans CJK JP"
    #: The East Asian font the PowerPoint names: a template's own; '' for the font users have
    #: for the text's language (Yu Gothic, Microsoft YaHei, Microsoft JhengHei, Malgun Gothic).
    ea_typeface: str = ""
    #: Web fallbacks after the theme font, for machines without it (metric-compatible first).
    font_fallbacks: tuple[str, ...] = ("Carlito", "Liberation Sans", "Arial", "sans-serif")
    mono_fallbacks: tuple[str, ...] = ("DejaVu Sans Mono", "Liberation Mono", "monospace")
    text: str = "1F2A37"  # near-black slate: 14.7:1 on white
    background: str = "FFFFFF"
    accent: str = "0B4F6C"  # deep teal: titles, rules; 8.9:1 on white
    accent_text: str = "FFFFFF"  # text on the accent background: 8.9:1
    muted: str = "4B5563"  # footer and attributions: 7.6:1 on white
    link: str = "0B57D0"  # 6.0:1 on white
    code_bg: str = "F3F4F6"  # code boxes and the tables' banded rows
    table_rule: str = "D1D5DB"  # the line under each table row
    #: A code highlight (code steps:): this colour over the lines, half transparent.
    code_highlight: str = "FACC15"
    title_size: float = 36
    title_slide_size: float = 48
    subtitle_size: float = 28
    byline_size: float = 20
    body_sizes: tuple[float, ...] = (28, 24, 20, 18, 18, 18, 18, 18, 18)
    quote_size: float = 32
    code_size: float = 18
    table_size: float = 18
    footer_size: float = 12
    #: Line pitch as a multiple of the font size (single spacing in PowerPoint and LibreOffice).
    line_pitch: float = 1.2
    #: Space before each paragraph of a body, in points.
    para_space: float = 6
    #: The master's text styles (the built-in reference's without a template).
    master_text: MasterText = MasterText()
    boxes: dict[str, Box] = field(default_factory=dict)
    #: Colour of list bullets, and the bullet character of each body level (0-8).
    bullet_color: str = "0B4F6C"
    bullets: tuple[str, ...] = ("•", "–", "•", "–", "»", "•", "–", "•", "–")
    #: Podium layout -> its colours where they differ from (background, text, accent, muted).
    looks: dict[str, Look] = field(default_factory=dict)
    #: Box role -> vertical anchor of its text ('t', 'ctr', 'b'); empty: the HTML's defaults.
    anchors: dict[str, str] = field(default_factory=dict)
    #: Box role -> horizontal alignment of its text ('l', 'ctr', 'r', 'just').
    aligns: dict[str, str] = field(default_factory=dict)
    #: Podium layout -> part name of the template layout chosen for it (podium.template);
    #: the built-in theme names the reference's layouts (a test checks podium.template agrees).
    layouts: dict[str, str] = field(default_factory=dict)

    def box(self, role: str) -> Box:
        return self.boxes[role]

    def look(self, layout: str) -> Look:
        """Return the colours of ``layout``'s slides: its own, else the theme's plain ones."""
        plain = Look(self.background, self.text, self.accent, self.muted)
        return self.looks.get(layout, plain)


def _default_boxes() -> dict[str, Box]:
    m = inches(0.6)
    full_w = 12192000 - 2 * m
    gap = inches(0.4)
    col_w = (full_w - gap) // 2
    foot_y, foot_h = inches(6.95), inches(0.4)
    return {
        "title": Box(m, inches(0.35), full_w, inches(1.25)),
        "body": Box(m, inches(1.75), full_w, inches(5.0)),
        "left": Box(m, inches(1.75), col_w, inches(5.0)),
        "right": Box(m + col_w + gap, inches(1.75), col_w, inches(5.0)),
        "cover-title": Box(inches(0.9), inches(1.5), inches(11.533), inches(1.7)),
        "cover-subtitle": Box(inches(0.9), inches(3.25), inches(11.533), inches(0.8)),
        "cover-byline": Box(inches(0.9), inches(4.2), inches(11.533), inches(2.45)),
        "section-title": Box(inches(0.9), inches(2.3), inches(11.533), inches(1.5)),
        "section-subtitle": Box(inches(0.9), inches(3.9), inches(11.533), inches(1.1)),
        "quote": Box(inches(1.4), inches(2.0), inches(10.533), inches(3.4)),
        "attribution": Box(inches(1.4), inches(5.5), inches(10.533), inches(0.8)),
        "date": Box(m, foot_y, inches(3.0), foot_h),
        "footer": Box((12192000 - inches(5.6)) // 2, foot_y, inches(5.6), foot_h),
        "number": Box(12192000 - m - inches(3.0), foot_y, inches(3.0), foot_h),
    }


def _default_looks() -> dict[str, Look]:
    # Cover and section slides are painted in the accent colour (scripts/make_reference.py).
    accent, on_accent = Theme.accent, Theme.accent_text
    cover = Look(background=accent, text=on_accent, title=on_accent, footer=on_accent)
    return {"title": cover, "section": cover}


def _default_layouts() -> dict[str, str]:
    # templates/reference.pptx's layouts, in the order scripts/make_reference.py writes them.
    part = "/ppt/slideLayouts/slideLayout{}.xml".format
    return {
        "title": part(1),
        "agenda": part(2),
        "section": part(3),
        "bullets": part(2),
        "two-column": part(4),
        "quote": part(6),
        "image": part(6),
        "images": part(6),
        "columns": part(6),
        "table": part(6),
        "code": part(6),
        "blank": part(7),
        "picture-text": part(4),
        "comparison": part(5),
    }


DEFAULT_THEME = Theme(boxes=_default_boxes(), looks=_default_looks(), layouts=_default_layouts())
