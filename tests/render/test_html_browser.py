"""The HTML deck in real Chromium, opened from file://: presenting, speaker view, print, a11y.

The deck forbids eval through its Content-Security-Policy, so waits pass JavaScript functions
("() => ..."), which Playwright runs through the DevTools protocol, never bare expressions.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import (
    Watch,
    current,
    launch,
    long_plan,
    new_context,
    pdf_pages,
    print_to_pdf,
    sample_plan,
    write_deck,
)
from PIL import Image

pytestmark = [
    pytest.mark.browser,
]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SHOWN = 11  # sample_plan shows 11 of its 12 slides; number 11 is hidden
NUMBERS = [*range(1, 11), 12]
SCREENSHOTS = Path(
    os.environ.get("PODIUM_SCREENSHOTS", Path(__file__).parents[2] / "build" / "screenshots")
)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    return write_deck(sample_plan(folder), folder)


@pytest.fixture(scope="module")
def long_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    return write_deck(long_plan(folder, 1000), folder)


class Session:
    """Browser contexts for one test; each checks at the end that nothing went to the network
    and nothing logged an error."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.opened: list[tuple[BrowserContext, Watch]] = []

    def context(self, **options: Any) -> BrowserContext:
        options.setdefault("reduced_motion", "reduce")  # no fades in screenshots
        context, watch = new_context(self.browser, **options)
        self.opened.append((context, watch))
        return context

    def open(self, path: Path, suffix: str = "", **options: Any) -> Page:
        page = self.context(**options).new_page()
        page.goto(path.as_uri() + suffix)
        page.wait_for_function("() => document.querySelector('#deck > .slide.current') !== null")
        return page

    def close(self) -> None:
        try:
            for _context, watch in self.opened:
                watch.check()
        finally:
            for context, _watch in self.opened:
                context.close()


@pytest.fixture
def session(chromium: Browser) -> Iterator[Session]:
    s = Session(chromium)
    yield s
    s.close()


def number(page: Page) -> int:
    n: int = current(page)["number"]
    return n


def wait_number(page: Page, n: int) -> None:
    page.wait_for_function(
        f"() => document.querySelector('#deck > .slide.current')?.dataset.number === '{n}'",
        timeout=5000,
    )


# -- navigation --------------------------------------------------------------------------


def test_keys_move_forward_and_back(session: Session, deck: Path) -> None:
    page = session.open(deck)
    for key in ("ArrowRight", "ArrowDown", "Space", "PageDown", "n"):
        page.evaluate("location.hash = '#4'")
        wait_number(page, 4)
        page.keyboard.press(key)
        assert number(page) == 5, key
        page.keyboard.press(key)
        assert current(page) | {"label": ""} == {
            "count": 1,
            "number": 6,
            "anchor": "6",
            "label": "",
            "hash": "#6",
            "counter": "6 / 12",
        }, key
    for key in ("ArrowLeft", "ArrowUp", "Shift+Space", "PageUp", "p"):
        page.evaluate("location.hash = '#6'")
        wait_number(page, 6)
        page.keyboard.press(key)
        assert number(page) == 5, key
        page.keyboard.press(key)
        assert number(page) == 4, key


def test_keys_home_end_and_edges(session: Session, deck: Path) -> None:
    page = session.open(deck, "#4")
    page.keyboard.press("End")
    assert current(page)["anchor"] == "escape"
    page.keyboard.press("ArrowRight")  # past the end: stays
    assert number(page) == 12
    page.keyboard.press("Home")
    assert number(page) == 1
    page.keyboard.press("ArrowLeft")
    assert number(page) == 1


def test_digits_then_enter_jump_to_slide_number(session: Session, deck: Path) -> None:
    page = session.open(deck)
    page.keyboard.type("8")
    assert page.text_content("#podium-counter") == "Go to 8"
    assert number(page) == 1  # nothing moves before Enter
    page.keyboard.press("Enter")
    assert number(page) == 8
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    assert current(page)["anchor"] == "thanks"
    page.keyboard.type("11")  # hidden: the next shown slide
    page.keyboard.press("Enter")
    assert number(page) == 12
    page.keyboard.type("37")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    assert number(page) == 3
    page.keyboard.type("5")
    page.keyboard.press("Escape")  # cancels the number, does not open the overview
    page.keyboard.press("Enter")
    assert number(page) == 3
    assert "overview" not in (page.get_attribute("html", "class") or "")


