"""Read a Markdown slide deck (Pandoc's or Marp's conventions) into the deck it describes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from podium.importer.inline import Span, allowed_link, to_markup
from podium.importer.media import SHOWN, MediaFiles
from podium.importer.report import ImportReport, ImportSourceError
from podium.importer.writer import DeckOut, Item, SectionOut, SlideOut

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_DIV = re.compile(r"^\s{0,3}(:{3,})\s*(.*?)\s*:*\s*$")
_PAUSE = re.compile(r"^\s{0,3}\. \. \.\s*$")
_MARP_DIRECTIVES = {
    "theme", "style", "headingDivider", "size", "math", "title", "author", "description",
    "image", "keywords", "url", "marp", "lang", "paginate", "header", "footer", "class",
    "backgroundColor", "backgroundImage", "backgroundPosition", "backgroundRepeat",
    "backgroundSize", "color", "transition", "inlineSVG",
}  # fmt: skip
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
class _Picture:
    src: str
    alt: str
    background: bool = False


@dataclass
class _Slide:
    """One slide's content as read, before a layout is chosen."""

    number: int = 0
    title: str | None = None
    title_level: int = 0
    blocks: list[tuple[str, Any]] = field(default_factory=list)  # (kind, value)
    notes: list[tuple[str, Any]] = field(default_factory=list)
    columns: list[list[tuple[str, Any]]] = field(default_factory=list)
    directives: dict[str, Any] = field(default_factory=dict)
    section: str | None = None


