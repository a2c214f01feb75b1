"""Line breaking: a paragraph cut into words at its break opportunities, each in its fonts.

Written here because no library in our dependencies does it: Pillow measures but does not
wrap, and PyICU would be a compiled dependency for a few rules (after spaces, after hyphens and
dashes, between CJK characters with kinsoku, inside a word too long for its line). Scripts are
assigned as LibreOffice 7.4 was seen to assign them: ASCII digits and punctuation are Latin even
inside Japanese text, spaces follow their neighbour, and a gap is added where Asian and Latin
text meet (see plan/measure.py, which measures the words and wraps them into lines).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TypeVar

from podium.plan.markup import Run

#: Han, kana, Hangul, CJK punctuation and full-width forms: drawn with the East Asian font and
#: breakable between any two characters (the text PowerPoint sets in the a:ea font).
CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
#: Kinsoku shori: characters that may not begin a line (closing marks, small kana, the long
#: vowel mark) and characters that may not end one (opening marks).
_NO_START = frozenset(
    "、。，．・：；？！ー）」』】〕〉》｝］〟’”ゝゞヽヾ々〻‐゠〜～…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ")]}.,:;!?%"
)
_NO_END = frozenset("（「『【〔〈《｛［〝‘“([{")
#: Punctuation that may hang past the right margin (hangingPunct="1", on in PowerPoint's and
#: LibreOffice's defaults).
HANGING = frozenset("、。，．")
SPACES = frozenset(" \u3000\t")
#: Quotation marks hold on to both neighbours (UAX #14 class QU): no break before or after.
_QUOTES = frozenset("\"'\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a")
#: A line may only break next to these (see may_break): spaces, hyphens, dashes and CJK text.
_BREAK_NEAR = re.compile("[ \u3000\t\\-\u2010\u2013\u2014" + CJK.pattern[1:-1] + "]")
#: Characters near which may_break looks only at the break after them: a break before one
#: needs a space, a dash or CJK text before it, and those find the break themselves.
_AFTER_ONLY = frozenset("-\u2010\u2013")
_FORCED = re.compile("[\n\v]")

K = TypeVar("K")

#: Font key of a piece of text: (role, bold, italic); role is latin, mono or ea.
Font = tuple[str, bool, bool]
#: A word as its pieces' (text, font, extra), in order: hashable, so measured words are cached.
WordKey = tuple[tuple[str, Font, float], ...]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a paragraph in one font; ``extra`` is added space after it, in em."""

    text: str
    font: Font
    extra: float = 0.0


def east_asian(text: str) -> list[bool]:
    """Return, per character, whether it is set in the East Asian font.

    As LibreOffice assigns scripts: CJK characters are Asian; spaces, general punctuation
    (dashes, curly quotes, ellipsis) and combining marks are weak and follow the character
    before them (the one after them at the start); everything else, ASCII digits and
    punctuation included, is Latin.
    """
    kinds: list[bool | None] = []
    for ch in text:
        if CJK.match(ch):
            kinds.append(True)
        elif ch in " \u00a0\t" or "\u2000" <= ch <= "\u206f" or unicodedata.combining(ch):
            kinds.append(None)
        else:
            kinds.append(False)
    current = next((k for k in kinds if k is not None), False)
    out: list[bool] = []
    for kind in kinds:
        if kind is not None:
            current = kind
        out.append(current)
    return out


def may_break(text: str, i: int) -> bool:
    """Return whether a line may break between text[i] and text[i + 1]."""
    a, b = text[i], text[i + 1]
    if a in SPACES:
        return b not in SPACES
    if b in SPACES:
        return False
    if a in _NO_END or b in _NO_START or a in _QUOTES or b in _QUOTES:
        return False
    if CJK.match(a) or CJK.match(b):
        return True
    if a in "-\u2010" and i > 0 and text[i - 1].isalpha() and b.isalpha():
        return True  # after a hyphen inside a word ("well-known"), as ICU does
    return a in "\u2013\u2014" or b == "\u2014"  # en dash after, em dash either side


def word_ends(text: str) -> list[int]:
    """Return, in order, every i after which a word of ``text`` ends: each i where
    may_break(text, i) holds, and the last character.

    may_break holds only next to a character _BREAK_NEAR matches, so only the positions
    beside those are asked: ordinary Latin text costs a look per space, not per character.
    """
    last = len(text) - 1
    ends: list[int] = []
    for m in _BREAK_NEAR.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in SPACES:  # may_break's first rule, inlined: the common case
            if i < last and text[i + 1] not in SPACES:
                ends.append(i)
            continue
        for k in (i,) if ch in _AFTER_ONLY else (i - 1, i):
            if 0 <= k < last and may_break(text, k):
                ends.append(k)
    ends.append(last)
    if len(ends) > 1 and any(a >= b for a, b in zip(ends, ends[1:], strict=False)):
        ends = sorted(set(ends))
    return ends


#: A forced line as its stretches of one font: [text, font, extra after its last character].
_Segments = list[tuple[str, Font, float]]