def test_click_thirds(session: Session, deck: Path) -> None:
    page = session.open(deck, "#4")
    page.mouse.click(1100, 400)
    assert number(page) == 5
    page.mouse.click(100, 400)
    assert number(page) == 4
    page.mouse.click(640, 400)
    assert number(page) == 4
    assert page.evaluate("document.activeElement.id") == "deck"
    # A link is for following, not for turning the page (its default action stopped here).
    page.evaluate(
        "addEventListener('click', e => e.target.closest('a') && e.preventDefault(), true)"
    )
    box = page.locator("#slide-4 .box-body a").bounding_box()
    assert box is not None and box["x"] < 1280 / 3
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    assert number(page) == 4
    page.keyboard.press("ArrowRight")  # keys still work with the focus on the link
    assert number(page) == 5


def test_tap_and_swipe(session: Session, deck: Path) -> None:
    page = session.open(deck, "#4", has_touch=True)
    page.touchscreen.tap(1150, 300)
    assert number(page) == 5
    page.touchscreen.tap(80, 300)
    assert number(page) == 4
    cdp = page.context.new_cdp_session(page)

    def swipe(x0: int, x1: int) -> None:
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": 360}]}
        )
        for x in range(x0, x1, (x1 - x0) // 5):
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchMove", "touchPoints": [{"x": x, "y": 362}]},
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    swipe(900, 300)  # leftwards: next
    wait_number(page, 5)
    swipe(300, 900)  # rightwards: back
    wait_number(page, 4)


def wait_hash(page: Page, anchor: str) -> None:
    """Wait until the page's address ends in #anchor: Playwright's page.url hears of a
    same-document navigation (history.pushState) only some time after the page made it."""
    page.wait_for_function(f"() => location.hash === '#{anchor}'", timeout=5000)


def test_hash_follows_slide_and_history(session: Session, deck: Path) -> None:
    page = session.open(deck)
    wait_hash(page, "1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_hash(page, "3")
    page.go_back()
    wait_number(page, 2)
    page.go_back()
    wait_number(page, 1)
    page.go_forward()
    wait_number(page, 2)
    page.keyboard.press("End")
    wait_hash(page, "escape")
    page.go_back()
    wait_number(page, 2)


def test_deep_links_on_load(session: Session, deck: Path) -> None:
    page = session.open(deck)
    cases = [("#7", 7), ("#thanks", 10), ("#escape", 12), ("#11", 12), ("#99", 12),
             ("#nope", 1), ("", 1)]  # fmt: skip
    for suffix, expected in cases:
        page.goto("about:blank")
        page.goto(deck.as_uri() + suffix)
        assert number(page) == expected, suffix
        wait_hash(page, current(page)["anchor"])


def test_deep_link_typed_while_open(session: Session, deck: Path) -> None:
    page = session.open(deck)
    page.evaluate("location.hash = '#thanks'")
    wait_number(page, 10)


def test_counter_and_progress(session: Session, deck: Path) -> None:
    page = session.open(deck, "#3")
    assert page.text_content("#podium-counter") == "3 / 12"
    width = page.evaluate(
        "document.getElementById('podium-progress').getBoundingClientRect().width"
    )
    assert width == pytest.approx(1280 * 3 / SHOWN, abs=1)
    page.keyboard.press("End")
    width = page.evaluate(
        "document.getElementById('podium-progress').getBoundingClientRect().width"
    )
    assert width == pytest.approx(1280, abs=1)


def test_slide_scales_to_window(session: Session, deck: Path) -> None:
    page = session.open(deck, viewport={"width": 1000, "height": 1000})
    box = page.locator("#deck > .slide.current").bounding_box()
    assert box == pytest.approx(
        {"x": 0, "y": (1000 - 562.5) / 2, "width": 1000, "height": 562.5}, abs=0.5
    )
    from playwright.sync_api import Error as PlaywrightError

    page.set_viewport_size({"width": 640, "height": 360})
    # The page scales on its resize event, which may come after set_viewport_size returns.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            "() => Math.abs(document.querySelector('#deck > .slide.current')"
            ".getBoundingClientRect().width - innerWidth) < 1",
            timeout=5000,
        )
    box = page.locator("#deck > .slide.current").bounding_box()
    assert box == pytest.approx({"x": 0, "y": 0, "width": 640, "height": 360}, abs=0.5)


def test_only_neighbours_are_laid_out(session: Session, deck: Path) -> None:
    page = session.open(deck, "#5")
    shown = page.evaluate(
        "[...document.querySelectorAll('#deck > .slide')]"
        ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.dataset.number)"
    )
    assert shown == ["4", "5", "6"]
    visible = page.evaluate(
        "[...document.querySelectorAll('#deck > .slide')]"
        ".filter(s => s.checkVisibility({visibilityProperty: true})).map(s => s.dataset.number)"
    )
    assert visible == ["5"]


