"""Inline and block markup of deck text, parsed once into runs that both renderers draw."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    from podium.media.math import Formula

#: Link schemes a deck may use; anything else (javascript:, file:, data:) is refused.
ALLOWED_SCHEMES = ("http", "https", "mailto")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A line starting like an ordered list item ("1." or "2)") is a list, not plain text.
_ORDERED_START = re.compile(r"\d{1,9}[.)]")
#: Every alternative of linkify-it's pretest needs one of these (its schemas "http:", "https:",
#: "ftp:", "mailto:", "//"; "www."; "localhost"; "@"; a dot before a digit (".1.") or a letter
#: (each top-level domain starts with one)), matched as it matches them: text without any
#: cannot pass the pretest, whose large expressions are slow to compile (on first use) and to
#: search.
_LINK_HINT = re.compile(r"https?:|ftp:|mailto:|//|www\.|localhost|@|\.\w", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting; ``text == "\\n"`` is a line break.

    ``script`` is 1 for superscript, -1 for subscript. A run with ``math`` is one formula;
    its ``text`` is the formula's linear text.
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    script: int = 0
    strike: bool = False
    math: Formula | None = None

    @property
    def is_break(self) -> bool:
        return self.text == "\n" and self.math is None

    @property
    def display(self) -> bool:
        """Return whether the run is display math (``$$...$$``)."""
        return self.math is not None and self.math.display


Inline = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of runs; ``bullet`` is '' for plain text, '•' or '1.' in lists.

    ``number`` is the item's number in a numbered list ("3." has 3), None otherwise.
    """

    runs: Inline
    level: int = 0
    bullet: str = ""
    number: int | None = None
    #: The click that brings this paragraph on its slide (0: shown from the start).
    step: int = 0


class MarkupError(ValueError):
    """Raised for markup that parses but may not be used (a link with a refused scheme)."""


class MathMarkupError(MarkupError):
    """Raised for a formula that is not LaTeX Podium can convert.

    ``tex`` is the formula as written between the dollars; ``offset`` and ``length`` place
    the problem inside it.
    """

    def __init__(self, message: str, tex: str, offset: int, length: int) -> None:
        super().__init__(message)
        self.message = message
        self.tex = tex
        self.offset = offset
        self.length = length


