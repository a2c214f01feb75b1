"""Generate templates/reference.pptx, the built-in 16:9 PowerPoint template, from the Theme.

Run from the repository root: ``PYTHONPATH=src python scripts/make_reference.py``. The output
is byte-identical on every run (fixed core properties and zip timestamps), so the checked-in file
can be compared with a fresh build in the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Iterable
from pathlib import Path

_CHECKOUT_SRC = Path(__file__).resolve().parents[1] / "src"
if (_CHECKOUT_SRC / "podium").is_dir() and str(_CHECKOUT_SRC) not in sys.path:
    sys.path.insert(0, str(_CHECKOUT_SRC))

from lxml import etree  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from pptx.oxml import parse_xml  # noqa: E402
from pptx.oxml.ns import nsdecls, qn  # noqa: E402
from pptx.oxml.xmlchemy import BaseOxmlElement  # noqa: E402
from pptx.presentation import Presentation as PresentationT  # noqa: E402
from pptx.util import Emu  # noqa: E402

from podium.render.pptx_package import reproducible_zip  # noqa: E402
from podium.render.pptx_text import SYSTEM_EAST_ASIAN  # noqa: E402
from podium.template.theme import (  # noqa: E402
    BYLINE_IDX,
    DEFAULT_THEME,
    EMU_PER_INCH,
    LEVEL_INDENT_EMU,
    Box,
    Theme,
)

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "reference.pptx"
#: Neutral, fixed metadata: the renderer overwrites all of it from the deck.
REFERENCE_DATE = dt.datetime(2000, 1, 1)

#: Footer styles name the theme fonts, as the body and title styles of a PowerPoint master do.
THEME_FONTS = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'

APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<TotalTime>0</TotalTime><Application>Podium</Application>"
    b"<PresentationFormat>Widescreen</PresentationFormat>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    b"</Properties>"
)


def _el(xml: str) -> BaseOxmlElement:
    """Return the element parsed from ``xml``, in which the a:, p: and r: prefixes are declared."""
    wrapper = parse_xml(f"<p:w {nsdecls('a', 'p', 'r')}>{xml}</p:w>")
    element: BaseOxmlElement = wrapper[0]
    return element


def _fill(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'


def _set_box(sp: BaseOxmlElement, box: Box) -> None:
    """Give shape ``sp`` its own position and size (replacing any inherited from the master)."""
    spPr = sp.find(qn("p:spPr"))
    assert spPr is not None
    old = spPr.find(qn("a:xfrm"))
    if old is not None:
        spPr.remove(old)
    xfrm = _el(
        f'<a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm>'
    )
    spPr.insert(0, xfrm)


def _placeholders(tree: BaseOxmlElement) -> Iterable[tuple[BaseOxmlElement, str, int]]:
    """Yield (p:sp, ph type, ph idx) for each placeholder in a master or layout."""
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None:
            yield sp, ph.get("type", "obj"), int(ph.get("idx", "0"))


def _set_lst_style(sp: BaseOxmlElement, levels: str) -> None:
    """Replace the shape's a:lstStyle with one holding ``levels`` (a:lvlNpPr elements)."""
    txBody = sp.find(qn("p:txBody"))
    assert txBody is not None
    old = txBody.find(qn("a:lstStyle"))
    new = _el(f"<a:lstStyle>{levels}</a:lstStyle>")
    if old is not None:
        old.addprevious(new)
        txBody.remove(old)
    else:
        txBody.insert(1, new)


def _set_anchor(sp: BaseOxmlElement, anchor: str) -> None:
    bodyPr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    assert bodyPr is not None
    bodyPr.set("anchor", anchor)


def _plain_level(n: int, size: float, color: str, align: str = "l", space: float = 0) -> str:
    spc = f'<a:spcBef><a:spcPts val="{round(space * 100)}"/></a:spcBef>' if space else ""
    return (
        f'<a:lvl{n}pPr marL="0" indent="0" algn="{align}">{spc}<a:buNone/>'
        f'<a:defRPr sz="{round(size * 100)}">{_fill(color)}{THEME_FONTS}</a:defRPr></a:lvl{n}pPr>'
    )


def _set_background(layout: BaseOxmlElement, color: str) -> None:
    cSld = layout.find(qn("p:cSld"))
    assert cSld is not None
    old = cSld.find(qn("p:bg"))
    if old is not None:
        cSld.remove(old)
    cSld.insert(0, _el(f"<p:bg><p:bgPr>{_fill(color)}<a:effectLst/></p:bgPr></p:bg>"))


