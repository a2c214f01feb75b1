"""Planning the layouts placed box by box: numbering, picture shares, columns, grids and tables
(spans, widths, alignment), and the located errors of their keys, the same in check and build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest_pptx_helpers import make_image

from podium.commands.build import load_plan
from podium.errors import DeckError
from podium.plan.markup import plain
from podium.plan.types import Span


def plan_of(write_deck: Callable[[str], Path], slides: str):  # type: ignore[no-untyped-def]
    path = write_deck("title: T\nslides:\n" + slides)
    make_image(path.parent)
    return load_plan(path, "deck.yaml")


def test_numbered_bullets_nested_lists_and_start(write_deck: Callable[[str], Path]) -> None:
    plan = plan_of(
        write_deck,
        "  - title: Steps\n"
        "    numbered: true\n"
        "    start: 4\n"
        "    bullets:\n"
        "      - One\n"
        "      - text: Two\n"
        "        numbered: true\n"
        "        bullets: [a, b]\n"
        "      - text: Three\n"
        "        bullets: [c]\n",
    )
    body = plan.slides[0].body
    assert [(p.level, p.bullet, p.number) for p in body] == [
        (0, "4.", 4),
        (0, "5.", 5),
        (1, "1.", 1),
        (1, "2.", 2),
        (0, "6.", 6),
        (1, "•", None),
    ]


def test_picture_beside_bullets_and_headed_columns(write_deck: Callable[[str], Path]) -> None:
    plan = plan_of(
        write_deck,
        "  - title: P\n    bullets: [x]\n    image: wide.png\n    alt: A picture\n"
        "  - title: Q\n    bullets: [x]\n    image: wide.png\n    alt: A picture\n"
        "    image_side: left\n    image_width: 25%\n"
        "  - layout: two-column\n    left: [a]\n    right: [b]\n    right_title: Later\n"
        "  - layout: two-column\n    left: [a]\n    right: [b]\n",
    )
    first, second, headed, plain_two = plan.slides
    assert (first.layout, first.image_side, first.image_share) == ("picture-text", "right", 0.4)
    assert (second.image_side, second.image_share) == ("left", 0.25)
    assert headed.layout == "comparison" and plain(headed.right_title) == "Later"
    assert headed.left_title == ()
    assert plain_two.layout == "two-column"


def test_table_spans_fill_the_grid(write_deck: Callable[[str], Path]) -> None:
    plan = plan_of(
        write_deck,
        "  - layout: table\n"
        "    header: [A, {text: B, cols: 2}]\n"
        "    rows:\n"
        "      - [{text: x, rows: 2}, '1', '2']\n"
        "      - ['3', '4']\n"
        "    widths: [2, 1, 1]\n"
        "    align: [left, right, center]\n"
        "    header_column: true\n"
        "    caption: A caption\n",
    )
    table = plan.slides[0].table
    assert table is not None
    assert [[plain(c) for c in row] for row in (table.header, *table.rows)] == [
        ["A", "B", ""],
        ["x", "1", "2"],
        ["", "3", "4"],
    ]
    assert table.spans == (Span(0, 1, 1, 2), Span(1, 0, 2, 1))
    assert table.widths == (0.5, 0.25, 0.25)
    assert table.align == ("left", "right", "center")
    assert table.header_column and plain(table.caption) == "A caption"
    assert table.covered(2, 0) == Span(1, 0, 2, 1) and table.covered(1, 0) is None


BAD = """\
  - title: A
    bullets: [x]
    image: wide.png
  - title: B
    bullets: [x]
    alt: nothing
  - layout: columns
    columns:
      - title: fine
      - {}
      - image: wide.png
        alt: both
        bullets: [a]
  - layout: table
    header: [a, b, c]
    rows:
      - [{text: x, cols: 4}]
      - [{text: y, rows: 3}, '1', '2']
    widths: [1, 2]
  - title: D
    bullets:
      - text: p
        numbered: true
