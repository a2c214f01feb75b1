"""The plan stage's fast paths give exactly what the general code gives."""

from __future__ import annotations

import pytest

from podium.plan import markup


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, and more (words)",
        "1. a list",
        "2) a list",
        "Dots. in text",
        "example.org is a link",
        "mail me@example.org",
        "**bold**",
        "a_b",
        "tab\tinside",
        "“curly” — dash",
        "line\nbreak",
        "  spaced  ",
    ],
)
def test_fast_paths_plain_markup_equals_markdown_it(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    markup.parse_inline.cache_clear()
    markup.parse_block.cache_clear()
    fast = (markup.parse_inline(text), markup.parse_block(text))
    monkeypatch.setattr(markup, "_is_plain", lambda _text: False)
    markup.parse_inline.cache_clear()
    markup.parse_block.cache_clear()
    slow = (markup.parse_inline(text), markup.parse_block(text))
    markup.parse_inline.cache_clear()
    markup.parse_block.cache_clear()
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "Point 1 of slide 8, a line of ordinary lecture text",
        "see example.org now",
        "mail me at a@b.example",
        "LOCALHOST:8000 and localhoſt",
        "www example com",
        "Kelvin \u212a and long \u017f",
        "http:x and //path",
    ],
)
def test_link_hint_never_hides_a_pretest_match(text: str) -> None:
    linkify = markup._parser().linkify
    assert linkify is not None
    if linkify.pretest(text):
        assert markup._LINK_HINT.search(text)
    assert markup._is_plain(text) == (
        markup._parser().inline.terminator_re.search(text) is None and not linkify.pretest(text)
    )