def words(runs: Sequence[Run], italic: bool, gap: float) -> list[list[WordKey]]:
    """Return a paragraph's words, per forced line: each word the text up to and including a
    word end, trailing spaces kept, as pieces of one font each.

    italic: the paragraph's own italic (a quote). gap: the space (em) added where Asian and
    Latin text meet, after the character before the boundary. LibreOffice adds a fifth of the
    line height there ("space between Asian and non-Asian text", on by default); PowerPoint
    adds none, so counting it errs on the safe side.
    """
    if any(CJK.search(run.text) for run in runs):
        lines = _script_segments(runs, italic, gap)
    else:
        lines = _run_segments(runs, italic)
    return [_cut(segments) for segments in lines]


def forced_lines(
    parts: Iterable[tuple[K, str]], cut: Callable[[str], list[str]]
) -> list[list[tuple[K, str]]]:
    """Return (key, text) parts as lines, cut where ``cut`` cuts their texts: in each line,
    neighbours with equal keys merged into one part and empty texts left out.

    A paragraph's runs keyed by font (cut at its line breaks), code's tokens keyed by their
    look (cut at its newlines); texts are joined once, so many short parts cost linear time.
    """
    lines: list[list[tuple[K, list[str]]]] = [[]]
    for key, text in parts:
        for n, part in enumerate(cut(text)):
            if n:
                lines.append([])
            if not part:
                continue
            line = lines[-1]
            if line and line[-1][0] == key:
                line[-1][1].append(part)
            else:
                line.append((key, [part]))
    return [[(key, "".join(texts)) for key, texts in line] for line in lines]


def _run_segments(runs: Sequence[Run], italic: bool) -> list[_Segments]:
    """Return the forced lines of a paragraph without CJK text: every character is Latin (or
    mono), so a stretch is a run's text, neighbours in one font merged."""
    fonts = (
        (("mono" if run.code else "latin", run.bold, run.italic or italic), run.text)
        for run in runs
    )
    return [
        [(text, font, 0.0) for font, text in line] for line in forced_lines(fonts, _FORCED.split)
    ]


def _script_segments(runs: Sequence[Run], italic: bool, gap: float) -> list[_Segments]:
    """Return the forced lines of a paragraph with CJK text, character by character: each
    character's script picks its font, and a script boundary adds ``gap`` after it."""
    chars = [(ch, run) for run in runs for ch in run.text]
    east = east_asian("".join(ch for ch, _run in chars))
    lines: list[list[tuple[str, Font, float]]] = [[]]
    for i, ((ch, run), ea) in enumerate(zip(chars, east, strict=True)):
        if ch in "\n\v":
            lines.append([])
            continue
        role = "ea" if ea else "mono" if run.code else "latin"
        boundary = i + 1 < len(chars) and chars[i + 1][0] not in "\n\v" and east[i + 1] != ea
        lines[-1].append((ch, (role, run.bold, run.italic or italic), gap if boundary else 0.0))
    return [
        [
            ("".join(c[0] for c in group), font, sum(c[2] for c in group))
            for font, group in ((f, list(g)) for f, g in groupby(line, key=itemgetter(1)))
        ]
        for line in lines
    ]


def _cut(segments: _Segments) -> list[WordKey]:
    """Return the words of one forced line, cut where the fonts change into pieces.

    A boundary's gap is on the last character of its stretch (the script changes after it,
    so the font does), and stays with the piece that holds that character.
    """
    text = "".join(seg[0] for seg in segments)
    if not text:
        return []
    out: list[WordKey] = []
    start = 0
    if len(segments) == 1:
        ((_text, font, extra),) = segments
        ends = word_ends(text)
        for end in ends[:-1]:
            out.append(((text[start : end + 1], font, 0.0),))
            start = end + 1
        out.append(((text[start:], font, extra),))
        return out
    bounds: list[tuple[int, int, Font, float]] = []
    at = 0
    for seg_text, font, extra in segments:
        bounds.append((at, at + len(seg_text), font, extra))
        at += len(seg_text)
    for end in word_ends(text):
        stop = end + 1
        out.append(
            tuple(
                (text[max(a, start) : min(b, stop)], font, extra if b <= stop else 0.0)
                for a, b, font, extra in bounds
                if a < stop and b > start
            )
        )
        start = stop
    return out


def join(chars: Sequence[Piece]) -> list[Piece]:
    """Merge neighbouring pieces of the same font (in time linear in their length)."""
    out: list[Piece] = []
    texts: list[str] = []
    font: Font | None = None
    extra = 0.0
    for c in chars:
        if texts and c.font == font:
            texts.append(c.text)
            extra += c.extra
            continue
        if texts and font is not None:
            out.append(Piece("".join(texts), font, extra))
        texts, font, extra = [c.text], c.font, c.extra
    if texts and font is not None:
        out.append(Piece("".join(texts), font, extra))
    return out


def rstrip(word: Sequence[Piece]) -> list[Piece]:
    """Return ``word`` (pieces of differing fonts, as join makes them) without its trailing
    spaces; a piece that loses its last character loses the gap after it too."""
    body = list(word)
    while body:
        piece = body[-1]
        kept = piece.text.rstrip("".join(SPACES))
        if kept == piece.text:
            break
        if kept:
            body[-1] = Piece(kept, piece.font)
            break
        body.pop()
    return body


def split(word: Sequence[Piece]) -> list[Piece]:
    """Return ``word`` as one-character pieces (gaps kept on their characters)."""
    out: list[Piece] = []
    for p in word:
        for n, ch in enumerate(p.text):
            out.append(Piece(ch, p.font, p.extra if n == len(p.text) - 1 else 0.0))
    return out
