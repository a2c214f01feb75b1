"""The preview's HTTP side: the deck page, the deck's own files and the event stream, answered
on loopback only; and the preview's own page parts (templates/live/)."""

from __future__ import annotations

import errno
import functools
import ipaddress
import json
import mimetypes
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote

from podium.files import read_regular

if TYPE_CHECKING:
    from podium.commands.serve import Preview

EVENTS_PATH = "/_podium/events"
#: The slides that changed since a generation: ``?since=N`` (see LiveDeck.changes).
CHANGES_PATH = "/_podium/changes"
#: How many ports after the requested one to try when it is taken.
PORT_TRIES = 20
#: Seconds between keep-alive comments on an idle event stream; a closed tab shows up as a
#: failed write, so its thread ends within this time.
KEEPALIVE = 15.0
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
#: Connections waiting to be accepted (the socket's listen backlog; the standard library's 5
#: made a burst of tabs and reloads wait for the kernel to retry, a second or more).
BACKLOG = 128
#: Connections served at once, each in its own thread (open event streams included: one per
#: tab). One more is answered 503 at once and closed, so idle or hostile clients cannot pile
#: up threads.
MAX_CONNECTIONS = 64
#: Seconds a connection may sit idle between requests, or stall while sending one, before it
#: is closed (also the longest a write to a tab that stopped reading may block).
IDLE_TIMEOUT = 10.0
#: The longest request line (method, URL, version) and all header lines together, in bytes.
MAX_REQUEST_LINE = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024
#: An event tells what changed since the deck the last event told of (the slides that
#: changed, as CHANGES_PATH answers) when that takes at most this many characters: the page
#: then shows the rebuild without asking. Larger changes (a new theme) are fetched.
MAX_PUSHED = 2 * 2**20
#: Files of the deck's folder larger than this are not served (a picture is far smaller).
MAX_FILE_BYTES = 100 * 2**20


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
        .replace("__CHANGES__", CHANGES_PATH)
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
    from podium.render.html_templates import templates_dir

    return templates_dir() / "live"


# -- the HTTP side --------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "podium-serve"
    sys_version = ""
    # HTTP/1.1: a page and its pictures share one connection (keep-alive), rather than a new
    # connection, and with it a new thread, per file.
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT

    def parse_request(self) -> bool:
        if len(getattr(self, "raw_requestline", b"")) > MAX_REQUEST_LINE:
            self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
            self.close_connection = True
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, "request line too long")
            return False
        if not super().parse_request():
            return False
        size = sum(len(k) + len(v) + 4 for k, v in self.headers.items())
        if size > MAX_HEADER_BYTES:
            self.close_connection = True
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large")
            return False
        return True

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
        elif path == CHANGES_PATH:
            self._changes(head)
        else:
            target = resolve_asset(preview.live.folder, self.path)
            if target is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
                return
            try:
                data = read_regular(target, MAX_FILE_BYTES, "file")
            except OSError:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self._send(HTTPStatus.OK, data, kind, head)

    def _changes(self, head: bool) -> None:
        """Answer what changed since ``?since=N`` as JSON; 404 when that is not known (the
        page then fetches the whole deck)."""
        query = self.path.split("?", 1)[1].split("#", 1)[0] if "?" in self.path else ""
        since = parse_qs(query).get("since", [""])[0]
        known = since.isdigit() and len(since) < 19
        changes = self.server.preview.live.changes(int(since)) if known else None
        if changes is None:
            self._send(HTTPStatus.NOT_FOUND, b"not known\n", "text/plain; charset=utf-8", head)
            return
        body = json.dumps(changes, ensure_ascii=False).encode("utf-8")
        self._send(HTTPStatus.OK, body, "application/json; charset=utf-8", head)

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
        self.send_header("Connection", "close")  # the stream ends when the connection does
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            generation = -1
            shown = 0  # the deck's generation the last event told of (0: none yet)
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
                    if shown and snap.html_generation != shown:
                        # what the fetch of CHANGES_PATH would answer, sent at once
                        changes = preview.live.changes(shown)
                        if changes is not None and _size(changes) <= MAX_PUSHED:
                            state["changes"] = changes
                    shown = snap.html_generation
                    self.wfile.write(f"data: {json.dumps(state)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the tab went away


def _size(changes: dict[str, Any]) -> int:
    """Return about how many characters ``changes`` takes as JSON."""
    slides = sum(len(html) for _index, html in changes["slides"])
    return slides + len(changes["frame"] or "")


_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 34\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    b"podium serve is busy; retry soon\r\n"
)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG
    # A thread per connection, but never more than MAX_CONNECTIONS (process_request).

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a tab closed mid-answer
        super().handle_error(request, client_address)

    def __init__(self, address: tuple[str, int], preview: Preview, family: int) -> None:
        self.address_family = family
        self.preview = preview
        self.host = address[0]
        self.loopback = is_loopback(address[0])
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.refused = 0  # connections answered 503 because every slot was taken
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.refused += 1
            try:
                request.settimeout(1.0)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def bind(host: str, port: int, preview: Preview) -> tuple[PreviewServer, int]:
    """Return a server bound to ``port`` or the next free one after it, and that port.

    Raises OSError when none of them is free, or for any other binding failure.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    tries = [0] if port == 0 else range(port, min(port + PORT_TRIES, 65536))
    last: OSError | None = None
    for candidate in tries:
        try:
            server = PreviewServer((host.strip("[]"), candidate), preview, family)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            last = exc
            continue
        return server, server.server_address[1]
    raise OSError(
        errno.EADDRINUSE, f"ports {port}-{port + PORT_TRIES - 1} are all in use"
    ) from last
