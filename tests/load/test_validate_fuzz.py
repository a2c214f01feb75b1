"""Any text as deck.yaml gives a deck or located problems, never a traceback."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.errors import DeckError
from podium.load import model
from podium.load.source import parse_text
from podium.load.validate import locate, validate
from podium.plan.planner import plan

KEYS = [
    "title",
    "slides",
    "layout",
    "bullets",
    "notes",
    "image",
    "alt",
    "section",
    "quote",
    "header",
    "rows",
    "code",
    "language",
    "lang",
    "footer",
    "hidden",
    "left",
    "right",
    "text",
    "items",
    "subtitle",
    "id",
    "slide_numbers",
    "summary",
    "divider",
]
#: Every layout, and a misspelt one.
LAYOUTS = [*model.LAYOUTS, "bulets"]

scalars = st.one_of(
    st.sampled_from(
        [
            "",
            "~",
            "yes",
            "No",
            "12:30",
            "1.10",
            "true",
            "[",
            "]",
            "{",
            "'",
            '"',
            "- x",
            "a: b",
            "*x",
            "&x",
            "!!int 3",
            "|",
            ">",
            "#c",
            "\t",
            "https://x",
            "[x](javascript:y)",
            "**b**",
        ]
    ),
    st.sampled_from(LAYOUTS),
    st.text(string.printable, max_size=12),
)


def _yaml(value, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(
            f"{pad}{k}:\n{_yaml(v, indent + 2)}"
            if isinstance(v, (dict, list))
            else f"{pad}{k}: {v}\n"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return "".join(
            f"{pad}-\n{_yaml(v, indent + 2)}" if isinstance(v, (dict, list)) else f"{pad}- {v}\n"
            for v in value
        )
    return f"{pad}{value}\n"


trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


def _check(text: str) -> None:
    try:
        data = parse_text(text, "deck.yaml")
        from pathlib import Path

        from podium.errors import SourceText

        src = SourceText("deck.yaml", text)
        deck = validate(data, src)
        plan(deck, locate(data), src, Path("deck.yaml"))
    except DeckError as exc:
        assert exc.problems
        for problem in exc.problems:
            text_out = problem.render()
            assert text_out.startswith("deck.yaml:") or text_out.startswith("error:")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), trees, max_size=6))
def test_loader_fuzz_structured_yaml_never_crashes(tree) -> None:
    _check(_yaml(tree))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "“”–—é日本", max_size=200))
def test_loader_fuzz_random_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "title: T\n",
                "slides:\n",
                "  - layout: quote\n",
                "    bullets:\n",
                "      - a: b\n",
                "  - [x]\n",
                "\t- y\n",
                "    quote: q\n",
                "  - section: S\n",
                "    slides: []\n",
                "title: &a x\n",
                "x: *a\n",
                "slides: 3\n",
                "---\n",
            ]
        ),
        max_size=10,
    )
)
def test_loader_fuzz_deck_like_lines_never_crash(lines: list[str]) -> None:
    _check("".join(lines))
