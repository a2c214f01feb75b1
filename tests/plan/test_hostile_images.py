"""Picture bombs, FIFOs, devices and pictures outside the deck's folder: located errors."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from hostile_helpers import both_refuse, run

SIG = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int = 1, height: int = 1, extra: bytes = b"") -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(b"\0" * (1 + 3 * width) * height))
    return SIG + header + extra + pixels + _chunk(b"IEND", b"")


def claimed(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its data does not have (a decompression bomb)."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return SIG + header + _chunk(b"IDAT", zlib.compress(b"\0" * 4)) + _chunk(b"IEND", b"")


def deck_with(image: str, extra: str = "") -> str:
    return f"title: t\n{extra}slides:\n  - layout: image\n    image: {image}\n    alt: x\n"


LINE = "    4 |     image: {0}\n      |            {1}\n"


def _where(image: str) -> str:
    return LINE.format(image, "^" * len(image))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.png", claimed(100_000, 100_000),
         "image too large (100000\u00d7100000 pixels): 'bomb.png'; scale it below 40 "
         "megapixels (4000\u00d73000 is plenty)"),
        ("ztxt.png", png(extra=_chunk(b"zTXt", b"k\0\0" + zlib.compress(b"a" * 50_000_000, 9))),
         "cannot read image 'ztxt.png': its metadata (a text or colour-profile chunk) inflates "
         "past 1 MB"),
        ("iccp.png", png(extra=_chunk(b"iCCP", b"p\0\0" + zlib.compress(b"a" * 50_000_000, 9))),
         "cannot read image 'iccp.png': its metadata (a text or colour-profile chunk) inflates "
         "past 1 MB"),
        ("pic.webp", b"RIFF\0\0\0\0WEBPVP8 ",
         "cannot read image 'pic.webp': it is WebP; use PNG, JPEG, GIF or SVG"),
        ("cut.png", png()[:30], "cannot read image 'cut.png': the PNG file is damaged (incomplete "
         "checksum in b'IHDR')"),
    ],
    ids=["bomb", "ztxt", "iccp", "webp", "truncated"],
)  # fmt: skip
def test_hostile_picture_is_a_located_error(
    write_deck, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    said = both_refuse(write_deck(deck_with(name)))
    assert said == f"deck.yaml:4:12: error: slides[0].image: {message}\n" + _where(name)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_picture_must_be_a_regular_file(write_deck, tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(tmp_path / "p.png")
        why = "a named pipe (FIFO), not a regular file"
    else:
        (tmp_path / "p.png").symlink_to("/dev/zero")
        (tmp_path / "assets").mkdir()
        why = "outside"
    said = both_refuse(write_deck(deck_with("p.png")), "--assets", "/dev")
    if kind == "fifo":
        assert said.splitlines()[0] == (
            f"deck.yaml:4:12: error: slides[0].image: cannot use image 'p.png': {why}"
        )
    else:
        assert said.splitlines()[0] == (
            "deck.yaml:4:12: error: slides[0].image: cannot use image 'p.png': a device, not a "
            "regular file"
        )


OUTSIDE = (
    "deck.yaml:4:12: error: slides[0].image: image '{name}' is outside the deck's folder "
    "({real}); pictures must be in the deck's folder or below it, or in a shared assets folder "
    "named by assets: in the deck or by --assets on the command line\n"
)


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_picture_outside_the_deck_folder_is_refused_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "logo.png").write_bytes(png())
    lecture = tmp_path / "lecture"
    lecture.mkdir()
    monkeypatch.chdir(lecture)
    name = {"dotdot": "../shared/logo.png", "absolute": str(shared / "logo.png")}.get(how, "l.png")
    if how == "symlink":
        (lecture / "l.png").symlink_to(shared / "logo.png")
    deck = lecture / "deck.yaml"
    deck.write_text(deck_with(name), encoding="utf-8")
    said = both_refuse(deck)
    real = (shared / "logo.png").resolve()
    assert said == OUTSIDE.format(name=name, real=real) + _where(name)
    # the lecturer's --assets, or the deck's assets:, allow the shared folder
    code, out = run("build", str(deck), "--assets", str(shared), "-o", str(lecture / "b1"))
    assert code == 0, out
    deck.write_text(deck_with(name, "assets: ../shared\n"), encoding="utf-8")
    code, out = run("build", str(deck), "-o", str(lecture / "b2"))
    assert code == 0, out
    assert (lecture / "b2" / "deck.pptx").read_bytes() == (
        lecture / "b1" / "deck.pptx"
    ).read_bytes()


def test_assets_must_be_a_folder(write_deck) -> None:
    said = both_refuse(write_deck(deck_with("x.png", "assets: nowhere\n")))
    assert said.splitlines()[0].startswith(
        "deck.yaml:2:9: error: assets: assets: 'nowhere' is not a folder (looked for "
    )
