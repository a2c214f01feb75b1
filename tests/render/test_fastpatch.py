"""The python-pptx speed-up changes no byte and is scoped to Podium's render; the quick commands
never import python-pptx, and the same deck always gives the same files.

Speed itself is measured by bench/run.py, never asserted here.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import OpcPackage
from pptx.oxml import ns, xmlchemy
from pptx.parts.image import Image, ImagePart
from pptx.util import Inches

from podium.commands.build import load_plan, render
from podium.render import fastpatch
from podium.render.pptx_package import reproducible_zip, zip_stamp

REPO = Path(__file__).resolve().parents[2]

DECK = """\
title: Perf check
date: 2021-06-07
footer: A footer
{template}
slides:
  - layout: title
    notes: Opening notes.
  - section: First part
    slides:
      - title: One
        bullets: [a, "b with a [link](https://example.org)"]
        notes: |
          Some **notes**.
      - layout: image
        title: Shared
        image: shared.png
        alt: a shared picture
        notes: picture notes
      - layout: image
        title: Unique
        image: u0.png
        alt: unique
        hidden: true
      - layout: table
        title: A table
        header: [Year, Aid]
        rows: [["2006", "1.2"], ["2007", "1.4"]]
  - section: Second part
    slides:
      - layout: code
        title: Code
        language: python
        code: |
          def f(x):
              return x + 1
        notes: code notes
      - layout: image
        title: Shared again
        image: shared.png
        alt: shared
      - layout: image
        title: Unique 2
        image: u1.png
        alt: unique 2
        caption: A caption
      - layout: image
        title: Same bytes as a template picture
        image: dup.png
        alt: dup
      - title: Hidden
        hidden: true
        bullets: [x]
        notes: hidden notes
