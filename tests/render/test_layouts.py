"""The layouts placed box by box: pictures beside bullets, headed columns, 2-4 columns, picture
grids, numbered lists and tables with widths, alignment, merged cells, caption and a header
column. The example deck examples/layouts.yaml uses every one; it is built on the built-in
template and on the test masters (German names, all-custom layouts, 4:3), then read back from
the PowerPoint, rendered by LibreOffice (every line inside its box, no text on a picture) and
by Chromium (the same boxes as the PowerPoint, within a few pixels).
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from template_masters import make_masters

from podium.commands.build import load_plan, render
from podium.plan.types import DeckPlan
from podium.template.theme import EMU_PER_PT, EMU_PER_PX

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "layouts.yaml"
TEMPLATES = ("built-in", "german", "custom", "four-three")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
#: The template layout each new layout is drawn on, per template.
CHOSEN = {
    "built-in": {"picture-text": "Two Content", "comparison": "Comparison"},
    "german": {"picture-text": "Zwei Inhalte", "comparison": "Vergleich"},
    "custom": {"picture-text": "ACME Text + Caption", "comparison": "ACME Compare"},
    "four-three": {"picture-text": "Two Content", "comparison": "Comparison"},
}
#: Picture sizes in examples/layouts/ (pixels).
SIZES = {"unsorted": (640, 400), "tall": (300, 520), "heap": (520, 520)}


@dataclass(frozen=True)
class Built:
    plan: DeckPlan
    pptx: bytes
    html: str
    path: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    folder = tmp_path_factory.mktemp("layouts")
    masters = make_masters(folder / "masters")
    out: dict[str, Built] = {}
    for name in TEMPLATES:
        template = None if name == "built-in" else masters[name]
        plan = load_plan(EXAMPLE, template=template)
        pptx = render(plan, "pptx")
        path = folder / f"layouts-{name}.pptx"
        path.write_bytes(pptx)
        html = render(plan, "html").decode("utf-8")
        (folder / f"layouts-{name}.html").write_text(html, encoding="utf-8")
        out[name] = Built(plan, pptx, html, path)
    return out


def slides_by_title(data: bytes) -> dict[str, Any]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    out = {}
    for slide in prs.slides:
        title = slide.shapes.title
        if title is not None and title.text_frame.text:
            out[title.text_frame.text] = slide
    return out


def pictures(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def text_shape(slide: Any, words: str) -> Any:
    return next(s for s in slide.shapes if s.has_text_frame and words in s.text_frame.text)


def ratio(shape: Any) -> float:
    return float(shape.width / shape.height)


def right(shape: Any) -> int:
    return int(shape.left + shape.width)


# -- the example deck ----------------------------------------------------------------------------


def test_example_builds_without_warnings_validates_and_rebuilds_the_same(
    built: dict[str, Built],
) -> None:
    from openxml_audit import validate_pptx

    for name, deck in built.items():
        assert deck.plan.warnings == (), name
        result = validate_pptx(str(deck.path))
        assert result.is_valid, (name, result.errors)
    again = render(load_plan(EXAMPLE), "pptx")
    assert again == built["built-in"].pptx
    layouts = {s.layout for s in built["built-in"].plan.slides}
    assert {"picture-text", "comparison", "columns", "images", "table"} <= layouts


# -- read back from the PowerPoint ---------------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
def test_picture_beside_bullets(built: dict[str, Built], name: str) -> None:
    slides = slides_by_title(built[name].pptx)
    theme = built[name].plan.theme
    body = theme.box("body")
    slide = slides["Why sort?"]
    assert slide.slide_layout.name == CHOSEN[name]["picture-text"]
    text = text_shape(slide, "Binary search")
    assert text.is_placeholder  # the template's content placeholder, moved beside the picture
    (picture,) = pictures(slide)
    assert picture._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == [
        "Eight bars of different heights in no particular order"
    ]
    assert ratio(picture) == pytest.approx(640 / 400, rel=0.01)
    assert right(text) <= picture.left  # the picture goes right by default
    assert body.x <= text.left and right(picture) <= body.x + body.w + 1
    # 40% of the body's width less the gap: the picture's part, fitted in it
    assert picture.width <= 0.4 * body.w + 1
    left = slides["Insertion sort"]
    (picture,) = pictures(left)
    text = text_shape(left, "next element")
    assert right(picture) <= text.left  # image_side: left
    assert ratio(picture) == pytest.approx(300 / 520, rel=0.01)


@pytest.mark.parametrize("name", TEMPLATES)
def test_numbered_lists(built: dict[str, Built], name: str) -> None:
    slides = slides_by_title(built[name].pptx)
    shape = text_shape(slides["Bubble sort"], "Walk the list")
    numbers = [p._p.find(f"{A}pPr/{A}buAutoNum") for p in shape.text_frame.paragraphs]
    levels = [p.level for p in shape.text_frame.paragraphs]
    assert levels == [0, 0, 1, 0]
    # numbered: true numbers the top-level bullets; the sub-bullet keeps its bullet
    assert [n is not None for n in numbers] == [True, True, False, True]
    assert all(
        n.get("type") == "arabicPeriod" and n.get("startAt") is None
        for n in numbers
        if n is not None
    )
    shape = text_shape(slides["Insertion sort"], "Shift the larger")
    paras = shape.text_frame.paragraphs
    nested = [p._p.find(f"{A}pPr/{A}buAutoNum") for p in paras if p.level == 1]
    assert [n.get("startAt") for n in nested] == ["3", "3"]  # one list starting at 3
    assert all(p._p.find(f"{A}pPr/{A}buAutoNum") is None for p in paras if p.level == 0)
    shape = text_shape(slides["Take-aways"], "Merge")
    starts = [p._p.find(f"{A}pPr/{A}buAutoNum").get("startAt") for p in shape.text_frame.paragraphs]
    assert starts == ["3", "3", "3"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_headed_columns(built: dict[str, Built], name: str) -> None:
    slides = slides_by_title(built[name].pptx)
    slide = slides["Merge sort, two ways"]
    assert slide.slide_layout.name == CHOSEN[name]["comparison"]
    heads = [text_shape(slide, "Top-down"), text_shape(slide, "Bottom-up")]
    bodies = [text_shape(slide, "Split the list"), text_shape(slide, "Start from runs")]
    # the Comparison layout's four placeholders: a heading and a body on each side
    assert all(s.is_placeholder for s in heads + bodies)
    for head, body in zip(heads, bodies, strict=True):
        assert head.left == body.left and head.top + head.height <= body.top
        run = head.text_frame.paragraphs[0].runs[0]
        assert run.font.bold
    assert right(bodies[0]) <= bodies[1].left
    slide = slides["Three n log n sorts"]
    heads = [text_shape(slide, t) for t in ("Merge sort", "Quicksort", "Heapsort")]
    assert len({h.top for h in heads}) == 1 and len({h.width for h in heads}) == 1
    # a column's bullets hang as the master's body levels do, in the body's bullet colour
    theme = built[name].plan.theme
    stable = text_shape(slide, "Stable").text_frame.paragraphs[0]._p.find(f"{A}pPr")
    assert stable.get("marL") == str(-int(stable.get("indent"))) == "342900"
    assert stable.find(f"{A}buClr/{A}srgbClr").get("val") == theme.bullet_color
    (heap,) = pictures(slide)
    assert ratio(heap) == pytest.approx(1.0, rel=0.01)
    assert heap.top >= heads[2].top + heads[2].height and heap.left >= heads[2].left


@pytest.mark.parametrize("name", TEMPLATES)
def test_picture_grid(built: dict[str, Built], name: str) -> None:
    slide = slides_by_title(built[name].pptx)["One list, four stages"]
    body = built[name].plan.theme.box("body")
    shown = pictures(slide)
    assert len(shown) == 4
    assert [round(ratio(p), 2) for p in shown] == [1.6] * 4
    # two rows of two, inside the body box
    assert shown[0].top == shown[1].top and shown[2].top == shown[3].top > shown[0].top
    for p in shown:
        assert body.x <= p.left and right(p) <= body.x + body.w
        assert body.y <= p.top and p.top + p.height <= body.y + body.h
    for caption, picture in zip(
        ("Unsorted", "After one pass", "Partitioned", "Sorted"), shown, strict=True
    ):
        box = text_shape(slide, caption)
        assert box.top >= picture.top + picture.height
        assert box.left <= picture.left and right(picture) <= right(box)


def cells(slide: Any) -> list[list[Any]]:
    table = next(s for s in slide.shapes if getattr(s, "has_table", False) and s.has_table)
    return [list(row.cells) for row in table.table.rows]


@pytest.mark.parametrize("name", TEMPLATES)
def test_table_widths_alignment_merges_caption_and_header_column(
    built: dict[str, Built], name: str
) -> None:
    slides = slides_by_title(built[name].pptx)
    slide = slides["Running time and space"]
    frame = next(s for s in slide.shapes if getattr(s, "has_table", False) and s.has_table)
    widths = [c.width for c in frame.table.columns]
    shares = [3, 2, 2, 2, 1.5]
    for width, share in zip(widths, shares, strict=True):
        assert width == pytest.approx(sum(widths) * share / sum(shares), abs=2)
    tbl = frame.table._tbl
    assert tbl.tblPr.get("firstRow") == "1" and tbl.tblPr.get("firstCol") == "1"
    grid = cells(slide)
    header = [c._tc for c in grid[0]]
    assert header[1].get("gridSpan") == "2" and header[2].get("hMerge") == "1"
    assert grid[0][1].text == "Time"
    merge = [c._tc for c in grid[4]]  # Merge sort: n log n across average and worst
    assert merge[1].get("gridSpan") == "2" and merge[2].get("hMerge") == "1"
    aligns = [grid[2][c].text_frame.paragraphs[0].alignment for c in range(5)]
    assert [str(a).split(".")[-1].split(" ")[0] if a is not None else "LEFT" for a in aligns] == [
        "LEFT",
        "CENTER",
        "CENTER",
        "RIGHT",
        "CENTER",
    ]
    assert grid[2][0].text_frame.paragraphs[0].runs[0].font.bold  # the header column
    caption = text_shape(slide, "Time and extra space")
    assert caption.top >= frame.top + frame.height
    grid = cells(slides["Which one when?"])
    assert grid[2][0]._tc.get("rowSpan") == "2" and grid[3][0]._tc.get("vMerge") == "1"
    assert (grid[2][0].text, grid[2][1].text, grid[3][1].text) == (
        "Guaranteed n log n",
        "Merge sort",
        "Heapsort",
    )
    frame = next(
        s
        for s in slides["Which one when?"].shapes
        if getattr(s, "has_table", False) and s.has_table
    )
    first, second = (c.width for c in frame.table.columns)
    assert first == pytest.approx(2 * second, abs=2)


# -- LibreOffice: every line in its box, no text on a picture -----------------------------------


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Rect, by: float = 1.0) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > by
            and min(self.y1, other.y1) - max(self.y0, other.y0) > by
        )


def rect_pt(shape: Any) -> Rect:
    x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    return Rect(x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT)


_IGNORED = re.compile(r"[\s•–»▪\ue000-\uf8ff]+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s*")


def norm(text: str) -> str:
    return _IGNORED.sub("", _NUMBER.sub("", text))


def pdf_lines(pdf: Path) -> list[list[tuple[str, Rect]]]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            text = " ".join(w.text or "" for w in line.iter(f"{XHTML}word"))
            box = Rect(*(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            lines.append((text, box))
        pages.append(lines)
    return pages


PLACED = ("picture-text", "comparison", "columns", "images", "table")


@pytest.mark.libreoffice
def test_libreoffice_every_line_inside_its_box_and_off_the_pictures(
    built: dict[str, Built], tmp_path: Path
) -> None:
    from office import to_pdf
    from pptx import Presentation

    pdfs = to_pdf([b.path for b in built.values()], tmp_path)
    for (name, deck), pdf in zip(built.items(), pdfs, strict=True):
        prs = Presentation(io.BytesIO(deck.pptx))
        pages = pdf_lines(pdf)
        shown = [s for s in deck.plan.slides if not s.hidden]
        assert len(pages) == len(shown)
        for slide_plan, slide, lines in zip(shown, prs.slides, pages, strict=True):
            if slide_plan.layout not in PLACED:
                continue
            where = f"{name} slide {slide_plan.number} ({slide_plan.layout})"
            texts = []
            for shape in slide.shapes:
                if shape.has_text_frame:
                    texts.append((shape.text_frame.text, rect_pt(shape), False))
                elif getattr(shape, "has_table", False) and shape.has_table:
                    words = "\n".join(c.text for row in shape.table.rows for c in row.cells)
                    texts.append((words, rect_pt(shape), True))
            boxes = [rect_pt(p) for p in pictures(slide)]
            for text, box in lines:
                key = norm(text)
                if not key:
                    continue
                holders = [(r, tbl) for t, r, tbl in texts if key in norm(t)]
                assert holders, f"{where}: {text!r} is in no shape"
                slack = max(2.0, 0.12 * (box.y1 - box.y0))
                assert any(
                    box.x0 >= r.x0 - 2
                    and box.x1 <= r.x1 + 2
                    and box.y0 >= r.y0 - slack
                    and (tbl or box.y1 <= r.y1 + slack)
                    for r, tbl in holders
                ), f"{where}: {text!r} at {box} leaves its box {holders[0][0]}"
                for picture in boxes:
                    assert not box.overlaps(picture, by=2), f"{where}: {text!r} on a picture"
            for n, a in enumerate(boxes):
                for b in boxes[n + 1 :]:
                    assert not a.overlaps(b), f"{where}: pictures overlap"


# -- Chromium: the same boxes as the PowerPoint --------------------------------------------------


def pptx_boxes(slide: Any) -> dict[str, list[tuple[float, float, float, float]]]:
    """Return the px boxes of a slide's pictures and of its text shapes, by their first words."""
    out: dict[str, list[tuple[float, float, float, float]]] = {"pictures": []}
    for shape in slide.shapes:
        box = tuple(v / EMU_PER_PX for v in (shape.left, shape.top, shape.width, shape.height))
        if shape.shape_type == 13:
            out["pictures"].append(box)
        elif shape.has_text_frame and shape.text_frame.text and not shape.is_placeholder:
            out.setdefault(norm(shape.text_frame.text)[:12], []).append(box)
        elif shape.has_text_frame and shape.text_frame.text:
            kind = shape.placeholder_format.type
            if "TITLE" not in str(kind) and "NUMBER" not in str(kind) and "FOOTER" not in str(kind):
                out.setdefault(norm(shape.text_frame.text)[:12], []).append(box)
    return out


