"""Fonts embedded in the HTML deck: the faces text was measured with, subset to the characters
the deck uses, as WOFF2 data URLs.

Podium breaks lines at build time with metric-compatible fonts (plan/fonts.py). Embedding those
fonts makes every browser draw the text with the same advance widths, so the lines break where
the build measured them on any computer, whatever fonts it has. Each subset is renamed (name
table and CSS family "Podium Text", "Podium Title", "Podium Mono", "Podium East Asian"): the
SIL Open Font License asks modified versions of fonts with a Reserved Font Name to drop it.
Only fonts whose OS/2 embedding bits allow it are embedded; East Asian text measured full-width
(no CJK font where the deck was built) is left to the viewer's own fonts.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from podium.plan.breaking import CJK
from podium.plan.fonts import SUBSTITUTES, FontFile, FontSet
from podium.plan.markup import Run
from podium.plan.types import CodeToken, DeckPlan, SlidePlan
from podium.render import disk_cache
from podium.render.disk_cache import cache_folder
from podium.template.theme import Theme

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

#: Role -> the CSS family name of its embedded faces.
FAMILIES = {
    "text": "Podium Text",
    "title": "Podium Title",
    "mono": "Podium Mono",
    "ea": "Podium East Asian",
}
#: Printable ASCII: in every Latin face used, so that typing in `podium serve` seldom needs a
#: new subset (each takes a few hundred milliseconds; the same subset is reused).
_ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))
#: Characters the HTML's own controls, counters and speaker view may draw in the text font.
_CHROME = _ASCII | frozenset("\u00a0–—…←→↑↓•·×")
#: Fields of a slide drawn with the titles' (major) font.
_TITLE_FIELDS = frozenset({"title"})
#: Fields drawn in italics or bold whatever their runs say (podium.css).
_ITALIC_FIELDS = frozenset({"quote"})
_BOLD_FIELDS = frozenset({"header"})

Style = tuple[bool, bool]  # (bold, italic)


@dataclass(frozen=True)
class Face:
    """One embedded face: its CSS family, weight and style, and the font data URL."""

    family: str
    bold: bool
    italic: bool
    url: str


def _walk(value: object, field: str, bold: bool, italic: bool) -> Iterator[tuple[str, Run]]:
    """Yield (field, run) for every run inside ``value``, with implied bold and italics."""
    if isinstance(value, Run):
        yield field, Run(value.text, value.bold or bold, value.italic or italic, value.code)
    elif isinstance(value, CodeToken):
        yield "code", Run(value.text, value.bold, value.italic, True)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item, field, bold, italic)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            name = f.name if field in ("", "table") else field
            yield from _walk(
                getattr(value, f.name),
                name,
                bold or name in _BOLD_FIELDS,
                italic or name in _ITALIC_FIELDS,
            )


#: Per (role, bold, italic), the characters one slide draws in it (see slide_text).
SlideText = tuple[tuple[tuple[str, bool, bool], frozenset[str]], ...]


def slide_text(slide: SlidePlan) -> SlideText:
    """Return, per (role, bold, italic), the characters ``slide`` draws in it (East Asian ones
    under role "ea"), in no particular order."""
    chars: dict[tuple[str, bool, bool], set[str]] = {}
    for field, run in _walk(slide, "", False, False):
        if run.is_break:
            continue
        role = "mono" if run.code else "title" if field in _TITLE_FIELDS else "text"
        cjk = set(CJK.findall(run.text))
        latin = set(run.text) - cjk
        if latin:
            chars.setdefault((role, run.bold, run.italic), set()).update(latin)
        if cjk:
            chars.setdefault(("ea", run.bold, False), set()).update(cjk)
    return tuple((key, frozenset(value)) for key, value in chars.items())


def merged_text(parts: Iterable[SlideText]) -> dict[tuple[str, bool, bool], str]:
    """Return, per (role, bold, italic), the characters of the slides ``parts`` describe, with
    what every Latin face holds besides (printable ASCII, and the controls' characters)."""
    chars: dict[tuple[str, bool, bool], set[str]] = {("text", False, False): set(_CHROME)}
    for part in parts:
        for key, value in part:
            seed = () if key[0] == "ea" else _ASCII
            chars.setdefault(key, set(seed)).update(value)
    return {key: "".join(sorted(value)) for key, value in chars.items()}


class TextTally:
    """merged_text kept from one list of slides' texts to the next: a list that differs from
    the last in a few slides costs those slides, not the deck (the preview's rebuilds). Each
    part is known by identity; the tally holds the parts it counts, so no other takes its id."""

    def __init__(self) -> None:
        self._parts: dict[int, tuple[SlideText, int]] = {}  # id -> (part, times in the list)
        #: per (role, bold, italic), how many parts draw each character in it
        self._counts: dict[tuple[str, bool, bool], dict[str, int]] = {}
        self._joined: dict[tuple[str, bool, bool], str] = {}

    def merged(self, parts: Iterable[SlideText]) -> dict[tuple[str, bool, bool], str]:
        """Return merged_text(parts)."""
        now: dict[int, tuple[SlideText, int]] = {}
        order: dict[tuple[str, bool, bool], None] = {("text", False, False): None}
        for part in parts:
            entry = now.get(id(part))
            now[id(part)] = (part, 1 if entry is None else entry[1] + 1)
            if entry is None:
                for key, _chars in part:
                    order[key] = None
        dirty: set[tuple[str, bool, bool]] = set()
        for ident, (part, times) in self._parts.items():
            entry = now.get(ident)
            if entry is None or entry[1] != times:
                self._count(part, (0 if entry is None else entry[1]) - times, dirty)
        for ident, (part, times) in now.items():
            if ident not in self._parts:
                self._count(part, times, dirty)
        self._parts = now
        for key in dirty:
            self._joined.pop(key, None)
        merged = {}
        for key in order:
            text = self._joined.get(key)
            if text is None:
                seed = (
                    _CHROME if key == ("text", False, False) else () if key[0] == "ea" else _ASCII
                )
                text = "".join(sorted(set(seed).union(self._counts.get(key, ()))))
                self._joined[key] = text
            merged[key] = text
        return merged

    def _count(self, part: SlideText, times: int, dirty: set[tuple[str, bool, bool]]) -> None:
        for key, chars in part:
            counts = self._counts.setdefault(key, {})
            dirty.add(key)
            for ch in chars:
                left = counts.get(ch, 0) + times
                if left:
                    counts[ch] = left
                else:
                    del counts[ch]


def used_text(plan: DeckPlan) -> dict[tuple[str, bool, bool], str]:
    """Return, per (role, bold, italic), the characters the visible slides draw in it."""
    # the deck's title is the page title; notes, footers and numbers are runs of the slides
    return merged_text(slide_text(s) for s in plan.slides if not s.hidden)


def _font_sets(theme: Theme) -> dict[str, FontSet]:
    return {
        "text": FontSet(theme.minor_font, theme.mono_font, theme.ea_font, theme.line_pitch),
        "title": FontSet(theme.major_font, theme.mono_font, theme.ea_font, theme.line_pitch),
    }


@dataclass(frozen=True)
class Embedded:
    """The faces embedded for a deck, and the CSS family each role's text is drawn with."""

    faces: tuple[Face, ...] = ()
    families: tuple[tuple[str, str], ...] = ()  # (role, family)
    #: Roles whose theme font was measured with a stand-in that is not metric-compatible
    #: (a template font Podium has no substitute for): their own font comes first in the CSS,
    #: the embedded stand-in right after it.
    approximate: tuple[str, ...] = ()

    def family(self, role: str) -> str | None:
        return dict(self.families).get(role)

    def stack(self, role: str, own: str) -> list[str]:
        """Return the start of ``role``'s CSS font stack, whose theme font is ``own``: the
        embedded face first, or right after ``own`` when it only approximates it."""
        family = self.family(role)
        if family is None:
            return [own]
        return [own, family] if role in self.approximate else [family, own]


def embedded(plan: DeckPlan, used: dict[tuple[str, bool, bool], str] | None = None) -> Embedded:
    """Return the faces to embed for ``plan``: each measured face the deck draws text with,
    subset to its characters (roles measured with the same font share one family).

    ``used``: the plan's ``used_text``, when the caller has it already."""
    sets = _font_sets(plan.theme)

    def font(role: str, bold: bool = False, italic: bool = False) -> FontFile:
        fontset = sets["title" if role == "title" else "text"]
        return fontset.file("latin" if role in ("text", "title") else role, bold, italic)

    family_of: dict[str, str] = {}
    regulars: dict[FontFile, str] = {}
    wanted: dict[tuple[str, bool, bool], tuple[FontFile, set[str]]] = {}
    for (role, bold, italic), text in sorted((used or used_text(plan)).items()):
        face = font(role, bold, italic)
        if face.full_width:
            continue
        family = family_of.setdefault(role, regulars.setdefault(font(role), FAMILIES[role]))
        wanted.setdefault((family, bold, italic), (face, set()))[1].update(text)
    out = []
    for (family, bold, italic), (face, chars) in sorted(wanted.items()):
        data = subset_woff2(face, "".join(sorted(chars)), family, bold, italic)
        if data is not None:
            url = "data:font/woff2;base64," + base64.b64encode(data).decode("ascii")
            out.append(Face(family, bold, italic, url))
    present = {f.family for f in out}
    theme = plan.theme
    named = {"text": theme.minor_font, "title": theme.major_font, "mono": theme.mono_font}
    approximate = tuple(
        sorted(
            role
            for role, name in named.items()
            if role in family_of and not stands_for(name, font(role))
        )
    )
    return Embedded(
        tuple(out),
        tuple(sorted((r, f) for r, f in family_of.items() if f in present)),
        approximate,
    )


def stands_for(family: str, font: FontFile) -> bool:
    """Return whether ``font`` draws ``family`` with its widths: its metric-compatible
    substitute, or the family itself."""
    if family.lower() in SUBSTITUTES:
        return True
    from fontTools.ttLib import TTFont

    with _quiet(), TTFont(font.path, fontNumber=font.index, lazy=True) as tt:
        names = {r.toUnicode().lower() for r in tt["name"].names if r.nameID in (1, 16)}
    return family.lower() in names


def _embeddable(tt: TTFont) -> bool:
    """Return whether the font may be embedded in a web page: its licence is the SIL Open
    Font License (Podium's own fonts, Noto) and its embedding bits are not restricted."""
    os2 = tt.get("OS/2")
    if os2 is not None and os2.fsType & 0x0002:
        return False
    return any(r.nameID == 13 and "Open Font License" in r.toUnicode() for r in tt["name"].names)


@lru_cache(maxsize=64)
def subset_woff2(font: FontFile, text: str, family: str, bold: bool, italic: bool) -> bytes | None:
    """Return the face ``font`` cut down to the glyphs of ``text`` and renamed ``family``, as
    WOFF2 bytes (the same bytes for the same input); None when the font forbids embedding.

    Kept in Podium's cache folder ("fonts"): cutting and compressing a face takes a few hundred
    milliseconds, far longer than the rest of a small deck's build.
    """
    folder = cache_folder("fonts")
    key = _subset_key(font, text, family, bold, italic) if folder is not None else None
    if folder is not None and key is not None:
        kept = disk_cache.read(folder, key)
        if kept is not None:
            return kept or None  # empty: the font forbids embedding
    data = _subset(font, text, family, bold, italic)
    if folder is not None and key is not None:
        disk_cache.write(folder, key, data or b"")
    return data


def _subset_key(font: FontFile, text: str, family: str, bold: bool, italic: bool) -> str | None:
    """Return the cache key of a subset: everything its bytes depend on (the font file as it
    is now, the characters and names, this module's code, fontTools' and Brotli's versions);
    None when the font file cannot be read."""
    try:
        stat = os.stat(font.path)
        with open(__file__, "rb") as fh:
            code = fh.read()
        tools = [_installed(name) for name in ("fontTools", "_brotli")]
    except OSError:
        return None
    parts = (
        os.path.realpath(font.path), stat.st_size, stat.st_mtime_ns, font.index, text, family,
        bold, italic, tools,
    )  # fmt: skip
    digest = hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(code)
    return digest.hexdigest() + ".woff2"


def _installed(module: str) -> tuple[str, int, int]:
    """Return where ``module`` is installed and its file's size and time, without importing it
    (an upgrade writes new files); raise OSError when it is not found."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise OSError(f"no module {module}")
    stat = os.stat(spec.origin)
    return spec.origin, stat.st_size, stat.st_mtime_ns


def _subset(font: FontFile, text: str, family: str, bold: bool, italic: bool) -> bytes | None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with _quiet(), TTFont(font.path, fontNumber=font.index, recalcTimestamp=False, lazy=True) as tt:
        if not _embeddable(tt):
            return None
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = False
        options.desubroutinize = True
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
        options.name_languages = [0x409]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(tt)
        _rename(tt, family, bold, italic)
        tt.flavor = "woff2"
        out = io.BytesIO()
        tt.save(out)
        return out.getvalue()


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence fontTools' notes (old timestamps, dropped tables) while it works."""
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _rename(tt: object, family: str, bold: bool, italic: bool) -> None:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get(
        (bold, italic), "Bold Italic"
    )
    names = tt["name"]  # type: ignore[index]
    full = f"{family} {style}"
    values = {1: family, 2: style, 3: f"Podium subset: {full}", 4: full, 6: full.replace(" ", "")}
    for record in list(names.names):
        if record.nameID in values:
            names.setName(
                values[record.nameID],
                record.nameID,
                record.platformID,
                record.platEncID,
                record.langID,
            )