# -- overview -----------------------------------------------------------------------------


def test_overview_keyboard(session: Session, deck: Path) -> None:
    page = session.open(deck, "#2")
    page.keyboard.press("o")
    assert page.locator("#podium-overview").is_visible()
    assert page.locator(".thumb").count() == SHOWN
    assert page.evaluate("document.activeElement.id") == "podium-overview"
    assert page.get_attribute(".thumb.selected", "data-index") == "1"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute(".thumb.selected", "data-index") == "3"
    assert page.get_attribute("#podium-overview", "aria-activedescendant") == "podium-thumb-3"
    cols = page.evaluate(
        "[...document.querySelectorAll('.thumb')].filter("
        "t => t.offsetTop === document.querySelector('.thumb').offsetTop).length"
    )
    assert 1 < cols < SHOWN
    page.keyboard.press("ArrowDown")
    assert page.get_attribute(".thumb.selected", "data-index") == str(3 + cols)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert not page.locator("#podium-overview").is_visible()
    assert number(page) == 4
    assert page.evaluate("document.activeElement.id") == "deck"
    page.keyboard.press("Escape")
    assert page.locator("#podium-overview").is_visible()
    page.keyboard.press("End")
    page.keyboard.press("Escape")  # closes without moving
    assert not page.locator("#podium-overview").is_visible()
    assert number(page) == 4


def test_overview_click(session: Session, deck: Path) -> None:
    page = session.open(deck)
    page.keyboard.press("O")
    page.locator(".thumb").nth(6).click()
    assert not page.locator("#podium-overview").is_visible()
    assert number(page) == 7
    wait_hash(page, "7")
    # thumbnails are copies without ids, notes or focusable content
    assert page.locator("#podium-overview [id^='slide-']").count() == 0
    assert page.locator("#podium-overview .notes").count() == 0


# -- speaker view -----------------------------------------------------------------------------


def open_speaker(page: Page) -> Page:
    with page.context.expect_page() as info:
        page.keyboard.press("s")
    speaker = info.value
    speaker.wait_for_selector(".sv")
    return speaker


def speaker_state(speaker: Page) -> dict[str, Any]:
    state: dict[str, Any] = speaker.evaluate(
        """() => ({
            count: document.querySelector('[data-sv=count]').textContent,
            current: document.querySelector('[data-sv=current] .slide')?.dataset.number,
            next: document.querySelector('[data-sv=next] .slide')?.dataset.number || null,
            notes: document.querySelector('[data-sv=notes]').innerText.trim(),
            timer: document.querySelector('[data-sv=timer]').textContent,
            clock: document.querySelector('[data-sv=clock]').textContent,
        })"""
    )
    return state