_HTML_BOXES = """() => {
    const slide = document.querySelector('#deck > .slide.current');
    const s = slide.getBoundingClientRect();
    const k = s.width / slide.offsetWidth;
    const box = e => { const r = e.getBoundingClientRect();
        return [(r.left - s.left) / k, (r.top - s.top) / k, r.width / k, r.height / k]; };
    const out = {pictures: [], texts: [], cols: []};
    for (const e of slide.querySelectorAll('img.picture')) out.pictures.push(box(e));
    for (const e of slide.querySelectorAll('.placed, .heading, .caption'))
        out.texts.push([e.textContent, box(e)]);
    for (const e of slide.querySelectorAll('.table-box col')) out.cols.push(box(e)[2]);
    return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("name", ["built-in", "four-three"])
def test_chromium_draws_the_boxes_of_the_pptx(
    built: dict[str, Built], name: str, tmp_path: Path
) -> None:
    from browser import launch, new_context
    from pptx import Presentation

    deck = built[name]
    theme = deck.plan.theme
    width, height = round(theme.width / EMU_PER_PX), round(theme.height / EMU_PER_PX)
    page_file = deck.path.with_suffix(".html")
    prs = Presentation(io.BytesIO(deck.pptx))
    shown = [s for s in deck.plan.slides if not s.hidden]
    compared = 0
    with launch() as browser:
        context, watch = new_context(browser, viewport={"width": width, "height": height})
        page = context.new_page()
        for position, (slide_plan, slide) in enumerate(zip(shown, prs.slides, strict=True), 1):
            if slide_plan.layout not in PLACED:
                continue
            page.goto(f"{page_file.as_uri()}#{position}")
            shows = "document.querySelector('#deck > .slide.current')?.dataset.number"
            page.wait_for_function(f"{shows} == '{slide_plan.number}'")
            html = page.evaluate(_HTML_BOXES)
            ppt = pptx_boxes(slide)
            where = f"{name} slide {slide_plan.number} ({slide_plan.layout})"
            assert len(html["pictures"]) == len(ppt["pictures"]), where
            for a, b in zip(html["pictures"], ppt["pictures"], strict=True):
                assert a == pytest.approx(b, abs=2), where
                compared += 1
            for text, box in html["texts"]:
                key = norm(text)[:12]
                assert key in ppt, (where, text)
                assert any(box == pytest.approx(b, abs=2) for b in ppt[key]), (where, text, box)
                compared += 1
            if slide_plan.layout == "table":
                frame = next(
                    s for s in slide.shapes if getattr(s, "has_table", False) and s.has_table
                )
                widths = [c.width / EMU_PER_PX for c in frame.table.columns]
                assert html["cols"] == pytest.approx(widths, abs=2), where
                compared += 1
        watch.check()
        context.close()
    assert compared >= 30
