"""Outputs of a build: all written before any is renamed; stale temporary files removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from podium.commands import build as build_module
from podium.commands.build import build, load_plan, remove_stale_tmp
from podium.errors import PodiumError

DECK = "title: T\nslides:\n  - title: One\n    bullets: [a]\n"


def test_stale_temporary_files_of_podiums_naming_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    old = time.time() - 3600
    stale = [out / ".deck.pptx.ab12cd_3.tmp", out / ".deck.html.zz99yy00.tmp"]
    young = out / ".deck.pptx.young123.tmp"  # a build under way may own it
    others = [out / ".deck.pptx.notours.tmp", out / "deck.pptx.ab12cd34.tmp", out / "keep.tmp"]
    for path in [*stale, young, *others]:
        path.write_bytes(b"half a file")
    for path in [*stale, *others]:
        os.utime(path, (old, old))
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    build(load_plan(deck), out)
    left = sorted(p.name for p in out.iterdir())
    assert left == sorted(["deck.html", "deck.pptx", young.name, *(p.name for p in others)])
    assert remove_stale_tmp(out / "deck.pptx") == []


def test_a_failed_write_leaves_every_old_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    out = tmp_path / "build"
    build(load_plan(deck), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    deck.write_text(DECK.replace("One", "Two"), encoding="utf-8")
    real = build_module._write_tmp
    calls: list[Path] = []

    def failing(path: Path, data: bytes) -> str:
        calls.append(path)
        if path.suffix == ".html":  # the second output: the first is already on disk
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(build_module, "_write_tmp", failing)
    with pytest.raises(PodiumError, match="cannot write .*deck.html: No space left on device"):
        build(load_plan(deck), out)
    assert [p.suffix for p in calls] == [".pptx", ".html"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no new .pptx, no tmp
