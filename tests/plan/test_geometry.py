"""One home per geometry number: both renderers draw what podium.plan.geometry decides."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from browser import code_plan, sample_plan
from pptx import Presentation
from pptx.util import Emu

from podium.plan.geometry import (
    CODE_INSET_EMU,
    ROW_AIR_EMU,
    TABLE_RULE_EMU,
    code_height,
    fit_contain,
    row_height,
    title_box,
)
from podium.plan.types import SlidePlan, TablePlan
from podium.render import html, pptx
from podium.template.theme import (
    DEFAULT_THEME,
    EMU_PER_PT,
    EMU_PER_PX,
    INSET_X_EMU,
    INSET_Y_EMU,
    LEVEL_INDENT_EMU,
)

ROOT = Path(__file__).resolve().parents[2]


def _props(text: str) -> dict[str, str]:
    root = re.search(r":root\{([^}]*)\}", text)
    assert root is not None
    return dict(item.split(":", 1) for item in root.group(1).split(";"))


def test_geometry_fit_contain_keeps_the_ratio() -> None:
    assert fit_contain(400, 200, 1000, 1000) == (1000, 500)
    assert fit_contain(0, 200, 1000, 800) == (1000, 800)


def test_geometry_code_box_hugs_its_lines_within_the_body() -> None:
    theme = DEFAULT_THEME
    short = SlidePlan(0, 1, "code", "1", code=code_plan("a = 1\nb = 2"))
    pitch = theme.code_size * theme.line_pitch * EMU_PER_PT
    assert code_height(short, theme) == round(2 * pitch) + 2 * CODE_INSET_EMU + CODE_INSET_EMU // 2
    long = SlidePlan(0, 1, "code", "1", code=code_plan("x\n" * 400))
    assert code_height(long, theme) == theme.box("body").h


def test_geometry_table_rows_share_the_body() -> None:
    theme = DEFAULT_THEME
    slide = SlidePlan(0, 1, "table", "1", scale=0.5)
    one = round(theme.table_size * 0.5 * theme.line_pitch * EMU_PER_PT)
    assert row_height(slide, theme, 2) == one + 2 * INSET_Y_EMU + ROW_AIR_EMU
    assert row_height(slide, theme, 1000) == theme.box("body").h // 1000


def test_geometry_the_html_receives_every_shared_number(tmp_path: Path) -> None:
    props = _props(html.render(sample_plan(tmp_path)))
    expected = {
        "--inset-x": INSET_X_EMU,
        "--inset-y": INSET_Y_EMU,
        "--indent": LEVEL_INDENT_EMU,
        "--code-inset": CODE_INSET_EMU,
        "--code-inset-bottom": CODE_INSET_EMU * 3 // 2,
        "--table-rule-width": TABLE_RULE_EMU,
    }
    for name, emu in expected.items():
        assert float(props[name].removesuffix("px")) == round(emu / EMU_PER_PX, 3), name


def test_geometry_the_stylesheet_copies_no_number_by_hand() -> None:
    css = (ROOT / "templates" / "html" / "podium.css").read_text(encoding="utf-8")
    for rule in (".code {", ".table-box th, .table-box td {"):
        body = css[css.index(rule) : css.index("}", css.index(rule))]
        assert not re.search(r"\d+(\.\d+)?px", body), body


def test_geometry_powerpoint_draws_the_planned_code_and_rows(tmp_path: Path) -> None:
    plan = sample_plan(tmp_path)
    code = next(s for s in plan.slides if s.layout == "code")
    table = SlidePlan(0, 1, "table", "t", table=TablePlan(((),), (((),), ((),))), scale=1.0)
    plan = replace(plan, slides=(replace(code, index=0), replace(table, index=1)), sections=())
    prs = Presentation(io.BytesIO(pptx.render(plan)))
    code_shape = next(s for s in prs.slides[0].shapes if s.has_text_frame and s.fill.type)
    assert code_shape.height == Emu(code_height(code, plan.theme))
    assert code_shape.text_frame.margin_left == Emu(CODE_INSET_EMU)
    grid = next(s for s in prs.slides[1].shapes if s.has_table).table
    assert {r.height for r in grid.rows} == {row_height(table, plan.theme, 3)}


def test_geometry_powerpoint_titles_sit_in_the_box_fitting_measures(tmp_path: Path) -> None:
    plan = sample_plan(tmp_path)
    prs = Presentation(io.BytesIO(pptx.render(plan)))
    slides = zip(plan.slides, prs.slides, strict=True)
    titled = [(s, shown) for s, shown in slides if s.title and s.layout != "blank"]
    assert {"title", "section", "bullets", "quote"} <= {s.layout for s, _shown in titled}
    for slide, shown in titled:
        shape = shown.shapes.title
        assert shape is not None, slide.layout
        box = title_box(slide, plan.theme)
        where = (shape.left, shape.top, shape.width, shape.height)
        assert where == (box.x, box.y, box.w, box.h), slide.layout
