"""What a deck points at, read once for the plan: dates, pictures, code colours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from podium.errors import ModelPath
from podium.load.model import Deck
from podium.plan.markup import Inline, plain
from podium.plan.types import MAX_CORE_PROPERTY, CodePlan, CodeToken, ImagePlan

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
#: A picture file larger than this is refused before it is read (both outputs embed it).
MAX_IMAGE_BYTES = 25 * 2**20


def image_header(data: bytes) -> tuple[str, int, int] | str:
    """Return (format, width, height) of a PNG, JPEG or GIF from its header, or why not.

    Only the header is read, by the format's own Pillow plugin: nothing is decoded, so a header
    claiming 100000x100000 pixels is measured, not inflated. Pillow's own limits are set here
    deliberately: its pixel limit is Podium's (it applies where python-pptx opens the picture),
    and PNG text and colour-profile chunks may not inflate past 1 MB each, 4 MB together.
    """
    import io

    from PIL import GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    PngImagePlugin.MAX_TEXT_CHUNK = 2**20
    PngImagePlugin.MAX_TEXT_MEMORY = 4 * 2**20
    plugins: tuple[tuple[str, Any, Any], ...] = (
        ("PNG", PngImagePlugin._accept, PngImagePlugin.PngImageFile),
        ("JPEG", JpegImagePlugin._accept, JpegImagePlugin.JpegImageFile),
        ("GIF", GifImagePlugin._accept, GifImagePlugin.GifImageFile),
    )
    for fmt, accept, plugin in plugins:
        if not accept(data[:16]):
            continue
        try:
            with plugin(io.BytesIO(data)) as im:
                w, h = im.size
        except ValueError as exc:
            if "Too Large" in str(exc) or "too large" in str(exc):
                return "its metadata (a text or colour-profile chunk) inflates past 1 MB"
            return f"the {fmt} file is damaged ({exc})"
        except (OSError, SyntaxError, EOFError, IndexError, KeyError, TypeError) as exc:
            detail = str(exc).removeprefix(f"broken {fmt} file ").strip("()") or type(exc).__name__
            return f"the {fmt} file is damaged ({detail})"
        if w <= 0 or h <= 0:
            return f"the {fmt} file is damaged (it says it is {w}\u00d7{h} pixels)"
        return fmt, w, h
    known = (
        ("WebP", data[:4] == b"RIFF" and data[8:12] == b"WEBP"),
        ("BMP", data[:2] == b"BM"),
        ("TIFF", data[:4] in (b"II*\0", b"MM\0*")),
        ("HEIC", data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1")),
    )
    found = next((name for name, match in known if match), None)
    if found:
        return f"it is {found}; use PNG, JPEG, GIF or SVG"
    return "not a PNG, JPEG, GIF or SVG image"


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


def read_image(base: Path, name: str, alt: str, folders: Sequence[Path] = ()) -> ImagePlan | str:
    """Return the picture ``name`` (relative to ``base``) as the plan holds it, or what is
    wrong with it: outside ``base`` and ``folders``, missing, not a regular file, unreadable,
    not PNG, JPEG, GIF or SVG, or too large. The file is read once, its size checked first."""
    from podium.files import FileTooLarge, NotRegularFile, read_regular

    path = base / name
    outside = outside_folders(path, [base.resolve(), *folders])
    if outside:
        return f"image '{name}' {outside}"
    if path.is_dir():
        return f"image '{name}' is a folder; give the path of a PNG, JPEG or GIF file inside it"
    try:
        data = read_regular(path, MAX_IMAGE_BYTES, "image")
    except (FileNotFoundError, NotADirectoryError):
        where = path.parent.resolve()
        return f"image not found: '{name}' (looked in {where}); paths are relative to the deck file"
    except (FileTooLarge, NotRegularFile, IsADirectoryError) as exc:
        return f"cannot use image '{name}': {exc.strerror}"
    except OSError as exc:
        return f"cannot read image '{name}': {exc.strerror or exc}"
    if name.lower().endswith((".svg", ".svgz")) or _looks_like_svg(data):
        return _read_svg(path, data, name, alt)
    header = image_header(data)
    if isinstance(header, str):
        return f"cannot read image '{name}': {header}"
    fmt, w, h = header
    if w * h > MAX_IMAGE_PIXELS:
        return (
            f"image too large ({w}\u00d7{h} pixels): '{name}'; scale it below "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels (4000\u00d73000 is plenty)"
        )
    stat = path.stat()
    damage = decode_problem(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if damage:
        return (
            f"image '{name}' is damaged ({damage}); it would show as an empty or black box: "
            "export or download it again"
        )
    return ImagePlan(path.resolve(), alt.strip(), w, h, _IMAGE_TYPES[fmt])


def outside_folders(path: Path, folders: Sequence[Path]) -> str:
    """Return why ``path`` may not be used (outside every one of ``folders``), or ''."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop
        return "cannot be resolved (a loop of symbolic links?)"
    if any(real.is_relative_to(folder) for folder in folders):
        return ""
    return (
        f"is outside the deck's folder ({real}); pictures must be in the deck's folder or "
        "below it, or in a shared assets folder named by assets: in the deck or by "
        "--assets on the command line"
    )


