"""Tests for podium serve: the rebuild core without sockets, path safety, and a real server."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from podium.commands.live import LiveDeck, render_html
from podium.commands.preview_http import EVENTS_PATH, is_loopback, resolve_asset
from podium.commands.serve import Preview, serve
from podium.plan.types import DeckPlan

FIFTH = "The fifth slide says hello"


def deck_text(fifth: str = FIFTH, extra: str = "") -> str:
    """Return a seven-slide deck whose fifth slide shows ``fifth``; slide 7 is a picture."""
    return f"""title: Live preview
footer: Podium serve tests
slides:
  - layout: title
  - title: Second
    bullets: [alpha]
  - title: Third
    bullets: [beta]
  - title: Fourth
    bullets: [gamma]
  - title: Fifth
    bullets:
      - {fifth}
    notes: Notes of the fifth slide.
  - title: Sixth
    bullets: [delta]
  - layout: image
    title: Seventh
    image: images/chart.png
    alt: A small bar chart
{extra}"""


BROKEN_YAML = deck_text().replace("bullets: [beta]", "bullets: [beta")
BROKEN_AT = "deck.yaml:9:10: error: invalid YAML: expected ',' or ']', but got ':'"


def make_png(path: Path, color: tuple[int, int, int] = (11, 79, 108)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 36), color).save(path, "PNG")
    return path


@pytest.fixture
def deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good deck at tmp/deck.yaml with its picture, the working folder being tmp."""
    monkeypatch.chdir(tmp_path)
    make_png(tmp_path / "images" / "chart.png")
    path = tmp_path / "deck.yaml"
    path.write_text(deck_text(), encoding="utf-8")
    return path