def wait_speaker(speaker: Page, n: int) -> None:
    speaker.wait_for_function(
        f"() => document.querySelector('[data-sv=current] .slide')?.dataset.number === '{n}'",
        timeout=5000,
    )


def test_speaker_view_from_file_url(session: Session, deck: Path) -> None:
    page = session.open(deck, "#2")
    speaker = open_speaker(page)
    assert speaker.url.startswith("file://")
    assert "?speaker" in speaker.url
    state = speaker_state(speaker)
    assert state["count"] == "Slide 2 of 12"
    assert (state["current"], state["next"]) == ("2", "3")
    assert re.fullmatch(r"\d+:\d\d", state["timer"])
    assert re.fullmatch(r"\d\d:\d\d", state["clock"])
    notes = speaker.locator("[data-sv=notes]")
    assert notes.locator("strong").first.text_content() == "2005 World Summit"
    assert notes.locator("ul > li").count() == 3
    assert notes.locator("ol > li").count() == 2
    assert notes.is_visible()
    assert speaker.title().startswith("Speaker view: ")
    # main -> speaker
    page.keyboard.press("ArrowRight")
    wait_speaker(speaker, 3)
    assert speaker_state(speaker)["notes"] == "No notes for this slide."
    page.keyboard.press("End")
    wait_speaker(speaker, 12)
    assert speaker_state(speaker)["next"] is None
    # speaker -> main, by keys and by number
    speaker.keyboard.press("Home")
    wait_number(page, 1)
    speaker.keyboard.press("ArrowRight")
    wait_number(page, 2)
    speaker.keyboard.type("9")
    speaker.keyboard.press("Enter")
    wait_number(page, 9)
    wait_hash(page, "9")
    # the audience's back button moves the speaker view too
    page.go_back()
    wait_speaker(speaker, 2)
    # restarting the timer leaves the keys to the deck; + makes the notes bigger
    speaker.click("[data-sv=timer]")
    speaker.keyboard.press("Space")
    wait_number(page, 3)
    size = "e => getComputedStyle(e).fontSize"
    before = float(notes.evaluate(size).removesuffix("px"))
    speaker.keyboard.press("+")
    assert float(notes.evaluate(size).removesuffix("px")) > before
    speaker.keyboard.press("Shift+Space")
    wait_number(page, 2)
    # black screen from the speaker view, shown on both
    speaker.keyboard.press("b")
    page.wait_for_function("() => document.documentElement.classList.contains('black')")
    assert speaker.locator("[data-sv=black]").is_visible()
    page.keyboard.press("x")  # any key in the audience window brings the slide back
    speaker.wait_for_function("() => document.querySelector('[data-sv=black]').hidden")
    assert number(page) == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    speaker.screenshot(path=str(SCREENSHOTS / "speaker-view.png"))


def test_speaker_view_survives_audience_reload(session: Session, deck: Path) -> None:
    page = session.open(deck, "#4")
    speaker = open_speaker(page)
    page.reload()
    page.wait_for_function("() => document.querySelector('#deck > .slide.current') !== null")
    speaker.keyboard.press("ArrowRight")  # the reloaded window learns its peer from the message
    wait_number(page, 5)
    page.keyboard.press("ArrowRight")
    wait_speaker(speaker, 6)


# -- screen modes -------------------------------------------------------------------------------


def test_fullscreen_key(session: Session, deck: Path) -> None:
    page = session.open(deck)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === document.documentElement")
    page.keyboard.press("F")
    page.wait_for_function("() => document.fullscreenElement === null")


@pytest.mark.parametrize("key", ["b", "B", "."])
def test_black_screen(session: Session, deck: Path, key: str) -> None:
    page = session.open(deck, "#4")
    page.keyboard.press(key)
    assert page.locator(".blackout").is_visible()
    shot = Image.open(io.BytesIO(page.screenshot()))
    assert shot.convert("RGB").getextrema() == ((0, 0), (0, 0), (0, 0))  # all black
    page.keyboard.press("ArrowRight")  # wakes the screen without moving on
    assert not page.locator(".blackout").is_visible()
    assert number(page) == 4
    page.keyboard.press(key)
    page.keyboard.press(key)
    assert not page.locator(".blackout").is_visible()


