"""Inline and block markup become the runs both renderers draw."""

from __future__ import annotations

import pytest

from podium.plan.markup import MarkupError, Para, Run, parse_block, parse_inline, plain


def test_markup_inline_formats_become_runs() -> None:
    assert parse_inline("a **b** *c* `d` [e](https://x.org/p?q=1&r=2)") == (
        Run("a "),
        Run("b", bold=True),
        Run(" "),
        Run("c", italic=True),
        Run(" "),
        Run("d", code=True),
        Run(" "),
        Run("e", link="https://x.org/p?q=1&r=2"),
    )


def test_markup_bare_urls_and_emails_become_links() -> None:
    runs = parse_inline("mail masa@kiya.net or see http://www.kiya.net/ and www.unu.edu")
    links = [(r.text, r.link) for r in runs if r.link]
    assert links == [
        ("masa@kiya.net", "mailto:masa@kiya.net"),
        ("http://www.kiya.net/", "http://www.kiya.net/"),
        ("www.unu.edu", "http://www.unu.edu"),
    ]


def test_markup_newline_is_a_line_break() -> None:
    assert parse_inline("one\ntwo") == (Run("one"), Run("\n"), Run("two"))


def test_markup_html_stays_text() -> None:
    assert parse_inline("<script>alert(1)</script> & <b>x</b>") == (
        Run("<script>alert(1)</script> & <b>x</b>"),
    )


def test_markup_typographic_quotes_and_dashes_are_kept() -> None:
    text = "“...we commit ourselves” – Japan’s — ‘x’"
    assert plain(parse_inline(text)) == text


def test_markup_refuses_other_link_schemes() -> None:
    with pytest.raises(MarkupError, match="only http, https and mailto"):
        parse_inline("[x](ftp://example.org/file)")


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PGI+aGk8L2I+",
        "vbscript:msgbox(1)",
    ],
)
def test_markup_refuses_links_markdown_it_leaves_as_text(href: str) -> None:
    # markdown-it would leave these as literal "[x](...)" text on the slide
    for text in (f"[x]({href})", f"<{href}>"):
        with pytest.raises(MarkupError) as info:
            parse_inline(text)
        assert str(info.value) == (
            f"link '{href}' is not allowed: only http, https and mailto links are "
            "(write the full address, e.g. 'https://example.org/page')"
        )


def test_markup_control_characters_are_removed() -> None:
    assert parse_inline("a\x07b\x00c") == (Run("abc"),)


def test_markup_block_keeps_paragraphs_and_nested_lists() -> None:
    assert parse_block("Intro line\n\n- a\n  - b\n    - c\n- d\n\n1. one\n2. two") == (
        Para((Run("Intro line"),), 0, ""),
        Para((Run("a"),), 0, "•"),
        Para((Run("b"),), 1, "•"),
        Para((Run("c"),), 2, "•"),
        Para((Run("d"),), 0, "•"),
        Para((Run("one"),), 0, "1.", 1),
        Para((Run("two"),), 0, "2.", 2),
    )


def test_markup_block_does_not_make_headings_or_code_blocks() -> None:
    assert parse_block("# not a heading\n\n    indented") == (
        Para((Run("# not a heading"),), 0, ""),
        Para((Run("indented"),), 0, ""),
    )


def test_markup_walk_inline_gives_each_token_the_formatting_around_it() -> None:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    from podium.plan.markup import walk_inline

    md = MarkdownIt("commonmark").enable("strikethrough")
    superscript_plugin(md)
    sub_plugin(md)
    children = md.parseInline("**a [b](https://x.org) _c_** ~~d~~ H~2~O [e](ftp://y) f")[0].children
    asked: list[str] = []

    def link(href: str) -> str | None:
        asked.append(href)
        return href if href.startswith("https:") else None

    seen = [
        (tok.content, style.bold, style.italic, style.strike, style.script, style.link)
        for tok, style in walk_inline(children or [], link)
        if tok.content
    ]
    assert seen == [
        ("a ", 1, 0, 0, 0, None),
        ("b", 1, 0, 0, 0, "https://x.org"),
        (" ", 1, 0, 0, 0, None),
        ("c", 1, 1, 0, 0, None),
        (" ", 0, 0, 0, 0, None),
        ("d", 0, 0, 1, 0, None),
        (" H", 0, 0, 0, 0, None),
        ("2", 0, 0, 0, -1, None),
        ("O ", 0, 0, 0, 0, None),
        ("e", 0, 0, 0, 0, None),
        (" f", 0, 0, 0, 0, None),
    ]
    assert asked == ["https://x.org", "ftp://y"]
