"""podium import of .pptx files: round trips of Podium's own decks, decks other tools wrote,
and the files it refuses."""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from made_decks import (
    PLAIN_TEXTS,
    libreoffice_deck,
    make_image,
    pandoc_deck,
    python_pptx_deck,
)
from pptx import Presentation

from podium.cli import cli
from podium.commands.build import build, load_plan
from podium.importer import ImportReport, ImportSourceError, import_deck
from podium.load.validate import load
from podium.plan.markup import parse_block

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
_LATENT = {"DATE (16)", "FOOTER (15)", "SLIDE_NUMBER (13)"}


def build_pptx(deck: Path, out: Path) -> Path:
    """Build ``deck`` to ``out/<name>.pptx`` as `podium build -f pptx` does."""
    (result,) = build(load_plan(deck), out, ["pptx"])
    return result.path


def read_back(path: Path) -> dict[str, Any]:
    """Return what a person sees in the .pptx: per slide its title, body paragraphs with
    levels, link addresses, pictures' alt text, table cells, notes and hidden flag; sections."""
    prs = Presentation(str(path))
    slides = []
    for slide in prs.slides:
        title, body, links, pictures, cells = "", [], [], [], []
        for shape in slide.shapes:
            if shape.is_placeholder and str(shape.placeholder_format.type) in _LATENT:
                continue
            if shape.is_placeholder and "TITLE" in str(shape.placeholder_format.type):
                title = shape.text_frame.text
                continue
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    if p.text.strip():
                        body.append((p.text, p.level))
                    links += [r.hyperlink.address for r in p.runs if r.hyperlink.address]
            if getattr(shape, "has_table", False) and shape.has_table:
                cells = [[c.text for c in row.cells] for row in shape.table.rows]
            if shape.shape_type == 13:  # a picture
                pictures.append(
                    (
                        shape._element.nvPicPr.cNvPr.get("descr"),
                        hashlib.sha256(shape.image.blob).hexdigest(),
                    )
                )
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        notes_links = (
            [
                r.hyperlink.address
                for p in slide.notes_slide.notes_text_frame.paragraphs
                for r in p.runs
                if r.hyperlink.address
            ]
            if slide.has_notes_slide
            else []
        )
        slides.append(
            {
                "title": title,
                "body": body,
                "links": links + notes_links,
                "pictures": pictures,
                "cells": cells,
                "notes": notes,
                "hidden": slide._element.get("show") == "0",
            }
        )
    sections = [
        (s.get("name"), len(list(s.iter(f"{P14}sldId"))))
        for s in prs.part._element.iter(f"{P14}section")
    ]
    return {"slides": slides, "sections": sections}


def import_into(source: Path, out: Path) -> tuple[Path, ImportReport, str]:
    deck = out / "imported.yaml"
    report = import_deck(source, deck)
    print("\n".join([*report.reported, "SUMMARY " + report.summary()]))
    return deck, report, deck.read_text(encoding="utf-8")


def _meaning(deck_path: Path) -> dict[str, Any]:
    """Return the deck's model as data, pictures by their bytes, defaults written out."""
    deck, _data, _src = load(deck_path)
    dumped: dict[str, Any] = deck.model_dump(warnings=False)

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: fix(v) for k, v in node.items()}
            for key in ("notes", "text"):  # block markup: the same paragraphs and lists
                if isinstance(out.get(key), str):
                    out[key] = parse_block(out[key])
            if out.get("layout") == "image":
                out["image"] = hashlib.sha256((deck_path.parent / out["image"]).read_bytes())
                out["image"] = out["image"].hexdigest()
            if out.get("layout") == "agenda" and out.get("title") is None:
                out["title"] = "Outline"
            return out
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix(dumped)


@pytest.mark.parametrize(
    "deck", [ROOT / "deck.yaml", DATA / "every-layout.yaml"], ids=["seed", "every-layout"]
)
def test_import_podium_deck_round_trip(deck: Path, tmp_path: Path) -> None:
    first = build_pptx(deck, tmp_path / "first")
    imported, report, text = import_into(first, tmp_path)
    assert report.reported == []
    again = build_pptx(imported, tmp_path / "again")
    before, after = read_back(first), read_back(again)
    assert len(after["slides"]) == len(before["slides"])
    for n, (a, b) in enumerate(zip(before["slides"], after["slides"], strict=True), start=1):
        assert a == b, f"slide {n}"
    assert after["sections"] == before["sections"]
    assert _meaning(imported) == _meaning(deck)
    assert "template:" not in text  # built on Podium's own reference: nothing to carry


EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("deck", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_import_example_decks_keep_every_text(deck: Path, tmp_path: Path) -> None:
    first = build_pptx(deck, tmp_path / "first")
    _report, _text = _check_every_text(first, tmp_path)
    before, after = read_back(first), read_back(tmp_path / "rebuilt" / "imported.pptx")
    for key in ("title", "notes"):  # as Podium reads every text: NFC
        was = [unicodedata.normalize("NFC", s[key]) for s in before["slides"]]
        assert [s[key] for s in after["slides"]] == was
    assert after["sections"] == before["sections"]


def test_import_seed_reads_like_the_seed(tmp_path: Path) -> None:
    _deck, report, text = import_into(build_pptx(ROOT / "deck.yaml", tmp_path), tmp_path)
    seed = (ROOT / "deck.yaml").read_text(encoding="utf-8").splitlines()
    lines = text.splitlines()
    assert lines[0] == "# Imported from deck.pptx by podium import."
    # The seed's own comments and its explicit default agenda title are all that differ.
    seed = [re.sub(r"\s+# .*$", "", x) for x in seed if not x.startswith("#")]
    assert [x for x in seed if x != "    title: Outline"] == lines[1:]
    assert report.summary() == (
        f"{report.output}: 12 slides imported from {report.source}, 37 items kept (13 text "
        "bodies, 12 titles, 5 sections, 3 links, 2 notes, 2 slides with steps), 0 items reported"
    )


def _all_text(deck_path: Path, yaml_text: str, tmp_path: Path) -> str:
    """Return every text the imported deck shows when built, and the deck file's comments."""
    built = read_back(build_pptx(deck_path, tmp_path / "rebuilt"))
    parts = [yaml_text]
    for slide in built["slides"]:
        parts += [slide["title"], slide["notes"], *(t for t, _l in slide["body"])]
        parts += [cell for row in slide["cells"] for cell in row]
        parts += [alt or "" for alt, _h in slide["pictures"]]
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", "\n".join(parts)))


def _original_texts(path: Path) -> list[str]:
    prs = Presentation(str(path))
    texts: list[str] = []

    def shape_texts(shape: Any) -> None:
        if shape.shape_type == 6:  # a group
            for child in shape.shapes:
                shape_texts(child)
            return
        if shape.is_placeholder and str(shape.placeholder_format.type) in _LATENT:
            return
        if shape.has_text_frame:
            texts.extend(p.text for p in shape.text_frame.paragraphs)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts.extend(c.text for row in shape.table.rows for c in row.cells)
        if getattr(shape, "has_chart", False) and shape.has_chart:
            plot = shape.chart.plots[0]
            texts.extend(str(c) for c in plot.categories)
            texts.extend(s.name for s in plot.series)

    for slide in prs.slides:
        for shape in slide.shapes:
            shape_texts(shape)
        if slide.has_notes_slide:
            texts.extend(p.text for p in slide.notes_slide.notes_text_frame.paragraphs)
    lines = [line for t in texts for line in t.split("\v")]  # a line break: its own line
    return [
        re.sub(r"\s+", " ", unicodedata.normalize("NFC", t)).strip() for t in lines if t.strip()
    ]


def _check_every_text(source: Path, tmp_path: Path) -> tuple[ImportReport, str]:
    from openxml_audit import validate_pptx

    deck, report, text = import_into(source, tmp_path)
    load_plan(deck)  # what `podium check` does: raises on any error
    shown = _all_text(deck, text, tmp_path)
    result = validate_pptx(str(tmp_path / "rebuilt" / "imported.pptx"))
    assert result.is_valid, result.errors[:3]
    missing = [t for t in _original_texts(source) if t not in shown]
    assert missing == []
    return report, text


def test_import_python_pptx_deck(tmp_path: Path) -> None:
    source = python_pptx_deck(tmp_path)
    report, text = _check_every_text(source, tmp_path)
    shown = _all_text(tmp_path / "imported.yaml", text, tmp_path)
    assert all(t in shown for t in PLAIN_TEXTS)
    assert "- Strong line ministries, **weak local government**:\n" in text
    assert "          - Unions and upazilas:\n              - Ward committees\n" in text
    assert (
        "[*Read the World Bank strategy*](https://www.worldbank.org/en/country/bangladesh)" in text
    )
    assert "    hidden: true\n" in text
    assert "    header: [Year, Aid (bn USD)]\n" in text
    assert "      - [World Bank, 40]\n" in text  # the chart's data
    assert "    alt: Map of Bangladesh's divisions\n" in text
    assert "    alt: Picture on slide 8  # TODO: alt text\n" in text
    assert '  - section: "Part II: Peacebuilding"\n' in text
    assert "      - A free text box with a remark  # from a text box\n" in text
    assert "template: imported-template.pptx\n" in text
    media = sorted(p.name for p in (tmp_path / "imported-media").iterdir())
    assert media == ["slide07-1.png", "slide08-1.png"]
    assert (tmp_path / "imported-media" / "slide07-1.png").read_bytes() == (
        tmp_path / "map.png"
    ).read_bytes()
    assert report.reported == [
        f"{report.source}: slide 3: a group of shapes: ungrouped; texts kept as bullets, "
        "pictures as pictures",
        f"{report.source}: slide 3: a text box ('A free text box with a remark'): its text "
        "kept as bullets",
        f"{report.source}: slide 6: a chart ('Chart 2'): kept as a table of its data; Podium "
        "has no charts",
        f"{report.source}: slide 8: a picture without alt text (imported-media/slide08-1.png): "
        "describe it in alt:, marked TODO in the deck",
    ]
    assert report.summary().endswith(
        f"10 slides imported from {report.source}, 23 items kept (9 titles, 6 text bodies, 2 "
        "pictures, 1 chart as a table, 1 link, 1 notes, 1 section, 1 table, 1 text box), "
        "4 items reported"
    )
    # The same file imports to the same bytes.
    written = {p: p.read_bytes() for p in tmp_path.glob("imported*") if p.is_file()}
    written |= {p: p.read_bytes() for p in (tmp_path / "imported-media").iterdir()}
    import_deck(source, tmp_path / "imported.yaml", force=True)
    assert {p: p.read_bytes() for p in written} == written
    # The template keeps the lecturer's masters and none of the slides.
    with zipfile.ZipFile(tmp_path / "imported-template.pptx") as zf:
        assert not [n for n in zf.namelist() if n.startswith("ppt/slides/")]
        assert "ppt/slideMasters/slideMaster1.xml" in zf.namelist()


def test_import_pandoc_deck(tmp_path: Path) -> None:
    shutil.copy(DATA / "map.png", tmp_path / "map.png")
    source = pandoc_deck(DATA / "human-security.pandoc.md", tmp_path)
    report, text = _check_every_text(source, tmp_path)
    assert "  - section: Human Security and Governance\n    divider: true\n" in text
    assert "      - layout: two-column\n        title: Local Governance\n" in text
    assert "author: KIYA Masahiko\n" in text
    assert "        notes: |\n          - Contact by e-mail first\n" in text
    assert "[Where, What]" in text


@pytest.mark.libreoffice
def test_import_libreoffice_deck(tmp_path: Path) -> None:
    original = python_pptx_deck(tmp_path)
    source = libreoffice_deck(original, tmp_path)
    report, text = _check_every_text(source, tmp_path)
    shown = _all_text(tmp_path / "imported.yaml", text, tmp_path)
    assert all(t in shown for t in PLAIN_TEXTS)
    assert "  - layout: title\n" in text
    assert "    hidden: true\n" in text
    assert (
        "[*Read the World Bank strategy*](https://www.worldbank.org/en/country/bangladesh)" in text
    )


def _deck_with(tmp_path: Path, build_slides: Any) -> Path:
    from pptx import Presentation as New

    prs = New()
    build_slides(prs)
    path = tmp_path / "made.pptx"
    prs.save(str(path))
    return path


def test_import_reports_what_it_cannot_keep(tmp_path: Path) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    def slides(prs: Any) -> None:
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = "Marks"
        tf = s.placeholders[1].text_frame
        tf.text = "H"
        run = tf.paragraphs[0].add_run()
        run.text = "2"
        run.font._rPr.set("baseline", "-25000")
        run = tf.paragraphs[0].add_run()
        run.text = "O and "
        run = tf.paragraphs[0].add_run()
        run.text = "old"
        run.font._rPr.set("strike", "sngStrike")
        p = tf.add_paragraph()
        run = p.add_run()
        run.text = "a file link"
        run.hyperlink.address = "file:///C:/secret.docx"
        p = tf.add_paragraph()
        p.text = "5 * 3 = 15, a_b, [1] and <b>bold</b> &amp; `tick`"
        s.shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, Inches(1), Inches(6), Inches(1), Inches(0.5))
        s.shapes.add_picture(str(make_image(tmp_path / "side.png")), Inches(7), Inches(1))

    deck, report, text = import_into(_deck_with(tmp_path, slides), tmp_path)
    load_plan(deck)
    assert "      - H~2~O and ~~old~~\n" in text
    assert "      - a file link\n" in text
    assert "      - 5 * 3 = 15, a_b, [1] and <b>bold</b> \\&amp; \\`tick\\`\n" in text
    assert (
        "    image: imported-media/slide01-1.png\n    alt: Picture on slide 1  # TODO: alt text\n"
    ) in text  # a picture beside the bullets, on the right as in the original
    src = report.source
    assert report.reported == [
        f"{src}: slide 1: a shape without text (lines, arrows, boxes): not imported",
        f"{src}: slide 1: a link to 'file:///C:/secret.docx' (only http, https and mailto "
        "links are kept)",
        f"{src}: slide 1: a picture without alt text (imported-media/slide01-1.png): describe "
        "it in alt:, marked TODO in the deck",
    ]
    built_path = build_pptx(deck, tmp_path / "b")
    runs = [
        r
        for p in Presentation(str(built_path)).slides[0].placeholders[1].text_frame.paragraphs
        for r in p.runs
    ]
    assert [r.text for r in runs if (r.font._rPr.get("baseline") or "0").startswith("-")] == ["2"]
    assert [r.text for r in runs if r.font._rPr.get("strike") == "sngStrike"] == ["old"]
    built = read_back(built_path)
    assert [t for t, _l in built["slides"][0]["body"]] == [
        "H2O and old",
        "a file link",
        "5 * 3 = 15, a_b, [1] and <b>bold</b> &amp; `tick`",
    ]
    assert report.summary().endswith("3 items reported (1 not kept)")


