"""The seed lecture's lines, as a reader of the slides would see them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "seeds" / "human-security-2007.md"


def seed_lines() -> list[str]:
    """Return every non-empty line of the seed with its Markdown marks taken off."""
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^-\s+", "", line)
        line = line.replace("**", "")
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
        line = line.replace("---", "—")  # the seed's ASCII stand-in for the em dash
        lines.append(normalise(line))
    return lines


def normalise(text: str) -> str:
    """Return text with ligatures unfolded, whitespace runs as single spaces, and lines
    broken after a hyphen ("self-\nreliance") joined again."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)
