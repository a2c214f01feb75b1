"""Steps in the PowerPoint: native click animations, read back, schema-checked and opened in
LibreOffice, which imports them as its own animations."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from podium.commands.build import load_plan
from podium.plan.geometry import code_line_box
from podium.render.pptx import render

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
ANIM = "urn:oasis:names:tc:opendocument:xmlns:animation:1.0"
SMIL = "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0"
PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"

DECK = """\
title: Steps
slides:
  - title: Four points
    reveal: bullets
    text: The argument
    bullets:
      - Freedom from fear:
          - violent conflict
      - Freedom from want
      - Dignity
      - Protection and empowerment
  - layout: two-column
    title: Two sides
    left: [Top-down protection, States and institutions]
    right: [Bottom-up empowerment, People and communities]
    pause: right
  - layout: image
    title: A chart
    image: chart.png
    alt: A bar chart
    caption: Aid by year
    pause: image
  - layout: code
    title: Reading the deck
    language: python
    code: |
      from pathlib import Path
      from podium.commands.build import load_plan
      plan = load_plan(Path("deck.yaml"))
      for slide in plan.slides:
          print(slide.title_text)
    steps: ["1-2", "3", "4-5"]
  - title: No steps
    bullets: [Shown at once]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("steps")
    Image.new("RGB", (320, 180), (11, 79, 108)).save(folder / "chart.png")
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    plan = load_plan(folder / "deck.yaml", "deck.yaml")
    data = render(plan)
    out = folder / "deck.pptx"
    out.write_bytes(data)
    return out, data


def slide_xml(data: bytes, n: int) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(f"ppt/slides/slide{n}.xml"))


def click_groups(
    sld: etree._Element,
) -> list[list[tuple[str, str, str, int, tuple[int, int] | None]]]:
    """Return the main sequence's click groups: each effect's node type, preset class and id,
    target shape and paragraph range (None for the whole shape)."""
    timing = sld.find(f"{P}timing")
    if timing is None:
        return []
    main = next(c for c in timing.iter(f"{P}cTn") if c.get("nodeType") == "mainSeq")
    groups = []
    for outer in main.find(f"{P}childTnLst"):
        cond = outer.find(f"{P}cTn/{P}stCondLst/{P}cond")
        assert cond.get("delay") == "indefinite"  # waits for a click
        effects = []
        for ctn in outer.iter(f"{P}cTn"):
            if not ctn.get("presetClass"):
                continue
            target = ctn.find(f".//{P}spTgt")
            prg = target.find(f"{P}txEl/{P}pRg")
            effects.append(
                (
                    ctn.get("nodeType"),
                    ctn.get("presetClass"),
                    ctn.get("presetID"),
                    int(target.get("spid")),
                    (int(prg.get("st")), int(prg.get("end"))) if prg is not None else None,
                )
            )
        groups.append(effects)
    return groups


def shape_by_id(slide, spid: int):  # type: ignore[no-untyped-def]
    return next(s for s in slide.shapes if s.shape_id == spid)


def test_steps_pptx_bullets_one_click_group_per_step_by_paragraph(built) -> None:
    path, data = built
    prs = Presentation(str(path))
    slide = prs.slides[0]
    groups = click_groups(slide_xml(data, 1))
    assert len(groups) == 4
    body = shape_by_id(slide, groups[0][0][3])
    texts = [p.text for p in body.text_frame.paragraphs]
    assert texts[0] == "The argument"  # shown from the start: no effect targets it
    revealed = [[texts[e[4][0]] for e in g] for g in groups]
    assert revealed == [
        ["Freedom from fear", "violent conflict"],
        ["Freedom from want"],
        ["Dignity"],
        ["Protection and empowerment"],
    ]
    for group in groups:
        # one effect per paragraph (st = end), as PowerPoint writes a by-paragraph build
        assert all(e[4] is not None and e[4][0] == e[4][1] for e in group)
        assert [e[0] for e in group] == ["clickEffect"] + ["withEffect"] * (len(group) - 1)
        assert {(e[1], e[2]) for e in group} == {("entr", "10")}  # Fade, entrance
    bld = slide_xml(data, 1).findall(f"{P}timing/{P}bldLst/{P}bldP")
    assert [(b.get("spid"), b.get("build"), b.get("grpId")) for b in bld] == [
        (str(body.shape_id), "p", "0")
    ]


