"""What a cold build pays for: the compiled-template cache and the imports a deck does not need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _build(out: Path, cache: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "PODIUM_CACHE"}
    return subprocess.run(
        [sys.executable, *args, "-m", "podium", "build", "deck.yaml", "-f", "html", "-o", str(out)],
        cwd=REPO, env={**base, "XDG_CACHE_HOME": str(cache), **env}, capture_output=True,
        text=True, check=True,
    )  # fmt: skip


def test_compiled_templates_are_kept_and_give_the_same_deck(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path / "off", cache, PODIUM_CACHE="off")
    assert not (cache / "podium").exists()  # off means nothing written
    _build(tmp_path / "first", cache)
    kept = sorted((cache / "podium" / "jinja").iterdir())
    assert kept and all(p.suffix == ".cache" and p.stat().st_size > 0 for p in kept)
    assert not [p for p in kept if p.name.endswith(".tmp")]  # each written whole, then renamed
    _build(tmp_path / "second", cache)  # from the cache
    html = (tmp_path / "off" / "deck.html").read_bytes()
    assert (tmp_path / "first" / "deck.html").read_bytes() == html
    assert (tmp_path / "second" / "deck.html").read_bytes() == html


def test_a_broken_or_unwritable_cache_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path / "a", cache)
    for kept in (cache / "podium" / "jinja").iterdir():
        kept.write_bytes(kept.read_bytes()[:20])  # cut short: unreadable code
    _build(tmp_path / "b", cache)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    _build(tmp_path / "c", blocked)
    html = (tmp_path / "a" / "deck.html").read_bytes()
    assert (tmp_path / "b" / "deck.html").read_bytes() == html
    assert (tmp_path / "c" / "deck.html").read_bytes() == html


def test_a_deck_without_formulas_imports_no_formula_converter(tmp_path: Path) -> None:
    done = _build(tmp_path / "out", tmp_path / "cache", "-X", "importtime")
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert {"jinja2", "podium.plan.measure"} <= modules  # the detector sees the build's imports
    assert not modules & {"podium.media.math", "latex2mathml", "pptx"}


def _imported(done: subprocess.CompletedProcess[str]) -> set[str]:
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_embedded_font_subsets_are_kept_and_give_the_same_deck(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path / "off", cache, PODIUM_CACHE="off")
    first = _build(tmp_path / "first", cache, "-X", "importtime")
    kept = sorted((cache / "podium" / "fonts").iterdir())
    assert kept and all(p.suffix == ".woff2" and p.stat().st_size > 1000 for p in kept)
    assert "fontTools.subset" in _imported(first)  # cut from the font the first time
    second = _build(tmp_path / "second", cache, "-X", "importtime")
    assert not {m for m in _imported(second) if m.startswith("fontTools")}  # then kept
    html = (tmp_path / "off" / "deck.html").read_bytes()
    assert b"data:font/woff2;base64," in html
    assert (tmp_path / "first" / "deck.html").read_bytes() == html
    assert (tmp_path / "second" / "deck.html").read_bytes() == html


def test_a_damaged_kept_font_subset_is_cut_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path / "a", cache)
    kept = sorted((cache / "podium" / "fonts").iterdir())
    for path in kept:
        data = path.read_bytes()
        path.write_bytes(data[:-10] + b"0123456789")  # same length, other bytes
    _build(tmp_path / "b", cache)
    assert [p.read_bytes()[-10:] != b"0123456789" for p in kept] == [True] * len(kept)
    for path in kept:
        path.write_bytes(b"")  # emptied
    _build(tmp_path / "c", cache)
    html = (tmp_path / "a" / "deck.html").read_bytes()
    assert (tmp_path / "b" / "deck.html").read_bytes() == html
    assert (tmp_path / "c" / "deck.html").read_bytes() == html


def test_a_pptx_build_imports_nothing_of_the_html_deck(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k != "PODIUM_CACHE"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "podium", "build", "deck.yaml", "-f", "pptx",
         "-o", str(tmp_path / "out")],
        cwd=REPO, env={**base, "XDG_CACHE_HOME": str(tmp_path / "cache")}, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    modules = _imported(done)
    assert {"pptx", "podium.render.pptx_text", "markdown_it"} <= modules
    assert not modules & {"jinja2", "fontTools", "podium.render.html", "podium.render.webfonts"}
    assert (tmp_path / "out" / "deck.pptx").stat().st_size > 10_000
