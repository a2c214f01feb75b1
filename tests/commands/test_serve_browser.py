"""podium serve in real Chromium: edits show up in place, on the slide the lecturer is on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import launch
from test_serve import BROKEN_AT, BROKEN_YAML, deck_text, make_png

from podium.commands import preview_http
from podium.commands.serve import Preview

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WAIT = 15_000  # ms; a rebuild takes well under a second, a loaded CI machine gets slack
CURRENT = "document.querySelector('#deck > .slide.current')"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Preview]:
    make_png(tmp_path / "images" / "chart.png")
    (tmp_path / "deck.yaml").write_text(deck_text(), encoding="utf-8")
    server = Preview(
        tmp_path / "deck.yaml",
        name="deck.yaml",
        port=0,
        echo=lambda s: None,
        echo_err=lambda s: None,
    )
    server.build()
    with server:
        yield server


def shown(page: Page) -> dict[str, object]:
    """Return the current slide's number and text, the hash, and the no-reload marker."""
    result: dict[str, object] = page.evaluate(
        f"""() => {{ const s = {CURRENT};
            return {{number: Number(s.dataset.number), text: s.textContent, hash: location.hash,
                     marker: window.podiumTestMarker || null}}; }}"""
    )
    return result


def test_serve_updates_open_tabs_in_place(served: Preview) -> None:
    deck = served.live.deck
    with launch() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        errors: list[str] = []
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served.url)
        page.keyboard.type("5")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => {CURRENT}.dataset.number === '5'", timeout=WAIT)
        page.evaluate("window.podiumTestMarker = 'no reload'")
        speaker = context.new_page()
        speaker.goto(served.url + "?speaker#5")
        speaker.wait_for_selector("[data-sv=current] .slide", timeout=WAIT)

        # An edit: the new text on slide 5, in both windows, without a reload.
        deck.write_text(
            deck_text("Edited on slide five").replace("Notes of the fifth slide.", "Edited notes."),
            encoding="utf-8",
        )
        page.wait_for_function(
            f"() => {CURRENT}.textContent.includes('Edited on slide five')", timeout=WAIT
        )
        assert shown(page) | {"text": ""} == {
            "number": 5,
            "text": "",
            "hash": "#5",
            "marker": "no reload",
        }
        speaker.wait_for_function(
            "() => document.querySelector('[data-sv=current]').textContent"
            ".includes('Edited on slide five')",
            timeout=WAIT,
        )
        speaker.wait_for_function(
            "() => document.querySelector('[data-sv=notes]').textContent.includes('Edited notes.')",
            timeout=WAIT,
        )

        # A broken save: the last good deck stays, under the located problems.
        deck.write_text(BROKEN_YAML, encoding="utf-8")
        overlay = page.locator("#podium-problems")
        overlay.wait_for(state="visible", timeout=WAIT)
        problems = overlay.locator("pre").text_content() or ""
        assert problems.startswith(BROKEN_AT)
        assert problems == served.live.snapshot.problems
        assert "monospace" in overlay.locator("pre").evaluate("e => getComputedStyle(e).fontFamily")
        assert shown(page)["marker"] == "no reload"
        assert "Edited on slide five" in str(shown(page)["text"])
        speaker.locator("#podium-problems").wait_for(state="visible", timeout=WAIT)

        # The next good save clears it.
        deck.write_text(deck_text("Mended on slide five"), encoding="utf-8")
        overlay.wait_for(state="detached", timeout=WAIT)
        page.wait_for_function(
            f"() => {CURRENT}.textContent.includes('Mended on slide five')", timeout=WAIT
        )
        assert shown(page) | {"text": ""} == {
            "number": 5,
            "text": "",
            "hash": "#5",
            "marker": "no reload",
        }
        assert errors == []


def test_serve_overlay_is_text_and_dismissable(served: Preview) -> None:
    deck = served.live.deck
    with launch() as browser:
        page = browser.new_page()
        page.goto(served.url + "#5")
        page.wait_for_function(f"() => {CURRENT}.dataset.number === '5'", timeout=WAIT)
        attack = "<img src=x onerror=window.pwned=1>"
        deck.write_text(
            deck_text().replace("  - title: Sixth", f"  - layout: {attack}\n    title: Sixth"),
            encoding="utf-8",
        )
        overlay = page.locator("#podium-problems")
        overlay.wait_for(state="visible", timeout=WAIT)
        assert f"unknown layout '{attack}'" in (overlay.text_content() or "")
        assert overlay.locator("img").count() == 0
        assert page.evaluate("window.pwned === undefined")
        overlay.get_by_role("button", name="Dismiss").click()
        overlay.wait_for(state="detached", timeout=WAIT)
        assert shown(page)["number"] == 5


def test_serve_added_slide_keeps_the_current_one(served: Preview) -> None:
    deck = served.live.deck
    with launch() as browser:
        page = browser.new_page()
        page.goto(served.url + "#5")
        page.wait_for_function(f"() => {CURRENT}.dataset.number === '5'", timeout=WAIT)
        deck.write_text(
            deck_text().replace(
                "  - title: Second", "  - title: Inserted\n    bullets: [new]\n  - title: Second"
            ),
            encoding="utf-8",
        )
        page.wait_for_function(
            "() => document.querySelectorAll('#deck > .slide').length === 8", timeout=WAIT
        )
        page.wait_for_function(f"() => {CURRENT}.dataset.number === '5'", timeout=WAIT)
        assert shown(page)["hash"] == "#5"


@pytest.mark.parametrize("pushed", [True, False])
def test_serve_fetches_only_the_changed_slides(
    served: Preview, pushed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the event brings the changed slides; when they are too large for it the page asks
    if not pushed:
        monkeypatch.setattr(preview_http, "MAX_PUSHED", 0)
    asked = [] if pushed else ["/_podium/changes"]
    deck = served.live.deck
    with launch() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served.url + "#5")
        page.wait_for_function(f"() => {CURRENT}.dataset.number === '5'", timeout=WAIT)
        page.evaluate(
            """() => { window.podiumTestMarker = 'no reload';
                 window.podiumSecond = document.getElementById('slide-2'); }"""
        )
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url.removeprefix(served.url.rstrip("/"))))

        deck.write_text(deck_text("Changed alone"), encoding="utf-8")
        page.wait_for_function(
            f"() => {CURRENT}.textContent.includes('Changed alone')", timeout=WAIT
        )
        assert [u.split("?")[0] for u in fetched] == asked
        # the slides that did not change are the same elements as before
        assert page.evaluate("() => window.podiumSecond === document.getElementById('slide-2')")

        # a slide inserted before it: the numbers after it follow, the page keeps its place
        fetched.clear()
        deck.write_text(
            deck_text("Changed alone").replace(
                "  - title: Third\n", "  - title: Inserted\n    bullets: [new]\n  - title: Third\n"
            ),
            encoding="utf-8",
        )
        page.wait_for_function(
            "() => document.querySelectorAll('#deck > .slide').length === 8", timeout=WAIT
        )
        texts = page.evaluate(
            "() => Array.from(document.querySelectorAll('#deck > .slide'), s =>"
            " s.dataset.number + ' ' + (s.querySelector('h1,h2') || {textContent: ''})"
            ".textContent)"
        )
        assert texts[2].startswith("3 Inserted") and texts[5].startswith("6 Fifth"), texts
        assert [u.split("?")[0] for u in fetched] == asked
        assert shown(page)["marker"] == "no reload"
        assert errors == []
