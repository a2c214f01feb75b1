"""Inline and block markup of deck text, parsed once into runs that both renderers draw."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Link schemes a deck may use; anything else (javascript:, file:, data:) is refused.
ALLOWED_SCHEMES = ("http", "https", "mailto")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A line starting like an ordered list item ("1." or "2)") is a list, not plain text.
_ORDERED_START = re.compile(r"\d{1,9}[.)]")
#: Every alternative of linkify-it's pretest needs one of these (its schemas "http:", "//",
#: "mailto:"; "www.", ".tld", ".1."; "@"; "localhost"), matched as it matches them: text
#: without any cannot pass the pretest, whose one large expression is slow to search.
_LINK_HINT = re.compile(r"[.:/@]|localhost", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting; ``text == "\\n"`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None

    @property
    def is_break(self) -> bool:
        return self.text == "\n"


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


def clean(text: str) -> str:
    """Return ``text`` in NFC with control characters (other than tab and newline) removed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"breaks": True, "html": False, "linkify": True})
    # markdown-it leaves a javascript:, vbscript:, file: or data: link as its literal text;
    # let every link through, so check_link refuses each one with a located error.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.enable("linkify")
    md.disable(["heading", "lheading", "code", "fence", "hr", "html_block", "reference"])
    linkify = md.linkify
    if linkify is not None:
        linkify.set({"fuzzy_link": True, "fuzzy_email": True})
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


def _runs(children: list[Token]) -> Inline:
    runs: list[Run] = []
    bold = italic = 0
    link: list[str] = []
    for tok in children:
        kind = tok.type
        href = link[-1] if link else None
        if kind in ("text", "html_inline"):
            if tok.content:
                runs.append(Run(tok.content, bold > 0, italic > 0, False, href))
        elif kind == "code_inline":
            runs.append(Run(tok.content, bold > 0, italic > 0, True, href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("\n"))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link.append(check_link(str(tok.attrs.get("href", ""))))
        elif kind == "link_close":
            link.pop()
        elif kind == "image":
            alt = "".join(c.content for c in tok.children or [])
            if alt:
                runs.append(Run(alt, bold > 0, italic > 0))
    return _merge(runs)


def _merge(runs: list[Run]) -> Inline:
    out: list[Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.is_break
            and not run.is_break
            and (prev.bold, prev.italic, prev.code, prev.link)
            == (run.bold, run.italic, run.code, run.link)
        ):
            out[-1] = Run(prev.text + run.text, run.bold, run.italic, run.code, run.link)
        else:
            out.append(run)
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
    return not _LINK_HINT.search(text) or not linkify.pretest(text)


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


def plain(runs: Inline) -> str:
    """Return the text of runs, line breaks as spaces."""
    return "".join(" " if r.is_break else r.text for r in runs).strip()
