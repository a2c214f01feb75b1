"""Fitting: every slide's text fits its boxes after shrink or split, or is reported."""

from __future__ import annotations

import dataclasses
import random
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from podium.commands.build import load_plan
from podium.errors import Location
from podium.plan.fit_areas import MIN_BODY_PT, MIN_TEXT_PT
from podium.plan.fit_deck import fit
from podium.plan.fit_split import CONT
from podium.plan.markup import Para, Run, plain
from podium.plan.types import CodePlan, CodeToken, DeckPlan, SectionPlan, SlidePlan, TablePlan
from podium.template.look import theme_from_template
from podium.template.theme import DEFAULT_THEME

REPO = Path(__file__).resolve().parents[2]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

# -- a stress deck: long bullets and long titles in English and Japanese ------------------------

EN = " ".join(
    (
        "human security protects the vital core of all human lives in ways that enhance freedoms",
        "and fulfilment; it means protecting people from critical and pervasive threats and",
        "situations, building on their strengths and aspirations, and creating political, social,",
        "environmental, economic, military and cultural systems that together give people the",
        "building blocks of survival, livelihood and dignity",
    )
).split(" ")
JA = (
    "人間の安全保障は、人間の生にとってかけがえのない中枢部分を守り、すべての人の自由と可能性を"
    "実現することです。それは、重大かつ広範な脅威や状況から人々を守り、人々の強さと希望に立脚した"
    "政治、社会、環境、経済、軍事、文化のシステムを築くことを意味します。"
    "国際協力機構（JICA）は2003年から、この考え方を現場で実践しています。"
)


def stress_deck(fit_policy: str, *, heavy: bool, seed: int = 7) -> str:
    """Return deck.yaml text with long bullets and titles in English and Japanese.

    heavy: more text than shrink can fit (for split); otherwise shrink can fit all of it.
    """
    rng = random.Random(seed)

    def en(n: int) -> str:
        return " ".join(rng.choice(EN) for _ in range(n)).capitalize()

    def ja(n: int) -> str:
        start = rng.randrange(len(JA))
        return (JA * 2)[start : start + n]

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [
        f"title: Stress test\nlang: en\nfit: {fit_policy}\nsection_titles: numbered\n"
        "slide_numbers: false\nslides:",
        "  - layout: title\n    subtitle: " + q(en(12)),
    ]
    for k in range(6):
        japanese = k % 2 == 1
        out.append(f"  - title: {q(ja(30) if japanese else en(9))}\n    bullets:")
        for _ in range(rng.randint(6, 12) if heavy else rng.randint(4, 6)):
            text = q(ja(rng.randint(20, 120)) if japanese else en(rng.randint(8, 40)))
            if rng.random() < 0.4:
                out.append(f"      - text: {text}\n        bullets:")
                for _ in range(rng.randint(1, 3)):
                    child = ja(rng.randint(15, 60)) if japanese else en(rng.randint(5, 25))
                    out.append("          - " + q(child))
            else:
                out.append("      - " + text)
    out.append("  - section: " + q(en(5)) + "\n    slides:")
    for _ in range(3):
        out.append(f"      - title: {q(en(6))}\n        bullets:")
        for _ in range(rng.randint(8, 14) if heavy else rng.randint(5, 8)):
            out.append("          - " + q(en(rng.randint(10, 30))))
    out.append("  - layout: two-column\n    title: " + q(en(5)) + "\n    left:")
    for _ in range(8 if heavy else 6):
        out.append("      - " + q(en(rng.randint(8, 25))))
    out.append("    right:")
    for _ in range(8):
        out.append("      - " + q(ja(rng.randint(20, 60))))
    out.append("  - layout: quote\n    quote: " + q(en(90)) + "\n    attribution: " + q(en(6)))
    code = "\n".join(
        f"{'    ' * (i % 3)}value_{i} = compute(alpha, beta, gamma)  # {en(4)}"
        for i in range(60 if heavy else 22)
    )
    out.append(
        "  - layout: code\n    title: Code\n    language: python\n    code: |\n"
        + textwrap.indent(code, "      ")
    )
    # titles of three lines at the template's size
    out.append(f"  - title: {q(en(26))}\n    bullets:\n      - {q(en(12))}")
    out.append(f"  - title: {q(ja(60))}\n    bullets:\n      - {q(ja(40))}")
    # a table of 30 rows (10 for shrink), and one whose cell has 400 words
    out.append("  - layout: table\n    title: " + q(en(4)) + "\n    header: [Item, Share, Note]")
    out.append("    rows:")
    for i in range(30 if heavy else 10):
        out.append(f'      - [{q(en(2))}, "{i}.5 %", {q(en(rng.randint(3, 14)))}]')
    out.append("  - layout: table\n    title: " + q(en(3)) + "\n    header: [Term, Meaning]")
    out.append(f"    rows:\n      - [Human security, {q(en(400))}]")
    return "\n".join(out) + "\n"


