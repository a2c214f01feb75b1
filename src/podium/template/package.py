"""Read a PowerPoint package safely: size and ratio limits, no macros, no outside links.

Reads with zipfile and lxml only, never python-pptx, so an HTML-only build on a template stays
cheap. The PowerPoint renderer opens the same checked bytes with python-pptx.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from podium.errors import Problem, TemplateError, file_problem
from podium.files import FileTooLarge, NotRegularFile, read_regular

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"a": A, "p": P, "r": R}

CT_PRESENTATION = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
CT_TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"

#: A template bigger than this on disk is refused before it is read.
MAX_FILE_BYTES = 100 * 2**20
#: Zip limits checked on the central directory, before anything is inflated. Python's zipfile
#: stops inflating an entry at its declared size, so a lying directory cannot get past them.
MAX_ENTRIES = 5000
MAX_UNCOMPRESSED = 300 * 2**20
MAX_RATIO = 100
#: Entries smaller than this may compress as well as they like (XML often does 20:1).
RATIO_FLOOR = 2**20

#: The byline placeholder of Podium's title layout (scripts/make_reference.py).


def _parse(blob: bytes) -> Any:
    """Return the root of ``blob``: no entities, DTDs or network (a parser per call: they are not
    for sharing between threads, and the preview server builds in several)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(blob, parser)


# -- reading the package safely -----------------------------------------------------------------


def reference_path() -> Path:
    """Return the built-in reference.pptx: the installed package's, else the checkout's.

    Raises TemplateError when neither exists.
    """
    here = Path(__file__).resolve()
    places = (here.parents[1] / "_templates", here.parents[3] / "templates")
    for place in places:
        if (place / "reference.pptx").is_file():
            return place / "reference.pptx"
    looked = ", ".join(str(p) for p in places)
    raise TemplateError(f"the built-in reference.pptx is missing (looked in {looked})")


def read_checked(path: Path) -> bytes:
    """Return the bytes of the template at ``path`` once they are known to be safe to open.

    Raises TemplateError, before anything is inflated, for a file that is not a zip, would
    inflate past the limits, is macro-enabled, or has external relationships.
    """
    try:
        data = read_regular(path, MAX_FILE_BYTES, "template")
    except FileTooLarge as exc:
        raise TemplateError.at(
            path, f"refused: {exc.strerror} (remove unused pictures and layouts)"
        ) from None
    except NotRegularFile as exc:
        raise TemplateError.at(
            path, f"refused: {exc.strerror}; give a .pptx or .potx file"
        ) from None
    except OSError as exc:
        raise TemplateError.at(path, f"cannot read the template: {exc.strerror}") from None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TemplateError.at(path, "not a PowerPoint file (expected a .pptx or .potx)") from exc
    with zf:
        _check_sizes(path, zf.infolist())
        _check_inflates(path, zf)
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names:
            raise TemplateError.at(path, "not a PowerPoint file (expected a .pptx or .potx)")
        types = zf.read("[Content_Types].xml")
        try:
            active = _active_content(zf, types)
        except etree.XMLSyntaxError as exc:
            raise TemplateError.at(
                path,
                f"a content-type or relationships part is not well-formed XML: {exc}; "
                "open and save the template in PowerPoint to repair it",
            ) from exc
        if b"macroEnabled" in types or active or any("vbaproject" in n.lower() for n in names):
            what = f" ({active})" if active else ""
            raise TemplateError.at(
                path,
                f"macro-enabled templates are refused{what}; save it as .pptx or .potx "
                "(in PowerPoint: File > Save As > PowerPoint Template)",
            )
        try:
            _check_external(path, zf)
        except etree.XMLSyntaxError as exc:
            raise TemplateError.at(
                path,
                f"a relationships part is not well-formed XML: {exc}; "
                "open and save the template in PowerPoint to repair it",
            ) from exc
    return data


#: Content types and relationship types of code a template could carry into the output: VBA
#: projects and their data, and ActiveX controls. Refused by what the package says a part is,
#: whatever its name.
_ACTIVE_TYPES = (
    "application/vnd.ms-office.vbaproject",
    "application/vnd.ms-office.vbaprojectsignature",
    "application/vnd.ms-word.vbadata+xml",
    "application/vnd.ms-office.activex",
    "application/vnd.ms-office.activex+xml",
)
_ACTIVE_RELS = (
    "/vbaproject",
    "/vbaprojectsignature",
    "/wordvbadata",
    "/activexcontrol",
    "/activexcontrolbinary",
)


def _active_content(zf: zipfile.ZipFile, types: bytes) -> str:
    """Return the name of a part holding macros or ActiveX code, or ''."""
    root = _parse(types)
    for node in root:
        kind = (node.get("ContentType") or "").lower()
        if kind.startswith(_ACTIVE_TYPES):
            where = node.get("PartName") or f"*.{node.get('Extension', '')}"
            return f"{where.lstrip('/')} is {node.get('ContentType')}"
    for name in zf.namelist():
        if not name.endswith(".rels"):
            continue
        for rel in _parse(zf.read(name)).iter(f"{{{PKG_RELS}}}Relationship"):
            kind = (rel.get("Type") or "").lower()
            if kind.endswith(_ACTIVE_RELS):
                return f"{name} links {rel.get('Target', '')} as {kind.rsplit('/', 1)[-1]}"
    return ""


