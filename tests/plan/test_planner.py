"""The plan built from a deck: numbering, sections, agenda, defaults, dates, parsed texts."""

from __future__ import annotations

import io

from pptx import Presentation

from podium.commands.build import load_plan, render
from podium.plan.markup import plain
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


def test_planner_numbers_titles_within_sections(write_deck) -> None:
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


def test_planner_generates_agenda_from_sections(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    agenda = [("".join(r.text for r in p.runs), p.level) for p in plan.slides[1].body]
    assert agenda == [("Part A", 0), ("First part", 1), ("Part B", 0)]


def test_planner_sections_cover_their_slides(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    assert [(plain(s.title), s.first, s.count) for s in plan.sections] == [
        ("Part A", 2, 3),
        ("Part B", 5, 1),
        ("Extra", 6, 1),
    ]
    assert [s.section for s in plan.slides] == [None, None, 0, 0, 0, 1, 2]


def test_planner_footer_and_numbers_per_slide(write_deck) -> None:
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


def test_planner_title_slide_byline_from_metadata(write_deck) -> None:
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


def test_planner_dates_come_from_epoch_then_deck_then_fixed() -> None:
    assert build_date("2007-01-24", {}).isoformat() == "2007-01-24T00:00:00+00:00"
    assert build_date("January 24, 2007", {}).isoformat() == "2007-01-24T00:00:00+00:00"
    assert build_date("24 January 2007", {}).isoformat() == "2007-01-24T00:00:00+00:00"
    assert build_date("Winter term", {}).isoformat() == "2000-01-01T00:00:00+00:00"
    assert (
        build_date("2007-01-24", {"SOURCE_DATE_EPOCH": "1700000000"}).isoformat()
        == "2023-11-14T22:13:20+00:00"
    )
    assert parse_date("February 30, 2007") is None


def test_planner_code_is_tokenised_with_colours(write_deck) -> None:
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


def test_planner_parses_deck_and_section_titles_once(write_deck) -> None:
    deck = (
        'title: "**Human** Security"\nauthor: "*Ada* Lovelace"\nslides:\n'
        '  - title: Opening\n  - section: "Freedom from *fear*"\n    slides:\n'
        "      - title: One\n"
    )
    plan = load_plan(write_deck(deck))
    assert [r.bold for r in plan.title] == [True, False]
    assert plain(plan.title) == "Human Security"
    assert plain(plan.sections[0].title) == "Freedom from fear"
    assert plan.sections[0].title[1].italic
    prs = Presentation(io.BytesIO(render(plan, "pptx")))
    assert prs.core_properties.title == "Human Security"
    assert prs.core_properties.author == "Ada Lovelace"
    p14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
    names = [s.get("name") for s in prs.part._element.iter(f"{p14}section")]
    assert names == ["Human Security", "Freedom from fear"]
    page = render(plan, "html").decode()
    assert "<title>Human Security</title>" in page
    assert '<meta name="author" content="Ada Lovelace">' in page


def test_planner_reports_bad_markup_in_the_deck_title_once(write_deck) -> None:
    import pytest

    from podium.errors import DeckError

    path = write_deck(
        'title: "[x](ftp://example.org/f)"\nslides:\n  - layout: title\n  - title: Two\n'
    )
    with pytest.raises(DeckError) as caught:
        load_plan(path, "deck.yaml")
    assert [str(p.loc) for p in caught.value.problems] == ["deck.yaml:1:8"]
