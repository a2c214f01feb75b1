"""Measure what the printed outputs cost: `podium build -f pdf`, `-f handout` and `-f notes`
on the seed deck, against `-f html` alone, and where the time of a PDF goes.

Cold: a new process per run (`python -m podium build deck.yaml -f FORMAT`), the median of
--runs after one warm-up run; the browser is Debian's Chromium (PODIUM_BROWSER).
Inside one process, after a warm-up: planning, drawing the HTML, starting the browser,
printing each document, and pypdf's finishing (outline, labels, metadata, identifier).

    python bench/pdf.py            # 5 runs per command
    python bench/pdf.py --runs 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def cold(fmt: str, runs: int, env: dict[str, str]) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as out:
        for i in range(runs + 1):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "podium", "build", str(ROOT / "deck.yaml"), "-f", fmt,
                 "-o", out],
                check=True, capture_output=True, env=env, timeout=300,
            )  # fmt: skip
            if i:  # the first run warms the disk cache
                times.append(time.perf_counter() - started)
    return times


def stages(env: dict[str, str]) -> list[tuple[str, float]]:
    from podium.commands.build import load_plan
    from podium.plan.handout import layout
    from podium.render import handout, html, pdf
    from podium.render.html_css import canvas_px

    out: list[tuple[str, float]] = []

    def clock(label: str, started: float) -> None:
        out.append((label, time.perf_counter() - started))

    load_plan(ROOT / "deck.yaml")  # warm-up: imports, fonts
    t = time.perf_counter()
    plan = load_plan(ROOT / "deck.yaml")
    clock("plan the deck", t)
    t = time.perf_counter()
    doc = html.render(plan)
    clock("draw the HTML deck", t)
    t = time.perf_counter()
    with pdf.Printer(env) as printer:
        clock("start Playwright and Chromium", t)
        t = time.perf_counter()
        data, _ = printer.print(doc, canvas_px(plan.theme))
        clock("print the deck (12 pages)", t)
        t = time.perf_counter()
        shown = [s for s in plan.slides if not s.hidden]
        pdf.finish(data, pdf.info_for(plan, {s.index: i for i, s in enumerate(shown)},
                                      [s.number for s in shown]))  # fmt: skip
        clock("finish with pypdf", t)
        for kind, per_page in (("handout", 3), ("handout", 6), ("notes", 1)):
            t = time.perf_counter()
            pages = layout(plan, canvas_px(plan.theme), kind=kind, per_page=per_page)
            handout.render(plan, pages)
            clock(f"draw the {kind} ({per_page}/page) HTML", t)
            t = time.perf_counter()
            pdf.render_pages(plan, pages, printer)
            clock(f"print + finish the {kind} ({per_page}/page, {len(pages.pages)} pages)", t)
        t = time.perf_counter()
    clock("stop the browser", t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "PODIUM_BROWSER": os.environ.get("PODIUM_BROWSER", CHROMIUM)}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    print(f"\ncold `podium build deck.yaml -f FORMAT`, median of {args.runs} (min-max), seconds")
    base = None
    for fmt in ("html", "pdf", "handout", "notes", "pdf,handout,notes"):
        times = cold(fmt, args.runs, env)
        med = statistics.median(times)
        base = base or med
        print(f"  {fmt:<18} {med:6.2f}  ({min(times):.2f}-{max(times):.2f})  x{med / base:.1f}")
    print("\ninside one process (after a warm-up), seconds")
    for label, seconds in stages(env):
        print(f"  {label:<44} {seconds:6.3f}")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