def _check_sizes(path: Path, infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise TemplateError.at(
            path,
            f"the zip holds {len(infos)} entries (at most {MAX_ENTRIES}); "
            "this is not an ordinary template",
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise TemplateError.at(
            path,
            f"the zip would inflate to {total / 2**20:.0f} MB (at most "
            f"{MAX_UNCOMPRESSED // 2**20} MB); a template this large is likely a zip bomb",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise TemplateError.at(
                path,
                f"'{info.filename}' would inflate {ratio:.0f} times (to "
                f"{info.file_size / 2**20:.0f} MB, at most {MAX_RATIO} times); a template "
                "this compressible is likely a zip bomb",
            )


def _check_inflates(path: Path, zf: zipfile.ZipFile) -> None:
    """Inflate every member once (within the limits checked above), so that damaged data
    (corrupt deflate streams, sizes or checksums the directory lies about) is refused here
    rather than met halfway through a build."""
    for info in zf.infolist():
        try:
            with zf.open(info) as member:
                while member.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
            raise TemplateError.at(
                path,
                f"the template is damaged: '{info.filename}' cannot be read ({exc}); "
                "open it in PowerPoint and save it again",
            ) from None


@contextlib.contextmanager
def damaged(path: Path) -> Iterator[None]:
    """Turn what a malformed part makes the reading code raise into a TemplateError.

    Every value Podium reads from a template (sizes, colours, indices) comes from XML a
    template's author wrote; one that is not what PowerPoint writes (``cx="abc"``, a colour
    ``ZZZZZZ``) makes the template unusable, not Podium crash.
    """
    try:
        yield
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ZeroDivisionError) as exc:
        if isinstance(exc, etree.XMLSyntaxError):
            raise TemplateError.at(path, f"a part is not well-formed XML: {exc}") from None
        raise TemplateError.at(
            path,
            f"the template holds a value PowerPoint would not write ({exc}); open it in "
            "PowerPoint and save it again",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise TemplateError.at(
            path, f"the template is damaged ({exc}); open it in PowerPoint and save it again"
        ) from None


#: Relationship types whose targets may live outside the package: ordinary web and mail links.
_SAFE_EXTERNAL = ("http://", "https://", "mailto:")


def _check_external(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse external relationships of every part that outlives the template's slides.

    Linked pictures and objects (file:, UNC paths, web addresses) are fetched when someone opens
    the deck, which can leak their Windows credentials; web and mail hyperlinks are harmless.
    """
    problems: list[Problem] = []
    for part in sorted(_kept_parts(zf)):
        for rel in _rels_of(zf, part):
            if rel.get("TargetMode") != "External":
                continue
            target, kind = rel.get("Target", ""), rel.get("Type", "").rsplit("/", 1)[-1]
            if kind == "hyperlink" and target.lower().startswith(_SAFE_EXTERNAL):
                continue
            problems.append(
                file_problem(
                    path,
                    f"{part.lstrip('/')} has an external {kind} relationship to "
                    f"'{target}'; templates must embed what they show: in PowerPoint, replace the "
                    "linked picture or object with an embedded one (or remove it) and save again",
                )
            )
    if problems:
        raise TemplateError(problems)


def _kept_parts(zf: zipfile.ZipFile) -> set[str]:
    """Return the parts reachable from the package root without going through a slide.

    The template's own slides are dropped when a deck is rendered, and with them whatever only
    they use.
    """
    seen: set[str] = set()
    todo = ["/"]
    while todo:
        part = todo.pop()
        for rel in _rels_of(zf, part):
            if rel.get("TargetMode") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("slide", "notesSlide"):
                continue
            target = _resolve(part, rel.get("Target", ""))
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen | {"/"}


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels").lstrip("/")


def _rels_of(zf: zipfile.ZipFile, part: str) -> list[Any]:
    name = _rels_name(part) if part != "/" else "_rels/.rels"
    try:
        root = _parse(zf.read(name))
    except KeyError:
        return []
    return list(root.iter(f"{{{PKG_RELS}}}Relationship"))


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target)
    base = posixpath.dirname(source) if source != "/" else "/"
    return posixpath.normpath(posixpath.join(base, target))


def patched_for_pptx(data: bytes) -> bytes:
    """Return the package with a .potx's content type made a .pptx's, which python-pptx wants."""
    return _swap_content_type(data, CT_TEMPLATE, CT_PRESENTATION)


def _swap_content_type(data: bytes, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(old.encode(), new.encode())
            zout.writestr(info, blob)
    return out.getvalue()
