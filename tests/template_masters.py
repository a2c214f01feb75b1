"""Test masters made from the built-in reference.pptx: localised, all-custom, 4:3, recoloured.

Each one is what a lecturer may be handed: the same parts PowerPoint writes, edited with lxml.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "reference.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A, "p": P, "r": R}
CT_PRESENTATION = b"presentationml.presentation.main+xml"
CT_TEMPLATE = b"presentationml.template.main+xml"
LAYOUTS = [f"ppt/slideLayouts/slideLayout{n}.xml" for n in range(1, 12)]
MASTER = "ppt/slideMasters/slideMaster1.xml"
THEME = "ppt/theme/theme1.xml"
EMU_PER_INCH = 914400

#: The reference's layout names in order, and a German PowerPoint's names for them.
ENGLISH = [
    "Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison",
    "Title Only", "Blank", "Content with Caption", "Picture with Caption",
    "Title and Vertical Text", "Vertical Title and Text",
]  # fmt: skip
GERMAN = [
    "Titelfolie", "Titel und Inhalt", "Abschnittsüberschrift", "Zwei Inhalte", "Vergleich",
    "Nur Titel", "Leer", "Inhalt mit Überschrift", "Bild mit Überschrift",
    "Titel und vertikaler Text", "Vertikaler Titel und Text",
]  # fmt: skip
#: A corporate master's own names; every layout has type="cust".
CUSTOM = [
    "ACME Cover", "ACME Text", "ACME Chapter", "ACME Two Columns", "ACME Compare",
    "ACME Headline", "ACME Empty", "ACME Text + Caption", "ACME Picture",
    "ACME Vertical", "ACME Vertical Title",
]  # fmt: skip

Parts = dict[str, bytes]


def _xml(parts: Parts, name: str) -> etree._Element:
    return etree.fromstring(parts[name])


def _put(parts: Parts, name: str, root: etree._Element) -> None:
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rewrite(out: Path, *edits: Callable[[Parts], None], source: Path = REFERENCE) -> Path:
    """Write ``source`` with ``edits`` applied to its parts (name -> bytes) to ``out``."""
    with zipfile.ZipFile(source) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    for edit in edits:
        edit(parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, blob in parts.items():
            zout.writestr(name, blob)
    return out


def rename_layouts(names: list[str]) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        for part, name in zip(LAYOUTS, names, strict=True):
            root = _xml(parts, part)
            root.find("p:cSld", NS).set("name", name)
            _put(parts, part, root)

    return edit


def as_potx(parts: Parts) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        CT_PRESENTATION, CT_TEMPLATE
    )


def all_custom(parts: Parts) -> None:
    """Give every layout type="cust", as many corporate masters have."""
    for part in LAYOUTS:
        root = _xml(parts, part)
        root.set("type", "cust")
        _put(parts, part, root)


def reorder_layouts(order: list[int]) -> Callable[[Parts], None]:
    """List the master's layouts in ``order`` (0-based positions in the reference)."""

    def edit(parts: Parts) -> None:
        root = _xml(parts, MASTER)
        id_list = root.find("p:sldLayoutIdLst", NS)
        items = list(id_list)
        for item in items:
            id_list.remove(item)
        for n in order:
            id_list.append(items[n])
        _put(parts, MASTER, root)

    return edit


def drop_latent(parts: Parts) -> None:
    """Remove the date, footer and slide-number placeholders from the master and layouts."""
    for part in [MASTER, *LAYOUTS]:
        root = _xml(parts, part)
        for sp in list(root.iter(f"{{{P}}}sp")):
            ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
            if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
                sp.getparent().remove(sp)
        _put(parts, part, root)


def four_three(parts: Parts) -> None:
    """Make the slides 4:3 (10 x 7.5 in), narrowing every box; the content layout's title and
    body lose their own boxes and inherit the master's."""
    k = 9144000 / 12192000
    pres = _xml(parts, "ppt/presentation.xml")
    size = pres.find("p:sldSz", NS)
    size.set("cx", "9144000")
    size.set("type", "screen4x3")
    _put(parts, "ppt/presentation.xml", pres)
    for part in [MASTER, *LAYOUTS]:
        root = _xml(parts, part)
        for xfrm in root.iterfind(".//p:spTree/p:sp/p:spPr/a:xfrm", NS):
            off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
            off.set("x", str(round(int(off.get("x")) * k)))
            ext.set("cx", str(round(int(ext.get("cx")) * k)))
        if part == LAYOUTS[1]:
            for xfrm in list(root.iterfind(".//p:spTree/p:sp/p:spPr/a:xfrm", NS)):
                xfrm.getparent().remove(xfrm)
        _put(parts, part, root)


def one_line_title(parts: Parts) -> None:
    """Give the master's title a top-anchored box of one line (0.8 in high) just above the
    body, as many corporate 4:3 masters have: a composed two-line title must shrink to fit it,
    or its second line runs over the body's first."""
    root = _xml(parts, MASTER)
    for sp in root.iter(f"{{{P}}}sp"):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None and ph.get("type") == "title":
            sp.find("p:spPr/a:xfrm/a:off", NS).set("y", str(round(0.85 * EMU_PER_INCH)))
            sp.find("p:spPr/a:xfrm/a:ext", NS).set("cy", str(round(0.8 * EMU_PER_INCH)))
            sp.find("p:txBody/a:bodyPr", NS).set("anchor", "t")
    _put(parts, MASTER, root)


