"""The seed deck (and one slide of every layout) on four test masters, opened by a real client.

LibreOffice converts every deck in one call; pdftotext -bbox-layout then gives each line of text
with its box, which must lie inside the box of the shape holding that text, and every paragraph
of the plan must be on its page.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest_pptx_helpers import every_layout_plan, make_image
from lxml import etree
from office import to_pdf
from template_masters import make_masters

from podium.commands.build import load_plan, render
from podium.plan.markup import plain
from podium.plan.planner import with_template
from podium.plan.types import DeckPlan, SlidePlan
from podium.template.theme import EMU_PER_PT

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[2]
MASTERS = ("german", "custom", "four-three", "colours")
DECKS = ("seed", "layouts")
#: How far (pt) a line's box may reach past its shape sideways.
TOLERANCE = 2.0
#: pdftotext's line box is the font's bounding box, taller than the line LibreOffice lays out:
#: up and down it may reach this share of its own height past the shape (7 pt at 48 pt), far
#: less than the whole line that overflowing text would show.
GLYPH_SLACK = 0.12
XHTML = "{http://www.w3.org/1999/xhtml}"
#: Whitespace and bullets; symbol-font bullets come out in the private use area.
_IGNORED = re.compile(r"[\s•–»▪\ue000-\uf8ff]+")
_AUTO_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def norm(text: str) -> str:
    """Return ``text`` without whitespace and bullet characters, for comparing extracts."""
    return _IGNORED.sub("", text)


@dataclass(frozen=True)
class Deck:
    plan: DeckPlan
    pptx: bytes
    pdf: Path


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Deck]:
    folder = tmp_path_factory.mktemp("lo")
    masters = make_masters(folder / "masters")
    layouts = every_layout_plan(make_image(folder))
    files: dict[tuple[str, str], tuple[DeckPlan, bytes, Path]] = {}
    for master, path in masters.items():
        # The seed deck as `podium build --template` plans it: fitted to this master's boxes.
        seed = load_plan(ROOT / "deck.yaml", template=path)
        for name, drawn in (("seed", seed), ("layouts", with_template(layouts, path))):
            data = render(drawn, "pptx")
            target = folder / f"{name}-{master}.pptx"
            target.write_bytes(data)
            files[name, master] = (drawn, data, target)
    to_pdf([f[2] for f in files.values()], folder)
    return {
        key: Deck(plan, data, path.with_suffix(".pdf")) for key, (plan, data, path) in files.items()
    }


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_pages(pdf: Path) -> list[tuple[float, float, list[Line]]]:
    """Return (width, height, lines) of each page, in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{XHTML}word")]
            lines.append(
                Line(
                    " ".join(words), *(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                )
            )
        pages.append((float(page.get("width")), float(page.get("height")), lines))
    return pages


@dataclass(frozen=True)
class Shape:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    table: bool


def shapes_of(pptx: bytes) -> list[list[Shape]]:
    """Return the text shapes (with their inherited boxes, in points) of each shown slide."""
    from pptx import Presentation

    pages = []
    for slide in Presentation(io.BytesIO(pptx)).slides:
        if slide.element.get("show") == "0":
            continue
        shapes = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                text, table = shape.text_frame.text, False
            elif getattr(shape, "has_table", False) and shape.has_table:
                text = "\n".join(c.text_frame.text for row in shape.table.rows for c in row.cells)
                table = True
            else:
                continue
            x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            shapes.append(
                Shape(
                    text, x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT, table
                )
            )
        pages.append(shapes)
    return pages


def expected_texts(slide: SlidePlan) -> list[str]:
    """Return every paragraph the plan puts on ``slide``, furniture included."""
    texts = [
        slide.title_text,
        plain(slide.subtitle),
        plain(slide.quote),
        plain(slide.attribution),
        plain(slide.caption),
        plain(slide.footer),
        plain(slide.date),
    ]
    for paras in (slide.byline, slide.body, slide.left, slide.right):
        texts += [plain(p.runs) for p in paras]
    if slide.table is not None:
        texts += [plain(c) for row in (slide.table.header, *slide.table.rows) for c in row]
    if slide.code is not None:
        texts += ["".join(t.text for t in line) for line in slide.code.lines]
    if slide.show_number:
        texts.append(str(slide.number))
    return [t for t in texts if norm(t)]


CASES = [(deck, master) for deck in DECKS for master in MASTERS]


@pytest.mark.parametrize(("deck", "master"), CASES, ids=[f"{d}-{m}" for d, m in CASES])
def test_every_line_inside_its_box_and_nothing_cut(
    decks: dict[tuple[str, str], Deck], deck: str, master: str
) -> None:
    drawn = decks[deck, master]
    shown = [s for s in drawn.plan.slides if not s.hidden]
    pages = pdf_pages(drawn.pdf)
    assert len(pages) == len(shown)
    theme = drawn.plan.theme
    for (width, height, lines), shapes, slide in zip(
        pages, shapes_of(drawn.pptx), shown, strict=True
    ):
        where = f"{deck}-{master} slide {slide.number}"
        assert (round(width), round(height)) == (
            round(theme.width / EMU_PER_PT),
            round(theme.height / EMU_PER_PT),
        )
        for line in lines:
            key = norm(_AUTO_NUMBER.sub("", line.text))
            if not key:
                continue
            holders = [s for s in shapes if key in norm(s.text)]
            assert holders, f"{where}: line {line.text!r} is in no shape"
            slack = max(TOLERANCE, GLYPH_SLACK * (line.y1 - line.y0))
            inside = [
                s
                for s in holders
                if line.x0 >= s.x0 - TOLERANCE
                and line.x1 <= s.x1 + TOLERANCE
                and line.y0 >= s.y0 - slack
                and (s.table or line.y1 <= s.y1 + slack)
            ]
            assert inside, f"{where}: line {line.text!r} at {line} leaves its box {holders[0]}"
        page_text = norm("".join(_AUTO_NUMBER.sub("", line.text) for line in lines))
        for text in expected_texts(slide):
            assert norm(text) in page_text, f"{where}: {text!r} is cut off or missing"


@pytest.mark.parametrize("master", MASTERS)
def test_title_slide_has_no_furniture_and_others_do(
    decks: dict[tuple[str, str], Deck], master: str
) -> None:
    drawn = decks["seed", master]
    pages = pdf_pages(drawn.pdf)
    footer = "Human Security — From Theory to Implementation"
    cover_lines = [line.text for line in pages[0][2]]
    assert footer not in cover_lines and "1" not in cover_lines
    second = [line.text for line in pages[1][2]]
    assert footer in second and "2" in second
