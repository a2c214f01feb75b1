"""What fit reports: an overflow as a located message that says how much, where, and what to
do about it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from podium.errors import Problem
from podium.plan.markup import plain
from podium.plan.types import SlidePlan

if TYPE_CHECKING:
    from podium.plan.fit import _Overflow

_EMU_PER_MM = 36000


def overflow_problem(slide: SlidePlan, over: _Overflow, policy: str, cont: bool) -> Problem:
    area = over.area
    shrunk = policy in ("shrink", "split") and area.scaled
    if area.title:
        where = f" at the smallest size ({area.blocks[0].size:.3g} pt)" if shrunk else ""
        advice = "shorten the title" if shrunk else "shorten the title, or set fit: shrink"
        text = f"the title takes {_lines(over.taken)}{where}, its box holds {over.holds}"
        return Problem(f"{text}; {advice}", slide.loc)
    if area.table is not None:
        rows = "1 row" if over.lines == 1 else f"{over.lines} rows"
        text = f"the table is {_mm(over.over_h)} mm ({rows}) taller than its box"
        if not shrunk:
            advice = "shorten it, or set fit: shrink or split"
        elif policy == "split":
            text += f" with one row at the smallest size ({area.lead:.3g} pt)"
            advice = "shorten the row's cells"
        else:
            text += f" at the smallest size ({area.lead:.3g} pt)"
            advice = "set fit: split to continue it on more slides, or shorten it"
        return Problem(f"{text}; {advice}", slide.loc)
    if shrunk:
        where = f" at the smallest size ({area.lead:.3g} pt)"
        if area.name == "the code" and over.over_h > 0 and policy == "shrink":
            advice = "set fit: split to continue it on more slides, or shorten it"
        elif area.name != "text":
            advice = "shorten it"
        elif policy == "split":
            where = " on a slide of its own" + where
            advice = "shorten the paragraph"
        else:
            advice = "shorten it" if cont else "split the slide or shorten it"
    else:
        where = ""
        advice = "shorten it, or set fit: shrink or split"
    if over.over_w > 0 and over.over_h > 0:
        text = (
            f"{area.name} is {_mm(over.over_w)} mm too wide (its longest line has "
            f"{over.longest} characters) and {_mm(over.over_h)} mm ({_lines(over.lines)}) "
            f"too tall for its box{where}"
        )
        return Problem(f"{text}; shorten it", slide.loc)
    if over.over_w > 0:
        text = (
            f"{area.name} is {_mm(over.over_w)} mm wider than its box{where} (its longest "
            f"line has {over.longest} characters)"
        )
        return Problem(f"{text}; shorten the lines", slide.loc)
    text = f"{area.name} is {_mm(over.over_h)} mm ({_lines(over.lines)}) taller than its box"
    return Problem(f"{text}{where}; {advice}", slide.loc)


def named(problem: Problem, slide: SlidePlan) -> Problem:
    """Return ``problem`` with its message starting "slide N 'Title': "."""
    title = plain(slide.title)
    name = f"slide {slide.number}" + (f" '{_short(title)}'" if title else "")
    return dataclasses.replace(problem, message=f"{name}: {problem.message}")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mm(emu: int) -> int:
    return max(1, round(emu / _EMU_PER_MM))


def _lines(n: int) -> str:
    return "1 line" if n == 1 else f"{n} lines"
