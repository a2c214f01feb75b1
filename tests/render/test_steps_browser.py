"""Steps in the HTML deck, in real Chromium: the next keys step first, addresses, speaker
view, print, and reduced motion."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import current, launch, new_context, pdf_pages

from podium.commands.build import load_plan
from podium.render import html

pytestmark = [pytest.mark.browser]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SCREENSHOTS = Path(
    os.environ.get("PODIUM_SCREENSHOTS", Path(__file__).parents[2] / "build" / "screenshots")
)
DECK = """\
title: Steps
slides:
  - title: Before
    bullets: [Nothing to step]
  - title: Four points
    reveal: bullets
    text: The argument
    bullets:
      - Freedom from fear:
          - violent conflict
      - Freedom from want
      - Dignity
      - Protection and empowerment
  - layout: two-column
    title: Two sides
    left: [Top-down protection]
    right: [Bottom-up empowerment]
    pause: right
  - layout: code
    title: Reading the deck
    language: python
    code: |
      from pathlib import Path
      plan = load_plan(Path("deck.yaml"))
      for slide in plan.slides:
          print(slide.title_text)
    steps: ["1", "2", "3-4"]
  - title: After
    bullets: [The end]
"""
#: Steps on each slide, and the pages ?print-steps gives.
STEPS = [0, 4, 1, 3, 0]

VISIBLE = """() => [...document.querySelectorAll('#deck > .slide.current .box-body li.l0')]
    .filter(e => getComputedStyle(e).visibility === 'visible')
    .map(e => e.firstChild.textContent.trim())"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("steps-html")
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    path = folder / "deck.html"
    path.write_text(html.render(load_plan(folder / "deck.yaml", "deck.yaml")), encoding="utf-8")
    return path


@pytest.fixture
def opened(chromium: Browser) -> Iterator[Any]:
    watches = []
    contexts = []

    def open_(path: Path, suffix: str = "", **options: Any) -> Page:
        options.setdefault("reduced_motion", "reduce")
        context, watch = new_context(chromium, **options)
        contexts.append(context)
        watches.append(watch)
        page = context.new_page()
        page.goto(path.as_uri() + suffix)
        page.wait_for_function("() => document.querySelector('#deck > .slide.current')")
        return page

    yield open_
    try:
        for watch in watches:
            watch.check()
    finally:
        for context in contexts:
            context.close()


def place(page: Page) -> tuple[int, int]:
    index, step = page.evaluate("() => [podium.index() + 1, podium.step()]")
    return int(index), int(step)


def test_steps_browser_next_steps_first_then_moves_on(opened, deck: Path) -> None:
    page = opened(deck, "#2")
    assert page.evaluate(VISIBLE) == []
    assert page.locator("#slide-2 .box-body p").first.is_visible()  # text before the list
    seen = []
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        seen.append(page.evaluate(VISIBLE))
    assert seen == [
        ["Freedom from fear"],
        ["Freedom from fear", "Freedom from want"],
        ["Freedom from fear", "Freedom from want", "Dignity"],
        ["Freedom from fear", "Freedom from want", "Dignity", "Protection and empowerment"],
    ]
    # a child comes with its parent
    assert page.locator("#slide-2 li.l1").evaluate("e => getComputedStyle(e).visibility") == (
        "visible"
    )
    state = current(page)
    assert (state["hash"], state["counter"]) == ("#2.4", "2.4 / 5")
    page.keyboard.press("ArrowRight")  # the fifth: the next slide
    assert place(page) == (3, 0)
    assert current(page)["hash"] == "#3"
    # back: the previous slide complete, then step by step
    page.keyboard.press("ArrowLeft")
    assert place(page) == (2, 4)
    backs = []
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
        backs.append(len(page.evaluate(VISIBLE)))
    assert backs == [3, 2, 1, 0]
    assert current(page)["hash"] == "#2"
    page.keyboard.press("ArrowLeft")
    assert place(page) == (1, 0)
    # clickers (PageDown) and Space step too
    page.keyboard.press("PageDown")
    page.keyboard.press("Space")
    assert place(page) == (2, 1)


def test_steps_browser_address_opens_at_a_step_and_survives_reload(opened, deck: Path) -> None:
    page = opened(deck, "#2.3")
    assert place(page) == (2, 3)
    assert len(page.evaluate(VISIBLE)) == 3
    assert current(page)["counter"] == "2.3 / 5"
    page.keyboard.press("ArrowRight")
    assert current(page)["hash"] == "#2.4"
    page.reload()
    page.wait_for_function("() => document.querySelector('#deck > .slide.current')")
    assert place(page) == (2, 4)
    page.evaluate("() => { location.hash = '#3.1'; }")
    page.wait_for_function("() => podium.index() === 2 && podium.step() === 1")
    assert page.locator("#slide-3 .box-right li").is_visible()
    # a step past the slide's last one opens the slide complete
    page.evaluate("() => { location.hash = '#2.9'; }")
    page.wait_for_function("() => podium.index() === 1 && podium.step() === 4")


