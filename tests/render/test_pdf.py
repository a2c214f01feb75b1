"""PDF, handouts and notes pages: printed by Debian's Chromium, read back with poppler and pypdf."""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from seedtext import normalise, seed_lines

from podium.cli import cli
from podium.commands.build import PrintOptions, build, load_plan
from podium.plan.handout import BOTTOM_MM, SIDE_MM, TOP_MM
from podium.render.pdf import BrowserMissingError, Printer, find_browser, label_ranges

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SEED_SLIDES = 12
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    # A missing browser fails the tests: a skip would hide a broken install in CI.
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is not installed (make test installs it)"
    return {**os.environ, "PODIUM_BROWSER": CHROMIUM}


@pytest.fixture(scope="module")
def seed_out(root: Path, env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-pdf")
    plan = load_plan(root / "deck.yaml")
    build(plan, out, ("pdf", "handout", "notes"), environ=env)
    return out


@pytest.fixture(scope="module")
def root() -> Path:
    return Path(__file__).resolve().parents[2]


def page_texts(path: Path, layout: bool = True) -> list[str]:
    """Return each page's text; ``layout`` false reads side-by-side slides one after another."""
    text = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"], check=True,
        capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    return [normalise(page) for page in text.split("\f")[:-1]]


def sizes_pt(path: Path) -> set[tuple[float, float]]:
    reader = PdfReader(path)
    return {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
            for p in reader.pages}  # fmt: skip


def paper_mm(path: Path) -> set[tuple[int, int]]:
    """Return the pages' sizes in whole millimetres (Chromium rounds A4 to 594.96 pt)."""
    return {(round(w / PT_PER_MM), round(h / PT_PER_MM)) for w, h in sizes_pt(path)}


def outline(reader: PdfReader, items: list | None = None) -> list:
    """Return the outline as nested (title, page number, [children]) tuples."""
    out: list = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            title, page, _ = out[-1]
            out[-1] = (title, page, outline(reader, item))
        else:
            out.append((item.title, reader.get_destination_page_number(item), []))
    return out


# -- the deck as PDF ------------------------------------------------------------------------------


def test_pdf_seed_one_page_per_slide_at_slide_size(seed_out: Path) -> None:
    path = seed_out / "deck.pdf"
    assert len(PdfReader(path).pages) == SEED_SLIDES
    assert sizes_pt(path) == {(960.0, 540.0)}  # 13.333 x 7.5 in, the slide's own size


def test_pdf_seed_every_line_of_the_seed_is_in_the_text(seed_out: Path) -> None:
    whole = " ".join(page_texts(seed_out / "deck.pdf"))
    missing = [line for line in seed_lines() if line not in whole]
    assert missing == []


def test_pdf_seed_each_slide_title_on_its_own_page(seed_out: Path, root: Path) -> None:
    plan = load_plan(root / "deck.yaml")
    pages = page_texts(seed_out / "deck.pdf")
    shown = [s for s in plan.slides if not s.hidden]
    for page, slide in zip(pages, shown, strict=True):
        assert normalise(slide.title_text) in page, (slide.number, page[:200])


def test_pdf_seed_bookmarks_are_sections_and_titles(seed_out: Path) -> None:
    tree = outline(PdfReader(seed_out / "deck.pdf"))
    assert tree[0] == ("Human Security", 0, [])
    assert tree[1] == ("Outline", 1, [])
    governance = next(t for t in tree if t[0] == "Human Security and Governance")
    assert governance == (
        "Human Security and Governance", 4,
        [("Overview of Bangladesh", 4, []), ("Local Governance", 5, []),
         ("Development Partnership", 6, [])],
    )  # fmt: skip
    assert next(t for t in tree if t[0] == "Closing")[2] == [
        ("References", 10, []),
        ("Contact Information", 11, []),
    ]


def test_pdf_seed_metadata_labels_and_links(seed_out: Path) -> None:
    reader = PdfReader(seed_out / "deck.pdf")
    meta = reader.metadata
    assert meta is not None
    assert (meta.title, meta.author) == ("Human Security", "KIYA Masahiko")
    assert meta.creation_date is not None and meta.creation_date.year == 2007  # the deck's date
    assert reader.page_labels == [str(n) for n in range(1, SEED_SLIDES + 1)]
    uris = {
        a.get_object()["/A"]["/URI"]
        for a in reader.pages[-1].get("/Annots", [])
        if "/A" in a.get_object()
    }
    assert {"mailto:masa@kiya.net", "http://www.kiya.net/"} <= uris
    assert "/Outlines" in reader.trailer["/Root"] and reader.trailer["/Root"]["/PageMode"] == (
        "/UseOutlines"
    )


def test_pdf_rebuild_gives_identical_bytes(seed_out: Path, root: Path, env, tmp_path) -> None:
    build(load_plan(root / "deck.yaml"), tmp_path, ("pdf", "handout", "notes"), environ=env)
    for name in ("deck.pdf", "deck-handout.pdf", "deck-notes.pdf"):
        assert (tmp_path / name).read_bytes() == (seed_out / name).read_bytes(), name


def test_pdf_hidden_slide_left_out_and_labels_keep_numbers(write_deck, env, tmp_path) -> None:
    deck = write_deck(
        "title: T\nslides:\n  - title: One\n  - {title: Two, hidden: true}\n  - title: Three\n"
        "  - title: Four\n"
    )
    build(load_plan(deck), tmp_path, ("pdf",), environ=env)
    reader = PdfReader(tmp_path / "deck.pdf")
    assert reader.page_labels == ["1", "3", "4"]
    assert [t for t, _, _ in outline(reader)] == ["One", "Three", "Four"]
    assert "Two" not in " ".join(page_texts(tmp_path / "deck.pdf"))


def test_pdf_source_date_epoch_sets_the_dates(write_deck, env, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(load_plan(write_deck("title: T\nslides:\n  - title: One\n")), tmp_path, ("pdf",),
          environ=env)  # fmt: skip
    meta = PdfReader(tmp_path / "deck.pdf").metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.timestamp() == 1700000000
    assert meta.modification_date == meta.creation_date


def test_label_ranges_start_again_after_a_gap() -> None:
    assert label_ranges([1, 2, 3, 5, 6, 9]) == ((0, 1), (3, 5), (5, 9))


# -- handouts and notes pages ---------------------------------------------------------------------


@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 6])
def test_handout_pages_per_page_on_a4(root: Path, env, tmp_path, per_page: int) -> None:
    plan = load_plan(root / "deck.yaml")
    build(plan, tmp_path, ("handout",), options=PrintOptions(per_page=per_page), environ=env)
    path = tmp_path / "deck-handout.pdf"
    assert len(PdfReader(path).pages) == math.ceil(SEED_SLIDES / per_page)
    assert paper_mm(path) == {(210, 297)}  # A4: lang en has no region
    pages = page_texts(path, layout=False)
    assert all("Human Security" in p and f"Page {i} / {len(pages)}" in p
               for i, p in enumerate(pages, start=1))  # fmt: skip
    shown = [s for s in plan.slides if not s.hidden]
    for k, slide in enumerate(shown):
        assert normalise(slide.title_text) in pages[k // per_page]


def test_handout_slides_stay_inside_the_margins(seed_out: Path, tmp_path: Path) -> None:
    dpi = 50
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1",
         str(seed_out / "deck-handout.pdf"), str(tmp_path / "p")],
        check=True, timeout=60,
    )  # fmt: skip
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    w, h = image.size
    px_per_mm = dpi / 25.4
    side, top, bottom = (round(v * px_per_mm) - 1 for v in (SIDE_MM, TOP_MM, BOTTOM_MM))
    # nothing but white paper in the side margins, the whole page down
    for box in ((0, 0, side, h), (w - side, 0, w, h)):
        assert image.crop(box).getextrema() == (255, 255), box
    # between the header and footer bands the slides and rules are all inside the content box
    inner = image.crop((0, top, w, h - bottom))
    dark = inner.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert dark is not None
    assert dark[0] >= side and dark[2] <= w - side
    # the three slides fill their column: the first one's frame is at the content's left edge
    assert dark[0] <= side + 3


