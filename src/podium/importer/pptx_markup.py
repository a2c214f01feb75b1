"""Write paragraphs read from a .pptx as Podium markup: inline text, nested bullets, blocks."""

from __future__ import annotations

from collections.abc import Iterable

from podium.importer.inline import Span, allowed_link, to_markup
from podium.importer.pptx_text import Para
from podium.importer.report import ImportReport
from podium.importer.writer import Item


class MarkupWriter:
    """Writes one import's paragraphs as markup, counting links and reporting lost formatting."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def markup(self, paras: Iterable[Para], number: int, what: str = "text") -> str:
        spans: list[Span] = []
        for k, para in enumerate(p for p in paras if p.text):
            if k:
                spans.append(Span("\n"))
            spans += para.spans
        text, kept = to_markup(spans)
        self.count_links(spans)
        if not kept:
            self.report.report(
                number,
                f"formatting in '{text[:40]}' could not be written as "
                "Podium markup: kept as plain text",
            )
        return text

    def count_links(self, spans: Iterable[Span]) -> None:
        self.report.keep("link", sum(1 for s in spans if s.link and allowed_link(s.link)))

    def items(self, paras: list[Para], number: int, comment: str = "") -> list[Item]:
        """Return bullets nested by level (a jump of several levels nests one deeper)."""
        roots: list[Item] = []
        stack: list[tuple[int, Item]] = []
        for para in paras:
            if not para.text:
                continue
            item = Item(self.markup([para], number))
            while stack and stack[-1][0] >= para.level:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(item)
            stack.append((para.level, item))
        if comment and roots:
            for root in roots:
                root.comment = comment
        return roots

    def block(self, paras: list[Para], number: int) -> str:
        """Return paragraphs as block markup: plain paragraphs and (nested) '-' / '1.' lists."""
        lines: list[str] = []
        offsets: list[int] = []  # content column of the open list item at each level
        counters: dict[int, int] = {}
        previous = ""
        for para in paras:
            if not para.text:
                continue
            text, kept = to_markup(para.spans, block=True)
            self.count_links(para.spans)
            if para.kind == "plain":
                if lines:
                    lines.append("")
                lines += text.split("\n")
                offsets, counters, previous = [], {}, "plain"
                continue
            if previous == "plain" and lines:
                lines.append("")
            level = min(para.level, len(offsets))
            del offsets[level:]
            for deeper in [k for k in counters if k > level]:
                del counters[deeper]
            start = offsets[level - 1] if level else 0
            if para.kind == "number":
                counters[level] = counters.get(level, para.start - 1) + 1
                marker = f"{counters[level]}."
            else:
                counters.pop(level, None)
                marker = "-"
            offsets.append(start + len(marker) + 1)
            first, *rest = text.split("\n")
            lines.append(" " * start + marker + " " + first)
            lines += [" " * offsets[-1] + line for line in rest]
            previous = "list"
        return "\n".join(lines) + "\n" if lines else ""
