"""Bad LaTeX and YAML's double-quote escapes in a deck: exact, located messages from check."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from podium.cli import cli

CASES = [
    (
        "title: T\nslides:\n  - title: Sorting\n    bullets:\n"
        "      - Runs in $O(n \\logg n)$ time\n",
        "deck.yaml:5:22: error: slides[0].bullets[0]: formula $O(n \\logg n)$: unknown LaTeX "
        "command '\\logg' (did you mean '\\log'?)\n"
        "    5 |       - Runs in $O(n \\logg n)$ time\n"
        "      |                      ^^^^^\n",
    ),
    (
        "title: T\nslides:\n  - title: 'Ratio $\\frac{a}{b$'\n",
        "deck.yaml:3:28: error: slides[0].title: formula $\\frac{a}{b$: '{' is never closed: "
        "add a '}'\n"
        "    3 |   - title: 'Ratio $\\frac{a}{b$'\n"
        "      |                            ^\n",
    ),
    (
        "title: T\nslides:\n  - title: One\n    notes: |\n      Say it:\n      $$\n"
        "      \\sum_i x_i\n        + \\bta\n      $$\n",
        "deck.yaml:8:11: error: slides[0].notes: formula $$\\sum_i x_i + \\bta$$: unknown LaTeX "
        "command '\\bta' (did you mean '\\beta'?)\n"
        "    8 |         + \\bta\n"
        "      |           ^^^^\n",
    ),
    (
        'title: T\nslides:\n  - layout: table\n    header: [a, "$\\frac{1}{2}$"]\n    rows: []\n',
        'deck.yaml:4:17: error: slides[0].header[1]: in double quotes YAML reads "\\f" as a '
        "form feed, so '\\frac' does not reach the formula; write LaTeX in single quotes "
        "('$\\frac{a}{b}$'), without quotes, or in a | block\n"
        '    4 |     header: [a, "$\\frac{1}{2}$"]\n'
        "      |                 ^^^^^^^^^^^^^^^\n",
    ),
    (
        'title: T\nslides:\n  - title: "Angle $\\theta$"\n',
        'deck.yaml:3:12: error: slides[0].title: in double quotes YAML reads "\\t" as a tab, '
        "so '\\theta' does not reach the formula; write LaTeX in single quotes "
        "('$\\frac{a}{b}$'), without quotes, or in a | block\n"
        '    3 |   - title: "Angle $\\theta$"\n'
        "      |            ^^^^^^^^^^^^^^^^\n",
    ),
    (
        'title: T\nslides:\n  - title: "Sorting $O(n \\log n)$"\n',
        "deck.yaml:3:27: error: invalid YAML: found unknown escape character 'l' (while "
        "scanning a double-quoted scalar at line 3); in double quotes a backslash starts a "
        "YAML escape; write LaTeX in single quotes ('$O(n \\log n)$'), without quotes, or in "
        "a | block\n"
        '    3 |   - title: "Sorting $O(n \\log n)$"\n'
        "      |                           ^\n",
    ),
]


@pytest.mark.parametrize(("deck", "expected"), CASES)
def test_math_errors_are_located_in_the_formula(write_deck, deck: str, expected: str) -> None:
    write_deck(deck)
    for command in (["check", "deck.yaml"], ["build", "deck.yaml", "-o", "out"]):
        result = CliRunner().invoke(cli, command, catch_exceptions=False)
        assert result.exit_code == 1, result.output
        assert result.stderr == expected


def test_math_escaped_backslash_in_double_quotes_is_fine(write_deck) -> None:
    write_deck('title: T\nslides:\n  - title: "Ratio $\\\\frac{a}{b}$"\n')
    result = CliRunner().invoke(cli, ["check", "deck.yaml"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (0, "deck.yaml: ok, 1 slides\n")
