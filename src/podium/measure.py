"""Text measurement: wrap runs into lines with metric-compatible fonts and add up their height.

PowerPoint does not apply its own autofit until someone edits the text, so Podium decides sizes
at build time. Widths come from Pillow (FreeType + raqm shaping, so kerning counts) with fonts
whose advance widths equal the theme's: Carlito for Calibri, Liberation for Arial, Times New
Roman and Courier New, Noto Sans CJK JP for Japanese. Line breaking is written here because no
library in our dependencies does it: Pillow measures but does not wrap, and PyICU would be a
compiled dependency for four rules (after spaces, after hyphens and dashes, between CJK
characters with kinsoku, and inside a word too long for its line).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from podium.errors import PodiumError
from podium.markup import Run
from podium.theme import EMU_PER_PT

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

#: Pixels per em at which widths are measured: widths are linear in the size, so each text is
#: measured once, in 1/2048 em (finer than 1/64 pt at any slide size), and scaled to any size.
_EM_PX = 2048

#: Theme font -> (the installed font measured in its place, the Debian package that has it).
#: Each substitute has the same advance widths as the font it stands for, except Liberation
#: Mono for Consolas: no free font has Consolas' widths (0.55 em). Liberation Mono (0.60 em,
#: Courier New's metrics) is what LibreOffice draws Consolas with here too (fontconfig picks a
#: 0.60 em mono), and is 9 % wider than Consolas, so code measured with it fits in PowerPoint.
SUBSTITUTES: dict[str, tuple[str, str]] = {
    "calibri": ("Carlito", "fonts-crosextra-carlito"),
    "carlito": ("Carlito", "fonts-crosextra-carlito"),
    "cambria": ("Caladea", "fonts-crosextra-caladea"),
    "caladea": ("Caladea", "fonts-crosextra-caladea"),
    "arial": ("Liberation Sans", "fonts-liberation2"),
    "helvetica": ("Liberation Sans", "fonts-liberation2"),
    "liberation sans": ("Liberation Sans", "fonts-liberation2"),
    "times new roman": ("Liberation Serif", "fonts-liberation2"),
    "liberation serif": ("Liberation Serif", "fonts-liberation2"),
    "courier new": ("Liberation Mono", "fonts-liberation2"),
    "consolas": ("Liberation Mono", "fonts-liberation2"),
    "liberation mono": ("Liberation Mono", "fonts-liberation2"),
    "dejavu sans": ("DejaVu Sans", "fonts-dejavu-core"),
    "dejavu sans mono": ("DejaVu Sans Mono", "fonts-dejavu-core"),
    "noto sans cjk jp": ("Noto Sans CJK JP", "fonts-noto-cjk"),
    "yu gothic": ("Noto Sans CJK JP", "fonts-noto-cjk"),
    "meiryo": ("Noto Sans CJK JP", "fonts-noto-cjk"),
    "ms gothic": ("Noto Sans CJK JP", "fonts-noto-cjk"),
    "ms pgothic": ("Noto Sans CJK JP", "fonts-noto-cjk"),
}
#: Where Debian puts the substitutes, for machines without fc-match: family -> file stem.
_KNOWN_FILES: dict[str, tuple[str, str]] = {
    "Carlito": ("/usr/share/fonts/truetype/crosextra", "Carlito"),
    "Caladea": ("/usr/share/fonts/truetype/crosextra", "Caladea"),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation2", "LiberationSans"),
    "Liberation Serif": ("/usr/share/fonts/truetype/liberation2", "LiberationSerif"),
    "Liberation Mono": ("/usr/share/fonts/truetype/liberation2", "LiberationMono"),
}
_STYLE_SUFFIX = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}

#: Han, kana, Hangul, CJK punctuation and full-width forms: drawn with the East Asian font and
#: breakable between any two characters (the same ranges as render/pptx.py's a:ea rule).
_CJK = re.compile(
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
_HANGING = frozenset("、。，．")
_SPACES = frozenset(" \u3000\t")
#: Quotation marks hold on to both neighbours (UAX #14 class QU): no break before or after.
_QUOTES = frozenset("\"'\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a")


@dataclass(frozen=True)
class FontFile:
    """A font file and the face inside it (collections such as .ttc hold several)."""

    path: str
    index: int = 0


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
    """One wrapped line: its text (trailing spaces kept), width without them, and pitch (pt)."""

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


class FontSet:
    """The fonts text is measured with: Latin, monospace (code runs) and East Asian.

    Fonts are looked up on first use, so a deck without Japanese text does not need
    fonts-noto-cjk. Raises PodiumError (naming the Debian package) when a substitute is missing.
    """

    def __init__(
        self,
        latin: str = "Calibri",
        mono: str = "Consolas",
        east_asian: str = "Noto Sans CJK JP",
        line_pitch: float = 1.2,
    ) -> None:
        self.names = {"latin": latin, "mono": mono, "ea": east_asian}
        #: Single line spacing as a multiple of the size, for the Latin and mono fonts.
        self.line_pitch = line_pitch
        self._files: dict[tuple[str, bool, bool], FontFile] = {}

    def file(self, role: str, bold: bool = False, italic: bool = False) -> FontFile:
        key = (role, bold, italic)
        if key not in self._files:
            self._files[key] = find_font(self.names[role], bold, italic)
        return self._files[key]

    def pitch(self, role: str, bold: bool = False) -> float:
        """Return single line spacing of ``role``'s font as a multiple of the font size.

        The Latin fonts use the theme's pitch (1.2, what PowerPoint and LibreOffice use for
        Calibri); the East Asian font is taller (Noto Sans CJK: 1.448), and a line holding
        such text is as tall as its tallest font.
        """
        if role != "ea":
            return self.line_pitch
        return max(self.line_pitch, _font_pitch(self.file(role, bold, False)))


def find_font(family: str, bold: bool = False, italic: bool = False) -> FontFile:
    """Return the installed font to measure ``family`` with, through SUBSTITUTES and fc-match.

    A family with no known substitute is measured with itself when installed, else with
    Carlito. Raises PodiumError naming the Debian package when the substitute is missing.
    """
    wanted, package = SUBSTITUTES.get(family.lower(), (family, ""))
    found = _fc_match(wanted, bold, italic) or _known_file(wanted, bold, italic)
    if found is not None:
        return found
    if not package:
        return find_font("Carlito", bold, italic)
    raise PodiumError(
        f"font '{wanted}' (used to measure text set in {family}) is not installed; "
        f"install the Debian package {package} (make test installs it: "
        "scripts/install-system-deps.sh)"
    )


@lru_cache(maxsize=64)
def _fc_match(family: str, bold: bool, italic: bool) -> FontFile | None:
    if shutil.which("fc-match") is None:
        return None
    pattern = family + (":bold" if bold else "") + (":italic" if italic else "")
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
            capture_output=True, text=True, timeout=30, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\n")
    if len(parts) < 3:
        return None
    path, index, families = parts[0], parts[1], parts[2]
    # fc-match always answers; a different family means ours is not installed.
    if family.lower() not in (f.strip().lower() for f in families.split(",")):
        return None
    if not Path(path).is_file():
        return None
    return FontFile(path, int(index) if index.isdigit() else 0)


def _known_file(family: str, bold: bool, italic: bool) -> FontFile | None:
    if family not in _KNOWN_FILES:
        return None
    folder, stem = _KNOWN_FILES[family]
    for style in (_STYLE_SUFFIX[bold, italic], "Regular"):
        path = Path(folder) / f"{stem}-{style}.ttf"
        if path.is_file():
            return FontFile(str(path))
    return None


@lru_cache(maxsize=32)
def _font(font: FontFile) -> FreeTypeFont:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(font.path, _EM_PX, index=font.index)
    except OSError as exc:
        raise PodiumError(f"cannot read the font {font.path}: {exc}") from exc


@lru_cache(maxsize=32)
def _font_pitch(font: FontFile) -> float:
    ascent, descent = _font(font).getmetrics()
    return (ascent + descent) / _EM_PX


@lru_cache(maxsize=65536)
def _em_width(text: str, font: FontFile) -> float:
    """Return the advance width of ``text`` in em, shaped and kerned."""
    return _font(font).getlength(text) / _EM_PX


# -- wrapping -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of one paragraph line in one font: text and the font's role and style."""

    text: str
    role: str  # latin, mono or ea
    bold: bool
    italic: bool


