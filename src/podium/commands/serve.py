"""The live preview server: `podium serve` serves the HTML deck and pushes every rebuild."""

from __future__ import annotations

import errno
import functools
import ipaddress
import json
import mimetypes
import secrets
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote

from podium.commands.live import LiveDeck, Outcome
from podium.errors import display_name

EVENTS_PATH = "/_podium/events"
#: How many ports after the requested one to try when it is taken.
PORT_TRIES = 20
#: Seconds between keep-alive comments on an idle event stream; a closed tab shows up as a
#: failed write, so its thread ends within this time.
KEEPALIVE = 15.0
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

Echo = Callable[[str], None]


def _print(text: str) -> None:
    print(text, flush=True)


def _print_err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def is_loopback(host: str) -> bool:
    """Say whether ``host`` names this computer only (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]").lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def request_path(target: str) -> str:
    """Return the path of a request target, without its query and fragment."""
    return target.split("?", 1)[0].split("#", 1)[0]


def resolve_asset(root: Path, url_path: str) -> Path | None:
    """Return the file inside ``root`` that a request path names, or None.

    None for anything that is not a regular file inside ``root`` once symlinks are followed:
    ``..`` (also percent-encoded), absolute and backslash paths, hidden names (``.git``),
    folders (no listings) and links that lead outside.
    """
    try:
        path = unquote(request_path(url_path), errors="strict")
    except UnicodeDecodeError:  # %ff and friends: not a name any file has here
        return None
    if "\\" in path or "\0" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if not parts or any(p.startswith(".") or ":" in p for p in parts):
        return None
    base = root.resolve()
    try:
        target = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


# -- the script each served page runs ---------------------------------------------------------


def live_script(generation: int, instance: str) -> str:
    """Return the script a served page runs: it follows the server's events, swaps in each
    good rebuild in place and shows the problems of a bad one."""
    return (
        _live_template()
        .replace("__INSTANCE__", json.dumps(instance))
        .replace("__GENERATION__", str(generation))
        .replace("__EVENTS__", EVENTS_PATH)
    )


@functools.cache
def _live_template() -> str:
    return (_live_dir() / "live.js").read_text(encoding="utf-8")


def waiting_page(name: str, script: str) -> bytes:
    """Return the page shown before the deck has ever built: its problems and a wait."""
    from html import escape

    page = (_live_dir() / "waiting.html").read_text(encoding="utf-8")
    return (
        page.replace("__NAME__", escape(name))
        .replace("__SCRIPT__", script.replace("</", "<\\/"))
        .encode()
    )


def _live_dir() -> Path:
    """Return the folder of the preview's own page parts (templates/live/)."""
    from podium.render.html import templates_dir

    return templates_dir() / "live"


# -- the HTTP side --------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "podium-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows rebuilds, not requests

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        preview = self.server.preview
        if not self._host_allowed():
            self._send(
                HTTPStatus.FORBIDDEN,
                b"podium serve answers only to this computer\n",
                "text/plain; charset=utf-8",
                head,
            )
            return
        path = request_path(self.path)
        if path in ("/", "/index.html"):
            snap = preview.live.snapshot
            body = snap.html or waiting_page(
                preview.live.name, preview.script(snap.html_generation)
            )
            self._send(
                HTTPStatus.OK,
                body,
                "text/html; charset=utf-8",
                head,
                {"X-Podium-Generation": str(snap.html_generation)},
            )
        elif path == EVENTS_PATH and not head:
            self._events()
        else:
            target = resolve_asset(preview.live.folder, self.path)
            if target is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
                return
            try:
                data = target.read_bytes()
            except OSError:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self._send(HTTPStatus.OK, data, kind, head)

    def _host_allowed(self) -> bool:
        # A web page elsewhere can point a name it owns at 127.0.0.1 (DNS rebinding) and
        # read the deck; a loopback server therefore answers only to loopback names.
        if not self.server.loopback:
            return True
        host = self.headers.get("Host")
        if host is None:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return is_loopback(name) or name.strip("[]") == self.server.host.strip("[]")

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        kind: str,
        head: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            generation = -1
            while not preview.stopping.is_set():
                snap = preview.live.wait_snapshot(generation, preview.stopping, KEEPALIVE)
                if preview.stopping.is_set():
                    break
                if snap.generation == generation:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    generation = snap.generation
                    state = {
                        "instance": preview.instance,
                        "generation": snap.generation,
                        "html_generation": snap.html_generation,
                        "problems": snap.problems,
                    }
                    self.wfile.write(f"data: {json.dumps(state)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the tab went away


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a tab closed mid-answer
        super().handle_error(request, client_address)

    def __init__(self, address: tuple[str, int], preview: Preview, family: int) -> None:
        self.address_family = family
        self.preview = preview
        self.host = address[0]
        self.loopback = is_loopback(address[0])
        super().__init__(address, _Handler)


def _bind(host: str, port: int, preview: Preview) -> tuple[_Server, int]:
    """Return a server bound to ``port`` or the next free one after it, and that port.

    Raises OSError when none of them is free, or for any other binding failure.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    tries = [0] if port == 0 else range(port, min(port + PORT_TRIES, 65536))
    last: OSError | None = None
    for candidate in tries:
        try:
            server = _Server((host.strip("[]"), candidate), preview, family)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            last = exc
            continue
        return server, server.server_address[1]
    raise OSError(
        errno.EADDRINUSE, f"ports {port}-{port + PORT_TRIES - 1} are all in use"
    ) from last


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
        self._server: _Server | None = None
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
        self._server, self.bound_port = _bind(self.host, self.port, self)
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
                    step=10,
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
            if not self.live.wait_due(self.stopping, timeout=1.0):
                continue
            try:
                outcome = self.live.settle()
                if outcome is not None:
                    self.report(outcome)
                    if outcome.plan is not None and self.pptx_dir is not None:
                        self.write_pptx(outcome)
            except Exception:  # the server must outlive anything a rebuild does
                self.echo_err(traceback.format_exc())
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
        if self.live.snapshot.html is None:
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
