"""Text measurement: wrap runs into lines with metric-compatible fonts and add up their height.

PowerPoint does not apply its own autofit until someone edits the text, so Podium decides sizes
at build time. Widths come from Pillow (FreeType + raqm shaping, so kerning counts) with fonts
whose advance widths equal the theme's: Carlito for Calibri, Liberation for Arial, Times New
Roman and Courier New, Noto Sans CJK JP for Japanese. Line breaking is written here because no
library in our dependencies does it: Pillow measures but does not wrap, and PyICU would be a
compiled dependency for a few rules (after spaces, after hyphens and dashes, between CJK
characters with kinsoku, inside a word too long for its line).

What LibreOffice 7.4 was seen to do, and this module copies (tests/test_fit_libreoffice.py):
lines are 1.2 x size apart whatever the font; a paragraph's space before is not added at the
top of a frame; ASCII digits and punctuation are Latin even inside Japanese text, spaces follow
their neighbour; a fifth of the line height is added where Asian and Latin text meet; 、 and 。
may hang past the margin. Lines are counted exactly for about 99 % of Latin and 96 % of
Japanese boxes; the rest are lines within 0.3 % of the width, which LibreOffice sets at 600 dpi.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from podium.cancel import checkpoint
from podium.errors import PodiumError
from podium.plan.fonts import FontFile, FontSet, full_width
from podium.plan.markup import Run
from podium.template.theme import EMU_PER_PT

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

#: Pixels per em at which widths are measured: widths are linear in the size, so each text is
#: measured once, in 1/2048 em (finer than 1/64 pt at any slide size), and scaled to any size.
_EM_PX = 2048
#: Paragraphs whose measured words a Measurer keeps.
_MAX_CACHED = 20_000


#: Han, kana, Hangul, CJK punctuation and full-width forms: drawn with the East Asian font and
#: breakable between any two characters (the same ranges as render/pptx.py's a:ea rule).
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
#: Kinsoku shori: characters that may not begin a line (closing marks, small kana, the long
#: vowel mark) and characters that may not end one (opening marks).
#: The same, for other modules of the plan.
CJK = _CJK
_NO_START = frozenset(
    "、。，．・：；？！ー）」』】〕〉》｝］〟’”ゝゞヽヾ々〻‐゠〜～…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ")]}.,:;!?%"
)
_NO_END = frozenset("（「『【〔〈《｛［〝‘“([{")
#: Punctuation that may hang past the right margin (hangingPunct="1", on in PowerPoint's and
#: LibreOffice's defaults).
_HANGING = frozenset("、。，．")
_SPACES = frozenset(" \u3000\t")
#: Quotation marks hold on to both neighbours (UAX #14 class QU): no break before or after.
_QUOTES = frozenset("\"'\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a")
#: Outside CJK text a line may only break next to these (see _may_break): after spaces,
#: hyphens and dashes, and before an em dash. Everywhere else _may_break is False.
_BREAK_NEAR = re.compile("[ \u3000\t\\-\u2010\u2013\u2014]")
_FORCED = re.compile("[\n\v]")


@dataclass(frozen=True)
class Block:
    """A paragraph to measure: its runs and how its text frame sets it.

    ``margin`` is the paragraph's left margin (marL) in EMU; with a hanging bullet the first
    line starts there too. ``spacing`` is the proportional line spacing (a:lnSpc/a:spcPct: 0.9
    in PowerPoint's title style). ``space_before`` is in points.
    """

    runs: tuple[Run, ...]
    size: float
    margin: int = 0
    space_before: float = 0.0
    spacing: float = 1.0
    italic: bool = False


@dataclass(frozen=True)
class Line:
    """One wrapped line: its text (trailing spaces kept), its width without them and its
    height, in points."""

    text: str
    width: float
    height: float


@dataclass(frozen=True)
class TextSize:
    """The measured size of some text: line counts, height and widest line, in EMU."""

    lines: int
    height: int
    width: int
    para_lines: tuple[int, ...] = ()


@lru_cache(maxsize=32)
def _font(font: FontFile) -> FreeTypeFont:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(font.path, _EM_PX, index=font.index)
    except OSError as exc:
        raise PodiumError(f"cannot read the font {font.path}: {exc}") from exc


@lru_cache(maxsize=65536)
def _em_width(text: str, font: FontFile) -> float:
    """Return the advance width of ``text`` in em, shaped and kerned."""
    if font.full_width:  # no CJK font: one em per CJK character, the rest in font.path
        plain = FontFile(font.path, font.index)
        return full_width(text, _CJK, lambda part: _font(plain).getlength(part) / _EM_PX)
    return _font(font).getlength(text) / _EM_PX


# -- wrapping -------------------------------------------------------------------------------

#: Font key of a piece of text: (role, bold, italic); role is latin, mono or ea.
_Font = tuple[str, bool, bool]


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of a paragraph in one font; ``extra`` is added space after it, in em."""

    text: str
    font: _Font
    extra: float = 0.0


def _east_asian(text: str) -> list[bool]:
    """Return, per character, whether it is set in the East Asian font.

    As LibreOffice assigns scripts: CJK characters are Asian; spaces, general punctuation
    (dashes, curly quotes, ellipsis) and combining marks are weak and follow the character
    before them (the one after them at the start); everything else, ASCII digits and
    punctuation included, is Latin.
    """
    kinds: list[bool | None] = []
    for ch in text:
        if _CJK.match(ch):
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


def _characters(runs: Iterable[Run], italic: bool, gap: float) -> list[list[_Piece]]:
    """Return a paragraph as one-character pieces, cut into its forced lines.

    gap: the space (em) added where Asian and Latin text meet, after the character before the
    boundary. LibreOffice adds a fifth of the line height there ("space between Asian and
    non-Asian text", on by default); PowerPoint adds none, so counting it errs on the safe side.
    """
    chars = [(ch, run) for run in runs for ch in run.text]
    east = _east_asian("".join(ch for ch, _run in chars))
    lines: list[list[_Piece]] = [[]]
    for i, ((ch, run), ea) in enumerate(zip(chars, east, strict=True)):
        if ch in "\n\v":
            lines.append([])
            continue
        role = "ea" if ea else "mono" if run.code else "latin"
        boundary = i + 1 < len(chars) and chars[i + 1][0] not in "\n\v" and east[i + 1] != ea
        lines[-1].append(
            _Piece(ch, (role, run.bold, run.italic or italic), gap if boundary else 0.0)
        )
    return lines


def _may_break(text: str, i: int) -> bool:
    """Return whether a line may break between text[i] and text[i + 1]."""
    a, b = text[i], text[i + 1]
    if a in _SPACES:
        return b not in _SPACES
    if b in _SPACES:
        return False
    if a in _NO_END or b in _NO_START or a in _QUOTES or b in _QUOTES:
        return False
    if _CJK.match(a) or _CJK.match(b):
        return True
    if a in "-\u2010" and i > 0 and text[i - 1].isalpha() and b.isalpha():
        return True  # after a hyphen inside a word ("well-known"), as ICU does
    return a in "\u2013\u2014" or b == "\u2014"  # en dash after, em dash either side


def _words(chars: Sequence[_Piece]) -> list[list[_Piece]]:
    """Split one forced line into words, the text between break opportunities.

    Each word keeps its trailing spaces and is a list of pieces in one font each.
    """
    text = "".join(c.text for c in chars)
    words: list[list[_Piece]] = []
    start = 0
    for i in range(len(text)):
        if i == len(text) - 1 or _may_break(text, i):
            words.append(_join(chars[start : i + 1]))
            start = i + 1
    return words


def _join(chars: Sequence[_Piece]) -> list[_Piece]:
    """Merge neighbouring pieces of the same font (in time linear in their length)."""
    out: list[_Piece] = []
    texts: list[str] = []
    font: _Font | None = None
    extra = 0.0
    for c in chars:
        if texts and c.font == font:
            texts.append(c.text)
            extra += c.extra
            continue
        if texts and font is not None:
            out.append(_Piece("".join(texts), font, extra))
        texts, font, extra = [c.text], c.font, c.extra
    if texts and font is not None:
        out.append(_Piece("".join(texts), font, extra))
    return out


def _rstrip(word: Sequence[_Piece]) -> list[_Piece]:
    """Return ``word`` without its trailing spaces (and the gaps after them)."""
    if len(word) == 1:  # one font: the same, without going character by character
        piece = word[0]
        kept = piece.text.rstrip("".join(_SPACES))
        if not kept:
            return []
        return [_Piece(kept, piece.font, piece.extra if kept == piece.text else 0.0)]
    chars = [_Piece(ch, p.font) for p in word for ch in p.text]
    extras = [0.0] * len(chars)
    k = 0
    for p in word:
        k += len(p.text)
        if p.text:
            extras[k - 1] = p.extra
    while chars and chars[-1].text in _SPACES:
        chars.pop()
    return _join([_Piece(c.text, c.font, extras[n]) for n, c in enumerate(chars)])


def _split(word: Sequence[_Piece]) -> list[_Piece]:
    """Return ``word`` as one-character pieces (gaps kept on their characters)."""
    out: list[_Piece] = []
    for p in word:
        for n, ch in enumerate(p.text):
            out.append(_Piece(ch, p.font, p.extra if n == len(p.text) - 1 else 0.0))
    return out


@dataclass(frozen=True, slots=True)
class _Word:
    """A word measured in em: with its trailing spaces, without them, and with its closing
    comma or stop hanging past the margin."""

    pieces: tuple[_Piece, ...]
    text: str
    full: float
    fit: float
    hang: float
    #: How much taller than a line of text a formula makes its line, in em.
    tall: float = 0.0
    #: A formula: one word, never broken.
    formula: bool = False


#: How far text's ink reaches above and below the baseline, in em (see _math_words).
_TEXT_ASCENT, _TEXT_DESCENT = 1.05, 0.45


class Measurer:
    """Wrap and measure paragraphs with one FontSet.

    A paragraph's words are measured once, in em, and cached; wrapping at any size and width
    is then arithmetic, so trying many sizes (fit's shrink steps) costs little.
    """

    def __init__(self, fonts: FontSet | None = None, *, asian_gap: bool = True) -> None:
        self.fonts = fonts or FontSet()
        #: Space added where Asian and Latin text meet, in em (see _characters).
        self.gap = self.fonts.line_pitch / 5 if asian_gap else 0.0
        self._words: dict[tuple[tuple[Run, ...], bool], tuple[tuple[_Word, ...], ...]] = {}
        self._latin_cache: dict[tuple[tuple[str, _Font], ...], _Word] = {}

    def em(self, pieces: Iterable[_Piece]) -> float:
        """Return the width of ``pieces`` in em."""
        return sum(_em_width(p.text, self.fonts.file(*p.font)) + p.extra for p in pieces)

    def text_width(self, runs: Sequence[Run], size: float) -> float:
        """Return the width of ``runs`` on one line at ``size`` pt, in points (no wrapping)."""
        return max(line.width for line in self.wrap(Block(tuple(runs), size), None))

    def _word(self, pieces: Sequence[_Piece]) -> _Word:
        body = _rstrip(pieces)
        fit = self.em(body)
        hang = fit
        if body and body[-1].text[-1] in _HANGING:
            hang -= self.em([_Piece(body[-1].text[-1], body[-1].font, body[-1].extra)])
        return _Word(tuple(pieces), "".join(p.text for p in pieces), self.em(pieces), fit, hang)

    def words(self, runs: tuple[Run, ...], italic: bool = False) -> tuple[tuple[_Word, ...], ...]:
        """Return the measured words of a paragraph, per forced line."""
        key = (runs, italic)
        if key not in self._words:
            if len(self._words) >= _MAX_CACHED:  # a long `podium serve` session keeps editing
                self._words.clear()
            if any(run.math is not None for run in runs):
                self._words[key] = self._math_words(runs, italic)
                return self._words[key]
            fast = self._latin_words(runs, italic)
            self._words[key] = (
                fast
                if fast is not None
                else tuple(
                    tuple(self._word(w) for w in _words(chars))
                    for chars in _characters(runs, italic, self.gap)
                )
            )
        return self._words[key]

    def _math_words(self, runs: tuple[Run, ...], italic: bool) -> tuple[tuple[_Word, ...], ...]:
        """Return the words of a paragraph with formulas: each formula is one word, as wide
        as it is laid out (STIX Two Math metrics), never broken."""
        lines: list[list[_Word]] = [[]]
        text: list[Run] = []

        def flush() -> None:
            if text:
                forced = self.words(tuple(text), italic)
                lines[-1].extend(forced[0])
                lines.extend(list(more) for more in forced[1:])
                text.clear()

        for run in runs:
            if run.math is None:
                text.append(run)
                continue
            flush()
            formula = run.math
            # Text reaches about 1 em above the baseline and 0.45 em below (accents,
            # descenders, line gap); only a formula reaching further (display fractions, big
            # operators, stacked scripts) makes its line taller.
            above = formula.height - formula.depth
            tall = max(0.0, above - _TEXT_ASCENT) + max(0.0, formula.depth - _TEXT_DESCENT)
            width = formula.width
            lines[-1].append(_Word((), run.text, width, width, width, tall, True))
        flush()
        return tuple(tuple(line) for line in lines)

    def _latin_words(
        self, runs: tuple[Run, ...], italic: bool
    ) -> tuple[tuple[_Word, ...], ...] | None:
        """Return what the per-character path (_characters, _words, _word) would, for a
        paragraph without CJK text; None for one with it.

        Without CJK text every character is Latin (or mono), no Asian-Latin gaps are added
        and no punctuation hangs, so a word is its text cut where the font changes, and the
        per-character work can be done per run and per break opportunity.
        """
        if any(_CJK.search(run.text) for run in runs):
            return None
        # Forced lines as [text, font] segments, neighbours in one font merged (as _join does).
        lines: list[list[list[object]]] = [[]]
        for run in runs:
            font: _Font = ("mono" if run.code else "latin", run.bold, run.italic or italic)
            for n, part in enumerate(_FORCED.split(run.text)):
                if n:
                    lines.append([])
                if not part:
                    continue
                segments = lines[-1]
                if segments and segments[-1][1] == font:
                    segments[-1][0] = cast(str, segments[-1][0]) + part
                else:
                    segments.append([part, font])
        return tuple(self._latin_line(segments) for segments in lines)

    def _latin_line(self, segments: list[list[object]]) -> tuple[_Word, ...]:
        text = "".join(cast(str, seg[0]) for seg in segments)
        if not text:
            return ()
        last = len(text) - 1
        ends: list[int] = []
        for m in _BREAK_NEAR.finditer(text):
            i = m.start()
            ch = text[i]
            if ch in _SPACES:  # _may_break's first rule, inlined: the common case
                if i < last and text[i + 1] not in _SPACES:
                    ends.append(i)
                continue
            for k in (i - 1, i) if ch == "\u2014" else (i,):
                if 0 <= k < last and _may_break(text, k):
                    ends.append(k)
        ends.append(last)
        if len(ends) > 1 and any(a >= b for a, b in zip(ends, ends[1:], strict=False)):
            ends = sorted(set(ends))
        words: list[_Word] = []
        start = 0
        if len(segments) == 1:
            font = cast(_Font, segments[0][1])
            for end in ends:
                stop = end + 1
                words.append(self._latin_word(((text[start:stop], font),)))
                start = stop
            return tuple(words)
        # Where each segment starts, to cut words into pieces of one font.
        bounds: list[tuple[int, int, _Font]] = []
        at = 0
        for seg in segments:
            seg_text = cast(str, seg[0])
            bounds.append((at, at + len(seg_text), cast(_Font, seg[1])))
            at += len(seg_text)
        for end in ends:
            stop = end + 1
            words.append(
                self._latin_word(
                    tuple(
                        (text[max(a, start) : min(b, stop)], font)
                        for a, b, font in bounds
                        if a < stop and b > start
                    )
                )
            )
            start = stop
        return tuple(words)

    def _latin_word(self, key: tuple[tuple[str, _Font], ...]) -> _Word:
        """Return the measured word made of ``key``'s (text, font) pieces, cached."""
        found = self._latin_cache.get(key)
        if found is not None:
            return found
        pieces = [_Piece(text, font) for text, font in key]
        body = list(pieces)
        while body:
            stripped = body[-1].text.rstrip(" \u3000\t")
            if stripped:
                if stripped != body[-1].text:
                    body[-1] = _Piece(stripped, body[-1].font)
                break
            body.pop()
        fit = self.em(body)
        word = _Word(tuple(pieces), "".join(text for text, _font in key), self.em(pieces), fit, fit)
        if len(self._latin_cache) >= _MAX_CACHED:
            self._latin_cache.clear()
        self._latin_cache[key] = word
        return word

    def wrap(self, block: Block, width: float | None) -> list[Line]:
        """Return the lines of ``block`` set ``width`` pt wide.

        width None: no wrapping; only forced line breaks end a line. Line widths leave out
        trailing spaces.
        """
        lines: list[Line] = []
        for forced in self.words(block.runs, block.italic):
            lines.extend(self._wrap_line(forced, block, width))
        return lines

    def _wrap_line(self, words: Sequence[_Word], block: Block, width: float | None) -> list[Line]:
        size = block.size
        limit = math.inf if width is None else (width + 1e-6) / size  # in em
        height = self.fonts.line_pitch * size * block.spacing
        out: list[Line] = []
        text: list[str] = []
        cur = trail = tall = 0.0
        todo = list(reversed(words))
        while todo:
            word = todo.pop()
            if text and cur + word.hang > limit:
                out.append(Line("".join(text), (cur - trail) * size, height + tall * size))
                text, cur, trail, tall = [], 0.0, 0.0, 0.0
            if not text and word.hang > limit and len(word.text.rstrip()) > 1 and not word.formula:
                heads, rest = self._break_word(word, limit)
                out.extend(Line(head.text, head.fit * size, height) for head in heads)
                todo.append(rest)
                continue
            text.append(word.text)
            cur += word.full
            trail = word.full - word.fit
            tall = max(tall, word.tall)
        out.append(Line("".join(text), (cur - trail) * size, height + tall * size))
        return out

    def measure(
        self, blocks: Sequence[Block], width: int | None, stop_above: float | None = None
    ) -> TextSize:
        """Return the size of ``blocks`` set in a text frame ``width`` EMU wide (insets off).

        width None: the frame does not wrap (code); TextSize.width tells how wide it must be.
        The first block's space_before is left out: at the top of a frame it adds nothing
        (LibreOffice and PowerPoint agree). ``stop_above`` (EMU): stop at the first block that
        takes the height past it; the size is then of the blocks up to that one.
        """
        height = 0.0
        widest = 0.0
        counts: list[int] = []
        for n, block in enumerate(blocks):
            checkpoint()
            room = None if width is None else max(0.0, (width - block.margin) / EMU_PER_PT)
            lines = self.wrap(block, room)
            counts.append(len(lines))
            height += (block.space_before if n else 0.0) + sum(line.height for line in lines)
            widest = max(widest, max(line.width for line in lines) + block.margin / EMU_PER_PT)
            if stop_above is not None and height * EMU_PER_PT > stop_above:
                break
        return TextSize(
            sum(counts), round(height * EMU_PER_PT), round(widest * EMU_PER_PT), tuple(counts)
        )

    def _break_word(self, word: _Word, limit: float) -> tuple[list[_Word], _Word]:
        """Return the heads of ``word`` that each fill a line of ``limit`` em (the longest that
        fits, at least one character), and the rest, which fits a line (or is one character).

        One pass over the word: each head is found by galloping then bisecting from where the
        last one ended, so a word of n characters costs n log(line length), not n squared.
        """
        if len(word.pieces) == 1:
            return self._break_text(word, limit)
        chars = _split(word.pieces)
        end = len(chars)
        while end and chars[end - 1].text in _SPACES:
            end -= 1
        if end and chars[end - 1].text in _HANGING:
            end -= 1  # the rest can hang this one past the margin
        heads: list[_Word] = []
        pos = 0
        while True:
            n = self._head(chars, pos, limit)
            if heads and pos + n + 1 >= end:  # only then can the rest fit: widths only grow
                rest = self._word(_join(chars[pos:]))
                if rest.hang <= limit or len(rest.text.rstrip()) <= 1:
                    return heads, rest
            heads.append(self._word(_join(chars[pos : pos + n])))
            pos += n

    def _break_text(self, word: _Word, limit: float) -> tuple[list[_Word], _Word]:
        """_break_word for a word in one font, on its text rather than its characters."""
        (piece,) = word.pieces
        text, font = piece.text, piece.font
        file = self.fonts.file(*font)
        end = len(text.rstrip("".join(_SPACES)))
        if end and text[end - 1] in _HANGING:
            end -= 1

        def fits(start: int, stop: int) -> bool:
            return _em_width(text[start:stop], file) <= limit

        heads: list[_Word] = []
        pos = 0
        while True:
            n = _largest(pos, len(text) - pos - 1, fits)
            if heads and pos + n + 1 >= end:
                rest = self._word([_Piece(text[pos:], font, piece.extra)])
                if rest.hang <= limit or len(rest.text.rstrip()) <= 1:
                    return heads, rest
            heads.append(self._word([_Piece(text[pos : pos + n], font)]))
            pos += n

    def _head(self, chars: Sequence[_Piece], pos: int, limit: float) -> int:
        """Return the largest n (1 <= n < len(chars) - pos) with em(chars[pos:pos+n]) <= limit."""
        return _largest(
            pos,
            len(chars) - pos - 1,
            lambda start, stop: self.em(_join(chars[start:stop])) <= limit,
        )


def _largest(pos: int, most: int, fits: Callable[[int, int], bool]) -> int:
    """Return the largest n in [1, max(1, most)] with fits(pos, pos + n), taking fits to hold
    up to some n and fail after it: gallop (1, 2, 4, ...) then bisect, so finding n costs
    log n tries of at most 2n characters each."""
    lo = hi = 1
    while hi < most and fits(pos, pos + min(2 * hi, most)):
        lo = hi = min(2 * hi, most)
    hi = min(2 * hi, most)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(pos, pos + mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


@lru_cache(maxsize=8)
def measurer(
    latin: str = "Calibri",
    mono: str = "Consolas",
    east_asian: str = "Noto Sans CJK JP",
    line_pitch: float = 1.2,
) -> Measurer:
    """Return the shared Measurer for these theme fonts (its caches live as long)."""
    return Measurer(FontSet(latin, mono, east_asian, line_pitch))


def text_size(
    blocks: Sequence[Block],
    width: int | None,
    *,
    latin: str = "Calibri",
    mono: str = "Consolas",
    east_asian: str = "Noto Sans CJK JP",
    line_pitch: float = 1.2,
) -> TextSize:
    """Return the lines and height of ``blocks`` wrapped ``width`` EMU wide (None: no wrap)."""
    return measurer(latin, mono, east_asian, line_pitch).measure(blocks, width)
