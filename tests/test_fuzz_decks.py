"""Mutations of the seed deck: check reports located problems or says ok, never a traceback;
and when check says ok, build succeeds.

The seed deck.yaml is the corpus: each example applies a few edits to its lines (replace a
value with a hostile one, append to a line, duplicate, delete or re-indent a line). Every
example is checked (load, plan, fit: what `podium check` does); every BUILD_EVERY-th one that
checks ok is also rendered to both outputs (what `podium build` adds). Derandomised, with a
fixed budget, so CI runs the same examples every time; the reproducers found by hand are
pinned with @example.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from podium.commands.build import load_plan, render
from podium.errors import PodiumError

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "deck.yaml").read_text(encoding="utf-8").splitlines()
EXAMPLES = 2000
BUILD_EVERY = 10

HOSTILE = [
    '"a\\x01b"',
    '"\\ud800"',
    '"a\\0b"',
    '"\\x7f\\x85\\u2028"',
    "a" * 3000,
    "(" * 2000,
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    "[x](file:///etc/passwd)",
    "[x](&#106;avascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '"<script>alert(1)</script>"',
    "see https://example.org and mailto:a@b.org",
    "**bold *italic `code`**",
    "\\",
    "`",
    "*a",
    "&a x",
    "!!binary aGk=",
    "{",
    "[",
    "- - -",
    "yes",
    "1e999",
    "12:30",
    "''",
    "~",
    "../outside.png",
    "/dev/zero",
    "pipe.png",
    "bomb.png",
    "ok.png",
    "bad.pptx",
    "zero.pptx",
    "ZZ: [a, b]",
    "|",
    ">",
    "- x\n  - y",
    '"$\\frac{1}{2}$"',
    '"$x$ \\x0c \\x1b"',
    "$\\frac{1}{2}$ and $$x^2$$",
    "figure.svg",
]
KEYS = [
    "title",
    "subtitle",
    "footer",
    "date",
    "lang",
    "slide_numbers",
    "template",
    "assets",
    "layout",
    "bullets",
    "notes",
    "image",
    "alt",
    "caption",
    "quote",
    "header",
    "rows",
    "code",
    "language",
    "fit",
    "hidden",
    "id",
]

edits = st.lists(
    st.tuples(
        st.sampled_from(["value", "append", "duplicate", "delete", "indent", "key"]),
        st.integers(0, len(SEED) - 1),
        st.integers(0, len(HOSTILE) - 1),
        st.integers(0, len(KEYS) - 1),
    ),
    min_size=1,
    max_size=4,
)


Edit = tuple[str, int, int, int]  # (what, line, hostile value, key)


def mutate(ops: list[Edit]) -> str:
    lines = list(SEED)
    for kind, at, pick, key in ops:
        at %= len(lines)
        line, payload = lines[at], HOSTILE[pick]
        if kind == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[at] = f"{head}: {payload}"
        elif kind == "append":
            lines[at] = line + " " + payload
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "delete" and len(lines) > 3:
            del lines[at]
        elif kind == "indent":
            lines[at] = ("  " + line) if pick % 2 else line[2:]
        elif kind == "key":
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(at + 1, f"{indent}{KEYS[key]}: {payload}")
    return "\n".join(lines) + "\n"


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
    return b"\x89PNG\r\n\x1a\n" + header + pixels + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A deck folder with the files the hostile values name: a picture, a bomb, a FIFO, a
    broken template and links to devices."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "lecture"
        base.mkdir()
        (base / "ok.png").write_bytes(_png(1, 1))
        (base / "figure.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            '<rect width="5" height="5"/></svg>',
            encoding="utf-8",
        )
        (base / "bomb.png").write_bytes(_png(100_000, 100_000))
        (Path(tmp) / "outside.png").write_bytes(_png(1, 1))
        os.mkfifo(base / "pipe.png")
        (base / "zero.pptx").symlink_to("/dev/zero")
        (base / "bad.pptx").write_bytes(b"PK\x03\x04 not really a zip")
        shutil.copy(ROOT / "templates" / "reference.pptx", base / "reference.pptx")
        yield base


def _check_then_build(folder: Path, text: str) -> None:
    deck = folder / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    try:
        plan = load_plan(deck, "deck.yaml")
    except PodiumError as exc:
        assert exc.problems
        for problem in exc.problems:
            shown = problem.render()
            assert shown.startswith(("deck.yaml:", "error:")), shown
            assert "Traceback" not in shown
        return
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    if digest[0] % BUILD_EVERY == 0:
        for fmt in ("pptx", "html"):
            render(plan, fmt)  # check said ok: build must succeed, so nothing may raise


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=edits)
@example(ops=[("value", 2, 0, 0)])  # title: "a\x01b"
@example(ops=[("value", 10, 1, 0)])  # lang: "\ud800"
@example(ops=[("key", 10, 1, 5)])  # slide_numbers: "\ud800"
@example(ops=[("value", 11, 2, 0)])  # a NUL
@example(ops=[("value", 11, 6, 0)])  # footer: [x](javascript:...)
@example(ops=[("value", 11, 14, 0)])  # footer: a link (crashed the PowerPoint field writer)
@example(ops=[("value", 9, 14, 0)])  # date: a link
@example(ops=[("value", 2, 4, 0)])  # a 3,000-character word
@example(ops=[("key", 12, 30, 6)])  # template: /dev/zero
@example(ops=[("key", 12, 36, 6)])  # template: zero.pptx (a symlink to /dev/zero)
@example(ops=[("key", 12, 35, 6)])  # template: bad.pptx
@example(ops=[("key", 12, 2, 6)])  # template: "a\0b"
def test_fuzz_seed_mutations_check_and_build_agree(folder: Path, ops: list[Edit]) -> None:
    _check_then_build(folder, mutate(ops))


@pytest.mark.parametrize(
    "slide",
    [
        "  - layout: image\n    image: bomb.png\n    alt: x\n",
        "  - layout: image\n    image: pipe.png\n    alt: x\n",
        "  - layout: image\n    image: ../outside.png\n    alt: x\n",
        "  - layout: image\n    image: /dev/zero\n    alt: x\n",
        "  - layout: image\n    image: ok.png\n    alt: x\n    caption: <javascript:alert(1)>\n",
        "  - layout: table\n    header: [a]\n    rows: [['&lt;b&gt;']]\n",
        "  - layout: code\n    language: python\n    code: " + "(a" * 3000 + "\n",
    ],
    ids=["bomb", "fifo", "outside", "device", "caption-autolink", "entity-cell", "code-line"],
)
def test_fuzz_pinned_hostile_slides(folder: Path, slide: str) -> None:
    _check_then_build(folder, "title: t\nslides:\n" + slide)
