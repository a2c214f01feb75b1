"""podium serve under load and abuse, on 127.0.0.1: backlog, keep-alive, idle timeouts, the
connection cap, bounded requests, and rebuilds that are superseded or run too long."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from podium.cancel import checkpoint
from podium.commands import preview_http as serve_module
from podium.commands.live import LiveDeck
from podium.commands.serve import Preview
from podium.plan.types import DeckPlan

DECK = "title: Load\nslides:\n  - title: One\n    bullets: [a, b]\n  - title: Two\n"


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture
def server(deck: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setattr(serve_module, "MAX_CONNECTIONS", 8)
    monkeypatch.setattr(serve_module._Handler, "timeout", 1.0)
    preview = Preview(deck, name="deck.yaml", port=0, echo=lambda s: None, echo_err=lambda s: None)
    preview.build()
    with preview:
        yield preview


def _threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("Thread-"))


def _get(server: Preview, path: str = "/") -> int:
    conn = http.client.HTTPConnection(*server.address, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_listen_backlog_is_not_the_standard_librarys_five() -> None:
    assert serve_module.PreviewServer.request_queue_size == serve_module.BACKLOG == 128


def test_keep_alive_serves_several_requests_on_one_connection(server: Preview) -> None:
    conn = http.client.HTTPConnection(*server.address, timeout=5)
    try:
        statuses, socks = [], set()
        for path in ("/", "/deck.yaml", "/missing.png", "/"):
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            statuses.append((response.version, response.status))
            socks.add(id(conn.sock))
            assert response.getheader("Connection") != "close"
        assert statuses == [(11, 200), (11, 200), (11, 404), (11, 200)]
        assert len(socks) == 1  # no reconnect: one connection, one thread
    finally:
        conn.close()


def test_idle_connection_is_closed_after_the_timeout(server: Preview) -> None:
    with socket.create_connection(server.address, timeout=10) as sock:
        started = time.monotonic()
        assert sock.recv(1) == b""  # the server hung up on a client that never spoke
        assert time.monotonic() - started < 8


def test_connections_past_the_cap_get_503_and_threads_stay_bounded(server: Preview) -> None:
    before = _threads()
    idle = [socket.create_connection(server.address, timeout=10) for _ in range(8)]
    try:
        time.sleep(0.3)  # let the server accept them all
        with socket.create_connection(server.address, timeout=10) as extra:
            extra.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = extra.recv(4096)
        assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
        assert b"Retry-After: 1" in answer
        assert _threads() - before <= 8
        assert server._server is not None and server._server.refused >= 1
    finally:
        for sock in idle:
            sock.close()
    deadline = time.monotonic() + 10
    while _get(server) != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _get(server) == 200


def test_bounded_load_never_errors_and_never_holds_more_threads_than_the_cap(
    server: Preview,
) -> None:
    peak = 0
    before = _threads()

    def one(_: int) -> int:
        nonlocal peak
        status = _get(server, "/")
        peak = max(peak, _threads() - before)
        return status

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(one, range(300)))
    assert set(statuses) <= {200, 503}  # twice the cap: some wait their turn, none fail
    assert 200 in statuses
    assert peak <= 8


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"414"),
        (
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + b"".join(b"X-Pad-%d: %s\r\n" % (i, b"v" * 1000) for i in range(40))
            + b"\r\n",
            b"431",
        ),
        (
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + b"".join(b"X-%d: 1\r\n" % i for i in range(150))
            + b"\r\n",
            b"431",
        ),
    ],
    ids=["long-url", "large-headers", "many-headers"],
)
def test_oversized_requests_are_refused(
    server: Preview, request_bytes: bytes, status: bytes
) -> None:
    with socket.create_connection(server.address, timeout=10) as sock:
        sock.sendall(request_bytes)
        answer = sock.recv(4096)
    assert answer.split(b" ", 2)[1] == status, answer[:200]
    assert _get(server) == 200


def _slow_renderer(started: threading.Event, seconds: float) -> object:
    def render(plan: DeckPlan, script: str) -> str:
        started.set()
        end = time.monotonic() + seconds
        while time.monotonic() < end:  # a pathological deck: long work with checkpoints
            checkpoint()
            time.sleep(0.01)
        return "<html>slow</html>"

    return render


def test_a_rebuild_superseded_by_a_newer_save_is_stopped(deck: Path) -> None:
    started = threading.Event()
    live = LiveDeck(deck, render=_slow_renderer(started, 60.0))  # type: ignore[arg-type]
    results = []
    worker = threading.Thread(target=lambda: results.append(live.rebuild()))
    t0 = time.monotonic()
    worker.start()
    assert started.wait(10)
    assert live.changed([deck])
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - t0 < 30
    (outcome,) = results
    assert outcome.superseded and outcome.plan is None
    assert live.snapshot.generation == 0  # nothing shown changed
    assert live.pending  # and the newer save is due


def test_a_rebuild_past_its_time_limit_is_stopped_and_reported(deck: Path) -> None:
    started = threading.Event()
    live = LiveDeck(deck, render=_slow_renderer(started, 60.0), limit=1.0)  # type: ignore[arg-type]
    outcome = live.rebuild()
    assert outcome.plan is None and not outcome.superseded
    assert outcome.problems == (
        f"{live.name}: error: the rebuild took over 1 s and was stopped; the preview keeps the "
        "last good deck (is a slide enormous?)"
    )
    assert live.snapshot.problems == outcome.problems