def test_handout_letter_from_lang_region_and_from_paper(write_deck, env, tmp_path) -> None:
    deck = write_deck("title: T\nlang: en-US\nslides:\n  - title: One\n  - title: Two\n")
    build(load_plan(deck), tmp_path, ("handout",), environ=env)
    assert paper_mm(tmp_path / "deck-handout.pdf") == {(216, 279)}  # Letter
    build(load_plan(deck), tmp_path, ("handout",), options=PrintOptions(paper="a4"),
          environ=env)  # fmt: skip
    assert paper_mm(tmp_path / "deck-handout.pdf") == {(210, 297)}


def test_notes_pages_portrait_slide_above_its_notes(seed_out: Path, root: Path) -> None:
    path = seed_out / "deck-notes.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == SEED_SLIDES
    assert paper_mm(path) == {(210, 297)}
    assert reader.page_labels == [str(n) for n in range(1, SEED_SLIDES + 1)]
    pages = page_texts(path)
    plan = load_plan(root / "deck.yaml")
    noted = [s for s in plan.slides if s.notes]
    assert noted, "the seed has speaker notes"
    for slide in noted:
        page = pages[slide.number - 1]
        note = normalise(" ".join(r.text for r in slide.notes[0].runs))
        title = normalise(slide.title_text)
        assert note in page and title in page
        assert page.index(title) < page.index(note)  # the slide above its notes


