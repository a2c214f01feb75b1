"""Formatted text from another tool, written as Podium's inline markup that reads back the same."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from podium.plan.markup import MarkupError, parse_inline

_ALLOWED = ("http:", "https:", "mailto:")
_AUTOLINK = re.compile(r"<(?=[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>|[^\s@<>]+@[^\s<>]+>)")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
#: What Podium reads as a formula (Pandoc's rule): $, a non-space, ..., a non-space, $, no
#: digit; or $$...$$.
_FORMULA = re.compile(r"\$[^$\s](?:[^$]*[^$\s])?\$(?!\d)|\$\$.*?\S.*?\$\$", re.S)
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
    script: int = 0  # 1 superscript, -1 subscript
    strike: bool = False
    math: str | None = None  # a formula's LaTeX (``text`` is then its plain text)


def allowed_link(href: str) -> bool:
    """Return whether Podium accepts ``href`` as a link (http, https, mailto)."""
    return href.lower().startswith(_ALLOWED)


def specials(spans: Iterable[Span]) -> str:
    """Return which of ``~ ^ $`` must be escaped in the plain text of ``spans``: those that
    could pair up, with each other or with the markup of a sub-, superscript or formula."""
    spans = list(spans)
    whole = "".join(s.text for s in spans if s.math is None)
    out = ""
    if whole.count("~") >= 2 or ("~" in whole and any(s.script < 0 or s.strike for s in spans)):
        out += "~"
    if whole.count("^") >= 2 or ("^" in whole and any(s.script > 0 for s in spans)):
        out += "^"
    if "$" in whole and (
        _FORMULA.search(whole) or whole.count("$") >= 2 or any(s.math is not None for s in spans)
    ):
        out += "$"
    return out


def escape(text: str, special: str | None = None) -> str:
    """Return ``text`` with every character that would start markup escaped.

    ``special`` names which of ``~ ^ $`` to escape (see specials()); None: as ``text`` alone
    needs.
    """
    if special is None:
        special = specials([Span(text)])
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        # At the text's ends the neighbour is unknown (another span): count it as a letter.
        prev = text[i - 1] if i else "a"
        nxt = text[i + 1] if i + 1 < n else "a"
        if ch in "\\`":
            out.append("\\" + ch)
        elif ch in "*_":
            lone = prev.isspace() and nxt.isspace()
            intraword = ch == "_" and 0 < i < n - 1 and prev.isalnum() and nxt.isalnum()
            out.append(ch if lone or intraword else "\\" + ch)
        elif ch in "[]" and "](" in text:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    for ch in special:
        escaped = escaped.replace(ch, "\\" + ch)
    escaped = _AUTOLINK.sub(r"\\<", escaped)
    return _ENTITY.sub(r"\\&", escaped)


def escape_block(text: str, special: str | None = None) -> str:
    """Return a paragraph's ``text`` escaped for block markup (notes, text): no list starts."""
    escaped = escape(text, special)
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
        # NFC, as Podium reads every text: "y" and a combining circumflex are one letter, "ŷ"
        span = replace(span, link=link, text=unicodedata.normalize("NFC", span.text))
        if span.math is not None:
            out.append(span)
            continue
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
            and prev.math is None
            and span.math is None
            and _style(prev) == _style(span)
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


def _style(span: Span) -> tuple[bool, bool, bool, str | None, int, bool]:
    return (span.bold, span.italic, span.code, span.link, span.script, span.strike)


def _code(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _core(span: Span, block: bool, special: str) -> str:
    """Return one span's text as markup, without its bold, italic and strikethrough."""
    if span.math is not None:
        return f"${span.math}$"
    if span.text == "\n" or span.text.isspace():
        return span.text
    if span.code:
        text = _code(span.text)
    else:
        text = (escape_block if block else escape)(span.text, special)
    if span.script:  # innermost: Podium's ~sub~ and ^sup^ hold plain text only
        text = text.replace(" ", "\\ ")  # Pandoc's rule: no bare space in ~sub~ or ^sup^
        text = f"^{text}^" if span.script > 0 else f"~{text}~"
    return text


def _emphasis(spans: Sequence[Span], block: bool, special: str) -> str:
    """Return spans as markup, one pair of ** / * / ~~ around each stretch that shares them:
    "*y*" and an italic subscript "*~i~*" side by side would read as "**"."""
    out: list[str] = []
    k = 0
    while k < len(spans):
        first = spans[k]
        key = (first.bold, first.italic, first.strike)
        group = [first]
        k += 1
        while (
            k < len(spans)
            and (spans[k].bold, spans[k].italic, spans[k].strike) == key
            and "\n" not in (spans[k].text, group[-1].text)
            and not spans[k].text.isspace()
        ):
            group.append(spans[k])
            k += 1
        text = "".join(_core(s, block, special) for s in group)
        if first.text == "\n" or first.text.isspace() and len(group) == 1:
            out.append(text)
            continue
        if first.bold and first.italic:
            text = f"***{text}***"
        elif first.bold:
            text = f"**{text}**"
        elif first.italic:
            text = f"*{text}*"
        if first.strike:
            text = f"~~{text}~~"
        out.append(text)
    return "".join(out)


def _render(spans: Sequence[Span], block: bool) -> str:
    special = specials(spans)
    out: list[str] = []
    k = 0
    while k < len(spans):
        link = spans[k].link
        group = [spans[k]]
        k += 1
        while link is not None and k < len(spans) and spans[k].link == link:
            group.append(spans[k])
            k += 1
        inner = _emphasis(group, block, special)
        if link is None:
            out.append(inner)
            continue
        label = "".join(s.text for s in group)
        if len(group) == 1 and not (group[0].bold or group[0].italic or group[0].code):
            bare = escape(label, special)
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


def _chars(spans: Iterable[Span]) -> list[tuple[str, bool, bool, bool, str | None, int, bool]]:
    """Return each character with its formatting; a formula is one item, its LaTeX."""
    return [
        (f"${s.math}$", s.bold, False, False, s.link, 0, False)
        if s.math is not None
        else (ch, s.bold, s.italic, s.code, s.link, s.script, s.strike)
        for s in spans
        for ch in ([s.text] if s.math is not None else s.text)
    ]


def _reads_as(markup: str, spans: Sequence[Span]) -> bool:
    """Return whether Podium's parser reads ``markup`` back as ``spans`` (bare addresses that
    it links by itself are allowed)."""
    try:
        runs = parse_inline(markup)
    except MarkupError:
        return False
    got = _chars(
        Span(
            r.text,
            r.bold,
            r.italic,
            r.code,
            r.link,
            r.script,
            r.strike,
            r.math.tex if r.math is not None else None,
        )
        for r in runs
    )
    want = _chars(spans)
    if len(got) != len(want):
        return False
    for g, w in zip(got, want, strict=True):
        if g[:4] + g[5:] != w[:4] + w[5:]:
            return False
        if w[4] is not None and g[4] != w[4]:
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
    formatted = any(
        s.bold or s.italic or s.code or s.link or s.script or s.strike or s.math for s in spans
    )
    if block or _reads_as(markup, spans):
        return markup, True
    plain = [Span(s.text) for s in spans]
    text = _render(plain, block)
    return text, not formatted