def stress_plan(folder: Path, fit_policy: str, *, heavy: bool) -> DeckPlan:
    path = folder / f"stress-{fit_policy}.yaml"
    path.write_text(stress_deck(fit_policy, heavy=heavy), encoding="utf-8")
    return load_plan(path, fitted=False)


# -- small plans built by hand ----------------------------------------------------------------


def slide(index: int, layout: str = "bullets", **kw: object) -> SlidePlan:
    fields: dict[str, object] = {
        "index": index,
        "number": index + 1,
        "layout": layout,
        "anchor": str(index + 1),
        "loc": Location("deck.yaml", 10 * (index + 1), 5),
    }
    fields.update(kw)
    return SlidePlan(**fields)  # type: ignore[arg-type]


def deck(*slides: SlidePlan, sections: tuple[SectionPlan, ...] = ()) -> DeckPlan:
    return DeckPlan(
        name="t", source=Path("deck.yaml"), title=(Run("T"),), slides=slides, sections=sections
    )


def bullets(n: int, words: int = 12, level: int = 0) -> tuple[Para, ...]:
    return tuple(
        Para(
            (Run(f"Point {k}: " + " ".join(EN[(k + i) % len(EN)] for i in range(words))),),
            level,
            "•",
        )
        for k in range(n)
    )


# -- the reference template says what fit assumes ------------------------------------------------


def test_fit_built_in_master_text_is_the_reference_templates() -> None:
    reference = DEFAULT_THEME.master_text
    with zipfile.ZipFile(REPO / "templates" / "reference.pptx") as z:
        master = etree.fromstring(z.read("ppt/slideMasters/slideMaster1.xml"))
    body = master.find(f"{P}txStyles/{P}bodyStyle")
    assert body is not None
    levels = [body.find(f"{A}lvl{n}pPr") for n in range(1, 10)]
    assert [int(lv.get("marL", "")) for lv in levels if lv is not None] == list(reference.margins)
    # a hanging bullet: the first line's text starts at marL like the others
    assert {lv.get("indent") for lv in levels if lv is not None} == {"-342900"}
    spaces = {
        sp.get("val")
        for lv in levels
        if lv is not None
        for sp in lv.iterfind(f"{A}spcBef/{A}spcPts")
    }
    assert spaces == {str(round(DEFAULT_THEME.para_space * 100))}
    title = master.find(f"{P}txStyles/{P}titleStyle/{A}lvl1pPr/{A}lnSpc/{A}spcPct")
    assert title is not None and int(title.get("val", "")) / 100000 == reference.title_spacing
    insets = {
        (bp.get("lIns"), bp.get("rIns"), bp.get("tIns"), bp.get("bIns"))
        for bp in master.iter(f"{A}bodyPr")
    }
    assert insets == {("91440", "91440", "45720", "45720")}
    assert reference.space_before == DEFAULT_THEME.para_space
    assert theme_from_template(REPO / "templates" / "reference.pptx").master_text == reference


# -- shrink ------------------------------------------------------------------------------------