def test_steps_pptx_pause_animates_the_whole_shape(built) -> None:
    path, data = built
    prs = Presentation(str(path))
    (right_click,) = click_groups(slide_xml(data, 2))
    ((node, klass, _preset, spid, prg),) = right_click
    assert (node, klass, prg) == ("clickEffect", "entr", None)
    right = shape_by_id(prs.slides[1], spid)
    assert [p.text for p in right.text_frame.paragraphs] == [
        "Bottom-up empowerment",
        "People and communities",
    ]
    # a picture: the picture and its caption after it, on one click
    (image_click,) = click_groups(slide_xml(data, 3))
    shapes = [shape_by_id(prs.slides[2], e[3]) for e in image_click]
    assert [s.shape_type for s in shapes][0] == 13  # MSO_SHAPE_TYPE.PICTURE
    assert shapes[1].text_frame.text == "Aid by year"
    assert [e[0] for e in image_click] == ["clickEffect", "withEffect"]


def test_steps_pptx_code_highlights_replace_each_other_on_clicks(built) -> None:
    path, data = built
    prs = Presentation(str(path))
    slide = prs.slides[3]
    groups = click_groups(slide_xml(data, 4))
    assert len(groups) == 3
    bands = [shape_by_id(slide, g[0][3]) for g in groups]
    assert [b.name for b in bands] == [
        "Highlight lines 1-2",
        "Highlight line 3",
        "Highlight lines 4-5",
    ]
    assert [[(e[0], e[1]) for e in g] for g in groups] == [
        [("clickEffect", "entr")],
        [("clickEffect", "entr"), ("withEffect", "exit")],
        [("clickEffect", "entr"), ("withEffect", "exit")],
    ]
    assert groups[1][1][3] == bands[0].shape_id and groups[2][1][3] == bands[1].shape_id
    # each band lies over its lines, as the plan's geometry (and the HTML deck) puts it
    plan = load_plan(path.parent / "deck.yaml", "deck.yaml")
    code = plan.slides[3]
    for band, (first, last) in zip(bands, [(0, 1), (2, 2), (3, 4)], strict=True):
        box = code_line_box(code, plan.theme, first, last)
        assert (band.left, band.top, band.width, band.height) == tuple(
            Emu(v) for v in (box.x, box.y, box.w, box.h)
        )
    # a slide without steps has no timing at all
    assert slide_xml(data, 5).find(f"{P}timing") is None


def test_steps_pptx_validates_and_rebuilds_byte_identical(built) -> None:
    from openxml_audit import validate_pptx

    path, data = built
    result = validate_pptx(str(path))
    assert result.is_valid, result.errors
    assert render(load_plan(path.parent / "deck.yaml", "deck.yaml")) == data


def test_steps_pptx_schema_check_catches_broken_timing(built, tmp_path: Path) -> None:
    """The schema check is real: a click group with a wrong node type fails it."""
    from openxml_audit import validate_pptx

    path, data = built
    broken = tmp_path / "broken.pptx"
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as out:
        for name in src.namelist():
            body = src.read(name)
            if name == "ppt/slides/slide1.xml":
                body = body.replace(b'nodeType="clickEffect"', b'nodeType="onClick"', 1)
            out.writestr(name, body)
    assert not validate_pptx(str(broken)).is_valid


@pytest.mark.libreoffice
def test_steps_libreoffice_keeps_one_click_group_per_step(built, tmp_path: Path) -> None:
    path, _data = built
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "odp", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "deck.odp") as z:
        content = etree.fromstring(z.read("content.xml"))
    ids = {
        el.get("{http://www.w3.org/XML/1998/namespace}id"): el
        for el in content.iter()
        if el.get("{http://www.w3.org/XML/1998/namespace}id")
    }
    pages = content.findall(".//{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}page")
    found = []
    for page in pages:
        seq = next(
            (s for s in page.iter(f"{{{ANIM}}}seq")
             if s.get(f"{{{PRESENTATION}}}node-type") == "main-sequence"),
            None,
        )  # fmt: skip
        if seq is None:
            found.append([])
            continue
        groups = []
        for group in seq.findall(f"{{{ANIM}}}par"):
            assert group.get(f"{{{SMIL}}}begin") == "next"  # on click
            targets = [s.get(f"{{{SMIL}}}targetElement") for s in group.iter(f"{{{ANIM}}}set")]
            groups.append(["".join(ids[t].itertext()).strip() for t in targets])
        found.append(groups)
    assert [len(g) for g in found] == [4, 1, 1, 3, 0]
    assert found[0] == [
        ["Freedom from fear", "violent conflict"],
        ["Freedom from want"],
        ["Dignity"],
        ["Protection and empowerment"],
    ]
    assert re.sub(r"\s+", " ", found[1][0][0]).startswith("Bottom-up empowerment")
