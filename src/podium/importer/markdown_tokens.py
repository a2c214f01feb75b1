"""Walk the markdown-it tokens of a Markdown deck into each slide's blocks and their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from podium.importer.inline import Span, allowed_link, to_markup
from podium.importer.markdown_directives import directives_in
from podium.importer.report import ImportReport
from podium.plan.markup import walk_inline

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_DIV = re.compile(r"^\s{0,3}(:{3,})\s*(.*?)\s*:*\s*$")
_PAUSE = re.compile(r"^\s{0,3}\. \. \.\s*$")
_BG_WORDS = re.compile(
    r"^(bg|left|right|fit|contain|cover|auto|vertical|blur|brightness|contrast|grayscale|"
    r"hue-rotate|invert|opacity|saturate|sepia|drop-shadow|(left|right):\d+%|\d+%|"
    r"(w|h|width|height):\S+|x\d+(\.\d+)?)(\(.*\))?$"
)
#: What Pandoc (and Podium) read as a formula: $, a non-space, ..., a non-space, $, no digit.
_MATH = re.compile(r"\$[^$\s](?:[^$]*[^$\s])?\$(?!\d)")


def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("escape", "math", _math)
    superscript_plugin(md)
    sub_plugin(md)
    return md


def _math(state: Any, silent: bool) -> bool:
    """Read ``$...$`` as Podium does (Pandoc's rule); a formula it cannot typeset stays text."""
    from podium.plan.markup import MathMarkupError, _math_rule

    try:
        return _math_rule(state, silent)
    except MathMarkupError:
        return False


@dataclass
class Picture:
    """A picture as the Markdown gives it: its address, alt text, and whether Marp's ``bg``."""

    src: str
    alt: str
    background: bool = False


@dataclass
class Slide:
    """One slide's content as read, before a layout is chosen."""

    number: int = 0
    title: str | None = None
    title_level: int = 0
    blocks: list[tuple[str, Any]] = field(default_factory=list)  # (kind, value)
    notes: list[tuple[str, Any]] = field(default_factory=list)
    columns: list[list[tuple[str, Any]]] = field(default_factory=list)
    directives: dict[str, Any] = field(default_factory=dict)
    section: str | None = None


class TokenReader:
    """Reads the tokens of one deck's slides, noting what it cannot keep at the source line."""

    def __init__(self, report: ImportReport, dialect: str) -> None:
        self.report = report
        self.dialect = dialect
        self.md = _parser()
        self.line = 1
        self.base = 0  # the line before the text being parsed

    def note(self, message: str, *, dropped: bool = False) -> None:
        self.report.report_line(self.line, message, dropped=dropped)

    def tokens(self, text: str) -> list[Any]:
        """Return the block tokens of ``text``, fenced divs turned into comment markers."""
        out: list[str] = []
        fence: str | None = None
        for line in text.split("\n"):
            m = FENCE.match(line)
            if fence is not None:
                if m and m[1][0] == fence[0] and len(m[1]) >= len(fence):
                    fence = None
                out.append(line)
                continue
            if m:
                fence = m[1]
                out.append(line)
                continue
            div = _DIV.match(line)
            if div:
                name = div[2].strip("{} ").lstrip(".").split()[0] if div[2].strip("{} ") else ""
                out += ["", f"<!-- podium-div {name or '/'} -->", ""]
                continue
            if _PAUSE.match(line):
                out += ["", "<!-- podium-pause -->", ""]
                continue
            out.append(line)
        return list(self.md.parse("\n".join(out)))

    def block(self, tokens: list[Any], k: int, slide: Slide, divs: list[str]) -> int:
        """Read the block at ``tokens[k]`` into ``slide``; return the index after it."""
        tok = tokens[k]
        if tok.map:
            self.line = self.base + tok.map[0] + 1
        target = slide.blocks
        if "notes" in divs:
            target = slide.notes
        elif "column" in divs and slide.columns:
            target = slide.columns[-1]
        kind = tok.type
        if kind == "html_block":
            content = tok.content.strip()
            m = re.fullmatch(r"<!--\s*podium-div\s+(\S+)\s*-->", content)
            if m:
                name = m[1]
                if name == "/":
                    if divs:
                        divs.pop()
                else:
                    divs.append(name)
                    if name == "column":
                        slide.columns.append([])
                    elif name == "incremental":
                        slide.directives["incremental"] = self.line
                return k + 1
            if content == "<!-- podium-pause -->":
                self.note("a pause (. . .): left out; the slide shows at once")
                return k + 1
            self.comment(content, slide)
            return k + 1
        if kind == "heading_open":
            text = self.inline_text(tokens[k + 1])
            target.append(("para", [Span(text, bold=True)]))
            return k + 3
        if kind == "paragraph_open":
            inline = tokens[k + 1]
            spans, pictures = self.spans(inline)
            for picture in pictures:
                target.append(("picture", picture))
            if any(s.text.strip() for s in spans):
                target.append(("para", spans))
            return k + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            if self.dialect == "marp" and tok.markup == "*":  # Marp's fragmented list
                slide.directives["incremental"] = self.line
            end = _close(tokens, k)
            items = self.list_items(tokens[k + 1 : end], ordered=kind == "ordered_list_open")
            target.append(("list", (kind == "ordered_list_open", items)))
            return end + 1
        if kind in ("fence", "code_block"):
            language = (tok.info or "").strip().split()[0].strip("{}.") if tok.info else ""
            target.append(("code", (language, tok.content)))
            return k + 1
        if kind == "table_open":
            end = _close(tokens, k)
            target.append(("table", self.table(tokens[k:end])))
            return end + 1
        if kind == "blockquote_open":
            end = _close(tokens, k)
            inner = tokens[k + 1 : end]
            if inner and inner[0].type in ("bullet_list_open", "ordered_list_open"):
                slide.directives["incremental"] = self.line  # Pandoc's "> - " list
                j = 0
                while j < len(inner):
                    j = self.block(inner, j, slide, divs)
                return end + 1
            paras = [self.spans(t)[0] for t in inner if t.type == "inline"]
            target.append(("quote", paras))
            return end + 1
        if kind == "hr":
            return k + 1
        return k + 1

    def comment(self, content: str, slide: Slide) -> None:
        m = re.fullmatch(r"<!--(.*?)-->", content, re.S)
        if m is None:
            self.note(f"raw HTML ({content[:30]}): left out", dropped=True)
            return
        inner = m[1].strip()
        if not inner:
            return
        if self.dialect == "marp":
            data = directives_in(inner)
            if data is not None:
                slide.directives.update(data)
                return
            slide.notes.append(("para", [Span(inner)]))
            return
        # Pandoc leaves HTML comments out of every output: so does the import.

    def list_items(self, tokens: list[Any], ordered: bool) -> list[tuple[list[Span], Any]]:
        """Return [(spans, children)] where children is (ordered, items) or None."""
        items: list[tuple[list[Span], Any]] = []
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            if tok.type == "list_item_open":
                end = _close(tokens, k)
                spans: list[Span] = []
                children: Any = None
                j = k + 1
                while j < end:
                    inner = tokens[j]
                    if inner.type == "inline":
                        found, pictures = self.spans(inner)
                        if pictures:
                            self.note("a picture inside a list: left out", dropped=True)
                        if spans and found:
                            spans.append(Span("\n"))
                        spans += found
                        j += 1
                    elif inner.type in ("bullet_list_open", "ordered_list_open"):
                        close = _close(tokens, j)
                        children = (
                            inner.type == "ordered_list_open",
                            self.list_items(
                                tokens[j + 1 : close], inner.type == "ordered_list_open"
                            ),
                        )
                        j = close + 1
                    else:
                        j += 1
                items.append((spans, children))
                k = end + 1
            else:
                k += 1
        return items

    def table(self, tokens: list[Any]) -> list[list[list[Span]]]:
        rows: list[list[list[Span]]] = []
        for tok in tokens:
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type == "inline" and rows:
                rows[-1].append(self.spans(tok)[0])
        return rows

    def inline_text(self, tok: Any) -> str:
        return to_markup(self.spans(tok)[0])[0]

    def spans(self, tok: Any) -> tuple[list[Span], list[Picture]]:
        spans: list[Span] = []
        pictures: list[Picture] = []
        for child, style in walk_inline(tok.children or [], self.link):
            kind = child.type
            bold, italic, link = style.bold > 0, style.italic > 0, style.link
            if kind == "text":
                spans.append(
                    Span(child.content, bold, italic, False, link, style.script, style.strike > 0)
                )
                if _MATH.search(child.content):
                    self.note(
                        f"a formula ({child.content.strip()[:30]}) that Podium cannot typeset: "
                        "kept as text"
                    )
            elif kind == "code_inline":
                spans.append(Span(child.content, bold, italic, True, link))
            elif kind == "math":
                formula = child.meta["formula"]
                spans.append(Span(formula.text, bold, False, False, link, math=child.content))
            elif kind == "softbreak":  # Marp breaks lines where the source does
                spans.append(Span("\n" if self.dialect == "marp" else " "))
            elif kind == "hardbreak":
                spans.append(Span("\n"))
            elif kind == "image":
                alt = "".join(c.content for c in child.children or [])
                pictures.append(self.picture_of(str(child.attrs.get("src", "")), alt))
            elif kind == "html_inline":
                if re.fullmatch(r"<br\s*/?>", child.content, re.I):
                    spans.append(Span("\n"))
                elif not child.content.startswith("<!--"):
                    spans.append(Span(child.content, bold, italic, False, link))
        return spans, pictures

    def link(self, href: str) -> str | None:
        """Return the link to keep for ``href``: None (its text kept) for a refused scheme."""
        if not allowed_link(href):
            self.note(
                f"a link to '{href[:40]}': kept as text (only "
                "http, https and mailto links are kept)"
            )
            return None
        self.report.keep("link")
        return href

    def picture_of(self, src: str, alt: str) -> Picture:
        words = alt.split()
        background = self.dialect == "marp" and bool(words) and words[0] == "bg"
        if self.dialect == "marp":
            words = [w for w in words if not _BG_WORDS.match(w)]
        return Picture(src, " ".join(words), background)


def _close(tokens: list[Any], k: int) -> int:
    """Return the index of the token closing ``tokens[k]``."""
    depth = 0
    for j in range(k, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
