"""The importer's writing: any text reads back as itself, as markup and as YAML."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from podium.importer.inline import Span, normalise, to_markup
from podium.importer.writer import DeckOut, Item, SectionOut, SlideOut, write
from podium.load.validate import load
from podium.plan.markup import parse_block, parse_inline, plain

#: Letters, and every character that starts markup or YAML syntax.
_TRICKY = st.lists(
    st.sampled_from([*"ab Z9.:-#*_`[]()<>&;!~^$'\"\\|>%@,{}?=+\n", "1. ", "www.", "&amp;"]),
    max_size=25,
).map("".join)


def _plain_text(spans: list[Span]) -> str:
    return "".join(s.text for s in normalise(spans))


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_importer_markup_reads_back_as_the_text(text: str) -> None:
    markup, kept = to_markup([Span(text)])
    assert kept
    assert "".join(r.text for r in parse_inline(markup)) == _plain_text([Span(text)])


@settings(max_examples=200, deadline=None)
@given(_TRICKY, _TRICKY, st.booleans(), st.booleans(), st.sampled_from([0, 1, -1]), st.booleans())
def test_importer_formatting_reads_back_or_falls_back_to_text(
    a: str, b: str, bold: bool, code: bool, script: int, strike: bool
) -> None:
    link = "https://example.org/x"
    spans = [Span(a), Span(b, bold=bold, code=code, link=link, script=script, strike=strike)]
    markup, kept = to_markup(spans)
    runs = parse_inline(markup)
    assert "".join(r.text for r in runs) == _plain_text(spans)
    if kept and _plain_text([spans[1]]).strip():
        assert any(r.link == link for r in runs)
        assert any(r.script == script and r.strike == strike for r in runs if r.link)


@settings(max_examples=100, deadline=None)
@given(_TRICKY, _TRICKY)
def test_importer_formula_reads_back(a: str, b: str) -> None:
    spans = [Span(a), Span("x2", math="x^2"), Span(b)]
    markup, kept = to_markup(spans)
    runs = parse_inline(markup)
    if b[:1].isdigit():  # "$x^2$9" is no formula (Pandoc's rule): the text is kept plain
        assert not kept and "".join(r.text for r in runs).startswith(a.strip()[:1])
        return
    assert kept
    assert [r.math.tex for r in runs if r.math is not None] == ["x^2"]


@settings(max_examples=200, deadline=None)
@given(_TRICKY)
def test_importer_block_markup_keeps_paragraph_text(text: str) -> None:
    line = text.replace("\n", " ").strip()
    markup, _kept = to_markup([Span(line)], block=True)
    paras = parse_block(markup)
    assert " ".join(plain(p.runs) for p in paras).split() == line.split()
    assert all(p.bullet == "" for p in paras)


_YAML_TEXT = (
    st.lists(
        st.sampled_from([*"ab Z9.:-#*&!|>%@,[]{}?'\"\\", "No", "true", ": ", " #", "- "]),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda t: t.strip() == t and bool(t))
)


@settings(max_examples=150, deadline=None)
@given(_YAML_TEXT, _YAML_TEXT, _YAML_TEXT)
def test_importer_yaml_reads_back_as_written(title: str, bullet: str, parent: str) -> None:
    slide = SlideOut(
        {"title": title, "bullets": [Item(bullet), Item(parent, [Item(bullet)])]},
        comments={"title": "a comment"},
        above=["a comment above"],
    )
    deck = DeckOut({"title": title}, [SectionOut(title, [slide], {"summary": bullet})])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.yaml"
        path.write_text(write(deck), encoding="utf-8")
        model, _data, _src = load(path)
    assert model.title == title
    section = model.slides[0]
    assert section.section == title and section.summary == bullet
    read = section.slides[0]
    assert read.title == title
    assert [b.text for b in read.bullets] == [bullet, parent]
    assert [b.text for b in read.bullets[1].bullets] == [bullet]
