"""Every mistake of a deck in one run, each with its exact located message; nothing wrong is
accepted silently (links, folded child bullets, damaged images, folders, nested sections)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from podium.commands.build import load_plan
from podium.errors import DeckError

LINK_HINT = (
    "is not allowed: only http, https and mailto links are (write the full address, "
    "e.g. 'https://example.org/page')"
)


def _png(size: tuple[int, int] = (64, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _heads(exc: DeckError) -> list[str]:
    return [p.render().splitlines()[0] for p in exc.problems]


def _problems(path: Path) -> list[str]:
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    return _heads(info.value)


def test_every_mistake_a_missing_alt_does_not_hide_image_errors(write_deck, tmp_path: Path):
    data = _png()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    broken = bytearray(data)
    broken[60:80] = bytes(20)
    (tmp_path / "bad.png").write_bytes(bytes(broken))
    (tmp_path / "pictures").mkdir()
    path = write_deck(
        textwrap.dedent(
            """\
            title: T
            slides:
              - layout: image
                image: cut.png
              - layout: image
                image: bad.png
                alt: A red box
              - layout: image
                image: pictures
                alt: A folder
              - layout: image
                image: nowhere.png
            """
        )
    )
    assert _problems(path) == [
        "deck.yaml:3:5: error: slides[0]: missing required key 'alt' for layout 'image'",
        "deck.yaml:4:12: error: slides[0].image: image 'cut.png' is damaged (the file is cut "
        "short); it would show as an empty or black box: export or download it again",
        "deck.yaml:6:12: error: slides[1].image: image 'bad.png' is damaged (its data is "
        "corrupt); it would show as an empty or black box: export or download it again",
        "deck.yaml:9:12: error: slides[2].image: image 'pictures' is a folder; give the path "
        "of a PNG, JPEG or GIF file inside it",
        "deck.yaml:11:5: error: slides[3]: missing required key 'alt' for layout 'image'",
        f"deck.yaml:12:12: error: slides[3].image: image not found: 'nowhere.png' (looked in "
        f"{tmp_path.resolve()}); paths are relative to the deck file",
    ]


def test_every_mistake_type_errors_do_not_hide_rows_ids_and_links(write_deck) -> None:
    path = write_deck(
        textwrap.dedent(
            """\
            title: T
            slide_numbers: maybe
            slides:
              - layout: table
                hidden: perhaps
                header: [a, b]
                rows:
                  - [1, 2, 3]
                  - [1, {x: y}]
              - title: Two
                id: 12
                fit: squeeze
                bullets:
                  - "[x](javascript:alert(1))"
              - layout: quote
                quote: [a list]
                id: 12
              - layout: bulets
                title: "[y](file:///etc/passwd)"
            """
        )
    )
    assert _problems(path) == [
        "deck.yaml:2:16: error: slide_numbers: expected true or false, found 'maybe'",
        "deck.yaml:5:13: error: slides[0].hidden: expected true or false, found 'perhaps'",
        "deck.yaml:8:16: error: slides[0].rows[0][2]: this cell reaches column 3 but the "
        "table has 2 (from its header); give the row fewer cells or smaller cols:",
        "deck.yaml:9:13: error: slides[0].rows[1][1]: expected text, found a mapping; put "
        "the text in quotes",
        "deck.yaml:9:14: error: slides[0].rows[1][1].x: unknown key 'x' for a table cell; "
        "allowed: text, cols, rows",
        "deck.yaml:11:9: error: slides[1].id: id '12' is a slide number; ids must be unique "
        "and not plain numbers",
        "deck.yaml:12:10: error: slides[1].fit: expected one of 'shrink', 'split', 'warn' "
        "or 'error', found the text 'squeeze'",
        f"deck.yaml:14:9: error: slides[1].bullets[0]: link 'javascript:alert(1)' {LINK_HINT}",
        "deck.yaml:16:12: error: slides[2].quote: expected text, found a list",
        "deck.yaml:17:9: error: slides[2].id: id '12' is a slide number; ids must be unique "
        "and not plain numbers",
        "deck.yaml:18:13: error: slides[3].layout: unknown layout 'bulets' (did you mean "
        "'bullets'?); layouts: title, agenda, section, bullets, two-column, quote, image, "
        "images, columns, table, code, blank",
    ]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "vbscript:msgbox(1)"],
)
def test_every_mistake_refused_link_is_a_located_error(href: str, write_deck) -> None:
    path = write_deck(f"title: T\nslides:\n  - title: A\n    bullets:\n      - see [x]({href})\n")
    assert _problems(path) == [
        f"deck.yaml:5:9: error: slides[0].bullets[0]: link '{href}' {LINK_HINT}"
    ]


def test_every_mistake_child_bullet_under_parent_without_colon(write_deck) -> None:
    path = write_deck(
        "title: T\nslides:\n  - bullets:\n      - Parent\n        - Child\n      - Other\n"
    )
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == (
        "deck.yaml:5:9: error: slides[0].bullets[0]: this '- ' line is read as more of the "
        "text 'Parent' above, not as a sub-bullet; to nest it, end the parent bullet with "
        "':' (- Parent:)\n"
        "    5 |         - Child\n"
        "      |         ^"
    )


def test_every_mistake_parent_bullet_with_colon_says_how_to_quote(write_deck) -> None:
    path = write_deck(
        "title: T\nslides:\n  - bullets:\n      - Output: the same items, in order:\n"
        "          - one\n"
    )
    with pytest.raises(DeckError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == (
        "deck.yaml:4:9: error: this bullet's text has ': ' in it, so YAML cannot tell where "
        "its text ends and its sub-bullets begin; put the text in quotes: "
        '- "Output: the same items, in order":\n'
        "    4 |       - Output: the same items, in order:\n"
        "      |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"
    )


def test_every_mistake_quoted_parent_with_colon_is_accepted_as_written(write_deck) -> None:
    plan = load_plan(
        write_deck(
            'title: T\nslides:\n  - bullets:\n      - "Output: the same items, in order":\n'
            "          - one\n"
        )
    )
    body = plan.slides[0].body
    assert [("".join(r.text for r in p.runs), p.level) for p in body] == [
        ("Output: the same items, in order", 0),
        ("one", 1),
    ]


def test_every_mistake_number_for_a_bullet_list_is_a_warning(write_deck) -> None:
    plan = load_plan(
        write_deck(
            'title: T\nslides:\n  - bullets: 42\n  - bullets: One point\n  - bullets: "7"\n'
        ),
        "deck.yaml",
    )
    assert [p.render().splitlines()[0] for p in plan.warnings] == [
        "deck.yaml:3:14: warning: slides[0].bullets: the number 42 where a list of bullets "
        "belongs is read as one bullet '42'; write a list ('- 42' on the next line), or quote "
        'it ("42") to mean that text'
    ]
    assert ["".join(r.text for r in s.body[0].runs) for s in plan.slides] == [
        "42",
        "One point",
        "7",
    ]


def test_every_mistake_nested_section_says_sections_do_not_nest(write_deck) -> None:
    path = write_deck(
        "title: T\nslides:\n  - section: Outer\n    slides:\n      - section: Inner\n"
        "        slides:\n          - title: x\n      - title: y\n        id: 3\n"
    )
    assert _problems(path) == [
        "deck.yaml:5:9: error: slides[0].slides[0]: sections do not nest: a section holds "
        "slides only; to start section 'Inner', write its '- section:' line at the "
        "indentation of '- section: Outer'",
        "deck.yaml:9:13: error: slides[0].slides[1].id: id '3' is a slide number; ids must be "
        "unique and not plain numbers",
    ]


def test_every_mistake_image_decoded_fully_passes_when_fine(write_deck, tmp_path: Path):
    (tmp_path / "ok.png").write_bytes(_png())
    plan = load_plan(
        write_deck("title: T\nslides:\n  - layout: image\n    image: ok.png\n    alt: A box\n")
    )
    assert plan.slides[0].image is not None
