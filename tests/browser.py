"""Test helpers for the HTML deck: hand-built plans with every layout, and Playwright plumbing.

Playwright is imported only inside the functions that need it, so the structural tests run
where it is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from podium.plan.markup import Run, parse_block, parse_inline
from podium.plan.types import (
    CodePlan,
    CodeToken,
    DeckPlan,
    ImagePlan,
    SectionPlan,
    SlidePlan,
    TablePlan,
)
from podium.render import html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Schemes a deck may load from; anything else is a network request and fails a test.
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
XSS_TITLE = "Escaping <script>alert(1)</script> & friends"
LINK = "https://example.org/human-security?a=1&b=2"


def code_plan(source: str, language: str = "python") -> CodePlan:
    """Return source coloured by Pygments, as the plan builder does."""
    from pygments import lex
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name

    style = get_style_by_name("vs")
    lines: list[list[CodeToken]] = [[]]
    for ttype, value in lex(source, get_lexer_by_name(language, stripnl=False)):
        st = style.style_for_token(ttype)
        for k, part in enumerate(value.split("\n")):
            if k:
                lines.append([])
            if part:
                lines[-1].append(
                    CodeToken(part, st["color"] or None, bool(st["bold"]), bool(st["italic"]))
                )
    while lines and not lines[-1]:
        lines.pop()
    return CodePlan(language, tuple(tuple(line) for line in lines))


def make_png(path: Path, size: tuple[int, int] = (320, 180)) -> Path:
    """Write a small PNG chart-like picture with Pillow and return its path."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (243, 244, 246))
    draw = ImageDraw.Draw(image)
    w, h = size
    for i, v in enumerate((0.35, 0.6, 0.45, 0.8, 0.7)):
        x = 20 + i * (w - 40) // 5
        draw.rectangle(
            [x + 6, h - 20 - int(v * (h - 40)), x + (w - 40) // 5 - 6, h - 20], fill=(11, 79, 108)
        )
    draw.line([16, h - 20, w - 16, h - 20], fill=(31, 42, 55), width=2)
    image.save(path, "PNG")
    return path


@dataclass
class _Builder:
    slides: list[SlidePlan] = field(default_factory=list)

    def add(self, layout: str, **kw: Any) -> SlidePlan:
        number = len(self.slides) + 1
        kw.setdefault("anchor", str(number))
        kw.setdefault("footer", parse_inline("Human Security · UNU Joint Graduate Course"))
        slide = SlidePlan(index=number - 1, number=number, layout=layout, **kw)
        self.slides.append(slide)
        return slide


NOTES = """Open with the **2005 World Summit** line, then ask the room:

- Who has worked in the field?
- Who has written a *project proposal*?
  - keep it to two minutes
1. Summit outcome
2. Bangladesh case

See <https://www.un.org/humansecurity/> for the trust fund."""


def sample_plan(folder: Path) -> DeckPlan:
    """Return a deck with every layout, nested bullets, notes with lists, and one hidden slide.

    Shown slides, in order: 1 title, 2 agenda, 3 section, 4 bullets, 5 two-column, 6 quote,
    7 image, 8 table, 9 code, 10 blank (id 'thanks'); slide number 11 is hidden, and slide 12
    ('escape') has a title with markup characters.
    """
    png = make_png(folder / "chart.png")
    b = _Builder()
    b.add(
        "title",
        title=parse_inline("Human Security"),
        subtitle=parse_inline("From Theory to Implementation"),
        byline=parse_block(
            "UNU Joint Graduate Course\n\nJanuary 24, 2007\n\nKIYA Masahiko, "
            "Ministry of Foreign Affairs, Japan"
        ),
        show_number=False,
        footer=(),
        notes=parse_block("Welcome everyone."),
    )
    b.add(
        "agenda",
        title=parse_inline("Outline"),
        body=parse_block(
            "- From Theory to Implementation\n  - How to make it happen\n"
            "- Human Security and Governance\n  - A case of Bangladesh\n"
            "- Challenges Ahead"
        ),
        notes=parse_block(NOTES),
    )
    b.add(
        "section",
        title=parse_inline("From Theory to Implementation"),
        subtitle=parse_inline("How to make it happen in the field"),
        show_number=False,
        section=0,
    )
    b.add(
        "bullets",
        title=parse_inline("Understanding **Human Security**"),
        body=parse_block(
            "Human security is *people-centred*:\n\n"
            "- Protect the vital core of all human lives\n"
            "  - Freedom from fear\n"
            "    - Conflict, violence, `displacement`\n"
            "  - Freedom from want\n"
            "- Focused on **protection** and *empowerment*\n"
            "- Read the [Commission report](" + LINK + ")"
        ),
        notes=parse_block(NOTES),
        section=0,
        date=parse_inline("24 January 2007"),
    )
    b.add(
        "two-column",
        title=parse_inline("Theory and practice"),
        left=parse_block("- Theory\n  - Concept papers\n  - UN resolutions\n- Norms"),
        right=parse_block("- Practice\n  - Field projects\n  - **Trust Fund**\n- Feedback"),
        section=0,
    )
    b.add(
        "quote",
        title=parse_inline("Commitment"),
        quote=parse_inline(
            "We commit ourselves to discussing and defining the notion of "
            "human security in the General Assembly."
        ),
        attribution=parse_inline("2005 World Summit Outcome, para. 143"),
        section=0,
    )
    b.add(
        "image",
        title=parse_inline("Projects by region"),
        image=ImagePlan(
            png, "Bar chart: projects in five regions, the fourth highest", 320, 180, "image/png"
        ),
        caption=parse_inline("Trust Fund projects, 1999–2006 (illustrative)"),
        section=0,
    )
    b.add(
        "table",
        title=parse_inline("Bangladesh at a glance"),
        table=TablePlan(
            header=(parse_inline("Indicator"), parse_inline("Value"), parse_inline("Year")),
            rows=(
                (parse_inline("Population"), parse_inline("142 million"), parse_inline("2006")),
                (parse_inline("Poverty rate"), parse_inline("**40%**"), parse_inline("2005")),
                (
                    parse_inline("Cyclone shelters"),
                    parse_inline("about 2,000"),
                    parse_inline("2006"),
                ),
            ),
        ),
        section=0,
    )
    b.add(
        "code",
        title=parse_inline("Counting projects"),
        code=code_plan(
            "import csv\n\n# count projects per region\ndef count(path):\n"
            "    seen = {}\n    with open(path) as fh:\n"
            "        for row in csv.DictReader(fh):\n"
            '            seen[row["region"]] = seen.get(row["region"], 0) + 1\n'
            "    return seen\n"
        ),
        section=0,
    )
    b.add("blank", anchor="thanks", title=parse_inline("Thank you"))
    b.add(
        "bullets",
        title=parse_inline("Backup: hidden slide"),
        body=parse_block("- not shown"),
        hidden=True,
    )
    b.add(
        "bullets",
        anchor="escape",
        title=parse_inline(XSS_TITLE),
        body=parse_block("- a <b>tag</b> stays text & so does `<i>`"),
        notes=parse_block("notes <script>x()</script>"),
    )
    return DeckPlan(
        name="sample",
        source=folder / "deck.yaml",
        title=parse_inline("Human Security"),
        lang="en-GB",
        author=parse_inline("KIYA Masahiko"),
        slides=tuple(b.slides),
        sections=(SectionPlan(parse_inline("From Theory to Implementation"), (), 2, 7),),
    )


def long_plan(folder: Path, count: int = 1000) -> DeckPlan:
    """Return a deck of ``count`` bullet slides with notes, for the scaling test."""
    b = _Builder()
    for i in range(count):
        b.add(
            "bullets",
            title=(Run(f"Slide {i + 1}"),),
            body=parse_block(f"- Point {i + 1}\n  - detail\n- another point"),
            notes=parse_block(f"Notes for slide {i + 1}"),
        )
    return DeckPlan(
        name="long",
        source=folder / "long.yaml",
        title=parse_inline("A long deck"),
        slides=tuple(b.slides),
    )


def write_deck(plan: DeckPlan, folder: Path) -> Path:
    """Render ``plan`` to folder/<name>.html and return the path."""
    path = folder / f"{plan.name}.html"
    path.write_text(html.render(plan), encoding="utf-8")
    return path


@contextmanager
def launch() -> Iterator[Browser]:
    """Yield Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    # A missing browser fails the test: a skip would hide a broken install in CI.
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is not installed (make test installs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What a browser context did that a self-contained deck must not: errors and requests."""

    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def page(self, page: Page) -> Page:
        page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        return page

    def check(self) -> None:
        assert self.blocked == [], f"network requests attempted: {self.blocked}"
        assert self.errors == [], f"console errors: {self.errors}"


def new_context(browser: Browser, **options: Any) -> tuple[BrowserContext, Watch]:
    """Return a context that blocks (and records) every request that is not local."""
    watch = Watch()
    options.setdefault("viewport", {"width": 1280, "height": 720})
    context = browser.new_context(**options)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            watch.blocked.append(url)
            r.abort()

    context.route("**/*", route)
    context.on("page", watch.page)
    return context, watch


def current(page: Page) -> dict[str, Any]:
    """Return the shown slide's number, anchor and label, the hash and the counter text."""
    result: dict[str, Any] = page.evaluate(
        """() => {
            const s = document.querySelectorAll('#deck > .slide.current');
            const c = s[0];
            return {count: s.length, number: c && Number(c.dataset.number),
                    anchor: c && c.dataset.anchor, label: c && c.getAttribute('aria-label'),
                    hash: location.hash, counter: document.getElementById('podium-counter')
                        .textContent};
        }"""
    )
    return result


def pdf_pages(data: bytes) -> int:
    """Return the number of pages in a PDF written by Chromium (its page objects)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def print_to_pdf(html_file: Path, folder: Path) -> Path:
    """Print ``html_file`` with Chromium's own --print-to-pdf, as a lecturer's script would."""
    import subprocess

    assert shutil.which(CHROMIUM), f"{CHROMIUM} is not installed (make test installs it)"
    out = folder / f"{html_file.stem}.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            *CHROMIUM_ARGS,
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            html_file.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out
