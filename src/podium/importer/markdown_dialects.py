"""Pandoc's and Marp's conventions: a deck's front matter, and where each of its slides begins."""

from __future__ import annotations

import re
from typing import Any

import yaml

from podium.importer.markdown_tokens import FENCE, Slide, TokenReader
from podium.importer.report import ImportSourceError


def front_matter(text: str, name: str) -> tuple[dict[str, Any], str, int]:
    """Return the front matter's keys, the text after it and the number of lines it takes."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                block = "\n".join(lines[1:end])
                try:
                    data = yaml.safe_load(block) if block.strip() else {}
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    line = mark.line + 2 if mark is not None else 1
                    problem = getattr(exc, "problem", None) or "not valid YAML"
                    raise ImportSourceError(
                        f"{name}:{line}: the front matter is not valid YAML: "
                        f"{problem}; put text with ': ' in it in quotes"
                    ) from None
                if isinstance(data, dict):
                    return data, "\n".join(lines[end + 1 :]), end + 1
                break
    if lines and lines[0].startswith("% "):  # Pandoc's title block
        meta: dict[str, Any] = {}
        k = 0
        for key in ("title", "author", "date"):
            if k < len(lines) and lines[k].startswith("%"):
                value = lines[k][1:].strip()
                if value:
                    meta[key] = value
                k += 1
        return meta, "\n".join(lines[k:]), k
    return {}, text, 0


def pandoc_slides(reader: TokenReader, body: str) -> list[Slide]:
    """Return the slides of a Pandoc deck: at headings of its slide level, and at rules."""
    tokens = reader.tokens(body)
    level = _slide_level(tokens)
    slides: list[Slide] = []
    current: Slide | None = None
    section: str | None = None
    k = 0
    divs: list[str] = []
    while k < len(tokens):
        tok = tokens[k]
        if tok.type == "hr" and not divs:
            current = None
            k += 1
            continue
        if tok.type == "heading_open" and not divs:
            depth = int(tok.tag[1])
            title = reader.inline_text(tokens[k + 1])
            if depth < level:
                section = title
                slides.append(Slide(title=title, title_level=depth, section=section))
                slides[-1].directives["divider"] = True
                current = None
                k += 3
                continue
            if depth == level:
                current = Slide(title=title, title_level=depth, section=section)
                slides.append(current)
                k += 3
                continue
        if current is None:
            if tok.type == "html_block" and "podium-div /" in tok.content and not divs:
                k += 1
                continue
            current = Slide(section=section)
            slides.append(current)
        k = reader.block(tokens, k, current, divs)
    return [
        s
        for s in slides
        if s.title is not None or s.blocks or s.notes or s.columns or s.directives.get("divider")
    ]


def marp_slides(reader: TokenReader, body: str, offset: int) -> list[Slide]:
    """Return the slides of a Marp deck: one between each two rules (``---``)."""
    chunks: list[list[str]] = [[]]
    starts = [offset]
    fence: str | None = None
    for n, line in enumerate(body.split("\n")):
        m = FENCE.match(line)
        if fence is not None:
            if m and m[1][0] == fence[0]:
                fence = None
        elif m:
            fence = m[1]
        elif re.fullmatch(r"\s{0,3}(---|\*\*\*|___)\s*", line):
            chunks.append([])
            starts.append(offset + n + 1)
            continue
        chunks[-1].append(line)
    slides: list[Slide] = []
    for chunk, start in zip(chunks, starts, strict=True):
        reader.base = start
        text = "\n".join(chunk)
        if not text.strip():
            continue
        tokens = reader.tokens(text)
        slide = Slide()
        k = 0
        divs: list[str] = []
        while k < len(tokens):
            tok = tokens[k]
            if tok.type == "heading_open" and slide.title is None and not slide.blocks:
                slide.title = reader.inline_text(tokens[k + 1])
                slide.title_level = int(tok.tag[1])
                k += 3
                continue
            k = reader.block(tokens, k, slide, divs)
        slides.append(slide)
    return slides


def _slide_level(tokens: list[Any]) -> int:
    """Return Pandoc's slide level: the highest heading level followed by content."""
    level = 6
    found = False
    for k, tok in enumerate(tokens):
        if tok.type != "heading_open":
            continue
        nxt = tokens[k + 3] if k + 3 < len(tokens) else None
        if nxt is not None and nxt.type not in ("heading_open", "hr"):
            level = min(level, int(tok.tag[1]))
            found = True
    return level if found else 1
