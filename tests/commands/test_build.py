"""The build command: the stages chained, outputs written all at once, check mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from podium.commands.build import FORMATS, build, load_plan, render, write_atomic
from podium.errors import PodiumError, TemplateError

DECK = "title: Built\nslides:\n  - title: One\n    bullets: [a, b]\n"


def test_build_writes_each_format_and_reports_changes(write_deck, tmp_path: Path) -> None:
    plan = load_plan(write_deck(DECK), "deck.yaml")
    out = tmp_path / "out"
    first = build(plan, out)
    assert [(o.path.name, o.changed) for o in first] == [("deck.pptx", True), ("deck.html", True)]
    assert all(o.size == o.path.stat().st_size for o in first)
    again = build(plan, out)
    assert [o.changed for o in again] == [False, False]


def test_build_check_only_writes_nothing(write_deck, tmp_path: Path) -> None:
    plan = load_plan(write_deck(DECK), "deck.yaml")
    outputs = build(plan, tmp_path / "out", check_only=True)
    assert [o.changed for o in outputs] == [True, True]
    assert not (tmp_path / "out").exists()


def test_build_render_refuses_an_unknown_format(write_deck) -> None:
    plan = load_plan(write_deck(DECK), "deck.yaml")
    with pytest.raises(PodiumError, match="unknown format 'pdff'; formats: pptx, html"):
        render(plan, "pdff")
    assert set(FORMATS) == {"pptx", "html"}


def test_build_write_atomic_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "deck.html"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert os.listdir(target.parent) == ["deck.html"]


def test_build_write_atomic_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(PodiumError, match="cannot write .*file/deck.html"):
        write_atomic(tmp_path / "file" / "deck.html", b"x")


def test_build_load_plan_applies_the_layouts_map_at_its_place(write_deck) -> None:
    path = write_deck(DECK + "layouts:\n  bulets: Title and Content\n")
    with pytest.raises(TemplateError) as caught:
        load_plan(path, "deck.yaml")
    (problem,) = caught.value.problems
    assert str(problem.loc) == "deck.yaml:6:3"
    assert "bulets" in problem.message


def test_build_load_plan_unfitted_keeps_the_theme_sizes(write_deck) -> None:
    long = "title: T\nslides:\n  - title: Long\n    bullets:\n" + "      - word word word\n" * 30
    path = write_deck(long)
    assert load_plan(path, fitted=False).slides[0].scale == 1.0
    assert load_plan(path).slides[0].scale < 1.0