def test_fit_shrink_makes_the_stress_deck_fit(tmp_path: Path) -> None:
    plan = stress_plan(tmp_path, "shrink", heavy=False)
    fitted, problems = fit(plan)
    assert [p.render() for p in problems] == []
    assert len(fitted.slides) == len(plan.slides)
    scales = [s.scale for s in fitted.slides]
    assert min(scales) < 0.7  # the test has teeth: most slides had to shrink
    assert all(s.scale * DEFAULT_THEME.body_sizes[0] >= MIN_BODY_PT for s in fitted.slides)
    # measured again at the chosen sizes, nothing overflows
    _again, left = fit(fitted, lambda _s: "warn")
    assert left == []


def test_fit_shrink_takes_the_largest_scale_that_fits() -> None:
    plan = deck(slide(0, title=(Run("Dense"),), body=bullets(9, words=18)))
    fitted, problems = fit(plan)
    scale = fitted.slides[0].scale
    assert problems == [] and 0.5 < scale < 1.0
    # one step larger overflows
    bigger = dataclasses.replace(fitted.slides[0], scale=round(scale + 0.025, 3))
    _p, left = fit(deck(bigger), lambda _s: "warn")
    assert len(left) == 1


def test_fit_shrink_leaves_fitting_slides_alone() -> None:
    plan = load_plan(REPO / "deck.yaml")
    fitted, problems = fit(plan)
    assert problems == []
    shrunk = {s.title_text: s.scale for s in fitted.slides if s.scale != 1.0}
    assert list(shrunk) == ["References"]


def test_fit_shrink_floor_keeps_deep_levels_readable() -> None:
    body = (*bullets(30, words=20), *bullets(3, words=20, level=3))
    fitted, problems = fit(deck(slide(0, title=(Run("Deep"),), body=body)))
    # level 3 is 18 pt: it may not go below 12 pt, so the scale stops at 2/3
    assert fitted.slides[0].scale == pytest.approx(MIN_TEXT_PT / 18)
    assert len(problems) == 1 and "at the smallest size (18.7 pt)" in problems[0].message


# -- split -------------------------------------------------------------------------------------


def test_fit_split_continues_the_stress_deck_on_new_slides(tmp_path: Path) -> None:
    plan = stress_plan(tmp_path, "split", heavy=True)
    fitted, problems = fit(plan)
    assert [p.render() for p in problems] == []
    conts = [s for s in fitted.slides if plain(s.title).endswith(CONT)]
    assert len(fitted.slides) > len(plan.slides) + 5 and len(conts) > 5
    for s in fitted.slides:
        assert s.index == fitted.slides.index(s)
        assert s.number == s.index + 1
        assert s.anchor == str(s.number)
        if s.layout == "bullets":
            assert s.scale == 1.0
    for cont in conts:
        assert cont.notes == ()
    # every paragraph kept, in order, on the original and its continuations
    originals = [p for s in plan.slides for p in s.body]
    assert [p for s in fitted.slides for p in s.body] == originals
    # the section holds its slides and their continuations
    (section,) = fitted.sections
    members = fitted.slides[section.first : section.first + section.count]
    assert all(s.section == 0 for s in members)
    assert [s.section for s in fitted.slides].count(0) == section.count
    _again, left = fit(fitted, lambda _s: "warn")
    assert left == []


def test_fit_split_renumbers_and_keeps_ids() -> None:
    plan = deck(
        slide(0, title=(Run("Intro"),), body=bullets(2), notes=(Para((Run("say hi"),)),)),
        slide(
            1,
            title=(Run("Long"),),
            body=bullets(9, words=16),
            anchor="long",
            notes=(Para((Run("notes"),)),),
            section=0,
        ),
        slide(2, title=(Run("End"),), body=bullets(2), section=0),
        sections=(SectionPlan((Run("S"),), (), 1, 2),),
    )
    fitted, problems = fit(plan, lambda _s: "split")
    assert problems == []
    titles = [plain(s.title) for s in fitted.slides]
    assert titles == ["Intro", "Long", "Long (cont.)", "Long (cont.)", "End"]
    assert [s.anchor for s in fitted.slides] == ["1", "long", "3", "4", "5"]
    assert [s.number for s in fitted.slides] == [1, 2, 3, 4, 5]
    assert [bool(s.notes) for s in fitted.slides] == [True, True, False, False, False]
    assert [s.section for s in fitted.slides] == [None, 0, 0, 0, 0]
    assert (fitted.sections[0].first, fitted.sections[0].count) == (1, 4)
    assert fitted.slides[3].loc == plan.slides[1].loc


