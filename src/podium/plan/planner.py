"""Build the plan from a validated deck: numbering, sections, agenda, titles, images, code."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path

from podium.cancel import checkpoint
from podium.errors import (
    DeckError,
    Location,
    Locations,
    ModelPath,
    Problem,
    SourceText,
    dotted,
    suggest,
)
from podium.load.model import (
    AgendaSlide,
    BulletsSlide,
    CodeSlide,
    Column,
    ColumnsSlide,
    Deck,
    ImageSlide,
    ImagesSlide,
    NotesPart,
    QuoteSlide,
    Section,
    SectionSlide,
    Slide,
    SlideModel,
    TableSlide,
    TitleSlide,
    TwoColumnSlide,
)
from podium.load.model import Bullet as BulletModel
from podium.load.model import Cell as CellModel
from podium.plan.content import (
    asset_folders,
    build_date,
    highlight,
    long_properties,
    parse_date,
    read_image,
)
from podium.plan.geometry import DEFAULT_IMAGE_SHARE
from podium.plan.located import broken_escape, formula_problem
from podium.plan.markup import Inline, Para, quote_runs
from podium.plan.templating import with_template
from podium.plan.types import (
    ColumnPlan,
    DeckPlan,
    FigurePlan,
    ImagePlan,
    Reuse,
    SectionPlan,
    SlideFields,
    SlidePlan,
    Span,
    StepsPlan,
    TablePlan,
)

#: What callers import from here; dates, pictures and code colours are read in plan.content,
#: the template step is plan.templating.
__all__ = ["build_date", "highlight", "parse_date", "plan", "with_template"]

# -- building the plan from a validated deck --------------------------------------------------


#: The deck's texts besides its title that the plan carries as runs.
_META = ("subtitle", "author", "affiliation", "event", "date")


class _Planner:
    """Turn a validated Deck into a DeckPlan, collecting located problems."""

    def __init__(
        self,
        deck: Deck,
        locations: Locations,
        src: SourceText,
        path: Path,
        variant: str | None = None,
        assets: Sequence[Path] = (),
        reuse: Reuse | None = None,
    ) -> None:
        from podium.plan.variants import resolve

        self.deck = deck
        self.locations = locations
        self.src = src
        self.path = path
        self.base = path.parent
        self.problems: list[Problem] = []
        self.slides: list[SlidePlan] = []
        self.sections: list[SectionPlan] = []
        self.anchors: dict[str, ModelPath] = {}
        self.parsed: dict[tuple[str, ModelPath], Inline] = {}  # each problem reported once
        self.variant = resolve(deck, variant, self.error, reuse)
        folders = asset_folders(self.base, deck.assets, assets)
        self.assets = [] if isinstance(folders, str) else folders
        if isinstance(folders, str):
            self.error(("assets",), folders)
        self.warnings: list[Problem] = []
        self.reuse = reuse

    # where a value was written, for messages
    def locate(self, parts: ModelPath) -> Location:
        return self.locations.near(parts)

    def error(self, parts: ModelPath, message: str) -> None:
        if self.locations.stand_in(parts):
            return  # a value put in place of a wrong one, which the loader reported
        loc = self.locate(parts)
        self.problems.append(
            self.src.problem(message, loc.line, loc.col, loc.length, dotted(parts))
        )

    def inline(self, text: str | None, parts: ModelPath) -> Inline:
        from podium.plan.markup import MarkupError, parse_inline

        if not text:
            return ()
        key = (text, parts)
        if key not in self.parsed:
            self.parsed[key] = ()
            if self.escapes_ok(text, parts):
                try:
                    self.parsed[key] = parse_inline(text)
                except MarkupError as exc:
                    self.markup_error(exc, parts)
        return self.parsed[key]

    def block(self, text: str | None, parts: ModelPath) -> tuple[Para, ...]:
        from podium.plan.markup import MarkupError, parse_block

        if not text:
            return ()
        if not self.escapes_ok(text, parts):
            return ()
        try:
            return parse_block(text)
        except MarkupError as exc:
            self.markup_error(exc, parts)
            return ()

    def escapes_ok(self, text: str, parts: ModelPath) -> bool:
        """Report LaTeX that YAML's double-quote escapes broke; return whether there is none."""
        if "$" not in text:
            return True
        loc = self.locations.get(parts) or self.locations.get((*parts, "text"))
        written = self.src.line(loc.line) if loc is not None else None
        if loc is None or written is None or written[loc.col - 1 : loc.col] != '"':
            return True
        problem = broken_escape(text)
        if problem is not None:
            self.error(parts, problem)
        return problem is None

    def markup_error(self, exc: Exception, parts: ModelPath) -> None:
        """Report a markup problem; a formula's at the column of the problem inside it."""
        problem = formula_problem(self.src, self.locate(parts), exc, dotted(parts))
        if problem is not None:
            self.problems.append(problem)
        else:
            self.error(parts, str(exc))

    def bullets(
        self,
        items: Sequence[BulletModel] | None,
        parts: ModelPath,
        level: int = 0,
        numbered: bool = False,
        start: int | None = None,
    ) -> list[Para]:
        """Return the paragraphs of a list of bullets; ``numbered`` numbers this list from
        ``start`` (default 1), a bullet's own numbered: its sub-bullets."""
        out: list[Para] = []
        first = 1 if start is None else start
        kept = 0  # bullets left out of the variant take no number
        for i, item in enumerate(items or ()):
            if not self.variant.keeps(item.only):
                continue
            number = first + kept if numbered else None
            kept += 1
            mark = "•" if number is None else f"{number}."
            out.append(Para(self.inline(item.text, (*parts, i)), level, mark, number))
            if (item.numbered or item.start is not None) and not item.bullets:
                self.error(
                    (*parts, i, "numbered" if item.numbered else "start"),
                    "this bullet has no sub-bullets to number; numbered: and start: on a "
                    "bullet number its bullets:, on the slide its top-level bullets",
                )
            out.extend(
                self.bullets(
                    item.bullets,
                    (*parts, i, "bullets"),
                    level + 1,
                    item.numbered or item.start is not None,
                    item.start,
                )
            )
        return out

    # -- the deck ----------------------------------------------------------------------
    def run(self) -> DeckPlan:
        deck = self.deck
        self.warnings = [
            self.src.problem(why, (at := self.locate((k,))).line, at.col, at.length, k, "warning")
            for k, why in long_properties(deck, self.inline)
        ]
        self.footer = self.inline(deck.footer, ("footer",))
        entries: list[tuple[Slide | None, ModelPath, int | None, int, int]] = []
        self.numbered: list[bool] = []
        keeps = self.variant.keeps
        for i, item in enumerate(deck.slides):
            if not keeps(item.only):
                continue
            if isinstance(item, Section):
                kept = [(j, s) for j, s in enumerate(item.slides) if keeps(s.only)]
                if not kept:
                    continue
                k = len(self.sections)
                self.numbered.append(
                    item.numbered
                    if item.numbered is not None
                    else deck.section_titles == "numbered"
                )
                titled_count = sum(1 for _, s in kept if s.title)
                first = len(entries)
                if item.divider:
                    entries.append((None, ("slides", i), k, 0, 0))
                position = 0
                for j, slide in kept:
                    if slide.title:
                        position += 1
                    entries.append(
                        (
                            slide,
                            ("slides", i, "slides", j),
                            k,
                            position if slide.title else 0,
                            titled_count,
                        )
                    )
                self.sections.append(
                    SectionPlan(
                        self.inline(item.section, ("slides", i, "section")),
                        self.inline(item.summary, ("slides", i, "summary")),
                        first,
                        len(entries) - first,
                        item.agenda,
                    )
                )
            else:
                entries.append((item, ("slides", i), None, 0, 0))
        for index, (entry, parts, section, position, titled) in enumerate(entries):
            checkpoint()
            if entry is not None and self.reuse is not None:
                self.slides.append(self.reused(entry, parts, index, section, position, titled))
                continue
            if entry is None:
                assert section is not None
                sec = self.sections[section]
                self.slides.append(
                    SlidePlan(
                        index=index,
                        number=index + 1,
                        layout="section",
                        anchor=str(index + 1),
                        title=sec.title,
                        subtitle=sec.summary,
                        section=section,
                        show_number=False,
                        loc=self.locate(parts),
                    )
                )
                continue
            self.slides.append(self.slide(entry, parts, index, section, position, titled))
        title = self.inline(deck.title, ("title",))
        meta = {key: self.inline(getattr(deck, key), (key,)) for key in _META}
        if self.problems:
            raise DeckError(sorted(self.problems, key=lambda p: p.loc or Location("", 0, 0)))
        chosen = self.variant
        return DeckPlan(
            name=self.path.stem + (f"-{chosen.name}" if chosen.explicit else ""),
            variant=chosen.name or "",
            source=self.path,
            title=title,
            subtitle=meta["subtitle"],
            author=meta["author"],
            affiliation=meta["affiliation"],
            event=meta["event"],
            date=meta["date"],
            lang=deck.lang,
            created=build_date(deck.date),
            slides=tuple(self.slides),
            sections=tuple(self.sections),
            template=(self.base / deck.template) if deck.template else None,
            html_templates=tuple(d for d in (self.base / "templates" / "html",) if d.is_dir()),
            warnings=tuple(self.warnings),
        )

    def reused(
        self,
        slide: Slide,
        parts: ModelPath,
        index: int,
        section: int | None,
        position: int,
        titled: int,
    ) -> SlidePlan:
        """Return the plan of ``slide`` from ``self.reuse`` when it has planned the same slide
        object in the same place before, else planned now."""
        assert self.reuse is not None
        context: tuple[Hashable, ...] = (parts, index, section, position, titled)
        if section is not None:
            context += (self.numbered[section], self.sections[section].title)
        if isinstance(slide, AgendaSlide):
            context += (tuple(self.pending_sections()),)

        def plan_it() -> SlidePlan:
            return self.slide(slide, parts, index, section, position, titled)

        planned = self.reuse(slide, ("plan", *context), plan_it)
        if slide.id and planned.anchor == slide.id:
            if slide.id in self.anchors:
                return plan_it()  # now a later slide of the same id: reported there
            self.anchors[slide.id] = parts
        return planned

    def title_runs(
        self, slide: Slide, parts: ModelPath, section: int | None, position: int, titled: int
    ) -> Inline:
        from podium.plan.markup import Run

        own = self.inline(slide.title, (*parts, "title"))
        if section is None or not self.numbered[section]:
            return own
        sec_title = self.sections[section].title
        if not own:
            return sec_title
        prefix = (*sec_title, Run(f" ({position})")) if titled > 1 else sec_title
        return (*prefix, Run("\n"), *own)

    def slide(
        self,
        slide: Slide,
        parts: ModelPath,
        index: int,
        section: int | None,
        position: int,
        titled: int,
    ) -> SlidePlan:
        deck = self.deck
        layout = slide.layout
        number = index + 1
        anchor = str(number)
        if slide.id:
            if slide.id in self.anchors or slide.id.isdigit():
                why = (
                    "is a slide number"
                    if slide.id.isdigit()
                    else f"is already used by {self.report_path(self.anchors[slide.id])}"
                )
                self.error(
                    (*parts, "id"),
                    f"id '{slide.id}' {why}; ids must be unique and not plain numbers",
                )
            elif not all(c.isalnum() or c in "-_." for c in slide.id):
                self.error(
                    (*parts, "id"),
                    f"id '{slide.id}' may use only letters, digits, "
                    "'-', '_' and '.' (it becomes part of the address: deck.html#id)",
                )
            else:
                self.anchors[slide.id] = parts
                anchor = slide.id
        is_cover = layout == "title"
        show_number = (
            slide.slide_number
            if slide.slide_number is not None
            else (deck.slide_numbers and not is_cover)
        )
        if slide.footer is False or (slide.footer is None and is_cover):
            footer: Inline = ()
        elif isinstance(slide.footer, str):
            footer = self.inline(slide.footer, (*parts, "footer"))
        else:
            footer = self.footer
        if slide.date is False or (slide.date is None and (is_cover or not deck.date_on_slides)):
            date: Inline = ()
        elif isinstance(slide.date, str):
            date = self.inline(slide.date, (*parts, "date"))
        elif deck.date:
            date = self.inline(deck.date, ("date",))
        else:
            where = (*parts, "date") if slide.date else ("date_on_slides",)
            if not any(p.path == "date_on_slides" for p in self.problems):  # say it once
                self.error(
                    where,
                    "the deck has no date: to show; add date: at the top of the "
                    'deck, or give the text here (date: "24 January 2007")',
                )
            date = ()
        fields: SlideFields = {
            "index": index,
            "number": number,
            "layout": layout,
            "anchor": anchor,
            "title": self.title_runs(slide, parts, section, position, titled),
            "notes": self.notes(slide.notes, (*parts, "notes")),
            "section": section,
            "show_number": show_number,
            "footer": footer,
            "date": date,
            "hidden": slide.hidden,
            "loc": self.locate(parts),
            "fit": slide.fit or deck.fit,
        }
        getattr(self, "layout_" + layout.replace("-", "_"))(slide, parts, fields)
        fields["steps"] = self.steps(slide, parts, fields)
        return SlidePlan(**fields)

    def notes(
        self, notes: str | NotesPart | list[str | NotesPart] | None, parts: ModelPath
    ) -> tuple[Para, ...]:
        """Return the speaker notes the variant keeps: a text, or the parts of a list."""
        if not self.variant.notes or notes is None:
            return ()
        if isinstance(notes, str):
            return self.block(notes, parts)
        items = notes if isinstance(notes, list) else [notes]
        out: list[Para] = []
        for k, part in enumerate(items):
            where = (*parts, k) if isinstance(notes, list) else parts
            if isinstance(part, str):
                out.extend(self.block(part, where))
            elif self.variant.keeps(part.only):
                out.extend(self.block(part.text, (*where, "text")))
        return tuple(out)

    def steps(self, slide: Slide, parts: ModelPath, fields: SlideFields) -> StepsPlan:
        """Return what each click brings on ``slide``, giving its paragraphs their steps."""
        from podium.plan import steps

        deck = self.deck
        layout = slide.layout
        text_paras = 0
        if isinstance(slide, BulletsSlide):
            text_paras = len(fields.get("body", ())) - self.count_bullets(slide.bullets)
        blocks = steps.slide_blocks(layout, fields, text_paras)
        names = [b.name for b in blocks]
        lists = [b.name for b in blocks if b.is_list]
        reveal = (slide.reveal or deck.reveal) == "bullets"
        if slide.reveal == "bullets" and not lists:
            hint = f"; to bring its blocks on clicks, use pause: [{', '.join(names)}]"
            self.error(
                (*parts, "reveal"),
                f"this {layout} slide has no bullets to reveal" + (hint if names else ""),
            )
        pauses: list[str] = []
        known = steps.BLOCK_NAMES.get(layout, ())
        for i, name in enumerate(slide.pause or ()):
            if name in names:
                pauses.append(name)
            elif not known:
                self.error((*parts, "pause", i), f"a {layout} slide has no blocks to pause before")
            else:
                why = (
                    f"this slide has no {name}"
                    if name in known
                    else f"a {layout} slide has no block '{name}'{suggest(name, known)}"
                )
                here = f"; blocks here: {', '.join(names)}" if names else ""
                self.error((*parts, "pause", i), why + here)
        marks: list[tuple[int, int]] = []
        code = fields.get("code")
        ranges = (slide.steps or []) if isinstance(slide, CodeSlide) else []
        for i, lines in enumerate(steps.parse_ranges(ranges)):
            count = len(code.lines) if code is not None else 0
            if isinstance(lines, str):
                self.error((*parts, "steps", i), lines)
            elif lines[1] > count:
                self.error(
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

    def count_bullets(self, items: Sequence[BulletModel] | None) -> int:
        """Return how many paragraphs the bullets the variant keeps make."""
        return sum(
            1 + self.count_bullets(b.bullets) for b in items or () if self.variant.keeps(b.only)
        )

    def report_path(self, parts: ModelPath) -> str:
        loc = self.locate(parts)
        return f"line {loc.line}" if loc else "another slide"

    # -- per layout --------------------------------------------------------------------
    def layout_title(self, slide: TitleSlide, parts: ModelPath, f: SlideFields) -> None:
        deck = self.deck
        if not slide.title:
            f["title"] = self.inline(deck.title, ("title",))
        f["subtitle"] = (
            self.inline(slide.subtitle, (*parts, "subtitle"))
            if slide.subtitle
            else self.inline(deck.subtitle, ("subtitle",))
        )
        if slide.byline:
            f["byline"] = self.block(slide.byline, (*parts, "byline"))
            return
        byline: list[Para] = []
        for key in ("event", "date", "author", "affiliation"):
            value = getattr(deck, key)
            if value:
                byline.extend(Para(p.runs) for p in self.block(value, (key,)))
        f["byline"] = tuple(byline)

    def layout_agenda(self, slide: AgendaSlide, parts: ModelPath, f: SlideFields) -> None:
        if not slide.title:
            f["title"] = self.inline("Outline", ())
        if slide.items:
            f["body"] = tuple(self.bullets(slide.items, (*parts, "items")))
            return
        body: list[Para] = []
        for sec in self.pending_sections():
            body.append(Para(self.inline(sec[0], sec[2]), 0, "•"))
            if sec[1]:
                body.append(Para(self.inline(sec[1], (*sec[2][:-1], "summary")), 1, "•"))
        if not body:
            self.error(
                (*parts, "layout"),
                "an agenda without items: lists the deck's "
                "sections, but the deck has none; add items: or sections",
            )
        f["body"] = tuple(body)

    def pending_sections(self) -> list[tuple[str, str | None, ModelPath]]:
        """Return (title, summary, path) of every section in the deck, agenda or not yet."""
        from podium.load.model import Section

        return [
            (item.section, item.summary, ("slides", i, "section"))
            for i, item in enumerate(self.deck.slides)
            if isinstance(item, Section)
            and item.agenda
            and self.variant.keeps(item.only)
            and any(self.variant.keeps(s.only) for s in item.slides)
        ]

    def layout_section(self, slide: SectionSlide, parts: ModelPath, f: SlideFields) -> None:
        f["subtitle"] = self.inline(slide.subtitle, (*parts, "subtitle"))
        if slide.slide_number is None:
            f["show_number"] = False

    def numbering(self, slide: BulletsSlide | TwoColumnSlide | Column) -> tuple[bool, int | None]:
        """Return whether a slide's (or column's) top-level bullets are numbered, from what."""
        return slide.numbered or slide.start is not None, slide.start

    def layout_bullets(self, slide: BulletsSlide, parts: ModelPath, f: SlideFields) -> None:
        body = list(self.block(slide.text, (*parts, "text")))
        numbered, start = self.numbering(slide)
        body.extend(self.bullets(slide.bullets, (*parts, "bullets"), 0, numbered, start))
        f["body"] = tuple(body)
        if slide.image is None:
            for key in ("alt", "image_width", "image_side"):
                if key in slide.model_fields_set:
                    self.error(
                        (*parts, key),
                        f"{key}: belongs to a picture beside the bullets; add image: (and "
                        "alt:) or remove it",
                    )
            return
        f["layout"] = "picture-text"
        f["image_side"] = slide.image_side
        f["image_share"] = (
            slide.image_width if slide.image_width is not None else DEFAULT_IMAGE_SHARE
        )
        f["image"] = self.picture(slide.image, slide.alt, parts)

    def picture(self, name: str, alt: str | None, parts: ModelPath) -> ImagePlan | None:
        """Return a picture with its required alt text (``parts``: the mapping holding both)."""
        if alt is None or not alt.strip():
            self.error(
                (*parts, "alt") if alt is not None else (*parts, "image"),
                "alt: is missing or empty; describe what the image shows for people who "
                "cannot see it, e.g. alt: Bars being swapped into order",
            )
            alt = ""
        return self.image(name, alt, (*parts, "image"))

    def layout_two_column(self, slide: TwoColumnSlide, parts: ModelPath, f: SlideFields) -> None:
        numbered, start = self.numbering(slide)
        f["left"] = tuple(self.bullets(slide.left, (*parts, "left"), 0, numbered, start))
        f["right"] = tuple(self.bullets(slide.right, (*parts, "right"), 0, numbered, start))
        if slide.left_title or slide.right_title:
            f["layout"] = "comparison"
            f["left_title"] = self.inline(slide.left_title, (*parts, "left_title"))
            f["right_title"] = self.inline(slide.right_title, (*parts, "right_title"))

    def layout_columns(self, slide: ColumnsSlide, parts: ModelPath, f: SlideFields) -> None:
        columns = []
        for n, column in enumerate(slide.columns):
            here = (*parts, "columns", n)
            numbered, start = self.numbering(column)
            body = tuple(self.bullets(column.bullets, (*here, "bullets"), 0, numbered, start))
            image = None
            if column.image is not None:
                if column.bullets:
                    self.error(
                        (*here, "image"),
                        "a column holds bullets or a picture, not both; put the picture "
                        "in a column of its own",
                    )
                image = self.picture(column.image, column.alt, here)
            elif column.alt is not None:
                self.error((*here, "alt"), "alt: describes a picture; add image: or remove alt:")
            elif not column.bullets and not column.title:  # what was written, in any variant
                self.error(here, "this column is empty; give it a title:, bullets: or image:")
            columns.append(ColumnPlan(self.inline(column.title, (*here, "title")), body, image))
        f["columns"] = tuple(columns)

    def layout_images(self, slide: ImagesSlide, parts: ModelPath, f: SlideFields) -> None:
        figures = []
        for n, item in enumerate(slide.images):
            here = (*parts, "images", n)
            image = self.picture(item.image, item.alt, here)
            if image is not None:
                caption = self.inline(item.caption, (*here, "caption"))
                figures.append(FigurePlan(image, caption))
        f["figures"] = tuple(figures)

    def layout_quote(self, slide: QuoteSlide, parts: ModelPath, f: SlideFields) -> None:
        f["quote"] = quote_runs(self.inline(slide.quote, (*parts, "quote")))
        f["attribution"] = self.inline(slide.attribution, (*parts, "attribution"))

    def layout_image(self, slide: ImageSlide, parts: ModelPath, f: SlideFields) -> None:
        f["caption"] = self.inline(slide.caption, (*parts, "caption"))
        if not slide.alt.strip():
            self.error(
                (*parts, "alt"),
                "alt: is empty; describe what the image shows for people who cannot see it",
            )
        f["image"] = self.image(slide.image, slide.alt, (*parts, "image"))

    def image(self, name: str, alt: str, parts: ModelPath) -> ImagePlan | None:
        found = read_image(self.base, name, alt, self.assets)
        if isinstance(found, str):
            self.error(parts, found)
            return None
        return found

    def layout_table(self, slide: TableSlide, parts: ModelPath, f: SlideFields) -> None:
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
                    self.error(
                        (*where, i),
                        f"this cell reaches column {col + cols} but the table has {width} "
                        f"(from its header); give the row fewer cells or smaller cols:",
                    )
                    break
                if r + down > n_rows:
                    self.error(
                        (*where, i, "rows"),
                        f"this cell spans {down} rows but the table has "
                        f"{_rows(n_rows - r)} from here; use rows: {n_rows - r} or add rows",
                    )
                    down = n_rows - r
                if r == 0 and down > 1:
                    self.error(
                        (*where, i, "rows"),
                        "a header cell cannot reach into the rows under it; merge "
                        "header cells across with cols:",
                    )
                    down = 1
                if any(grid[r + k][col + j] is not None for k in range(down) for j in range(cols)):
                    self.error(
                        (*where, i),
                        "this cell overlaps a merged cell from a row above",
                    )
                    break
                runs = self.inline(text, (*where, i))
                for k in range(down):
                    for j in range(cols):
                        grid[r + k][col + j] = runs if (k, j) == (0, 0) else ()
                if cols > 1 or down > 1:
                    spans.append(Span(r, col, down, cols))
                col += cols
            filled = sum(1 for c in grid[r] if c is not None)
            if filled < width and not any(p.path.startswith(dotted(where)) for p in self.problems):
                count = len(row)
                merged = (
                    "; a merged cell counts as the columns it spans, and the cells it covers "
                    "from above are left out"
                    if spans
                    else ""
                )
                self.error(
                    where,
                    f"row has {count} cell(s) but the header "
                    f'has {width}; give every row {width} cells (use "" for empty){merged}',
                )
        cells = [tuple(c if c is not None else () for c in row) for row in grid]
        if slide.widths is not None and len(slide.widths) != width:
            self.error(
                (*parts, "widths"),
                f"widths: gives {len(slide.widths)} share(s) but the table has {width} "
                "columns; give one number per column, e.g. widths: "
                + str([2] + [1] * (width - 1)).replace("'", ""),
            )
        if slide.align is not None and len(slide.align) != width:
            self.error(
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
            caption=self.inline(slide.caption, (*parts, "caption")),
        )

    def layout_code(self, slide: CodeSlide, parts: ModelPath, f: SlideFields) -> None:
        from pygments.util import ClassNotFound

        try:
            f["code"] = highlight(slide.code, slide.language)
        except ClassNotFound:
            self.error(
                (*parts, "language"),
                f"unknown language '{slide.language}' for "
                "highlighting; use a Pygments name such as python, bash, yaml, or text",
            )

    def layout_blank(self, slide: SlideModel, parts: ModelPath, f: SlideFields) -> None:
        pass


def _rows(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"


def plan(  # assets: folders pictures may come from besides the deck's (--assets)
    deck: Deck, locs: Locations, src: SourceText, path: Path, variant: str | None = None,
    assets: Sequence[Path] = (), reuse: Reuse | None = None,
) -> DeckPlan:  # fmt: skip
    """Return the plan of a validated deck; raise DeckError for problems found on the way
    (missing images, refused links, ragged tables, unknown code languages, unknown variants).

    ``locs`` says where each value was written, for the messages. ``variant`` names the
    variant to plan (None: the deck's default); the parts marked ``only:`` for other variants
    are left out, and the slides numbered without them. ``reuse(slide, context, plan_it)``
    returns ``plan_it()``, or what it returned before for the same slide object (not an equal
    one: its locations may differ) in the same context (see Reuse).
    """
    return _Planner(deck, locs, src, path, variant, assets, reuse).run()
