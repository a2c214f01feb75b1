"""Line breaking and measuring with cold caches: 20,000 Latin and 5,000 Japanese paragraphs cut
into words, measured and wrapped by a new Measurer. Prints the best of 5 runs.

    python bench/measure.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from podium.plan.fonts import FontSet  # noqa: E402
from podium.plan.markup import Run  # noqa: E402
from podium.plan.measure import Block, Measurer  # noqa: E402

LATIN = [
    (Run(f"Point {j + 1} of slide {i}, a line of ordinary lecture text"),)
    for i in range(4000)
    for j in range(5)
]
JAPANESE = [
    (Run(f"人間の安全保障は{i}年に国連開発計画の報告書で、広く知られるようになった。第{j}点"),)
    for i in range(1000)
    for j in range(5)
]


def best_of(paragraphs: list[tuple[Run, ...]], runs: int = 5) -> float:
    """Return the best time to wrap ``paragraphs`` 400 pt wide with a new Measurer (its word
    caches empty; the fonts' width cache warm after the first run)."""
    times = []
    for _ in range(runs):
        tool = Measurer(FontSet())
        start = time.perf_counter()
        for runs_ in paragraphs:
            tool.wrap(Block(runs_, 20), 400)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name, paragraphs in (("Latin", LATIN), ("Japanese", JAPANESE)):
        seconds = best_of(paragraphs)
        per = seconds / len(paragraphs) * 1e6
        print(f"{name:9} {len(paragraphs):6,} paragraphs  {seconds:6.3f} s  {per:5.1f} µs each")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
