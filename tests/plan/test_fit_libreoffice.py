"""Measured text against LibreOffice: line counts of random boxes, and fitted decks in their boxes.

LibreOffice headless is the real client here: the same .pptx is converted to PDF and
``pdftotext -bbox-layout`` says where every rendered line is.
"""

from __future__ import annotations

import dataclasses
import io
import random
import re
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from office import to_pdf
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from test_fit import stress_plan

from podium.plan.fit_deck import fit
from podium.plan.fonts import FontFile, FontSet, find_font
from podium.plan.geometry import quote_boxes
from podium.plan.markup import Run
from podium.plan.measure import Block, Measurer, measurer
from podium.plan.types import DeckPlan
from podium.render import pptx as render_pptx
from podium.template.theme import EMU_PER_INCH, EMU_PER_PT

pytestmark = pytest.mark.libreoffice

REPO = Path(__file__).resolve().parents[2]

XHTML = "{http://www.w3.org/1999/xhtml}"
WORDS = " ".join(
    (
        "the of and to in is for that lecture theory students data model network university policy",
        "development international cooperation peacebuilding governance quantitative analysis",
        "results evidence framework implementation sustainable environment Bangladesh 2024 3.5%",
        "1,250 API/v2 well-known state-of-the-art e.g. (see) [note] “quoted” it’s — – WWW AVAVA",
        "Tokyo Yokohama approximately responsibility",
    )
).split(" ")
JAPANESE = (
    "国際協力は、持続可能な開発のために重要です。日本の政府開発援助（ODA）は、1954年に始まり"
    "ました。「人間の安全保障」という考え方は、一人ひとりの生命と尊厳を守ることを目指しています。"
    "大学の講義では、データ分析とモデルを使って政策を評価します。東京と横浜で、2024年に国際会議が"
    "開かれました。参加者は約1,250人でした。SDGsの17の目標を達成するため、各国が協力しています。"
)
INSETS = 2 * 91440
PAGE_ROOM = 6_000_000  # EMU of text a box may hold and still end on its page


@dataclass(frozen=True)
class Box:
    """A text box of the accuracy test: width (EMU) and paragraphs of (text, bold) runs."""

    width: int
    paras: tuple[tuple[float, tuple[tuple[str, bool], ...]], ...]
    east_asian: bool = False

    def blocks(self) -> list[Block]:
        return [Block(tuple(Run(t, bold=b) for t, b in runs), size) for size, runs in self.paras]

    def predicted(self, tool: Measurer | None = None) -> int:
        return (tool or measurer()).measure(self.blocks(), self.width - INSETS).lines


class _NoCJKFont(FontSet):
    """The fonts of a machine without a CJK font: East Asian text measured full-width."""

    def file(self, role: str, bold: bool = False, italic: bool = False) -> FontFile:
        if role == "ea":
            return FontFile(find_font("Calibri", bold).path, 0, full_width=True)
        return super().file(role, bold, italic)


#: Measures as on a machine without a CJK font (LibreOffice still draws Noto Sans CJK JP).
WITHOUT_CJK_FONT = Measurer(_NoCJKFont())


def latin_box(rng: random.Random) -> Box:
    paras = []
    for _ in range(rng.randint(1, 4)):
        size = (
            rng.choice((14, 16, 18, 20, 24, 28, 32))
            if rng.random() < 0.7
            else round(rng.uniform(14, 32), 1)
        )
        runs = []
        for _ in range(rng.randint(1, 3)):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
            runs.append((text + " " if rng.random() < 0.7 else text, rng.random() < 0.35))
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
        paras.append((size, tuple(runs)))
    return Box(rng.randint(2 * EMU_PER_INCH, 9 * EMU_PER_INCH), tuple(paras))


