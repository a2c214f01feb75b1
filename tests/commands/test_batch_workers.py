"""How a course's build processes start: forked after the stages are imported where that is
safe, from a fork server or as fresh interpreters elsewhere, with the same files every way."""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from podium.commands import batch
from podium.commands.batch import build_many, worker_context
from podium.commands.build import stages

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

DECK = """\
title: Week {n}
footer: Course
slides:
  - layout: title
  - title: Slide **one** of week {n}
    bullets: [first point, "second, with `code`", see https://example.org]
    notes: What to say in week {n}.
  - layout: two-column
    title: Two sides
    left: [a, b]
    right: [c]
"""


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "course"
    folder.mkdir()
    for n in range(1, 5):
        (folder / f"week{n}.yaml").write_text(DECK.format(n=n), encoding="utf-8")
    return folder


@contextmanager
def _another_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _imported_stages() -> list[str]:
    """Run in a worker: the stages already imported when its first task starts."""
    return [m for m in stages() if m in sys.modules]


@linux
def test_worker_context_forks_a_process_without_threads_after_importing_the_stages() -> None:
    context = worker_context(["pptx", "html"])
    assert context.get_start_method() == "fork"
    assert set(stages()) <= set(sys.modules)  # imported here, before any worker is forked


@linux
def test_worker_context_with_threads_running_uses_a_fork_server() -> None:
    with _another_thread():
        assert worker_context(["html"]).get_start_method() == "forkserver"


def test_worker_context_without_fork_spawns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert worker_context().get_start_method() == "spawn"


@linux
@pytest.mark.parametrize("threads", [False, True], ids=["fork", "forkserver"])
def test_workers_start_with_the_stages_imported(threads: bool) -> None:
    with _another_thread() if threads else _nothing():
        context = worker_context(["pptx", "html"])
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            assert pool.submit(_imported_stages).result() == list(stages())


def test_spawned_workers_import_the_stages_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with ProcessPoolExecutor(max_workers=1, mp_context=worker_context()) as pool:
        assert pool.submit(_imported_stages).result() == []


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@pytest.mark.parametrize("how", ["fork", "forkserver", "spawn"])
def test_a_course_built_in_workers_gives_the_files_of_a_serial_build(
    course: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how != "spawn" and not sys.platform.startswith("linux"):
        pytest.skip("fork and the fork server: tested on Linux")
    serial = build_many([course], Path("serial"), jobs=1)
    assert all(r.ok for r in serial) and len(serial) == 4
    started: list[str] = []
    choose = worker_context

    def spy(formats: list[str]) -> multiprocessing.context.BaseContext:
        context = choose(formats)
        started.append(context.get_start_method())
        return context

    monkeypatch.setattr(batch, "worker_context", spy)
    if how == "spawn":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with _another_thread() if how == "forkserver" else _nothing():
        parallel = build_many([course], Path("parallel"), jobs=2)
    assert started == [how]
    assert [r.deck for r in parallel] == [r.deck for r in serial]
    assert all(r.ok and r.slides == 3 for r in parallel)
    for result in serial:
        for output in result.outputs:
            built = Path("parallel") / output.path.name
            assert built.read_bytes() == output.path.read_bytes(), built