class Counting:
    """An HTML renderer that counts its calls and can be told to fail like a bug would."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail = False

    def __call__(self, plan: DeckPlan, script: str) -> str:
        self.calls += 1
        if self.fail:
            raise ZeroDivisionError("division by zero")
        return render_html(plan, script)


# -- the core, without sockets ------------------------------------------------------------------


def test_livedeck_rebuild_keeps_last_good_html_and_reports_problems(deck: Path) -> None:
    live = LiveDeck(deck, name="deck.yaml")
    good = live.rebuild()
    assert good.ok and good.generation == 1 and good.problems == ""
    first = live.snapshot
    assert first.html is not None and FIFTH.encode() in first.html
    assert (first.generation, first.html_generation, first.ok) == (1, 1, True)

    deck.write_text(BROKEN_YAML, encoding="utf-8")
    bad = live.rebuild()
    assert not bad.ok and not bad.bug
    assert bad.problems.startswith(BROKEN_AT)
    snap = live.snapshot
    assert (snap.generation, snap.html_generation, snap.ok) == (2, 1, False)
    assert snap.html == first.html

    deck.write_text(deck_text("Mended"), encoding="utf-8")
    assert live.rebuild().ok
    snap = live.snapshot
    assert (snap.generation, snap.html_generation, snap.problems) == (3, 3, "")
    assert snap.html is not None and b"Mended" in snap.html


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace("bullets: [beta]", "bullets: [beta"),
            "deck.yaml:9:10: error: invalid YAML: expected ',' or ']', but got ':' (while parsing "
            "a flow sequence at line 8)\n    9 |   - title: Fourth\n      |          ^",
        ),
        (
            lambda t: t.replace("  - title: Sixth", "  - layout: bulets\n    title: Sixth"),
            "deck.yaml:15:13: error: slides[5].layout: unknown layout 'bulets' (did you mean "
            "'bullets'?); layouts: title, agenda, section, bullets, two-column, quote, image, "
            "images, columns, table, code, blank\n    15 |   - layout: bulets\n"
            "       |             ^^^^^^",
        ),
        (
            lambda t: t.replace("images/chart.png", "images/missing.png"),
            "deck.yaml:19:12: error: slides[6].image: image not found: 'images/missing.png' "
            "(looked in {images}); paths are relative to the deck file\n"
            "    19 |     image: images/missing.png\n       |            ^^^^^^^^^^^^^^^^^^",
        ),
    ],
    ids=["bad-yaml", "unknown-layout", "missing-image"],
)
def test_livedeck_problems_match_podium_check(
    deck: Path, edit: Callable[[str], str], expected: str
) -> None:
    from podium.cli import cli

    live = LiveDeck(deck, name="deck.yaml")
    live.rebuild()
    deck.write_text(edit(deck_text()), encoding="utf-8")
    outcome = live.rebuild()
    assert outcome.problems == expected.format(images=(deck.parent / "images").resolve())
    checked = CliRunner().invoke(cli, ["check", "deck.yaml"])
    assert checked.exit_code == 1
    assert checked.stderr.rstrip("\n") == outcome.problems
    assert live.snapshot.problems == outcome.problems


def test_livedeck_counts_several_errors_as_check_does(deck: Path) -> None:
    from podium.cli import cli

    text = deck_text().replace("  - title: Sixth", "  - layout: bulets\n    title: Sixth")
    deck.write_text(
        text.replace("  - title: Third", "  - layout: quot\n    title: Third"), encoding="utf-8"
    )
    outcome = LiveDeck(deck, name="deck.yaml").rebuild()
    assert outcome.problems.count(": error: ") == 2
    assert outcome.problems.endswith("\n2 errors")
    assert CliRunner().invoke(cli, ["check", "deck.yaml"]).stderr.rstrip("\n") == outcome.problems


def test_livedeck_burst_of_changes_is_one_rebuild(deck: Path) -> None:
    render = Counting()
    live = LiveDeck(deck, name="deck.yaml", render=render, quiet=0.25, clock=lambda: 0.0)
    live.rebuild()
    assert render.calls == 1
    for at in (10.0, 10.125, 10.25, 10.5):  # write, rename, chmod, format-on-save
        assert live.changed([deck], now=at)
    assert live.settle(now=10.625) is None  # the burst may go on
    assert live.pending
    outcome = live.settle(now=10.75)
    assert outcome is not None and outcome.ok
    assert render.calls == 2 and live.snapshot.generation == 2
    assert live.settle(now=20.0) is None and not live.pending
    assert render.calls == 2


def test_livedeck_nothing_pending_means_no_rebuild(deck: Path) -> None:
    render = Counting()
    live = LiveDeck(deck, render=render, clock=lambda: 100.0)
    assert live.settle() is None
    assert render.calls == 0 and live.snapshot.generation == 0


def test_livedeck_watches_the_deck_its_images_and_templates(deck: Path) -> None:
    folder = deck.parent.resolve()
    live = LiveDeck(deck)
    assert live.inputs == {folder / "deck.yaml"}  # before the first build: the deck only
    live.rebuild()
    image = folder / "images" / "chart.png"
    assert live.inputs == {folder / "deck.yaml", image}
    assert live.watch_dirs() == {folder, folder / "images"}
    assert live.relevant(folder / "deck.yaml") and live.relevant(image)
    assert not live.relevant(folder / "notes.txt")
    assert not live.relevant(folder / "images" / "other.png")
    assert not live.changed([folder / "notes.txt", str(folder / "README.md")])

    # A templates/ folder next to the deck: created later, then watched with its subfolders.
    assert live.relevant(folder / "templates")
    (folder / "templates" / "layouts").mkdir(parents=True)
    assert live.relevant(folder / "templates" / "layouts" / "bullets.html.j2")
    assert live.watch_dirs() == {
        folder,
        folder / "images",
        folder / "templates",
        folder / "templates" / "layouts",
    }


def test_livedeck_ignores_its_own_output(deck: Path) -> None:
    folder = deck.parent.resolve()
    live = LiveDeck(deck, ignore=[folder])  # the .pptx written next to the deck
    live.rebuild()
    assert not live.relevant(folder / ".deck.pptx.x1y2.tmp")
    assert not live.relevant(folder / "deck.pptx")


def test_livedeck_missing_image_mends_when_it_appears(deck: Path) -> None:
    folder = deck.parent.resolve()
    deck.write_text(deck_text().replace("images/chart.png", "late.png"), encoding="utf-8")
    live = LiveDeck(deck, name="deck.yaml", clock=lambda: 0.0)
    assert not live.rebuild().ok
    # The broken deck names a file that is not there: any new file in its folder may mend it.
    make_png(folder / "late.png")
    assert live.changed([folder / "late.png"], now=1.0)
    outcome = live.settle(now=2.0)
    assert outcome is not None and outcome.ok
    assert folder / "late.png" in live.inputs
    assert not live.relevant(folder / "unrelated.txt")  # good again: back to its own files


def test_livedeck_survives_a_bug_in_a_stage(deck: Path) -> None:
    render = Counting()
    live = LiveDeck(deck, name="deck.yaml", render=render)
    live.rebuild()
    html = live.snapshot.html
    render.fail = True
    outcome = live.rebuild()
    assert outcome.bug and not outcome.ok
    assert outcome.problems.startswith(
        "deck.yaml: internal error: ZeroDivisionError: division by zero\n"
        "This is a bug in Podium, not in the deck; please report it with the traceback below.\n"
        "Traceback"
    )
    assert live.snapshot.html == html and not live.snapshot.ok


def test_livedeck_page_knows_its_generation(deck: Path) -> None:
    live = LiveDeck(deck, live_script=lambda gen: f"window.GEN = {gen};")
    live.rebuild()
    live.rebuild()
    assert live.snapshot.html is not None and b"window.GEN = 2;" in live.snapshot.html


# -- paths a request may name -------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """tmp/deck/ with a picture, a hidden folder and links in and out; tmp/secret.txt beside."""
    root = tmp_path / "deck"
    make_png(root / "images" / "chart.png")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    (tmp_path / "secret.txt").write_text("secret\n")
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "outdir").symlink_to(tmp_path)
    (root / "chart-link.png").symlink_to(root / "images" / "chart.png")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/../../etc/passwd",
        "/images/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/images%5c..%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/out.txt",
        "/outdir/secret.txt",
        "/images",
        "/images/",
        "/",
        "",
        "/.git/config",
        "/images/missing.png",
        "/images/chart.png%00.txt",
        "/C:/Windows/win.ini",
        "/%ff%fe",
        "//deck/images/chart.png",
    ],
)
def test_resolve_asset_refuses_what_is_not_the_decks(site: Path, url: str) -> None:
    assert resolve_asset(site, url) is None


@pytest.mark.parametrize(
    ("url", "relative"),
    [
        ("/images/chart.png", "images/chart.png"),
        ("/images/chart.png?v=2#x", "images/chart.png"),
        ("/images//chart.png", "images/chart.png"),
        ("/%69mages/chart.png", "images/chart.png"),
        ("/chart-link.png", "images/chart.png"),  # a link that stays inside is fine
    ],
)
def test_resolve_asset_serves_the_decks_files(site: Path, url: str, relative: str) -> None:
    assert resolve_asset(site, url) == (site / relative).resolve()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


# -- a real server on 127.0.0.1 -----------------------------------------------------------------


@pytest.fixture
def preview(deck: Path) -> Iterator[tuple[Preview, list[str]]]:
    """A running preview of the deck on an ephemeral port, with what it printed."""
    lines: list[str] = []
    server = Preview(deck, name="deck.yaml", port=0, echo=lines.append, echo_err=lines.append)
    server.build()
    with server:
        yield server, lines


def raw_get(server: Preview, path: str, host: str | None = None) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side clean-up of dots or slashes)."""
    conn = http.client.HTTPConnection(*server.address, timeout=5)
    try:
        conn.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Events:
    """A reader of the server's event stream."""

    def __init__(self, server: Preview) -> None:
        self.conn = http.client.HTTPConnection(*server.address, timeout=10)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next(self) -> dict[str, object]:
        """Return the data of the next event (keep-alive comments skipped)."""
        while True:
            line = self.response.fp.readline().decode()
            if line.startswith("data: "):
                state: dict[str, object] = json.loads(line[len("data: ") :])
                return state

    def close(self) -> None:
        self.conn.close()


