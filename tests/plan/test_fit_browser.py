"""Fitted decks in Chromium: every line of the stress deck's HTML stays inside its slide, and
nothing is clipped (code and tables are laid out at the sizes the plan measured)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import launch, new_context, write_deck
from test_fit import stress_plan

from podium.plan.fit_deck import fit
from podium.plan.types import DeckPlan

pytestmark = pytest.mark.browser

#: Per slide: text elements whose box leaves the slide, and clipped code boxes.
_MEASURE = """() => [...document.querySelectorAll('#deck > .slide')].map(s => {
  const r = s.getBoundingClientRect();
  const out = [];
  for (const el of s.querySelectorAll('.title, p, li, th, td, pre, figcaption')) {
    if (el.closest('.notes')) continue;
    const b = el.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    // inside the slide, and inside its own box (less its insets: text that spills into them
    // is text that does not fit)
    const box = el.closest('.box');
    const k = box ? box.getBoundingClientRect() : r;
    if (b.left < Math.max(r.left, k.left) - 1 || b.top < Math.max(r.top, k.top) - 1
        || b.right > Math.min(r.right, k.right) + 1
        || b.bottom > Math.min(r.bottom, k.bottom) + 1) {
      out.push(el.tagName + ' ' + (el.textContent || '').slice(0, 30) + ' at '
               + Math.round(b.top - r.top) + '-' + Math.round(b.bottom - r.top));
    }
  }
  for (const el of s.querySelectorAll('pre.code')) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      out.push('clipped code ' + el.scrollHeight + 'x' + el.scrollWidth);
    }
  }
  for (const el of s.querySelectorAll('.box')) {
    const b = el.getBoundingClientRect();
    if (b.bottom > r.bottom + 1 || b.top < r.top - 1) out.push('box ' + el.className);
  }
  return [s.dataset.number, out];
})"""


def outside_in_chromium(plan: DeckPlan, folder: Path) -> dict[str, list[str]]:
    """Return, per slide number, what Chromium lays out outside the slide."""
    deck = write_deck(plan, folder)
    with launch() as browser:
        context, watch = new_context(browser)
        page = context.new_page()
        page.emulate_media(media="print")  # every slide laid out, one after another
        page.goto(deck.as_uri())
        page.evaluate("document.fonts.ready")
        found: list[Any] = page.evaluate(_MEASURE)
        watch.check()
        context.close()
    return {number: items for number, items in found if items}


@pytest.mark.parametrize(("policy", "heavy"), [("shrink", False), ("split", True)])
def test_fit_browser_stress_deck_stays_on_its_slides(
    policy: str, heavy: bool, tmp_path: Path
) -> None:
    plan, problems = fit(stress_plan(tmp_path, policy, heavy=heavy))
    assert problems == []
    assert outside_in_chromium(plan, tmp_path) == {}


def test_fit_browser_unfitted_stress_deck_sticks_out(tmp_path: Path) -> None:
    plan, problems = fit(stress_plan(tmp_path, "warn", heavy=True))
    assert problems
    assert len(outside_in_chromium(plan, tmp_path)) >= len(plan.slides) // 2


def test_fit_browser_title_too_long_keeps_its_first_line_on_the_slide(tmp_path: Path) -> None:
    """Under warn nothing shrinks: a bottom-anchored title taller than its box grows down
    from the box's top, so its first line is not cut off at the slide's top edge."""
    plan, problems = fit(stress_plan(tmp_path, "warn", heavy=True))
    assert any("the title takes" in p.message for p in problems)
    deck = write_deck(plan, tmp_path)
    with launch() as browser:
        context, watch = new_context(browser)
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(deck.as_uri())
        tops = page.evaluate(
            """() => [...document.querySelectorAll('#deck > .slide .box-title')].map(b => {
                const h = b.querySelector('.title').getBoundingClientRect();
                return [h.top - b.getBoundingClientRect().top, h.height > b.clientHeight];
            })"""
        )
        watch.check()
        context.close()
    assert any(taller for _top, taller in tops)  # the test has teeth: some titles overflow
    assert all(top >= 0 for top, _taller in tops)
