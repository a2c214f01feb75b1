"""Fonts to measure with: the metric-compatible substitute for each theme font.

Carlito and Liberation Sans, Serif and Mono ship with Podium (src/podium/fonts, SIL Open Font
License), so a build needs no installed fonts for Calibri, Arial, Times New Roman, Courier New
or Consolas. Other families are looked up with fc-match. East Asian text is measured with Noto
Sans CJK JP when it is installed, else as full-width characters one em wide (see FontFile).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from podium.errors import PodiumError

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


#: Where Debian puts the substitutes, for machines without fc-match: family -> (folder, file
#: stem, extension); the file is <stem>-<style><extension>, face 0.
_KNOWN_FILES: dict[str, tuple[str, str, str]] = {
    "Carlito": ("/usr/share/fonts/truetype/crosextra", "Carlito", ".ttf"),
    "Caladea": ("/usr/share/fonts/truetype/crosextra", "Caladea", ".ttf"),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation2", "LiberationSans", ".ttf"),
    "Liberation Serif": ("/usr/share/fonts/truetype/liberation2", "LiberationSerif", ".ttf"),
    "Liberation Mono": ("/usr/share/fonts/truetype/liberation2", "LiberationMono", ".ttf"),
    "Noto Sans CJK JP": ("/usr/share/fonts/opentype/noto", "NotoSansCJK", ".ttc"),
}


#: The folder of the fonts Podium ships.
BUNDLED_DIR = Path(__file__).resolve().parents[1] / "fonts"
#: Families shipped in BUNDLED_DIR -> file stem; the file is <stem>-<style>.ttf.
BUNDLED: dict[str, str] = {
    "Carlito": "Carlito",
    "Liberation Sans": "LiberationSans",
    "Liberation Serif": "LiberationSerif",
    "Liberation Mono": "LiberationMono",
}
#: The font East Asian text is measured with, when installed.
EAST_ASIAN = "Noto Sans CJK JP"

_STYLE_SUFFIX = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


@dataclass(frozen=True)
class FontFile:
    """A font file and the face inside it (collections such as .ttc hold several).

    ``full_width`` marks the stand-in for a missing East Asian font: CJK characters are
    measured one em wide (half-width forms half an em), as nearly every CJK font draws them,
    and any other character with the font at ``path``.
    """

    path: str
    index: int = 0
    full_width: bool = False


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
        #: Single line spacing as a multiple of the size. PowerPoint and LibreOffice space
        #: lines by the size, not by each font's own metrics: LibreOffice draws Carlito, Noto
        #: Sans CJK JP (whose metrics say 1.45) and mono fonts alike 1.2 x size apart.
        self.line_pitch = line_pitch
        self._files: dict[tuple[str, bool, bool], FontFile] = {}

    def file(self, role: str, bold: bool = False, italic: bool = False) -> FontFile:
        key = (role, bold, italic)
        if key not in self._files:
            if role == "ea":
                self._files[key] = find_east_asian(self.names[role], self.names["latin"], bold)
            else:
                self._files[key] = find_font(self.names[role], bold, italic)
        return self._files[key]


def find_east_asian(family: str, latin: str, bold: bool = False) -> FontFile:
    """Return the font to measure East Asian text set in ``family`` with: its substitute or
    itself when installed, else Noto Sans CJK JP, else the full-width stand-in (one em per
    CJK character; other characters measured with ``latin``'s font)."""
    wanted, _package = SUBSTITUTES.get(family.lower(), (family, ""))
    for name in dict.fromkeys((wanted, EAST_ASIAN)):
        found = _fc_match(name, bold, False) or _known_file(name, bold, False)
        if found is not None:
            return found
    return FontFile(find_font(latin, bold).path, 0, full_width=True)


def find_font(family: str, bold: bool = False, italic: bool = False) -> FontFile:
    """Return the font to measure ``family`` with, through SUBSTITUTES: one Podium ships,
    else an installed one (fc-match).

    A family with no known substitute is measured with itself when installed, else with
    Carlito. Raises PodiumError naming the Debian package when the substitute is missing.
    """
    wanted, package = SUBSTITUTES.get(family.lower(), (family, ""))
    found = (
        bundled(wanted, bold, italic)
        or _fc_match(wanted, bold, italic)
        or _known_file(wanted, bold, italic)
    )
    if found is not None:
        return found
    if not package:
        return find_font("Carlito", bold, italic)
    raise PodiumError(
        f"font '{wanted}' (used to measure text set in {family}) is not installed; "
        f"install it: on Debian or Ubuntu, sudo apt install {package}"
    )


@lru_cache(maxsize=64)
def _fc_match(family: str, bold: bool, italic: bool) -> FontFile | None:
    import shutil
    import subprocess  # only for a font Podium does not ship

    if shutil.which("fc-match") is None:
        return None
    pattern = family + (":bold" if bold else "") + (":italic" if italic else "")
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
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


def bundled(family: str, bold: bool = False, italic: bool = False) -> FontFile | None:
    """Return the face of ``family`` Podium ships, or None for a family it does not ship."""
    stem = BUNDLED.get(family)
    if stem is None:
        return None
    return FontFile(str(BUNDLED_DIR / f"{stem}-{_STYLE_SUFFIX[bold, italic]}.ttf"))


def _known_file(family: str, bold: bool, italic: bool) -> FontFile | None:
    if family not in _KNOWN_FILES:
        return None
    folder, stem, ext = _KNOWN_FILES[family]
    for style in (_STYLE_SUFFIX[bold, italic], "Bold" if bold else "Regular", "Regular"):
        path = Path(folder) / f"{stem}-{style}{ext}"
        if path.is_file():
            return FontFile(str(path))
    return None


#: Half-width katakana and Hangul, and half-width symbols: half an em in CJK fonts.
_HALF_WIDTH = re.compile("[\uff61-\uffdc\uffe8-\uffee]")


def full_width(text: str, cjk: re.Pattern[str], other: Callable[[str], float]) -> float:
    """Return the width of ``text`` in em without a CJK font: one em per character matching
    ``cjk`` (half an em for half-width forms), ``other`` (em) for each stretch of the rest."""
    width = 0.0
    for part in re.split(f"({cjk.pattern}+)", text):
        if part and cjk.match(part):
            width += sum(0.5 if _HALF_WIDTH.match(ch) else 1.0 for ch in part)
        elif part:
            width += other(part)
    return width
