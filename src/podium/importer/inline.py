"""Formatted text from another tool, written as Podium's inline markup that reads back the same."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from podium.plan.markup import MarkupError, parse_inline

_ALLOWED = ("http:", "https:", "mailto:")
_AUTOLINK = re.compile(r"<(?=[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>|[^\s@<>]+@[^\s<>]+>)")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_LIST_START = re.compile(r"^(\s*)([-+*]|\d{1,9}[.)])(?=\s|$)", re.MULTILINE)
_QUOTE_START = re.compile(r"^(\s*)>", re.MULTILINE)


@dataclass(frozen=True)
class Span:
    """A stretch of text with one formatting, as read from the source; ``\\n`` breaks a line."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


def allowed_link(href: str) -> bool:
    """Return whether Podium accepts ``href`` as a link (http, https, mailto)."""
    return href.lower().startswith(_ALLOWED)


def escape(text: str) -> str:
    """Return ``text`` with every character that would start markup escaped."""
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if ch in "\\`":
            out.append("\\" + ch)
        elif ch in "*_":
            lone = prev.isspace() and nxt.isspace()
            intraword = ch == "_" and prev.isalnum() and nxt.isalnum()
            out.append(ch if lone or intraword else "\\" + ch)
        elif ch in "[]" and "](" in text:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    escaped = _AUTOLINK.sub(r"\\<", escaped)
    return _ENTITY.sub(r"\\&", escaped)


def escape_block(text: str) -> str:
    """Return a paragraph's ``text`` escaped for block markup (notes, text): no list starts."""
    escaped = escape(text)
    escaped = _LIST_START.sub(lambda m: m[1] + _escape_marker(m[2]), escaped)
    return _QUOTE_START.sub(lambda m: m[1] + "\\>", escaped)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def normalise(spans: Iterable[Span]) -> list[Span]:
    """Return ``spans`` merged, with line breaks on their own and whitespace outside formatting.

    Links Podium refuses are dropped (their text stays).
    """
    out: list[Span] = []
    for span in spans:
        link = span.link if span.link and allowed_link(span.link) else None
        span = replace(span, link=link)
        for k, piece in enumerate(span.text.replace("\r", "").replace("\v", "\n").split("\n")):
            if k:
                out.append(Span("\n"))
            if not piece:
                continue
            core = piece.strip()
            if not core:
                out.append(Span(piece, link=link))
                continue
            lead, tail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
            if lead:
                out.append(Span(lead, link=link))
            out.append(replace(span, text=core))
            if tail:
                out.append(Span(tail, link=link))
    merged: list[Span] = []
    for span in out:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and "\n" not in (prev.text, span.text)
            and (prev.bold, prev.italic, prev.code, prev.link)
            == (span.bold, span.italic, span.code, span.link)
        ):
            merged[-1] = replace(prev, text=prev.text + span.text)
        else:
            merged.append(span)
    # Lines lose the spaces at their ends in markup; so does the whole text.
    lines: list[list[Span]] = [[]]
    for span in merged:
        if span.text == "\n":
            lines.append([])
        else:
            lines[-1].append(span)
    for line in lines:
        while line and not line[0].text.strip():
            line.pop(0)
        while line and not line[-1].text.strip():
            line.pop()
        if line:
            line[0] = replace(line[0], text=line[0].text.lstrip())
            line[-1] = replace(line[-1], text=line[-1].text.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    cleaned: list[Span] = []
    for k, line in enumerate(lines):
        if k:
            cleaned.append(Span("\n"))
        cleaned += line
    return cleaned


def _code(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _piece(span: Span, block: bool) -> str:
    if span.text == "\n":
        return "\n"
    if span.text.isspace():
        return span.text
    text = _code(span.text) if span.code else (escape_block if block else escape)(span.text)
    if span.bold and span.italic:
        return f"***{text}***"
    if span.bold:
        return f"**{text}**"
    if span.italic:
        return f"*{text}*"
    return text


def _render(spans: Sequence[Span], block: bool) -> str:
    out: list[str] = []
    k = 0
    while k < len(spans):
        link = spans[k].link
        group = [spans[k]]
        k += 1
        while link is not None and k < len(spans) and spans[k].link == link:
            group.append(spans[k])
            k += 1
        inner = "".join(_piece(s, block) for s in group)
        if link is None:
            out.append(inner)
            continue
        label = "".join(s.text for s in group)
        if len(group) == 1 and not (group[0].bold or group[0].italic or group[0].code):
            bare = escape(label)
            if _reads_as(bare, [Span(label, link=link)]):
                out.append(bare)
                continue
        out.append(f"[{inner}]({_destination(link)})")
    return "".join(out)


def _destination(href: str) -> str:
    href = href.replace(" ", "%20")
    if "(" in href or ")" in href or "<" in href or ">" in href:
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def _chars(spans: Iterable[Span]) -> list[tuple[str, bool, bool, bool, str | None]]:
    return [(ch, s.bold, s.italic, s.code, s.link) for s in spans for ch in s.text]


def _reads_as(markup: str, spans: Sequence[Span]) -> bool:
    """Return whether Podium's parser reads ``markup`` back as ``spans`` (bare addresses that
    it links by itself are allowed)."""
    try:
        runs = parse_inline(markup)
    except MarkupError:
        return False
    got = _chars(Span(r.text, r.bold, r.italic, r.code, r.link) for r in runs)
    want = _chars(spans)
    if len(got) != len(want):
        return False
    for (gc, gb, gi, gk, gl), (wc, wb, wi, wk, wl) in zip(got, want, strict=True):
        if (gc, gb, gi, gk) != (wc, wb, wi, wk):
            return False
        if wl is not None and gl != wl:
            return False
    return True


def to_markup(spans: Iterable[Span], *, block: bool = False) -> tuple[str, bool]:
    """Return Podium markup for ``spans``, and whether all its formatting was kept.

    When the formatted markup would not read back as the same text and formatting, the text
    is returned plain (escaped), and the flag is False. ``block`` escapes list and quote starts
    at the beginning of lines (for notes and text blocks).
    """
    spans = normalise(spans)
    markup = _render(spans, block)
    formatted = any(s.bold or s.italic or s.code or s.link for s in spans)
    if block or _reads_as(markup, spans):
        return markup, True
    plain = [Span(s.text) for s in spans]
    text = _render(plain, block)
    return text, not formatted