"""


def _images(folder: Path) -> None:
    PILImage.new("RGB", (40, 30), (10, 120, 200)).save(folder / "shared.png")
    PILImage.new("RGB", (40, 30), (1, 2, 3)).save(folder / "dup.png")
    for i in range(4):
        PILImage.new("RGB", (40, 30), (200, i * 60, 10)).save(folder / f"u{i}.png")


def _carried_template(folder: Path) -> Path:
    """Return a template that carries slides (with notes, pictures and sections), a picture
    reachable only through a layout, and two image parts holding the same bytes."""
    source = folder / "source.yaml"
    source.write_text(DECK.format(template="").replace("u1.png", "u2.png"), encoding="utf-8")
    prs = Presentation(io.BytesIO(render(load_plan(source, "source"), "pptx")))
    layout = prs.slide_layouts[1]
    layout.part.get_or_add_image_part(str(folder / "u3.png"))  # keeps image4 in use
    for owner in (prs.slide_master.part, prs.slide_layouts[2].part):
        twin = ImagePart.new(prs.part.package, Image.from_file(str(folder / "dup.png")))
        owner.relate_to(twin, RT.IMAGE)
    path = folder / "carried.pptx"
    prs.save(str(path))
    return path


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    _images(tmp_path)
    (tmp_path / "deck.yaml").write_text(DECK.format(template=""), encoding="utf-8")
    return tmp_path


@pytest.fixture
def patched() -> Iterator[None]:
    """Install the speed-up for one test; leave it as it was found."""
    was = fastpatch.installed()
    assert fastpatch.install()
    yield
    if not was:
        fastpatch.uninstall()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(name, z.read(name)) for name in z.namelist()]


# -- the speed-up gives stock's bytes --------------------------------------------------------

STOCK_BUILD = """\
import sys
from pathlib import Path
import podium.render.fastpatch as fastpatch
fastpatch.uninstall()
fastpatch.PINNED, fastpatch._warned = "none", True  # the renderer's scope leaves it stock
from pptx.opc.package import OpcPackage
from podium.commands.build import load_plan, render
data = render(load_plan(Path(sys.argv[1]), "deck"), "pptx")
assert OpcPackage.next_partname.__module__ == "pptx.opc.package", "not stock"
Path(sys.argv[2]).write_bytes(data)
"""


@pytest.mark.parametrize("template", ["reference", "carried"])
def test_fastpatch_output_is_byte_identical_to_stock(
    deck_dir: Path, template: str, patched: None
) -> None:
    deck = deck_dir / "deck.yaml"
    if template == "carried":
        _carried_template(deck_dir)
        deck.write_text(DECK.format(template="template: carried.pptx"), encoding="utf-8")
    stock_file = deck_dir / "stock.pptx"
    subprocess.run(
        [sys.executable, "-c", STOCK_BUILD, str(deck), str(stock_file)], check=True, cwd=deck_dir
    )
    data = render(load_plan(deck, "deck"), "pptx")
    assert OpcPackage.next_partname is fastpatch._next_partname  # the patch did the work
    names = [name for name, _ in _members(data)]
    assert "ppt/media/image1.png" in names and "ppt/notesSlides/notesSlide5.xml" in names
    assert _members(data) == _members(stock_file.read_bytes())  # a readable diff first
    assert data == stock_file.read_bytes()


def _python_pptx_script(folder: Path) -> list[tuple[str, bytes]]:
    """Build a deck with python-pptx directly, through every case the patch answers:
    gaps in notes and image numbers, images shared, unique and held twice, slide ids that
    jump, relationships dropped, parts renamed."""
    folder.mkdir()
    _images(folder)
    pictures = [folder / f"u{i}.png" for i in range(4)] + [folder / "shared.png"]
    prs = Presentation()
    layout = prs.slide_layouts[1]
    slides = prs.slides

    def add(n: int, picture: Path | None) -> None:
        slide = slides.add_slide(layout)
        slide.shapes.title.text = f"Slide {n}"
        slide.notes_slide.notes_text_frame.text = f"notes {n}"
        if picture is not None:
            slide.shapes.add_picture(str(picture), Inches(1), Inches(1))

    for n in range(5):
        add(n, pictures[n % len(pictures)])
    id_list = slides._sldIdLst
    for sld_id in list(id_list)[1:3]:  # leaves gaps: notesSlide2-3, image2-3
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
    prs.part.rename_slide_parts([sld_id.rId for sld_id in id_list])  # as python-pptx on open
    twin = ImagePart.new(prs.part.package, Image.from_file(str(folder / "shared.png")))
    prs.slide_master.part.relate_to(twin, RT.IMAGE)  # the same bytes twice
    for n in range(5, 12):
        add(n, pictures[n % len(pictures)] if n % 3 else None)
    id_list[-1].id = 4000  # the next slide id is 4001, not one past the last one added
    for n in range(12, 20):
        add(n, folder / "shared.png" if n % 2 else pictures[1])
    buf = io.BytesIO()
    prs.save(buf)
    return _members(buf.getvalue())


def test_fastpatch_python_pptx_gaps_and_twins_match_stock(tmp_path: Path) -> None:
    was = fastpatch.installed()
    try:
        fastpatch.uninstall()
        expected = _python_pptx_script(tmp_path / "stock")
        fastpatch.install()
        got = _python_pptx_script(tmp_path / "patched")
    finally:
        if not was:
            fastpatch.uninstall()
    names = [name for name, _ in got]
    assert "ppt/notesSlides/notesSlide2.xml" in names  # a gap was filled, as stock does
    assert b'id="4001"' in dict(got)["ppt/presentation.xml"]
    assert [name for name, _ in expected] == names
    assert expected == got


def _count_scans(build: Callable[[], None]) -> int:
    calls = 0
    stock_iter_rels = OpcPackage.iter_rels

    def counting(self: OpcPackage) -> Iterator[object]:
        nonlocal calls
        calls += 1
        return stock_iter_rels(self)

    OpcPackage.iter_rels = counting  # type: ignore[assignment,method-assign]
    try:
        build()
    finally:
        OpcPackage.iter_rels = stock_iter_rels  # type: ignore[method-assign]
    return calls


def _many_slides(folder: Path, n: int = 120) -> None:
    _images(folder)
    prs = Presentation()
    layout = prs.slide_layouts[1]
    for k in range(n):
        slide = prs.slides.add_slide(layout)
        slide.notes_slide.notes_text_frame.text = f"notes {k}"
        if k % 10 == 0:
            PILImage.new("RGB", (8, 8), (k, 0, 0)).save(folder / "new.png")
            slide.shapes.add_picture(str(folder / "new.png"), 0, 0)
            slide.shapes.add_picture(str(folder / "shared.png"), 0, 0)
    prs.save(io.BytesIO())


def test_fastpatch_walks_the_package_a_fixed_number_of_times(tmp_path: Path, stock: None) -> None:
    # What makes stock quadratic: a walk of the whole package per notes slide and per picture.
    assert _count_scans(lambda: _many_slides(tmp_path)) > 120
    fastpatch.install()
    assert _count_scans(lambda: _many_slides(tmp_path)) == 1  # the save


def test_fastpatch_install_is_idempotent_and_uninstall_restores_stock(stock: None) -> None:
    from pptx.slide import Slides

    stock_next_partname = OpcPackage.__dict__["next_partname"]
    stock_add_slide = Slides.__dict__["add_slide"]
    assert not fastpatch.installed()
    assert fastpatch.install() and fastpatch.install()
    assert OpcPackage.__dict__["next_partname"] is fastpatch._next_partname
    fastpatch.uninstall()
    fastpatch.uninstall()
    assert OpcPackage.__dict__["next_partname"] is stock_next_partname
    assert Slides.__dict__["add_slide"] is stock_add_slide


def test_fastpatch_other_python_pptx_version_warns_once_and_changes_nothing(
    stock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pptx

    stock_next_partname = OpcPackage.__dict__["next_partname"]
    monkeypatch.setattr(pptx, "__version__", "1.0.3")
    monkeypatch.setattr(fastpatch, "_warned", False)
    with pytest.warns(RuntimeWarning, match=r"python-pptx 1\.0\.2, found 1\.0\.3"):
        assert fastpatch.install() is False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fastpatch.install() is False  # no second warning
    assert not fastpatch.installed()
    assert OpcPackage.__dict__["next_partname"] is stock_next_partname


# -- the one-pass stamped zip and the cached qn ---------------------------------------------


def _small_deck() -> object:
    prs = Presentation()
    for n in range(5):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Slide {n}"
        slide.notes_slide.notes_text_frame.text = f"notes {n}"
    return prs


@pytest.mark.parametrize(
    "when", [dt.datetime(2007, 1, 24), dt.datetime(1970, 1, 1), dt.datetime(2023, 11, 14, 22, 13)]
)
def test_save_stamped_is_save_then_reproducible_zip(stock: None, when: dt.datetime) -> None:
    prs = _small_deck()
    buf = io.BytesIO()
    prs.save(buf)  # type: ignore[attr-defined]
    expected = reproducible_zip(buf.getvalue(), when)
    assert fastpatch.install()
    assert fastpatch.save_stamped(prs, zip_stamp(when)) == expected


def test_save_stamped_needs_the_patch(stock: None) -> None:
    with pytest.raises(RuntimeError, match="not installed"):
        fastpatch.save_stamped(_small_deck(), (2007, 1, 24, 0, 0, 0))


def test_qn_is_cached_while_installed_and_restored(stock: None) -> None:
    stock_qn = ns.qn
    assert xmlchemy.qn is stock_qn
    assert fastpatch.install()
    assert xmlchemy.qn is not stock_qn and ns.qn is not stock_qn
    for tag in ("p:sp", "a:t", "p:notes", "a:rPr"):
        assert xmlchemy.qn(tag) == stock_qn(tag)
    fastpatch.uninstall()
    assert xmlchemy.qn is stock_qn and ns.qn is stock_qn


# -- scoped to Podium's own render ------------------------------------------------------------


def _python_pptx_attributes() -> dict[tuple[str, str], object]:
    """Return every attribute the patch may replace, as python-pptx has them now."""
    from pptx.opc.package import Part, _Relationships
    from pptx.oxml.xmlchemy import BaseOxmlElement
    from pptx.package import Package, _ImageParts
    from pptx.parts.presentation import PresentationPart
    from pptx.slide import Slides

    owners = (OpcPackage, Package, _ImageParts, PresentationPart, Slides, _Relationships, Part)
    found: dict[tuple[str, str], object] = {}
    for owner in (*owners, BaseOxmlElement):
        for name, value in vars(owner).items():
            found[(owner.__qualname__, name)] = value
    for name, module in sys.modules.items():
        if name.startswith("pptx") and "qn" in vars(module):
            found[(name, "qn")] = vars(module)["qn"]
    return found


def _plain_deck(folder: Path, slides: int = 30) -> tuple[list[tuple[str, bytes]], bool]:
    """Build a deck with python-pptx alone; return its members and whether Podium indexed it."""
    prs = Presentation()
    for k in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.notes_slide.notes_text_frame.text = f"notes {k}"
        slide.shapes.add_picture(str(folder / f"u{k % 4}.png"), 0, 0)
    buf = io.BytesIO()
    prs.save(buf)
    return _members(buf.getvalue()), "_podium_fastpatch_index" in prs.part.package.__dict__


def test_fastpatch_render_leaves_python_pptx_stock(deck_dir: Path, stock: None) -> None:
    before = _python_pptx_attributes()
    expected, _ = _plain_deck(deck_dir)
    render(load_plan(deck_dir / "deck.yaml", "deck"), "pptx")
    assert not fastpatch.installed()
    assert _python_pptx_attributes() == before
    assert _plain_deck(deck_dir) == (expected, False)
    # stock python-pptx, quadratic again: a walk of the package per notes slide and picture
    after = deck_dir / "after"
    after.mkdir()
    assert _count_scans(lambda: _many_slides(after, 40)) > 40


def test_fastpatch_render_is_fast_inside_its_own_scope(deck_dir: Path, stock: None) -> None:
    many = "".join(f"  - title: S{k}\n    notes: n{k}\n" for k in range(60))
    deck = deck_dir / "many.yaml"
    deck.write_text(f"title: Many\nslides:\n{many}", encoding="utf-8")
    plan = load_plan(deck, "many")
    assert _count_scans(lambda: None if render(plan, "pptx") else None) < 10


def test_fastpatch_other_threads_keep_stock_python_pptx_while_podium_renders(
    deck_dir: Path, stock: None
) -> None:
    import threading

    plan = load_plan(deck_dir / "deck.yaml", "deck")
    expected_pptx = render(plan, "pptx")
    expected_plain, _ = _plain_deck(deck_dir)
    before = _python_pptx_attributes()
    results: list[object] = []
    errors: list[BaseException] = []

    def podium() -> None:
        try:
            for _ in range(3):
                results.append(render(plan, "pptx") == expected_pptx)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    def plain() -> None:
        try:
            for _ in range(3):
                results.append(_plain_deck(deck_dir) == (expected_plain, False))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=f) for f in (podium, podium, plain)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [True] * 9
    assert _python_pptx_attributes() == before


# -- cold start: the quick commands do not load python-pptx ----------------------------------


def _imported(args: list[str], cwd: Path) -> set[str]:
    """Return the modules ``python -m podium ARGS`` imports, from -X importtime."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "podium", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    return modules


