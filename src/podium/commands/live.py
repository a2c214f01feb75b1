"""The live deck behind `podium serve`: rebuild on file changes, keep the last good HTML, and
say which slides changed between two rebuilds."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from podium.cancel import Cancelled, cancellable
from podium.errors import PodiumError, internal_error
from podium.plan.types import DeckPlan

if TYPE_CHECKING:
    from podium.commands.incremental import Incremental
    from podium.render.html_parts import Page

#: A burst of saves (an editor's write-rename-chmod, a truncate then a write, a git checkout)
#: is one rebuild when its events are no further apart than this, in seconds, after the
#: watcher's own grouping (WATCH_STEP). A change during a rebuild stops it for the next one.
QUIET = 0.010
#: The watcher's grouping of events, in milliseconds: it yields once this long passes
#: without a new one.
WATCH_STEP = 5
#: A rebuild that finds problems in the deck is shown only if no change follows within this
#: many seconds: a save seen half-way (a file emptied before its new text is written) is then
#: never shown as broken, however the burst's events were grouped.
BROKEN_GRACE = 0.06
#: A rebuild taking longer than this many seconds is stopped and reported: the preview keeps
#: showing the last good deck and follows the next save. (A lecture builds in well under one.)
REBUILD_LIMIT = 30.0
#: How many of the latest good rebuilds' pages are kept to say what changed since each: a tab
#: showing an older one fetches the whole page.
KEPT_PAGES = 8

Clock = Callable[[], float]
#: Return the HTML document of a plan with ``live_script`` inlined at its end.
HtmlRenderer = Callable[[DeckPlan, str], str]
#: Return the live script for the page of a given HTML generation.
ScriptMaker = Callable[[int], str]


def render_html(plan: DeckPlan, live_script: str) -> str:
    """Return the HTML deck of ``plan`` with ``live_script`` inlined at its end."""
    # build.render has no live_script parameter, so this one call goes below build.py.
    from podium.render import html

    return html.render(plan, live_script=live_script)


@dataclass(frozen=True)
class Snapshot:
    """What the browser should show now; replaced whole, so a reader never sees half of it."""

    generation: int  # counts finished rebuilds, good or bad
    #: the last good deck (None until a build has succeeded, or while only ``page`` has it)
    whole: bytes | None
    html_generation: int  # the generation that made the deck (0 while there is none)
    problems: str  # located messages of the latest rebuild, "" when it was good
    page: Page | None = None  # the deck in parts, None when a custom renderer made it

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def html(self) -> bytes | None:
        """The last good deck's page, None until a build has succeeded. A rebuild keeps it in
        parts; it is joined here, when a browser asks for the whole page, once."""
        if self.whole is None and self.page is not None:
            # frozen for its readers; two threads joining at once get equal bytes
            object.__setattr__(self, "whole", self.page.text().encode("utf-8"))
        return self.whole


@dataclass(frozen=True)
class Outcome:
    """How one rebuild went."""

    generation: int
    ms: float
    plan: DeckPlan | None  # None when the rebuild failed
    problems: str
    bug: bool = False  # the failure was an exception in Podium, not a problem in the deck
    superseded: bool = False  # stopped for a newer change; nothing changed on screen

    @property
    def ok(self) -> bool:
        return self.plan is not None


class LiveDeck:
    """A deck file, rebuilt when the files it is made of change.

    Feed it file-change events with `changed`; `settle` rebuilds once the burst is over. The
    last good HTML survives a broken save; `snapshot` always says what to show.
    """

    def __init__(
        self,
        deck: Path,
        *,
        name: str | None = None,
        live_script: ScriptMaker = lambda generation: "",
        render: HtmlRenderer = render_html,
        quiet: float = QUIET,
        clock: Clock = time.monotonic,
        ignore: Iterable[Path] = (),
        limit: float = REBUILD_LIMIT,
        variant: str | None = None,
    ) -> None:
        self.deck = deck.resolve()
        self.variant = variant
        self.name = name or str(deck)
        self.folder = self.deck.parent
        self.templates = self.folder / "templates"
        self._live_script = live_script
        self._render = render
        self.quiet = quiet
        self._clock = clock
        self._ignore = tuple(p.resolve() for p in ignore)
        self._inputs: frozenset[Path] = frozenset({self.deck})
        self._snapshot = Snapshot(0, None, 0, "")
        self._last_change: float | None = None
        self._cond = threading.Condition()
        self._rebuild_lock = threading.Lock()
        #: Set to stop the rebuild under way: a newer change has made it pointless.
        self._supersede = threading.Event()
        self.limit = limit
        #: Each slide's fitted plan and HTML from the builds so far, so a rebuild redoes only
        #: what an edit changed; None with a custom renderer.
        self._memo: Incremental | None = None
        if render is render_html:
            from podium.commands.incremental import Incremental

            self._memo = Incremental()
        #: The pages of the latest good rebuilds, by generation (at most KEPT_PAGES).
        self._pages: dict[int, Page] = {}

    # -- what to watch -------------------------------------------------------------------
    @property
    def inputs(self) -> frozenset[Path]:
        """The files the last good build read (resolved); just the deck before one."""
        return self._inputs

    def watch_dirs(self) -> frozenset[Path]:
        """Return the existing folders to watch, each without its subfolders."""
        dirs = {self.folder} | {p.parent for p in self._inputs}
        if self.templates.is_dir():
            dirs.add(self.templates)
            dirs.update(p for p in self.templates.rglob("*") if p.is_dir())
        return frozenset(d for d in dirs if d.is_dir())

    def relevant(self, path: Path) -> bool:
        """Say whether a change to ``path`` (absolute, resolved) can change the deck."""
        if any(path == p or path.is_relative_to(p) for p in self._ignore):
            return False
        if path in self._inputs or path == self.templates or path.is_relative_to(self.templates):
            return True
        # A broken deck may name a file that does not exist yet (an image still being
        # copied in): any new file in a watched folder could be the one that mends it.
        return not self._snapshot.ok and path.parent in self.watch_dirs()

    # -- events and debounce -------------------------------------------------------------
    def changed(self, paths: Iterable[Path | str], now: float | None = None) -> bool:
        """Record changed files; return whether any of them matters to the deck."""
        hit = False
        for p in paths:
            if self.relevant(Path(p)):
                hit = True
                if self._memo is not None and Path(p).resolve() != self.deck:
                    self._memo.forget()  # a picture or template: nothing kept can be trusted
        if hit:
            with self._cond:
                self._last_change = self._clock() if now is None else now
                self._supersede.set()  # a rebuild under way is of an older version
                self._cond.notify_all()
        return hit

    @property
    def pending(self) -> bool:
        """Whether a relevant change is waiting for its rebuild."""
        return self._last_change is not None

    def due(self, now: float | None = None) -> bool:
        """Whether a change is pending and the burst it belongs to is over."""
        last = self._last_change
        now = self._clock() if now is None else now
        return last is not None and now - last >= self.quiet

    def settle(self, now: float | None = None) -> Outcome | None:
        """Rebuild if a burst of changes is over; return how it went, or None if not due (or
        stopped part-way by a newer change, which is then due in turn)."""
        with self._cond:
            if not self.due(now):
                return None
            self._last_change = None
        outcome = self.rebuild()
        return None if outcome.superseded else outcome

    def wait_due(self, stop: threading.Event, timeout: float = 1.0) -> bool:
        """Block until a rebuild is due (True), ``stop`` is set or ``timeout`` passes."""
        deadline = self._clock() + timeout
        with self._cond:
            while not stop.is_set():
                now = self._clock()
                if self.due(now):
                    return True
                if now >= deadline:
                    return False
                last = self._last_change
                wait = (
                    deadline - now if last is None else min(deadline - now, last + self.quiet - now)
                )
                self._cond.wait(max(wait, 0.001))
        return False

    # -- building ------------------------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def rebuild(self) -> Outcome:
        """Build the deck now; a failure keeps the last good HTML and records the problems."""
        from podium.commands.build import fewer_collections, load_plan

        with self._rebuild_lock:
            started = time.perf_counter()
            generation = self._snapshot.generation + 1
            plan: DeckPlan | None = None
            html: bytes | None = None
            bug = False
            with self._cond:
                self._supersede.clear()  # changes from here on are newer than what is read
            try:
                with cancellable(self._supersede, self.limit), fewer_collections():
                    memo = self._memo
                    page = None
                    if memo is None:
                        plan = load_plan(self.deck, self.name, variant=self.variant)
                        html = self._render(plan, self._live_script(generation)).encode()
                    else:
                        plan = memo.plan(self.deck, self.name, self.variant)
                        script = self._live_script(generation)
                        page = memo.page(plan, script)
                        html = None if page is not None else self._render(plan, script).encode()
            except Cancelled as exc:
                if exc.reason == "superseded":  # a newer save is pending: build that instead
                    ms = (time.perf_counter() - started) * 1000
                    return Outcome(self._snapshot.generation, ms, None, "", superseded=True)
                plan, problems = (
                    None,
                    (
                        f"{self.name}: error: the rebuild took over {self.limit:.0f} s and was "
                        "stopped; the preview keeps the last good deck (is a slide enormous?)"
                    ),
                )
            except PodiumError as exc:
                plan, problems = None, exc.report()
                # perhaps the middle of a save (the file emptied, the new text still to
                # come): shown only when no change follows it within BROKEN_GRACE
                if self._supersede.wait(BROKEN_GRACE):
                    ms = (time.perf_counter() - started) * 1000
                    return Outcome(self._snapshot.generation, ms, None, "", superseded=True)
            except Exception as exc:  # the server must outlive a bug in any stage
                plan, bug = None, True
                problems = f"{internal_error(self.name, exc)}\n{traceback.format_exc()}"
            ms = (time.perf_counter() - started) * 1000
            old = self._snapshot
            if plan is not None:
                self._inputs = _inputs(plan, self.deck)
                new = Snapshot(generation, html, generation, "", page)
                problems = ""
            else:
                new = Snapshot(generation, old.whole, old.html_generation, problems, old.page)
            with self._cond:
                if plan is not None and page is not None:
                    self._pages[generation] = page
                    for old_generation in sorted(self._pages)[:-KEPT_PAGES]:
                        del self._pages[old_generation]
                self._snapshot = new
                self._cond.notify_all()
            return Outcome(generation, ms, plan, problems, bug)

    def changes(self, since: int) -> dict[str, Any] | None:
        """Return what changed from the page of generation ``since`` to the latest good one:
        ``{"since", "generation", "count", "slides": [[index, html], ...], "frame"}``, the
        slides (0-based among those shown) whose HTML differs or that are new, ``count`` the
        slides shown now, ``frame`` the page without its slides when the part around them
        changed (else None). None when that page is no longer kept (or never was)."""
        with self._cond:
            snap, before = self._snapshot, self._pages.get(since)
        now = snap.page
        if now is None or before is None:
            return None
        old = before.slides
        changed = [
            [i, html]
            for i, html in enumerate(now.slides)
            if i >= len(old) or (old[i] is not html and old[i] != html)
        ]
        return {
            "since": since,
            "generation": snap.html_generation,
            "count": len(now.slides),
            "slides": changed,
            "frame": None if now.key == before.key else now.head + now.tail,
        }

    def wait_snapshot(self, generation: int, stop: threading.Event, timeout: float) -> Snapshot:
        """Return the snapshot once its generation differs from ``generation``, ``stop`` is
        set, or ``timeout`` seconds pass (then it may be the same one)."""
        with self._cond:
            self._cond.wait_for(
                lambda: self._snapshot.generation != generation or stop.is_set(), timeout
            )
            return self._snapshot

    def wake(self) -> None:
        """Wake every waiter (to notice a stop event)."""
        with self._cond:
            self._cond.notify_all()


def _inputs(plan: DeckPlan, deck: Path) -> frozenset[Path]:
    files = {deck}
    files.update(s.image.path.resolve() for s in plan.slides if s.image is not None)
    if plan.template is not None:
        files.add(plan.template.resolve())
    return frozenset(files)
