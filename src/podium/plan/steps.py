"""Steps: which click brings each paragraph, box and code highlight of a slide."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from podium.plan.markup import Para
from podium.plan.types import CodeHighlight, SlidePlan, StepsPlan, StepTarget

#: How long a step takes to fade in, in both outputs (PowerPoint's default for Fade).
FADE_MS = 500
#: SlidePlan fields drawn as paragraphs, one shape each.
PARA_FIELDS = ("body", "left", "right")
#: The blocks pause: can name, per layout, in reading order.
BLOCK_NAMES: dict[str, tuple[str, ...]] = {
    "bullets": ("text", "bullets"),
    "agenda": ("items",),
    "two-column": ("left", "right"),
    "quote": ("quote", "attribution"),
    "image": ("image", "caption"),
    "table": ("table",),
    "code": ("code",),
}
_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")


@dataclass(frozen=True)
class Block:
    """A part of a slide that ``pause:`` can name: the deck key it comes from, the SlidePlan
    field it is drawn in, and its paragraphs there (None for a box without paragraphs)."""

    name: str
    field: str
    paras: range | None = None
    is_list: bool = False


def slide_blocks(layout: str, fields: Mapping[str, object], text_paras: int) -> list[Block]:
    """Return the blocks of a slide in reading order; blocks without content are left out.

    text_paras: how many of a bullets slide's body paragraphs come from its ``text:``.
    """

    def paras(name: str) -> int:
        value = fields.get(name, ())
        return len(value) if isinstance(value, tuple) else 0

    out: list[Block] = []
    if layout == "bullets":
        n = paras("body")
        if text_paras:
            out.append(Block("text", "body", range(0, text_paras)))
        if n > text_paras:
            out.append(Block("bullets", "body", range(text_paras, n), is_list=True))
    elif layout == "agenda" and paras("body"):
        out.append(Block("items", "body", range(paras("body")), is_list=True))
    elif layout == "two-column":
        out.extend(
            Block(side, side, range(paras(side)), is_list=True)
            for side in ("left", "right")
            if paras(side)
        )
    else:
        for name in ("quote", "attribution", "image", "caption", "table", "code"):
            if fields.get(name):
                out.append(Block(name, name))
    return out


def parse_ranges(texts: Sequence[str]) -> list[tuple[int, int] | str]:
    """Return each ``"1-3"`` / ``"5"`` as (first, last), 1-based; a problem's text where one
    cannot be read."""
    out: list[tuple[int, int] | str] = []
    for text in texts:
        m = _RANGE.fullmatch(text)
        if not m:
            out.append(
                f"'{text}' is not a line number or range; write a line (\"5\") or a range "
                'of lines ("1-3")'
            )
            continue
        first = int(m[1])
        last = int(m[2]) if m[2] else first
        if first < 1:
            out.append(f"'{text}': lines are numbered from 1")
        elif last < first:
            out.append(f"'{text}' runs backwards; write '{last}-{first}'")
        else:
            out.append((first, last))
    return out


def assign(
    blocks: Sequence[Block],
    paras: Mapping[str, tuple[Para, ...]],
    *,
    reveal: bool,
    level: int,
    pauses: Sequence[str],
    highlights: Sequence[tuple[int, int]] = (),
) -> tuple[StepsPlan, dict[str, tuple[Para, ...]]]:
    """Return a slide's StepsPlan, and its paragraph fields (``paras``: body, left, right)
    with each paragraph given its step.

    reveal: each bullet above ``level`` (1 = top level) comes on its own click, with the
    deeper bullets under it. pauses: blocks that wait for a click, with what follows them.
    highlights: code lines (0-based first, last) highlighted one click after another, after
    everything else.
    """
    step = 0
    steps: dict[str, list[int]] = {}
    box_steps: list[tuple[str, int]] = []
    for block in blocks:
        paused = block.name in pauses
        if paused:
            step += 1
        if block.paras is None:
            box_steps.append((block.field, step))
            continue
        field = paras.get(block.field, ())
        own = steps.setdefault(block.field, [0] * len(field))
        for i in block.paras:
            para = field[i]
            starts = reveal and block.is_list and para.bullet and para.level < level
            if starts and not (paused and i == block.paras.start):
                step += 1
            own[i] = step
    marks: list[CodeHighlight] = []
    for first, last in highlights:
        step += 1
        marks.append(CodeHighlight(step, first, last))
    stepped = {
        name: tuple(
            dataclasses.replace(p, step=s) if p.step != s else p
            for p, s in zip(paras.get(name, ()), own, strict=True)
        )
        for name, own in steps.items()
    }
    plan = StepsPlan(
        count=step,
        blocks=tuple((name, s) for name, s in box_steps if s),
        highlights=tuple(marks),
        level=level,
    )
    return dataclasses.replace(plan, clicks=_clicks(plan, {**paras, **stepped})), stepped


def _clicks(
    plan: StepsPlan, fields: Mapping[str, tuple[Para, ...]]
) -> tuple[tuple[StepTarget, ...], ...]:
    """Return what each click brings: whole boxes when all of a box comes on that click."""
    clicks: list[list[StepTarget]] = [[] for _ in range(plan.count)]
    for name in PARA_FIELDS:
        paras = fields.get(name, ())
        for step in sorted({p.step for p in paras if p.step}):
            mine = tuple(i for i, p in enumerate(paras) if p.step == step)
            whole = len(mine) == len(paras)
            clicks[step - 1].append(StepTarget(name, () if whole else mine))
    for name, step in plan.blocks:
        clicks[step - 1].append(StepTarget(name))
    for n, mark in enumerate(plan.highlights):
        clicks[mark.step - 1].append(StepTarget("highlight", (n,)))
    return tuple(tuple(c) for c in clicks)


def restep(slide: SlidePlan) -> SlidePlan:
    """Return ``slide`` with its paragraphs' steps numbered 1, 2, ... again: after a split,
    each part starts at the first click it keeps."""
    if not slide.steps.count:
        return slide
    used = sorted(
        {p.step for name in PARA_FIELDS for p in getattr(slide, name) if p.step}
        | {s for _name, s in slide.steps.blocks}
        | {m.step for m in slide.steps.highlights}
    )
    new = {old: n for n, old in enumerate(used, start=1)}
    fields: dict[str, tuple[Para, ...]] = {
        name: tuple(
            dataclasses.replace(p, step=new[p.step]) if p.step else p for p in getattr(slide, name)
        )
        for name in PARA_FIELDS
    }
    plan = StepsPlan(
        count=len(used),
        blocks=tuple((name, new[s]) for name, s in slide.steps.blocks),
        highlights=tuple(dataclasses.replace(m, step=new[m.step]) for m in slide.steps.highlights),
        level=slide.steps.level,
    )
    plan = dataclasses.replace(plan, clicks=_clicks(plan, fields))
    return dataclasses.replace(slide, steps=plan, **fields)  # type: ignore[arg-type]
