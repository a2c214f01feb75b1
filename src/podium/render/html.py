"""Draw a DeckPlan as one self-contained HTML deck (Jinja templates, inlined CSS, JS, images)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from podium.cancel import checkpoint
from podium.errors import DeckError, Location, Problem, TemplateError
from podium.media import mathfont
from podium.plan.geometry import (
    CODE_INSET_EMU,
    TABLE_RULE_EMU,
    code_line_box,
    column_picture_box,
    columns_boxes,
    comparison_boxes,
    grid_boxes,
    picture_boxes,
    picture_text_boxes,
    quote_boxes,
    table_caption_box,
)
from podium.plan.markup import Inline, Para, plain
from podium.plan.steps import FADE_MS
from podium.plan.types import DeckPlan, ImagePlan, SlidePlan
from podium.render.html_table import CellView, column_widths, row_heights, table_rows
from podium.render.template_cache import compiled_templates
from podium.render.webfonts import Embedded, embedded
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
_IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")


# -- the view the templates draw: the plan plus what HTML needs precomputed ---------------------


@dataclass
class Item:
    """One list item: its runs, its marker, and the blocks nested under it."""

    runs: Inline
    level: int
    bullet: str
    children: list[Block] = field(default_factory=list)
    step: int = 0  # the click that brings it (0: shown from the start)


@dataclass
class Block:
    """A plain paragraph (kind 'p') or a list ('ul', 'ol') of items, at one level."""

    kind: str
    level: int
    runs: Inline = ()
    items: list[Item] = field(default_factory=list)
    step: int = 0  # of a plain paragraph: the click that brings it


@dataclass(frozen=True)
class SlideView:
    """A slide as the templates draw it: the plan, its place in the show, nested text."""

    plan: SlidePlan
    position: int  # 1-based among the slides shown
    label: str  # "Slide 3 of 12: Title" for assistive technology (numbers as on the slide)
    fit: str  # the plan's font scale as a CSS number, '' when 1
    title_fit: str  # the title's font scale as a CSS number, '' when 1
    style: str  # the slide's custom properties: --fit and --title-fit where not 1
    body: list[Block]
    left: list[Block]
    right: list[Block]
    byline: list[Block]
    notes: list[Block]
    image_src: str  # a data: URI, '' when there is no image
    picture_box: str  # CSS left/top/width/height of the picture
    caption_box: str  # CSS box of the caption under the picture, '' without a caption
    columns: list[str]  # table column widths, CSS percentages
    rows: list[str]  # table row heights, CSS px, header first
    quote_box: str  # CSS box of the quote, '' on other layouts
    attribution_box: str  # CSS box of the quote's attribution, '' on other layouts
    highlights: list[Highlight] = field(default_factory=list)  # code highlights, in order
    #: The boxes of picture-text, comparison, columns and images slides, in reading order.
    placed: list[Placed] = field(default_factory=list)
    #: The table's rows as drawn (header first), without the cells merged cells cover.
    table_rows: list[list[CellView]] = field(default_factory=list)
    table_caption_box: str = ""


@dataclass(frozen=True)
class Placed:
    """A box of a slide placed by plan.geometry: text, a heading, a picture or a caption."""

    kind: str  # text, heading, picture, caption
    box: str  # CSS left/top/width/height
    blocks: list[Block] = field(default_factory=list)
    runs: Inline = ()
    src: str = ""  # a picture's data: URI
    alt: str = ""
    width_px: int = 0
    height_px: int = 0
    name: str = ""  # the SlidePlan field it draws, for steps


@dataclass(frozen=True)
class Highlight:
    """A code highlight as drawn: its CSS box, and the steps it shows from and until."""

    box: str
    start: int
    until: int  # the next highlight's step, or one past the slide's last step
    lines: str  # "lines 1-3", for the speaker view


def blocks(paras: Sequence[Para]) -> list[Block]:
    """Return paragraphs nested into lists by level, for <ul>/<ol> markup.

    A plain paragraph at level L continues the last item at level L-1 (markdown's loose lists);
    a level that skips one is attached to the deepest open level.
    """
    root: list[Block] = []
    open_levels: list[list[Block]] = [root]  # open_levels[L] receives blocks of level L
    for para in paras:
        depth = min(max(para.level, 0), len(open_levels) - 1)
        del open_levels[depth + 1 :]
        target = open_levels[depth]
        if not para.bullet:
            target.append(Block("p", para.level, para.runs, step=para.step))
            continue
        kind = "ul" if para.number is None else "ol"
        last = target[-1] if target else None
        if last is None or last.kind != kind:
            last = Block(kind, para.level)
            target.append(last)
        item = Item(para.runs, para.level, para.bullet, step=para.step)
        last.items.append(item)
        open_levels.append(item.children)
    return root


def _slide_view(slide: SlidePlan, position: int, total: int, theme: Theme) -> SlideView:
    """Return the view of ``slide``: ``position`` among the slides shown, ``total`` the number
    of the deck's last slide (hidden slides keep their numbers, as PowerPoint shows them)."""
    checkpoint()
    title = slide.title_text
    picture_box, caption_box = _image_boxes(slide, theme)
    label = f"Slide {slide.number} of {total}" + (f": {title}" if title else "")
    quote_box = attribution_box = ""
    if slide.layout == "quote":
        boxes = quote_boxes(slide, theme)
        quote_box, attribution_box = _box_css(boxes[0]), _box_css(boxes[1])
    return SlideView(
        plan=slide,
        position=position,
        label=label,
        fit="" if slide.scale == 1 else _num(slide.scale),
        title_fit="" if slide.title_scale == 1 else _num(slide.title_scale),
        style=";".join(
            f"{name}:{_num(value)}"
            for name, value in (("--fit", slide.scale), ("--title-fit", slide.title_scale))
            if value != 1
        ),
        body=blocks(slide.body),
        left=blocks(slide.left),
        right=blocks(slide.right),
        byline=blocks(slide.byline),
        notes=blocks(slide.notes),
        image_src=_image_src(slide),
        picture_box=picture_box,
        caption_box=caption_box,
        columns=column_widths(slide, theme),
        rows=row_heights(slide, theme),
        quote_box=quote_box,
        attribution_box=attribution_box,
        highlights=_highlights(slide, theme),
        placed=_placed(slide, theme),
        table_rows=table_rows(slide),
        table_caption_box=_table_caption(slide, theme),
    )


def _text(box: Box, paras: Sequence[Para], name: str = "") -> Placed:
    return Placed("text", _box_css(box), blocks(paras), name=name)


def _picture(box: Box, image: ImagePlan, loc: Location | None, name: str = "") -> Placed:
    return Placed(
        "picture",
        _box_css(box),
        src=_data_uri(image, loc),
        alt=image.alt,
        width_px=image.width_px,
        height_px=image.height_px,
        name=name,
    )


def _placed(slide: SlidePlan, theme: Theme) -> list[Placed]:
    """Return the boxes of the layouts plan.geometry places box by box."""
    out: list[Placed] = []
    if slide.layout == "picture-text" and slide.image is not None:
        text_box, picture_box = picture_text_boxes(slide, theme)
        if slide.body:
            out.append(_text(text_box, slide.body, "body"))
        out.append(_picture(picture_box, slide.image, slide.loc, "image"))
    elif slide.layout == "comparison":
        for side, (head, box) in comparison_boxes(slide, theme).items():
            runs = getattr(slide, f"{side}_title")
            if head is not None and runs:
                out.append(Placed("heading", _box_css(head), runs=runs))
            if getattr(slide, side):
                out.append(_text(box, getattr(slide, side), side))
    elif slide.layout == "columns":
        for column, (head, box) in zip(slide.columns, columns_boxes(slide, theme), strict=True):
            if head is not None and column.title:
                out.append(Placed("heading", _box_css(head), runs=column.title))
            if column.image is not None:
                out.append(_picture(column_picture_box(column.image, box), column.image, slide.loc))
            elif column.body:
                out.append(_text(box, column.body))
    elif slide.layout == "images":
        for figure, (picture, caption) in zip(slide.figures, grid_boxes(slide, theme), strict=True):
            out.append(_picture(picture, figure.image, slide.loc))
            if caption is not None:
                out.append(Placed("caption", _box_css(caption), runs=figure.caption))
    return out


def _table_caption(slide: SlidePlan, theme: Theme) -> str:
    box = table_caption_box(slide, theme)
    return _box_css(box) if box is not None else ""


def _highlights(slide: SlidePlan, theme: Theme) -> list[Highlight]:
    marks = slide.steps.highlights
    out = []
    for n, mark in enumerate(marks):
        until = marks[n + 1].step if n + 1 < len(marks) else slide.steps.count + 1
        box = code_line_box(slide, theme, mark.first, mark.last)
        first, last = mark.first + 1, mark.last + 1
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        out.append(Highlight(_box_css(box), mark.step, until, lines))
    return out


def _box_css(box: Box) -> str:
    left, top, w, h = box.px()
    return f"left:{_num(left)}px;top:{_num(top)}px;width:{_num(w)}px;height:{_num(h)}px"


def _image_boxes(slide: SlidePlan, theme: Theme) -> tuple[str, str]:
    """Return the CSS boxes of the picture and its caption ('' where there is none)."""
    if slide.image is None or slide.layout != "image":
        return "", ""
    picture, caption = picture_boxes(slide, theme)
    return _box_css(picture), _box_css(caption) if caption else ""


def _image_src(slide: SlidePlan) -> str:
    image = slide.image
    if image is None or slide.layout != "image":
        return ""
    return _data_uri(image, slide.loc)


def _data_uri(image: ImagePlan, loc: Location | None) -> str:
    if image.mime not in _IMAGE_MIMES:
        raise DeckError(
            [
                Problem(
                    f"image '{image.path}' has type {image.mime}; the HTML deck "
                    f"takes {', '.join(_IMAGE_MIMES)}",
                    loc,
                )
            ]
        )
    if image.svg is not None:  # sanitised; in an <img> an SVG can run nothing and load nothing
        return f"data:{image.mime};base64,{base64.b64encode(image.svg).decode('ascii')}"
    try:
        data = image.path.read_bytes()
    except OSError as exc:
        raise DeckError(
            [Problem(f"cannot read image '{image.path}': {exc.strerror or exc}", loc)]
        ) from exc
    return f"data:{image.mime};base64,{base64.b64encode(data).decode('ascii')}"


def _formulas(slides: Sequence[SlidePlan]) -> list[str]:
    """Return the MathML of every formula on ``slides``, each once, in order."""
    found: dict[str, None] = {}
    for slide in slides:
        found.update(dict.fromkeys(slide_formulas(slide)))
    return list(found)


def slide_formulas(slide: SlidePlan) -> tuple[str, ...]:
    """Return the MathML of every formula on ``slide``, each once, in order."""
    found: dict[str, None] = {}

    def runs(rs: Inline) -> None:
        for r in rs:
            if r.math is not None:
                found.setdefault(r.math.mathml)

    for inline in (slide.title, slide.subtitle, slide.quote, slide.attribution):
        runs(inline)
    for inline in (slide.caption, slide.footer, slide.date):
        runs(inline)
    for paras in (slide.byline, slide.body, slide.left, slide.right, slide.notes):
        for para in paras:
            runs(para.runs)
    if slide.table is not None:
        for row in (slide.table.header, *slide.table.rows):
            for cell in row:
                runs(cell)
    return tuple(found)


# -- theme values as CSS -------------------------------------------------------------------------


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _px(emu: int) -> str:
    """Return a length in EMU as CSS px."""
    return _num(emu / EMU_PER_PX) + "px"


def _pt(points: float) -> str:
    return _num(points * 96 / 72) + "px"


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
        "--line": _num(theme.line_pitch),
        "--para-space": _pt(theme.para_space),
        # Geometry shared with the PowerPoint writer (podium.plan.geometry, podium.template.theme).
        "--inset-x": _px(INSET_X_EMU),
        "--inset-y": _px(INSET_Y_EMU),
        "--indent": _px(LEVEL_INDENT_EMU),
        "--code-inset": _px(CODE_INSET_EMU),
        "--code-inset-bottom": _px(CODE_INSET_EMU + CODE_INSET_EMU // 2),
        "--table-rule": _color(theme, "table_rule"),
        "--table-rule-width": _px(TABLE_RULE_EMU),
    }
    sizes = theme.body_sizes or (theme.title_size,)
    for level in range(9):
        props[f"--b{level}"] = _pt(sizes[min(level, len(sizes) - 1)])
    lines = [":root{" + ";".join(f"{k}:{v}" for k, v in props.items()) + "}"]
    for role in sorted(theme.boxes):
        lines.append(f".box-{role}{{{_box_css(theme.box(role))}}}")
    lines += _level_css(theme)
    lines += _look_css(theme, ea)
    page_w, page_h = _num(theme.width / EMU_PER_INCH), _num(theme.height / EMU_PER_INCH)
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
    props = ";".join(f"--indent{n}:{_px(step)}" for n, step in enumerate(steps))
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


# -- templates -----------------------------------------------------------------------------------


def templates_dir() -> Path:
    """Return the built-in templates folder: the installed package's copy, else the checkout's.

    Raises TemplateError, listing both places, when neither has the HTML templates.
    """
    installed = Path(__file__).resolve().parents[1] / "_templates"
    checkout = Path(__file__).resolve().parents[3] / "templates"
    for folder in (installed, checkout):
        if (folder / "html" / "deck.html.j2").is_file():
            return folder
    raise TemplateError(
        f"the built-in HTML templates are missing; looked in {installed / 'html'} and "
        f"{checkout / 'html'} (reinstall podium)"
    )


class _DeckLoader(jinja2.FileSystemLoader):
    """A deck's own template folder: files that resolve outside it (symlinks) are not found."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


@lru_cache(maxsize=8)
def _environment(folder: Path, overrides: tuple[Path, ...] = ()) -> jinja2.Environment:
    """Return the Jinja environment: ``overrides`` first, then the built-in ``folder``, which
    is also reachable as ``builtin/...`` so an override can extend the template it replaces.

    The deck's own templates run sandboxed and are re-read when they change (podium serve).
    """
    builtin = jinja2.FileSystemLoader(str(folder))
    options: dict[str, Any] = {
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if not overrides:
        return jinja2.Environment(
            loader=builtin, auto_reload=False, bytecode_cache=compiled_templates(), **options
        )
    from jinja2.sandbox import SandboxedEnvironment

    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"builtin": builtin}),
            *(_DeckLoader(d) for d in overrides),
            builtin,
        ]
    )
    return SandboxedEnvironment(loader=loader, auto_reload=True, **options)


def _find(name: str, folder: Path, overrides: Sequence[Path]) -> Path:
    """Return the first ``name`` in the override folders, else the built-in one."""
    for d in overrides:
        path = d / name
        if path.is_file() and path.resolve().is_relative_to(d.resolve()):
            return path
    return folder / name


def _inline_script(text: str) -> Markup:
    # Inside <script>, only "</script" (any case) can end the element early.
    return Markup(re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE))


def _template_problem(exc: jinja2.TemplateError, folder: Path) -> TemplateError:
    """Return a TemplateError pointing into the .j2 file and line that failed."""
    filename: str | None = getattr(exc, "filename", None)
    lineno: int | None = getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                filename, lineno = frame.filename, frame.lineno
                break
    if filename is None or lineno is None:
        return TemplateError(f"HTML template error: {exc.message or exc}")
    source = None
    with contextlib.suppress(OSError, IndexError):
        source = Path(filename).read_text(encoding="utf-8").splitlines()[lineno - 1]
    message = f"HTML template error: {exc.message or exc}"
    return TemplateError([Problem(message, Location(filename, lineno, 1), source_line=source)])


def render(plan: DeckPlan, *, live_script: str | None = None) -> str:
    """Return the deck as one HTML document with its CSS, JS and images inlined.

    Hidden slides are left out. ``live_script`` is extra JavaScript run after the deck's own
    (the preview server's reload hook). Raises TemplateError for a layout without a template or
    a broken template, DeckError for an image that cannot be read.
    """
    folder = templates_dir() / "html"
    # The checkout's own deck.yaml sits beside the built-in templates: no override there.
    overrides = tuple(d for d in plan.html_templates if d.resolve() != folder.resolve())
    env = _environment(folder, overrides)
    shown = [s for s in plan.slides if not s.hidden]
    missing = sorted(
        {
            s.layout
            for s in shown
            if not _find(f"layouts/{s.layout}.html.j2", folder, overrides).is_file()
        }
    )
    if missing:
        where = " and ".join(str(d / "layouts") for d in (*overrides, folder))
        raise TemplateError(
            f"no HTML template for layout(s) {', '.join(missing)} (looked in {where})"
        )
    last = plan.slides[-1].number if plan.slides else 0
    views = [_slide_view(s, i, last, plan.theme) for i, s in enumerate(shown, start=1)]
    context = page_context(plan, live_script, folder, overrides)
    try:
        return env.get_template("deck.html.j2").render(slides=views, **context)
    except jinja2.TemplateError as exc:
        raise _template_problem(exc, folder) from exc


def page_context(
    plan: DeckPlan,
    live_script: str | None,
    folder: Path,
    overrides: tuple[Path, ...],
    used: dict[tuple[str, bool, bool], str] | None = None,
    formulas: list[str] | None = None,
) -> dict[str, Any]:
    """Return what deck.html.j2 draws besides the slides: the page's title, styles, fonts and
    scripts. ``used`` and ``formulas``: the plan's webfonts.used_text and its formulas (each
    once, in order), when the caller has them already."""
    last = plan.slides[-1].number if plan.slides else 0
    width, height = canvas_px(plan.theme)
    doc_title = plain(plan.title) or plan.name
    fonts = embedded(plan, used)
    font_css = [face.css() for face in fonts.faces]
    script = _find("podium.js", folder, overrides).read_text(encoding="utf-8")
    scripts = [script] + ([live_script] if live_script else [])
    hashes = " ".join(
        "'sha256-"
        + base64.b64encode(hashlib.sha256(_inline_script(s).encode()).digest()).decode()
        + "'"
        for s in scripts
    )
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
        f"script-src {hashes}; base-uri 'none'; form-action 'none'"
        + ("; connect-src 'self'" if live_script else "")
    )
    if formulas is None:
        formulas = _formulas([s for s in plan.slides if not s.hidden])
    return {
        "plan": plan,
        "doc_title": doc_title,
        "author": plain(plan.author),
        "width": width,
        "height": height,
        "count": last,
        "csp": csp,
        "theme_css": Markup("\n".join([*font_css, theme_css(plan.theme, fonts)])),
        "css": Markup(_find("podium.css", folder, overrides).read_text(encoding="utf-8")),
        "math_css": Markup(mathfont.css(formulas)),
        "script": _inline_script(script),
        "live_script": _inline_script(live_script) if live_script else "",
    }
