"""Formulas, SVG figures and sup/sub/strike in both outputs, read back as a person sees them:
the PPTX's XML and python-pptx, LibreOffice's PDF, the HTML DOM and Chromium."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from office import pdf_text, to_pdf
from pptx import Presentation

from podium.commands.build import load_plan, render
from podium.plan.types import DeckPlan

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A14 = "{http://schemas.microsoft.com/office/drawing/2010/main}"
ASVG = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}"
MML = "{http://www.w3.org/1998/Math/MathML}"

EVIL_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 300 150" onload="alert('onload')">
  <script>alert('script')</script>
  <style>@import url(http://127.0.0.1:9/evil.css); .box { fill: #0b4f6c }</style>
  <rect class="box" x="10" y="10" width="120" height="80" onclick="alert('click')"/>
  <image href="file:///etc/passwd" x="0" y="0" width="10" height="10"/>
  <image xlink:href="http://127.0.0.1:9/tracker.png" x="0" y="0" width="10" height="10"/>
  <a href="javascript:alert('link')"><circle cx="200" cy="50" r="30" fill="#e07a5f"/></a>
  <foreignObject width="100" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml"
    src="http://127.0.0.1:9/frame"/></foreignObject>
  <text x="150" y="140" font-size="20" text-anchor="middle">Flow diagram</text>
</svg>
"""

DECK = r"""title: Formulas everywhere
footer: Math deck
slides:
  - title: Cost $O(n \log n)$
    bullets:
      - Merge sort takes $O(n \log n)$ steps, costs $5 and $10
      - 'Water is H~2~O, area r^2^, ~~gone~~ kept'
      - $$\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$$
    notes: Remember that $\frac{a}{b}$ is a ratio.
  - layout: table
    title: Squares
    header: [n, '$n^2$']
    rows: [['3', '$\sqrt{9}$']]
  - layout: image
    title: A figure
    image: evil.svg
    alt: Two shapes and a caption
    caption: 'Shapes with $f(x) = x^2$'
  - layout: quote
    quote: 'Euler wrote $e^{i\pi} + 1 = 0$'
    attribution: Leonhard Euler
"""