def test_cursor_hides_when_idle(session: Session, deck: Path) -> None:
    page = session.open(deck)
    cursor = "getComputedStyle(document.querySelector('#slide-1 .title')).cursor"
    page.mouse.move(300, 300)
    page.mouse.move(310, 305)
    assert page.evaluate(cursor) != "none"
    assert page.locator("#podium-counter").evaluate("e => getComputedStyle(e).opacity") == "1"
    page.wait_for_function(f"() => {cursor} === 'none'", timeout=4000)
    page.mouse.move(320, 310)
    assert page.evaluate(cursor) != "none"


# -- print ----------------------------------------------------------------------------------------


def test_print_one_page_per_slide(session: Session, deck: Path) -> None:
    page = session.open(deck, "#5")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == SHOWN
    assert re.search(rb"/MediaBox\s*\[\s*0 0 960 540\s*\]", pdf)  # 13.333 x 7.5 in
    page.emulate_media(media="print")
    boxes = page.evaluate(
        """[...document.querySelectorAll('#deck > .slide')].map(s => {
            const r = s.getBoundingClientRect(), n = s.querySelector('.box-number');
            return [Math.round(r.width), Math.round(r.height), getComputedStyle(s).display,
                    n && n.textContent];
        })"""
    )
    assert [b[:3] for b in boxes] == [[1280, 720, "block"]] * SHOWN
    assert [b[3] for b in boxes] == [None, "2", None, "4", "5", "6", "7", "8", "9", "10", "12"]
    assert page.locator(".progress").is_hidden()
    assert page.locator("#slide-4 .notes").is_hidden()


def test_print_notes_pages(session: Session, deck: Path) -> None:
    page = session.context().new_page()
    page.goto(deck.as_uri() + "?print-notes")
    assert page.locator(".notes-page").count() == SHOWN
    notes = page.locator(".notes-page").nth(3).locator(".np-notes")
    assert notes.locator("strong").first.text_content() == "2005 World Summit"
    assert notes.is_visible()
    assert page.locator(".notes-page").nth(3).locator(".np-frame .slide").count() == 1
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == SHOWN
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".notes-page").nth(3).screenshot(path=str(SCREENSHOTS / "notes-page-4.png"))


def test_chromium_print_to_pdf_command(deck: Path, tmp_path: Path) -> None:
    out = print_to_pdf(deck, tmp_path)
    assert pdf_pages(out.read_bytes()) == SHOWN


# -- accessibility --------------------------------------------------------------------------------


def test_slide_changes_are_announced(session: Session, deck: Path) -> None:
    page = session.open(deck)
    assert page.evaluate("document.activeElement.id") == "deck"
    page.keyboard.press("ArrowRight")
    assert page.text_content("#podium-live") == "Slide 2 of 12: Outline"
    assert page.get_attribute("#podium-live", "aria-live") == "polite"
    tree = page.locator("#deck").aria_snapshot()
    assert 'region "Slide 2 of 12: Outline"' in tree
    assert "Slide 1 of 12" not in tree and "Slide 3 of 12" not in tree  # neighbours hidden


def test_notes_hidden_on_screen(session: Session, deck: Path) -> None:
    page = session.open(deck, "#4")
    assert page.locator("#slide-4 .notes").count() == 1
    assert page.locator("#slide-4 .notes").is_hidden()
    assert "2005 World Summit" not in page.locator("#deck").aria_snapshot()


def test_reduced_motion_disables_transitions(session: Session, deck: Path) -> None:
    anim = "getComputedStyle(document.querySelector('#deck > .slide.current')).animationName"
    page = session.open(deck, reduced_motion="reduce")
    assert page.evaluate(anim) == "none"
    page = session.open(deck, reduced_motion="no-preference")
    assert page.evaluate(anim) == "podium-in"