def japanese_box(rng: random.Random) -> Box:
    paras = []
    text = JAPANESE * 2
    for _ in range(rng.randint(1, 4)):
        runs = []
        for _ in range(rng.randint(1, 3)):
            start = rng.randrange(len(JAPANESE))
            runs.append((text[start : start + rng.randint(5, 80)], rng.random() < 0.3))
        paras.append((float(rng.choice((14, 16, 18, 20, 24, 28, 32))), tuple(runs)))
    return Box(rng.randint(2 * EMU_PER_INCH, 9 * EMU_PER_INCH), tuple(paras), east_asian=True)


def boxes(make: object, count: int, seed: int) -> list[Box]:
    rng = random.Random(seed)
    out: list[Box] = []
    while len(out) < count:
        box = make(rng)  # type: ignore[operator]
        if measurer().measure(box.blocks(), box.width - INSETS).height < PAGE_ROOM:
            out.append(box)
    return out


def write_boxes(items: Sequence[Box], path: Path) -> None:
    """Write one slide per box: a python-pptx text box with explicit sizes, Calibri, no autofit."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    for box in items:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        shape = slide.shapes.add_textbox(Emu(457200), Emu(300000), Emu(box.width), Emu(6400000))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        for n, (size, runs) in enumerate(box.paras):
            p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            for text, bold in runs:
                r = p.add_run()
                r.text = text
                r.font.size = Pt(size)
                r.font.name = "Calibri"
                r.font.bold = bold or None
                if box.east_asian:
                    rPr = r._r.get_or_add_rPr()
                    latin = rPr.find(qn("a:latin"))
                    assert latin is not None
                    latin.addnext(etree.Element(qn("a:ea"), typeface="Noto Sans CJK JP"))
    prs.save(str(path))


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_lines(pdf: Path) -> list[list[Line]]:
    """Return each page's rendered lines (pt, from the page's top left)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, recover=True))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{XHTML}word")]
            x0, y0, x1, y1 = (float(line.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax"))
            lines.append(Line(x0, y0, x1, y1, " ".join(words)))
        pages.append(lines)
    return pages


def count_lines(lines: Sequence[Line], size: float) -> int:
    """Return how many baselines the lines sit on (pdftotext may cut one line in two)."""
    count, last = 0, None
    for y in sorted(line.y1 for line in lines):
        if last is None or y - last > 0.4 * size:
            count += 1
            last = y
    return count


@pytest.fixture(scope="module")
def accuracy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, int, int]]:
    """Return per script: (exact matches, within one line, boxes)."""
    out = tmp_path_factory.mktemp("accuracy")
    sets = {"latin": boxes(latin_box, 200, seed=1), "japanese": boxes(japanese_box, 100, seed=2)}
    files = []
    for name, items in sets.items():
        write_boxes(items, out / f"{name}.pptx")
        files.append(out / f"{name}.pptx")
    result = {}
    for (name, items), pdf in zip(sets.items(), to_pdf(files, out), strict=True):
        pages = pdf_lines(pdf)
        assert len(pages) == len(items)
        exact = near = 0
        for box, lines in zip(items, pages, strict=True):
            got = count_lines(lines, min(size for size, _runs in box.paras))
            exact += got == box.predicted()
            near += abs(got - box.predicted()) <= 1
        result[name] = (exact, near, len(items))
        print(
            f"{name}: measured line count = LibreOffice's in {exact}/{len(items)} boxes "
            f"({exact / len(items):.1%}), within one line in {near}/{len(items)}"
        )
        if name == "japanese":  # the same boxes, measured without a CJK font
            # Full-width measuring leaves out the CJK font's kerning (す。 is 0.1 em
            # narrower in Noto Sans CJK JP), so it errs towards more lines: the safe side.
            exact = near = fewer = 0
            for box, lines in zip(items, pages, strict=True):
                got = count_lines(lines, min(size for size, _runs in box.paras))
                guess = box.predicted(WITHOUT_CJK_FONT)
                exact, near, fewer = (
                    exact + (got == guess),
                    near + (abs(got - guess) <= 1),
                    fewer + (guess < got),
                )
            result["japanese-full-width"] = (exact, near, len(items))
            print(
                f"japanese measured without a CJK font (one em per character): line count = "
                f"LibreOffice's in {exact}/{len(items)} boxes ({exact / len(items):.1%}), "
                f"within one line in {near}/{len(items)}, fewer lines in {fewer}/{len(items)}"
            )
    return result


