"""Tests for the PowerPoint renderer and the reference template it builds on."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest_pptx_helpers import CREATED, IMAGE_SIZE, every_layout_plan, make_image, t
from office import to_pdf
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.presentation import Presentation as PresentationT
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.text.text import _Paragraph

from podium.errors import TemplateError
from podium.plan.geometry import fit_contain
from podium.plan.markup import Para, Run
from podium.plan.types import DeckPlan, SlidePlan
from podium.render.pptx import render
from podium.render.pptx_package import office_lang
from podium.template.layouts import LAYOUT_TYPES
from podium.template.theme import DEFAULT_THEME

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
THEME = DEFAULT_THEME

# Slide positions in every_layout_plan.
TITLE, AGENDA, SECTION, BULLETS, TWO, QUOTE, IMAGE, TABLE, CODE, BLANK = range(10)


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img"))


@pytest.fixture(scope="module")
def plan(image: Path) -> DeckPlan:
    return every_layout_plan(image)


@pytest.fixture(scope="module")
def data(plan: DeckPlan) -> bytes:
    return render(plan)


@pytest.fixture(scope="module")
def prs(data: bytes) -> PresentationT:
    return Presentation(io.BytesIO(data))


def slide_at(prs: PresentationT, n: int) -> Slide:
    return prs.slides[n]


def texts(slide: Slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def body_paragraphs(slide: Slide, idx: int = 1) -> tuple[_Paragraph, ...]:
    return slide.placeholders[idx].text_frame.paragraphs


def runs_xml(slide: Slide) -> list[BaseOxmlElement]:
    return list(slide._element.iter(qn("a:r")))


def run_text(r: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in r.iter(qn("a:t")))


# -- structure ------------------------------------------------------------------------------


def test_render_slide_count_and_16_9_size(prs: PresentationT, plan: DeckPlan) -> None:
    assert len(prs.slides) == len(plan.slides)
    assert (prs.slide_width, prs.slide_height) == (THEME.width, THEME.height)
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001


def test_render_titles_in_title_placeholders(prs: PresentationT, plan: DeckPlan) -> None:
    for slide, slide_plan in zip(prs.slides, plan.slides, strict=True):
        if slide_plan.title:
            assert slide.shapes.title is not None
            assert slide.shapes.title.text_frame.text == slide_plan.title_text
        else:
            assert slide.shapes.title is None


def test_render_picks_layouts_by_type(prs: PresentationT, plan: DeckPlan) -> None:
    for slide, slide_plan in zip(prs.slides, plan.slides, strict=True):
        assert slide.slide_layout.element.get("type") == LAYOUT_TYPES[slide_plan.layout][0]


def test_render_leaves_no_empty_placeholders(prs: PresentationT) -> None:
    for slide in prs.slides:
        for ph in slide.placeholders:
            assert ph.text_frame.text.strip(), (slide.slide_id, ph.name)


def test_render_filled_placeholders_shrink_on_overflow(prs: PresentationT) -> None:
    body = slide_at(prs, BULLETS).placeholders[1]
    assert body.text_frame.auto_size == MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


def test_render_title_slide_fills_subtitle_and_byline(prs: PresentationT) -> None:
    slide = slide_at(prs, TITLE)
    assert slide.placeholders[1].text_frame.text == "Freedom from fear, freedom from want"
    byline = [p.text for p in slide.placeholders[13].text_frame.paragraphs]
    assert byline == ["Dr. Ada Lovelace", "University of Somewhere"]


def test_render_section_slide_has_subtitle(prs: PresentationT) -> None:
    slide = slide_at(prs, SECTION)
    assert slide.slide_layout.name == "Section Header"
    assert slide.placeholders[1].text_frame.text == "Where the idea came from"


# -- text -----------------------------------------------------------------------------------


def test_render_bullet_levels_and_plain_paragraphs(prs: PresentationT) -> None:
    paras = body_paragraphs(slide_at(prs, BULLETS))
    assert [p.level for p in paras] == [0, 1, 1, 0, 0, 0]
    bu_none = [p._p.find(f"{qn('a:pPr')}/{qn('a:buNone')}") is not None for p in paras]
    assert bu_none == [False, False, False, False, True, False]


def test_render_numbered_items_autonumber(prs: PresentationT) -> None:
    paras = body_paragraphs(slide_at(prs, AGENDA))
    assert [p.text for p in paras] == ["Origins", "Critiques"]
    for p in paras:
        auto = p._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}")
        assert auto is not None and auto.get("type") == "arabicPeriod"
        assert auto.get("startAt") is None


def test_render_numbered_list_starting_later(image: Path) -> None:
    body = (
        Para(t("c"), 0, "3.", 3),
        Para(t("d"), 0, "4.", 4),
        Para(t("sub"), 1, "•"),
        Para(t("e"), 0, "5.", 5),
    )
    slide = SlidePlan(0, 1, "bullets", "1", title=t("List"), body=body)
    plan = dataclasses.replace(every_layout_plan(image), slides=(slide,), sections=())
    paras = body_paragraphs(Presentation(io.BytesIO(render(plan))).slides[0])
    autonum = [p._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}") for p in paras]
    starts = [None if a is None else a.get("startAt") for a in autonum]
    assert starts == ["3", "3", None, "3"]


def test_render_bold_and_italic_runs(prs: PresentationT) -> None:
    paras = body_paragraphs(slide_at(prs, BULLETS))
    first = [(r.text, r.font.bold) for r in paras[0].runs]
    assert first == [("People, ", None), ("not", True), (" states", None)]
    second = [(r.text, r.font.italic) for r in paras[1].runs]
    assert second == [("Seven ", None), ("dimensions", True)]


def test_render_code_runs_use_mono_font_and_breaks(prs: PresentationT) -> None:
    para = body_paragraphs(slide_at(prs, BULLETS))[4]
    fonts = {r.text: r.font.name for r in para.runs}
    assert fonts == {"Call ": None, "assess()": THEME.mono_font, "then": None}
    assert len(para._p.findall(qn("a:br"))) == 1
    assert para.text == "Call assess()\vthen"
    # the code background, as the HTML draws it, on the code run only
    pills = {
        r.text: [c.get("val") for c in r._r.rPr.iterfind(f"{qn('a:highlight')}/{qn('a:srgbClr')}")]
        for r in para.runs
    }
    assert pills == {"Call ": [], "assess()": [THEME.code_bg.upper()], "then": []}


def test_render_code_in_titles_has_no_background() -> None:
    title = (Run("Using "), Run("fit()", code=True))
    slide = SlidePlan(0, 1, "bullets", "1", title=title, body=(Para(title),))
    prs = Presentation(
        io.BytesIO(render(DeckPlan("t", Path("d.yaml"), (Run("T"),), slides=(slide,))))
    )
    shapes = prs.slides[0].shapes
    assert shapes.title is not None
    highlights = [
        len(list(sh._element.iter(qn("a:highlight")))) for sh in (shapes.title, shapes[1])
    ]
    assert highlights == [0, 1]


def test_render_hyperlinks(prs: PresentationT) -> None:
    links = [
        (r.text, r.hyperlink.address)
        for p in body_paragraphs(slide_at(prs, BULLETS))
        for r in p.runs
        if r.hyperlink.address
    ]
    assert links == [("the report", "https://hdr.undp.org/1994"), ("us", "mailto:ada@example.org")]


def test_render_lang_on_every_run(prs: PresentationT) -> None:
    for slide in prs.slides:
        for r in runs_xml(slide):
            assert r.find(qn("a:rPr")).get("lang") == "en-US", run_text(r)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "en-US"), ("ja", "ja-JP"), ("en-GB", "en-GB"), ("de", "de-DE"), ("zh-Hant", "zh-Hant")],
)
def test_office_lang_adds_the_usual_region(tag: str, expected: str) -> None:
    assert office_lang(tag) == expected


def test_render_writes_region_tags_as_given(image: Path) -> None:
    prs = Presentation(io.BytesIO(render(every_layout_plan(image, lang="en-GB"))))
    langs = {r.find(qn("a:rPr")).get("lang") for s in prs.slides for r in runs_xml(s)}
    assert langs == {"en-GB"}
    assert prs.core_properties.language == "en-GB"


def test_render_east_asian_font_only_on_cjk_runs(prs: PresentationT) -> None:
    # Named as PowerPoint users have it (measured with Noto Sans CJK JP); the English deck's
    # Japanese run says its language for spelling and font choice.
    for slide in prs.slides:
        for r in runs_xml(slide):
            rPr = r.find(qn("a:rPr"))
            ea = rPr.find(qn("a:ea"))
            if run_text(r) == "人間の安全保障":
                assert ea is not None and ea.get("typeface") == "Yu Gothic"
                assert (rPr.get("lang"), rPr.get("altLang")) == ("en-US", "ja-JP")
            else:
                assert ea is None, run_text(r)
                assert rPr.get("altLang") is None


@pytest.mark.parametrize(
    ("lang", "text", "typeface", "alt"),
    [
        ("ja", "人間の安全保障", "Yu Gothic", None),
        ("zh", "人类安全", "Microsoft YaHei", None),
        ("zh-Hant", "人類安全", "Microsoft JhengHei", None),
        ("en", "인간 안보", "Malgun Gothic", "ko-KR"),
        ("ko", "人間安保", "Malgun Gothic", None),
        ("de", "安全保障", "Yu Gothic", "ja-JP"),
        ("en", "人类安全", "Yu Gothic", "ja-JP"),
    ],
)
def test_render_east_asian_font_per_language(
    image: Path, lang: str, text: str, typeface: str, alt: str | None
) -> None:
    plan = every_layout_plan(image, lang=lang)
    slides = list(plan.slides)
    slides[1] = dataclasses.replace(slides[1], title=t(text))
    prs = Presentation(io.BytesIO(render(dataclasses.replace(plan, slides=tuple(slides)))))
    found = {
        (r.find(f"{qn('a:rPr')}/{qn('a:ea')}").get("typeface"), r.find(qn("a:rPr")).get("altLang"))
        for s in prs.slides
        for r in runs_xml(s)
        if run_text(r) == text
    }
    assert found == {(typeface, alt)}


def test_render_template_east_asian_font_is_kept(image: Path) -> None:
    plan = every_layout_plan(image)
    theme = dataclasses.replace(plan.theme, ea_typeface="Meiryo")
    prs = Presentation(io.BytesIO(render(dataclasses.replace(plan, theme=theme))))
    faces = {
        r.find(f"{qn('a:rPr')}/{qn('a:ea')}").get("typeface")
        for s in prs.slides
        for r in runs_xml(s)
        if run_text(r) == "人間の安全保障"
    }
    assert faces == {"Meiryo"}


def test_render_code_runs_are_not_proofed(prs: PresentationT) -> None:
    # PowerPoint would underline identifiers as misspelt words
    proofed = {}
    for slide in prs.slides:
        for r in runs_xml(slide):
            rPr = r.find(qn("a:rPr"))
            latin = rPr.find(qn("a:latin"))
            is_code = latin is not None and latin.get("typeface") == THEME.mono_font
            proofed[run_text(r)] = (is_code, rPr.get("noProof"))
    assert proofed["assess()"] == (True, "1")
    assert proofed["def"] == (True, "1")
    assert all(no == ("1" if code else None) for code, no in proofed.values())


def test_render_notes_with_list_items(prs: PresentationT) -> None:
    slide = slide_at(prs, BULLETS)
    assert slide.has_notes_slide
    paras = slide.notes_slide.notes_text_frame.paragraphs
    assert [p.text for p in paras] == ["Start with a question.", "Ask about states"]
    bullet = paras[1]._p.find(f"{qn('a:pPr')}/{qn('a:buChar')}")
    assert bullet is not None and bullet.get("char") == "•"
    assert int(paras[1]._p.pPr.get("marL")) > 0
    assert not slide_at(prs, TWO).has_notes_slide


def test_render_scale_writes_scaled_body_sizes(image: Path) -> None:
    plan = every_layout_plan(image)
    bullets = dataclasses.replace(plan.slides[BULLETS], scale=0.8)
    plan = dataclasses.replace(plan, slides=(bullets,))
    prs = Presentation(io.BytesIO(render(plan)))
    paras = body_paragraphs(prs.slides[0])
    sizes = [{r.font.size.pt for r in p.runs} for p in paras[:2]]
    assert sizes == [{22.4}, {19.2}]  # 28 and 24 pt at 0.8


def test_render_unscaled_body_inherits_sizes(prs: PresentationT) -> None:
    assert all(r.font.size is None for p in body_paragraphs(slide_at(prs, BULLETS)) for r in p.runs)


# -- footer, hidden, sections, metadata -----------------------------------------------------


def latent(slide: Slide, kind: PP_PLACEHOLDER) -> list[BaseShape]:
    return [ph for ph in slide.placeholders if ph.placeholder_format.type == kind]


def test_render_slide_number_is_a_live_field(prs: PresentationT) -> None:
    slide = slide_at(prs, BULLETS)
    (number,) = latent(slide, PP_PLACEHOLDER.SLIDE_NUMBER)
    fields = list(number._element.iter(qn("a:fld")))
    assert [f.get("type") for f in fields] == ["slidenum"]
    assert fields[0].find(qn("a:t")).text == "4"
    assert number._element.find(f"{qn('p:spPr')}/{qn('a:xfrm')}") is None  # inherits position


def test_render_footer_and_date_text(prs: PresentationT) -> None:
    slide = slide_at(prs, BULLETS)
    (footer,) = latent(slide, PP_PLACEHOLDER.FOOTER)
    (date,) = latent(slide, PP_PLACEHOLDER.DATE)
    assert footer.text_frame.text == "Human Security 2007"
    assert date.text_frame.text == "2024-03-05"
    assert not latent(slide_at(prs, TWO), PP_PLACEHOLDER.FOOTER)


def number_texts(plan: DeckPlan) -> tuple[list[str], PresentationT]:
    prs = Presentation(io.BytesIO(render(plan)))
    shown = []
    for slide in prs.slides:
        for ph in latent(slide, PP_PLACEHOLDER.SLIDE_NUMBER):
            shown.append(ph.text_frame.text)
    return shown, prs


def test_render_numbers_from_a_planned_start(image: Path) -> None:
    plan = every_layout_plan(image)
    slides = tuple(dataclasses.replace(s, number=s.index) for s in plan.slides)
    shown, prs = number_texts(dataclasses.replace(plan, slides=slides))
    assert shown[:2] == ["1", "2"]  # agenda and section: slides 1 and 2 counted from 0
    assert prs.part._element.get("firstSlideNum") == "0"
    assert all(
        list(ph._element.iter(qn("a:fld")))
        for ph in latent(prs.slides[1], PP_PLACEHOLDER.SLIDE_NUMBER)
    )


def test_render_irregular_numbers_are_written_as_text(image: Path) -> None:
    plan = every_layout_plan(image)
    slides = tuple(dataclasses.replace(s, number=s.index * 10) for s in plan.slides)
    shown, prs = number_texts(dataclasses.replace(plan, slides=slides))
    assert shown[:2] == ["10", "20"]
    assert not list(prs.slides[1]._element.iter(qn("a:fld")))


def test_render_no_number_when_show_number_is_false(prs: PresentationT) -> None:
    assert not latent(slide_at(prs, TITLE), PP_PLACEHOLDER.SLIDE_NUMBER)
    assert not list(slide_at(prs, TITLE)._element.iter(qn("a:fld")))
    assert latent(slide_at(prs, AGENDA), PP_PLACEHOLDER.SLIDE_NUMBER)


def test_render_hidden_slide(prs: PresentationT) -> None:
    shown = [s._element.get("show") for s in prs.slides]
    assert shown == [None] * CODE + ["0"] + [None]


def test_render_sections_in_order(prs: PresentationT) -> None:
    ids = [s.slide_id for s in prs.slides]
    (section_list,) = prs.part._element.iter(f"{{{P14}}}sectionLst")
    sections = [
        (s.get("name"), [int(i.get("id")) for i in s.iter(f"{{{P14}}}sldId")])
        for s in section_list.iter(f"{{{P14}}}section")
    ]
    assert sections == [
        ("Human Security", ids[:2]),
        ("Origins", ids[2:5]),
        ("Debates", ids[5:]),
    ]
    guids = [s.get("id") for s in section_list.iter(f"{{{P14}}}section")]
    assert len(set(guids)) == 3 and all(g.startswith("{") and g.endswith("}") for g in guids)


def test_render_core_properties_come_from_the_plan(prs: PresentationT) -> None:
    props = prs.core_properties
    assert (props.title, props.author, props.subject) == (
        "Human Security",
        "Ada Lovelace",
        "Freedom from fear",
    )
    assert props.created == props.modified == CREATED.replace(tzinfo=None)
    assert (props.last_modified_by, props.revision, props.comments) == ("Podium", 1, "")
    assert props.language == "en-US"


# -- pictures, tables, code, quotes ---------------------------------------------------------


def test_fit_contain_keeps_ratio() -> None:
    assert fit_contain(400, 100, 1000, 1000) == (1000, 250)
    assert fit_contain(100, 400, 1000, 1000) == (250, 1000)


def test_render_image_fitted_in_body_box(prs: PresentationT) -> None:
    slide = slide_at(prs, IMAGE)
    (pic,) = [s for s in slide.shapes if s.shape_type is not None and s.shape_type == 13]
    box = THEME.box("body")
    assert box.x <= pic.left and pic.left + pic.width <= box.x + box.w
    assert box.y <= pic.top and pic.top + pic.height <= box.y + box.h
    ratio = IMAGE_SIZE[0] / IMAGE_SIZE[1]
    assert abs(pic.width / pic.height - ratio) < 0.001
    assert pic.width == box.w  # a wide picture is limited by the box's width...
    assert abs((pic.left - box.x) - (box.x + box.w - pic.left - pic.width)) <= 1  # ...centred
    assert pic._element.find(f".//{qn('p:cNvPr')}").get("descr") == "A wide teal rectangle"
    assert "Figure 1: the map" in texts(slide)


def test_render_table_cells(prs: PresentationT) -> None:
    slide = slide_at(prs, TABLE)
    (frame,) = [s for s in slide.shapes if s.has_table]
    table = frame.table
    cells = [[table.cell(r, c).text for c in range(2)] for r in range(3)]
    assert cells == [["View", "Threat"], ["Narrow", "Violence"], ["Broad", "Want"]]
    assert table.first_row
    assert all(r.font.bold for r in table.cell(0, 0).text_frame.paragraphs[0].runs)
    assert table.cell(2, 1).text_frame.paragraphs[0].runs[0].font.bold
    box = THEME.box("body")
    assert (frame.left, frame.width) == (box.x, box.w)
    assert sum(c.width for c in table.columns) == box.w


def test_render_code_block(prs: PresentationT) -> None:
    slide = slide_at(prs, CODE)
    (box,) = [s for s in slide.shapes if not s.is_placeholder]
    frame = box.text_frame
    assert [p.text for p in frame.paragraphs] == ["def score(x):", "    return x * 2", "", "# done"]
    runs = [r for p in frame.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {THEME.mono_font}
    assert {r.font.size.pt for r in runs} == {THEME.code_size}
    keyword = frame.paragraphs[0].runs[0]
    assert (str(keyword.font.color.rgb), keyword.font.bold) == ("0B4F6C", True)
    assert frame.paragraphs[3].runs[0].font.italic
    assert frame.word_wrap is False
    assert str(box.fill.fore_color.rgb) == THEME.code_bg


def test_render_quote_and_attribution(prs: PresentationT) -> None:
    slide = slide_at(prs, QUOTE)
    boxes = {s.text_frame.text: s for s in slide.shapes if not s.is_placeholder}
    quote = boxes["Human security is a child who did not die."]
    run = quote.text_frame.paragraphs[0].runs[0]
    assert run.font.italic and run.font.size.pt == THEME.quote_size
    assert (quote.left, quote.top) == (THEME.box("quote").x, THEME.box("quote").y)
    assert boxes["UNDP, 1994"].top == THEME.box("attribution").y


def test_render_two_columns(prs: PresentationT) -> None:
    slide = slide_at(prs, TWO)
    columns = sorted(
        (ph for ph in slide.placeholders if ph.placeholder_format.idx in (1, 2)),
        key=lambda ph: ph.left,
    )
    assert [[p.text for p in ph.text_frame.paragraphs] for ph in columns] == [
        ["Narrow view", "Violence"],
        ["Broad view", "Want"],
    ]


# -- templates ------------------------------------------------------------------------------


def test_render_on_a_template_with_slides_drops_them(image: Path, tmp_path: Path) -> None:
    used = tmp_path / "used.pptx"
    used.write_bytes(render(every_layout_plan(image)))
    slide = SlidePlan(0, 1, "bullets", "1", title=t("Only"), body=(Para(t("one")),))
    plan = dataclasses.replace(
        every_layout_plan(image, template=used), slides=(slide,), sections=()
    )
    with warnings_as_errors():
        prs = Presentation(io.BytesIO(render(plan)))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == ["Only"]
    assert not list(prs.part._element.iter(f"{{{P14}}}sectionLst"))


def test_render_accepts_a_potx_template(image: Path, tmp_path: Path) -> None:
    potx = tmp_path / "corporate.potx"
    with (
        zipfile.ZipFile(TEMPLATES / "reference.pptx") as zin,
        zipfile.ZipFile(potx, "w") as zout,
    ):
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"presentation.main+xml", b"template.main+xml")
            zout.writestr(info, blob)
    prs = Presentation(io.BytesIO(render(every_layout_plan(image, template=potx))))
    assert len(prs.slides) == 10


def test_render_refuses_a_macro_enabled_template(image: Path, tmp_path: Path) -> None:
    pptm = tmp_path / "macros.pptm"
    with (
        zipfile.ZipFile(TEMPLATES / "reference.pptx") as zin,
        zipfile.ZipFile(pptm, "w") as zout,
    ):
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"presentation.main+xml", b"slideshow.macroEnabled.main+xml")
            zout.writestr(info, blob)
    refused = "macros.pptm: error: macro-enabled templates are refused"
    with pytest.raises(TemplateError, match=refused):
        render(every_layout_plan(image, template=pptm))


def test_render_missing_template_is_a_template_error(image: Path, tmp_path: Path) -> None:
    plan = every_layout_plan(image, template=tmp_path / "nope.pptx")
    with pytest.raises(TemplateError, match="nope.pptx: error: cannot read the template"):
        render(plan)


def test_reference_template_is_16_9_with_standard_layouts() -> None:
    prs = Presentation(str(TEMPLATES / "reference.pptx"))
    assert (prs.slide_width, prs.slide_height) == (THEME.width, THEME.height)
    assert len(prs.slides) == 0
    types = [layout.element.get("type") for layout in prs.slide_layouts]
    for wanted in ("title", "obj", "secHead", "twoObj", "titleOnly", "blank", "picTx"):
        assert wanted in types
    body = prs.slide_layouts[1].placeholders[1]
    box = THEME.box("body")
    assert (body.left, body.top, body.width, body.height) == (box.x, box.y, box.w, box.h)
    cover = prs.slide_layouts[0]
    assert [ph.placeholder_format.idx for ph in cover.placeholders][:3] == [0, 1, 13]


def test_reference_template_regenerates_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "reference.pptx"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), TZ="Pacific/Auckland")
    script = REPO / "scripts" / "make_reference.py"
    subprocess.run([sys.executable, str(script), "-o", str(out)], check=True, env=env)
    assert out.read_bytes() == (TEMPLATES / "reference.pptx").read_bytes()


# -- reproducibility ------------------------------------------------------------------------


def test_render_is_byte_identical_twice(plan: DeckPlan, data: bytes) -> None:
    assert render(plan) == data


def test_render_zip_timestamps_come_from_the_plan(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        stamps = {info.date_time for info in z.infolist()}
        names = z.namelist()
    assert stamps == {(2024, 3, 5, 14, 30, 0)}
    assert len(names) == len(set(names))


def test_render_same_bytes_under_other_tz_and_hash_seed(
    image: Path, data: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "deck.pptx"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO / "tests")]),
        TZ="Asia/Tokyo",
        PYTHONHASHSEED="12345",
    )
    code = (
        "import sys; from pathlib import Path; import conftest_pptx_helpers as h; "
        "h.render_to(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    subprocess.run([sys.executable, "-c", code, str(out), str(image.parent)], check=True, env=env)
    assert out.read_bytes() == data


class warnings_as_errors:  # noqa: N801 - reads as a statement in a with block
    """Turn warnings (python-pptx's duplicate zip names) into errors inside a with block."""

    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


# -- a real client ----------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_render_opens_in_libreoffice(
    image: Path, data: bytes, plan: DeckPlan, tmp_path: Path
) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    (pdf,) = to_pdf([deck], tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    shown = [s for s in plan.slides if not s.hidden]
    assert f"Pages:           {len(shown)}" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    for page, slide in zip(pages, shown, strict=False):
        words = page.split()
        if slide.title:
            assert slide.title_text in " ".join(words), slide.title_text
        for para in slide.body:
            assert "".join(r.text for r in para.runs if not r.is_break).split()[0] in words
        if slide.show_number:
            assert str(slide.number) in words, (slide.number, words)
        else:
            assert str(slide.number) not in words
    assert "Narrow view" in text and "Violence" in text and "UNDP, 1994" in text


def test_every_layout_plan_covers_every_layout(plan: DeckPlan) -> None:
    # Pictures beside text, headed columns, columns and picture grids: tests/render/test_layouts.py.
    placed = {"picture-text", "comparison", "columns", "images"}
    assert {s.layout for s in plan.slides} == set(LAYOUT_TYPES) - placed


def test_render_refuses_a_plan_whose_layouts_were_chosen_on_another_template(
    image: Path, tmp_path: Path
) -> None:
    plan = every_layout_plan(image)
    theme = dataclasses.replace(plan.theme, layouts={"bullets": "/ppt/slideLayouts/nope.xml"})
    with pytest.raises(TemplateError, match="layouts were chosen on another template"):
        render(dataclasses.replace(plan, theme=theme))
