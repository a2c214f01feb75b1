"""Steps: which click brings each bullet, block and code highlight, and the located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.commands.build import load_plan
from podium.errors import DeckError
from podium.plan.types import SlidePlan, StepTarget

HEAD = "title: T\nslides:\n"


def plan_of(write_deck, text: str) -> list[SlidePlan]:
    return list(load_plan(write_deck(HEAD + text), "deck.yaml").slides)


def body_steps(slide: SlidePlan) -> list[tuple[str, int]]:
    return [("".join(r.text for r in p.runs), p.step) for p in slide.body]


NESTED = """\
    text: Why it matters
    bullets:
      - One:
          - one a:
              - one a i
          - one b
      - Two
"""


def test_steps_reveal_bullets_brings_each_top_bullet_with_its_children(write_deck) -> None:
    (slide,) = plan_of(write_deck, "  - title: S\n    reveal: bullets\n" + NESTED)
    assert body_steps(slide) == [
        ("Why it matters", 0),
        ("One", 1),
        ("one a", 1),
        ("one a i", 1),
        ("one b", 1),
        ("Two", 2),
    ]
    assert slide.steps.count == 2
    assert slide.steps.clicks == (
        (StepTarget("body", (1, 2, 3, 4)),),
        (StepTarget("body", (5,)),),
    )


def test_steps_reveal_level_two_brings_each_second_level_bullet(write_deck) -> None:
    (slide,) = plan_of(
        write_deck, "  - title: S\n    reveal: bullets\n    reveal_level: 2\n" + NESTED
    )
    assert [s for _t, s in body_steps(slide)] == [0, 1, 2, 2, 3, 4]
    assert slide.steps.level == 2


def test_steps_deck_reveal_applies_to_every_slide_and_none_turns_it_off(write_deck) -> None:
    slides = list(
        load_plan(
            write_deck(
                "title: T\nreveal: bullets\nslides:\n"
                "  - bullets: [a, b]\n"
                "  - reveal: none\n    bullets: [a, b]\n"
                "  - {layout: quote, quote: Q}\n"
            ),
            "deck.yaml",
        ).slides
    )
    assert [s.steps.count for s in slides] == [2, 0, 0]


def test_steps_pause_brings_a_block_and_what_follows_it(write_deck) -> None:
    two, quote, text = plan_of(
        write_deck,
        "  - {layout: two-column, left: [a, b], right: [c], pause: right}\n"
        "  - {layout: quote, quote: Q, attribution: A, pause: [quote]}\n"
        "  - {text: Lead, bullets: [x, y], pause: bullets}\n",
    )
    assert [p.step for p in two.left] == [0, 0]
    assert [p.step for p in two.right] == [1]
    assert two.steps.clicks == ((StepTarget("right"),),)  # the whole column: one shape
    # a pause before the quote brings the attribution after it on the same click
    assert quote.steps.blocks == (("quote", 1), ("attribution", 1))
    assert quote.steps.clicks == ((StepTarget("quote"), StepTarget("attribution")),)
    # text and bullets share the body: the bullets are a paragraph range of it
    assert [s for _t, s in body_steps(text)] == [0, 1, 1]
    assert text.steps.clicks == ((StepTarget("body", (1, 2)),),)


def test_steps_pause_and_reveal_on_one_list_take_one_click_for_its_first_bullet(
    write_deck,
) -> None:
    (slide,) = plan_of(
        write_deck, "  - {text: Lead, bullets: [x, y], pause: bullets, reveal: bullets}\n"
    )
    assert [s for _t, s in body_steps(slide)] == [0, 1, 2]


def test_steps_code_highlights_come_after_the_code(write_deck) -> None:
    (slide,) = plan_of(
        write_deck,
        "  - layout: code\n    language: text\n    pause: code\n"
        "    code: |\n      a\n      b\n      c\n      d\n      e\n"
        '    steps: ["1-2", "4", " 5 - 5 "]\n',
    )
    assert slide.steps.count == 4
    assert slide.steps.blocks == (("code", 1),)
    assert [(m.step, m.first, m.last) for m in slide.steps.highlights] == [
        (2, 0, 1),
        (3, 3, 3),
        (4, 4, 4),
    ]
    assert slide.steps.clicks[1] == (StepTarget("highlight", (0,)),)


def test_steps_split_slides_number_their_steps_again(write_deck) -> None:
    bullets = "".join(f"      - Point number {n} of a long argument\n" for n in range(1, 25))
    slides = plan_of(
        write_deck,
        "  - title: S\n    fit: split\n    reveal: bullets\n" + "    bullets:\n" + bullets,
    )
    assert len(slides) > 1
    for slide in slides:
        assert [p.step for p in slide.body] == list(range(1, len(slide.body) + 1))
        assert slide.steps.count == len(slide.body) == len(slide.steps.clicks)


ERRORS = [
    (
        "reveal_unknown",
        "  - bullets: [a]\n    reveal: bulets\n",
        "deck.yaml:4:13: error: slides[0].reveal: expected none or bullets, found 'bulets' "
        "(did you mean 'bullets'?)\n"
        "    4 |     reveal: bulets\n"
        "      |             ^^^^^^",
    ),
    (
        "reveal_level_out_of_range",
        "  - bullets: [a]\n    reveal_level: 12\n",
        "deck.yaml:4:19: error: slides[0].reveal_level: expected a bullet level from 1 to 9, "
        "found '12'\n"
        "    4 |     reveal_level: 12\n"
        "      |                   ^^",
    ),
    (
        "reveal_without_bullets",
        "  - {layout: quote, quote: Q, reveal: bullets}\n",
        "deck.yaml:3:39: error: slides[0].reveal: this quote slide has no bullets to reveal; "
        "to bring its blocks on clicks, use pause: [quote]\n"
        "    3 |   - {layout: quote, quote: Q, reveal: bullets}\n"
        "      |                                       ^^^^^^^",
    ),
    (
        "pause_unknown_block",
        "  - {layout: two-column, left: [a], right: [b], pause: [rigth]}\n",
        "deck.yaml:3:57: error: slides[0].pause[0]: a two-column slide has no block 'rigth' "
        "(did you mean 'right'?); blocks here: left, right\n"
        "    3 |   - {layout: two-column, left: [a], right: [b], pause: [rigth]}\n"
        "      |                                                         ^^^^^",
    ),
    (
        "pause_missing_block",
        "  - {layout: quote, quote: Q, pause: attribution}\n",
        "deck.yaml:3:38: error: slides[0].pause[0]: this slide has no attribution; "
        "blocks here: quote\n"
        "    3 |   - {layout: quote, quote: Q, pause: attribution}\n"
        "      |                                      ^^^^^^^^^^^",
    ),
    (
        "pause_on_title",
        "  - {layout: title, pause: subtitle}\n",
        "deck.yaml:3:28: error: slides[0].pause[0]: a title slide has no blocks to pause before\n"
        "    3 |   - {layout: title, pause: subtitle}\n"
        "      |                            ^^^^^^^^",
    ),
    (
        "steps_not_a_range",
        '  - {layout: code, language: text, code: "a", steps: ["1-x"]}\n',
        "deck.yaml:3:55: error: slides[0].steps[0]: '1-x' is not a line number or range; "
        'write a line ("5") or a range of lines ("1-3")\n'
        '    3 |   - {layout: code, language: text, code: "a", steps: ["1-x"]}\n'
        "      |                                                       ^^^^^",
    ),
    (
        "steps_past_the_end",
        '  - {layout: code, language: text, code: "a\\nb", steps: ["2-3"]}\n',
        "deck.yaml:3:58: error: slides[0].steps[0]: line 3 is past the end of the code "
        "(2 lines)\n"
        '    3 |   - {layout: code, language: text, code: "a\\nb", steps: ["2-3"]}\n'
        "      |                                                          ^^^^^",
    ),
    (
        "steps_backwards",
        '  - {layout: code, language: text, code: "a\\nb", steps: ["2-1"]}\n',
        "deck.yaml:3:58: error: slides[0].steps[0]: '2-1' runs backwards; write '1-2'\n"
        '    3 |   - {layout: code, language: text, code: "a\\nb", steps: ["2-1"]}\n'
        "      |                                                          ^^^^^",
    ),
    (
        "steps_line_zero",
        '  - {layout: code, language: text, code: "a", steps: [0]}\n',
        "deck.yaml:3:55: error: slides[0].steps[0]: '0': lines are numbered from 1\n"
        '    3 |   - {layout: code, language: text, code: "a", steps: [0]}\n'
        "      |                                                       ^",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_steps_bad_values_give_located_errors(
    name: str, text: str, expected: str, write_deck, tmp_path: Path
) -> None:
    with pytest.raises(DeckError) as info:
        load_plan(write_deck(HEAD + text), "deck.yaml")
    assert info.value.render() == expected


def test_steps_check_and_build_agree_on_errors(write_deck, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from podium.cli import cli

    write_deck(HEAD + "  - {layout: quote, quote: Q, pause: attribution}\n")
    runner = CliRunner()
    check = runner.invoke(cli, ["check", "deck.yaml"], catch_exceptions=False)
    build = runner.invoke(
        cli, ["build", "deck.yaml", "-o", str(tmp_path / "out")], catch_exceptions=False
    )
    assert check.exit_code == build.exit_code == 1
    assert "deck.yaml:3:38: error: slides[0].pause[0]: this slide has no attribution" in (
        check.output
    )
    assert "this slide has no attribution" in build.output
    assert not (tmp_path / "out").exists()