def test_notes_pages_can_skip_slides_without_notes(root: Path, env, tmp_path) -> None:
    plan = load_plan(root / "deck.yaml")
    build(plan, tmp_path, ("notes",), options=PrintOptions(skip_empty_notes=True), environ=env)
    reader = PdfReader(tmp_path / "deck-notes.pdf")
    noted = [s for s in plan.slides if s.notes and not s.hidden]
    assert 0 < len(reader.pages) == len(noted) < SEED_SLIDES
    assert reader.page_labels == [str(s.number) for s in noted]


def test_notes_too_long_shrink_then_warn(write_deck, env, tmp_path) -> None:
    long = " ".join(["A sentence the lecturer wants to say at length."] * 30)
    huge = "\n\n".join([long] * 12)
    deck = write_deck(
        f"title: T\nslides:\n  - title: Short\n    notes: {long}\n"
        f"  - title: Huge\n    notes: |\n" + "".join(f"      {p}\n" for p in huge.split("\n"))
    )
    warnings: list = []
    build(load_plan(deck), tmp_path, ("notes",), environ=env, warnings=warnings)
    pages = page_texts(tmp_path / "deck-notes.pdf")
    assert long[:200] in pages[0]  # shrunk to fit, all there
    assert [(w.severity, w.loc.line) for w in warnings] == [("warning", 5)]
    assert "slide 2: its notes do not fit" in warnings[0].message


# -- without a browser ----------------------------------------------------------------------------


def test_pdf_without_browser_exits_1_and_still_writes_pptx_html(write_deck, tmp_path) -> None:
    write_deck("title: T\nslides:\n  - title: One\n")
    missing = tmp_path / "no-such-browser"
    result = CliRunner(env={"PODIUM_BROWSER": str(missing)}).invoke(
        cli, ["build", "-f", "all,pdf", "-o", "out"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert f"PODIUM_BROWSER={missing}: no such file" in result.stderr
    assert "sudo apt-get install chromium" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["deck.html", "deck.pptx"]


def test_find_browser_looks_on_path(tmp_path: Path) -> None:
    program = tmp_path / "google-chrome"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert find_browser({"PATH": str(tmp_path)}) == program


def test_pdf_without_playwright_says_how_to_install(monkeypatch, env) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    with pytest.raises(BrowserMissingError, match=r"pip install 'podium\[pdf\]'"), Printer(env):
        pass


def test_build_all_never_imports_playwright(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\nslides:\n  - title: One\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path\n"
        "from podium.commands.build import build, load_plan\n"
        f"build(load_plan(Path({str(deck)!r})), Path({str(tmp_path / 'out')!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('playwright', 'pypdf')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_printer_reads_pdf_bytes_back(env) -> None:
    with Printer(env) as printer:
        data, result = printer.print(
            "<!DOCTYPE html><title>x</title><style>@page{size:4in 3in;margin:0}</style>"
            "<p>Printed text</p>",
            (384, 288),
            "() => 41 + 1",
        )
    assert result == 42
    reader = PdfReader(io.BytesIO(data))
    assert "Printed text" in reader.pages[0].extract_text()
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (
        288.0,
        216.0,
    )


def test_handout_draws_slides_with_the_decks_own_templates(write_deck, env, tmp_path) -> None:
    deck = write_deck("title: T\nslides:\n  - title: One\n    bullets: [a]\n")
    layouts = tmp_path / "templates" / "html" / "layouts"
    layouts.mkdir(parents=True)
    (layouts / "bullets.html.j2").write_text(
        '{% include "builtin/layouts/bullets.html.j2" %}\n<p class="box">Course stamp</p>\n',
        encoding="utf-8",
    )
    build(load_plan(deck), tmp_path / "out", ("handout", "pdf"), environ=env)
    assert "Course stamp" in page_texts(tmp_path / "out" / "deck-handout.pdf")[0]
    assert "Course stamp" in page_texts(tmp_path / "out" / "deck.pdf")[0]