"""

EXPECTED = [
    "deck.yaml:5:12: error: slides[0].image: alt: is missing or empty; describe what the "
    "image shows for people who cannot see it, e.g. alt: Bars being swapped into order",
    "deck.yaml:8:10: error: slides[1].alt: alt: belongs to a picture beside the bullets; add "
    "image: (and alt:) or remove it",
    "deck.yaml:12:9: error: slides[2].columns[1]: this column is empty; give it a title:, "
    "bullets: or image:",
    "deck.yaml:13:16: error: slides[2].columns[2].image: a column holds bullets or a picture, "
    "not both; put the picture in a column of its own",
    "deck.yaml:19:10: error: slides[3].rows[0][0]: this cell reaches column 4 but the table "
    "has 3 (from its header); give the row fewer cells or smaller cols:",
    "deck.yaml:20:26: error: slides[3].rows[1][0].rows: this cell spans 3 rows but the table "
    "has 1 row from here; use rows: 1 or add rows",
    "deck.yaml:21:13: error: slides[3].widths: widths: gives 2 share(s) but the table has 3 "
    "columns; give one number per column, e.g. widths: [2, 1, 1]",
    "deck.yaml:25:19: error: slides[4].bullets[0].numbered: this bullet has no sub-bullets to "
    "number; numbered: and start: on a bullet number its bullets:, on the slide its top-level "
    "bullets",
]


def test_layout_mistakes_are_located(write_deck: Callable[[str], Path]) -> None:
    with pytest.raises(DeckError) as info:
        plan_of(write_deck, BAD)
    headlines = [p.render().splitlines()[0] for p in info.value.problems]
    assert headlines == EXPECTED


@pytest.mark.parametrize(
    ("slide", "expected"),
    [
        (
            "  - title: A\n    bullets: [x]\n    image: wide.png\n    alt: a\n"
            "    image_width: 95%\n",
            "deck.yaml:7:18: error: slides[0].image_width: expected the picture's share of the "
            "body's width, 20% to 80%, e.g. 40%, found '95%'",
        ),
        (
            "  - layout: images\n    images:\n      - {image: wide.png, alt: a}\n",
            "deck.yaml:5:7: error: slides[0].images: expected at least 2 item(s), found 1",
        ),
        (
            "  - title: A\n    start: 0\n    bullets: [x]\n",
            "deck.yaml:4:12: error: slides[0].start: expected the first number of the list, a "
            "whole number from 1 to 9999, found '0'",
        ),
        (
            "  - layout: table\n    header: [a]\n    rows: []\n    align: [middle]\n",
            "deck.yaml:6:13: error: slides[0].align[0]: expected left, center or right, found "
            "'middle'",
        ),
        (
            "  - layout: columns\n    columns:\n      - title: a\n      - titel: b\n",
            "deck.yaml:6:9: error: slides[0].columns[1].titel: unknown key 'titel' for a column "
            "(did you mean 'title'?); allowed: title, bullets, numbered, start, image, alt",
        ),
    ],
    ids=["share", "too-few-images", "start", "align", "column-key"],
)
def test_layout_keys_are_checked_where_written(
    write_deck: Callable[[str], Path], slide: str, expected: str
) -> None:
    with pytest.raises(DeckError) as info:
        plan_of(write_deck, slide)
    assert [p.render().splitlines()[0] for p in info.value.problems] == [expected]


def test_check_and_build_agree(write_deck: Callable[[str], Path]) -> None:
    from click.testing import CliRunner

    from podium.cli import cli

    path = write_deck("title: T\nslides:\n" + BAD)
    make_image(path.parent)
    outputs = []
    for command in (["check", "deck.yaml"], ["build", "deck.yaml", "-o", "out"]):
        run = CliRunner().invoke(cli, command)
        assert run.exit_code == 1 and run.exception is None or isinstance(run.exception, SystemExit)
        outputs.append([line for line in run.stderr.splitlines() if ": error: " in line])
    assert outputs[0] == outputs[1] == EXPECTED
    assert not (path.parent / "out").exists()


def test_grid_and_table_captions_are_fitted(write_deck: Callable[[str], Path]) -> None:
    long = "A caption far too long to fit on one line under a picture in a grid of three"
    plan = plan_of(
        write_deck,
        "  - layout: images\n    title: Grid\n    images:\n"
        f"      - {{image: wide.png, alt: a, caption: {long}}}\n"
        "      - {image: wide.png, alt: b, caption: Short}\n"
        "      - {image: wide.png, alt: c}\n"
        "  - layout: table\n    header: [a]\n    rows: [[b]]\n"
        f"    caption: {long} {long}\n",
    )
    grid, table = plan.slides
    assert grid.scale < 1 and table.scale < 1  # shrunk for the captions' sake
    messages = [p.message for p in plan.warnings]
    # the grid's caption is too long even at the smallest size; the table's fits once shrunk
    assert messages == [
        "slide 1 'Grid': picture 1's caption is 5 mm (1 line) taller than its box at the "
        "smallest size (12 pt); shorten it"
    ]


def test_steps_on_pictures_beside_text_and_headed_columns(
    write_deck: Callable[[str], Path],
) -> None:
    from podium.commands.build import render

    plan = plan_of(
        write_deck,
        "  - title: A\n    reveal: bullets\n    numbered: true\n    bullets: [One, Two, Three]\n"
        "    image: wide.png\n    alt: a\n"
        "  - layout: two-column\n    left_title: L\n    right_title: R\n"
        "    left: [a, b]\n    right: [c]\n    pause: right\n    reveal: bullets\n",
    )
    beside, headed = plan.slides
    assert beside.steps.count == 3 and [p.step for p in beside.body] == [1, 2, 3]
    assert headed.steps.count == 3 and [p.step for p in headed.right] == [3]
    html = render(plan, "html").decode("utf-8")
    assert html.count('data-bullet="2." data-step="2"') == 1
    assert '<li class="l0" data-step="3">c</li>' in html