def test_fit_split_keeps_a_bullet_with_its_sub_bullets() -> None:
    body: list[Para] = []
    for _k in range(6):
        body.extend(bullets(1, words=14))
        body.extend(bullets(2, words=10, level=1))
    fitted, _problems = fit(deck(slide(0, title=(Run("T"),), body=tuple(body))), lambda _s: "split")
    assert len(fitted.slides) >= 2
    for s in fitted.slides:
        assert s.body[0].level == 0


def test_fit_split_shrinks_layouts_it_cannot_split() -> None:
    left = bullets(9, words=12)
    fitted, problems = fit(
        deck(slide(0, "two-column", title=(Run("Two"),), left=left, right=bullets(2))),
        lambda _s: "split",
    )
    assert len(fitted.slides) == 1 and fitted.slides[0].scale < 1.0 and problems == []


# -- what is reported --------------------------------------------------------------------------

TOO_MUCH = bullets(40, words=20)
FILLER = tuple(slide(i, title=(Run(f"Slide {i}"),), body=bullets(1)) for i in range(6))
WIDE = CodePlan("python", tuple((CodeToken("x = " + "a" * 150),) for _ in range(12)))
LONG = CodePlan("python", tuple((CodeToken(f"x{i} = compute(a, b)"),) for i in range(40)))
BOTH = CodePlan("python", WIDE.lines + LONG.lines)
ROWS = TablePlan(
    ((Run("A"),), (Run("B"),)), tuple(((Run(f"r{i}"),), (Run("cell text"),)) for i in range(40))
)
HUGE_CELL = TablePlan(
    ((Run("A"),), (Run("B"),)),
    (((Run("x"),), (Run("word " * 1500),)), ((Run("y"),), (Run("z"),))),
)


