"""Draw a DeckPlan as one self-contained HTML deck (Jinja templates, inlined CSS, JS, images)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from podium.cancel import checkpoint
from podium.errors import DeckError, Location, Problem, TemplateError
from podium.media import mathfont
from podium.plan.geometry import (
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
from podium.plan.types import DeckPlan, ImagePlan, SlidePlan
from podium.render.html_css import box_css, canvas_px, num, theme_css
from podium.render.html_table import CellView, column_widths, row_heights, table_rows
from podium.render.html_templates import (
    deck_overrides,
    environment,
    find,
    inline_script,
    template_problem,
    templates_dir,
)
from podium.render.webfonts import embedded
from podium.template.theme import Box, Theme

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


def slide_view(slide: SlidePlan, position: int, total: int, theme: Theme) -> SlideView:
    """Return the view of ``slide``: ``position`` among the slides shown, ``total`` the number
    of the deck's last slide (hidden slides keep their numbers, as PowerPoint shows them)."""
    checkpoint()
    title = slide.title_text
    picture_box, caption_box = _image_boxes(slide, theme)
    label = f"Slide {slide.number} of {total}" + (f": {title}" if title else "")
    quote_box = attribution_box = ""
    if slide.layout == "quote":
        boxes = quote_boxes(slide, theme)
        quote_box, attribution_box = box_css(boxes[0]), box_css(boxes[1])
    return SlideView(
        plan=slide,
        position=position,
        label=label,
        fit="" if slide.scale == 1 else num(slide.scale),
        title_fit="" if slide.title_scale == 1 else num(slide.title_scale),
        style=";".join(
            f"{name}:{num(value)}"
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
    return Placed("text", box_css(box), blocks(paras), name=name)


def _picture(box: Box, image: ImagePlan, loc: Location | None, name: str = "") -> Placed:
    return Placed(
        "picture",
        box_css(box),
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
                out.append(Placed("heading", box_css(head), runs=runs))
            if getattr(slide, side):
                out.append(_text(box, getattr(slide, side), side))
    elif slide.layout == "columns":
        for column, (head, box) in zip(slide.columns, columns_boxes(slide, theme), strict=True):
            if head is not None and column.title:
                out.append(Placed("heading", box_css(head), runs=column.title))
            if column.image is not None:
                out.append(_picture(column_picture_box(column.image, box), column.image, slide.loc))
            elif column.body:
                out.append(_text(box, column.body))
    elif slide.layout == "images":
        for figure, (picture, caption) in zip(slide.figures, grid_boxes(slide, theme), strict=True):
            out.append(_picture(picture, figure.image, slide.loc))
            if caption is not None:
                out.append(Placed("caption", box_css(caption), runs=figure.caption))
    return out


def _table_caption(slide: SlidePlan, theme: Theme) -> str:
    box = table_caption_box(slide, theme)
    return box_css(box) if box is not None else ""


def _highlights(slide: SlidePlan, theme: Theme) -> list[Highlight]:
    marks = slide.steps.highlights
    out = []
    for n, mark in enumerate(marks):
        until = marks[n + 1].step if n + 1 < len(marks) else slide.steps.count + 1
        box = code_line_box(slide, theme, mark.first, mark.last)
        first, last = mark.first + 1, mark.last + 1
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        out.append(Highlight(box_css(box), mark.step, until, lines))
    return out


def _image_boxes(slide: SlidePlan, theme: Theme) -> tuple[str, str]:
    """Return the CSS boxes of the picture and its caption ('' where there is none)."""
    if slide.image is None or slide.layout != "image":
        return "", ""
    picture, caption = picture_boxes(slide, theme)
    return box_css(picture), box_css(caption) if caption else ""


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


def render(plan: DeckPlan, *, live_script: str | None = None) -> str:
    """Return the deck as one HTML document with its CSS, JS and images inlined.

    Hidden slides are left out. ``live_script`` is extra JavaScript run after the deck's own
    (the preview server's reload hook). Raises TemplateError for a layout without a template or
    a broken template, DeckError for an image that cannot be read.
    """
    folder = templates_dir() / "html"
    overrides = deck_overrides(plan.html_templates)
    env = environment(folder, overrides)
    shown = [s for s in plan.slides if not s.hidden]
    missing = sorted(
        {
            s.layout
            for s in shown
            if not find(f"layouts/{s.layout}.html.j2", folder, overrides).is_file()
        }
    )
    if missing:
        where = " and ".join(str(d / "layouts") for d in (*overrides, folder))
        raise TemplateError(
            f"no HTML template for layout(s) {', '.join(missing)} (looked in {where})"
        )
    last = plan.slides[-1].number if plan.slides else 0
    views = [slide_view(s, i, last, plan.theme) for i, s in enumerate(shown, start=1)]
    context = page_context(plan, live_script, folder, overrides)
    try:
        return env.get_template("deck.html.j2").render(slides=views, **context)
    except jinja2.TemplateError as exc:
        raise template_problem(exc, folder) from exc


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
    # The @font-face rules are macros of _fonts.css.j2 (Jinja modules have no static type).
    rules: Any = environment(folder, overrides).get_template("_fonts.css.j2").make_module()
    font_css = [rules.face(f.family, f.url, f.bold, f.italic) for f in fonts.faces]
    script = find("podium.js", folder, overrides).read_text(encoding="utf-8")
    scripts = [script] + ([live_script] if live_script else [])
    hashes = " ".join(
        "'sha256-"
        + base64.b64encode(hashlib.sha256(inline_script(s).encode()).digest()).decode()
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
    math_url = mathfont.data_url(formulas)
    return {
        "plan": plan,
        "doc_title": doc_title,
        "author": plain(plan.author),
        "width": width,
        "height": height,
        "count": last,
        "csp": csp,
        "theme_css": Markup("\n".join([*font_css, theme_css(plan.theme, fonts)])),
        "css": Markup(find("podium.css", folder, overrides).read_text(encoding="utf-8")),
        "math_css": Markup(rules.math(mathfont.FAMILY, math_url) if math_url else ""),
        "script": inline_script(script),
        "live_script": inline_script(live_script) if live_script else "",
    }
