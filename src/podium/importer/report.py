"""What an import kept and what it could not represent: the lines `podium import` prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from podium.errors import PodiumError

#: How each kind of kept item is named in the summary, singular and plural.
_NAMES = {
    "title": ("title", "titles"),
    "text": ("text body", "text bodies"),
    "notes": ("notes", "notes"),
    "picture": ("picture", "pictures"),
    "table": ("table", "tables"),
    "chart": ("chart as a table", "charts as tables"),
    "code": ("code block", "code blocks"),
    "quote": ("quote", "quotes"),
    "text box": ("text box", "text boxes"),
    "link": ("link", "links"),
    "section": ("section", "sections"),
    "reveal": ("slide with steps", "slides with steps"),
}


class ImportSourceError(PodiumError):
    """The file to import cannot be read: wrong kind, encrypted, macro-enabled or broken."""


@dataclass
class ImportReport:
    """The outcome of one import: counts of what was kept, and every item reported."""

    source: str
    output: str = ""
    slides: int = 0
    kept: Counter[str] = field(default_factory=Counter)
    reported: list[str] = field(default_factory=list)
    not_kept: list[str] = field(default_factory=list)

    def keep(self, kind: str, count: int = 1) -> None:
        if count:
            self.kept[kind] += count

    def report(self, slide: int | None, message: str, *, dropped: bool = False) -> None:
        """Record ``message`` about slide number ``slide`` (None: the whole deck).

        ``dropped`` marks something that is not in the deck.yaml at all.
        """
        where = f"slide {slide}: " if slide is not None else ""
        line = f"{self.source}: {where}{message}"
        self.reported.append(line)
        if dropped:
            self.not_kept.append(line)

    def report_line(self, line: int, message: str, *, dropped: bool = False) -> None:
        """Record ``message`` about line ``line`` of a text source."""
        entry = f"{self.source}:{line}: {message}"
        self.reported.append(entry)
        if dropped:
            self.not_kept.append(entry)

    def summary(self) -> str:
        """Return the closing line: slides imported, items kept (by kind), items reported."""
        total = sum(self.kept.values())
        parts = []
        for kind, count in sorted(self.kept.items(), key=lambda kv: (-kv[1], kv[0])):
            one, many = _NAMES.get(kind, (kind, kind + "s"))
            parts.append(f"{count} {one if count == 1 else many}")
        kept = f"{total} items kept" + (f" ({', '.join(parts)})" if parts else "")
        slides = "1 slide" if self.slides == 1 else f"{self.slides} slides"
        reported = len(self.reported)
        items = "1 item reported" if reported == 1 else f"{reported} items reported"
        dropped = f" ({len(self.not_kept)} not kept)" if self.not_kept else ""
        return f"{self.output}: {slides} imported from {self.source}, {kept}, {items}{dropped}"
