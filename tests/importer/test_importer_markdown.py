"""podium import of Markdown slide decks: Pandoc's and Marp's conventions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from podium.cli import cli
from podium.commands.build import build, load_plan
from podium.importer import ImportReport, ImportSourceError, import_deck

DATA = Path(__file__).resolve().parents[1] / "data"


def _import(
    source: Path, tmp_path: Path, dialect: str | None = None
) -> tuple[Path, ImportReport, str]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / source.name)
    if (source.parent / "map.png").exists():
        shutil.copy(source.parent / "map.png", folder / "map.png")
    deck = tmp_path / "deck.yaml"
    report = import_deck(folder / source.name, deck, dialect=dialect)
    print("\n".join([*report.reported, "SUMMARY " + report.summary()]))
    return deck, report, deck.read_text(encoding="utf-8")


def _built_text(deck: Path, tmp_path: Path) -> str:
    """Return every text of the built .pptx: shapes, tables, notes and pictures' alt text."""
    (out,) = build(load_plan(deck), tmp_path / "build", ["pptx"])
    prs = Presentation(str(out.path))
    parts: list[str] = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
            if shape.shape_type == 13:
                parts.append(shape._element.nvPicPr.cNvPr.get("descr") or "")
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return re.sub(r"\s+", " ", " ".join(parts))


def _words(markdown: str) -> list[str]:
    """Return the words a reader of the Markdown sees, without its markup and directives."""
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)  # front matter
    text = re.sub(r"<!--\s*_?\w+:.*?-->", "", text)  # Marp directives
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link and picture addresses
    text = re.sub(r"!\[(bg[^\]]*)\]", "", text)  # Marp background pictures: no words
    text = re.sub(r"<br>|<!--|-->|^:::.*$|^```\w*$|^\|[-|]+\|$", " ", text, flags=re.M)
    text = re.sub(r"^(---|:{3,}.*)$", " ", text, flags=re.M)  # slide rules, fenced divs
    text = re.sub(r"[*`#<>\[\]|\\]|^\s*(\d+\.|-)\s", " ", text, flags=re.M)
    return [w for w in text.split() if w not in ("-", "—", "!")]  # "!" opens a picture


@pytest.mark.parametrize("name", ["human-security.pandoc.md", "human-security.marp.md"])
def test_import_markdown_seed_build_carries_every_word(name: str, tmp_path: Path) -> None:
    source = DATA / name
    deck, _report, _text = _import(source, tmp_path)
    built = _built_text(deck, tmp_path)
    missing = [w for w in _words(source.read_text(encoding="utf-8")) if w not in built]
    assert missing == []


def test_import_pandoc_conventions(tmp_path: Path) -> None:
    deck, report, text = _import(DATA / "human-security.pandoc.md", tmp_path)
    assert text.startswith(
        "# Imported from human-security.pandoc.md by podium import.\n"
        "title: Human Security\n"
        "subtitle: — From Theory to Implementation\n"
        "author: KIYA Masahiko\n"
        "affiliation: Ministry of Foreign Affairs, Japan\n"
        "date: January 24, 2007\n"
        "lang: en\n"
        "\n"
        "slides:\n"
        "  - layout: title\n"
        "\n"
        "  - section: From Theory to Implementation\n"
        "    divider: true\n"
        "    slides:\n"
        "      - title: Understanding Human Security\n"
    )
    assert "          - Relationship with *Responsibility to Protect*\n" in text
    assert "        notes: |\n          BHN: basic human needs.\n" in text
    assert (
        "      - layout: two-column\n"
        "        title: Local Governance\n"
        "        left:\n"
        "          - Strong line ministries, weak local government, strong NGOs, weak "
        "communities\n"
    ) in text
    assert "        header: [Where, What]\n" in text
    assert "          - Strengthen field presence and capacity:\n" in text
    assert "          1. TASE Kazuo," in text
    assert "          masahiko.kiya@mofa.go.jp\n" in text
    assert "          - Contact by e-mail first\n" in text
    assert "      - title: Development Partnership\n        reveal: bullets\n" in text
    assert report.reported == []
    assert report.summary() == (
        f"{report.output}: 15 slides imported from {report.source}, 31 items kept (10 text "
        "bodies, 10 titles, 4 sections, 3 links, 2 notes, 1 slide with steps, 1 table), 0 items "
        "reported"
    )
    assert load_plan(deck).slides[0].layout == "title"