def test_fit_libreoffice_line_counts_match_for_latin_text(
    accuracy: dict[str, tuple[int, int, int]],
) -> None:
    exact, near, total = accuracy["latin"]
    assert exact / total >= 0.95
    assert near == total


def test_fit_libreoffice_line_counts_match_for_japanese_text(
    accuracy: dict[str, tuple[int, int, int]],
) -> None:
    exact, near, total = accuracy["japanese"]
    assert exact / total >= 0.90
    assert near == total


def test_fit_libreoffice_line_counts_match_for_japanese_without_a_cjk_font(
    accuracy: dict[str, tuple[int, int, int]],
) -> None:
    # A machine without Noto Sans CJK JP measures CJK characters one em wide
    exact, near, total = accuracy["japanese-full-width"]
    assert exact / total >= 0.85
    assert near / total >= 0.98


# -- fitted decks stay in their boxes ---------------------------------------------------------

#: The boxes each layout's text is drawn in (the rest of the slide must stay empty).
ROLES = {
    "title": ("cover-title", "cover-subtitle", "cover-byline"),
    "section": ("section-title", "section-subtitle"),
    "two-column": ("title", "left", "right"),
    "quote": ("title", "quote", "attribution"),
}
HANGING = "、。，．"


def without_autofit(data: bytes) -> bytes:
    """Return the .pptx with LibreOffice's own shrink-on-overflow (normAutofit) turned off, so
    text that does not fit shows as text outside its box instead of being shrunk at render."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename.endswith(".xml"):
                blob = re.sub(rb"<a:normAutofit[^>]*/>", b"<a:noAutofit/>", blob)
            zout.writestr(info, blob)
    return out.getvalue()


def outside(plan: DeckPlan, pages: Sequence[Sequence[Line]]) -> list[str]:
    """Return a description of every rendered line outside its slide's text boxes."""
    found = []
    assert len(pages) == len(plan.slides)
    for slide, lines in zip(plan.slides, pages, strict=True):
        boxes = [plan.theme.box(r) for r in ROLES.get(slide.layout, ("title", "body"))]
        if slide.layout == "quote":  # placed by its measured height
            boxes = [plan.theme.box("title"), *quote_boxes(slide, plan.theme)]
        for line in lines:
            # pdftotext's boxes reach a little past the line pitch; 、 and 。 may hang
            slack = max(2.0, 0.1 * (line.y1 - line.y0))
            hang = (line.y1 - line.y0) if line.text[-1:] in HANGING else 0.0
            if not any(
                b.x / EMU_PER_PT - slack <= line.x0
                and line.x1 <= (b.x + b.w) / EMU_PER_PT + slack + hang
                and b.y / EMU_PER_PT - slack <= line.y0
                and line.y1 <= (b.y + b.h) / EMU_PER_PT + slack
                for b in boxes
            ):
                found.append(
                    f"slide {slide.number} ({slide.layout}, scale {slide.scale}): "
                    f"{line.text[:40]!r} at y {line.y0:.0f}-{line.y1:.0f} pt"
                )
    return found


