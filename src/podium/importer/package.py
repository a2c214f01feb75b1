"""The .pptx as a package: the files refused before anything is read, and the copy of its
masters, layouts and theme that an imported deck builds on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from podium.importer.report import ImportSourceError

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MAX_INFLATED = 2 * 2**30


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


# -- refusing what cannot be read ---------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_package(path: Path, name: str) -> None:
    """Raise ImportSourceError unless ``path`` is a .pptx Podium can read."""
    suffix = path.suffix.lower()
    if suffix == ".ppt":
        raise ImportSourceError(
            f"{name}: a PowerPoint 97-2003 file (.ppt) cannot be imported; save it as .pptx "
            "(in PowerPoint: File > Save As > PowerPoint Presentation) or convert it with "
            f"'soffice --headless --convert-to pptx {name}', then import the .pptx"
        )
    if suffix == ".key":
        raise ImportSourceError(
            f"{name}: a Keynote file cannot be imported; export it as PowerPoint (in Keynote: "
            "File > Export To > PowerPoint), then import the .pptx"
        )
    if suffix == ".odp":
        raise ImportSourceError(
            f"{name}: an OpenDocument presentation cannot be imported directly; convert it "
            f"with 'soffice --headless --convert-to pptx {name}', then import the .pptx"
        )
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise ImportSourceError(f"{name}: cannot read the file: {exc.strerror}") from None
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportSourceError(
                f"{name}: the presentation is password-protected (encrypted); remove the "
                "password (in PowerPoint: File > Info > Protect Presentation > Encrypt with "
                "Password, clear it), save, and import again"
            )
        raise ImportSourceError(
            f"{name}: a PowerPoint 97-2003 file (.ppt) under another name; save it as .pptx "
            "(in PowerPoint: File > Save As > PowerPoint Presentation), then import that"
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportSourceError(
            f"{name}: not a PowerPoint file: a .pptx is a zip package and this is not one "
            "(is it damaged, or only partly downloaded?)"
        ) from None
    with zf:
        names = set(zf.namelist())
        if sum(i.file_size for i in zf.infolist()) > MAX_INFLATED:
            raise ImportSourceError(
                f"{name}: refused: the package would inflate past "
                f"{MAX_INFLATED // 2**30} GB; this is not an ordinary presentation"
            )
        if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
            raise ImportSourceError(
                f"{name}: not a PowerPoint presentation: the zip has no ppt/presentation.xml "
                "(a Word or Excel file, or a damaged .pptx?)"
            )
        types = zf.read("[Content_Types].xml")
        if any("vbaproject" in n.lower() for n in names) or (
            b"macroEnabled" in types and b"vbaProject" in types
        ):
            raise ImportSourceError(
                f"{name}: a macro-enabled presentation is refused; save it without macros "
                "(in PowerPoint: File > Save As > PowerPoint Presentation (.pptx)), then "
                "import that"
            )


# -- the masters' copy ---------------------------------------------------------------------------


def stripped_copy(prs: Any) -> bytes:
    """Return the presentation without its slides, section list and custom shows."""
    import datetime as dt

    from pptx import Presentation

    from podium.render.pptx_package import reproducible_zip

    buf = io.BytesIO()
    prs.save(buf)
    copy = Presentation(io.BytesIO(buf.getvalue()))
    id_list = copy.slides._sldIdLst
    for sld_id in list(id_list):
        copy.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
    pres = copy.part._element
    for lst in list(pres.iter(_q(P14, "sectionLst"))):
        ext = lst.getparent()
        if ext is not None and ext.getparent() is not None:
            ext.getparent().remove(ext)
    for shows in pres.findall(_q(P, "custShowLst")):
        pres.remove(shows)
    _add_view_props(copy)
    props = copy.core_properties
    props.title = props.subject = props.keywords = props.comments = ""
    out = io.BytesIO()
    copy.save(out)
    return reproducible_zip(out.getvalue(), dt.datetime(2000, 1, 1))


_VIEW_PROPS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    b'<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
)


def _add_view_props(prs: Any) -> None:
    """Give the presentation the view properties part PowerPoint expects, where the tool that
    wrote it (LibreOffice) left it out."""
    from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    part = prs.part
    if any(rel.reltype == RELATIONSHIP_TYPE.VIEW_PROPS for rel in part.rels.values()):
        return
    view = Part(
        PackURI("/ppt/viewProps.xml"), CONTENT_TYPE.PML_VIEW_PROPS, part.package, _VIEW_PROPS
    )
    part.relate_to(view, RELATIONSHIP_TYPE.VIEW_PROPS)


def is_reference(data: bytes) -> bool:
    """Return whether ``data`` has the masters of Podium's built-in reference template."""
    from podium.template.package import reference_path

    try:
        ref = zipfile.ZipFile(reference_path())
        ours = zipfile.ZipFile(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile):
        return False
    with ref, ours:
        for name in ("ppt/slideMasters/slideMaster1.xml", "ppt/theme/theme1.xml"):
            try:
                if ref.read(name) != ours.read(name):
                    return False
            except KeyError:
                return False
        layouts = sorted(n for n in ref.namelist() if n.startswith("ppt/slideLayouts/s"))
        return all(
            name in ours.namelist() and ref.read(name) == ours.read(name) for name in layouts
        )


def to_png(blob: bytes) -> bytes | None:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(blob)) as im:
            out = io.BytesIO()
            im.save(out, "PNG")
            return out.getvalue()
    except Exception:  # Pillow raises many kinds for formats it cannot read (EMF, WMF)
        return None
