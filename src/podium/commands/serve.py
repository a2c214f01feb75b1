"""The live preview server: `podium serve` serves the HTML deck and pushes every rebuild."""

from __future__ import annotations

import errno
import secrets
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from podium.commands.live import WATCH_STEP, LiveDeck, Outcome
from podium.commands.preview_http import PreviewServer, bind, is_loopback, live_script
from podium.errors import display_name

Echo = Callable[[str], None]


def _print(text: str) -> None:
    print(text, flush=True)


def _print_err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class _StopOrRestart:
    """A stop event for watchfiles that also fires when the watched folders change."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class Preview:
    """A running preview: the live deck, its HTTP server, its watcher and rebuilder threads.

    ``start`` binds and starts everything in background threads; ``close`` stops it all.
    """

    def __init__(
        self,
        deck: Path,
        *,
        name: str | None = None,
        host: str = "127.0.0.1",
        port: int = 8000,
        pptx_dir: Path | None = None,
        echo: Echo = _print,
        echo_err: Echo = _print_err,
        variant: str | None = None,
    ) -> None:
        self.instance = secrets.token_hex(8)
        self.pptx_dir = pptx_dir
        self.live = LiveDeck(
            deck,
            name=name,
            live_script=self.script,
            ignore=[pptx_dir] if pptx_dir else (),
            variant=variant,
        )
        self.host, self.port = host, port
        self.echo, self.echo_err = echo, echo_err
        self.stopping = threading.Event()
        self._restart = threading.Event()
        self._threads: list[threading.Thread] = []
        self._watching: frozenset[Path] = frozenset()
        self._server: PreviewServer | None = None
        self.bound_port = 0

    def script(self, generation: int) -> str:
        return live_script(generation, self.instance)

    @property
    def url(self) -> str:
        host = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"http://{host}:{self.bound_port}/"

    @property
    def address(self) -> tuple[str, int]:
        """The address the server is bound to."""
        assert self._server is not None
        return self._server.server_address[:2]  # type: ignore[return-value]

    # -- life cycle ---------------------------------------------------------------------
    def build(self) -> Outcome:
        """Build the deck once, before serving, and report it."""
        outcome = self.live.rebuild()
        self.report(outcome, first=True)
        return outcome

    def start(self) -> None:
        """Bind the port (or the next free one) and start serving, watching and rebuilding.

        Raises OSError when no port can be bound.
        """
        self._server, self.bound_port = bind(self.host, self.port, self)
        for target, name in (
            (self._server.serve_forever, "podium-http"),
            (self._watch, "podium-watch"),
            (self._rebuild, "podium-rebuild"),
        ):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        """Stop every thread and close the port."""
        self.stopping.set()
        self.live.wake()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Preview:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- threads ------------------------------------------------------------------------
    def _watch(self) -> None:
        from watchfiles import watch

        while not self.stopping.is_set():
            dirs = self.live.watch_dirs()
            self._watching = dirs
            self._restart.clear()
            try:
                # step: the watcher's own grouping of events, before LiveDeck's debounce.
                for changes in watch(
                    *sorted(dirs),
                    recursive=False,
                    step=WATCH_STEP,
                    debounce=400,
                    raise_interrupt=False,
                    stop_event=_StopOrRestart(self.stopping, self._restart),
                ):
                    self.live.changed(path for _, path in changes)
            except Exception as exc:  # a folder vanished mid-watch, say: look again shortly
                self.echo_err(f"watching stopped for a moment: {exc}")
                self.stopping.wait(0.5)

    def _rebuild(self) -> None:
        while not self.stopping.is_set():
            if self.live.wait_due(self.stopping, timeout=1.0):
                try:
                    outcome = self.live.settle()
                    if outcome is not None:
                        self.report(outcome)
                        if outcome.plan is not None and self.pptx_dir is not None:
                            self.write_pptx(outcome)
                except Exception:  # the server must outlive anything a rebuild does
                    self.echo_err(traceback.format_exc())
            # Checked every second too, not only after a rebuild: a folder made while the
            # watcher was restarting (its event unseen) is still watched from then on.
            if self.live.watch_dirs() != self._watching:
                self._restart.set()

    # -- output -------------------------------------------------------------------------
    def report(self, outcome: Outcome, first: bool = False) -> None:
        """Print one line for a good build, the located problems for a bad one."""
        name = self.live.name
        if outcome.plan is not None:
            if first:
                self.echo(f"built {name}: {len(outcome.plan.slides)} slides in {outcome.ms:.0f} ms")
            else:
                self.echo(f"rebuilt {name} in {outcome.ms:.0f} ms")
            return
        self.echo_err(outcome.problems)
        if outcome.bug:
            return
        if self.live.snapshot.html_generation == 0:
            self.echo_err(f"{name} has errors; the page will show the deck once they are fixed")
        else:
            self.echo_err(f"{name} has errors; the browser keeps the last good deck")

    def write_pptx(self, outcome: Outcome) -> None:
        """Write the .pptx of a good rebuild atomically; a failure is reported, not raised."""
        from podium.commands.build import render, write_atomic
        from podium.errors import PodiumError

        assert outcome.plan is not None and self.pptx_dir is not None
        target = self.pptx_dir / f"{outcome.plan.name}.pptx"
        started = time.perf_counter()
        try:
            write_atomic(target, render(outcome.plan, "pptx"))
        except PodiumError as exc:
            self.echo_err(exc.render())
            return
        except OSError as exc:
            self.echo_err(f"cannot write {target}: {exc.strerror or exc}")
            return
        self.echo(f"wrote {target} in {(time.perf_counter() - started) * 1000:.0f} ms")


def serve(
    deck: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    pptx: bool = False,
    out_dir: Path | None = None,
    variant: str | None = None,
) -> int:
    """Serve the live preview of ``deck`` (its ``variant``, None: the default) until Ctrl-C;
    return the exit status.

    1 when the deck file does not exist or no port can be bound; a deck with errors is
    served anyway (its problems show in the page until a good save).
    """
    name = display_name(deck)
    if not deck.is_file():
        where = deck.resolve().parent
        _print_err(
            f"{name}: deck file not found (looked in {where})"
            if not deck.exists()
            else f"{name} is not a file; give the deck's .yaml file"
        )
        return 1
    pptx_dir = (out_dir or deck.resolve().parent / "build") if pptx else None
    preview = Preview(deck, name=name, host=host, port=port, pptx_dir=pptx_dir, variant=variant)
    previous = _stop_on_sigterm()
    try:
        return _run(preview, open_browser)
    except KeyboardInterrupt:
        _print("stopped")
        return 0
    finally:
        preview.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run(preview: Preview, open_browser: bool) -> int:
    """Build, bind and serve until interrupted (KeyboardInterrupt); return 1 if no port."""
    host, port = preview.host, preview.port
    if not is_loopback(host):
        _print_err(
            f"warning: serving on {host}: anyone who can reach this computer can read "
            "the deck and the files in its folder; the default, 127.0.0.1, keeps it "
            "to this computer"
        )
    outcome = preview.build()
    if outcome.plan is not None and preview.pptx_dir is not None:
        preview.write_pptx(outcome)
    try:
        preview.start()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _print_err(f"cannot serve: {exc.strerror}; choose another with --port")
        else:
            _print_err(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
        return 1
    if port and preview.bound_port != port:
        _print(f"port {port} is in use; using {preview.bound_port} instead")
    _print(f"serving {preview.live.name} at {preview.url} (Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(preview.url)
    while True:
        # Sleep, not wait on an Event: Ctrl-C inside a lock's wait can leave the lock held,
        # and close() takes the same Event's lock.
        time.sleep(3600)


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop the server as Ctrl-C does; return the handler it replaced."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)
