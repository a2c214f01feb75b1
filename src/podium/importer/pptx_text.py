"""Read the text bodies of a .pptx: paragraphs and runs as spans, each with its bullet kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from podium.importer.inline import Span, allowed_link
from podium.importer.report import ImportReport

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"

#: Fonts whose text is code: written as `code` runs.
MONO_FONTS = {
    "consolas", "courier new", "courier", "liberation mono", "dejavu sans mono", "menlo",
    "monaco", "lucida console", "lucida sans typewriter", "source code pro", "fira code",
    "fira mono", "roboto mono", "ubuntu mono", "noto sans mono", "noto mono", "andale mono",
    "jetbrains mono", "cascadia code", "cascadia mono", "inconsolata", "sf mono", "ibm plex mono",
}  # fmt: skip


def q(ns: str, tag: str) -> str:
    """Return the Clark name ``{ns}tag``."""
    return f"{{{ns}}}{tag}"


@dataclass
class Para:
    """A paragraph as read: its spans, level (0-8) and kind: 'bullet', 'number' or 'plain'."""

    spans: list[Span]
    level: int = 0
    kind: str = "plain"
    start: int = 1

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip()


class TextReader:
    """Reads the text of one slide's (or notes page's) shapes, noting what it cannot keep."""

    def __init__(self, part: Any, report: ImportReport, number: int) -> None:
        self.part = part
        self.report = report
        self.number = number
        self.lost: set[str] = set()
        self.dropped: set[str] = set()  # formatting the deck does not have: not kept

    def link(self, rPr: Any) -> str | None:
        click = rPr.find(q(A, "hlinkClick")) if rPr is not None else None
        if click is None:
            return None
        action = click.get("action") or ""
        rid = click.get(q(R, "id"))
        if action.startswith("ppaction://") and not rid:
            self.lost.add("a link to another slide or an action (kept as text)")
            return None
        if not rid:
            return None
        try:
            rel = self.part.rels[rid]
        except KeyError:
            return None
        if not rel.is_external:
            self.lost.add("a link to another slide (kept as text)")
            return None
        href = str(rel.target_ref)
        if not allowed_link(href):
            shown = href if len(href) <= 50 else href[:47] + "..."
            self.lost.add(f"a link to '{shown}' (only http, https and mailto links are kept)")
            return None
        return href

    def span(self, el: Any) -> Span:
        rPr = el.find(q(A, "rPr"))
        text = "".join(t.text or "" for t in el.iter(q(A, "t")))
        bold = italic = code = strike = False
        script = 0
        if rPr is not None:
            bold = rPr.get("b") in ("1", "true")
            italic = rPr.get("i") in ("1", "true")
            latin = rPr.find(q(A, "latin"))
            face = (latin.get("typeface") or "") if latin is not None else ""
            code = face.lower() in MONO_FONTS
            strike = rPr.get("strike") not in (None, "noStrike")
            baseline = rPr.get("baseline")
            if baseline not in (None, "0"):
                script = -1 if baseline.startswith("-") else 1
        return Span(text, bold, italic, code, self.link(rPr), script, strike)

    def paragraph(self, p: Any, inherited: Callable[[int], str]) -> Para:
        pPr = p.find(q(A, "pPr"))
        level = int(pPr.get("lvl", "0")) if pPr is not None else 0
        kind, start = bullet_of(pPr)
        if kind is None:
            kind = inherited(level)
        spans: list[Span] = []
        for child in p:
            tag = etree.QName(child).localname
            if tag in ("r", "fld"):
                spans.append(self.span(child))
            elif tag == "br":
                spans.append(Span("\n"))
            elif tag == "AlternateContent":
                spans.extend(self.alternate(child))
        return Para(spans, max(0, min(8, level)), kind, start)

    def alternate(self, el: Any) -> list[Span]:
        """Return the text of an equation (OMML) or other run-level alternate content."""
        maths = list(el.iter(q(M, "oMath")))
        if maths:
            text = " ".join("".join(t.text or "" for t in m.iter(q(M, "t"))) for m in maths)
            self.report.report(
                self.number,
                f"an equation ({text.strip()[:40]}): kept as its plain text; write it as $...$ "
                "LaTeX to make it a formula again",
            )
            return [Span(text)]
        fallback = el.find(q(MC, "Fallback"))
        if fallback is None:
            return []
        return [self.span(r) for r in fallback.iter(q(A, "r"))]

    def paragraphs(self, txBody: Any, inherited: Callable[[int], str]) -> list[Para]:
        if txBody is None:
            return []
        return [self.paragraph(p, inherited) for p in txBody.findall(q(A, "p"))]

    def flush(self) -> None:
        for what in sorted(self.lost | self.dropped):
            self.report.report(self.number, what, dropped=what in self.dropped)
        self.lost.clear()
        self.dropped.clear()


def bullet_of(pPr: Any) -> tuple[str | None, int]:
    if pPr is None:
        return None, 1
    for child in pPr:
        tag = etree.QName(child).localname
        if tag == "buNone":
            return "plain", 1
        if tag in ("buChar", "buBlip"):
            return "bullet", 1
        if tag == "buAutoNum":
            return "number", int(child.get("startAt", "1"))
    return None, 1


def styles_of(shape: Any) -> list[Any]:
    """Return the list styles a placeholder inherits from, nearest first."""
    chain: list[Any] = []
    node = shape
    for _ in range(3):
        el = getattr(node, "_element", None)
        if el is None:
            break
        lst = el.find(f"{q(P, 'txBody')}/{q(A, 'lstStyle')}")
        if lst is not None:
            chain.append(lst)
        try:
            node = node._base_placeholder
        except (AttributeError, KeyError, ValueError):
            break
        if node is None:
            break
    return chain


def inherited_kind(shape: Any, master_style: Any, default: str) -> Callable[[int], str]:
    chain = styles_of(shape) + ([master_style] if master_style is not None else [])

    def kind(level: int) -> str:
        for lst in chain:
            lvl = lst.find(q(A, f"lvl{level + 1}pPr"))
            found, _start = bullet_of(lvl)
            if found is not None:
                return found
        return default

    return kind


def unstyled(paras: list[Para]) -> list[Para]:
    """Return title paragraphs without bold (or italic) that covers all their text: that is the
    title's style written out (LibreOffice does), not emphasis."""
    spans = [s for p in paras for s in p.spans if s.text.strip()]
    if spans and all(s.bold for s in spans):
        paras = [
            Para([replace(s, bold=False) for s in p.spans], p.level, p.kind, p.start) for p in paras
        ]
    if spans and all(s.italic for s in spans):
        paras = [
            Para([replace(s, italic=False) for s in p.spans], p.level, p.kind, p.start)
            for p in paras
        ]
    return paras


def split_breaks(para: Para) -> list[Para]:
    """Return the lines of ``para`` (split at its line breaks) as paragraphs of their own."""
    out = [Para([], para.level, para.kind, para.start)]
    for span in para.spans:
        if span.text == "\n":
            out.append(Para([], para.level, para.kind, para.start))
        else:
            out[-1].spans.append(span)
    return out