def test_server_binds_loopback_and_serves_the_deck(preview: tuple[Preview, list[str]]) -> None:
    server, lines = preview
    assert server.address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.address[1]}/"
    with urllib.request.urlopen(server.url, timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Podium-Generation"] == "1"
        body = response.read().decode()
    assert FIFTH in body and "new EventSource('/_podium/events')" in body
    assert lines == ["built deck.yaml: 7 slides in " + lines[0].split(" in ")[1]]


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/images/",
        "/images",
        "/.git/config",
        "/images/../../etc/passwd",
        "//etc/passwd",
        "/nope.html",
        "/%ff",
        "/images%2f",
        "/images/chart.png/..",
    ],
)
def test_server_refuses_paths_outside_and_folders(
    preview: tuple[Preview, list[str]], path: str
) -> None:
    status, body = raw_get(preview[0], path)
    assert (status, body) == (404, b"not found\n")


def test_server_serves_the_decks_own_files(preview: tuple[Preview, list[str]]) -> None:
    server, _ = preview
    with urllib.request.urlopen(server.url + "images/chart.png", timeout=5) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read() == (server.live.folder / "images" / "chart.png").read_bytes()


def test_server_answers_only_to_loopback_names(preview: tuple[Preview, list[str]]) -> None:
    server, _ = preview
    port = server.address[1]
    assert raw_get(server, "/", host=f"localhost:{port}")[0] == 200
    assert raw_get(server, "/", host=f"127.0.0.1:{port}")[0] == 200
    assert raw_get(server, "/", host=f"evil.example:{port}")[0] == 403  # DNS rebinding