#: Linear text of each formula, as the fallback shows it.
LINEAR = {
    "cost": "O(n log n)",
    "sum": "∑i=1ni = (n(n + 1))/2",
    "ratio": "a/b",
    "square": "n2",
    "root": "√9",
    "f": "f(x) = x2",
    "euler": "eiπ + 1 = 0",
}


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mathdeck")
    (folder / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    path = folder / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan(deck: Path) -> DeckPlan:
    return load_plan(deck)


@pytest.fixture(scope="module")
def pptx(plan: DeckPlan, deck: Path) -> Path:
    out = deck.parent / "deck.pptx"
    out.write_bytes(render(plan, "pptx"))
    return out


@pytest.fixture(scope="module")
def html(plan: DeckPlan, deck: Path) -> Path:
    out = deck.parent / "deck.html"
    out.write_bytes(render(plan, "html"))
    return out


def _slides(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        names = sorted(
            (n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
            key=lambda n: int(re.findall(r"\d+", n)[0]),
        )
        return [etree.fromstring(z.read(n)) for n in names]


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{A}t"))


def test_math_pptx_every_body_formula_is_an_equation_with_a_fallback(pptx: Path) -> None:
    slides = _slides(pptx)
    equations = [len(list(s.iter(f"{A14}m"))) for s in slides]
    # slide 1: two in the bullets (title and notes get linear text); 2: none (title, table);
    # 3: the caption's; 4: the quote's
    assert equations == [2, 0, 1, 1]
    for slide in slides:
        for alternate in slide.iter(f"{MC}AlternateContent"):
            choice, fallback = alternate.find(f"{MC}Choice"), alternate.find(f"{MC}Fallback")
            assert choice.get("Requires") == "a14 p14"
            shapes = choice.findall(f"{P}sp")
            assert len(shapes) == 1 and len(fallback.findall(f"{P}sp")) == 1
            for m in choice.iter(f"{A14}m"):
                assert m.find(f"{M}oMath") is not None or m.find(f"{M}oMathPara") is not None
            assert not list(fallback.iter(f"{A14}m"))
        for m in slide.iter(f"{A14}m"):  # never outside an mc:Choice
            assert any(a.tag == f"{MC}Choice" for a in m.iterancestors())
    bullets = slides[0].find(f".//{MC}Fallback/{P}sp")
    fallback_text = _text(bullets)
    assert LINEAR["cost"] in fallback_text and LINEAR["sum"] in fallback_text
    assert "costs $5 and $10" in fallback_text
    display = slides[0].find(f".//{MC}Choice//{A14}m/{M}oMathPara")
    assert display is not None and display.find(f"{M}oMath/{M}nary") is not None
    assert LINEAR["euler"] in _text(slides[3].find(f".//{MC}Fallback/{P}sp"))
    assert LINEAR["f"] in _text(slides[2].find(f".//{MC}Fallback/{P}sp"))


def test_math_pptx_titles_tables_and_notes_get_linear_text(pptx: Path) -> None:
    prs = Presentation(str(pptx))
    first, table_slide = prs.slides[0], prs.slides[1]
    assert first.shapes.title.text_frame.text == "Cost O(n log n)"
    assert first.notes_slide.notes_text_frame.text == "Remember that a/b is a ratio."
    table = next(s for s in table_slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["n", "n2"]
    assert [c.text for c in table.rows[1].cells] == ["3", "√9"]
    # the square's 2 is a superscript run
    run = table.rows[0].cells[1].text_frame.paragraphs[0].runs[1]
    assert (run.text, run._r.get_or_add_rPr().get("baseline")) == ("2", "30000")
    with zipfile.ZipFile(pptx) as z:
        notes = [n for n in z.namelist() if n.startswith("ppt/notesSlides/notesSlide")]
        assert notes and all(b"a14:m" not in z.read(n) and b"oMath" not in z.read(n) for n in notes)


def test_math_pptx_sup_sub_strike_are_run_properties(pptx: Path) -> None:
    sp = _slides(pptx)[0].find(f".//{MC}Choice/{P}sp")
    runs = [
        (r.findtext(f"{A}t"), r.find(f"{A}rPr").get("baseline"), r.find(f"{A}rPr").get("strike"))
        for r in sp.iter(f"{A}r")
    ]
    assert ("2", "-25000", None) in runs  # H~2~O
    assert ("2", "30000", None) in runs  # r^2^
    assert ("gone", None, "sngStrike") in runs


def test_math_pptx_svg_picture_with_png_fallback_and_nothing_dangerous(pptx: Path) -> None:
    with zipfile.ZipFile(pptx) as z:
        slide = etree.fromstring(z.read("ppt/slides/slide3.xml"))
        rels = etree.fromstring(z.read("ppt/slides/_rels/slide3.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        blip = slide.find(f".//{P}pic/{P}blipFill/{A}blip")
        png = z.read("ppt/" + targets[blip.get(f"{R}embed")].removeprefix("../"))
        ext = blip.find(f"{A}extLst/{A}ext")
        assert ext.get("uri") == "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
        svg_target = targets[ext.find(f"{ASVG}svgBlip").get(f"{R}embed")]
        assert svg_target.endswith(".svg")
        svg = z.read("ppt/" + svg_target.removeprefix("../")).decode()
        types = z.read("[Content_Types].xml").decode()
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (1920, 960)
    for bad in ("script", "onload", "onclick", "file:", "127.0.0.1", "javascript", "@import"):
        assert bad not in svg
    assert "foreignObject" not in svg and "iframe" not in svg
    assert "Flow diagram" in svg
    assert "image/svg+xml" in types


def test_math_pptx_validates(pptx: Path) -> None:
    from openxml_audit import validate_pptx

    result = validate_pptx(str(pptx))
    assert result.is_valid, [str(e) for e in result.errors][:5]


@pytest.mark.libreoffice
def test_math_pptx_libreoffice_shows_every_formula_and_all_other_text(
    pptx: Path, tmp_path: Path
) -> None:
    (pdf,) = to_pdf([pptx], tmp_path)
    pages = pdf_text(pdf).split("\f")
    one, two, three, four = (" ".join(p.split()) for p in pages[:4])
    for text in (
        "Cost O(n log n)",
        "Merge sort takes O(n log n) steps, costs $5 and $10",
        "Water is H2O, area r2, gone kept",
        "∑i=1ni = (n(n + 1))/2",
        "Math deck",
    ):
        assert text in one, (text, one)
    for text in ("Squares", "n2", "√9"):
        assert text in two, (text, two)
    for text in ("A figure", "Shapes with f(x) = x2"):
        assert text in three, (text, three)
    for text in ("Euler wrote eiπ + 1 = 0", "Leonhard Euler"):
        assert text in four, (text, four)


def test_math_html_has_mathml_for_every_formula(html: Path) -> None:
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(html.read_bytes())
    maths = doc.xpath("//*[local-name()='math']")
    # title, two bullets, notes, two table cells, caption, quote
    assert len(maths) == 8
    displays = [m for m in maths if m.get("display") == "block"]
    assert len(displays) == 1
    text = html.read_text(encoding="utf-8")
    assert '@font-face{font-family:"Podium Math"' in text
    assert "<script>alert" not in text
    src = doc.xpath("//img[contains(@class,'picture')]/@src")[0]
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1]).decode()
    for bad in ("script", "onload", "onclick", "file:", "127.0.0.1", "javascript", "iframe"):
        assert bad not in svg


@pytest.mark.browser
def test_math_html_renders_formulas_and_fetches_nothing(html: Path) -> None:
    from browser import launch, new_context

    with launch() as browser:
        context, watch = new_context(browser)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(html.as_uri())
        page.wait_for_function("document.fonts.status === 'loaded'")
        boxes = []
        for number in range(1, 5):
            page.evaluate(f"location.hash = '#{number}'")
            page.wait_for_function(
                f"document.querySelector('#deck > .slide.current').dataset.number == '{number}'"
            )
            boxes.extend(
                page.evaluate(
                    """() => [...document.querySelectorAll('#deck > .slide.current math')]
                        .filter(m => !m.closest('.notes, aside, template'))
                        .map(m => { const r = m.getBoundingClientRect();
                                    return [r.width, r.height]; })"""
                )
            )
        assert len(boxes) == 7  # all but the one in the notes
        assert all(w > 5 and h > 5 for w, h in boxes), boxes
        assert page.evaluate("document.fonts.check('20px \"Podium Math\"')")
        figure = page.locator("#deck > .slide.current img.picture")
        page.evaluate("location.hash = '#3'")
        page.wait_for_timeout(200)
        assert figure.evaluate("i => i.naturalWidth") == 300
        page.mouse.click(640, 360)
        watch.check()
        assert dialogs == []
        context.close()
