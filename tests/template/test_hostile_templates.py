"""Damaged, lying and non-file templates: refused as located errors by check, build and inspect."""

from __future__ import annotations

import os
import re
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import both_refuse, run

REF = Path(__file__).resolve().parents[2] / "templates" / "reference.pptx"


def rewritten(out: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(REF) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
    return out


def bad_slide_size(out: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name == "ppt/presentation.xml":
            return re.sub(rb'<p:sldSz cx="\d+"', b'<p:sldSz cx="abc"', data)
        return data

    return rewritten(out, change)


def bad_colour(out: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if "theme" in name:
            return re.sub(rb'srgbClr val="[0-9A-Fa-f]{6}"', b'srgbClr val="ZZZZZZ"', data, count=3)
        return data

    return rewritten(out, change)


def _member(data: bytes, name: str) -> zipfile.ZipInfo:
    with zipfile.ZipFile(REF) as zf:
        return zf.getinfo(name)


def corrupt_deflate(out: Path) -> Path:
    data = bytearray(REF.read_bytes())
    info = _member(data, "ppt/presentation.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 5, start + 40):
        data[k] ^= 0x55
    out.write_bytes(bytes(data))
    return out


def lying_size(out: Path) -> Path:
    data = bytearray(REF.read_bytes())
    name = b"ppt/presentation.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            struct.pack_into("<I", data, at + 24, 10)  # the directory's uncompressed size
            break
        at = data.find(b"PK\x01\x02", at + 4)
    out.write_bytes(bytes(data))
    return out


CASES = {
    "sldsz": (bad_slide_size, "the template holds a value PowerPoint would not write (invalid "
              "literal for int() with base 10: 'abc'); open it in PowerPoint and save it again"),
    "colour": (bad_colour, "the template holds a value PowerPoint would not write (invalid "
               "literal for int() with base 16: 'ZZ'); open it in PowerPoint and save it again"),
    "deflate": (corrupt_deflate, "the template is damaged: 'ppt/presentation.xml' cannot be read "
                "(Error -3 while decompressing data: invalid code lengths set); open it in "
                "PowerPoint and save it again"),
    "lying": (lying_size, "the template is damaged: 'ppt/presentation.xml' cannot be read (Bad "
              "CRC-32 for file 'ppt/presentation.xml'); open it in PowerPoint and save it again"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_template_is_refused_alike_by_check_build_and_inspect(
    write_deck, tmp_path: Path, case: str
) -> None:
    make, message = CASES[case]
    make(tmp_path / "t.pptx")
    said = both_refuse(write_deck("title: t\ntemplate: t.pptx\nslides:\n  - title: a\n"))
    assert said == (
        f"deck.yaml:2:11: error: template: t.pptx: {message}\n"
        "    2 | template: t.pptx\n"
        "      |           ^^^^^^\n"
    )
    code, inspected = run("template", "inspect", "t.pptx")
    assert (code, inspected) == (1, f"t.pptx: error: {message}\n")
    code, built = run("build", "-t", "t.pptx", "-o", "o2")
    assert (code, built) == (1, f"t.pptx: error: {message}\n")


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom"])
def test_template_must_be_a_regular_file(write_deck, tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(tmp_path / "t.pptx")
        why = "a named pipe (FIFO), not a regular file"
    else:
        (tmp_path / "t.pptx").symlink_to(f"/dev/{kind}")
        why = "a device, not a regular file"
    said = both_refuse(write_deck("title: t\ntemplate: t.pptx\nslides:\n  - title: a\n"))
    assert said.splitlines()[0] == (
        f"deck.yaml:2:11: error: template: t.pptx: refused: {why}; give a .pptx or .potx file"
    )
    assert run("template", "inspect", "t.pptx") == (
        1,
        f"t.pptx: error: refused: {why}; give a .pptx or .potx file\n",
    )


def test_good_template_copy_still_builds(write_deck, tmp_path: Path) -> None:
    shutil.copy(REF, tmp_path / "t.pptx")
    write_deck("title: t\ntemplate: t.pptx\nslides:\n  - title: a\n")
    assert run("build")[0] == 0


def _with_part(out: Path, content_type: str | None, rel_type: str | None) -> Path:
    """The reference template with ppt/stuff.bin added: typed and linked as asked."""

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml" and content_type:
            override = f'<Override PartName="/ppt/stuff.bin" ContentType="{content_type}"/>'
            return data.replace(b"</Types>", override.encode() + b"</Types>")
        if name == "ppt/_rels/presentation.xml.rels" and rel_type:
            rel = f'<Relationship Id="rId99" Type="{rel_type}" Target="stuff.bin"/>'
            return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return data

    rewritten(out, change)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("ppt/stuff.bin", b"\xd0\xcf\x11\xe0 not a template's business")
    return out


VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


@pytest.mark.parametrize(
    ("content_type", "rel_type", "what"),
    [
        ("application/vnd.ms-office.vbaProject", None,
         "ppt/stuff.bin is application/vnd.ms-office.vbaProject"),
        (None, VBA_REL, "ppt/_rels/presentation.xml.rels links stuff.bin as vbaproject"),
        ("application/vnd.ms-office.activeX+xml", None,
         "ppt/stuff.bin is application/vnd.ms-office.activeX+xml"),
    ],
    ids=["vba-content-type", "vba-relationship", "activex"],
)  # fmt: skip
def test_macros_are_refused_by_type_not_by_name(
    write_deck, tmp_path: Path, content_type: str | None, rel_type: str | None, what: str
) -> None:
    _with_part(tmp_path / "t.pptx", content_type, rel_type)
    said = both_refuse(write_deck("title: t\ntemplate: t.pptx\nslides:\n  - title: a\n"))
    assert said.splitlines()[0] == (
        f"deck.yaml:2:11: error: template: t.pptx: macro-enabled templates are refused ({what}); "
        "save it as .pptx or .potx (in PowerPoint: File > Save As > PowerPoint Template)"
    )


def test_parts_the_output_does_not_need_are_not_copied(write_deck, tmp_path: Path) -> None:
    _with_part(tmp_path / "t.pptx", "application/octet-stream", None)
    write_deck("title: t\ntemplate: t.pptx\nslides:\n  - title: a\n")
    assert run("build")[0] == 0
    with zipfile.ZipFile(tmp_path / "build" / "deck.pptx") as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml")
    assert "ppt/stuff.bin" not in names and b"stuff.bin" not in types
    assert not [n for n in names if n.startswith("ppt/slides/") and "slide2" in n]