def german_cust_four_three(out: Path) -> Path:
    """Write the 4:3 master with German layout names, every layout type="cust" and a one-line
    title box (what a lecturer was handed, and the seed deck must fit on)."""
    return rewrite(out, rename_layouts(GERMAN), all_custom, four_three, one_line_title)


#: The recoloured master's theme: cream paper, charcoal text, brick-red accent, serif titles.
COLOURS = {
    "dk1": "2B2B2B",
    "lt1": "FFF8E7",
    "dk2": "3E2723",
    "accent1": "B3261E",
    "hlink": "6A1B9A",
    "folHlink": "6A1B9A",
}
MAJOR, MINOR = "Liberation Serif", "Liberation Sans"
#: Its content layout's title and body (inches): a narrower body under a shorter title.
TITLE_BOX = (0.6, 0.3, 12.13, 1.0)
BODY_BOX = (1.2, 1.5, 11.5, 5.2)


def recolour(parts: Parts) -> None:
    """Change the theme's colours and fonts, the content layout's boxes, the bullets (Wingdings
    squares), paint cover and section in the theme's accent, and put a logo on the master."""
    theme = _xml(parts, THEME)
    scheme = theme.find(".//a:clrScheme", NS)
    for name, value in COLOURS.items():
        slot = scheme.find(f"a:{name}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    fonts = theme.find(".//a:fontScheme", NS)
    fonts.find("a:majorFont/a:latin", NS).set("typeface", MAJOR)
    fonts.find("a:minorFont/a:latin", NS).set("typeface", MINOR)
    _put(parts, THEME, theme)

    master = _xml(parts, MASTER)
    level1 = master.find("p:txStyles/p:bodyStyle/a:lvl1pPr", NS)
    level1.find("a:buFont", NS).set("typeface", "Wingdings")
    level1.find("a:buChar", NS).set("char", "§")
    tree = master.find("p:cSld/p:spTree", NS)
    tree.append(_logo_pic())
    _put(parts, MASTER, master)
    rels = _xml(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels")
    etree.SubElement(
        rels,
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
        Id="rId99",
        Target="../media/logo.png",
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
    )
    _put(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels", rels)
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (179, 38, 30)).save(buf, "PNG")
    parts["ppt/media/logo.png"] = buf.getvalue()
    types = parts["[Content_Types].xml"]
    if b'Extension="png"' not in types:
        parts["[Content_Types].xml"] = types.replace(
            b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
        )

    for part in (LAYOUTS[0], LAYOUTS[2]):  # cover and section: the accent from the theme
        root = _xml(parts, part)
        for fill in root.iterfind("p:cSld/p:bg/p:bgPr/a:solidFill", NS):
            for child in list(fill):
                fill.remove(child)
            etree.SubElement(fill, f"{{{A}}}schemeClr", val="accent1")
        _put(parts, part, root)
    content = _xml(parts, LAYOUTS[1])
    for sp in content.iter(f"{{{P}}}sp"):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None or ph.get("type") in ("dt", "ftr", "sldNum"):
            continue
        box = TITLE_BOX if ph.get("type") == "title" else BODY_BOX
        off = sp.find("p:spPr/a:xfrm/a:off", NS)
        ext = sp.find("p:spPr/a:xfrm/a:ext", NS)
        off.set("x", str(round(box[0] * EMU_PER_INCH)))
        off.set("y", str(round(box[1] * EMU_PER_INCH)))
        ext.set("cx", str(round(box[2] * EMU_PER_INCH)))
        ext.set("cy", str(round(box[3] * EMU_PER_INCH)))
    _put(parts, LAYOUTS[1], content)


def _logo_pic() -> etree._Element:
    inch = EMU_PER_INCH
    return etree.fromstring(
        f'<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvPicPr>'
        '<p:cNvPr id="99" name="Logo"/><p:cNvPicPr/><p:nvPr userDrawn="1"/></p:nvPicPr>'
        '<p:blipFill><a:blip r:embed="rId99"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="{round(12.6 * inch)}" y="{round(0.1 * inch)}"/>'
        f'<a:ext cx="{round(0.5 * inch)}" cy="{round(0.5 * inch)}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def make_masters(folder: Path) -> dict[str, Path]:
    """Write the four test masters into ``folder`` and return them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "german": rewrite(folder / "german.potx", rename_layouts(GERMAN), as_potx),
        "custom": rewrite(
            folder / "custom.pptx",
            rename_layouts(CUSTOM),
            all_custom,
            # Headline and Chapter first: the signature must win, not the order.
            reorder_layouts([5, 2, 6, 1, 0, 3, 4, 7, 8, 9, 10]),
            drop_latent,
        ),
        "four-three": rewrite(folder / "four-three.pptx", four_three),
        "colours": rewrite(folder / "colours.pptx", recolour),
    }