def test_steps_browser_nothing_moves_when_a_step_comes(opened, deck: Path) -> None:
    page = opened(deck, "#2")
    boxes = (
        "() => [...document.querySelectorAll('#slide-2 li')]"
        ".map(e => e.getBoundingClientRect().top)"
    )
    before = page.evaluate(boxes)
    page.evaluate("() => podium.go(1, 4)")
    assert page.evaluate(boxes) == before


def test_steps_browser_code_highlights_one_after_another(opened, deck: Path) -> None:
    page = opened(deck, "#4")
    shown = (
        "() => [...document.querySelectorAll('#slide-4 .code-hl')]"
        ".map(e => e.offsetParent !== null)"
    )
    states = [page.evaluate(shown)]
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        states.append(page.evaluate(shown))
    assert states == [
        [False, False, False],
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]
    # the band lies over its lines: line 3 starts where the third highlight starts
    band = page.locator("#slide-4 .code-hl").nth(2).bounding_box()
    code = page.locator("#slide-4 pre.code").bounding_box()
    line = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('#slide-4 pre.code')).lineHeight)"
    )
    assert band is not None and code is not None
    assert abs(band["y"] - (code["y"] + 19.2 + 2 * line)) < 1.5
    assert abs(band["height"] - 2 * line) < 1.5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "steps-code-highlight.png"))


def test_steps_browser_speaker_view_shows_the_next_click(opened, deck: Path) -> None:
    page = opened(deck, "#2.1")
    with page.context.expect_page() as info:
        page.keyboard.press("s")
    speaker = info.value
    speaker.wait_for_selector(".sv")

    def state() -> dict[str, Any]:
        result: dict[str, Any] = speaker.evaluate(
            """() => {
                const shown = f => [...document.querySelectorAll(
                    '[data-sv=' + f + '] .slide li.l0')].filter(
                    e => getComputedStyle(e).visibility === 'visible').length;
                return {count: document.querySelector('[data-sv=count]').textContent,
                        label: document.querySelector('[data-sv=next-label]').textContent,
                        current: shown('current'), next: shown('next'),
                        nextSlide: document.querySelector('[data-sv=next] .slide')
                            ?.dataset.number};
            }"""
        )
        return result

    speaker.wait_for_function(
        "() => document.querySelector('[data-sv=count]').textContent.includes('step 1')"
    )
    assert state() == {
        "count": "Slide 2 of 5, step 1 of 4",
        "label": "Next click: step 2 of 4 — Freedom from want",
        "current": 1,
        "next": 2,
        "nextSlide": "2",
    }
    # the speaker view's keys step the audience too
    speaker.keyboard.press("ArrowRight")
    page.wait_for_function("() => podium.step() === 2")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    speaker.wait_for_function(
        "() => document.querySelector('[data-sv=count]').textContent.includes('step 4')"
    )
    final = state()
    assert (final["label"], final["nextSlide"], final["current"]) == ("Next: slide 3", "3", 4)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    speaker.screenshot(path=str(SCREENSHOTS / "steps-speaker-view.png"))


def test_steps_browser_print_one_complete_page_per_slide(opened, deck: Path) -> None:
    page = opened(deck, "#2.1")  # printed in the middle of a build: still complete
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == len(STEPS)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('#deck [data-step]')]
            .filter(e => getComputedStyle(e).visibility !== 'visible').length"""
    )
    assert hidden == 0
    # the code slide prints with its last highlight
    assert page.evaluate(
        "() => [...document.querySelectorAll('#slide-4 .code-hl')]"
        ".map(e => getComputedStyle(e).display)"
    ) == ["none", "none", "block"]


def test_steps_browser_print_steps_gives_a_page_per_step(opened, deck: Path) -> None:
    page = opened(deck, "?print-steps")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == sum(n + 1 for n in STEPS)
    page.emulate_media(media="print")
    counts = page.evaluate(
        """() => [...document.querySelectorAll('#deck > .slide.layout-bullets')]
            .filter(s => s.querySelector('.box-body p'))
            .map(s => [...s.querySelectorAll('li.l0')]
                 .filter(e => getComputedStyle(e).visibility === 'visible').length)"""
    )
    assert counts == [0, 1, 2, 3, 4]


def test_steps_browser_overview_shows_slides_complete(opened, deck: Path) -> None:
    page = opened(deck, "#2")
    page.keyboard.press("o")
    thumb = page.locator("#podium-thumb-1 .slide li.l0")
    assert thumb.count() == 4
    assert all(
        v == "visible"
        for v in thumb.evaluate_all("es => es.map(e => getComputedStyle(e).visibility)")
    )
    page.keyboard.press("Escape")
    assert place(page) == (2, 0)


def test_steps_browser_fade_unless_reduced_motion(opened, deck: Path) -> None:
    fade = (
        "() => getComputedStyle(document.querySelector('#slide-2 li[data-step]'))"
        ".transitionDuration"
    )
    calm = opened(deck, "#2.1")
    assert calm.evaluate(fade) == "0s"
    moving = opened(deck, "#2.1", reduced_motion="no-preference")
    assert moving.evaluate(fade) == "0.5s"  # PowerPoint's Fade: the same half second


def test_steps_browser_announces_what_a_step_brings(opened, deck: Path) -> None:
    page = opened(deck, "#2")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("#podium-live").text_content() == "Step 2 of 4: Freedom from want"