CONTRAST_JS = """
() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('#deck > .slide.current'),
                                           NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.checkVisibility()) continue;
    const s = getComputedStyle(el);
    const a = lum(rgb(s.color)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push([n.textContent.trim().slice(0, 30), Math.round(ratio * 100) / 100, large]);
  }
  return out;
}
"""


def test_text_contrast_meets_wcag_aa(session: Session, deck: Path) -> None:
    page = session.open(deck)
    failures = []
    for n in NUMBERS:
        page.evaluate(f"location.hash = '#{n}'")
        wait_number(page, n)
        for text, ratio, large in page.evaluate(CONTRAST_JS):
            if ratio < (3 if large else 4.5):
                failures.append((n, text, ratio))
    assert failures == []


def test_font_sizes_follow_theme(session: Session, deck: Path) -> None:
    page = session.open(deck, "#4")
    size = "e => getComputedStyle(e).fontSize"
    assert page.locator("#slide-4 h2").evaluate(size) == "48px"  # 36 pt
    levels = [page.locator(f"#slide-4 li.l{n}").first.evaluate(size) for n in range(3)]
    assert levels == ["37.333px", "32px", "26.667px"]  # 28, 24, 20 pt
    assert page.locator("#slide-4 .box-number").evaluate(size) == "16px"  # 12 pt
    box = page.locator("#slide-4 .box-title").bounding_box()
    assert box == pytest.approx({"x": 57.6, "y": 33.6, "width": 1164.77, "height": 120}, abs=0.1)
    page.keyboard.press("Home")
    cover = [page.locator(f"#slide-1 {part}").first.evaluate(size)
             for part in ("h1", ".subtitle", ".byline p")]  # fmt: skip
    assert cover == ["64px", "37.333px", "26.667px"]  # 48, 28, 20 pt


# -- robustness -----------------------------------------------------------------------------------


def test_thousand_slides_stay_responsive(session: Session, long_deck: Path) -> None:
    page = session.open(long_deck)
    page.keyboard.press("End")
    assert number(page) == 1000
    page.keyboard.type("500")
    page.keyboard.press("Enter")
    assert number(page) == 500
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    assert number(page) == 520
    laid_out = page.evaluate(
        "[...document.querySelectorAll('#deck > .slide')]"
        ".filter(s => getComputedStyle(s).display !== 'none').length"
    )
    assert laid_out == 3
    page.keyboard.press("o")
    assert page.locator(".thumb").count() == 1000
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert number(page) == 521
    page.goto(long_deck.as_uri() + "#999")
    wait_number(page, 999)


def test_every_slide_screenshot(session: Session, deck: Path) -> None:
    page = session.open(deck)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("slide-*.png"):
        old.unlink()
    for n in NUMBERS:
        page.evaluate(f"location.hash = '#{n}'")
        wait_number(page, n)
        page.screenshot(path=str(SCREENSHOTS / f"slide-{n:02d}.png"))
    page.keyboard.press("o")
    page.screenshot(path=str(SCREENSHOTS / "overview.png"))
    assert len(list(SCREENSHOTS.glob("slide-*.png"))) == SHOWN


def test_refresh_takes_up_replaced_slides(session: Session, deck: Path) -> None:
    """The preview server swaps slides in place and calls window.podium.refresh()."""
    page = session.open(deck, "#thanks")
    page.keyboard.press("o")
    page.evaluate(
        """() => {
            const deck = document.getElementById('deck');
            document.getElementById('slide-2').remove();
            const copy = document.getElementById('slide-4').cloneNode(true);
            copy.id = 'slide-13'; copy.dataset.number = '13'; copy.dataset.anchor = 'extra';
            copy.classList.remove('current', 'near');
            deck.appendChild(copy);
            window.podium.refresh();
        }"""
    )
    assert current(page)["anchor"] == "thanks"
    assert current(page)["counter"] == "10 / 13"  # numbers as on the slides: up to 13 now
    assert page.locator(".thumb").count() == SHOWN  # the overview was rebuilt and kept open
    page.keyboard.press("Escape")
    page.keyboard.press("End")
    assert current(page)["anchor"] == "extra"
    assert page.evaluate("window.podium.total()") == SHOWN


