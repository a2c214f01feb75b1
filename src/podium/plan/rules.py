"""The slide rules: what each layout, and a slide's reveal, pause and steps, put in its plan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from podium.errors import ModelPath, dotted, suggest
from podium.load.model import (
    AgendaSlide,
    BulletsSlide,
    CodeSlide,
    Column,
    ColumnsSlide,
    ImageSlide,
    ImagesSlide,
    QuoteSlide,
    SectionSlide,
    Slide,
    SlideModel,
    TableSlide,
    TitleSlide,
    TwoColumnSlide,
)
from podium.load.model import Bullet as BulletModel
from podium.load.model import Cell as CellModel
from podium.plan.content import highlight, read_image
from podium.plan.geometry import DEFAULT_IMAGE_SHARE
from podium.plan.markup import Inline, Para, quote_runs
from podium.plan.types import (
    ColumnPlan,
    FigurePlan,
    ImagePlan,
    SlideFields,
    Span,
    StepsPlan,
    TablePlan,
)

if TYPE_CHECKING:
    from podium.plan.planner import Planner


def layout_title(planner: Planner, slide: TitleSlide, parts: ModelPath, f: SlideFields) -> None:
    deck = planner.deck
    if not slide.title:
        f["title"] = planner.inline(deck.title, ("title",))
    f["subtitle"] = (
        planner.inline(slide.subtitle, (*parts, "subtitle"))
        if slide.subtitle
        else planner.inline(deck.subtitle, ("subtitle",))
    )
    if slide.byline:
        f["byline"] = planner.block(slide.byline, (*parts, "byline"))
        return
    byline: list[Para] = []
    for key in ("event", "date", "author", "affiliation"):
        value = getattr(deck, key)
        if value:
            byline.extend(Para(p.runs) for p in planner.block(value, (key,)))
    f["byline"] = tuple(byline)


def layout_agenda(planner: Planner, slide: AgendaSlide, parts: ModelPath, f: SlideFields) -> None:
    if not slide.title:
        f["title"] = planner.inline("Outline", ())
    if slide.items:
        f["body"] = tuple(planner.bullets(slide.items, (*parts, "items")))
        return
    body: list[Para] = []
    for sec in pending_sections(planner):
        body.append(Para(planner.inline(sec[0], sec[2]), 0, "•"))
        if sec[1]:
            body.append(Para(planner.inline(sec[1], (*sec[2][:-1], "summary")), 1, "•"))
    if not body:
        planner.error(
            (*parts, "layout"),
            "an agenda without items: lists the deck's "
            "sections, but the deck has none; add items: or sections",
        )
    f["body"] = tuple(body)


def pending_sections(planner: Planner) -> list[tuple[str, str | None, ModelPath]]:
    """Return (title, summary, path) of every section in the deck, agenda or not yet."""
    from podium.load.model import Section

    return [
        (item.section, item.summary, ("slides", i, "section"))
        for i, item in enumerate(planner.deck.slides)
        if isinstance(item, Section)
        and item.agenda
        and planner.variant.keeps(item.only)
        and any(planner.variant.keeps(s.only) for s in item.slides)
    ]


def layout_section(planner: Planner, slide: SectionSlide, parts: ModelPath, f: SlideFields) -> None:
    f["subtitle"] = planner.inline(slide.subtitle, (*parts, "subtitle"))
    if slide.slide_number is None:
        f["show_number"] = False


def _numbering(slide: BulletsSlide | TwoColumnSlide | Column) -> tuple[bool, int | None]:
    """Return whether a slide's (or column's) top-level bullets are numbered, from what."""
    return slide.numbered or slide.start is not None, slide.start


def layout_bullets(planner: Planner, slide: BulletsSlide, parts: ModelPath, f: SlideFields) -> None:
    body = list(planner.block(slide.text, (*parts, "text")))
    numbered, start = _numbering(slide)
    body.extend(planner.bullets(slide.bullets, (*parts, "bullets"), 0, numbered, start))
    f["body"] = tuple(body)
    if slide.image is None:
        for key in ("alt", "image_width", "image_side"):
            if key in slide.model_fields_set:
                planner.error(
                    (*parts, key),
                    f"{key}: belongs to a picture beside the bullets; add image: (and "
                    "alt:) or remove it",
                )
        return
    f["layout"] = "picture-text"
    f["image_side"] = slide.image_side
    f["image_share"] = slide.image_width if slide.image_width is not None else DEFAULT_IMAGE_SHARE
    f["image"] = _picture(planner, slide.image, slide.alt, parts)


def _picture(planner: Planner, name: str, alt: str | None, parts: ModelPath) -> ImagePlan | None:
    """Return a picture with its required alt text (``parts``: the mapping holding both)."""
    if alt is None or not alt.strip():
        planner.error(
            (*parts, "alt") if alt is not None else (*parts, "image"),
            "alt: is missing or empty; describe what the image shows for people who "
            "cannot see it, e.g. alt: Bars being swapped into order",
        )
        alt = ""
    return _image(planner, name, alt, (*parts, "image"))


def layout_two_column(
    planner: Planner, slide: TwoColumnSlide, parts: ModelPath, f: SlideFields
) -> None:
    numbered, start = _numbering(slide)
    f["left"] = tuple(planner.bullets(slide.left, (*parts, "left"), 0, numbered, start))
    f["right"] = tuple(planner.bullets(slide.right, (*parts, "right"), 0, numbered, start))
    if slide.left_title or slide.right_title:
        f["layout"] = "comparison"
        f["left_title"] = planner.inline(slide.left_title, (*parts, "left_title"))
        f["right_title"] = planner.inline(slide.right_title, (*parts, "right_title"))


def layout_columns(planner: Planner, slide: ColumnsSlide, parts: ModelPath, f: SlideFields) -> None:
    columns = []
    for n, column in enumerate(slide.columns):
        here = (*parts, "columns", n)
        numbered, start = _numbering(column)
        body = tuple(planner.bullets(column.bullets, (*here, "bullets"), 0, numbered, start))
        image = None
        if column.image is not None:
            if column.bullets:
                planner.error(
                    (*here, "image"),
                    "a column holds bullets or a picture, not both; put the picture "
                    "in a column of its own",
                )
            image = _picture(planner, column.image, column.alt, here)
        elif column.alt is not None:
            planner.error((*here, "alt"), "alt: describes a picture; add image: or remove alt:")
        elif not column.bullets and not column.title:  # what was written, in any variant
            planner.error(here, "this column is empty; give it a title:, bullets: or image:")
        columns.append(ColumnPlan(planner.inline(column.title, (*here, "title")), body, image))
    f["columns"] = tuple(columns)


def layout_images(planner: Planner, slide: ImagesSlide, parts: ModelPath, f: SlideFields) -> None:
    figures = []
    for n, item in enumerate(slide.images):
        here = (*parts, "images", n)
        image = _picture(planner, item.image, item.alt, here)
        if image is not None:
            caption = planner.inline(item.caption, (*here, "caption"))
            figures.append(FigurePlan(image, caption))
    f["figures"] = tuple(figures)


def layout_quote(planner: Planner, slide: QuoteSlide, parts: ModelPath, f: SlideFields) -> None:
    f["quote"] = quote_runs(planner.inline(slide.quote, (*parts, "quote")))
    f["attribution"] = planner.inline(slide.attribution, (*parts, "attribution"))


def layout_image(planner: Planner, slide: ImageSlide, parts: ModelPath, f: SlideFields) -> None:
    f["caption"] = planner.inline(slide.caption, (*parts, "caption"))
    if not slide.alt.strip():
        planner.error(
            (*parts, "alt"),
            "alt: is empty; describe what the image shows for people who cannot see it",
        )
    f["image"] = _image(planner, slide.image, slide.alt, (*parts, "image"))


def _image(planner: Planner, name: str, alt: str, parts: ModelPath) -> ImagePlan | None:
    found = read_image(planner.base, name, alt, planner.assets)
    if isinstance(found, str):
        planner.error(parts, found)
        return None
    return found


def layout_table(planner: Planner, slide: TableSlide, parts: ModelPath, f: SlideFields) -> None:
    written = [((*parts, "header"), slide.header)] + [
        ((*parts, "rows", r), row) for r, row in enumerate(slide.rows)
    ]
    width = sum(c.cols if isinstance(c, CellModel) else 1 for c in slide.header)
    n_rows = len(written)
    grid: list[list[Inline | None]] = [[None] * width for _ in range(n_rows)]
    spans: list[Span] = []
    for r, (where, row) in enumerate(written):
        col = 0
        for i, cell in enumerate(row):
            while col < width and grid[r][col] is not None:
                col += 1  # covered by a merged cell from a row above
            text = cell.text if isinstance(cell, CellModel) else cell
            cols = cell.cols if isinstance(cell, CellModel) else 1
            down = cell.rows if isinstance(cell, CellModel) else 1
            if col + cols > width:
                planner.error(
                    (*where, i),
                    f"this cell reaches column {col + cols} but the table has {width} "
                    f"(from its header); give the row fewer cells or smaller cols:",
                )
                break
            if r + down > n_rows:
                planner.error(
                    (*where, i, "rows"),
                    f"this cell spans {down} rows but the table has "
                    f"{_rows(n_rows - r)} from here; use rows: {n_rows - r} or add rows",
                )
                down = n_rows - r
            if r == 0 and down > 1:
                planner.error(
                    (*where, i, "rows"),
                    "a header cell cannot reach into the rows under it; merge "
                    "header cells across with cols:",
                )
                down = 1
            if any(grid[r + k][col + j] is not None for k in range(down) for j in range(cols)):
                planner.error(
                    (*where, i),
                    "this cell overlaps a merged cell from a row above",
                )
                break
            runs = planner.inline(text, (*where, i))
            for k in range(down):
                for j in range(cols):
                    grid[r + k][col + j] = runs if (k, j) == (0, 0) else ()
            if cols > 1 or down > 1:
                spans.append(Span(r, col, down, cols))
            col += cols
        filled = sum(1 for c in grid[r] if c is not None)
        if filled < width and not any(p.path.startswith(dotted(where)) for p in planner.problems):
            count = len(row)
            merged = (
                "; a merged cell counts as the columns it spans, and the cells it covers "
                "from above are left out"
                if spans
                else ""
            )
            planner.error(
                where,
                f"row has {count} cell(s) but the header "
                f'has {width}; give every row {width} cells (use "" for empty){merged}',
            )
    cells = [tuple(c if c is not None else () for c in row) for row in grid]
    if slide.widths is not None and len(slide.widths) != width:
        planner.error(
            (*parts, "widths"),
            f"widths: gives {len(slide.widths)} share(s) but the table has {width} "
            "columns; give one number per column, e.g. widths: "
            + str([2] + [1] * (width - 1)).replace("'", ""),
        )
    if slide.align is not None and len(slide.align) != width:
        planner.error(
            (*parts, "align"),
            f"align: gives {len(slide.align)} alignment(s) but the table has {width} "
            "columns; give one per column (left, center or right)",
        )
    shares: tuple[float, ...] = ()
    if slide.widths is not None and len(slide.widths) == width:
        total = sum(slide.widths)
        shares = tuple(w / total for w in slide.widths)
    f["table"] = TablePlan(
        cells[0],
        tuple(cells[1:]),
        widths=shares,
        align=tuple(slide.align) if slide.align and len(slide.align) == width else (),
        spans=tuple(spans),
        header_column=slide.header_column,
        caption=planner.inline(slide.caption, (*parts, "caption")),
    )


def layout_code(planner: Planner, slide: CodeSlide, parts: ModelPath, f: SlideFields) -> None:
    from pygments.util import ClassNotFound

    try:
        f["code"] = highlight(slide.code, slide.language)
    except ClassNotFound:
        planner.error(
            (*parts, "language"),
            f"unknown language '{slide.language}' for "
            "highlighting; use a Pygments name such as python, bash, yaml, or text",
        )


def layout_blank(planner: Planner, slide: SlideModel, parts: ModelPath, f: SlideFields) -> None:
    pass


def slide_steps(planner: Planner, slide: Slide, parts: ModelPath, fields: SlideFields) -> StepsPlan:
    """Return what each click brings on ``slide`` (its reveal:, pause: and steps:), giving
    its paragraphs their steps."""
    from podium.plan import steps

    deck = planner.deck
    layout = slide.layout
    text_paras = 0
    if isinstance(slide, BulletsSlide):
        text_paras = len(fields.get("body", ())) - _count_bullets(planner, slide.bullets)
    blocks = steps.slide_blocks(layout, fields, text_paras)
    names = [b.name for b in blocks]
    lists = [b.name for b in blocks if b.is_list]
    reveal = (slide.reveal or deck.reveal) == "bullets"
    if slide.reveal == "bullets" and not lists:
        hint = f"; to bring its blocks on clicks, use pause: [{', '.join(names)}]"
        planner.error(
            (*parts, "reveal"),
            f"this {layout} slide has no bullets to reveal" + (hint if names else ""),
        )
    pauses: list[str] = []
    known = steps.BLOCK_NAMES.get(layout, ())
    for i, name in enumerate(slide.pause or ()):
        if name in names:
            pauses.append(name)
        elif not known:
            planner.error((*parts, "pause", i), f"a {layout} slide has no blocks to pause before")
        else:
            why = (
                f"this slide has no {name}"
                if name in known
                else f"a {layout} slide has no block '{name}'{suggest(name, known)}"
            )
            here = f"; blocks here: {', '.join(names)}" if names else ""
            planner.error((*parts, "pause", i), why + here)
    marks: list[tuple[int, int]] = []
    code = fields.get("code")
    ranges = (slide.steps or []) if isinstance(slide, CodeSlide) else []
    for i, lines in enumerate(steps.parse_ranges(ranges)):
        count = len(code.lines) if code is not None else 0
        if isinstance(lines, str):
            planner.error((*parts, "steps", i), lines)
        elif lines[1] > count:
            planner.error(
                (*parts, "steps", i),
                f"line {lines[1]} is past the end of the code ({count} lines)",
            )
        else:
            marks.append((lines[0] - 1, lines[1] - 1))
    level = slide.reveal_level or deck.reveal_level
    paras = {
        "body": fields.get("body", ()),
        "left": fields.get("left", ()),
        "right": fields.get("right", ()),
    }
    plan, stepped = steps.assign(
        blocks, paras, reveal=reveal, level=level, pauses=pauses, highlights=marks
    )
    if "body" in stepped:
        fields["body"] = stepped["body"]
    if "left" in stepped:
        fields["left"] = stepped["left"]
    if "right" in stepped:
        fields["right"] = stepped["right"]
    return plan


def _count_bullets(planner: Planner, items: Sequence[BulletModel] | None) -> int:
    """Return how many paragraphs the bullets the variant keeps make."""
    return sum(
        1 + _count_bullets(planner, b.bullets) for b in items or () if planner.variant.keeps(b.only)
    )


def _rows(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"


#: The rule of each layout, by the name a deck writes in ``layout:``.
RULES: dict[str, Callable[..., None]] = {
    "title": layout_title,
    "agenda": layout_agenda,
    "section": layout_section,
    "bullets": layout_bullets,
    "two-column": layout_two_column,
    "columns": layout_columns,
    "images": layout_images,
    "quote": layout_quote,
    "image": layout_image,
    "table": layout_table,
    "code": layout_code,
    "blank": layout_blank,
}
