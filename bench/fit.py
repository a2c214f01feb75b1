"""Fitting speed: the seed deck and the tests' stress decks (long titles, a 30-row table, a
400-word cell, 60 lines of code), fitted under shrink and split. Prints the best of 5 runs.

    python bench/fit.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "tests" / "plan")]

from test_fit import stress_plan  # noqa: E402

from podium.commands.build import load_plan  # noqa: E402
from podium.plan.fit_deck import fit  # noqa: E402
from podium.plan.types import DeckPlan  # noqa: E402


def best_of(plan: DeckPlan, runs: int = 5) -> float:
    fit(plan)  # fonts loaded, words cached: what `podium serve` sees after its first build
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fit(plan)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cases = {
            "seed": load_plan(ROOT / "deck.yaml", fitted=False),
            "stress, shrink": stress_plan(out, "shrink", heavy=False),
            "stress, split": stress_plan(out, "split", heavy=True),
        }
        for name, plan in cases.items():
            fitted, _problems = fit(plan)
            seconds = best_of(plan)
            print(
                f"{name:15} {len(plan.slides):3} slides -> {len(fitted.slides):3}: "
                f"fit {seconds * 1000:7.1f} ms"
            )


if __name__ == "__main__":
    main()