def _scripts(text: str) -> list[bool]:
    """Return, per character, whether it is set in the East Asian font.

    CJK characters are; letters of other scripts are not; digits, punctuation and spaces are
    "weak" and follow the script before them (the one after them at the start), as
    LibreOffice assigns fonts: "2024年" after Japanese text is drawn in the East Asian font.
    """
    strong: list[bool | None] = []
    for ch in text:
        if _CJK.match(ch):
            strong.append(True)
        elif unicodedata.category(ch)[0] == "L":
            strong.append(False)
        else:
            strong.append(None)
    first = next((s for s in strong if s is not None), False)
    out: list[bool] = []
    current = first
    for s in strong:
        if s is not None:
            current = s
        out.append(current)
    return out


def _pieces(runs: Iterable[Run], italic: bool = False) -> list[list[_Piece]]:
    """Return a paragraph's text as pieces in one font each, cut at its forced line breaks."""
    chars: list[tuple[str, Run]] = [(ch, run) for run in runs for ch in run.text]
    east = _scripts("".join(ch for ch, _run in chars))
    lines: list[list[_Piece]] = [[]]
    for (ch, run), ea in zip(chars, east, strict=True):
        if ch in "\n\v":
            lines.append([])
            continue
        role = "ea" if ea else "mono" if run.code else "latin"
        piece = _Piece(ch, role, run.bold, run.italic or italic)
        line = lines[-1]
        if line and (line[-1].role, line[-1].bold, line[-1].italic) == (role, piece.bold,
                                                                         piece.italic):
            line[-1] = _Piece(line[-1].text + ch, role, piece.bold, piece.italic)
        else:
            line.append(piece)
    return lines


