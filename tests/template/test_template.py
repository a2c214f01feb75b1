"""Templates: safe opening, layout mapping, the look read from a master, inspect and export,
and the slide furniture (number, footer, date, hidden) on the lecturer's own master."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from conftest_pptx_helpers import every_layout_plan, make_image
from template_masters import (
    BODY_BOX,
    COLOURS,
    CUSTOM,
    EMU_PER_INCH,
    GERMAN,
    MAJOR,
    MINOR,
    REFERENCE,
    TITLE_BOX,
    make_masters,
    rewrite,
)

from podium.commands.build import load_plan, render
from podium.errors import PodiumError, TemplateError
from podium.load.model import DRAWN_LAYOUTS
from podium.plan.planner import with_template
from podium.plan.types import DeckPlan
from podium.render.html_css import theme_css
from podium.render.webfonts import embedded
from podium.template.inspect import export, inspect
from podium.template.layouts import Template
from podium.template.look import theme_from_template
from podium.template.package import MAX_ENTRIES, read_checked, reference_path
from podium.template.theme import DEFAULT_THEME, Box

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "deck.yaml"


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_masters(tmp_path_factory.mktemp("masters"))


@pytest.fixture(scope="module")
def seed() -> DeckPlan:
    return load_plan(SEED)


def inch_box(box: tuple[float, float, float, float]) -> Box:
    x, y, w, h = (round(v * EMU_PER_INCH) for v in box)
    return Box(x, y, w, h)


# -- the look of a template -------------------------------------------------------------------


def test_theme_from_reference_is_the_built_in_theme() -> None:
    theme = theme_from_template(reference_path())
    differ = {
        f.name
        for f in dataclasses.fields(theme)
        if getattr(theme, f.name) != getattr(DEFAULT_THEME, f.name)
    }
    # What the default theme leaves to the HTML's own rules; the layouts it names are the
    # ones podium.template chooses in the reference.
    assert differ == {"boxes", "anchors", "aligns"}
    assert set(DEFAULT_THEME.layouts) == set(DRAWN_LAYOUTS)
    placeholder_roles = set(DEFAULT_THEME.boxes) - {"quote", "attribution"}
    for role in placeholder_roles:
        assert theme.box(role) == DEFAULT_THEME.box(role), role
    assert theme.anchors["title"] == "b" and theme.aligns["number"] == "r"


def test_theme_reads_colours_fonts_bullets_and_boxes(masters: dict[str, Path]) -> None:
    theme = theme_from_template(masters["colours"])
    assert (theme.major_font, theme.minor_font) == (MAJOR, MINOR)
    assert theme.text == COLOURS["dk1"]
    assert theme.background == COLOURS["lt1"]
    assert theme.accent == theme.bullet_color == COLOURS["accent1"]
    assert theme.link == COLOURS["hlink"]
    assert theme.accent_text == COLOURS["lt1"]  # the light one reads better on brick red
    assert theme.bullets[0] == "▪"  # Wingdings § drawn as the square it shows
    assert theme.box("title") == inch_box(TITLE_BOX)
    assert theme.box("body") == inch_box(BODY_BOX)
    cover = theme.look("title")
    assert (cover.background, cover.title, cover.title_font) == (
        COLOURS["accent1"],
        "FFFFFF",
        MINOR,
    )
    assert theme.look("bullets").background == COLOURS["lt1"]


def test_theme_of_a_4_3_master_inherits_boxes_from_the_master(masters: dict[str, Path]) -> None:
    theme = theme_from_template(masters["four-three"])
    assert (theme.width, theme.height) == (9144000, 6858000)
    template = Template.open(masters["four-three"])
    master = template.masters[0]
    assert theme.box("title") == master.placeholder("title").box
    assert theme.box("body") == master.placeholder("body").box
    content = template.find_layout("Title and Content")
    assert content is not None
    assert all(ph.inherited for ph in content.placeholders)
    for role, box in theme.boxes.items():
        assert box.x >= 0 and box.x + box.w <= theme.width, role


def test_html_uses_the_template_colours_fonts_and_boxes(
    masters: dict[str, Path], seed: DeckPlan
) -> None:
    plan = load_plan(SEED, template=masters["colours"])
    html = render(plan, "html").decode()
    assert plan.theme == theme_from_template(masters["colours"])
    css = theme_css(plan.theme, embedded(plan))
    assert css in html
    for colour in (COLOURS["dk1"], COLOURS["lt1"], COLOURS["accent1"], COLOURS["hlink"]):
        assert f"#{colour}" in css
    # the embedded faces (Liberation, measured for the template's Liberation fonts) first
    assert f'--font:"Podium Text", "{MINOR}"' in css
    assert f'--font-major:"Podium Title", "{MAJOR}"' in css
    assert '--bu0:"\\25aa "' in css
    left, top, w, h = inch_box(BODY_BOX).px()
    assert f".box-body{{left:{left:g}px;top:{top:g}px;width:{w:g}px;height:{h:g}px}}" in css
    assert f".layout-title{{--bg:#{COLOURS['accent1']};--text:#FFFFFF" in css


def test_html_only_build_never_imports_python_pptx(
    masters: dict[str, Path], tmp_path: Path
) -> None:
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from podium.commands.build import build, load_plan
        plan = load_plan(Path(sys.argv[1]), template=Path(sys.argv[2]))
        build(plan, Path(sys.argv[3]), ["html"])
        print(sorted(m for m in sys.modules if m == "pptx" or m.startswith("pptx.")))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(SEED), str(masters["german"]), str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "deck.html").is_file()


# -- mapping --------------------------------------------------------------------------------

TYPE_NAMES = {
    "title": 0, "agenda": 1, "section": 2, "bullets": 1, "two-column": 3, "quote": 5,
    "image": 5, "images": 5, "columns": 5, "table": 5, "code": 5, "blank": 6,
    "picture-text": 3, "comparison": 4,
}  # fmt: skip
#: By signature, a picture beside text goes on the layout with content beside a caption.
SIGNATURE_NAMES = {**TYPE_NAMES, "picture-text": 7}


@pytest.mark.parametrize(
    ("master", "names", "rule"),
    [
        ("german", GERMAN, "type"),
        ("custom", CUSTOM, "signature"),
        ("four-three", None, "type"),
        ("colours", None, "type"),
    ],
)
def test_mapping_rules_per_master(
    masters: dict[str, Path], master: str, names: list[str] | None, rule: str
) -> None:
    choices = Template.open(masters[master]).choose()
    assert list(choices) == list(DRAWN_LAYOUTS)
    for kind, choice in choices.items():
        where = SIGNATURE_NAMES if rule == "signature" else TYPE_NAMES
        expected = (names or _english())[where[kind]]
        assert (choice.layout.name, choice.rule) == (expected, rule), kind


def _english() -> list[str]:
    from template_masters import ENGLISH

    return ENGLISH


def test_mapping_override_wins_over_type(masters: dict[str, Path]) -> None:
    template = Template.open(masters["german"])
    choices = template.choose({"quote": "leer", "code": "Inhalt mit Überschrift"})
    assert (choices["quote"].layout.name, choices["quote"].rule) == ("Leer", "override")
    assert choices["code"].layout.name == "Inhalt mit Überschrift"
    assert choices["table"].rule == "type"


def test_override_reaches_the_pptx(masters: dict[str, Path], seed: DeckPlan) -> None:
    from pptx import Presentation

    plan = with_template(seed, masters["german"])
    plan = dataclasses.replace(
        plan, theme=theme_from_template(masters["german"], {"bullets": "Inhalt mit Überschrift"})
    )
    prs = Presentation(io.BytesIO(render(plan, "pptx")))
    used = {s.slide_layout.name for s in prs.slides}
    assert "Inhalt mit Überschrift" in used and "Titel und Inhalt" in used  # agenda keeps it


def deck_on(template: Path, extra: str = "") -> str:
    return (
        textwrap.dedent(
            f"""\
        title: T
        date: 24 January 2007
        footer: Course
        template: {template}
        """
        )
        + extra
        + "slides:\n  - layout: title\n  - title: One\n    bullets: [a]\n"
    )


@pytest.mark.parametrize(
    ("layouts", "expected"),
    [
        (
            '  quote: "Leerr"\n',
            "deck.yaml:6:10: error: layouts.quote: no layout named 'Leerr' in german.potx "
            "(did you mean 'Leer'?); its layouts: " + ", ".join(GERMAN) + "\n"
            '    6 |   quote: "Leerr"\n'
            "      |          ^^^^^^^",
        ),
        (
            "  bulets: Leer\n",
            "deck.yaml:6:3: error: layouts.bulets: unknown layout 'bulets' (did you mean "
            "'bullets'?); layouts: " + ", ".join(DRAWN_LAYOUTS) + "\n"
            "    6 |   bulets: Leer\n"
            "      |   ^^^^^^",
        ),
    ],
    ids=["unknown-template-layout", "unknown-podium-layout"],
)
def test_override_errors_are_located(
    masters: dict[str, Path], write_deck, layouts: str, expected: str
) -> None:
    path = write_deck(deck_on(masters["german"], "layouts:\n" + layouts))
    with pytest.raises(TemplateError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == expected


def test_missing_template_is_located(write_deck, tmp_path: Path) -> None:
    path = write_deck(deck_on(Path("nope.pptx")))
    with pytest.raises(TemplateError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == (
        f"deck.yaml:4:11: error: template: {tmp_path / 'nope.pptx'}: cannot read the "
        "template: No such file or directory\n"
        "    4 | template: nope.pptx\n"
        "      |           ^^^^^^^^^"
    )


def test_command_line_template_replaces_the_decks(masters: dict[str, Path], write_deck) -> None:
    path = write_deck(deck_on(Path("nope.pptx")))
    plan = load_plan(path, "deck.yaml", template=masters["four-three"])
    assert plan.template == masters["four-three"]
    assert plan.theme.width == 9144000


# -- refusals ---------------------------------------------------------------------------------


def _content_types(old: bytes, new: bytes):  # type: ignore[no-untyped-def]
    def edit(parts: dict[str, bytes]) -> None:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(old, new)

    return edit


def _linked_logo(target: str, kind: str = "image"):  # type: ignore[no-untyped-def]
    def edit(parts: dict[str, bytes]) -> None:
        name = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
        rel = (
            f'<Relationship Id="rId77" TargetMode="External" Target="{target}" Type="http://'
            f'schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
        )
        parts[name] = parts[name].replace(b"</Relationships>", rel.encode() + b"</Relationships>")

    return edit


def _vba(parts: dict[str, bytes]) -> None:
    parts["ppt/vbaProject.bin"] = b"\0" * 64


MACRO = (
    "{path}: error: macro-enabled templates are refused; save it as .pptx or .potx (in PowerPoint: "
    "File > Save As > PowerPoint Template)"
)


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        (
            "macros.pptm",
            _content_types(b"presentation.main+xml", b"presentation.macroEnabled.main+xml"),
            MACRO,
        ),
        ("vba.pptx", _vba, MACRO),
        (
            "linked.pptx",
            _linked_logo(r"file://\\server\share\logo.png"),
            "{path}: error: ppt/slideMasters/slideMaster1.xml has an external image "
            r"relationship to 'file://\\server\share\logo.png'; templates must embed what they "
            "show: in PowerPoint, replace the linked picture or object with an embedded one (or "
            "remove it) and save again",
        ),
    ],
    ids=["pptm", "vba-project", "external-picture"],
)
def test_refused_templates(tmp_path: Path, name: str, edit, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = rewrite(tmp_path / name, edit)
    with pytest.raises(TemplateError) as info:
        Template.open(path)
    assert info.value.render() == expected.format(path=path)


def test_web_links_on_a_master_are_allowed(tmp_path: Path) -> None:
    path = rewrite(tmp_path / "linked.pptx", _linked_logo("https://example.org/", "hyperlink"))
    assert Template.open(path).masters


def test_external_relationships_of_template_slides_do_not_matter(
    tmp_path: Path, seed: DeckPlan
) -> None:
    used = tmp_path / "used.pptx"
    used.write_bytes(render(seed, "pptx"))
    name = "ppt/slides/_rels/slide2.xml.rels"
    with zipfile.ZipFile(used) as z:
        rels = z.read(name)
    rel = (
        b'<Relationship Id="rId77" TargetMode="External" Target="file:///etc/passwd" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
    )

    def edit(parts: dict[str, bytes]) -> None:
        parts[name] = rels.replace(b"</Relationships>", rel + b"</Relationships>")

    path = rewrite(tmp_path / "with-slides.pptx", edit, source=used)
    plan = with_template(seed, path)
    from pptx import Presentation

    prs = Presentation(io.BytesIO(render(plan, "pptx")))
    assert len(prs.slides) == len(seed.slides)
    with zipfile.ZipFile(io.BytesIO(render(plan, "pptx"))) as z:
        assert not any(b"/etc/passwd" in z.read(n) for n in z.namelist())


def _bomb(path: Path, entries: list[tuple[str, int]]) -> Path:
    """Write the reference plus entries of zeros (name, size): tiny on disk, huge inflated."""
    with zipfile.ZipFile(REFERENCE) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        chunk = b"\0" * 2**20
        for name, size in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(info, "w", force_zip64=True) as fh:
                for _ in range(size // 2**20):
                    fh.write(chunk)
    return path


def test_zip_bomb_by_total_size_is_refused_before_inflating(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.pptx", [(f"ppt/media/pad{n}.bin", 80 * 2**20) for n in range(4)])
    assert path.stat().st_size < 2 * 2**20
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError) as info:
            read_checked(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.render() == (
        f"{path}: error: the zip would inflate to 320 MB (at most 300 MB); a template "
        "this large is likely a zip bomb"
    )
    assert peak < 8 * 2**20  # the file itself (about 1 MB) and no inflated entry


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "ratio.pptx", [("ppt/media/pad.bin", 40 * 2**20)])
    with pytest.raises(TemplateError) as info:
        read_checked(path)
    message = info.value.render()
    assert message.startswith(f"{path}: error: 'ppt/media/pad.bin' would inflate ")
    assert message.endswith(
        " times (to 40 MB, at most 100 times); a template this compressible is likely a zip bomb"
    )


def test_zip_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.pptx"
    with zipfile.ZipFile(REFERENCE) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        for n in range(MAX_ENTRIES):
            zout.writestr(f"ppt/media/x{n}.bin", b"")
    with pytest.raises(TemplateError) as info:
        read_checked(path)
    assert info.value.render() == (
        f"{path}: error: the zip holds {MAX_ENTRIES + 34} entries (at most "
        f"{MAX_ENTRIES}); this is not an ordinary template"
    )


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.pptx"
    path.write_text("hello")
    with pytest.raises(TemplateError) as info:
        read_checked(path)
    assert (
        info.value.render() == f"{path}: error: not a PowerPoint file (expected a .pptx or .potx)"
    )


# -- inspect and export ---------------------------------------------------------------------


def _section(report: str, name: str) -> list[str]:
    lines = report.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(name))
    end = next(
        (n for n in range(start + 1, len(lines)) if not lines[n].startswith("  ")), len(lines)
    )
    return lines[start:end]


def test_inspect_german_potx(masters: dict[str, Path]) -> None:
    report = inspect(masters["german"])
    assert report.splitlines()[0] == (
        f"{masters['german']}: PowerPoint template (.potx), 13.33 x 7.50 in (16:9), "
        "1 master(s), 11 layout(s)"
    )
    assert (
        "  layout 1.3  'Abschnittsüberschrift'  type=secHead  <- section (by type secHead)"
        in report
    )
    assert "        1  obj       0.60, 1.75  12.13 x 5.00" in report
    assert "       10  dt        0.60, 6.95  3.00 x 0.40 (from master)" in report
    assert _section(report, "mapping")[1:3] == [
        "  title         -> 1.1 'Titelfolie'  by type title",
        "  agenda        -> 1.2 'Titel und Inhalt'  by type obj",
    ]
    assert _section(report, "problems") == ["problems (0)", "  none"]


def test_inspect_custom_master_reports_fallbacks_and_missing_furniture(
    masters: dict[str, Path],
) -> None:
    report = inspect(masters["custom"])
    assert (
        "  layout 1.1  'ACME Headline'  type=cust  <- quote, image, images, columns, table, "
        "code (by signature)" in report
    )
    assert _section(report, "mapping")[1] == (
        "  title         -> 1.5 'ACME Cover'  by placeholder signature (1 title, 2 body, "
        "0 picture; penalty -0.5)"
    )
    problems = _section(report, "problems")
    assert problems[0] == "problems (17)"
    assert problems[1] == (
        "  - title: no layout of type title; fell back to 'ACME Cover' (placeholder signature); "
        'to choose another: layouts: {title: "..."}'
    )
    assert problems[-3:] == [
        f"  - master 1 has no {what} placeholder: Podium draws the {what.replace('-', ' ')} in "
        "a text box (PowerPoint's Header & Footer will not control it)"
        for what in ("slide-number", "footer", "date")
    ]


def test_inspect_four_three_and_colours(masters: dict[str, Path]) -> None:
    report = inspect(masters["four-three"])
    assert "10.00 x 7.50 in (4:3)" in report.splitlines()[0]
    assert "        0  title     0.45, 0.35  9.10 x 1.25 (from master)" in report
    assert _section(report, "problems") == ["problems (0)", "  none"]
    report = inspect(masters["colours"])
    assert report.splitlines()[1] == (
        f"fonts: titles {MAJOR}, text {MINOR}; colours: text #{COLOURS['dk1']}, background "
        f"#{COLOURS['lt1']}, accent #{COLOURS['accent1']}, link #{COLOURS['hlink']}"
    )
    assert _section(report, "problems") == [
        "problems (1)",
        "  - master 1 draws 1 picture(s) or shape(s) that the HTML leaves out",
    ]


def test_inspect_finds_tiny_and_vertical_placeholders(tmp_path: Path) -> None:
    from template_masters import LAYOUTS as PARTS

    def squash(parts: dict[str, bytes]) -> None:
        parts[PARTS[1]] = parts[PARTS[1]].replace(b'cy="4572000"', b'cy="91440"', 1)

    path = rewrite(tmp_path / "odd.pptx", squash)
    problems = _section(inspect(path, {"agenda": "Title and Vertical Text"}), "problems")
    assert problems == [
        "problems (2)",
        "  - layout 1.10 'Title and Vertical Text' for agenda has vertical text",
        "  - layout 1.2 'Title and Content': placeholder 1 (obj) is tiny: 12.13 x 0.10 in",
    ]


def test_export_writes_the_reference(tmp_path: Path) -> None:
    out = export(tmp_path / "mine" / "reference.pptx")
    assert out.read_bytes() == REFERENCE.read_bytes()
    potx = export(tmp_path / "mine.potx")
    template = Template.open(potx)
    assert template.is_potx
    assert theme_from_template(potx) == theme_from_template(out)


# -- furniture --------------------------------------------------------------------------------


def furniture_deck(write_deck, template: Path, extra: str = "", slides: str = "") -> DeckPlan:
    text = (
        textwrap.dedent(
            f"""\
        title: T
        date: 24 January 2007
        footer: Course
        template: {template}
        """
        )
        + extra
        + "slides:\n"
        + (
            slides
            or textwrap.dedent(
                """\
          - layout: title
          - title: One
            bullets: [a]
          - title: Two
            date: false
            footer: Other footer
            bullets: [b]
          - title: Backup
            hidden: true
            bullets: [c]
        """
            )
        )
    )
    return load_plan(write_deck(text), "deck.yaml")


def test_furniture_in_the_plan(masters: dict[str, Path], write_deck) -> None:
    plan = furniture_deck(write_deck, masters["german"], "date_on_slides: true\n")
    cover, one, two, backup = plan.slides
    assert (cover.show_number, cover.footer, cover.date) == (False, (), ())
    assert one.show_number and one.footer[0].text == "Course"
    assert one.date[0].text == "24 January 2007"
    assert two.date == () and two.footer[0].text == "Other footer"
    assert backup.hidden


def test_furniture_on_the_title_slide_when_asked(masters: dict[str, Path], write_deck) -> None:
    plan = furniture_deck(
        write_deck,
        masters["german"],
        slides=("  - layout: title\n    slide_number: true\n    footer: true\n    date: Today\n"),
    )
    cover = plan.slides[0]
    assert cover.show_number and cover.footer[0].text == "Course"
    assert cover.date[0].text == "Today"


def test_date_on_slides_without_a_deck_date_is_an_error(write_deck) -> None:
    path = write_deck("title: T\ndate_on_slides: true\nslides:\n  - title: A\n  - title: B\n")
    with pytest.raises(PodiumError) as info:
        load_plan(path, "deck.yaml")
    assert info.value.render() == (
        "deck.yaml:2:17: error: date_on_slides: the deck has no date: to show; add date: at "
        'the top of the deck, or give the text here (date: "24 January 2007")\n'
        "    2 | date_on_slides: true\n"
        "      |                 ^^^^"
    )


def _latent(slide, kind):  # type: ignore[no-untyped-def]
    from pptx.enum.shapes import PP_PLACEHOLDER

    kinds = {
        "number": PP_PLACEHOLDER.SLIDE_NUMBER,
        "footer": PP_PLACEHOLDER.FOOTER,
        "date": PP_PLACEHOLDER.DATE,
    }
    return [
        ph.text_frame.text for ph in slide.placeholders if ph.placeholder_format.type == kinds[kind]
    ]


@pytest.mark.parametrize("master", ["german", "four-three", "colours"])
def test_furniture_as_live_placeholders(masters: dict[str, Path], write_deck, master: str) -> None:
    from pptx import Presentation
    from pptx.oxml.ns import qn

    plan = furniture_deck(write_deck, masters[master], "date_on_slides: true\n")
    prs = Presentation(io.BytesIO(render(plan, "pptx")))
    cover, one, two, backup = prs.slides
    assert [_latent(cover, k) for k in ("number", "footer", "date")] == [[], [], []]
    assert [_latent(one, k) for k in ("number", "footer", "date")] == [
        ["2"],
        ["Course"],
        ["24 January 2007"],
    ]
    assert _latent(two, "date") == [] and _latent(two, "footer") == ["Other footer"]
    fields = [f.get("type") for f in one.element.iter(qn("a:fld"))]
    assert fields == ["slidenum"]
    assert backup.element.get("show") == "0"
    html = render(plan, "html").decode()
    assert "Backup" not in html and 'data-number="4"' not in html


def test_furniture_in_text_boxes_without_placeholders(masters: dict[str, Path], write_deck) -> None:
    from pptx import Presentation
    from pptx.oxml.ns import qn

    plan = furniture_deck(write_deck, masters["custom"], "date_on_slides: true\n")
    prs = Presentation(io.BytesIO(render(plan, "pptx")))
    one = prs.slides[1]
    texts = {s.text_frame.text for s in one.shapes if s.has_text_frame and not s.is_placeholder}
    assert {"2", "Course", "24 January 2007"} <= texts
    assert [f.get("type") for f in one.element.iter(qn("a:fld"))] == ["slidenum"]
    theme = plan.theme
    number = next(s for s in one.shapes if s.has_text_frame and s.text_frame.text == "2")
    assert (number.left, number.top) == (theme.box("number").x, theme.box("number").y)


# -- the PowerPoint on each master -------------------------------------------------------------


@pytest.mark.parametrize("master", ["german", "custom", "four-three", "colours"])
def test_pptx_on_each_master(masters: dict[str, Path], seed: DeckPlan, master: str) -> None:
    from pptx import Presentation

    plan = load_plan(SEED, template=masters[master])
    data = render(plan, "pptx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml")
    assert len(names) == len(set(names))
    assert b"template.main+xml" not in types  # a .potx gives a .pptx
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (plan.theme.width, plan.theme.height)
    assert len(prs.slides) == len(plan.slides) == len(seed.slides)
    chosen = Template.open(masters[master]).choose()
    for slide, slide_plan in zip(prs.slides, plan.slides, strict=True):
        assert slide.slide_layout.name == chosen[slide_plan.layout].layout.name
        if slide_plan.title:
            shown = slide.shapes.title.text_frame.text.replace("\v", " ").replace("\n", " ")
            assert shown == slide_plan.title_text


def test_pptx_on_every_layout_of_each_master(masters: dict[str, Path], tmp_path: Path) -> None:
    from pptx import Presentation

    image = make_image(tmp_path)
    for path in masters.values():
        plan = with_template(every_layout_plan(image), path)
        prs = Presentation(io.BytesIO(render(plan, "pptx")))
        assert len(prs.slides) == len(plan.slides)


def test_entities_in_a_template_are_not_expanded(tmp_path: Path) -> None:
    from template_masters import LAYOUTS as PARTS

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")

    def xxe(parts: dict[str, bytes]) -> None:
        xml = parts[PARTS[0]].split(b"?>", 1)[1]
        doctype = f'<!DOCTYPE p:sldLayout [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
        parts[PARTS[0]] = doctype + xml.replace(b'name="Title Slide"', b'name="&xxe;"', 1)

    path = rewrite(tmp_path / "xxe.pptx", xxe)
    with pytest.raises(TemplateError) as info:
        inspect(path)
    message = info.value.render()
    assert message.startswith(
        f"{path}: error: /ppt/slideLayouts/slideLayout1.xml is not well-formed XML: Attribute "
        "references external entity 'xxe'"
    )
    assert "TOP-SECRET" not in message
