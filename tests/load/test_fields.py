"""The deck's value types: each mistake in a typed value gives its exact located message(s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.errors import DeckError
from podium.load.validate import load

CASES = [
    (
        "bool",
        "title: T\nslides:\n  - title: A\n    hidden: maybe\n",
        "deck.yaml:4:13: error: slides[0].hidden: expected true or false, found 'maybe'",
    ),
    (
        "bool_yes_stays_text",
        "title: T\nslide_numbers: yes\nslides:\n  - title: A\n",
        "deck.yaml:2:16: error: slide_numbers: expected true or false, found 'yes'",
    ),
    (
        "lang",
        "title: T\nlang: english\nslides:\n  - title: A\n",
        "deck.yaml:2:7: error: lang: 'english' is not a BCP 47 language tag (e.g. en, en-GB, ja, "
        "de-CH)",
    ),
    (
        "reveal",
        "title: T\nslides:\n  - title: A\n    reveal: bulets\n",
        "deck.yaml:4:13: error: slides[0].reveal: expected none or bullets, found 'bulets' "
        "(did you mean 'bullets'?)",
    ),
    (
        "reveal_level",
        "title: T\nreveal_level: 12\nslides:\n  - title: A\n",
        "deck.yaml:2:15: error: reveal_level: expected a bullet level from 1 to 9, found '12'",
    ),
    (
        "share",
        "title: T\nslides:\n  - title: A\n    bullets: [a]\n    image: a.png\n    alt: A\n"
        "    image_width: 90%\n",
        "deck.yaml:7:18: error: slides[0].image_width: expected the picture's share of the "
        "body's width, 20% to 80%, e.g. 40%, found '90%'",
    ),
    (
        "start_zero",
        "title: T\nslides:\n  - title: A\n    numbered: true\n    start: 0\n    bullets: [a]\n",
        "deck.yaml:5:12: error: slides[0].start: expected the first number of the list, a whole "
        "number from 1 to 9999, found '0'",
    ),
    (
        "start_text",
        "title: T\nslides:\n  - title: A\n    numbered: true\n    start: ten\n    bullets: [a]\n",
        "deck.yaml:5:12: error: slides[0].start: expected the first number of the list, a whole "
        "number from 1 to 9999, found 'ten'",
    ),
    (
        "align",
        "title: T\nslides:\n  - layout: table\n    header: [a, b]\n    rows: [[c, d]]\n"
        "    align: [left, middle]\n",
        "deck.yaml:6:19: error: slides[0].align[1]: expected left, center or right, found 'middle'",
    ),
    (
        "span",
        "title: T\nslides:\n  - layout: table\n    header: [a, b]\n"
        "    rows: [[{text: c, rows: 99}, d]]\n",
        # a cell is text or a mapping: the mapping's mistake is said, and that it is no text
        "deck.yaml:5:13: error: slides[0].rows[0][0]: expected text, found a mapping; put the "
        "text in quotes\n"
        "deck.yaml:5:29: error: slides[0].rows[0][0].rows: expected how many columns or rows "
        "the cell spans, a whole number from 1 to 50, found '99'",
    ),
    (
        "widths_word",
        "title: T\nslides:\n  - layout: table\n    header: [a, b]\n    rows: [[c, d]]\n"
        "    widths: [2, wide]\n",
        "deck.yaml:6:17: error: slides[0].widths[1]: expected a column's share of the table's "
        "width, a number above 0 and at most 100 (widths: [2, 1, 1] makes the first column "
        "twice as wide), found 'wide'",
    ),
    (
        "widths_large",
        "title: T\nslides:\n  - layout: table\n    header: [a, b]\n    rows: [[c, d]]\n"
        "    widths: [2, 150]\n",
        "deck.yaml:6:17: error: slides[0].widths[1]: expected a column's share of the table's "
        "width, a number above 0 and at most 100 (widths: [2, 1, 1] makes the first column "
        "twice as wide), found '150'",
    ),
    (
        "line_range",
        "title: T\nslides:\n  - layout: code\n    language: python\n    code: x = 1\n"
        "    steps: 1-x\n",
        "deck.yaml:6:12: error: slides[0].steps: '1-x' is not a line number or range; write a "
        'line ("5") or a range of lines ("1-3")',
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fields_mistake_gives_its_located_message(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load(tmp_path / "deck.yaml", "deck.yaml")
    assert "\n".join(p.render().splitlines()[0] for p in caught.value.problems) == expected
