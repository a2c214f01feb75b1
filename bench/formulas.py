"""Measure what formulas cost: a deck with 100 formulas against the same deck without math.

The decks are 20 slides of 5 bullets; in the math deck every bullet holds one formula (inline
or display, a mix of fractions, sums, integrals, roots, matrices and scripts), in the plain
deck the same bullets have the formula's text instead. Each case runs in a fresh process with
the modules imported before the clock starts (so the first formula's latex2mathml, ziamath
and fontTools imports are not counted, as for any other module); plan (including measuring
and fitting), PPTX and HTML are timed separately, median of --runs.

    python bench/formulas.py              # 5 runs per case
    python bench/formulas.py --runs 9 --formulas 500
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FORMULAS = [
    r"O(n \log n)",
    r"\frac{n(n+1)}{2}",
    r"\sum_{i=1}^{n} x_i^2",
    r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
    r"\hat{\beta} = (X^\top X)^{-1} X^\top y",
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
    r"\lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
    r"E = mc^2",
    r"\sqrt[3]{x^2 + y^2}",
    r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}",
]

CHILD = r"""
import json, sys, time
from pathlib import Path
from podium.commands.build import load_plan, render
import podium.media.math, podium.media.mathfont, podium.media.svg  # imports off the clock
import latex2mathml.converter, fontTools.subset
podium.media.math._ziamath()
deck = Path(sys.argv[1])
t0 = time.perf_counter()
plan = load_plan(deck)
t1 = time.perf_counter()
pptx = render(plan, "pptx")
t2 = time.perf_counter()
html = render(plan, "html")
t3 = time.perf_counter()
print(json.dumps({"plan": t1 - t0, "pptx": t2 - t1, "html": t3 - t2, "total": t3 - t0,
                  "pptx_kb": len(pptx) / 1024, "html_kb": len(html) / 1024}))
"""


def write_deck(path: Path, count: int, math: bool) -> None:
    lines = ["title: Formulas", "slides:"]
    per_slide = 5
    for s in range(0, count, per_slide):
        lines.append(f"  - title: Slide {s // per_slide + 1}")
        lines.append("    bullets:")
        for i in range(s, min(s + per_slide, count)):
            tex = FORMULAS[i % len(FORMULAS)]
            if math:
                body = f"$${tex}$$" if i % 5 == 4 else f"Step {i}: ${tex}$ holds"
            else:
                body = f"Step {i}: {tex} holds"
            lines.append("      - '" + body.replace("'", "''") + "'")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(deck: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(deck)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=deck.parent,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formulas", type=int, default=100)
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        decks = {}
        for name, math in (("without math", False), (f"{args.formulas} formulas", True)):
            decks[name] = folder / f"{'math' if math else 'plain'}.yaml"
            write_deck(decks[name], args.formulas, math)
        results: dict[str, dict[str, float]] = {}
        for name, deck in decks.items():
            run(deck)  # warm-up: page cache, fonts
            runs = [run(deck) for _ in range(args.runs)]
            results[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    header = (
        f"{'deck':<16}{'plan':>9}{'pptx':>9}{'html':>9}{'total':>9}{'pptx KB':>9}{'html KB':>9}"
    )
    print(header)
    for name, r in results.items():
        print(
            f"{name:<16}{r['plan'] * 1000:>7.0f}ms{r['pptx'] * 1000:>7.0f}ms"
            f"{r['html'] * 1000:>7.0f}ms{r['total'] * 1000:>7.0f}ms"
            f"{r['pptx_kb']:>9.0f}{r['html_kb']:>9.0f}"
        )
    plain, math = results.values()
    extra = math["total"] - plain["total"]
    print(
        f"formulas add {extra * 1000:.0f} ms ({extra * 1000 / args.formulas:.1f} ms per formula, "
        f"x{math['total'] / plain['total']:.2f} the plain build)"
    )
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
