"""Measure podium serve's save-to-visible latency in Chromium, against a bare rebuild.

For each deck (the seed deck.yaml, and a generated 1,000-slide deck) the script starts the
preview server on 127.0.0.1, opens the deck in headless Chromium on a slide in the middle,
then saves the deck N times, each time changing the text of that slide. One edit's latency is
the time from just before the file is written to the frame after the new text is in the page
(two requestAnimationFrames after the change: the frame that paints it), both read from the
same wall clock. The baseline is what a full rebuild costs on its own in the same process:
load_plan + the HTML render, without watcher, debounce, server or browser; the server's own
rebuild is incremental (only the edited slide is read, planned, fitted and drawn again) and
the server's event brings the page only the slides that changed.

    python bench/serve_latency.py            # 12 edits per deck
    python bench/serve_latency.py --edits 20 --slides 5000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

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
PAUSE = 0.3  # seconds between saves, so that each one is its own burst

WATCH = """() => {
  window.__seen = {};
  const deck = document.getElementById('deck');
  const look = () => {
    const slide = document.querySelector('#deck > .slide.current');
    const m = slide && slide.textContent.match(/bench-edit-(\\d+)-end/);
    if (!m || m[1] in window.__seen) { return; }
    window.__seen[m[1]] = null;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__seen[m[1]] = performance.timeOrigin + performance.now();
    }));
  };
  new MutationObserver(look).observe(deck, {subtree: true, childList: true,
                                             characterData: true, attributes: true});
}"""


@dataclass
class Deck:
    label: str
    text: str  # deck.yaml with MARK where the edited text goes
    slide: int  # the slide number the browser shows and the edit changes
    slides: int


MARK = "@@EDIT@@"


def seed_deck() -> Deck:
    text = (ROOT / "deck.yaml").read_text(encoding="utf-8")
    needle = "Unlocking the potential - governance challenge"  # slide 5
    assert needle in text
    return Deck("seed deck.yaml", text.replace(needle, needle + MARK), 5, 12)


def long_deck(count: int) -> Deck:
    middle = count // 2
    lines = ["title: A long deck", "footer: Podium serve benchmark", "slides:"]
    for i in range(1, count + 1):
        lines += [
            f"  - title: Slide {i}",
            "    bullets:",
            f"      - Point {i} of the long deck" + (MARK if i == middle else ""),
            "      - Another point with **bold** and `code`",
            "      - A third point:",
            "          - nested detail",
            f"    notes: Notes for slide {i}.",
        ]
    return Deck(f"generated, {count} slides", "\n".join(lines) + "\n", middle, count)


def bare_rebuild_ms(path: Path, runs: int) -> list[float]:
    """Return the times of load_plan + HTML render, the work a rebuild cannot skip."""
    from podium.commands.build import load_plan
    from podium.commands.live import render_html

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_html(load_plan(path, path.name), "")
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(deck: Deck, edits: int, folder: Path) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    from podium.commands.serve import Preview

    path = folder / "deck.yaml"
    path.write_text(deck.text.replace(MARK, ""), encoding="utf-8")
    baseline = bare_rebuild_ms(path, max(3, edits // 2))
    lines: list[str] = []
    preview = Preview(path, name="deck.yaml", port=0, echo=lines.append, echo_err=lines.append)
    preview.build()
    latencies: list[float] = []
    with preview, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{preview.url}#{deck.slide}")
        page.wait_for_function(
            f"() => document.querySelector('#deck > .slide.current')"
            f".dataset.number === '{deck.slide}'"
        )
        page.evaluate(WATCH)
        time.sleep(PAUSE)
        for i in range(edits):
            text = deck.text.replace(MARK, f" bench-edit-{i}-end")
            started = time.time() * 1000
            path.write_text(text, encoding="utf-8")
            page.wait_for_function(f"() => window.__seen['{i}'] != null", timeout=60_000)
            latencies.append(page.evaluate(f"() => window.__seen['{i}']") - started)
            if page.evaluate("() => performance.getEntriesByType('navigation').length") != 1:
                raise SystemExit("the page reloaded instead of updating in place")
            time.sleep(PAUSE)
        hash_ = page.evaluate("() => location.hash")
        browser.close()
    assert hash_ == f"#{deck.slide}", hash_
    rebuilds = [
        float(line.split(" in ")[1].split()[0]) for line in lines if line.startswith("rebuilt ")
    ]
    return {"deck": deck, "latency": latencies, "baseline": baseline, "rebuild": rebuilds}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=12, help="saves per deck (at least 10)")
    parser.add_argument("--slides", type=int, default=1000, help="size of the generated deck")
    args = parser.parse_args()
    if shutil.which(CHROMIUM) is None:
        print(f"needs Debian's chromium at {CHROMIUM}", file=sys.stderr)
        return 1
    from podium.commands.live import QUIET

    results = []
    for deck in (seed_deck(), long_deck(args.slides)):
        with tempfile.TemporaryDirectory(prefix="podium-bench-") as tmp:
            results.append(measure(deck, max(10, args.edits), Path(tmp)))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nsave-to-visible latency, {max(10, args.edits)} edits per deck "
        f"(debounce {QUIET * 1000:.0f} ms; {os.cpu_count()} CPUs, load average {load}; "
        f"Python {sys.version.split()[0]})\n"
    )
    head = (
        "deck",
        "slides",
        "full rebuild",
        "server rebuild",
        "visible median",
        "p90",
        "min",
        "max",
        "overhead",
    )
    rows = []
    for r in results:
        deck, lat = r["deck"], r["latency"]
        base, rebuild = r["baseline"], r["rebuild"]
        assert isinstance(deck, Deck) and isinstance(lat, list)
        assert isinstance(base, list) and isinstance(rebuild, list)
        median = statistics.median(lat)
        rows.append(
            (
                deck.label,
                str(deck.slides),
                f"{statistics.median(base):.0f} ms",
                f"{statistics.median(rebuild):.0f} ms",
                f"{median:.0f} ms",
                f"{pct(lat, 0.9):.0f} ms",
                f"{min(lat):.0f} ms",
                f"{max(lat):.0f} ms",
                f"{median - statistics.median(rebuild):.0f} ms",
            )
        )
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    for row in (head, *rows):
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(
        "\nfull rebuild: load_plan + HTML render in this process (median); server rebuild: "
        "the\nserver's incremental rebuild as it timed it; overhead: visible median - server "
        "rebuild\n(watch, debounce, the event with the changed slides, swap, paint)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