LINES_JS = """
() => {
  const out = [];
  for (const s of document.querySelectorAll('#deck > .slide')) {
    s.classList.add('current');
    for (const p of s.querySelectorAll('.title, .text p, .text li')) {
      const nodes = [];
      for (const n of p.childNodes) {
        if (n.nodeType === 1 && /^(UL|OL|P)$/.test(n.tagName)) break;
        nodes.push(n);
      }
      const range = document.createRange();
      range.setStartBefore(nodes[0]);
      range.setEndAfter(nodes[nodes.length - 1]);
      // one row per line: a rect whose middle is above the last row's bottom is on that row
      const rows = [];
      for (const r of [...range.getClientRects()].filter(r => r.width > 1)
                                                  .sort((a, b) => a.top - b.top)) {
        if (!rows.length || (r.top + r.bottom) / 2 > rows[rows.length - 1]) rows.push(r.bottom);
      }
      out.push(rows.length);
    }
    s.classList.remove('current');
  }
  return out;
}
"""


def test_lines_break_where_the_measurer_says(session: Session, tmp_path: Path) -> None:
    """The plan fits text with podium.measure; the browser must wrap it the same way."""
    from podium.plan.markup import parse_block, parse_inline
    from podium.plan.measure import Block, measurer
    from podium.plan.types import DeckPlan, SlidePlan
    from podium.template.theme import DEFAULT_THEME as theme
    from podium.template.theme import EMU_PER_INCH

    sentence = (
        "human security protects the vital core of all human lives in ways that enhance "
        "freedoms and fulfilment; **people-centred**, `context-specific` and *prevention*-"
        "oriented responses strengthen protection and empowerment of all people"
    )
    words = sentence.split(" ")
    slides, expected, heights = [], [], []
    m = measurer(theme.minor_font, theme.mono_font, theme.ea_font, theme.line_pitch)
    for k in range(6):
        text = "\n".join(
            "  " * (n % 3) + "- " + " ".join(words[(n * 7 + k) % 9 :][: 8 + 5 * n + k])
            for n in range(5)
        )
        title = parse_inline(" ".join(words[k : k + 4 + 3 * k]))
        body = parse_block(text)
        slides.append(
            SlidePlan(
                index=k, number=k + 1, layout="bullets", anchor=str(k + 1), title=title, body=body
            )
        )
        title_w = theme.box("title").w - 2 * 91440
        expected.append(m.measure([Block(title, theme.title_size, spacing=0.9)], title_w).lines)
        blocks = [
            Block(
                p.runs,
                theme.body_sizes[p.level],
                round(0.375 * EMU_PER_INCH) * (p.level + 1),
                theme.para_space,
            )
            for p in body
        ]
        width = theme.box("body").w - 2 * 91440
        expected.extend(m.measure([b], width).lines for b in blocks)
        heights.append(m.measure(blocks, width).height / 9525)
    assert max(expected) > 2  # the test needs text that wraps
    path = write_deck(
        DeckPlan(
            name="wrap",
            source=tmp_path / "wrap.yaml",
            title=parse_inline("Wrap"),
            slides=tuple(slides),
        ),
        tmp_path,
    )
    page = session.open(path)
    assert page.evaluate(LINES_JS) == expected
    drawn = page.evaluate(
        """[...document.querySelectorAll('#deck > .slide')].map(s => {
            s.classList.add('current');
            const box = s.querySelector('.box-body');
            const h = box.lastElementChild.getBoundingClientRect().bottom
                      - box.firstElementChild.getBoundingClientRect().top;
            s.classList.remove('current');
            return h;
        })"""
    )
    assert drawn == pytest.approx(heights, abs=1.5)


