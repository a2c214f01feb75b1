"""Located YAML: every node keeps where it was written, and scalars stay the text typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.errors import DeckError
from podium.load.source import YList, YMap, YStr, parse_text, read


def test_source_every_node_knows_its_place() -> None:
    data = parse_text("title: Intro\nslides:\n  - title: One\n    hidden: true\n", "deck.yaml")
    assert isinstance(data, YMap)
    assert str(data.key_locs["title"]) == "deck.yaml:1:1"
    assert str(data.value_locs["title"]) == "deck.yaml:1:8"
    slides = data["slides"]
    assert isinstance(slides, YList) and str(slides.item_locs[0]) == "deck.yaml:3:5"
    title = slides[0]["title"]
    assert isinstance(title, YStr) and title == "One" and title.loc.length == 3


@pytest.mark.parametrize("typed", ["No", "12:30", "1.10", "2007-01-24", "0x1F", "~tilde"])
def test_source_scalars_stay_the_text_typed(typed: str) -> None:
    assert parse_text(f"title: {typed}\n", "deck.yaml")["title"] == typed


def test_source_nulls_and_quoted_nulls() -> None:
    data = parse_text('a:\nb: ~\nc: "null"\nd: null\n', "deck.yaml")
    assert (data["a"], data["b"], data["c"], data["d"]) == (None, None, "null", None)


def test_source_keeps_the_typed_line_of_a_one_pair_mapping() -> None:
    data = parse_text("- Private sector: business and aid\n", "deck.yaml")
    assert data[0].typed_text == "Private sector: business and aid"


def test_source_duplicate_key_points_at_both() -> None:
    with pytest.raises(DeckError) as caught:
        parse_text("title: A\ntitle: B\n", "deck.yaml")
    (problem,) = caught.value.problems
    assert problem.render().startswith(
        "deck.yaml:2:1: error: title: duplicate key 'title' (first given at line 1)"
    )


def test_source_read_names_the_file_as_given_and_drops_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes("\ufefftitle: T\n".encode())
    data, src = read(path, "lecture.yaml")
    assert data["title"] == "T" and str(data.value_locs["title"]) == "lecture.yaml:1:8"
    assert src.name == "lecture.yaml" and src.line(1) == "title: T"
