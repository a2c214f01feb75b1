"""Worst-case growth and the preview server under load, printed as two tables.

Growth: for each hostile shape (one long word in a bullet, one long code line, many lines of
speaker notes, many bullets on one slide) a deck is built at size n and at 4n, each in a fresh
process with Podium imported before the clock starts; the table shows check (load + plan + fit)
and build (check + both renders) at both sizes and their ratio. Linear work gives a ratio near
4; quadratic work near 16.

Server: `podium serve` is started on 127.0.0.1, then a bounded load runs against it: REQUESTS
GETs of the deck page from CONCURRENCY client threads (each keeps its connection open when the
server allows), then IDLE connections that never send a byte. It prints the latency
percentiles, the errors (refused, reset, timed out, or a status other than 200 and 503), how
many answers were 503, and the server process's peak thread count (from /proc).

    python bench/hostile.py                      # this checkout
    python bench/hostile.py --src /other/src     # another tree's code (e.g. main's, for before)
    python bench/hostile.py --only growth        # or: --only server
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (name, n, what n counts, deck text for size n)
SHAPES = (
    ("word length", 2000, "characters in one word",
     lambda n: "title: t\nslides:\n  - title: x\n    bullets:\n      - " + "a" * n + "\n"),
    ("code line length", 10000, "characters in one line",
     lambda n: "title: t\nslides:\n  - layout: code\n    language: python\n    code: |\n      "
     + "(" * n + "\n"),
    ("notes lines", 1000, "lines of notes",
     lambda n: "title: t\nslides:\n  - title: x\n    notes: |\n"
     + "".join(f"      line {i} of the notes\n" for i in range(n))),
    ("bullets per slide", 500, "bullets on one slide",
     lambda n: "title: t\nslides:\n  - title: x\n    bullets:\n"
     + "".join(f"      - bullet {i}\n" for i in range(n))),
)  # fmt: skip

CHILD = """
import sys, time
from pathlib import Path
from podium.commands.build import load_plan, render
import podium.render.pptx, podium.render.html, podium.plan.fit  # imported before the clock
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    plan = load_plan(path)
except Exception as exc:
    print("refused", type(exc).__name__, str(exc).splitlines()[0][:120])
    raise SystemExit
checked = time.perf_counter()
print("check", checked - started, flush=True)
for fmt in ("pptx", "html"):
    render(plan, fmt)
