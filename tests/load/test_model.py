"""The deck model and the plan built from it: numbering, sections, defaults, schema."""

from __future__ import annotations

import json
from pathlib import Path

from podium.commands.build import load_plan
from podium.load.model import LAYOUTS, json_schema
from podium.plan.planner import build_date, parse_date

DECK = """\
title: Course
footer: Course footer
section_titles: numbered
slides:
  - layout: title
  - layout: agenda
  - section: Part A
    summary: First part
    divider: true
    slides:
      - title: Alpha
        id: alpha
      - title: Beta
        slide_number: false
        footer: false
  - section: Part B
    slides:
      - bullets: [only]
  - section: Extra
    agenda: false
    numbered: false
    slides:
      - title: Plain
        hidden: true
        footer: Other footer
"""


def test_model_plan_numbers_titles_within_sections(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    titles = [s.title_text for s in plan.slides]
    assert titles == [
        "Course",
        "Outline",
        "Part A",
        "Part A (1) Alpha",
        "Part A (2) Beta",
        "Part B",
        "Plain",
    ]
    assert [s.layout for s in plan.slides] == [
        "title",
        "agenda",
        "section",
        "bullets",
        "bullets",
        "bullets",
        "bullets",
    ]


def test_model_plan_generates_agenda_from_sections(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    agenda = [("".join(r.text for r in p.runs), p.level) for p in plan.slides[1].body]
    assert agenda == [("Part A", 0), ("First part", 1), ("Part B", 0)]


def test_model_plan_sections_cover_their_slides(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    assert [(s.title, s.first, s.count) for s in plan.sections] == [
        ("Part A", 2, 3),
        ("Part B", 5, 1),
        ("Extra", 6, 1),
    ]
    assert [s.section for s in plan.slides] == [None, None, 0, 0, 0, 1, 2]


def test_model_plan_footer_and_numbers_per_slide(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    footers = ["".join(r.text for r in s.footer) for s in plan.slides]
    assert footers == [
        "",
        "Course footer",
        "",
        "Course footer",
        "",
        "Course footer",
        "Other footer",
    ]
    assert [s.show_number for s in plan.slides] == [False, True, False, True, False, True, True]
    assert [s.anchor for s in plan.slides] == ["1", "2", "3", "alpha", "5", "6", "7"]
    assert [s.hidden for s in plan.slides] == [False] * 6 + [True]


def test_model_title_slide_byline_from_metadata(write_deck) -> None:
    plan = load_plan(
        write_deck(
            "title: T\nsubtitle: S\nauthor: A\naffiliation: U\nevent: |\n  E1\n  E2\n"
            "date: 2007-01-24\nslides:\n  - layout: title\n"
        )
    )
    cover = plan.slides[0]
    assert [r.text for r in cover.title] == ["T"]
    assert [r.text for r in cover.subtitle] == ["S"]
    assert ["".join(r.text for r in p.runs) for p in cover.byline] == [
        "E1\nE2",
        "2007-01-24",
        "A",
        "U",
    ]


def test_model_dates_come_from_epoch_then_deck_then_fixed() -> None:
    assert build_date("2007-01-24", {}).isoformat() == "2007-01-24T00:00:00+00:00"
    assert build_date("January 24, 2007", {}).isoformat() == "2007-01-24T00:00:00+00:00"
    assert build_date("24 January 2007", {}).isoformat() == "2007-01-24T00:00:00+00:00"
    assert build_date("Winter term", {}).isoformat() == "2000-01-01T00:00:00+00:00"
    assert (
        build_date("2007-01-24", {"SOURCE_DATE_EPOCH": "1700000000"}).isoformat()
        == "2023-11-14T22:13:20+00:00"
    )
    assert parse_date("February 30, 2007") is None


def test_model_code_is_tokenised_with_colours(write_deck) -> None:
    plan = load_plan(
        write_deck(
            "title: T\nslides:\n  - layout: code\n    language: python\n    code: |\n"
            "      def f(x):\n      \treturn x  # done\n"
        )
    )
    code = plan.slides[0].code
    assert code is not None
    lines = ["".join(t.text for t in line) for line in code.lines]
    assert lines == ["def f(x):", "    return x  # done"]
    keyword = next(t for t in code.lines[0] if t.text == "def")
    assert keyword.color is not None


def test_model_schema_covers_every_layout_and_key(tmp_path: Path) -> None:
    schema = json_schema()
    text = json.dumps(schema)
    for layout in LAYOUTS:
        assert f'"{layout}"' in text
    deck_keys = set(schema["properties"])
    assert {
        "title",
        "subtitle",
        "author",
        "affiliation",
        "event",
        "date",
        "lang",
        "footer",
        "slide_numbers",
        "slides",
    } <= deck_keys
    assert schema["$defs"]["ImageSlide"]["required"] == ["layout", "image", "alt"]


def test_model_committed_schema_is_current(root: Path) -> None:
    """deck.yaml's editor schema (deck.schema.json) is what `podium schema` prints today."""
    committed = json.loads((root / "deck.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: podium schema > deck.schema.json"
    assert (
        (root / "deck.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=deck.schema.json\n")
    )
