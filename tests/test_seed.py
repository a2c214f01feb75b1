"""The seed lecture: deck.yaml builds, and real clients show every line of the seed."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from office import pdf_pages, pdf_text, to_pdf
from seedtext import normalise, seed_lines

from podium.commands.build import build, load_plan
from podium.plan.markup import plain

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("seed")
    build(load_plan(root / "deck.yaml"), out)
    return out


def test_seed_plan_has_all_twelve_slides_in_order() -> None:
    root = Path(__file__).resolve().parents[1]
    plan = load_plan(root / "deck.yaml")
    assert [s.title_text for s in plan.slides] == [
        "Human Security",
        "Outline",
        "From Theory to Implementation (1) Understanding Human Security",
        "From Theory to Implementation (2) How to Make It Happen",
        "Human Security and Governance (1) Overview of Bangladesh",
        "Human Security and Governance (2) Local Governance",
        "Human Security and Governance (3) Development Partnership",
        "Human Security and Peacebuilding (1) Distinct Challenge",
        "Human Security and Peacebuilding (2) Working on Good Practices",
        "Challenges Ahead",
        "References",
        "Contact Information",
    ]
    assert [plain(s.title) for s in plan.sections][:4] == [
        "From Theory to Implementation",
        "Human Security and Governance",
        "Human Security and Peacebuilding",
        "Challenges Ahead",
    ]


def test_seed_plan_contains_every_seed_line() -> None:
    root = Path(__file__).resolve().parents[1]
    plan = load_plan(root / "deck.yaml")
    texts = []
    for s in plan.slides:
        texts.append(plain(s.title))
        texts.append(plain(s.subtitle))
        texts.extend(plain(p.runs) for p in (*s.byline, *s.body))
    whole = normalise(" ".join(texts))
    missing = [line for line in seed_lines() if line not in whole]
    assert missing == []


def test_seed_plan_nests_outline_and_challenges() -> None:
    root = Path(__file__).resolve().parents[1]
    plan = load_plan(root / "deck.yaml")
    outline = [p.level for p in plan.slides[1].body]
    assert outline == [0, 1, 0, 1, 0, 1, 0, 1]
    challenges = [p.level for p in plan.slides[9].body]
    assert challenges == [0, 1, 1, 0, 1, 1]


def test_seed_plan_links_contacts() -> None:
    root = Path(__file__).resolve().parents[1]
    plan = load_plan(root / "deck.yaml")
    links = [r.link for p in plan.slides[11].body for r in p.runs if r.link]
    assert links == [
        "mailto:masahiko.kiya@mofa.go.jp",
        "mailto:masa@kiya.net",
        "http://www.kiya.net/",
    ]


@pytest.mark.libreoffice
def test_seed_pptx_in_libreoffice_has_twelve_pages_and_every_line(
    built: Path, tmp_path: Path
) -> None:
    (pdf,) = to_pdf([built / "deck.pptx"], tmp_path)
    assert pdf_pages(pdf) == 12
    text = pdf_text(pdf, "-layout")
    # -layout keeps a hyphen at a line break ("self-" / "reliance"); the default mode drops it
    whole = normalise(text)
    missing = [line for line in seed_lines() if line not in whole]
    assert missing == []
    # slide numbers as fields: "2" .. "12" appear at the foot of their pages
    pages_text = text.split("\f")
    for number in range(2, 13):
        assert str(number) in pages_text[number - 1].split()


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.slides = 0
        self.notes = 0
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section" and "slide" in classes:
            self.slides += 1
        if tag == "aside" and "notes" in classes:
            self.notes += 1
        for key in ("src", "href"):
            value = a.get(key) or ""
            if tag != "a" and value.startswith(("http:", "https:", "//")):
                self.external.append(f"<{tag} {key}={value}>")


def test_seed_html_has_twelve_slides_notes_and_loads_nothing_external(built: Path) -> None:
    html = (built / "deck.html").read_text(encoding="utf-8")
    parser = _Sections()
    parser.feed(html)
    assert parser.slides == 12
    assert parser.notes >= 2
    assert parser.external == []
    assert '<html lang="en"' in html
    assert 'href="mailto:masa@kiya.net"' in html
    assert len(html.encode()) < 150_000


def test_seed_builds_byte_identical_twice(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    a, b = tmp_path / "a", tmp_path / "b"
    build(load_plan(root / "deck.yaml"), a)
    env = dict(os.environ, TZ="Asia/Tokyo", PYTHONHASHSEED="123")
    subprocess.run(
        [sys.executable, "-m", "podium", "build", str(root / "deck.yaml"), "-o", str(b)],
        check=True,
        env=env,
        capture_output=True,
    )
    for name in ("deck.pptx", "deck.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
