"""Build the plan from a validated deck: numbering, sections, titles, footers, dates and notes."""

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
)
from podium.load.model import AgendaSlide, Deck, NotesPart, Section, Slide
from podium.load.model import Bullet as BulletModel
from podium.plan.content import (
    asset_folders,
    build_date,
    highlight,
    long_properties,
    parse_date,
)
from podium.plan.located import broken_escape, formula_problem
from podium.plan.markup import Inline, Para
from podium.plan.rules import RULES, pending_sections, slide_steps
from podium.plan.templating import with_template
from podium.plan.types import (
    DeckPlan,
    Reuse,
    SectionPlan,
    SlideFields,
    SlidePlan,
    placed_at,
)

#: What callers import from here; dates, pictures and code colours are read in plan.content,
#: the template step is plan.templating.
__all__ = ["build_date", "highlight", "parse_date", "plan", "with_template"]

# -- building the plan from a validated deck --------------------------------------------------


#: The deck's texts besides its title that the plan carries as runs.
_META = ("subtitle", "author", "affiliation", "event", "date")


class Planner:
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
            context += (tuple(pending_sections(self)),)

        def plan_it() -> SlidePlan:
            return self.slide(slide, parts, index, section, position, titled)

        planned = self.reuse(slide, ("plan", *context), plan_it)
        loc = self.locate(parts)
        if planned.loc != loc:  # the slide's text moved up or down the file: its place follows
            first = planned
            planned = self.reuse(slide, ("at", loc, *context), lambda: placed_at(first, loc))
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
        RULES[layout](self, slide, parts, fields)
        fields["steps"] = slide_steps(self, slide, parts, fields)
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

    def report_path(self, parts: ModelPath) -> str:
        loc = self.locate(parts)
        return f"line {loc.line}" if loc else "another slide"


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
    return Planner(deck, locs, src, path, variant, assets, reuse).run()