print("build", time.perf_counter() - started, flush=True)
"""


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    return env


def _time_deck(src: Path, text: str, limit: float) -> tuple[str, str]:
    """Return how long check and build took on ``text``, as table cells."""
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "deck.yaml"
        deck.write_text(text, encoding="utf-8")
        over = f">{limit:.0f} s"
        try:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(deck)],
                env=_env(src),
                capture_output=True,
                text=True,
                timeout=limit,
                check=False,
            )
            said = out.stdout
        except subprocess.TimeoutExpired as exc:
            raw = exc.stdout or b""
            said = raw.decode() if isinstance(raw, bytes) else raw
        found = re.findall(r"^(check|build) (\S+)$", said, re.M)
        times = {k: f"{float(v):.2f} s" for k, v in found}
        if said.startswith("refused"):
            return said.split(" ", 2)[1], "-"
        return times.get("check", over), times.get("build", over)


def _ratio(a: str, b: str) -> str:
    try:
        return f"{float(b.split()[0]) / float(a.split()[0]):.1f}"
    except (ValueError, ZeroDivisionError):
        return "-"


def _best(src: Path, text: str, limit: float, runs: int) -> tuple[str, str]:
    """The fastest of ``runs`` runs (the first slow one stops the repeats)."""
    best = _time_deck(src, text, limit)
    for _ in range(runs - 1):
        if not best[1].endswith(" s") or best[1].startswith(">"):
            break
        again = _time_deck(src, text, limit)
        best = tuple(  # type: ignore[assignment]
            min(a, b, key=lambda c: float(c.split()[0]) if c[0].isdigit() else 1e9)
            for a, b in zip(best, again, strict=True)
        )
    return best


def growth(src: Path, limit: float, runs: int = 1) -> None:
    print(f"\n## Worst-case growth ({src})\n")
    print("| input | n | check at n | check at 4n | ratio | build at n | build at 4n | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for name, n, unit, make in SHAPES:
        small = _best(src, make(n), limit, runs)
        large = _best(src, make(4 * n), limit, runs)
        cells = [name, f"{n:,} / {4 * n:,} {unit}"]
        for k in (0, 1):
            cells += [small[k], large[k], _ratio(small[k], large[k])]
        print("| " + " | ".join(cells) + " |", flush=True)


# -- the server -----------------------------------------------------------------------------------


def _threads_of(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^Threads:\s+(\d+)", text, re.M)
    return int(found.group(1)) if found else 0


class _Peak:
    """Sample a process's thread count every 10 ms in the background."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _threads_of(self.pid))
            time.sleep(0.01)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def server(src: Path, requests: int, concurrency: int, idle: int) -> None:
    print(f"\n## podium serve under load ({src})\n")
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "deck.yaml"
        deck.write_text((ROOT / "deck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        for extra in ("images",):
            if (ROOT / extra).is_dir():
                os.symlink(ROOT / extra, Path(tmp) / extra)
        proc = subprocess.Popen(
            [sys.executable, "-m", "podium", "serve", str(deck), "--port", "0"],
            env=_env(src),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            port = 0
            assert proc.stdout is not None
            for line in proc.stdout:
                found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if found:
                    port = int(found.group(1))
                    break
            threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()  # type: ignore[union-attr]
            _load(proc.pid, port, requests, concurrency, idle)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _load(pid: int, port: int, requests: int, concurrency: int, idle: int) -> None:
    base = _threads_of(pid)
    local = threading.local()
    times: list[float] = []
    errors: list[str] = []
    busy = 0
    lock = threading.Lock()

    def one(_: int) -> None:
        nonlocal busy
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        started = time.perf_counter()
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close" or response.version == 10:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            with lock:
                errors.append(type(exc).__name__)
            return
        elapsed = time.perf_counter() - started
        with lock:
            times.append(elapsed)
            if status == 503:
                busy += 1
            elif status != 200:
                errors.append(str(status))

    peak = _Peak(pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    threads = peak.stop()
    times.sort()

    def pct(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else float("nan")

    print("| load | p50 | p99 | max | errors | 503 | peak threads | wall |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {requests:,} GET / at concurrency {concurrency} | {pct(0.5):.1f} ms | "
        f"{pct(0.99):.1f} ms | {pct(1.0):.0f} ms | {len(errors)} | {busy} | "
        f"{threads} (idle: {base}) | {wall:.1f} s |"
    )
    # Idle connections: each held open without a byte sent.
    peak = _Peak(pid)
    socks = []
    refused = 0
    for _ in range(idle):
        try:
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            refused += 1
    time.sleep(1.0)
    held = _threads_of(pid)
    answered = _probe(port)
    for s in socks:
        s.close()
    threads = peak.stop()
    print(
        f"| {idle:,} idle connections | | | | {refused} refused | | {threads} "
        f"(held after 1 s: {held}) | a GET meanwhile: {answered} |"
    )


def _probe(port: int) -> str:
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        status = conn.getresponse().status
        conn.close()
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    return f"{status} in {(time.perf_counter() - started) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the podium source tree")
    parser.add_argument("--only", choices=("growth", "server"))
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per growth case")
    parser.add_argument("--runs", type=int, default=3, help="runs per growth case (the best)")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--idle", type=int, default=300)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    if args.only in (None, "growth"):
        growth(args.src.resolve(), args.limit, args.runs)
    if args.only in (None, "server"):
        server(args.src.resolve(), args.requests, args.concurrency, args.idle)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
