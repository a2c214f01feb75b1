"""Huge input: long words, long code lines, many notes lines and bullets take linear work, and
the hard limits are located errors. (Times are measured in bench/hostile.py, not here.)"""

from __future__ import annotations

import pytest
from hostile_helpers import both_refuse

from podium.plan.breaking import Piece, join, split
from podium.plan.markup import Run
from podium.plan.measure import Block, Measurer, _Word


def _reference_break(tool: Measurer, word: _Word, limit: float) -> tuple[_Word, _Word]:
    """The one-head-at-a-time bisection the linear breaker replaced (quadratic in the word)."""
    chars = split(word.pieces)
    lo, hi = 1, len(chars) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if tool.em(join(chars[:mid])) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return tool._word(join(chars[:lo])), tool._word(join(chars[lo:]))


def _reference_lines(tool: Measurer, block: Block, width: float) -> list[tuple[str, float]]:
    limit = (width + 1e-6) / block.size
    out: list[tuple[str, float]] = []
    for forced in tool.words(block.runs, block.italic):
        text: list[str] = []
        cur = trail = 0.0
        todo = list(reversed(forced))
        while todo:
            word = todo.pop()
            if text and cur + word.hang > limit:
                out.append(("".join(text), round((cur - trail) * block.size, 6)))
                text, cur, trail = [], 0.0, 0.0
            if not text and word.hang > limit and len(word.text.rstrip()) > 1:
                head, rest = _reference_break(tool, word, limit)
                out.append((head.text, round(head.fit * block.size, 6)))
                todo.append(rest)
                continue
            text.append(word.text)
            cur += word.full
            trail = word.full - word.fit
        out.append(("".join(text), round((cur - trail) * block.size, 6)))
    return out


@pytest.mark.parametrize(
    "runs",
    [
        (Run("a" * 3000),),
        (Run("x" * 700 + " tail"),),
        (Run("W" * 300 + "i" * 900 + ", and more words after it"),),
        (Run("ab" * 200), Run("CD" * 200, bold=True), Run("ef" * 200, italic=True)),
        (Run("short words first, then "), Run("z" * 1000, code=True), Run(" end.")),
        (Run("m" * 500 + "   "),),
    ],
    ids=["one-font", "then-tail", "wide-then-narrow", "three-fonts", "code", "trailing-space"],
)
def test_long_word_breaks_as_before_in_one_pass(runs: tuple[Run, ...]) -> None:
    tool = Measurer()
    block = Block(runs, 24.0)
    for width in (80.0, 333.0, 700.0):
        lines = [(line.text, round(line.width, 6)) for line in tool.wrap(block, width)]
        assert lines == _reference_lines(tool, block, width)
        assert "".join(text for text, _ in lines) == "".join(r.text for r in runs)


def test_one_font_and_many_font_breakers_agree() -> None:
    tool = Measurer()
    word = tool._word([Piece("q" * 2000, ("latin", False, False))])
    heads, rest = tool._break_word(word, 20.0)
    pieces = split(word.pieces)
    heads2, rest2 = tool._break_word(
        _Word(tuple(pieces), word.text, word.full, word.fit, word.hang), 20.0
    )
    assert [h.text for h in heads] == [h.text for h in heads2]
    assert rest.text == rest2.text
    assert all(h.fit <= 20.0 for h in heads) and len(heads) > 50


def test_code_tokens_that_look_alike_are_one_run() -> None:
    from podium.plan.planner import highlight

    code = highlight("(" * 40_000 + "\nx = (1)\n", "python")
    assert len(code.lines[0]) == 1 and code.lines[0][0].text == "(" * 40_000
    assert "".join(t.text for t in code.lines[1]) == "x = (1)"


def _bullets(n: int) -> str:
    return "".join(f"      - b{i}\n" for i in range(n))


@pytest.mark.parametrize(
    ("deck", "first_line"),
    [
        (
            "title: t\nslides:\n  - title: x\n    bullets:\n" + _bullets(2001),
            "deck.yaml:3:5: error: slides[0]: the slide has 2,001 bullets; at most 2,000 fit "
            "on one slide: spread them over several slides",
        ),
        (
            "title: t\nslides:\n  - layout: two-column\n    left:\n"
            + _bullets(1000)
            + "    right:\n      - top:\n"
            + "".join(f"          - s{i}\n" for i in range(1000)),
            "deck.yaml:3:5: error: slides[0]: the slide has 2,001 bullets; at most 2,000 fit "
            "on one slide: spread them over several slides",
        ),
        (
            "title: t\nslides:\n  - layout: table\n    header: [a, b]\n    rows:\n"
            + "      - [x, y]\n" * 2500,
            "deck.yaml:6:7: error: slides[0].rows: the table has 5,002 cells; at most 5,000 fit "
            "in one table: split it over several slides",
        ),
        (
            "title: t\nslides:\n  - title: x\n    notes: " + "n" * 100_001 + "\n",
            "deck.yaml:4:12: error: slides[0].notes: the text is 100,001 characters; at most "
            "100,000 fit in one value: split it over several slides",
        ),
        (
            "title: t\nslides:\n" + "  - title: s\n" * 10_001,
            "deck.yaml:3:3: error: slides: the deck has 10,001 slides; at most 10,000 are "
            "built: split it into several decks",
        ),
    ],
    ids=["bullets", "bullets-nested-two-columns", "cells", "text", "slides"],
)
def test_hard_limits_are_located_errors(write_deck, deck: str, first_line: str) -> None:
    assert both_refuse(write_deck(deck)).splitlines()[0] == first_line


def test_at_the_limits_the_deck_builds(write_deck, tmp_path) -> None:
    from hostile_helpers import run

    write_deck("title: t\nslides:\n  - title: x\n    fit: warn\n    bullets:\n" + _bullets(2000))
    code, said = run("check")
    assert code == 0, said