@lru_cache(maxsize=256)
def decode_problem(path: str, mtime_ns: int, size: int) -> str:
    """Return what is wrong with the image file at ``path`` when decoded in full ('' if
    nothing): a truncated or corrupt file opens (its header is fine) but cannot be drawn.

    ``mtime_ns`` and ``size`` key the cache, so an edited file is decoded again.
    """
    from PIL import Image

    try:
        with Image.open(path) as im:
            im.verify()  # checksums and structure, without decoding
        with Image.open(path) as im:
            for frame in range(getattr(im, "n_frames", 1)):
                im.seek(frame)
                im.load()  # the pixels, as PowerPoint and browsers decode them
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, EOFError...
        return "the file is cut short" if "truncat" in str(exc).lower() else "its data is corrupt"
    return ""


def _read_svg(path: Path, data: bytes, name: str, alt: str) -> ImagePlan | str:
    from podium.media.svg import MAX_SVG_BYTES, SvgError, sanitise

    if len(data) > MAX_SVG_BYTES:
        return (
            f"SVG '{name}' is {len(data) // 1_000_000} MB; simplify it below "
            f"{MAX_SVG_BYTES // 1_000_000} MB (or export it as PNG)"
        )
    try:
        svg = sanitise(data)
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


def _looks_like_svg(data: bytes) -> bool:
    """Return whether a file starts like XML (an SVG saved without its extension)."""
    head = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<?xml", b"<svg"))


def highlight(code: str, language: str) -> CodePlan:
    """Return code tokenised and coloured by Pygments (raises ClassNotFound for a language)."""
    from pygments import lex
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name

    from podium.plan.breaking import forced_lines
    from podium.plan.markup import clean

    lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    style = get_style_by_name("vs")
    # Per line, neighbours that look alike (colour, bold, italic) become one token: fewer,
    # longer runs in both outputs (a line of 40,000 brackets is one).
    looks: list[tuple[tuple[str | None, bool, bool], str]] = []
    for ttype, value in lex(clean(code).expandtabs(4).rstrip("\n"), lexer):
        st = style.style_for_token(ttype)
        looks.append(((st["color"] or None, bool(st["bold"]), bool(st["italic"])), value))
    lines = [
        [CodeToken(text, *look) for look, text in line]
        for line in forced_lines(looks, lambda text: text.split("\n"))
    ]
    return CodePlan(language, tuple(tuple(line) for line in lines))


def long_properties(
    deck: Deck, inline: Callable[[str | None, ModelPath], Inline]
) -> list[tuple[str, str]]:
    """Return (key, warning) for the deck's text longer than PowerPoint's file properties hold:
    it is shortened there (the slides show it whole)."""
    out = []
    for key, what in (("title", "Title"), ("subtitle", "Subject"), ("author", "Author")):
        size = len(plain(inline(getattr(deck, key), (key,))))
        if size > MAX_CORE_PROPERTY:
            out.append(
                (
                    key,
                    f"{size} characters; the PowerPoint file's {what} property holds "
                    f"{MAX_CORE_PROPERTY}, so it is shortened there (the slides show it whole)",
                )
            )
    return out


def asset_folders(base: Path, named: str | None, given: Sequence[Path]) -> list[Path] | str:
    """Return the folders pictures may come from besides ``base`` (the deck's ``assets:``,
    then the command line's), or what is wrong with the deck's."""
    folders = [folder.resolve() for folder in given]
    if named is None:
        return folders
    folder = base / named
    if not folder.is_dir():
        return (
            f"assets: '{named}' is not a folder (looked for {folder.resolve()}); give a "
            "folder, relative to the deck file"
        )
    return [folder.resolve(), *folders]