class MarkdownImport:
    """Turn a Pandoc or Marp Markdown deck into a DeckOut and the pictures beside it."""

    def __init__(
        self, path: Path, name: str, deck_path: Path, report: ImportReport, dialect: str | None
    ) -> None:
        self.path = path
        self.name = name
        self.deck_path = deck_path
        self.report = report
        self.dialect = dialect
        self.media = MediaFiles(deck_path, report)
        self.files = self.media.files
        self.md = _parser()
        self.line = 1
        self.base = 0  # the line before the text being parsed

    def read(self) -> DeckOut:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportSourceError(
                f"{self.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and import again"
            ) from None
        except OSError as exc:
            raise ImportSourceError(f"{self.name}: cannot read the file: {exc.strerror}") from None
        text = text.replace("\r\n", "\n")
        meta, body, offset = self.front_matter(text)
        self.base = offset
        if self.dialect is None:
            self.dialect = "marp" if meta.get("marp") is True else "pandoc"
        slides = (
            self.marp(body, meta, offset) if self.dialect == "marp" else self.pandoc(body, offset)
        )
        deck = DeckOut()
        self.line = 1
        deck.meta = self.meta(meta, slides)
        deck.items = self.build(slides, deck.meta, meta)
        self.report.slides = sum(
            len(i.slides) + (1 if i.keys.get("divider") else 0) if isinstance(i, SectionOut) else 1
            for i in deck.items
        )
        if not deck.items:
            raise ImportSourceError(f"{self.name}: no slides found: the file is empty")
        return deck

    def note(self, message: str, *, dropped: bool = False) -> None:
        self.report.report_line(self.line, message, dropped=dropped)

    # -- front matter ---------------------------------------------------------------------------

    def front_matter(self, text: str) -> tuple[dict[str, Any], str, int]:
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for end in range(1, len(lines)):
                if lines[end].strip() in ("---", "..."):
                    block = "\n".join(lines[1:end])
                    try:
                        data = yaml.safe_load(block) if block.strip() else {}
                    except yaml.YAMLError as exc:
                        mark = getattr(exc, "problem_mark", None)
                        line = mark.line + 2 if mark is not None else 1
                        problem = getattr(exc, "problem", None) or "not valid YAML"
                        raise ImportSourceError(
                            f"{self.name}:{line}: the front matter is not valid YAML: "
                            f"{problem}; put text with ': ' in it in quotes"
                        ) from None
                    if isinstance(data, dict):
                        return data, "\n".join(lines[end + 1 :]), end + 1
                    break
        if lines and lines[0].startswith("% "):  # Pandoc's title block
            meta: dict[str, Any] = {}
            k = 0
            for key in ("title", "author", "date"):
                if k < len(lines) and lines[k].startswith("%"):
                    value = lines[k][1:].strip()
                    if value:
                        meta[key] = value
                    k += 1
            return meta, "\n".join(lines[k:]), k
        return {}, text, 0

    # -- slides ---------------------------------------------------------------------------------

    def tokens(self, text: str) -> list[Any]:
        """Return the block tokens of ``text``, fenced divs turned into comment markers."""
        out: list[str] = []
        fence: str | None = None
        for line in text.split("\n"):
            m = _FENCE.match(line)
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

    def pandoc(self, body: str, offset: int) -> list[_Slide]:
        tokens = self.tokens(body)
        level = _slide_level(tokens)
        slides: list[_Slide] = []
        current: _Slide | None = None
        section: str | None = None
        k = 0
        divs: list[str] = []
        while k < len(tokens):
            tok = tokens[k]
            if tok.type == "hr" and not divs:
                current = None
                k += 1
                continue
            if tok.type == "heading_open" and not divs:
                depth = int(tok.tag[1])
                title = self.inline_text(tokens[k + 1])
                if depth < level:
                    section = title
                    slides.append(_Slide(title=title, title_level=depth, section=section))
                    slides[-1].directives["divider"] = True
                    current = None
                    k += 3
                    continue
                if depth == level:
                    current = _Slide(title=title, title_level=depth, section=section)
                    slides.append(current)
                    k += 3
                    continue
            if current is None:
                if tok.type == "html_block" and "podium-div /" in tok.content and not divs:
                    k += 1
                    continue
                current = _Slide(section=section)
                slides.append(current)
            k = self.block(tokens, k, current, divs)
        return [
            s
            for s in slides
            if s.title is not None
            or s.blocks
            or s.notes
            or s.columns
            or s.directives.get("divider")
        ]

    def marp(self, body: str, meta: dict[str, Any], offset: int) -> list[_Slide]:
        chunks: list[list[str]] = [[]]
        starts = [offset]
        fence: str | None = None
        for n, line in enumerate(body.split("\n")):
            m = _FENCE.match(line)
            if fence is not None:
                if m and m[1][0] == fence[0]:
                    fence = None
            elif m:
                fence = m[1]
            elif re.fullmatch(r"\s{0,3}(---|\*\*\*|___)\s*", line):
                chunks.append([])
                starts.append(offset + n + 1)
                continue
            chunks[-1].append(line)
        slides: list[_Slide] = []
        for chunk, start in zip(chunks, starts, strict=True):
            self.base = start
            text = "\n".join(chunk)
            if not text.strip():
                continue
            tokens = self.tokens(text)
            slide = _Slide()
            k = 0
            divs: list[str] = []
            while k < len(tokens):
                tok = tokens[k]
                if tok.type == "heading_open" and slide.title is None and not slide.blocks:
                    slide.title = self.inline_text(tokens[k + 1])
                    slide.title_level = int(tok.tag[1])
                    k += 3
                    continue
                k = self.block(tokens, k, slide, divs)
            slides.append(slide)
        return slides

    def block(self, tokens: list[Any], k: int, slide: _Slide, divs: list[str]) -> int:
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

    def comment(self, content: str, slide: _Slide) -> None:
        m = re.fullmatch(r"<!--(.*?)-->", content, re.S)
        if m is None:
            self.note(f"raw HTML ({content[:30]}): left out", dropped=True)
            return
        inner = m[1].strip()
        if not inner:
            return
        if self.dialect == "marp":
            try:
                data = yaml.safe_load(inner)
            except yaml.YAMLError:
                data = None
            if (
                isinstance(data, dict)
                and data
                and all(
                    isinstance(key, str) and key.lstrip("_") in _MARP_DIRECTIVES for key in data
                )
            ):
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

    def spans(self, tok: Any) -> tuple[list[Span], list[_Picture]]:
        spans: list[Span] = []
        pictures: list[_Picture] = []
        bold = italic = strike = 0
        script: list[int] = []
        links: list[str | None] = []
        for child in tok.children or []:
            kind = child.type
            link = links[-1] if links else None
            shift = script[-1] if script else 0
            if kind == "text":
                spans.append(
                    Span(child.content, bold > 0, italic > 0, False, link, shift, strike > 0)
                )
                if _MATH.search(child.content):
                    self.note(
                        f"a formula ({child.content.strip()[:30]}) that Podium cannot typeset: "
                        "kept as text"
                    )
            elif kind == "code_inline":
                spans.append(Span(child.content, bold > 0, italic > 0, True, link))
            elif kind == "math":
                formula = child.meta["formula"]
                spans.append(Span(formula.text, bold > 0, False, False, link, math=child.content))
            elif kind in ("sup_open", "sub_open"):
                script.append(1 if kind == "sup_open" else -1)
            elif kind in ("sup_close", "sub_close"):
                if script:
                    script.pop()
            elif kind == "softbreak":  # Marp breaks lines where the source does
                spans.append(Span("\n" if self.dialect == "marp" else " "))
            elif kind == "hardbreak":
                spans.append(Span("\n"))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike -= 1
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if not allowed_link(href):
                    self.note(
                        f"a link to '{href[:40]}': kept as text (only "
                        "http, https and mailto links are kept)"
                    )
                    links.append(None)
                else:
                    links.append(href)
                    self.report.keep("link")
            elif kind == "link_close":
                if links:
                    links.pop()
            elif kind == "image":
                alt = "".join(c.content for c in child.children or [])
                pictures.append(self.picture_of(str(child.attrs.get("src", "")), alt))
            elif kind == "html_inline":
                if re.fullmatch(r"<br\s*/?>", child.content, re.I):
                    spans.append(Span("\n"))
                elif not child.content.startswith("<!--"):
                    spans.append(Span(child.content, bold > 0, italic > 0, False, link))
        return spans, pictures

    def picture_of(self, src: str, alt: str) -> _Picture:
        words = alt.split()
        background = self.dialect == "marp" and bool(words) and words[0] == "bg"
        if self.dialect == "marp":
            words = [w for w in words if not _BG_WORDS.match(w)]
        return _Picture(src, " ".join(words), background)

    # -- the deck -------------------------------------------------------------------------------

    def meta(self, data: dict[str, Any], slides: list[_Slide]) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        title = _text(data.get("title"))
        if not title:
            first = next((s for s in slides if s.title), None)
            title = first.title if first is not None and first.title else self.path.stem
        meta["title"] = title
        for key, target in (
            ("subtitle", "subtitle"),
            ("author", "author"),
            ("institute", "affiliation"),
            ("affiliation", "affiliation"),
            ("date", "date"),
        ):
            value = _text(data.get(key))
            if value and target not in meta:
                meta[target] = value
        if data.get("incremental") is True:
            meta["reveal"] = "bullets"
        lang = _text(data.get("lang"))
        if lang:
            meta["lang"] = lang
        if self.dialect == "marp":
            footer = _text(data.get("footer"))
            if footer:
                meta["footer"] = footer
            if data.get("paginate") is not True:
                meta["slide_numbers"] = False
            if data.get("header"):
                self.note(
                    "the header directive: not kept (Podium has a footer, no header)", dropped=True
                )
        for key in ("theme", "class", "backgroundColor", "backgroundImage", "style", "size"):
            if key in data:
                self.note(
                    f"the '{key}' setting: not kept (Podium builds on its "
                    "own look, or a PowerPoint template: give template:)",
                    dropped=True,
                )
        return meta

    def build(
        self, slides: list[_Slide], meta: dict[str, Any], data: dict[str, Any]
    ) -> list[SlideOut | SectionOut]:
        items: list[SlideOut | SectionOut] = []
        number = 0
        if self.dialect == "pandoc" and "title" in data:
            number += 1
            items.append(SlideOut({"layout": "title"}))
        section: SectionOut | None = None
        for k, slide in enumerate(slides):
            number += 1
            slide.number = number
            if slide.directives.get("divider") and slide.section is not None:
                section = SectionOut(slide.section, keys={"divider": True})
                self.report.keep("section")
                items.append(section)
                continue
            out = self.slide_out(slide, first=k == 0 and not items)
            if section is not None and slide.section == section.title:
                section.slides.append(out)
            else:
                section = None
                items.append(out)
        for item in items:
            if isinstance(item, SectionOut) and not item.slides:
                item.keys.pop("divider")
                item.slides.append(SlideOut({"layout": "section", "title": item.title}))
        if (
            items
            and isinstance(items[0], SlideOut)
            and items[0].keys.get("layout") == "title"
            and items[0].keys.get("title") == meta["title"]
        ):
            items[0].keys.pop("title")
        return items

    def slide_out(self, slide: _Slide, first: bool) -> SlideOut:
        out = SlideOut()
        n = slide.number
        blocks = slide.blocks
        kinds = [kind for kind, _value in blocks]
        if slide.title:
            out.keys["title"] = slide.title
            self.report.keep("title")
        merged: list[tuple[str, Any]] = []
        for kind, value in blocks:
            if kind == "quote" and merged and merged[-1][0] == "quote":
                merged[-1] = ("quote", merged[-1][1] + value)
            else:
                merged.append((kind, value))
        blocks = merged
        kinds = [kind for kind, _value in blocks]
        pictures = [v for kind, v in blocks if kind == "picture"]
        rest = [(kind, v) for kind, v in blocks if kind != "picture"]
        if (
            self.dialect == "marp"
            and first
            and slide.title_level == 1
            and all(kind == "para" for kind, _v in rest)
            and not pictures
        ):
            out.keys["layout"] = "title"
            paras = [to_markup(v)[0] for _k, v in rest]
            if paras:
                out.keys["subtitle"] = paras[0]
            if paras[1:]:
                out.keys["byline"] = "\n".join(paras[1:]) + "\n"
        elif slide.columns:
            out.keys["layout"] = "two-column"
            columns = slide.columns + [[]] * (2 - len(slide.columns))
            out.keys["left"] = self.items_of(columns[0], n) or [Item("")]
            out.keys["right"] = self.items_of(columns[1], n) or [Item("")]
            for extra in slide.columns[2:]:
                out.keys["right"] += self.items_of(extra, n)
                self.report.report(n, "a third column: its items added to the right column")
            self.report.keep("text", 2)
            if rest:
                out.above += [
                    "from the original slide: " + line
                    for line in self.text_of(rest, n).split("\n")
                    if line.strip()
                ]
                self.report.report(n, "text beside the columns: kept as a comment in the deck")
        elif kinds == ["table"] or (kinds and kinds[0] == "table" and len(rest) == 1):
            rows = blocks[kinds.index("table")][1]
            cells = [[to_markup(c)[0] for c in row] for row in rows]
            width = max(len(r) for r in cells)
            cells = [r + [""] * (width - len(r)) for r in cells]
            out.keys["layout"] = "table"
            out.keys["header"] = cells[0]
            out.keys["rows"] = cells[1:]
            self.report.keep("table")
        elif len(rest) == 1 and rest[0][0] == "code" and not pictures:
            language, code = rest[0][1]
            out.keys["layout"] = "code"
            out.keys["language"] = language or "text"
            out.keys["code"] = code
            self.report.keep("code")
        elif len(rest) == 1 and rest[0][0] == "quote" and not pictures:
            paras = rest[0][1]
            attribution = None
            if len(paras) > 1 and re.match(
                r"^\s*(—|–|--|-)\s*", "".join(s.text for s in paras[-1])
            ):
                last = paras.pop()
                attribution = re.sub(r"^\s*(—|–|--|-)\s*", "", to_markup(last)[0])
            out.keys["layout"] = "quote"
            out.keys["quote"] = "\n".join(to_markup(p)[0] for p in paras)
            if attribution:
                out.keys["attribution"] = attribution
            self.report.keep("quote")
        elif pictures and len(rest) <= 1 and all(kind == "para" for kind, _v in rest):
            picture = pictures.pop(0)
            where = self.save(picture, n)
            if where is None:
                out.keys["layout"] = "blank" if not slide.title else "bullets"
            else:
                out.keys["layout"] = "image"
                out.keys["image"] = where
                if picture.alt:
                    out.keys["alt"] = picture.alt
                else:
                    out.keys["alt"] = f"Picture on slide {n}"
                    out.comments["alt"] = "TODO: alt text"
                    self.report.report(
                        n,
                        f"a picture without alt text ({where}): describe "
                        "it in alt:, marked TODO in the deck",
                    )
                if rest:
                    out.keys["caption"] = to_markup(rest[0][1])[0]
        elif rest:
            self.body(rest, n, out)
        elif not slide.title:
            out.keys["layout"] = "blank"
        for picture in pictures:
            where = self.save(picture, n)
            if where is not None:
                kind = "background picture" if picture.background else "picture"
                out.above.append(f"{kind} not placed: {where}")
                self.report.report(
                    n,
                    f"a {kind} beside the text: saved as {where}, not placed "
                    "(Podium puts one picture on an image slide)",
                )
        if slide.notes:
            notes = self.text_of(slide.notes, n)
            if notes.strip():
                out.keys["notes"] = notes
                self.report.keep("notes")
        self.directives(slide, out)
        if "incremental" in slide.directives:
            if "bullets" in out.keys:
                out.keys["reveal"] = "bullets"
                self.report.keep("reveal")
            else:
                self.report.report_line(
                    slide.directives["incremental"],
                    "an incremental list that is not bullets: shown all at once (reveal: "
                    "brings bullets one by one)",
                )
        return out

    def directives(self, slide: _Slide, out: SlideOut) -> None:
        d = slide.directives
        if "_paginate" in d:
            out.keys["slide_number"] = d["_paginate"] is True
        if "_footer" in d:
            footer = _text(d["_footer"])
            out.keys["footer"] = footer if footer else False
        for key in ("paginate", "footer"):
            if key in d:
                self.report.report(
                    slide.number,
                    f"'{key}' changed from this slide on: set for "
                    "this slide only; set it on the later slides",
                    dropped=False,
                )
                if key == "footer":
                    out.keys["footer"] = _text(d["footer"]) or False
                else:
                    out.keys["slide_number"] = d["paginate"] is True

    def body(self, blocks: list[tuple[str, Any]], n: int, out: SlideOut) -> None:
        lead = 0
        while lead < len(blocks) and blocks[lead][0] == "para":
            lead += 1
        rest = blocks[lead:]
        if all(kind == "list" and not v[0] for kind, v in rest):
            if lead:
                out.keys["text"] = self.text_of(blocks[:lead], n)
            items: list[Item] = []
            for _kind, (_ordered, entries) in rest:
                items += self.tree(entries)
            if items:
                out.keys["bullets"] = items
        else:
            out.keys["text"] = self.text_of(blocks, n)
        self.report.keep("text")

    def tree(self, entries: list[tuple[list[Span], Any]]) -> list[Item]:
        items = []
        for spans, children in entries:
            item = Item(to_markup(spans)[0])
            if children is not None:
                item.children = self.tree(children[1])
            items.append(item)
        return items

    def items_of(self, blocks: list[tuple[str, Any]], n: int) -> list[Item]:
        items: list[Item] = []
        for kind, value in blocks:
            if kind == "list":
                items += self.tree(value[1])
            elif kind == "para":
                items.append(Item(to_markup(value)[0]))
            elif kind == "picture":
                where = self.save(value, n)
                if where:
                    items.append(Item(value.alt or where, comment=f"picture: {where}"))
                    self.report.report(
                        n,
                        f"a picture in a column: saved as {where}, not "
                        "placed; its alt text kept as a bullet",
                    )
            else:
                self.report.report(n, f"a {kind} in a column: left out", dropped=True)
        return items

    def text_of(self, blocks: list[tuple[str, Any]], n: int) -> str:
        """Return blocks as block markup: paragraphs, and lists with their numbering."""
        parts: list[str] = []
        for kind, value in blocks:
            if kind == "para":
                parts.append(to_markup(value, block=True)[0])
            elif kind == "list":
                parts.append("\n".join(self.list_lines(value[0], value[1], 0)))
            elif kind == "code":
                parts.append(
                    "\n".join(
                        "`" + line + "`" if line.strip() else ""
                        for line in value[1].rstrip("\n").split("\n")
                    )
                )
            elif kind == "quote":
                parts += [to_markup(p, block=True)[0] for p in value]
            elif kind == "table":
                parts += [" | ".join(to_markup(c)[0] for c in row) for row in value]
                self.report.report(n, "a table beside other text: kept as lines of text")
        return "\n\n".join(p for p in parts if p.strip()) + "\n"

    def list_lines(
        self, ordered: bool, entries: list[tuple[list[Span], Any]], indent: int
    ) -> list[str]:
        lines: list[str] = []
        for k, (spans, children) in enumerate(entries, start=1):
            marker = f"{k}." if ordered else "-"
            text = to_markup(spans, block=True)[0]
            first, *more = text.split("\n")
            pad = " " * (indent + len(marker) + 1)
            lines.append(" " * indent + marker + " " + first)
            lines += [pad + line for line in more]
            if children is not None:
                lines += self.list_lines(children[0], children[1], indent + len(marker) + 1)
        return lines

    def save(self, picture: _Picture, n: int) -> str | None:
        src = picture.src
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
            self.report.report(
                n,
                f"a picture from the web ({src[:50]}): not imported; save it "
                "beside the deck and give its file name",
                dropped=True,
            )
            return None
        from urllib.parse import unquote

        path = (self.path.parent / unquote(src)).resolve()
        ext = SHOWN.get(path.suffix.lower().removeprefix("."))
        try:
            data = path.read_bytes()
        except OSError:
            self.report.report(n, f"the picture '{src}' is not there: not imported", dropped=True)
            return None
        if ext is None:
            from podium.importer.package import to_png

            converted = to_png(data)
            if converted is None:
                self.report.report(
                    n,
                    f"the picture '{src}' is not PNG, JPEG or GIF: not "
                    "imported; convert it and add an image slide",
                    dropped=True,
                )
                return None
            data, ext = converted, "png"
            self.report.report(n, f"the picture '{src}': converted to PNG")
        return self.media.add_picture(n, ext, data)


def _close(tokens: list[Any], k: int) -> int:
    """Return the index of the token closing ``tokens[k]``."""
    depth = 0
    for j in range(k, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _slide_level(tokens: list[Any]) -> int:
    """Return Pandoc's slide level: the highest heading level followed by content."""
    level = 6
    found = False
    for k, tok in enumerate(tokens):
        if tok.type != "heading_open":
            continue
        nxt = tokens[k + 3] if k + 3 < len(tokens) else None
        if nxt is not None and nxt.type not in ("heading_open", "hr"):
            level = min(level, int(tok.tag[1]))
            found = True
    return level if found else 1


def _text(value: Any) -> str:
    if value is None or value is False:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("text") or "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
