"""Measure how fast the HTML deck shows its first slide in Chromium, and one slide change.

Decks: the seed deck.yaml, and generated decks of 1,000 and 5,000 bullet slides with notes,
each built with podium into a temp folder and opened from file://. The baseline, in the same
run and the same browser, is a trivial HTML page with one <section>.

Per load (a fresh browser context each time, after one discarded warm-up load):
  fcp   the page's own first-contentful-paint entry (ms since navigation start); for a big
        file this comes while it is still being parsed, from the script-less fallback view
  painted  the later of fcp and the frame after podium.js first marks a slide current (ms
        since navigation start, recorded by an init script): the presenting view is on screen
  wall  time.perf_counter() from just before page.goto to Playwright seeing the first slide
        visible (polled on animation frames); includes the driver's round trips, which the
        baseline shows
Navigation: on the 1,000-slide deck at slide 500, one ArrowRight to slide 501 and the frame
after it: 'in page' from the keydown to the next animation frame plus a task (performance.now),
'wall' from Playwright's key press to it seeing slide 501 current. Medians, min and max.

    python bench/html_paint.py               # 7 loads per deck, 21 navigations
    python bench/html_paint.py --loads 11 --sizes 1000,5000,10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("file:", "data:", "about:", "blob:")

BASELINE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>
<body><section id="only"><h1>Human Security</h1><p>One section, nothing else.</p></section>
</body></html>
"""

# The deck shows slide 1 by giving it the class 'current'; the baseline's section is visible.
VISIBLE = """() => {
  const s = document.querySelector('#deck > .slide.current') || document.getElementById('only');
  return !!s && s.checkVisibility() && s.getBoundingClientRect().width > 0;
}"""

FCP = """() => new Promise(resolve => {
  const found = performance.getEntriesByName('first-contentful-paint');
  if (found.length) { resolve(found[0].startTime); return; }
  new PerformanceObserver((list, obs) => {
    for (const e of list.getEntries()) {
      if (e.name === 'first-contentful-paint') { obs.disconnect(); resolve(e.startTime); }
    }
  }).observe({type: 'paint', buffered: true});
})"""

# Installed before the page's own scripts (through DevTools, so the deck's CSP does not apply):
# when the deck script first marks a slide current, note the time and the frame after it.
SHOWN_MARK = """(() => {
  const mark = () => {
    if (window.__shown !== undefined) return;
    if (!document.querySelector('#deck > .slide.current')) return;
    window.__shown = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now(); }, 0));
  };
  new MutationObserver(mark).observe(document, {subtree: true, attributes: true,
                                                attributeFilter: ['class']});
})();"""

SHOWN = """() => new Promise(resolve => {
  const wait = () => window.__painted !== undefined || !document.getElementById('deck')
    ? resolve(window.__painted ?? null) : setTimeout(wait, 5);
  wait();
})"""

# One keydown through the deck's own handler, timed to the next frame (rAF, then a task: the
# frame that shows the new slide has been produced by then).
NAV_IN_PAGE = """() => new Promise(resolve => {
  const t0 = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
})"""


def write_deck(folder: Path, n: int) -> Path:
    """Write a deck.yaml of ``n`` slides: a title slide, then titles with bullets and notes."""
    lines = ["title: Generated lecture", "date: 2024-01-01", "slides:", "  - layout: title"]
    for i in range(1, n):
        lines += [f"  - title: Slide {i}", "    bullets:"]
        lines += [
            f"      - Point {j + 1} of slide {i}, a line of ordinary lecture text" for j in range(4)
        ]
        lines += ["      - A nested point follows:", "          - with **bold** and `code`"]
        lines += [f"    notes: Speaker notes for slide {i}, with **one bold** phrase."]
    path = folder / f"deck{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_html(deck: Path, out: Path) -> tuple[Path, int, float]:
    """Build the deck's HTML; return its path, slide count and build seconds."""
    from podium.commands.build import build, load_plan

    t0 = time.perf_counter()
    plan = load_plan(deck)
    (output,) = build(plan, out, ["html"])
    return output.path, len(plan.slides), time.perf_counter() - t0


class Browser:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._p = sync_playwright().start()
        self.browser = self._p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def context(self) -> Any:
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 720}, reduced_motion="reduce"
        )

        def route(r: Any) -> None:
            if r.request.url.startswith(LOCAL):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        context.add_init_script(SHOWN_MARK)
        context.on(
            "page",
            lambda p: p.on(
                "console", lambda m: self.errors.append(m.text) if m.type == "error" else None
            ),
        )
        return context

    def close(self) -> None:
        self.browser.close()
        self._p.stop()


def load_once(browser: Browser, url: str) -> tuple[float, float, float | None]:
    """Return (fcp, wall, shown) ms for one load of ``url`` in a fresh context.

    ``shown`` is None for a page without a deck (the baseline).
    """
    context = browser.context()
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(VISIBLE, polling="raf", timeout=120_000)
        wall = (time.perf_counter() - t0) * 1000
        fcp = float(page.evaluate(FCP))
        shown = page.evaluate(SHOWN)
        return fcp, wall, None if shown is None else float(shown)
    finally:
        context.close()