def _theme_part(prs: PresentationT, theme: Theme) -> None:
    """Set the theme part's colours and fonts so that template edits in PowerPoint keep them."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    root.set("name", "Podium")
    scheme = root.find(".//a:clrScheme", ns)
    assert scheme is not None
    scheme.set("name", "Podium")
    colours = {
        "dk1": theme.text,
        "lt1": theme.background,
        "dk2": theme.accent,
        "accent1": theme.accent,
        "hlink": theme.link,
        "folHlink": theme.link,
    }
    for name, value in colours.items():
        slot = scheme.find(f"a:{name}", ns)
        assert slot is not None
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, qn("a:srgbClr"), val=value)
    fonts = root.find(".//a:fontScheme", ns)
    assert fonts is not None
    fonts.set("name", "Podium")
    for which, face in (("majorFont", theme.major_font), ("minorFont", theme.minor_font)):
        group = fonts.find(f"a:{which}", ns)
        assert group is not None
        # East Asian text: no one font, but the one PowerPoint users have for each script
        # (Podium measures it with Noto Sans CJK JP, metric-compatible for CJK).
        for tag, value in (("latin", face), ("ea", theme.ea_typeface)):
            slot = group.find(f"a:{tag}", ns)
            assert slot is not None
            slot.set("typeface", value)
        for script, language in (
            ("Jpan", "ja"),
            ("Hang", "ko"),
            ("Hans", "zh-Hans"),
            ("Hant", "zh-Hant"),
        ):
            slot = group.find(f"a:font[@script='{script}']", ns)
            assert slot is not None
            slot.set("typeface", SYSTEM_EAST_ASIAN[language][0])
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _master(prs: PresentationT, theme: Theme) -> None:
    master = prs.slide_master.element
    boxes = {"title": "title", "body": "body", "dt": "date", "ftr": "footer", "sldNum": "number"}
    for sp, kind, _idx in _placeholders(master):
        _set_box(sp, theme.box(boxes[kind]))
        if kind == "title":
            _set_anchor(sp, "b")
        if kind in ("dt", "ftr", "sldNum"):
            align = {"dt": "l", "ftr": "ctr", "sldNum": "r"}[kind]
            _set_lst_style(sp, _plain_level(1, theme.footer_size, theme.muted, align))
    styles = master.find(qn("p:txStyles"))
    assert styles is not None
    title = _el(
        '<p:titleStyle><a:lvl1pPr algn="l" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
        '<a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef>'
        f'<a:buNone/><a:defRPr sz="{round(theme.title_size * 100)}" kern="1200">'
        '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
        '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'
        "</a:defRPr></a:lvl1pPr></p:titleStyle>"
    )
    levels = []
    step = LEVEL_INDENT_EMU
    for n in range(9):
        size = theme.body_sizes[min(n, len(theme.body_sizes) - 1)]
        levels.append(
            f'<a:lvl{n + 1}pPr marL="{step * (n + 1)}" indent="-{step}" algn="l"'
            ' rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
            f'<a:spcBef><a:spcPts val="{round(theme.para_space * 100)}"/></a:spcBef>'
            '<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{theme.bullets[n]}"/><a:defRPr sz="{round(size * 100)}" kern="1200">'
            '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>'
            '<a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr>'
            f"</a:lvl{n + 1}pPr>"
        )
    body = _el(f"<p:bodyStyle>{''.join(levels)}</p:bodyStyle>")
    for new in (title, body):
        old = styles.find(new.tag)
        assert old is not None
        old.addprevious(new)
        styles.remove(old)


def _accent_layout(layout: BaseOxmlElement, theme: Theme, kind: str) -> None:
    """Paint a cover-style layout in the colours of the theme's look for ``kind``."""
    look = theme.look(kind)
    _set_background(layout, look.background)
    for sp, ph_kind, _idx in _placeholders(layout):
        if ph_kind in ("dt", "ftr", "sldNum"):
            align = {"dt": "l", "ftr": "ctr", "sldNum": "r"}[ph_kind]
            _set_lst_style(sp, _plain_level(1, theme.footer_size, look.footer, align))


def _byline_placeholder(theme: Theme) -> BaseOxmlElement:
    box = theme.box("cover-byline")
    levels = "".join(
        _plain_level(n, theme.byline_size, theme.look("title").text, space=2) for n in range(1, 10)
    )
    return _el(
        "<p:sp><p:nvSpPr>"
        f'<p:cNvPr id="7" name="Byline Placeholder 6"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f'<p:nvPr><p:ph type="body" sz="quarter" idx="{BYLINE_IDX}"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.w}" cy="{box.h}"/>'
        "</a:xfrm></p:spPr>"
        '<p:txBody><a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>'
        f"<a:lstStyle>{levels}</a:lstStyle>"
        '<a:p><a:pPr lvl="0"/><a:r><a:rPr lang="en-US"/><a:t>Author, affiliation, date</a:t>'
        "</a:r></a:p></p:txBody></p:sp>"
    )