def _break_after(text: str, i: int) -> bool:
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


def _words(line: Sequence[_Piece]) -> list[list[_Piece]]:
    """Split one forced line into words: the pieces between break opportunities.

    Each word keeps its trailing spaces; a word may span several pieces (a bold prefix).
    """
    chars = [_Piece(c, p.role, p.bold, p.italic) for p in line for c in p.text]
    text = "".join(c.text for c in chars)
    words: list[list[_Piece]] = []
    start = 0
    for i in range(len(text)):
        if i == len(text) - 1 or _break_after(text, i):
            words.append(_join(chars[start : i + 1]))
            start = i + 1
    return words


class Measurer:
    """Wrap and measure paragraphs with one FontSet; widths are cached per text and font."""

    def __init__(self, fonts: FontSet | None = None) -> None:
        self.fonts = fonts or FontSet()

    def width(self, pieces: Iterable[_Piece], size: float) -> float:
        """Return the width of ``pieces`` at ``size`` pt, in points."""
        total = 0.0
        for p in pieces:
            if p.text:
                total += _em_width(p.text, self.fonts.file(p.role, p.bold, p.italic))
        return total * size

    def text_width(self, run: Run, size: float) -> float:
        """Return the width of one run's text at ``size`` pt, in points."""
        return sum(self.width(line, size) for line in _pieces((run,)))

    def wrap(self, block: Block, width: float | None) -> list[Line]:
        """Return the lines of ``block`` set ``width`` pt wide.

        width None: no wrapping (only forced line breaks end a line). Widths leave out
        trailing spaces. Heights are the line pitch of the tallest font on the line.
        """
        lines: list[Line] = []
        for forced in _pieces(block.runs, block.italic):
            lines.extend(self._wrap_line(forced, block, width))
        return lines

    def _wrap_line(self, line: list[_Piece], block: Block, width: float | None) -> list[Line]:
        size = block.size
        base = self.fonts.pitch("latin") * size * block.spacing
        if not line:
            return [Line("", 0.0, base)]
        out: list[Line] = []
        text: list[str] = []
        cur, cur_h, has_text = 0.0, base, False
        trail = 0.0  # width of the current line's trailing spaces
        todo = _words(line)
        while todo:
            word = todo.pop(0)
            full = self.width(word, size)
            body = _rstrip(word)
            trimmed = self.width(body, size)
            hang = trimmed
            if body and body[-1].text[-1:] in _HANGING:
                hang = self.width(_drop_last(body), size)
            h = self._height(word, block)
            if width is not None and has_text and cur + hang > width + 1e-6:
                out.append(Line("".join(text), cur - trail, cur_h))
                text, cur, cur_h, has_text, trail = [], 0.0, base, False, 0.0
            if width is not None and not has_text and hang > width + 1e-6:
                head, rest = self._split_word(word, width, size)
                head_text = "".join(p.text for p in head)
                out.append(Line(head_text, self.width(head, size), self._height(head, block)))
                todo.insert(0, rest)
                continue
            text.extend(p.text for p in word)
            cur += full
            trail = full - trimmed
            cur_h = max(cur_h, h)
            has_text = has_text or bool(body)
        out.append(Line("".join(text), cur - trail, cur_h))
        return out

    def _height(self, word: Sequence[_Piece], block: Block) -> float:
        pitch = max(
            (self.fonts.pitch(p.role, p.bold) for p in word if p.text.strip()),
            default=self.fonts.line_pitch,
        )
        return pitch * block.size * block.spacing

    def _split_word(
        self, word: list[_Piece], width: float, size: float
    ) -> tuple[list[_Piece], list[_Piece]]:
        """Return the longest head of ``word`` that fits ``width`` (at least one character)."""
        chars = [_Piece(c, p.role, p.bold, p.italic) for p in word for c in p.text]
        lo, hi = 1, len(chars) - 1
        while lo < hi:  # the largest n with width(chars[:n]) <= width
            mid = (lo + hi + 1) // 2
            if self.width(_join(chars[:mid]), size) <= width + 1e-6:
                lo = mid
            else:
                hi = mid - 1
        n = max(1, lo)
        return _join(chars[:n]), _join(chars[n:])

    def measure(self, blocks: Sequence[Block], width: int | None) -> TextSize:
        """Return the size of ``blocks`` set in a text frame ``width`` EMU wide (insets off).

        width None: the frame does not wrap (code); TextSize.width tells how wide it must be.
        """
        height = 0.0
        widest = 0.0
        counts: list[int] = []
        for block in blocks:
            room = None if width is None else max(0.0, (width - block.margin) / EMU_PER_PT)
            lines = self.wrap(block, room)
            counts.append(len(lines))
            height += block.space_before + sum(line.height for line in lines)
            widest = max(widest, max(line.width for line in lines) + block.margin / EMU_PER_PT)
        return TextSize(
            sum(counts), round(height * EMU_PER_PT), round(widest * EMU_PER_PT), tuple(counts)
        )