def loads(browser: Browser, url: str, n: int) -> list[list[float]]:
    """Return the fcp, wall and painted times of ``n`` loads (painted empty for the baseline)."""
    load_once(browser, url)  # warm-up: the OS file cache and the browser's code caches
    results = [load_once(browser, url) for _ in range(n)]
    fcp = [r[0] for r in results]
    wall = [r[1] for r in results]
    painted = [max(r[0], r[2]) for r in results if r[2] is not None]
    return [fcp, wall, painted]


def navigation(browser: Browser, url: str, n: int) -> tuple[list[float], list[float]]:
    """Time ArrowRight from slide 500 to 501, ``n`` times each way of measuring."""
    current = "() => document.querySelector('#deck > .slide.current')?.dataset.number"
    at = "() => document.querySelector('#deck > .slide.current')?.dataset.number === '{}'"
    context = browser.context()
    try:
        page = context.new_page()
        page.goto(url + "#500")
        page.wait_for_function(at.format(500))
        page.focus("#deck")
        in_page, wall = [], []
        for _ in range(n + 1):
            ms = float(page.evaluate(NAV_IN_PAGE))
            assert page.evaluate(current) == "501"
            page.keyboard.press("ArrowLeft")
            page.wait_for_function(at.format(500))
            in_page.append(ms)
        for _ in range(n + 1):
            t0 = time.perf_counter()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(at.format(501), polling="raf")
            wall.append((time.perf_counter() - t0) * 1000)
            page.keyboard.press("ArrowLeft")
            page.wait_for_function(at.format(500))
        return in_page[1:], wall[1:]  # the first of each is a warm-up
    finally:
        context.close()


def stats(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ({min(values):.0f}–{max(values):.0f})"


def size(n: int) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7, help="timed loads per deck (>= 5)")
    parser.add_argument("--navs", type=int, default=21, help="timed slide changes")
    parser.add_argument("--sizes", default="1000,5000", help="generated deck sizes")
    args = parser.parse_args()
    if args.loads < 5:
        parser.error("--loads must be at least 5")
    sizes = [int(s) for s in args.sizes.split(",") if s]

    with tempfile.TemporaryDirectory(prefix="podium-paint-") as tmp:
        work = Path(tmp)
        cases: list[tuple[str, Path, int, float]] = []
        base = work / "baseline.html"
        base.write_text(BASELINE, encoding="utf-8")
        cases.append(("baseline: one <section>", base, 1, 0.0))
        seed, count, secs = build_html(ROOT / "deck.yaml", work / "seed")
        cases.append(("seed deck.yaml", seed, count, secs))
        for n in sizes:
            path, count, secs = build_html(write_deck(work, n), work / f"gen{n}")
            cases.append((f"generated {n:,}", path, count, secs))

        browser = Browser()
        try:
            version = browser.browser.version
            rows = []
            for label, path, count, secs in cases:
                fcp, wall, shown = loads(browser, path.as_uri(), args.loads)
                rows.append((label, count, path.stat().st_size, secs, fcp, shown, wall))
            nav_deck = next((c[1] for c in cases if c[2] == 1000), None)
            nav = navigation(browser, nav_deck.as_uri(), args.navs) if nav_deck else None
        finally:
            browser.close()

    print(
        f"Chromium {version}, headless, 1280x720, file://; {args.loads} loads per deck "
        f"(fresh context each, after one warm-up); load average {os.getloadavg()[0]:.2f}, "
        f"{os.cpu_count()} CPUs"
    )
    print("ms: median (min–max)\n")
    head = (
        f"{'page':<24} {'slides':>6} {'HTML size':>10} {'build s':>8} "
        f"{'first-contentful-paint':>24} {'slide 1 painted':>24} "
        f"{'goto→slide 1 visible':>24}"
    )
    print(head)
    print("-" * len(head))
    for label, count, nbytes, secs, fcp, shown, wall in rows:
        built = f"{secs:8.2f}" if secs else f"{'—':>8}"
        shown_s = stats(shown) if shown else "—"
        print(
            f"{label:<24} {count:>6} {size(nbytes):>10} {built} {stats(fcp):>24} "
            f"{shown_s:>24} {stats(wall):>24}"
        )
    print(
        "\nfirst-contentful-paint: the page's paint entry; while a big file is still parsing,"
        "\n  it is the script-less fallback (slides stacked), not the presenting view."
        "\nslide 1 painted: in page, per load the later of first-contentful-paint and the frame"
        "\n  after podium.js marks slide 1 current (the presenting view is on screen)."
        "\ngoto→slide 1 visible: wall clock around page.goto and Playwright's rAF polling."
    )
    if nav:
        in_page, wall = nav
        print(
            f"\nnext slide at 500 of the 1,000 deck ({args.navs} times): "
            f"keydown→next frame in page {stats(in_page).strip()} ms; "
            f"key press→slide 501 seen by Playwright {stats(wall).strip()} ms"
        )
    if browser.blocked or browser.errors:
        print(f"\nWARNING: network requests {browser.blocked}, console errors {browser.errors}")
        sys.exit(1)


if __name__ == "__main__":
    main()