def _math_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Read display math on lines of its own: from a line starting ``$$`` to one ending it.

    It may interrupt a paragraph, so a formula under a line of text in a ``|`` block is a
    formula, not part of the paragraph.
    """
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    first = state.src[begin : state.eMarks[start]]
    if not first.startswith("$$"):
        return False
    rest = first[2:]
    line = start
    if rest.rstrip().endswith("$$") and rest.strip() != "":
        body = rest.rstrip()[:-2]
        if "$$" in body:
            return False  # "$$a$$ and $$b$$": display math inside a paragraph
    else:
        if rest.strip():
            return False  # "$$ x" going on: the paragraph's inline rule decides
        lines = [rest]
        while True:
            line += 1
            if line >= end:
                return False
            text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
            if text.rstrip().endswith("$$"):
                lines.append(text.rstrip()[:-2])
                break
            if not text.strip():
                return False  # a blank line ends the paragraph before any closing $$
            lines.append(state.src[state.bMarks[line] : state.eMarks[line]])
        body = "\n".join(lines)
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.content = body
    token.map = [start, line + 1]
    state.line = line + 1
    return True


def _math_rule(state: StateInline, silent: bool) -> bool:
    """Read ``$...$`` and ``$$...$$`` as Pandoc does.

    Inline math opens at a ``$`` with a non-space after it and closes at the next unescaped
    ``$`` that has a non-space before it and no digit after it (so "costs $5 and $10" stays
    text); display math runs from ``$$`` to the next ``$$``. ``\\$`` is a literal dollar
    (markdown-it's escape rule takes it before this rule sees it).
    """
    src, start, end = state.src, state.pos, state.posMax
    if src[start] != "$":
        return False
    double = src.startswith("$$", start)
    opener = 2 if double else 1
    i = start + opener
    if i >= end or (not double and src[i].isspace()):
        return False
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "$":
            if double:
                if src.startswith("$$", i):
                    break
            else:
                if src[i - 1].isspace() or (i + 1 < end and src[i + 1].isdigit()):
                    return False
                break
        i += 1
    else:
        return False
    tex = src[start + opener : i]
    if not tex.strip():
        return False
    if not silent:
        from podium.media.math import MathError, parse

        try:
            formula = parse(tex.strip(), double)
        except MathError as exc:
            lead = len(tex) - len(tex.lstrip())
            fence = "$$" if double else "$"
            raise MathMarkupError(
                f"formula {fence}{_shown(tex)}{fence}: {exc.message}",
                tex,
                lead + exc.offset,
                exc.length,
            ) from None
        token = state.push("math", "", 0)
        token.content = tex
        token.meta = {"formula": formula}
    state.pos = i + opener
    return True


def clean(text: str) -> str:
    """Return ``text`` in NFC with control characters (other than tab and newline) removed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md = MarkdownIt("commonmark", {"breaks": True, "html": False, "linkify": True})
    # markdown-it leaves a javascript:, vbscript:, file: or data: link as its literal text;
    # let every link through, so check_link refuses each one with a located error.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.enable(["linkify", "strikethrough"])
    md.inline.ruler.before("escape", "math", _math_rule)
    md.block.ruler.before(
        "paragraph", "math_block", _math_block_rule, {"alt": ["paragraph", "blockquote", "list"]}
    )
    superscript_plugin(md)
    sub_plugin(md)
    md.disable(["heading", "lheading", "code", "fence", "hr", "html_block", "reference"])
    # HTML character references are not markup: text is what the lecturer typed, so
    # "&lt;script&gt;" reads "&lt;script&gt;" on the slide, in both outputs (and stays inert:
    # the HTML escapes it). Type the character itself, or a YAML escape ("\u00A0").
    md.disable("entity")
    linkify = md.linkify
    if linkify is not None:
        linkify.set({"fuzzy_link": True, "fuzzy_email": True})
        pretest = linkify.pretest
        # markdown-it asks the pretest of every inline text: answer text without a hint
        # at once, so a deck without links never compiles linkify-it's expressions.
        linkify.pretest = lambda text: _LINK_HINT.search(text) is not None and pretest(text)
    return md


def check_link(href: str) -> str:
    """Return ``href`` when its scheme is allowed; raise MarkupError otherwise."""
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in ALLOWED_SCHEMES:
        shown = href if len(href) <= 60 else href[:57] + "..."
        raise MarkupError(
            f"link '{shown}' is not allowed: only http, https and mailto links are "
            "(write the full address, e.g. 'https://example.org/page')"
        )
    return href


#: The inline tokens that open or close formatting, which walk_inline() keeps count of.
_FORMATTING = frozenset(
    {
        "strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close",
        "sup_open", "sup_close", "sub_open", "sub_close", "link_open", "link_close",
    }
)  # fmt: skip


class InlineStyle:
    """The formatting open at one point of an inline token stream: how many bold, italic and
    struck-through spans it is inside, and its innermost sub- or superscript and link."""

    __slots__ = ("bold", "italic", "strike", "scripts", "links")

    def __init__(self) -> None:
        self.bold = self.italic = self.strike = 0
        self.scripts: list[int] = []
        self.links: list[str | None] = []

    @property
    def script(self) -> int:
        """Return 1 inside a superscript, -1 inside a subscript, else 0."""
        return self.scripts[-1] if self.scripts else 0

    @property
    def link(self) -> str | None:
        return self.links[-1] if self.links else None


def walk_inline(
    children: Iterable[Token], link: Callable[[str], str | None]
) -> Iterator[tuple[Token, InlineStyle]]:
    """Yield each inline token that is not formatting, with the formatting open around it.

    ``link`` returns the address to keep for a link's ``href`` (None: none, its text stays);
    it may raise. The style yielded is one object, changed as the walk goes on.
    """
    style = InlineStyle()
    for tok in children:
        kind = tok.type
        if kind not in _FORMATTING:
            yield tok, style
        elif kind == "strong_open":
            style.bold += 1
        elif kind == "strong_close":
            style.bold -= 1
        elif kind == "em_open":
            style.italic += 1
        elif kind == "em_close":
            style.italic -= 1
        elif kind == "s_open":
            style.strike += 1
        elif kind == "s_close":
            style.strike -= 1
        elif kind in ("sup_open", "sub_open"):
            style.scripts.append(1 if kind == "sup_open" else -1)
        elif kind in ("sup_close", "sub_close"):
            if style.scripts:
                style.scripts.pop()
        elif kind == "link_open":
            style.links.append(link(str(tok.attrs.get("href", ""))))
        elif style.links:  # link_close
            style.links.pop()


def _runs(children: list[Token]) -> Inline:
    runs: list[Run] = []
    for tok, style in walk_inline(children, check_link):
        kind = tok.type
        if (kind in ("text", "html_inline") and tok.content) or kind == "code_inline":
            bold, italic, strike = style.bold > 0, style.italic > 0, style.strike > 0
            code = kind == "code_inline"
            runs.append(Run(tok.content, bold, italic, code, style.link, style.script, strike))
        elif kind == "math":
            formula: Formula = tok.meta["formula"]
            runs.append(
                Run(formula.text, style.bold > 0, False, False, style.link, 0, False, formula)
            )
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("\n"))
        elif kind == "image":
            alt = "".join(c.content for c in tok.children or [])
            if alt:
                runs.append(Run(alt, style.bold > 0, style.italic > 0))
    return _merge(runs)


