"""Tests for math, superscript, subscript and strikethrough in deck text."""

from __future__ import annotations

import pytest

from podium.plan.markup import MathMarkupError, Run, parse_block, parse_inline


def _shape(runs: tuple[Run, ...]) -> list[tuple[str, str]]:
    """Return (kind, text) per run: 'math' (with its LaTeX), 'display' or 'text'."""
    out = []
    for r in runs:
        if r.math is not None:
            out.append(("display" if r.display else "math", r.math.tex))
        else:
            out.append(("text", r.text))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("costs $5 and $10", [("text", "costs $5 and $10")]),
        ("$20,000 and $30,000 won't parse", [("text", "$20,000 and $30,000 won't parse")]),
        (r"$O(n \log n)$ sort", [("math", r"O(n \log n)"), ("text", " sort")]),
        ("a $x$1 b $y$", [("text", "a $x$1 b "), ("math", "y")]),
        ("$ x$ and $x $", [("text", "$ x$ and $x $")]),
        (r"\$x$ is money", [("text", "$x$ is money")]),
        (r"$a \$ b$ ok", [("math", r"a \$ b"), ("text", " ok")]),
        ("$2+2$ is four", [("math", "2+2"), ("text", " is four")]),
        ("`$x$` is code", [("text", "$x$"), ("text", " is code")]),
        (r"$$\frac{a}{b}$$", [("display", r"\frac{a}{b}")]),
        ("see $x$, then $y$.", [
            ("text", "see "), ("math", "x"), ("text", ", then "), ("math", "y"), ("text", "."),
        ]),
    ],
)  # fmt: skip
def test_markup_math_follows_pandocs_dollar_rule(text: str, expected: list[object]) -> None:
    assert _shape(parse_inline(text)) == expected


def test_markup_math_code_stays_code() -> None:
    runs = parse_inline("`$x$` is code")
    assert runs[0].code and runs[0].math is None


def test_markup_math_run_carries_linear_text_and_formatting() -> None:
    (before, formula, after) = parse_inline("**Euler: $e^{i\\pi}$ rocks**")
    assert formula.math is not None and formula.text == "eiπ" and formula.bold
    assert before.bold and after.bold


def test_markup_superscript_subscript_strikethrough() -> None:
    runs = parse_inline("H~2~O, r^2^, ~~wrong~~ right")
    assert [(r.text, r.script, r.strike) for r in runs] == [
        ("H", 0, False),
        ("2", -1, False),
        ("O, r", 0, False),
        ("2", 1, False),
        (", ", 0, False),
        ("wrong", 0, True),
        (" right", 0, False),
    ]


def test_markup_display_math_on_lines_of_its_own() -> None:
    paras = parse_block("The sum:\n$$\n\\sum_{i=1}^n i\n  + 1\n$$\nand more text")
    assert [(p.bullet, _shape(p.runs)) for p in paras] == [
        ("", [("text", "The sum:")]),
        ("", [("display", "\\sum_{i=1}^n i\n  + 1")]),
        ("", [("text", "and more text")]),
    ]


def test_markup_display_math_as_a_bullet() -> None:
    (para,) = parse_block("- $$x^2$$")
    assert para.bullet == "•" and _shape(para.runs) == [("display", "x^2")]


@pytest.mark.parametrize(
    ("text", "message", "tex", "offset"),
    [
        (
            r"Fast: $O(n \logg n)$",
            "formula $O(n \\logg n)$: unknown LaTeX command '\\logg' (did you mean '\\log'?)",
            r"O(n \logg n)",
            4,
        ),
        (
            r"$$ \frac{a}{b $$",
            "formula $$\\frac{a}{b$$: '{' is never closed: add a '}'",
            r" \frac{a}{b ",
            9,
        ),
    ],
)
def test_markup_bad_formula_says_where_in_it(
    text: str, message: str, tex: str, offset: int
) -> None:
    with pytest.raises(MathMarkupError) as caught:
        parse_inline(text)
    assert (caught.value.message, caught.value.tex, caught.value.offset) == (message, tex, offset)
