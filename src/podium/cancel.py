"""Stopping a build part-way: the preview cancels a rebuild a newer save has superseded, and
time-boxes every rebuild, so a pathological deck cannot hold the preview.

A build calls `checkpoint()` between slides and paragraphs; outside `cancellable()` it costs
one attribute lookup and never raises.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Cancelled(Exception):
    """The build was stopped: superseded by a newer one, or past its time limit."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "superseded" or "timeout"


_state = threading.local()


@contextmanager
def cancellable(stop: threading.Event, seconds: float | None = None) -> Iterator[None]:
    """Let checkpoints in this thread raise Cancelled once ``stop`` is set or ``seconds`` pass."""
    previous = getattr(_state, "watch", None)
    deadline = None if seconds is None else time.monotonic() + seconds
    _state.watch = (stop, deadline)
    try:
        yield
    finally:
        _state.watch = previous


def checkpoint() -> None:
    """Raise Cancelled when the build running in this thread should stop."""
    watch = getattr(_state, "watch", None)
    if watch is None:
        return
    stop, deadline = watch
    if stop.is_set():
        raise Cancelled("superseded")
    if deadline is not None and time.monotonic() > deadline:
        raise Cancelled("timeout")