def _merge(runs: list[Run]) -> Inline:
    """Join neighbouring runs that look alike, in time linear in their text (a line of 40,000
    escaped characters is 40,000 text tokens)."""
    out: list[Run] = []
    texts: list[str] = []

    def flush() -> None:
        if len(texts) > 1:
            out[-1] = dataclasses.replace(out[-1], text="".join(texts))
        texts.clear()

    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.is_break
            and not run.is_break
            and prev.math is None
            and run.math is None
            and (prev.bold, prev.italic, prev.code, prev.link, prev.script, prev.strike)
            == (run.bold, run.italic, run.code, run.link, run.script, run.strike)
        ):
            texts.append(run.text)
            continue
        flush()
        out.append(run)
        texts.append(run.text)
    flush()
    return tuple(out)


def _is_plain(text: str) -> bool:
    """Return whether markdown-it would read stripped one-line ``text`` as a single text run.

    Text without a character any inline rule starts at (markdown-it's own terminator set:
    emphasis, code, links, escapes, entities, breaks) and without anything linkify-it could
    take for a link is one text token, so parsing it can be skipped.
    """
    md = _parser()
    terminator = getattr(md.inline, "terminator_re", None)  # markdown-it-py >= 3
    if terminator is None or terminator.search(text):
        return False
    linkify = md.linkify
    if linkify is None:
        return False
    return not linkify.pretest(text)


@lru_cache(maxsize=4096)
def parse_inline(text: str) -> Inline:
    """Return the runs of one line of markup (bold, italic, code, links, line breaks).

    Raises MarkupError for a link whose scheme is not http, https or mailto.
    """
    text = clean(text).strip()
    if not text:
        return ()
    if _is_plain(text):
        return (Run(text),)
    tokens = _parser().parseInline(text)
    return _runs(tokens[0].children or []) if tokens else ()


@lru_cache(maxsize=1024)
def parse_block(text: str) -> tuple[Para, ...]:
    """Return the paragraphs of a block of markup: plain paragraphs and (nested) lists.

    Raises MarkupError for a link whose scheme is not http, https or mailto.
    """
    text = clean(text).strip("\n")
    if not text.strip():
        return ()
    one_line = "\n" not in text and text == text.strip() and not _ORDERED_START.match(text)
    if one_line and _is_plain(text):  # one paragraph of one run
        return (Para((Run(text),), 0, ""),)
    paras: list[Para] = []
    lists: list[list[int | None]] = []  # per open list: [next number or None for bullets]
    pending_bullet: str | None = None
    pending_number: int | None = None
    for tok in _parser().parse(text):
        if tok.type == "bullet_list_open":
            lists.append([None])
        elif tok.type == "ordered_list_open":
            lists.append([int(tok.attrs.get("start", 1) or 1)])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            number = lists[-1][0]
            pending_number = number
            if number is None:
                pending_bullet = "•"
            else:
                pending_bullet = f"{number}."
                lists[-1][0] = number + 1
        elif tok.type == "math_block":
            level = max(0, len(lists) - 1)
            display: Inline = (_display(tok.content),)
            if pending_bullet is not None:
                paras.append(Para(display, level, pending_bullet, pending_number))
                pending_bullet = None
            else:
                paras.append(Para(display, len(lists), ""))
        elif tok.type == "inline":
            level = max(0, len(lists) - 1)
            if pending_bullet is not None:
                runs = _runs(tok.children or [])
                paras.append(Para(runs, level, pending_bullet, pending_number))
                pending_bullet = None
            else:
                indent = len(lists)
                paras.append(Para(_runs(tok.children or []), indent, ""))
    return tuple(paras)


def _shown(tex: str) -> str:
    """Return a formula on one line, shortened, for a message."""
    text = " ".join(tex.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _display(tex: str) -> Run:
    """Return the run of a display formula written on lines of its own."""
    from podium.media.math import MathError, parse

    try:
        formula = parse(tex.strip(), True)
    except MathError as exc:
        lead = len(tex) - len(tex.lstrip())
        raise MathMarkupError(
            f"formula $${_shown(tex)}$$: {exc.message}", tex, lead + exc.offset, exc.length
        ) from None
    return Run(formula.text, math=formula)


def plain(runs: Inline) -> str:
    """Return the text of runs, line breaks as spaces."""
    return "".join(" " if r.is_break else r.text for r in runs).strip()


def quote_runs(runs: Inline) -> Inline:
    """Return a quote's runs set in italic, except CJK text: Japanese, Chinese and Korean have
    no italic, and a slanted CJK font is a synthetic one, which reads as a mistake."""
    from dataclasses import replace as copy

    from podium.plan.breaking import CJK

    out: list[Run] = []
    for run in runs:
        if run.is_break:
            out.append(run)
            continue
        for piece in re.split(f"({CJK.pattern}+)", run.text):
            if piece:
                out.append(copy(run, text=piece, italic=not CJK.match(piece)))
    return tuple(out)