@pytest.mark.parametrize(
    "args",
    [["--help"], ["check", "deck.yaml"], ["build", "deck.yaml", "-f", "html", "-o", "{out}"]],
    ids=["help", "check", "build-html"],
)
def test_cold_start_does_not_import_python_pptx(args: list[str], tmp_path: Path) -> None:
    modules = _imported([a.format(out=tmp_path) for a in args], REPO)
    assert "podium.cli" in modules
    assert sorted(m for m in modules if m.split(".")[0] == "pptx") == []


def test_cold_start_check_detects_python_pptx_when_it_is_imported(tmp_path: Path) -> None:
    # The detector above would pass vacuously if it saw nothing: building pptx must show it.
    modules = _imported(["build", "deck.yaml", "-f", "pptx", "-o", str(tmp_path)], REPO)
    assert "pptx" in modules and "lxml.etree" in modules


# -- the same deck, the same bytes -----------------------------------------------------------


def _cli_build(deck: Path, out: Path, **env: str) -> dict[str, bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")}
    subprocess.run(
        [sys.executable, "-m", "podium", "build", str(deck), "-o", str(out)],
        cwd=deck.parent, env={**base, **env}, check=True, capture_output=True,
    )  # fmt: skip
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("which", ["seed", "generated"])
def test_build_is_byte_identical_across_processes_time_zones_and_hash_seeds(
    which: str, deck_dir: Path, tmp_path: Path
) -> None:
    deck = REPO / "deck.yaml" if which == "seed" else deck_dir / "deck.yaml"
    first = _cli_build(deck, tmp_path / "a", TZ="UTC", PYTHONHASHSEED="0")
    second = _cli_build(deck, tmp_path / "b", TZ="Pacific/Chatham", PYTHONHASHSEED="12345")
    assert sorted(first) == [f"{deck.stem}.html", f"{deck.stem}.pptx"]
    assert first == second


def _dates(pptx: bytes) -> tuple[set[tuple[int, ...]], bytes]:
    with zipfile.ZipFile(io.BytesIO(pptx)) as z:
        return {info.date_time for info in z.infolist()}, z.read("docProps/core.xml")


def test_source_date_epoch_sets_core_dates_and_zip_times(tmp_path: Path) -> None:
    out = _cli_build(REPO / "deck.yaml", tmp_path, SOURCE_DATE_EPOCH="1700000000")
    stamps, core = _dates(out["deck.pptx"])
    assert stamps == {(2023, 11, 14, 22, 13, 20)}
    assert b">2023-11-14T22:13:20Z</dcterms:created>" in core
    assert b">2023-11-14T22:13:20Z</dcterms:modified>" in core


def test_without_source_date_epoch_the_decks_date_is_used(tmp_path: Path) -> None:
    out = _cli_build(REPO / "deck.yaml", tmp_path)  # deck.yaml: date: January 24, 2007
    stamps, core = _dates(out["deck.pptx"])
    assert stamps == {(2007, 1, 24, 0, 0, 0)}
    assert b">2007-01-24T00:00:00Z</dcterms:created>" in core
    assert b">2007-01-24T00:00:00Z</dcterms:modified>" in core
