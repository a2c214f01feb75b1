"""The plan stage's fast paths give exactly what the general code gives."""

from __future__ import annotations

import random

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


LINK_TEXTS = [
    "Point 1 of slide 8, a line of ordinary lecture text",
    "see example.org now",
    "mail me at a@b.example",
    "LOCALHOST:8000 and localhoſt",
    "www example com",
    "www. and WWW.x",
    "Kelvin \u212a and long \u017f",
    "http:x and //path",
    "HTTPS: and ftp: and MailTo:",
    "Private sector: business opportunities",  # a colon, but no scheme
    "“...we commit ourselves”",  # ".we": a two-letter domain to the pretest
    "version 1.10 and 10.0.0.1 and e.g. i.e.",
    "пример.рф and xn--80ak6aa92e.com",
]


def _plain_linkify() -> object:
    """A linkify-it set up as the parser's, without Podium's hint in front of its pretest."""
    from linkify_it import LinkifyIt

    return LinkifyIt().set({"fuzzy_link": True, "fuzzy_email": True})


def _random_link_text(rnd: random.Random) -> str:
    pieces = ["http", "s", ":", "/", "ftp", "mailto", "www", ".", "@", "localhost", "a", "Z",
              "1", " ", "рф", "xn--", "com", "ſ", "\u212a", ">", "_", "-", "…"]  # fmt: skip
    return "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))


@pytest.mark.parametrize("text", LINK_TEXTS)
def test_link_hint_never_hides_a_pretest_match(text: str) -> None:
    linkify = markup._parser().linkify
    assert linkify is not None
    plain = _plain_linkify()
    assert linkify.pretest(text) == plain.pretest(text)  # type: ignore[attr-defined]
    if plain.pretest(text):  # type: ignore[attr-defined]
        assert markup._LINK_HINT.search(text)
    assert markup._is_plain(text) == (
        markup._parser().inline.terminator_re.search(text) is None and not plain.pretest(text)  # type: ignore[attr-defined]
    )


def test_link_hint_agrees_with_the_pretest_on_random_text() -> None:
    rnd = random.Random(17)
    linkify, plain = markup._parser().linkify, _plain_linkify()
    assert linkify is not None
    for _ in range(3000):
        text = _random_link_text(rnd)
        assert linkify.pretest(text) == plain.pretest(text), text  # type: ignore[attr-defined]


def test_link_hint_text_without_one_never_reaches_linkify(monkeypatch: pytest.MonkeyPatch) -> None:
    from linkify_it import LinkifyIt

    asked: list[str] = []
    pretest = LinkifyIt.pretest
    monkeypatch.setattr(LinkifyIt, "pretest", lambda self, t: asked.append(t) or pretest(self, t))
    markup._parser.cache_clear()
    markup.parse_block.cache_clear()
    try:
        markup.parse_block("**Private sector:** business, trade and *aid*.\n- one\n- two")
        assert asked == []
        markup.parse_block("**See** www.unu.edu")
        assert asked
    finally:
        markup._parser.cache_clear()
        markup.parse_block.cache_clear()