def _layouts(prs: PresentationT, theme: Theme) -> None:
    title, body, left, right = (theme.box(k) for k in ("title", "body", "left", "right"))
    gap = right.x - left.x - left.w
    third = (body.w - gap) // 3
    head = round(0.6 * EMU_PER_INCH)
    caption = round(0.9 * EMU_PER_INCH)
    side = round(2.0 * EMU_PER_INCH)
    full_h = body.y + body.h - title.y
    # Per layout type: placeholder (type, idx) -> box; the latent dt/ftr/sldNum inherit theirs.
    geometry: dict[str, dict[tuple[str, int], Box]] = {
        "title": {
            ("ctrTitle", 0): theme.box("cover-title"),
            ("subTitle", 1): theme.box("cover-subtitle"),
        },
        "obj": {("title", 0): title, ("obj", 1): body},
        "secHead": {
            ("title", 0): theme.box("section-title"),
            ("body", 1): theme.box("section-subtitle"),
        },
        "twoObj": {("title", 0): title, ("obj", 1): left, ("obj", 2): right},
        "twoTxTwoObj": {
            ("title", 0): title,
            ("body", 1): Box(left.x, left.y, left.w, head),
            ("obj", 2): Box(left.x, left.y + head, left.w, left.h - head),
            ("body", 3): Box(right.x, right.y, right.w, head),
            ("obj", 4): Box(right.x, right.y + head, right.w, right.h - head),
        },
        "titleOnly": {("title", 0): title},
        "blank": {},
        "objTx": {
            ("title", 0): Box(body.x, title.y, third, title.h),
            ("obj", 1): Box(body.x + third + gap, title.y, body.w - third - gap, full_h),
            ("body", 2): Box(body.x, body.y, third, body.h),
        },
        "picTx": {
            ("title", 0): title,
            ("pic", 1): Box(body.x, body.y, body.w, body.h - caption),
            ("body", 2): Box(body.x, body.y + body.h - caption, body.w, caption),
        },
        "vertTx": {("title", 0): title, ("body", 1): body},
        "vertTitleAndTx": {
            ("title", 0): Box(body.x + body.w - side, title.y, side, full_h),
            ("body", 1): Box(body.x, title.y, body.w - side - gap, full_h),
        },
    }
    for layout in prs.slide_layouts:
        element = layout.element
        boxes = geometry[element.get("type", "")]
        for sp, kind, idx in _placeholders(element):
            if (kind, idx) in boxes:
                _set_box(sp, boxes[kind, idx])
        kind = element.get("type")
        if kind == "title":
            _title_layout(element, theme)
        elif kind == "secHead":
            _section_layout(element, theme)


def _title_layout(layout: BaseOxmlElement, theme: Theme) -> None:
    _accent_layout(layout, theme, "title")
    look = theme.look("title")
    for sp, kind, _idx in _placeholders(layout):
        if kind == "ctrTitle":
            _set_anchor(sp, "b")
            _set_lst_style(sp, _plain_level(1, theme.title_slide_size, look.title))
        elif kind == "subTitle":
            _set_anchor(sp, "t")
            levels = "".join(_plain_level(n, theme.subtitle_size, look.text) for n in range(1, 10))
            _set_lst_style(sp, levels)
            sp.addnext(_byline_placeholder(theme))


def _section_layout(layout: BaseOxmlElement, theme: Theme) -> None:
    _accent_layout(layout, theme, "section")
    look = theme.look("section")
    for sp, kind, _idx in _placeholders(layout):
        if kind == "title":
            _set_anchor(sp, "b")
            _set_lst_style(sp, _plain_level(1, theme.title_slide_size, look.title))
        elif kind == "body":
            _set_anchor(sp, "t")
            levels = "".join(_plain_level(n, theme.subtitle_size, look.text) for n in range(1, 10))
            _set_lst_style(sp, levels)


def _renumber_shape_ids(prs: PresentationT) -> None:
    """Number cNvPr ids 1..n per master/layout, as PowerPoint expects them unique per part."""
    for element in [prs.slide_master.element, *(lay.element for lay in prs.slide_layouts)]:
        for n, cNvPr in enumerate(element.iter(qn("p:cNvPr")), start=1):
            cNvPr.set("id", str(n))


def _presentation(prs: PresentationT, theme: Theme) -> None:
    prs.slide_width = Emu(theme.width)
    prs.slide_height = Emu(theme.height)
    sldSz = prs.part._element.find(qn("p:sldSz"))
    assert sldSz is not None
    # A custom size has no type; "screen4x3" would make PowerPoint report the wrong format.
    sldSz.attrib.pop("type", None)
    package = prs.part.package
    # The default template's thumbnail shows a 4:3 blank slide and its printer settings come from
    # one Mac: neither belongs in a neutral template, and unreferenced parts are not saved.
    for rId, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rId)
    for rId, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rId)
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_XML


def _core_properties(prs: PresentationT) -> None:
    cp = prs.core_properties
    cp.title = cp.subject = cp.author = cp.keywords = cp.category = cp.comments = ""
    cp.last_modified_by = ""
    cp.language = "en-US"
    cp.revision = 1
    cp.created = cp.modified = REFERENCE_DATE


def build(theme: Theme = DEFAULT_THEME) -> bytes:
    """Return the bytes of the reference template for ``theme``."""
    prs = Presentation()
    _presentation(prs, theme)
    _theme_part(prs, theme)
    _master(prs, theme)
    _layouts(prs, theme)
    _renumber_shape_ids(prs)
    _core_properties(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return reproducible_zip(buf.getvalue(), REFERENCE_DATE)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="where to write")
    args = parser.parse_args(argv)
    args.output.write_bytes(build())


if __name__ == "__main__":
    main()