def test_empty_deck_opens_without_errors(session: Session, tmp_path: Path) -> None:
    from podium.plan.markup import parse_inline
    from podium.plan.types import DeckPlan

    path = write_deck(
        DeckPlan(name="empty", source=tmp_path / "e.yaml", title=parse_inline("Empty")), tmp_path
    )
    page = session.context().new_page()
    page.goto(path.as_uri())
    for key in ("ArrowRight", "End", "o", "s", "b", "b", "5", "Enter"):
        page.keyboard.press(key)
    assert page.locator("#deck > section").count() == 0


def test_text_stays_in_its_boxes(session: Session, deck: Path) -> None:
    page = session.open(deck)
    overflows = page.evaluate(
        """() => {
            const out = [];
            for (const s of document.querySelectorAll('#deck > .slide')) {
                s.classList.add('current');
                const slide = s.getBoundingClientRect();
                for (const box of s.querySelectorAll('.box')) {
                    const r = box.getBoundingClientRect();
                    const tall = box.scrollHeight > box.clientHeight + 1;
                    const wide = box.scrollWidth > box.clientWidth + 1;
                    if (tall || wide || r.right > slide.right || r.bottom > slide.bottom) {
                        out.push(s.id + ' ' + box.className);
                    }
                }
                s.classList.remove('current');
            }
            return out;
        }"""
    )
    assert overflows == []


def test_hidden_slide_keeps_one_numbering(session: Session, deck: Path) -> None:
    """Slide 11 is hidden: slide 12 is "12" on the slide, in the URL, the counter, the label,
    the speaker view and the overview, and typed numbers mean the same slides."""
    page = session.open(deck, "#12")
    wait_number(page, 12)
    assert page.text_content("#deck > .slide.current .box-number") == "12"
    assert page.text_content("#podium-counter") == "12 / 12"
    label = page.get_attribute("#deck > .slide.current", "aria-label") or ""
    assert label.startswith("Slide 12 of 12")
    page.keyboard.press("o")
    assert page.locator("#podium-overview").is_visible()
    labels = page.eval_on_selector_all(".thumb-label", "els => els.map(e => e.textContent)")
    assert [text.split(" ")[0] for text in labels] == [str(n) for n in range(1, 11)] + ["12"]
    page.keyboard.press("Escape")
    for typed, expected in (("9", 9), ("11", 12), ("3", 3)):
        for digit in typed:
            page.keyboard.press(digit)
        page.keyboard.press("Enter")
        wait_number(page, expected)
        anchor = current(page)["anchor"]  # the number, or the slide's id
        assert page.evaluate("location.hash") == f"#{anchor}"
        assert anchor in (str(expected), "escape")
        assert page.text_content("#podium-counter") == f"{expected} / 12"
    page = session.open(deck, "#12")
    speaker = open_speaker(page)
    speaker.wait_for_function(
        "() => document.querySelector('[data-sv=current] .slide')?.dataset.number === '12'"
    )
    assert speaker_state(speaker)["count"] == "Slide 12 of 12"
    page = session.open(deck, "#9")
    speaker = open_speaker(page)
    speaker.wait_for_function(
        "() => document.querySelector('[data-sv=current] .slide')?.dataset.number === '9'"
    )
    assert speaker.text_content("[data-sv=next-label]") == "Next: slide 10"


def test_inline_code_background_as_in_powerpoint(session: Session, tmp_path: Path) -> None:
    """Code in body text sits on the code background (PowerPoint's a:highlight); code in a
    title does not."""
    from podium.plan.markup import Para, Run
    from podium.plan.types import DeckPlan, SlidePlan

    runs = (Run("Using "), Run("fit()", code=True))
    slide = SlidePlan(0, 1, "bullets", "1", title=runs, body=(Para(runs, 0, "•"),))
    plan = DeckPlan("code", tmp_path / "d.yaml", (Run("T"),), slides=(slide,))
    page = session.open(write_deck(plan, tmp_path))
    colours = page.evaluate(
        "() => [...document.querySelectorAll('#deck code')].map("
        "c => [c.closest('.title') ? 'title' : 'body', getComputedStyle(c).backgroundColor])"
    )
    assert colours == [["title", "rgba(0, 0, 0, 0)"], ["body", "rgb(243, 244, 246)"]]