def test_import_marp_conventions(tmp_path: Path) -> None:
    deck, report, text = _import(DATA / "human-security.marp.md", tmp_path)
    assert text.startswith(
        "# Imported from human-security.marp.md by podium import.\n"
        "title: Human Security\n"
        "author: KIYA Masahiko\n"
        "footer: Human Security — From Theory to Implementation\n"
        "\n"
        "slides:\n"
        "  - layout: title\n"
        "    subtitle: — From Theory to Implementation\n"
        "    byline: |\n"
        "      UNU Joint Graduate Course\n"
        "      Human Security and Poverty Reduction\n"
        "    notes: |\n"
        "      Welcome. This lecture asks how the idea of human security becomes practice in "
        "the field.\n"
    )
    assert (
        "  # background picture not placed: deck-media/slide04-1.png\n"
        "  - title: Overview of Bangladesh\n"
        "    slide_number: false\n"
    ) in text
    assert (
        "  - layout: image\n"
        "    title: Map of Bangladesh\n"
        "    image: deck-media/slide08-1.png\n"
        "    alt: Map of Bangladesh with its divisions\n"
    ) in text
    assert "  - layout: code\n    title: Reading the Deck\n    language: python\n" in text
    assert "  - title: Distinct Challenge\n    reveal: bullets\n" in text  # a "*" list
    assert (
        "  - layout: quote\n"
        "    quote: Human security is the protection of the vital core of all human lives.\n"
        "    attribution: Commission on Human Security, 2003\n"
    ) in text
    assert "      KIYA Masaihko\n      Director, International" in text  # Marp keeps breaks
    assert (tmp_path / "deck-media" / "slide08-1.png").read_bytes() == (
        DATA / "map.png"
    ).read_bytes()
    plan = load_plan(deck)
    assert [s.show_number for s in plan.slides[1:4]] == [True, True, False]
    assert report.reported == [
        f"{report.source}:1: the 'theme' setting: not kept (Podium builds on its own look, or a "
        "PowerPoint template: give template:)",
        f"{report.source}: slide 4: a background picture beside the text: saved as "
        "deck-media/slide04-1.png, not placed (Podium puts one picture on an image slide)",
    ]


def test_import_marp_without_paginate_has_no_numbers(tmp_path: Path) -> None:
    source = tmp_path / "talk.md"
    source.write_text(
        "---\nmarp: true\n---\n\n# Intro\n\n---\n\n## One\n\n1. first\n2. second\n\n"
        "<!-- say hello -->\n\n---\n\n![](https://example.org/x.png)\n",
        encoding="utf-8",
    )
    deck = tmp_path / "talk.yaml"
    report = import_deck(source, deck)
    text = deck.read_text(encoding="utf-8")
    assert "slide_numbers: false\n" in text
    assert "  - title: One\n    text: |\n      1. first\n      2. second\n" in text
    assert "    notes: |\n      say hello\n" in text
    assert report.reported == [
        f"{report.source}: slide 3: a picture from the web (https://example.org/x.png): not "
        "imported; save it beside the deck and give its file name"
    ]
    load_plan(deck)


def test_import_pandoc_slide_level_one_and_rules(tmp_path: Path) -> None:
    source = tmp_path / "short.md"
    source.write_text(
        "% A Short Talk\n% Someone\n\n# First\n\nSome *text* with `code`.\n\n---\n\n"
        "Untitled after a rule.\n\n# Last\n\n> - shown one by one\n",
        encoding="utf-8",
    )
    deck = tmp_path / "short.yaml"
    report = import_deck(source, deck, dialect="pandoc")
    text = deck.read_text(encoding="utf-8")
    assert text.startswith(
        "# Imported from short.md by podium import.\ntitle: A Short Talk\nauthor: Someone\n"
    )
    assert "  - title: First\n    text: |\n      Some *text* with `code`.\n" in text
    assert "  - text: |\n      Untitled after a rule.\n" in text
    assert "  - title: Last\n    reveal: bullets\n    bullets:\n      - shown one by one\n" in text
    assert report.reported == []
    load_plan(deck)


def test_import_markdown_scripts_strike_and_formulas(tmp_path: Path) -> None:
    source = tmp_path / "maths.md"
    source.write_text(
        "## Water\n\n- H~2~O, E = mc^2^ and ~~wrong~~\n- Sorting in $O(n \\log n)$ time\n"
        "- $\\nosuchcommand$ and costs $5 and $10\n",
        encoding="utf-8",
    )
    deck = tmp_path / "maths.yaml"
    report = import_deck(source, deck)
    text = deck.read_text(encoding="utf-8")
    assert "      - H~2~O, E = mc^2^ and ~~wrong~~\n" in text
    assert "      - Sorting in $O(n \\log n)$ time\n" in text
    assert "      - \\$\\\\nosuchcommand\\$ and costs \\$5 and \\$10\n" in text
    assert report.reported == [
        f"{report.source}:3: a formula ($\\nosuchcommand$ and costs $5 ) that Podium cannot "
        "typeset: kept as text"
    ]
    runs = [r for b in load_plan(deck).slides[0].body for r in b.runs]
    assert [r.math.tex for r in runs if r.math is not None] == ["O(n \\log n)"]
    assert [(r.text, r.script) for r in runs if r.script] == [("2", -1), ("2", 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\ntitle: [unclosed\n---\n# A\n",
            "error: {name}:2: the front matter is not valid YAML: expected ',' or ']', but got "
            "'<stream end>'; put text with ': ' in it in quotes",
        ),
        ("", "error: {name}: no slides found: the file is empty"),
    ],
)
def test_import_markdown_errors(
    text: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("slides.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "slides.md"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (1, message.format(name="slides.md") + "\n")


def test_import_markdown_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.md"
    source.write_bytes("# Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ImportSourceError) as info:
        import_deck(source, tmp_path / "out.yaml")
    assert str(info.value).endswith(
        "latin1.md: not UTF-8 text (byte 5); save it as UTF-8 and import again"
    )