def test_server_pushes_rebuilds_and_problems(preview: tuple[Preview, list[str]]) -> None:
    server, lines = preview
    deck = server.live.deck
    events = Events(server)
    try:
        assert events.next() == {
            "instance": server.instance,
            "generation": 1,
            "html_generation": 1,
            "problems": "",
        }
        deck.write_text(deck_text("Edited while serving"), encoding="utf-8")
        state = events.next()
        assert (state["generation"], state["html_generation"], state["problems"]) == (2, 2, "")
        # the event brings the slides that changed since the deck the last one told of
        changes = state["changes"]
        assert isinstance(changes, dict)
        assert (changes["since"], changes["generation"], changes["frame"]) == (1, 2, None)
        assert [i for i, html in changes["slides"] if "Edited while serving" in html] == [4]
        with urllib.request.urlopen(server.url, timeout=5) as response:
            assert response.headers["X-Podium-Generation"] == "2"
            assert b"Edited while serving" in response.read()

        deck.write_text(BROKEN_YAML, encoding="utf-8")
        state = events.next()
        assert (state["generation"], state["html_generation"]) == (3, 2)
        assert "changes" not in state  # nothing new to show
        assert str(state["problems"]).startswith(BROKEN_AT)
        with urllib.request.urlopen(server.url, timeout=5) as response:  # the last good deck
            assert b"Edited while serving" in response.read()
    finally:
        events.close()
    assert lines[1].startswith("rebuilt deck.yaml in ") and lines[1].endswith(" ms")
    assert lines[2].startswith(BROKEN_AT)
    assert lines[3] == "deck.yaml has errors; the browser keeps the last good deck"


def test_server_save_in_steps_is_one_good_rebuild(preview: tuple[Preview, list[str]]) -> None:
    # an editor that empties the file, then writes the new text in pieces: each save is one
    # rebuild, and the page is never told of a broken deck in between
    server, lines = preview
    deck = server.live.deck
    events = Events(server)
    try:
        assert events.next()["generation"] == 1
        for k in range(4):
            text = deck_text(f"Saved in steps {k}")
            with deck.open("w", encoding="utf-8") as out:
                out.flush()  # the file is empty now, for longer than the debounce
                time.sleep(0.025)
                out.write(text[:40])
                out.flush()
                time.sleep(0.002)
                out.write(text[40:])
            state = events.next()
            assert state["problems"] == ""
            assert (state["generation"], state["html_generation"]) == (k + 2, k + 2)
            with urllib.request.urlopen(server.url, timeout=5) as response:
                assert f"Saved in steps {k}".encode() in response.read()
    finally:
        events.close()
    assert [line.split(" in ")[0] for line in lines] == ["built deck.yaml: 7 slides"] + [
        "rebuilt deck.yaml"
    ] * 4


def test_server_rebuilds_when_an_image_changes(preview: tuple[Preview, list[str]]) -> None:
    server, _ = preview
    events = Events(server)
    try:
        events.next()
        make_png(server.live.folder / "images" / "chart.png", color=(200, 30, 30))
        assert events.next()["html_generation"] == 2
    finally:
        events.close()


def _page_once_it_shows(server: Preview, path: Path, text: str, shown: str) -> str:
    """Write ``text`` to ``path`` and return the served page once it contains ``shown``.

    The file is written again every second: a save that lands while the server is still
    starting to watch a new folder is caught by the next one, as an editor's next save would.
    """
    deadline = time.monotonic() + 30
    while True:
        path.write_text(text, encoding="utf-8")
        written = time.monotonic()
        while time.monotonic() < written + 1:
            with urllib.request.urlopen(server.url, timeout=5) as response:
                page = response.read().decode()
            if shown in page:
                return page
            assert time.monotonic() < deadline, f"the page never showed {shown!r}"
            time.sleep(0.05)