def test_import_layouts_by_placeholder_type(tmp_path: Path) -> None:
    from lxml import etree

    def numbered(paragraph: Any) -> None:
        pPr = paragraph._p.get_or_add_pPr()
        pPr.insert(0, etree.SubElement(pPr, f"{{{A}}}buAutoNum", type="arabicPeriod"))

    def slides(prs: Any) -> None:
        s = prs.slides.add_slide(prs.slide_layouts[4])  # Comparison
        s.shapes.title.text = "Two approaches"
        ph = {p.placeholder_format.idx: p for p in s.placeholders}
        ph[1].text, ph[2].text = "Top-down", "good for scaling up"
        ph[3].text, ph[4].text = "Bottom-up", "catering for local needs"
        s = prs.slides.add_slide(prs.slide_layouts[8])  # Picture with Caption
        s.shapes.title.text = "A photo"
        ph = {p.placeholder_format.idx: p for p in s.placeholders}
        ph[1].insert_picture(str(make_image(tmp_path / "pic.png")))
        ph[2].text = "Taken in Sylhet, 2006"
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = "Numbered"
        frame = s.placeholders[1].text_frame
        frame.text = "First step"
        numbered(frame.paragraphs[0])
        numbered(frame.add_paragraph())
        frame.paragraphs[1].text = "Second step"
        s = prs.slides.add_slide(prs.slide_layouts[6])  # Blank
        s.notes_slide.notes_text_frame.text = "Only notes here"

    deck, report, text = import_into(_deck_with(tmp_path, slides), tmp_path)
    load_plan(deck)
    assert text.split("slides:\n", 1)[1] == (
        "  - layout: two-column\n"
        "    title: Two approaches\n"
        "    left:\n"
        "      - Top-down:\n"
        "          - good for scaling up\n"
        "    right:\n"
        "      - Bottom-up:\n"
        "          - catering for local needs\n"
        "\n"
        "  - layout: image\n"
        "    title: A photo\n"
        "    image: imported-media/slide02-1.png\n"
        "    alt: Picture on slide 2  # TODO: alt text\n"
        "    caption: Taken in Sylhet, 2006\n"
        "\n"
        "  - title: Numbered\n"
        "    text: |\n"
        "      1. First step\n"
        "      2. Second step\n"
        "\n"
        "  - layout: blank\n"
        "    notes: |\n"
        "      Only notes here\n"
    )


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "old.ppt",
            lambda p: _write(p, _OLE + b"\0" * 100),
            "old.ppt: a PowerPoint 97-2003 file (.ppt) cannot be imported; save it as .pptx (in "
            "PowerPoint: File > Save As > PowerPoint Presentation) or convert it with 'soffice "
            "--headless --convert-to pptx old.ppt', then import the .pptx",
        ),
        (
            "talk.key",
            lambda p: _write(p, b"PK\x03\x04"),
            "talk.key: a Keynote file cannot be imported; export it as PowerPoint (in Keynote: "
            "File > Export To > PowerPoint), then import the .pptx",
        ),
        (
            "locked.pptx",
            lambda p: _write(p, _OLE + "EncryptedPackage".encode("utf-16-le")),
            "locked.pptx: the presentation is password-protected (encrypted); remove the password "
            "(in PowerPoint: File > Info > Protect Presentation > Encrypt with Password, clear "
            "it), save, and import again",
        ),
        (
            "renamed.pptx",
            lambda p: _write(p, _OLE + b"\0" * 64),
            "renamed.pptx: a PowerPoint 97-2003 file (.ppt) under another name; save it as .pptx "
            "(in PowerPoint: File > Save As > PowerPoint Presentation), then import that",
        ),
        (
            "broken.pptx",
            lambda p: _write(p, b"PK\x03\x04 half a download"),
            "broken.pptx: not a PowerPoint file: a .pptx is a zip package and this is not one (is "
            "it damaged, or only partly downloaded?)",
        ),
        (
            "word.pptx",
            lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
            "word.pptx: not a PowerPoint presentation: the zip has no ppt/presentation.xml (a Word "
            "or Excel file, or a damaged .pptx?)",
        ),
        (
            "macros.pptm",
            lambda p: _zip(
                p,
                {
                    "[Content_Types].xml": b"<Types/>",
                    "ppt/presentation.xml": b"<p/>",
                    "ppt/vbaProject.bin": b"\0",
                },
            ),
            "macros.pptm: a macro-enabled presentation is refused; save it without macros (in "
            "PowerPoint: File > Save As > PowerPoint Presentation (.pptx)), then import that",
        ),
        (
            "bad-xml.pptx",
            lambda p: _zip(p, {"[Content_Types].xml": b"<Types", "ppt/presentation.xml": b"<p/>"}),
            "bad-xml.pptx: cannot read the presentation",
        ),
        (
            "slides.odp",
            lambda p: _write(p, b"PK"),
            "slides.odp: an OpenDocument presentation cannot be imported directly; convert it "
            "with 'soffice --headless --convert-to pptx slides.odp', then import the .pptx",
        ),
    ],
)
def test_import_refuses(
    name: str, make: Any, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path / name)
    result = CliRunner().invoke(cli, ["import", name], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.startswith("error: " + message)
    assert "Traceback" not in result.output
    assert not (tmp_path / (Path(name).stem + ".yaml")).exists()


def test_import_cli_summary_and_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    build_pptx(ROOT / "deck.yaml", tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["import", "deck.pptx", "-o", "lecture.yaml"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "lecture.yaml: 12 slides imported from deck.pptx, 37 items kept (13 text bodies, 12 "
        "titles, 5 sections, 3 links, 2 notes, 2 slides with steps), 0 items reported\n"
    )
    check = runner.invoke(cli, ["check", "lecture.yaml"], catch_exceptions=False)
    assert check.output == "lecture.yaml: ok, 12 slides\n"
    again = runner.invoke(
        cli, ["import", "deck.pptx", "-o", "lecture.yaml"], catch_exceptions=False
    )
    assert again.exit_code == 1
    assert again.output == (
        "error: lecture.yaml exists; give another name with -o, or --force to replace it\n"
    )
    missing = runner.invoke(cli, ["import", "nothing.pptx"], catch_exceptions=False)
    assert (missing.exit_code, missing.output) == (1, "error: nothing.pptx: no such file\n")


def test_import_refuses_a_template_linking_outside(tmp_path: Path) -> None:
    source = python_pptx_deck(tmp_path)
    linked = tmp_path / "linked.pptx"
    rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(linked, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == rels:
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/image" Target="file:///C:/logo.png" '
                    b'TargetMode="External"/></Relationships>',
                )
            zout.writestr(info, data)
    deck, report, text = import_into(linked, tmp_path)
    assert "template:" not in text
    assert not (tmp_path / "imported-template.pptx").exists()
    assert report.not_kept == [
        f"{report.source}: its masters cannot be a template ("
        "ppt/slideMasters/slideMaster1.xml has an external image relationship to "
        "'file:///C:/logo.png'; templates must embed what they show: in PowerPoint, replace the "
        "linked picture or object with an embedded one (or remove it) and save again): the "
        "deck is built on Podium's own look"
    ]
    load_plan(deck)


def test_import_deck_api_errors(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match="the deck to write must end in .yaml"):
        import_deck(build_pptx(ROOT / "deck.yaml", tmp_path), tmp_path / "deck.txt")
