"""Print HTML documents to PDF with a headless Chromium, then finish the file with pypdf:
bookmarks, page labels, metadata, and dates and identifiers fixed for byte-identical rebuilds.

Playwright is imported only when a PDF is printed, so builds without PDF outputs never load it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from podium.errors import PodiumError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

    from podium.plan.handout import Handout
    from podium.plan.types import DeckPlan

#: Environment variable naming the browser to print with; when set, nothing else is tried.
BROWSER_ENV = "PODIUM_BROWSER"
#: Program names of Chromium-based browsers, as found on PATH.
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
BROWSER_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: Milliseconds a document may take to load and print before the build gives up.
PRINT_TIMEOUT_MS = 120_000
HOW_TO_GET_A_BROWSER = (
    "install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install "
    "--cask chromium), Google Chrome or Microsoft Edge, or Playwright's own browser "
    "(python -m playwright install chromium); or set PODIUM_BROWSER to the browser's program"
)


class BrowserMissingError(PodiumError):
    """No browser to print PDF with: Playwright is missing, or no Chromium-based browser."""


def usual_places(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Return where Chromium, Chrome and Edge are installed by default on this system."""
    env = os.environ if environ is None else environ
    if sys.platform == "darwin":
        apps = [Path("/Applications"), Path(env.get("HOME", "~")) / "Applications"]
        bundles = (
            "Chromium.app/Contents/MacOS/Chromium",
            "Google Chrome.app/Contents/MacOS/Google Chrome",
            "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        )
        return [folder / bundle for folder in apps for bundle in bundles]
    if sys.platform == "win32":
        roots = [env.get(k, "") for k in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
        exes = (
            r"Google\Chrome\Application\chrome.exe",
            r"Microsoft\Edge\Application\msedge.exe",
            r"Chromium\Application\chrome.exe",
        )
        return [Path(root) / exe for root in roots if root for exe in exes]
    return [
        Path("/usr/bin/chromium"),
        Path("/usr/bin/chromium-browser"),
        Path("/snap/bin/chromium"),
        Path("/usr/bin/google-chrome"),
        Path("/opt/google/chrome/chrome"),
        Path("/usr/bin/microsoft-edge"),
        Path("/opt/microsoft/msedge/msedge"),
    ]


def find_browser(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the browser program to print with, or None when there is none outside Playwright.

    The order: the PODIUM_BROWSER variable, then PATH, then the usual install places. Raises
    BrowserMissingError when PODIUM_BROWSER names a file that is not there.
    """
    env = os.environ if environ is None else environ
    named = env.get(BROWSER_ENV, "").strip()
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise BrowserMissingError(
                f"{BROWSER_ENV}={named}: no such file; PDF output needs a Chromium-based "
                f"browser: {HOW_TO_GET_A_BROWSER}"
            )
        return path
    search = env.get("PATH", os.defpath)
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=search)
        if found:
            return Path(found)
    return next((p for p in usual_places(env) if p.is_file()), None)


def _not_found(playwright_path: str | None) -> BrowserMissingError:
    places = ", ".join(str(p) for p in usual_places())
    looked = f"looked for {', '.join(BROWSER_NAMES)} on PATH, in {places}"
    if playwright_path:
        looked += f", and for Playwright's own browser at {playwright_path}"
    return BrowserMissingError(
        f"PDF output needs a Chromium-based browser and none was found ({looked}); "
        f"{HOW_TO_GET_A_BROWSER}"
    )


class Printer:
    """A headless browser kept open to print several documents in one build.

    Use as a context manager; raises BrowserMissingError on entry when Playwright or a browser
    is missing, PodiumError when the browser does not start.
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = environ
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def __enter__(self) -> Printer:
        executable = find_browser(self.environ)  # before Playwright: a bad variable says so
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError:
            raise BrowserMissingError(
                "PDF output needs Playwright's Python package: pip install 'podium[pdf]' "
                "(or pip install playwright), and a Chromium-based browser: " + HOW_TO_GET_A_BROWSER
            ) from None
        self._playwright = sync_playwright().start()
        try:
            if executable is None:
                own = self._playwright.chromium.executable_path
                if not Path(own).is_file():
                    raise _not_found(own)
                executable = Path(own)
            # Chromium will not start its sandbox as root (containers, CI): only then go without.
            root = hasattr(os, "geteuid") and os.geteuid() == 0
            args = [*BROWSER_ARGS, *(["--no-sandbox"] if root else [])]
            self._browser = self._playwright.chromium.launch(
                executable_path=str(executable), headless=True, args=args
            )
        except Error as exc:
            self.close()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise PodiumError(f"cannot start the browser {executable}: {first}") from None
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the browser and Playwright's driver (safe to call twice)."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def print(
        self, html: str, size: tuple[float, float], prepare: str | None = None
    ) -> tuple[bytes, Any]:
        """Return the PDF of an HTML document, its pages sized by its CSS @page rule.

        ``size`` is the page's width and height in CSS px: the window is made that size, so
        the layout is the printed one. ``prepare`` is JavaScript evaluated after the fonts
        have loaded and before printing; its result is returned with the bytes.
        """
        from playwright.sync_api import Error

        assert self._browser is not None, "Printer used outside its with block"
        viewport = {"width": max(1, round(size[0])), "height": max(1, round(size[1]))}
        page = self._browser.new_page(viewport=viewport)  # type: ignore[arg-type]
        try:
            page.set_default_timeout(PRINT_TIMEOUT_MS)
            # The documents are self-contained; anything they would fetch is refused.
            page.route("**/*", _refuse_remote)
            page.emulate_media(media="print")
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            result = page.evaluate(prepare) if prepare else None
            data = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
        except Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise PodiumError(f"the browser could not print the document: {first}") from None
        finally:
            page.close()
        return data, result


def _refuse_remote(route: Any) -> None:
    if route.request.url.startswith(("data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()


# -- finishing the printed file -------------------------------------------------------------------


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF's outline: a title, the page it opens (0-based), its children."""

    title: str
    page: int
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class PdfInfo:
    """What to write into the PDF besides the pages."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    lang: str = ""
    created: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    outline: tuple[Bookmark, ...] = ()
    #: (first page index, number shown on it): the pages from there on count up from it.
    labels: tuple[tuple[int, int], ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)


def pdf_date(when: dt.datetime) -> str:
    """Return a date in the PDF's own form, D:YYYYMMDDHHmmSS+00'00' (in UTC)."""
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def label_ranges(numbers: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Return page label ranges for pages showing ``numbers``: a new range where one skips."""
    ranges: list[tuple[int, int]] = []
    for index, number in enumerate(numbers):
        if not ranges or numbers[index - 1] + 1 != number:
            ranges.append((index, number))
    return tuple(ranges)


def finish(data: bytes, info: PdfInfo) -> bytes:
    """Return the printed PDF with the outline, page labels and metadata of ``info``.

    The browser stamps the clock into the file; here the dates come from ``info.created``
    and the file identifier from a hash of the finished content, so the same deck gives the
    same bytes.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        ByteStringObject,
        NameObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    stamp = pdf_date(info.created)
    metadata = {
        "/Title": info.title,
        "/Creator": "Podium",
        "/Producer": "Podium (Chromium, pypdf)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
        **({"/Author": info.author} if info.author else {}),
        **({"/Subject": info.subject} if info.subject else {}),
        **({"/Keywords": info.keywords} if info.keywords else {}),
        **info.extra,
    }
    writer.metadata = None  # drop the browser's user agent and its clock
    writer.add_metadata(metadata)
    if info.lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(info.lang)
    count = len(writer.pages)
    for start, (first, number) in enumerate(info.labels):
        last = info.labels[start + 1][0] - 1 if start + 1 < len(info.labels) else count - 1
        if first <= last < count:
            writer.set_page_label(first, last, style=PageLabelStyle.DECIMAL, start=number)

    def add(items: Sequence[Bookmark], parent: Any = None) -> None:
        for item in items:
            if not 0 <= item.page < count:
                continue
            node = writer.add_outline_item(
                title=item.title, page_number=item.page, parent=parent, is_open=True
            )
            add(item.children, node)

    add(info.outline)
    if info.outline:
        writer.page_mode = "/UseOutlines"
    viewer = writer.root_object.get("/ViewerPreferences")
    if viewer is not None:
        viewer.get_object()[NameObject("/DisplayDocTitle")] = BooleanObject(True)

    # The identifier is a hash of what the file is made of: the printed pages without the
    # browser's clock, and what was added here. The same deck gives the same identifier, as
    # the PDF specification suggests (14.4).
    printed = re.sub(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)", b"", data)
    digest = hashlib.md5(printed + repr(info).encode(), usedforsecurity=False).digest()
    writer._ID = ArrayObject((ByteStringObject(digest), ByteStringObject(digest)))  # no setter
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- the deck, handouts and notes pages as PDF ---------------------------------------------------


def outline(plan: DeckPlan, page_of: Mapping[int, int]) -> tuple[Bookmark, ...]:
    """Return the bookmarks of a deck: its sections holding their slides' titles, the slides
    outside sections at the top level. ``page_of`` maps a slide's index to its page; slides
    not in it (hidden, left out of the pages) get no bookmark."""
    from podium.plan.markup import plain

    items: list[Bookmark] = []
    section_of: dict[int, int] = {}
    for number, part in enumerate(plan.sections):
        for index in range(part.first, part.first + part.count):
            section_of[index] = number
    done: set[int] = set()
    for slide in plan.slides:
        if slide.index not in page_of:
            continue
        k = section_of.get(slide.index)
        if k is None:
            items.append(Bookmark(_title(slide), page_of[slide.index]))
            continue
        if k in done:
            continue
        done.add(k)
        sec = plan.sections[k]
        inside = [s for s in plan.slides[sec.first : sec.first + sec.count] if s.index in page_of]
        first = min(page_of[s.index] for s in inside)
        heading = " ".join(plain(sec.title).split())
        children = tuple(
            Bookmark(_title(s, heading), page_of[s.index])
            for s in inside
            if _title(s, heading) != heading
        )
        items.append(Bookmark(heading, first, children))
    return tuple(items)


def _title(slide: Any, section: str = "") -> str:
    """Return a slide's title for a bookmark; under its section, without the section's name
    that numbered titles start with ("Governance (2)" + line break + "Local Governance")."""
    runs = list(slide.title)
    cut = next((i for i, r in enumerate(runs) if r.is_break), None)
    if section and cut is not None:
        head = " ".join("".join(r.text for r in runs[:cut]).split())
        if head.startswith(section):
            runs = runs[cut + 1 :]
    text = " ".join("".join(" " if r.is_break else r.text for r in runs).split())
    return text or f"Slide {slide.number}"


def info_for(plan: DeckPlan, page_of: Mapping[int, int], labels: Sequence[int] | None) -> PdfInfo:
    """Return the metadata, outline and page labels of a PDF of ``plan``.

    ``labels`` are the numbers shown on the pages in order (None: pages numbered from 1).
    """
    from podium.plan.markup import plain

    title = plain(plan.title) or plan.name
    subject = " ".join(plain(plan.subtitle).lstrip("—–- ").split())
    return PdfInfo(
        title=" ".join(title.split()),
        author=" ".join(plain(plan.author).split()),
        subject=subject,
        lang=plan.lang,
        created=plan.created,
        outline=outline(plan, page_of),
        labels=label_ranges(labels) if labels else (),
    )


def render_deck(plan: DeckPlan, printer: Printer) -> bytes:
    """Return the deck as PDF: the HTML deck printed, a page per shown slide, labelled with
    the slides' numbers."""
    from podium.render import html
    from podium.render.html_css import canvas_px

    data, _ = printer.print(html.render(plan), canvas_px(plan.theme))
    shown = [s for s in plan.slides if not s.hidden]
    page_of = {s.index: i for i, s in enumerate(shown)}
    return finish(data, info_for(plan, page_of, [s.number for s in shown]))


def render_pages(plan: DeckPlan, handout: Handout, printer: Printer) -> tuple[bytes, list[int]]:
    """Return handout or notes pages as PDF, and the numbers of the slides whose notes did not
    fit their notes page even at the smallest size."""
    from podium.render import handout as pages

    prepare = None
    if handout.kind == "notes":
        from podium.render.handout import FIT_NOTES

        prepare = f"({FIT_NOTES})([{handout.notes_pt}, {handout.notes_min_pt}])"
    data, over = printer.print(
        pages.render(plan, handout), (handout.width, handout.height), prepare
    )
    page_of = {c.slide.index: p.number - 1 for p in handout.pages for c in p.cells}
    labels = None
    if handout.kind == "notes":
        labels = [p.cells[0].slide.number for p in handout.pages]
    return finish(data, info_for(plan, page_of, labels)), list(over or [])
