"""Hand-made DeckPlans for the PowerPoint renderer's tests (importable from a subprocess too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image

from podium.plan.markup import Para, Run, quote_runs
from podium.plan.types import (
    CodePlan,
    CodeToken,
    DeckPlan,
    ImagePlan,
    SectionPlan,
    SlidePlan,
    TablePlan,
)

CREATED = dt.datetime(2024, 3, 5, 14, 30, 0, tzinfo=dt.UTC)
IMAGE_SIZE = (400, 100)  # wide: the fitted picture is limited by the body box's width


def make_image(folder: Path) -> Path:
    """Write a 4:1 PNG into ``folder`` and return its path."""
    path = folder / "wide.png"
    if not path.exists():
        Image.new("RGB", IMAGE_SIZE, (11, 79, 108)).save(path)
    return path


def t(text: str, **kw: bool | str) -> tuple[Run, ...]:
    return (Run(text, **kw),)  # type: ignore[arg-type]


def every_layout_plan(image: Path, *, lang: str = "en", template: Path | None = None) -> DeckPlan:
    """Return a deck with one slide of each layout, notes, links, CJK text and a hidden slide."""
    slides = [
        SlidePlan(
            index=0,
            number=1,
            layout="title",
            anchor="1",
            title=t("Human Security"),
            subtitle=t("Freedom from fear, freedom from want"),
            byline=(Para(t("Dr. Ada Lovelace")), Para(t("University of Somewhere"))),
            show_number=False,
        ),
        SlidePlan(
            index=1,
            number=2,
            layout="agenda",
            anchor="agenda",
            title=t("Agenda"),
            body=(Para(t("Origins"), 0, "1.", 1), Para(t("Critiques"), 0, "2.", 2)),
        ),
        SlidePlan(
            index=2,
            number=3,
            layout="section",
            anchor="origins",
            title=t("Origins"),
            subtitle=t("Where the idea came from"),
            section=0,
        ),
        SlidePlan(
            index=3,
            number=4,
            layout="bullets",
            anchor="key-ideas",
            title=t("Key ideas"),
            body=(
                Para((Run("People, "), Run("not", bold=True), Run(" states")), 0, "•"),
                Para((Run("Seven "), Run("dimensions", italic=True)), 1, "•"),
                Para((Run("See "), Run("the report", link="https://hdr.undp.org/1994")), 1, "•"),
                Para((Run("Write to "), Run("us", link="mailto:ada@example.org")), 0, "•"),
                Para((Run("Call "), Run("assess()", code=True), Run("\n"), Run("then")), 0, ""),
                Para(t("人間の安全保障"), 0, "•"),
            ),
            notes=(
                Para(t("Start with a question.")),
                Para(t("Ask about states"), 0, "•"),
            ),
            footer=t("Human Security 2007"),
            date=t("2024-03-05"),
            section=0,
        ),
        SlidePlan(
            index=4,
            number=5,
            layout="two-column",
            anchor="compare",
            title=t("Compare"),
            left=(Para(t("Narrow view"), 0, "•"), Para(t("Violence"), 1, "•")),
            right=(Para(t("Broad view"), 0, "•"), Para(t("Want"), 1, "•")),
            section=0,
        ),
        SlidePlan(
            index=5,
            number=6,
            layout="quote",
            anchor="quote",
            title=t("In their words"),
            quote=quote_runs(t("Human security is a child who did not die.")),
            attribution=t("UNDP, 1994"),
            section=1,
        ),
        SlidePlan(
            index=6,
            number=7,
            layout="image",
            anchor="map",
            title=t("A map"),
            image=ImagePlan(image, "A wide teal rectangle", *IMAGE_SIZE, "image/png"),
            caption=t("Figure 1: the map"),
            section=1,
        ),
        SlidePlan(
            index=7,
            number=8,
            layout="table",
            anchor="table",
            title=t("Two views"),
            table=TablePlan(
                header=(t("View"), t("Threat")),
                rows=((t("Narrow"), t("Violence")), (t("Broad"), (Run("Want", bold=True),))),
            ),
            section=1,
        ),
        SlidePlan(
            index=8,
            number=9,
            layout="code",
            anchor="code",
            title=t("Scoring"),
            code=CodePlan(
                "python",
                (
                    (CodeToken("def", "0B4F6C", bold=True), CodeToken(" score(x):")),
                    (CodeToken("    return", "0B4F6C", bold=True), CodeToken(" x * 2")),
                    (),
                    (CodeToken("# done", "6B7280", italic=True),),
                ),
            ),
            section=1,
            hidden=True,
        ),
        SlidePlan(index=9, number=10, layout="blank", anchor="end", section=1),
    ]
    sections = (
        SectionPlan(t("Origins"), t("Where it came from"), first=2, count=3),
        SectionPlan(t("Debates"), t("What people argue about"), first=5, count=5),
    )
    return DeckPlan(
        name="human-security",
        source=Path("deck.yaml"),
        title=t("Human Security"),
        subtitle=t("Freedom from fear"),
        author=t("Ada Lovelace"),
        lang=lang,
        created=CREATED,
        slides=tuple(slides),
        sections=sections,
        template=template,
    )


def render_to(path: Path, folder: Path, lang: str = "en") -> None:
    """Render every_layout_plan into ``path``: the entry point for the subprocess test."""
    from podium.render.pptx import render

    path.write_bytes(render(every_layout_plan(make_image(folder), lang=lang)))