@pytest.mark.parametrize(
    ("policy", "case", "expected"),
    [
        (
            "shrink",
            slide(6, title=(Run("Title"),), body=TOO_MUCH),
            "deck.yaml:70:5: warning: slide 7 'Title': text is 379 mm (64 lines) taller than its "
            "box at the smallest size (14 pt); split the slide or shorten it",
        ),
        (
            "warn",
            slide(6, title=(Run("Title"),), body=TOO_MUCH),
            "deck.yaml:70:5: warning: slide 7 'Title': text is 1298 mm (110 lines) taller than its "
            "box; shorten it, or set fit: shrink or split",
        ),
        (
            "error",
            slide(6, title=(Run("Title"),), body=TOO_MUCH),
            "deck.yaml:70:5: error: slide 7 'Title': text is 1298 mm (110 lines) taller than its "
            "box; shorten it, or set fit: shrink or split",
        ),
        (
            "split",
            slide(6, title=(Run("One"),), body=(Para((Run("word " * 900),)),)),
            "deck.yaml:70:5: warning: slide 7 'One': text is 83 mm (14 lines) taller than its box "
            "on a slide of its own at the smallest size (14 pt); shorten the paragraph",
        ),
        (
            "shrink",
            slide(6, title=(Run("A title far too long for its box " * 14),)),
            "deck.yaml:70:5: warning: slide 7 'A title far too long for its box A titl…': the "
            "title takes 4 lines at the smallest size (20 pt), its box holds 3; shorten the title",
        ),
        (
            "warn",
            slide(6, title=(Run("A title far too long for its box " * 6),)),
            "deck.yaml:70:5: warning: slide 7 'A title far too long for its box A titl…': the "
            "title takes 3 lines, its box holds 2; shorten the title, or set fit: shrink",
        ),
        (
            "shrink",
            slide(6, "table", title=(Run("Table"),), table=ROWS),
            "deck.yaml:70:5: warning: slide 7 'Table': the table is 269 mm (28 rows) taller than "
            "its box at the smallest size (12 pt); set fit: split to continue it on more slides, "
            "or shorten it",
        ),
        (
            "error",
            slide(6, "table", title=(Run("Table"),), table=ROWS),
            "deck.yaml:70:5: error: slide 7 'Table': the table is 373 mm (31 rows) taller than its "
            "box; shorten it, or set fit: shrink or split",
        ),
        (
            "split",
            slide(6, "table", title=(Run("Table"),), table=HUGE_CELL),
            "deck.yaml:70:5: warning: slide 7 'Table': the table is 151 mm (1 row) taller than its "
            "box with one row at the smallest size (12 pt); shorten the row's cells",
        ),
        (
            "shrink",
            slide(6, "code", title=(Run("Code"),), code=WIDE),
            "deck.yaml:70:5: warning: slide 7 'Code': the code is 96 mm wider than its box at the "
            "smallest size (12 pt) (its longest line has 154 characters); shorten the lines",
        ),
        (
            "shrink",
            slide(6, "code", title=(Run("Code"),), code=LONG),
            "deck.yaml:70:5: warning: slide 7 'Code': the code is 89 mm (18 lines) taller than its "
            "box at the smallest size (12 pt); set fit: split to continue it on more slides, or "
            "shorten it",
        ),
        (
            "warn",
            slide(6, "code", title=(Run("Code"),), code=BOTH),
            "deck.yaml:70:5: warning: slide 7 'Code': the code is 292 mm too wide (its longest "
            "line has 154 characters) and 282 mm (37 lines) too tall for its box; shorten it",
        ),
        (
            "shrink",
            slide(6, "quote", quote=(Run("Words that go on. " * 120),)),
            "deck.yaml:70:5: warning: slide 7: the quote is 23 mm (4 lines) taller than its box at "
            "the smallest size (14 pt); shorten it",
        ),
        (
            "warn",
            slide(
                6, "two-column", title=(Run("Two"),), left=bullets(2), right=bullets(12, words=14)
            ),
            "deck.yaml:70:5: warning: slide 7 'Two': the right column is 397 mm (34 lines) taller "
            "than its box; shorten it, or set fit: shrink or split",
        ),
    ],
)
def test_fit_problem_texts(policy: str, case: SlidePlan, expected: str) -> None:
    _fitted, problems = fit(deck(*FILLER, case), lambda _s: policy)
    assert [p.render() for p in problems] == [expected]


def test_fit_policy_comes_from_the_slide() -> None:
    plan = deck(
        slide(0, title=(Run("A"),), body=TOO_MUCH, fit="warn"),
        slide(1, title=(Run("B"),), body=TOO_MUCH, fit="error"),
        slide(2, title=(Run("C"),), body=TOO_MUCH),
    )
    fitted, problems = fit(plan)
    assert [p.severity for p in problems] == ["warning", "error", "warning"]
    assert [s.scale for s in fitted.slides][:2] == [1.0, 1.0]
    assert fitted.slides[2].scale < 1.0


def test_fit_is_deterministic(tmp_path: Path) -> None:
    plan = stress_plan(tmp_path, "split", heavy=True)
    assert fit(plan) == fit(plan)


# -- titles, tables, code ---------------------------------------------------------------------


def test_fit_titles_shrink_on_their_own_scale(tmp_path: Path) -> None:
    fitted, problems = fit(stress_plan(tmp_path, "shrink", heavy=False))
    assert problems == []
    long_titles = [s for s in fitted.slides if s.title_scale < 1.0]
    assert len(long_titles) >= 2
    for s in long_titles:
        assert s.title_scale * DEFAULT_THEME.title_size >= 20
        # one step larger and the title overflows; the body's scale is its own
        bigger = dataclasses.replace(s, title_scale=round(s.title_scale + 0.025, 3))
        _p, left = fit(deck(bigger), lambda _s: "warn")
        assert [p.message.split(": ", 1)[1][:9] for p in left] == ["the title"]


