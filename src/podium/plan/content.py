"""What a deck points at, read once for the plan: dates, pictures, code colours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from podium.plan.types import CodePlan, CodeToken, ImagePlan

_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
#: Pictures larger than this are refused: they would bloat both outputs for no visible gain.
MAX_IMAGE_PIXELS = 40_000_000
FIXED_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def parse_date(text: str | None) -> dt.datetime | None:
    """Return the date in ``text`` (2007-01-24, January 24, 2007, 24 January 2007) or None."""
    import re

    if not text:
        return None
    text = text.strip()
    try:
        return dt.datetime.fromisoformat(text[:10]).replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", text)
    if m and m.group(1).lower() in _MONTHS:
        month, day, year = _MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})\.? ([A-Za-z]+)\.?,? (\d{4})", text)
        if not (m and m.group(2).lower() in _MONTHS):
            return None
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
    try:
        return dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError:
        return None


def build_date(deck_date: str | None, environ: dict[str, str] | None = None) -> dt.datetime:
    """Return the files' date: SOURCE_DATE_EPOCH, else the deck's date, else a fixed date."""
    import os

    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return parse_date(deck_date) or FIXED_EPOCH


def read_image(base: Path, name: str, alt: str) -> ImagePlan | str:
    """Return the picture ``name`` (relative to ``base``) as the plan holds it, or what is
    wrong with it: missing, unreadable, not PNG, JPEG, GIF or SVG, or too large."""
    from PIL import Image, UnidentifiedImageError

    path = base / name
    if not path.is_file():
        where = path.parent.resolve()
        return f"image not found: '{name}' (looked in {where}); paths are relative to the deck file"
    if name.lower().endswith((".svg", ".svgz")) or _looks_like_svg(path):
        return _read_svg(path, name, alt)
    try:
        with Image.open(path) as im:
            fmt, (w, h) = im.format or "", im.size
    except (UnidentifiedImageError, OSError) as exc:
        why = (
            "not a PNG, JPEG, GIF or SVG image"
            if isinstance(exc, UnidentifiedImageError)
            else (getattr(exc, "strerror", None) or str(exc))
        )
        return f"cannot read image '{name}': {why}"
    if fmt not in _IMAGE_TYPES:
        return f"image '{name}' is {fmt or 'of an unknown format'}; use PNG, JPEG, GIF or SVG"
    if w * h > MAX_IMAGE_PIXELS:
        return (
            f"image '{name}' is {w}x{h} pixels; scale it below "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels (4000x3000 is plenty)"
        )
    return ImagePlan(path.resolve(), alt.strip(), w, h, _IMAGE_TYPES[fmt])


def _read_svg(path: Path, name: str, alt: str) -> ImagePlan | str:
    from podium.media.svg import MAX_SVG_BYTES, SvgError, sanitise

    try:
        size = path.stat().st_size
        if size > MAX_SVG_BYTES:
            return (
                f"SVG '{name}' is {size // 1_000_000} MB; simplify it below "
                f"{MAX_SVG_BYTES // 1_000_000} MB (or export it as PNG)"
            )
        svg = sanitise(path.read_bytes())
    except OSError as exc:
        return f"cannot read image '{name}': {exc.strerror or exc}"
    except SvgError as exc:
        return f"cannot use SVG '{name}': {exc}"
    return ImagePlan(
        path.resolve(),
        alt.strip(),
        max(1, round(svg.width)),
        max(1, round(svg.height)),
        "image/svg+xml",
        svg.data,
    )


def _looks_like_svg(path: Path) -> bool:
    """Return whether the file starts like XML (an SVG saved without its extension)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(256).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith((b"<?xml", b"<svg"))


def highlight(code: str, language: str) -> CodePlan:
    """Return code tokenised and coloured by Pygments (raises ClassNotFound for a language)."""
    from pygments import lex
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name

    from podium.plan.markup import clean

    lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    style = get_style_by_name("vs")
    lines: list[list[CodeToken]] = [[]]
    for ttype, value in lex(clean(code).expandtabs(4).rstrip("\n"), lexer):
        st = style.style_for_token(ttype)
        for k, part in enumerate(value.split("\n")):
            if k:
                lines.append([])
            if part:
                lines[-1].append(
                    CodeToken(part, st["color"] or None, bool(st["bold"]), bool(st["italic"]))
                )
    return CodePlan(language, tuple(tuple(line) for line in lines))
