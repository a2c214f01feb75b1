"""Text measurement: words wrapped into lines with metric-compatible fonts, and their height.

PowerPoint does not apply its own autofit until someone edits the text, so Podium decides sizes
at build time. Widths come from Pillow (FreeType + raqm shaping, so kerning counts) with fonts
whose advance widths equal the theme's: Carlito for Calibri, Liberation for Arial, Times New
Roman and Courier New, Noto Sans CJK JP for Japanese. Where lines may break is plan/breaking.py;
a word too long for its line is broken here, at the character where it overflows.

What LibreOffice 7.4 was seen to do, and this module copies (tests/test_fit_libreoffice.py):
lines are 1.2 x size apart whatever the font; a paragraph's space before is not added at the
top of a frame; a fifth of the line height is added where Asian and Latin text meet; 、 and 。
may hang past the margin. Lines are counted exactly for about 99 % of Latin and 96 % of
Japanese boxes; the rest are lines within 0.3 % of the width, which LibreOffice sets at 600 dpi.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from podium.cancel import checkpoint
from podium.errors import PodiumError
from podium.plan import breaking
from podium.plan.breaking import CJK, HANGING, SPACES, Piece, WordKey, join, rstrip, split
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
        return full_width(text, CJK, lambda part: _font(plain).getlength(part) / _EM_PX)
    return _font(font).getlength(text) / _EM_PX


@dataclass(frozen=True, slots=True)
class _Word:
    """A word measured in em: with its trailing spaces, without them, and with its closing
    comma or stop hanging past the margin."""

    pieces: tuple[Piece, ...]
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
        #: Space added where Asian and Latin text meet, in em (see breaking.words).
        self.gap = self.fonts.line_pitch / 5 if asian_gap else 0.0
        self._words: dict[tuple[tuple[Run, ...], bool], tuple[tuple[_Word, ...], ...]] = {}
        self._cache: dict[WordKey, _Word] = {}

    def em(self, pieces: Iterable[Piece]) -> float:
        """Return the width of ``pieces`` in em."""
        return sum(_em_width(p.text, self.fonts.file(*p.font)) + p.extra for p in pieces)

    def text_width(self, runs: Sequence[Run], size: float) -> float:
        """Return the width of ``runs`` on one line at ``size`` pt, in points (no wrapping)."""
        return max(line.width for line in self.wrap(Block(tuple(runs), size), None))

    def _word(self, pieces: Sequence[Piece]) -> _Word:
        body = rstrip(pieces)
        fit = self.em(body)
        hang = fit
        if body and body[-1].text[-1] in HANGING:
            hang -= self.em([Piece(body[-1].text[-1], body[-1].font, body[-1].extra)])
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
            cached, measured = self._cache.get, self._measured
            self._words[key] = tuple(
                tuple([cached(word) or measured(word) for word in line])
                for line in breaking.words(runs, italic, self.gap)
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

    def _measured(self, key: WordKey) -> _Word:
        """Return the measured word made of ``key``'s pieces, cached."""
        found = self._cache.get(key)
        if found is not None:
            return found
        word = self._word([Piece(text, font, extra) for text, font, extra in key])
        if len(self._cache) >= _MAX_CACHED:
            self._cache.clear()
        self._cache[key] = word
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
        chars = split(word.pieces)
        end = len(chars)
        while end and chars[end - 1].text in SPACES:
            end -= 1
        if end and chars[end - 1].text in HANGING:
            end -= 1  # the rest can hang this one past the margin
        heads: list[_Word] = []
        pos = 0
        while True:
            n = self._head(chars, pos, limit)
            if heads and pos + n + 1 >= end:  # only then can the rest fit: widths only grow
                rest = self._word(join(chars[pos:]))
                if rest.hang <= limit or len(rest.text.rstrip()) <= 1:
                    return heads, rest
            heads.append(self._word(join(chars[pos : pos + n])))
            pos += n

    def _break_text(self, word: _Word, limit: float) -> tuple[list[_Word], _Word]:
        """_break_word for a word in one font, on its text rather than its characters."""
        (piece,) = word.pieces
        text, font = piece.text, piece.font
        file = self.fonts.file(*font)
        end = len(text.rstrip("".join(SPACES)))
        if end and text[end - 1] in HANGING:
            end -= 1

        def fits(start: int, stop: int) -> bool:
            return _em_width(text[start:stop], file) <= limit

        heads: list[_Word] = []
        pos = 0
        while True:
            n = _largest(pos, len(text) - pos - 1, fits)
            if heads and pos + n + 1 >= end:
                rest = self._word([Piece(text[pos:], font, piece.extra)])
                if rest.hang <= limit or len(rest.text.rstrip()) <= 1:
                    return heads, rest
            heads.append(self._word([Piece(text[pos : pos + n], font)]))
            pos += n

    def _head(self, chars: Sequence[Piece], pos: int, limit: float) -> int:
        """Return the largest n (1 <= n < len(chars) - pos) with em(chars[pos:pos+n]) <= limit."""
        return _largest(
            pos,
            len(chars) - pos - 1,
            lambda start, stop: self.em(join(chars[start:stop])) <= limit,
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