def test_server_shows_a_template_override_made_later_and_its_edits(
    preview: tuple[Preview, list[str]],
) -> None:
    server, _ = preview
    folder = server.live.folder / "templates" / "html"
    folder.mkdir(parents=True)  # made while serving: watched from then on
    banner = '{{% extends "builtin/deck.html.j2" %}}{{% block deck %}}<p id="banner">{}</p>'
    banner += "{{{{ super() }}}}{{% endblock %}}\n"
    for text in ("Draft one", "Draft two"):
        shown = f'<p id="banner">{text}</p>'
        page = _page_once_it_shows(server, folder / "deck.html.j2", banner.format(text), shown)
        assert page.count('<p id="banner">') == 1
        assert FIFTH in page  # the built-in deck is still drawn under the banner


def test_server_shows_a_waiting_page_until_the_first_good_build(deck: Path) -> None:
    deck.write_text(BROKEN_YAML, encoding="utf-8")
    lines: list[str] = []
    server = Preview(deck, name="deck.yaml", port=0, echo=lines.append, echo_err=lines.append)
    assert not server.build().ok
    assert lines[-1] == "deck.yaml has errors; the page will show the deck once they are fixed"
    with server:
        with urllib.request.urlopen(server.url, timeout=5) as response:
            assert response.headers["X-Podium-Generation"] == "0"
            assert b"Waiting for <code>deck.yaml</code> to build" in response.read()
        events = Events(server)
        try:
            assert str(events.next()["problems"]).startswith(BROKEN_AT)
            deck.write_text(deck_text(), encoding="utf-8")
            assert events.next()["html_generation"] == 2
        finally:
            events.close()


def test_server_takes_the_next_port_when_one_is_in_use(deck: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Preview(deck, port=port, echo=lambda s: None)
        server.build()
        with server:
            assert server.address == ("127.0.0.1", server.bound_port)
            assert port < server.bound_port < port + 20


def test_server_writes_the_pptx_of_each_good_rebuild(deck: Path) -> None:
    from pptx import Presentation

    out = deck.parent / "out"
    lines: list[str] = []
    server = Preview(
        deck, name="deck.yaml", port=0, pptx_dir=out, echo=lines.append, echo_err=lines.append
    )
    server.build()
    with server:
        events = Events(server)
        try:
            events.next()
            deck.write_text(
                deck_text(extra="  - title: Eighth\n    bullets: [eta]\n"), encoding="utf-8"
            )
            events.next()
            deadline = time.monotonic() + 20
            while not any(line.startswith("wrote ") for line in lines):
                assert time.monotonic() < deadline, lines
                time.sleep(0.05)
        finally:
            events.close()
    assert lines[-1].startswith(f"wrote {out / 'deck.pptx'} in ")
    assert len(Presentation(str(out / "deck.pptx")).slides) == 8
    assert [p.name for p in out.iterdir()] == ["deck.pptx"]  # no temporary file left


def test_serve_without_a_deck_file_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert serve(Path("deck.yaml")) == 1
    assert capsys.readouterr().err == f"deck.yaml: deck file not found (looked in {tmp_path})\n"


def test_serve_stops_cleanly_on_ctrl_c(deck: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from podium.commands.serve import serve; "
        "sys.exit(serve(Path('deck.yaml'), port=0))"
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=deck.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("built deck.yaml: 7 slides in ")
        serving = proc.stdout.readline()
        assert serving.startswith("serving deck.yaml at http://127.0.0.1:")
        assert serving.endswith("/ (Ctrl-C to stop)\n")
        url = serving.split(" at ")[1].split(" ")[0]
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert (proc.returncode, out, err) == (0, "stopped\n", "")


def test_serve_does_not_slow_the_command_line() -> None:
    code = (
        "import sys, podium.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('watchfiles', 'http', 'podium') and m not in ('podium', 'podium.cli', "
        "'podium.errors')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out == "[]\n"


def test_server_threads_end_on_close(deck: Path) -> None:
    before = {t.name for t in threading.enumerate()}
    server = Preview(deck, port=0, echo=lambda s: None)
    server.build()
    with server:
        events = Events(server)
        events.next()
    events.close()
    deadline = time.monotonic() + 5
    while {t.name for t in threading.enumerate() if t.name.startswith("podium-")} - before:
        assert time.monotonic() < deadline
        time.sleep(0.02)
