"""Loader and error messages: every user mistake gives its exact located message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from podium.commands.build import load_plan
from podium.errors import DeckError
from podium.load.validate import load

OK = "title: T\nslides:\n  - title: One\n"

CASES = [
    (
        "unknown_layout",
        "title: T\nslides:\n  - layout: bulets\n    title: A\n",
        "deck.yaml:3:13: error: slides[0].layout: unknown layout 'bulets' (did you mean "
        "'bullets'?); layouts: title, agenda, section, bullets, two-column, quote, image, "
        "images, columns, table, code, blank\n"
        "    3 |   - layout: bulets\n"
        "      |             ^^^^^^",
    ),
    (
        "unknown_key_with_suggestion",
        "title: T\nslides:\n  - title: A\n    bulets:\n      - x\n",
        "deck.yaml:4:5: error: slides[0].bulets: unknown key 'bulets' for layout 'bullets' "
        "(did you mean 'bullets'?); allowed: layout, title, id, notes, only, hidden, slide_number, "
        "footer, date, fit, reveal, reveal_level, pause, text, bullets, numbered, start, image, "
        "alt, image_side, image_width\n"
        "    4 |     bulets:\n"
        "      |     ^^^^^^",
    ),
    (
        "unknown_deck_key",
        "title: T\nautor: Me\nslides:\n  - title: A\n",
        "deck.yaml:2:1: error: autor: unknown key 'autor' (did you mean 'author'?); allowed: "
        "title, subtitle, author, affiliation, event, date, lang, footer, slide_numbers, "
        "date_on_slides, section_titles, template, assets, layouts, fit, reveal, reveal_level, "
        "variants, slides\n"
        "    2 | autor: Me\n"
        "      | ^^^^^",
    ),
    (
        "yaml_syntax",
        "title: T\nslides:\n  - title: Part 1: Basics\n",
        "deck.yaml:3:18: error: invalid YAML: mapping values are not allowed here; text "
        "containing ': ' must be quoted, e.g. title: \"Part 1: Basics\"\n"
        "    3 |   - title: Part 1: Basics\n"
        "      |                  ^",
    ),
    (
        "unclosed_bracket",
        "title: T\nslides: [\n",
        "deck.yaml:2:10: error: invalid YAML: expected the node content, but found the end "
        "of the file; is a bracket [ { or a quote left open?\n"
        "    2 | slides: [\n"
        "      |          ^",
    ),
    (
        "tab_indent",
        "title: T\nslides:\n\t- title: A\n",
        "deck.yaml:3:1: error: tab character in indentation: YAML indents with spaces only "
        "(set your editor to insert spaces)\n"
        "    3 |  - title: A\n"
        "      | ^",
    ),
    (
        "duplicate_key",
        "title: T\nslides:\n  - title: A\n    title: B\n",
        "deck.yaml:4:5: error: slides[0].title: duplicate key 'title' (first given at line 3);"
        " remove one of them\n"
        "    4 |     title: B\n"
        "      |     ^^^^^",
    ),
    (
        "wrong_type_text",
        "title: T\nslides:\n  - title: [a, b]\n",
        "deck.yaml:3:12: error: slides[0].title: expected text, found a list\n"
        "    3 |   - title: [a, b]\n"
        "      |            ^^^^^^",
    ),
    (
        "wrong_type_bool",
        "title: T\nslide_numbers: yes\nslides:\n  - title: A\n",
        "deck.yaml:2:16: error: slide_numbers: expected true or false, found 'yes'\n"
        "    2 | slide_numbers: yes\n"
        "      |                ^^^",
    ),
    (
        "missing_required",
        "title: T\nslides:\n  - layout: quote\n    title: A\n",
        "deck.yaml:3:5: error: slides[0]: missing required key 'quote' for layout 'quote'\n"
        "    3 |   - layout: quote\n"
        "      |     ^",
    ),
    (
        "missing_title",
        "slides:\n  - title: A\n",
        "deck.yaml:1:1: error: missing required key 'title'\n    1 | slides:\n      | ^",
    ),
    (
        "missing_image",
        "title: T\nslides:\n  - layout: image\n    image: figs/map.png\n    alt: A map\n",
        "deck.yaml:4:12: error: slides[0].image: image not found: 'figs/map.png' (looked in "
        "{tmp}/figs); paths are relative to the deck file\n"
        "    4 |     image: figs/map.png\n"
        "      |            ^^^^^^^^^^^^",
    ),
    (
        "empty_file",
        "",
        "deck.yaml:1:1: error: the deck is empty; it needs at least title: and slides:, e.g.\n"
        "      title: My lecture\n      slides:\n        - title: Welcome",
    ),
    (
        "no_slides",
        "title: T\nslides: []\n",
        "deck.yaml:2:9: error: slides: the deck has no slides; add at least one, e.g.\n"
        "      slides:\n        - title: Welcome\n"
        "    2 | slides: []\n"
        "      |         ^^",
    ),
    (
        "not_a_mapping",
        "- a\n- b\n",
        "deck.yaml:1:1: error: the deck must be a mapping (title:, slides:, ...), found a list\n"
        "    1 | - a\n"
        "      | ^",
    ),
    (
        "bad_link_scheme",
        "title: T\nslides:\n  - title: A\n    bullets:\n      - see [x](ftp://a.b/c)\n",
        "deck.yaml:5:9: error: slides[0].bullets[0]: link 'ftp://a.b/c' is not allowed: only "
        "http, https and mailto links are (write the full address, e.g. "
        "'https://example.org/page')\n"
        "    5 |       - see [x](ftp://a.b/c)\n"
        "      |         ^^^^^^^^^^^^^^^^^^^^",
    ),
    (
        "bullet_mapping_two_keys",
        "title: T\nslides:\n  - title: A\n    bullets:\n      - a: b\n        c: d\n",
        "deck.yaml:5:9: error: slides[0].bullets[0]: a bullet must be text, but YAML read this "
        "as a mapping with keys 'a', 'c'; put the whole line in quotes, e.g. - \"Key: value\"\n"
        "    5 |       - a: b\n"
        "      |         ^",
    ),
    (
        "ragged_table",
        "title: T\nslides:\n  - layout: table\n    header: [a, b]\n    rows:\n      - [1, 2]\n"
        "      - [3]\n",
        "deck.yaml:7:9: error: slides[0].rows[1]: row has 1 cell(s) but the header has 2; give "
        'every row 2 cells (use "" for empty)\n'
        "    7 |       - [3]\n"
        "      |         ^^^",
    ),
    (
        "bad_lang",
        "title: T\nlang: english\nslides:\n  - title: A\n",
        "deck.yaml:2:7: error: lang: 'english' is not a BCP 47 language tag (e.g. en, en-GB, "
        "ja, de-CH)\n"
        "    2 | lang: english\n"
        "      |       ^^^^^^^",
    ),
    (
        "unknown_code_language",
        "title: T\nslides:\n  - layout: code\n    language: pythn\n    code: x = 1\n",
        "deck.yaml:4:15: error: slides[0].language: unknown language 'pythn' for highlighting;"
        " use a Pygments name such as python, bash, yaml, or text\n"
        "    4 |     language: pythn\n"
        "      |               ^^^^^",
    ),
    (
        "section_key_typo",
        "title: T\nslides:\n  - section: S\n    sumary: x\n    slides:\n      - title: A\n",
        "deck.yaml:4:5: error: slides[0].sumary: unknown key 'sumary' (did you mean 'summary'?);"
        " allowed: section, summary, divider, agenda, numbered, only, slides\n"
        "    4 |     sumary: x\n"
        "      |     ^^^^^^",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_loader_reports_exact_located_message(
    name: str, text: str, expected: str, write_deck, tmp_path: Path
) -> None:
    path = write_deck(text)
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == expected.replace("{tmp}", str(tmp_path.resolve()))


def test_loader_reports_all_problems_at_once_in_file_order(write_deck) -> None:
    path = write_deck(
        "title: T\nslide_numbrs: true\nslides:\n  - layout: bulets\n  - title: [x]\n"
        "  - layout: image\n    image: a.png\n"
    )
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    heads = [p.render().splitlines()[0] for p in info.value.problems]
    assert [h.split(": error")[0] for h in heads] == [
        "deck.yaml:2:1",
        "deck.yaml:4:13",
        "deck.yaml:5:12",
        "deck.yaml:6:5",
        "deck.yaml:7:12",
    ]


@pytest.mark.parametrize(
    "typed",
    ["No", "on", "12:30", "1.10", "2007-01-24", "yes", "null x", "0x1F", "1e3", "~tilde", "True"],
)
def test_loader_keeps_text_as_typed(typed: str, write_deck) -> None:
    path = write_deck(
        f"title: {typed}\ndate: {typed}\nslides:\n  - title: {typed}\n"
        f"    bullets:\n      - {typed}\n"
    )
    deck, _, _ = load(path)
    assert deck.title == typed
    assert deck.date == typed
    slide = deck.slides[0]
    assert slide.title == typed
    assert slide.bullets[0].text == typed


def test_loader_reads_colon_bullet_as_the_text_typed(write_deck) -> None:
    path = write_deck(
        textwrap.dedent("""\
        title: T
        slides:
          - title: A
            bullets:
              - Private sector: business opportunities and rich natural resources
              - TASE Kazuo, "Human Security: Development" (UN, 2006)
              - Note:
              - Parent bullet:
                  - Child: with a colon
                  - Plain child:
                      - Grandchild
              - text: Explicit form
                bullets: [Explicit child]
        """)
    )
    plan = load_plan(path)
    body = [("".join(r.text for r in p.runs), p.level) for p in plan.slides[0].body]
    assert body == [
        ("Private sector: business opportunities and rich natural resources", 0),
        ('TASE Kazuo, "Human Security: Development" (UN, 2006)', 0),
        ("Note:", 0),
        ("Parent bullet", 0),
        ("Child: with a colon", 1),
        ("Plain child", 1),
        ("Grandchild", 2),
        ("Explicit form", 0),
        ("Explicit child", 1),
    ]


def test_loader_refuses_alias_bomb_with_located_error(write_deck) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    path = write_deck("\n".join(lines) + "\ntitle: T\nslides:\n  - title: A\n")
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    assert "expands to more than 200000 values" in info.value.render()


def test_loader_rejects_non_utf8_with_location(write_deck, tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"title: Caf\xe9\nslides: []\n")
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == (
        "deck.yaml:1:11: error: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    )


def test_loader_missing_file_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as info:
        load_plan(tmp_path / "nope.yaml", "nope.yaml")
    assert info.value.render() == (
        f"error: deck file not found: nope.yaml (looked in {tmp_path.resolve()})"
    )


def test_loader_accepts_the_repository_deck(root: Path) -> None:
    plan = load_plan(root / "deck.yaml")
    assert len(plan.slides) == 12


def test_load_locates_values_keys_and_normalised_bullets(write_deck) -> None:
    path = write_deck(
        "title: T\nlayouts:\n  quote: Big Quote\nslides:\n  - title: One\n"
        "    bullets:\n      - Parent:\n          - Child\n"
    )
    _, locations, _ = load(path, "deck.yaml")
    assert str(locations.get(("title",))) == "deck.yaml:1:8"
    assert str(locations.key(("layouts", "quote"))) == "deck.yaml:3:3"
    assert str(locations.get(("layouts", "quote"))) == "deck.yaml:3:10"
    child = ("slides", 0, "bullets", 0, "bullets", 0)
    assert str(locations.get((*child, "text"))) == "deck.yaml:8:13"
    assert locations.get(("slides", 0, "subtitle")) is None
    assert str(locations.near(("slides", 0, "subtitle"))) == "deck.yaml:5:5"
    assert str(locations.near(("footer",))) == "deck.yaml:1:1"
