"""The table look written on the cells: PowerPoint's table styles differ between viewers, so the
header row and column, banded rows and the rule under each row are explicit, as the HTML draws
them."""

from __future__ import annotations

import functools

from lxml import etree
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.table import Table

from podium.plan.geometry import TABLE_RULE_EMU

#: PowerPoint's built-in "No Style, No Grid" table style.
NO_TABLE_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"

_qn = functools.cache(qn)


def no_table_style(grid: Table) -> None:
    """Give the table no style of its own: the cells carry the look."""
    tbl_pr = grid._tbl.tblPr
    style_id = tbl_pr.find(_qn("a:tableStyleId")) if tbl_pr is not None else None
    if style_id is not None:
        style_id.text = NO_TABLE_STYLE


def cell_look(tc: BaseOxmlElement, fill: str | None, rule: str) -> None:
    """Give a table cell its rule underneath and its fill (None: none), in a:tcPr's order."""
    tcPr = tc.get_or_add_tcPr()
    for child in list(tcPr):
        tcPr.remove(child)
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        line = etree.SubElement(tcPr, _qn(side))
        if side == "a:lnB":
            line.set("w", str(TABLE_RULE_EMU))
            solid = etree.SubElement(line, _qn("a:solidFill"))
            etree.SubElement(solid, _qn("a:srgbClr"), val=rule.upper())
        else:
            line.set("w", "0")
            etree.SubElement(line, _qn("a:noFill"))
    if fill is not None:
        solid = etree.SubElement(tcPr, _qn("a:solidFill"))
        etree.SubElement(solid, _qn("a:srgbClr"), val=fill.upper())
    else:
        etree.SubElement(tcPr, _qn("a:noFill"))