@pytest.fixture(scope="module")
def stress_pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[DeckPlan, list[list[Line]]]]:
    out = tmp_path_factory.mktemp("stress")
    plans = {
        "shrink": fit(stress_plan(out, "shrink", heavy=False))[0],
        "split": fit(stress_plan(out, "split", heavy=True))[0],
        # the control: the same heavy deck only warned about, so its text must stick out
        "warn": fit(stress_plan(out, "warn", heavy=True))[0],
    }
    files = []
    for name, plan in plans.items():
        path = out / f"{name}.pptx"
        path.write_bytes(without_autofit(render_pptx.render(plan)))
        files.append(path)
    pdfs = to_pdf(files, out)
    return {name: (plans[name], pdf_lines(pdf)) for name, pdf in zip(plans, pdfs, strict=True)}


@pytest.mark.parametrize("policy", ["shrink", "split"])
def test_fit_libreoffice_stress_deck_stays_in_its_boxes(
    policy: str, stress_pages: dict[str, tuple[DeckPlan, list[list[Line]]]]
) -> None:
    plan, pages = stress_pages[policy]
    assert outside(plan, pages) == []


def test_fit_libreoffice_unfitted_stress_deck_sticks_out(
    stress_pages: dict[str, tuple[DeckPlan, list[list[Line]]]],
) -> None:
    plan, pages = stress_pages["warn"]
    sticking = {line.split(" (")[0] for line in outside(plan, pages)}
    assert len(sticking) >= len(plan.slides) - 2


# -- the seed deck on a 4:3 master with a one-line title, as PowerPoint shows it on open ---------


def overlaps(pages: Sequence[Sequence[Line]], width: float, height: float) -> list[str]:
    """Return every pair of rendered lines that overlap and every line off its page."""
    found = []
    for n, lines in enumerate(pages, start=1):
        for i, a in enumerate(lines):
            if a.x0 < -1 or a.y0 < -1 or a.x1 > width + 1 or a.y1 > height + 1:
                found.append(f"page {n}: {a.text[:40]!r} off the page")
            for b in lines[i + 1 :]:
                # pdftotext's boxes of neighbouring lines touch; a third of a line is an overlap
                share = 0.3 * min(a.y1 - a.y0, b.y1 - b.y0)
                if (
                    min(a.x1, b.x1) - max(a.x0, b.x0) > 1
                    and min(a.y1, b.y1) - max(a.y0, b.y0) > share
                ):
                    found.append(f"page {n}: {a.text[:40]!r} over {b.text[:40]!r}")
    return found


def on_open(data: bytes) -> bytes:
    """Return the .pptx as PowerPoint shows it on open: a:normAutofit without a stored
    fontScale is applied only once the text is edited, so it is turned into a:noAutofit."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename.endswith(".xml"):
                blob = re.sub(rb"<a:normAutofit(?![^>]*fontScale)[^>]*/>", b"<a:noAutofit/>", blob)
            zout.writestr(info, blob)
    return out.getvalue()


def test_fit_libreoffice_seed_on_a_four_three_german_cust_master(tmp_path: Path) -> None:
    from template_masters import german_cust_four_three

    from podium.commands.build import load_plan
    from podium.plan.planner import with_template

    master = german_cust_four_three(tmp_path / "de43.pptx")
    plan, problems = fit(with_template(load_plan(REPO / "deck.yaml", fitted=False), master))
    assert problems == []
    assert [s.title_scale < 1 for s in plan.slides].count(True) >= 5  # composed titles shrank
    path = tmp_path / "seed.pptx"
    path.write_bytes(on_open(render_pptx.render(plan)))
    (pdf,) = to_pdf([path], tmp_path)
    pages = pdf_lines(pdf)
    assert len(pages) == len(plan.slides)
    assert overlaps(pages, 720, 540) == []
    # the control: unfitted titles (the template's size) run over the body on this master
    unfitted = dataclasses.replace(
        plan, slides=tuple(dataclasses.replace(s, title_scale=1.0) for s in plan.slides)
    )
    control = tmp_path / "control.pptx"
    control.write_bytes(on_open(render_pptx.render(unfitted)))
    (pdf,) = to_pdf([control], tmp_path)
    assert len(overlaps(pdf_lines(pdf), 720, 540)) >= 5
