"""The repository's seed deck (deck.yaml), built and opened from file:// in real Chromium.

Screenshots of every slide go to $PODIUM_SCREENSHOTS, else build/screenshots/seed/, named
seed-slide-NN.png so they never mix with test_html_browser.py's slide-NN.png in a shared folder.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import current, launch, new_context, print_to_pdf

pytestmark = [
    pytest.mark.browser,
]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
SLIDES = 12
SCREENSHOTS = Path(os.environ.get("PODIUM_SCREENSHOTS", ROOT / "build" / "screenshots" / "seed"))
CURRENT = "#deck > .slide.current"


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from podium.commands.build import build, load_plan

    folder = tmp_path_factory.mktemp("seed")
    (output,) = build(load_plan(ROOT / "deck.yaml"), folder, ["html"])
    return output.path


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A 1280x720 page without motion; at the end, no request left the machine, no errors."""
    context, watch = new_context(chromium, reduced_motion="reduce")
    try:
        yield context.new_page()
        watch.check()
    finally:
        context.close()


def show(page: Page, n: int) -> None:
    page.evaluate(f"() => {{ location.hash = '#{n}'; }}")
    page.wait_for_function(
        f"() => document.querySelector('{CURRENT}')?.dataset.number === '{n}'", timeout=5000
    )


def open_deck(page: Page, path: Path, suffix: str = "") -> None:
    page.goto(path.as_uri() + suffix)
    page.wait_for_function(f"() => document.querySelector('{CURRENT}') !== null")
    page.evaluate("() => document.fonts.ready.then(() => true)")


def test_seed_opens_offline_without_errors(page: Page, seed_html: Path) -> None:
    """The page fixture fails the test on any network request, console error or page error."""
    open_deck(page, seed_html)
    # Two slides build up their bullets: 4 and 2 clicks before the next slide.
    steps = page.evaluate(
        "() => [...document.querySelectorAll('#deck > .slide')]"
        ".map(s => Number(s.dataset.steps || 0))"
    )
    assert sum(steps) == 6
    for _ in range(SLIDES + sum(steps)):
        page.keyboard.press("ArrowRight")
    assert current(page)["number"] == SLIDES
    page.keyboard.press("o")
    assert page.locator(".thumb").count() == SLIDES
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)


def test_seed_watch_sees_network_requests(chromium: Browser) -> None:
    """The watch the other tests rely on does catch a request that leaves the machine."""
    context, watch = new_context(chromium)
    try:
        page = context.new_page()
        page.goto("data:text/html,<img src='https://example.org/x.png'>")
        page.wait_for_timeout(300)
        assert watch.blocked == ["https://example.org/x.png"]
    finally:
        context.close()


def test_seed_slide_label(page: Page, seed_html: Path) -> None:
    open_deck(page, seed_html, "#3")
    assert page.locator("#deck > .slide").count() == SLIDES
    assert page.get_attribute("#slide-3", "aria-label") == (
        "Slide 3 of 12: From Theory to Implementation (1) Understanding Human Security"
    )
    assert page.get_attribute("#slide-3", "role") == "region"
    assert current(page)["label"] == page.get_attribute("#slide-3", "aria-label")


def test_seed_deep_link_opens_slide_7(page: Page, seed_html: Path) -> None:
    open_deck(page, seed_html, "#7")
    now = current(page)
    assert (now["count"], now["number"], now["hash"]) == (1, 7, "#7")
    assert now["counter"] == "7 / 12"
    assert page.locator("#slide-7").is_visible()
    assert "Development Partnership" in page.locator("#slide-7 .box-title").inner_text()


def test_seed_every_slide_screenshot(page: Page, seed_html: Path) -> None:
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("seed-slide-*.png"):
        old.unlink()
    open_deck(page, seed_html)
    for n in range(1, SLIDES + 1):
        show(page, n)
        page.screenshot(path=str(SCREENSHOTS / f"seed-slide-{n:02d}.png"))
    shots = sorted(SCREENSHOTS.glob("seed-slide-*.png"))
    assert len(shots) == SLIDES
    for shot in shots:
        with Image.open(shot) as image:
            assert image.size == (1280, 720)
            assert image.convert("L").getextrema()[0] < 128, f"{shot.name} has no dark text"


# Every visible text fragment of the current slide, as line rectangles relative to the slide:
# [box class, text, left, top, right, bottom]; and the top of the footer row.
TEXT_RECTS_JS = """
() => {
  const slide = document.querySelector('#deck > .slide.current');
  const s = slide.getBoundingClientRect();
  const out = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('.notes') || !el.checkVisibility()) continue;
    const box = el.closest('.box');
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width < 1) continue;
      out.push([box ? box.className : el.tagName, n.textContent.trim().slice(0, 40),
                r.left - s.left, r.top - s.top, r.right - s.left, r.bottom - s.top]);
    }
  }
  const clipped = [...slide.querySelectorAll('.box')]
    .filter(b => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
    .map(b => b.className);
  return {width: s.width, height: s.height, rects: out, clipped: clipped};
}
"""

# The footer row's top edge: the highest footer box of any slide (the cover has none).
FOOTER_TOP_JS = """
() => {
  const tops = [];
  for (const s of document.querySelectorAll('#deck > .slide')) {
    const was = s.classList.contains('current');
    s.classList.add('current');
    const top = s.getBoundingClientRect().top;
    for (const f of s.querySelectorAll('.foot')) tops.push(f.getBoundingClientRect().top - top);
    if (!was) s.classList.remove('current');
  }
  return Math.min(...tops);
}
"""


def test_seed_text_stays_on_the_canvas(page: Page, seed_html: Path) -> None:
    open_deck(page, seed_html)
    footer_top = page.evaluate(FOOTER_TOP_JS)
    assert 600 < footer_top < 720
    problems = []
    for n in range(1, SLIDES + 1):
        show(page, n)
        found = page.evaluate(TEXT_RECTS_JS)
        assert (found["width"], found["height"]) == (1280, 720)
        assert found["rects"], f"slide {n} shows no text"
        for box, text, left, top, right, bottom in found["rects"]:
            floor = 720 if "foot" in box.split() else footer_top
            if left < -0.5 or top < -0.5 or right > 1280.5 or bottom > floor + 0.5:
                problems.append((n, box, text, [round(v, 1) for v in (left, top, right, bottom)]))
        problems += [(n, box, "clipped or scrolled", []) for box in found["clipped"]]
    assert problems == []


def pdf_page_count(path: Path) -> int:
    info = subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def test_seed_chromium_print_to_pdf(seed_html: Path, tmp_path: Path) -> None:
    out = print_to_pdf(seed_html, tmp_path)
    assert pdf_page_count(out) == SLIDES
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Contact Information" in text
    assert "masa@kiya.net" in text
    assert text.count("\f") == SLIDES  # one form feed per page: no slide spills onto two
