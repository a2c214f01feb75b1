"""No javascript:, data:, vbscript: or file: link reaches either output by any path, and HTML
character references are text, not markup: both outputs show what the lecturer typed."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_helpers import run

SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
#: Forms that pass check (they are text, not links) in every field a deck has.
TEXTS = [
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '<a href="vbscript:msgbox">x</a>',
    "file:///etc/passwd",
    "&#106;avascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    # Markup links with these schemes: markdown-it leaves them as text; a located error would
    # do as well (nothing silent), but neither may reach an output as a link.
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    "[x](file:///etc/passwd)",
    "[x](&#106;avascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _deck(t: str) -> str:
    q = _q(t)
    return f"""title: {q}
subtitle: {q}
author: {q}
event: {q}
footer: {q}
date: {q}
date_on_slides: true
slides:
  - layout: title
  - section: {q}
    summary: {q}
    divider: true
    slides:
      - title: {q}
        text: {q}
        bullets: [{q}, {{text: {q}, bullets: [{q}]}}]
        notes: {q}
  - layout: agenda
  - layout: two-column
    title: {q}
    left: [{q}]
    right: [{q}]
  - layout: quote
    quote: {q}
    attribution: {q}
  - layout: table
    title: {q}
    header: [{q}]
    rows: [[{q}]]
  - layout: image
    image: ok.png
    alt: {q}
    caption: {q}
    footer: {q}
  - layout: code
    language: html
    code: {q}
"""


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, str]] = []

        self.bare: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values.extend((tag, k, v or "") for k, v in attrs)
        if not attrs:
            self.bare.append(tag)


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 3), (10, 20, 30)).save(path)


@pytest.mark.parametrize("text", TEXTS)
def test_no_refused_scheme_reaches_either_output(write_deck, tmp_path: Path, text: str) -> None:
    _png(tmp_path / "ok.png")
    write_deck(_deck(text))
    code, said = run("build")
    if code != 0:  # refused: then as a located error, by check too
        assert said.startswith("deck.yaml:") and "Traceback" not in said
        assert run("check")[0] == 1
        return
    html = (tmp_path / "build" / "deck.html").read_text(encoding="utf-8")
    parser = _Attrs()
    parser.feed(html)
    for tag, name, value in parser.values:
        if name in ("href", "src", "action", "formaction", "xlink:href", "poster"):
            ok = (
                value.startswith(("#", "https:", "http:", "mailto:"))
                or (tag == "img" and value.startswith("data:image/"))  # the deck's own pictures
                or (tag, value) == ("link", "data:,")  # the page's empty icon: no request
            )
            assert ok, (tag, name, value[:80])
        assert not name.startswith("on"), (tag, name)  # no event handler made it in
    tags = [tag for tag, _name, _value in parser.values] + parser.bare
    baseline = _Attrs()
    write_deck(_deck("plain text"))
    assert run("build", "-o", "plain")[0] == 0
    baseline.feed((tmp_path / "plain" / "deck.html").read_text(encoding="utf-8"))
    assert tags.count("script") == ([t for t, _n, _v in baseline.values] + baseline.bare).count(
        "script"
    )  # no script of the deck's text became a script element
    with zipfile.ZipFile(tmp_path / "build" / "deck.pptx") as zf:
        for name in zf.namelist():
            if not name.endswith(".rels"):
                continue
            for target, mode in re.findall(
                r'Target="([^"]*)"(?: TargetMode="(\w+)")?', zf.read(name).decode()
            ):
                if mode == "External":
                    assert target.startswith(("https:", "http:", "mailto:")), (name, target)
                assert not target.lower().startswith(SCHEMES), (name, target)
        slides = " ".join(
            zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml") and "slide" in n
        )
    assert "action=" not in slides  # no hlinkClick with a macro or program action


def test_character_references_are_text_in_both_outputs(write_deck, tmp_path: Path) -> None:
    from pptx import Presentation

    write_deck('title: t\nslides:\n  - title: "&lt;script&gt; &amp; &#65;"\n')
    assert run("build")[0] == 0
    html = (tmp_path / "build" / "deck.html").read_text(encoding="utf-8")
    assert "&amp;lt;script&amp;gt; &amp;amp; &amp;#65;" in html  # shown as typed, escaped
    prs = Presentation(str(tmp_path / "build" / "deck.pptx"))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert "&lt;script&gt; &amp; &#65;" in titles