def test_fit_split_table_repeats_the_header_and_keeps_every_row(tmp_path: Path) -> None:
    plan = stress_plan(tmp_path, "split", heavy=True)
    fitted, problems = fit(plan)
    assert problems == []
    original = next(s for s in plan.slides if s.table is not None and len(s.table.rows) == 30)
    assert original.table is not None
    pieces = [
        s for s in fitted.slides if s.table is not None and s.table.header == original.table.header
    ]
    assert len(pieces) >= 3
    assert [plain(s.title) for s in pieces[1:]] == [plain(original.title) + CONT] * (
        len(pieces) - 1
    )
    assert [row for s in pieces for row in s.table.rows] == list(original.table.rows)  # type: ignore[union-attr]
    theme = fitted.theme
    for s in pieces:
        assert s.table is not None and len(s.table.heights) == len(s.table.rows) + 1
        assert sum(s.table.heights) <= theme.box("body").h


def test_fit_split_code_between_lines_never_wrapped(tmp_path: Path) -> None:
    plan = stress_plan(tmp_path, "split", heavy=True)
    fitted, _problems = fit(plan)
    original = next(s for s in plan.slides if s.code is not None)
    assert original.code is not None and len(original.code.lines) == 60
    pieces = [s for s in fitted.slides if s.code is not None]
    assert len(pieces) > 1
    assert [line for s in pieces for line in s.code.lines] == list(original.code.lines)  # type: ignore[union-attr]
    assert all(s.scale * DEFAULT_THEME.code_size >= MIN_TEXT_PT for s in pieces)
    _again, left = fit(dataclasses.replace(fitted, slides=tuple(pieces)), lambda _s: "warn")
    assert left == []


def test_fit_error_stops_tables_code_and_titles_with_located_errors(tmp_path: Path) -> None:
    plan = stress_plan(tmp_path, "error", heavy=True)
    _fitted, problems = fit(plan)
    kinds = {p.message.split(": ", 1)[1].split(" ")[1] for p in problems}
    assert {"title", "table", "code"} <= kinds
    assert all(p.severity == "error" and p.loc is not None and p.loc.line > 0 for p in problems)


def test_fit_quote_is_italic_except_cjk() -> None:
    from podium.plan.markup import quote_runs

    runs = quote_runs((Run("He said 「人間の安全保障」 today"),))
    assert [(r.text, r.italic) for r in runs] == [
        ("He said ", True),
        ("「人間の安全保障」", False),
        (" today", True),
    ]


def test_fit_split_code_keeps_each_highlight_on_its_lines() -> None:
    from podium.plan.types import CodeHighlight, StepsPlan

    steps = StepsPlan(count=2, highlights=(CodeHighlight(1, 2, 4), CodeHighlight(2, 30, 35)))
    case = slide(0, "code", title=(Run("Code"),), code=LONG, steps=steps)
    fitted, problems = fit(deck(case), lambda _s: "split")
    assert problems == [] and len(fitted.slides) > 1
    found = []
    start = 0
    for s in fitted.slides:
        assert s.code is not None
        for m in s.steps.highlights:
            found.append([line[0].text for line in s.code.lines[m.first : m.last + 1]])
            assert s.steps.count == len(s.steps.highlights) and m.step >= 1
        start += len(s.code.lines)
    assert [line for lines in found for line in lines] == [
        f"x{i} = compute(a, b)" for i in (*range(2, 5), *range(30, 36))
    ]


def test_fit_split_stress_deck_pptx_validates(tmp_path: Path) -> None:
    """Measured tables (explicit fills and rules), shrunk titles, split code and inline code
    on its background give a file the Open XML schema accepts."""
    from openxml_audit import validate_pptx

    from podium.render import pptx as render_pptx

    fitted, _problems = fit(stress_plan(tmp_path, "split", heavy=True))
    code = (Run("Run "), Run("podium build", code=True))
    extra = slide(len(fitted.slides), title=code, body=(Para(code, 0, "•"),))
    plan = dataclasses.replace(fitted, slides=(*fitted.slides, extra))
    path = tmp_path / "stress.pptx"
    path.write_bytes(render_pptx.render(plan))
    result = validate_pptx(str(path))
    assert result.is_valid, result.errors