def _rstrip(word: list[_Piece]) -> list[_Piece]:
    out = list(word)
    while out and not out[-1].text.rstrip(" \u3000\t"):
        out.pop()
    if out:
        last = out[-1]
        out[-1] = _Piece(last.text.rstrip(" \u3000\t"), last.role, last.bold, last.italic)
    return out


def _drop_last(word: list[_Piece]) -> list[_Piece]:
    out = list(word)
    last = out[-1]
    out[-1] = _Piece(last.text[:-1], last.role, last.bold, last.italic)
    return out


def _join(chars: Sequence[_Piece]) -> list[_Piece]:
    """Merge neighbouring one-character pieces of the same font back into pieces."""
    out: list[_Piece] = []
    for c in chars:
        if out and (out[-1].role, out[-1].bold, out[-1].italic) == (c.role, c.bold, c.italic):
            prev = out[-1]
            out[-1] = _Piece(prev.text + c.text, prev.role, prev.bold, prev.italic)
        else:
            out.append(c)
    return out


@lru_cache(maxsize=8)
def measurer(latin: str = "Calibri", mono: str = "Consolas", east_asian: str = "Noto Sans CJK JP",
             line_pitch: float = 1.2) -> Measurer:
    """Return the shared Measurer for these theme fonts (its width cache lives as long)."""
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
