"""Structural tests of the HTML deck: the DOM that render() writes for a hand-built plan."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from browser import LINK, XSS_TITLE, long_plan, sample_plan

from podium.errors import DeckError, TemplateError
from podium.plan.markup import Para, Run, parse_block
from podium.plan.types import DeckPlan
from podium.render import html, html_templates
from podium.template.theme import DEFAULT_THEME

SHOWN = 11  # sample_plan: 12 slides, one hidden
#: Labels number slides as the slides do: the hidden one keeps its number, as in PowerPoint.
COUNT = 12


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> DeckPlan:
    return sample_plan(tmp_path_factory.mktemp("deck"))


@pytest.fixture(scope="module")
def text(plan: DeckPlan) -> str:
    return html.render(plan)


@pytest.fixture(scope="module")
def dom(text: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(text)


def slide(dom: lxml.html.HtmlElement, number: int) -> lxml.html.HtmlElement:
    found = dom.xpath(f'//section[@id="slide-{number}"]')
    assert len(found) == 1
    return found[0]


def test_render_one_section_per_shown_slide(dom: lxml.html.HtmlElement, text: str) -> None:
    sections = dom.xpath("//main[@id='deck']/section")
    assert [s.get("id") for s in sections] == [f"slide-{n}" for n in (*range(1, 11), 12)]
    assert all("slide" in s.get("class").split() for s in sections)
    assert [s.get("class").split()[1] for s in sections[:10]] == [
        "layout-title",
        "layout-agenda",
        "layout-section",
        "layout-bullets",
        "layout-two-column",
        "layout-quote",
        "layout-image",
        "layout-table",
        "layout-code",
        "layout-blank",
    ]
    assert "Backup: hidden slide" not in text
    assert sections[9].get("data-anchor") == "thanks"
    assert sections[10].get("data-number") == "12"


def test_render_slide_aria_labels(dom: lxml.html.HtmlElement) -> None:
    sections = dom.xpath("//main[@id='deck']/section")
    assert all(s.get("role") == "region" for s in sections)
    assert all(s.get("aria-roledescription") == "slide" for s in sections)
    assert slide(dom, 4).get("aria-label") == f"Slide 4 of {COUNT}: Understanding Human Security"
    assert slide(dom, 12).get("aria-label") == f"Slide 12 of {COUNT}: {XSS_TITLE}"
    assert dom.xpath("//*[@id='podium-live']/@aria-live") == ["polite"]


def test_render_lang_and_title(dom: lxml.html.HtmlElement) -> None:
    assert dom.get("lang") == "en-GB"
    assert dom.findtext("head/title") == "Human Security"


def test_render_escapes_deck_text(dom: lxml.html.HtmlElement, text: str) -> None:
    assert slide(dom, 12).xpath("string(.//h2)") == XSS_TITLE
    scripts = dom.xpath("//script")
    assert len(scripts) == 1
    assert "alert(1)" not in scripts[0].text
    assert "<script>alert(1)" not in text
    body = slide(dom, 12).xpath(".//div[contains(@class,'box-body')]//li")[0]
    assert body.text_content() == "a <b>tag</b> stays text & so does <i>"
    assert not slide(dom, 12).xpath(".//b | .//i")
    assert slide(dom, 12).xpath("string(.//aside)").strip() == "notes <script>x()</script>"


def test_render_notes_present_with_lists(dom: lxml.html.HtmlElement) -> None:
    notes = slide(dom, 4).xpath("./aside[@class='notes']")
    assert len(notes) == 1
    assert notes[0].xpath("string(.//strong)") == "2005 World Summit"
    assert [li.get("data-bullet") for li in notes[0].xpath("./ol/li")] == ["1.", "2."]
    assert notes[0].xpath("./ul/li[2]/ul/li/text()") == ["keep it to two minutes"]
    assert not slide(dom, 5).xpath("./aside")  # no notes, no empty box


def test_render_hides_notes_in_css(text: str) -> None:
    assert ".slide .notes { display: none; }" in text


def test_render_bullets_nested_by_level(dom: lxml.html.HtmlElement) -> None:
    body = slide(dom, 4).xpath(".//div[contains(@class,'box-body')]")[0]
    assert body.xpath("./p[1]/em/text()") == ["people-centred"]
    deepest = body.xpath("./ul/li[@class='l0']/ul/li[@class='l1']/ul/li[@class='l2']")
    assert len(deepest) == 1
    assert deepest[0].xpath("./code/text()") == ["displacement"]
    assert len(body.xpath("./ul/li")) == 3


def test_render_runs(dom: lxml.html.HtmlElement) -> None:
    links = slide(dom, 4).xpath(".//div[contains(@class,'box-body')]//a")
    assert [(a.get("href"), a.get("rel"), a.text) for a in links] == [
        (LINK, "noopener", "Commission report")
    ]
    assert slide(dom, 4).xpath(".//h2/strong/text()") == ["Human Security"]


def test_render_line_break_run(plan: DeckPlan) -> None:
    title = (Run("Part one"), Run("\n"), Run("Part two", bold=True))
    one = replace(plan, slides=(replace(plan.slides[3], title=title),))
    dom = lxml.html.document_fromstring(html.render(one))
    h2 = dom.xpath("//h2")[0]
    assert lxml.html.tostring(h2, encoding="unicode") == (
        '<h2 class="title">Part one<br><strong>Part two</strong></h2>'
    )
    assert dom.xpath("//section/@aria-label") == ["Slide 4 of 4: Part one Part two"]


def test_render_footer_number_and_date(dom: lxml.html.HtmlElement) -> None:
    assert not slide(dom, 1).xpath(".//*[contains(@class,'foot')]")
    assert slide(dom, 4).xpath(".//div[contains(@class,'box-number')]/text()") == ["4"]
    assert slide(dom, 4).xpath(".//div[contains(@class,'box-date')]/text()") == ["24 January 2007"]
    assert slide(dom, 3).xpath(".//div[contains(@class,'box-footer')]/text()") == [
        "Human Security · UNU Joint Graduate Course"
    ]
    assert not slide(dom, 3).xpath(".//div[contains(@class,'box-number')]")
    assert slide(dom, 12).xpath(".//div[contains(@class,'box-number')]/text()") == ["12"]


def test_render_image_alt_and_data_uri(dom: lxml.html.HtmlElement, plan: DeckPlan) -> None:
    imgs = dom.xpath("//img")
    assert len(imgs) == 1
    assert imgs[0].get("alt") == "Bar chart: projects in five regions, the fourth highest"
    src = imgs[0].get("src")
    assert src.startswith("data:image/png;base64,")
    image = plan.slides[6].image
    assert image is not None
    assert base64.b64decode(src.split(",", 1)[1]) == image.path.read_bytes()
    assert (imgs[0].get("width"), imgs[0].get("height")) == ("320", "180")
    assert slide(dom, 7).xpath("string(.//figcaption)") == (
        "Trust Fund projects, 1999–2006 (illustrative)"
    )


def test_render_table_header(dom: lxml.html.HtmlElement) -> None:
    table = slide(dom, 8).xpath(".//table")[0]
    assert table.xpath("./thead/tr/th/text()") == ["Indicator", "Value", "Year"]
    assert table.xpath("./thead/tr/th/@scope") == ["col"] * 3
    assert len(table.xpath("./tbody/tr")) == 3
    assert table.xpath("./tbody/tr[2]/td[2]/strong/text()") == ["40%"]


def test_render_code_coloured(dom: lxml.html.HtmlElement, plan: DeckPlan) -> None:
    pre = slide(dom, 9).xpath(".//pre")[0]
    code = plan.slides[8].code
    assert code is not None
    expected = "".join("".join(t.text for t in line) + "\n" for line in code.lines)
    assert pre.text_content() == expected
    colours = {s.get("style") for s in pre.xpath(".//span")}
    assert "color:#0000ff;" in colours  # keywords
    assert "color:#008000;" in colours  # the comment


def test_render_no_external_loads(dom: lxml.html.HtmlElement, text: str) -> None:
    """Only <a href> in slide content may point to the web; everything else is inline."""
    for el in dom.iter():
        for name, value in el.attrib.items():
            if "://" not in value and not value.startswith("//"):
                continue
            assert name == "href" and el.tag == "a", f"<{el.tag} {name}={value!r}>"
            assert el.xpath("ancestor::section[contains(@class,'slide')]"), value
    for el in dom.xpath("//*[@src]"):
        assert el.get("src").startswith("data:")
    for el in dom.xpath("//link"):
        assert el.get("href").startswith("data:")
    for block in dom.xpath("//style/text() | //script/text()"):
        # the only url() is the embedded fonts' data
        without_fonts = re.sub(r"url\(data:font/woff2;base64,[A-Za-z0-9+/=]+\)", "", block)
        assert not re.search(r"https?:|@import|url\(", without_fonts)
    csp = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp


def test_render_csp_allows_exactly_its_scripts(plan: DeckPlan) -> None:
    text = html.render(plan, live_script="console.log('</script> reload');")
    dom = lxml.html.document_fromstring(text)
    scripts = [s.text for s in dom.xpath("//script")]
    assert len(scripts) == 2
    assert scripts[1] == "console.log('<\\/script> reload');"
    csp = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    allowed = re.findall(r"'sha256-([^']+)'", csp)
    digests = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts]
    assert allowed == digests
    assert "connect-src 'self'" in csp
    assert text.rstrip().endswith("reload');</script>\n</body>\n</html>")


def test_render_deterministic(tmp_path: Path, plan: DeckPlan, text: str) -> None:
    html_templates.environment.cache_clear()
    assert html.render(plan) == text
    again = sample_plan(tmp_path)  # same content, images in another folder
    assert html.render(again) == text


def test_render_theme_geometry_and_fonts(text: str) -> None:
    left, top, w, h = DEFAULT_THEME.box("title").px()
    assert f".box-title{{left:{left:g}px;top:{top:g}px;" in text
    assert "--w:1280px;--h:720px" in text
    assert "--b0:37.333px" in text  # 28 pt
    assert "--title-size:48px" in text  # 36 pt
    assert (
        '--font:"Podium Text", "Calibri", "Carlito", "Liberation Sans", "Arial", '
        '"Noto Sans CJK JP", sans-serif' in text
    )
    assert "--accent:#0B4F6C" in text
    assert "@page{size:13.333in 7.5in;margin:0}" in text


def test_render_fit_scale(plan: DeckPlan) -> None:
    one = replace(plan, slides=(replace(plan.slides[3], scale=0.85),))
    dom = lxml.html.document_fromstring(html.render(one))
    assert dom.xpath("//section/@style") == ["--fit:0.85"]


def test_render_seed_sized_deck_is_small(tmp_path: Path) -> None:
    text = html.render(long_plan(tmp_path, 40))
    assert len(text.encode()) < 150_000


def test_render_unknown_layout(plan: DeckPlan) -> None:
    bad = replace(plan, slides=(replace(plan.slides[3], layout="bulets"),))
    with pytest.raises(TemplateError) as info:
        html.render(bad)
    assert "no HTML template for layout(s) bulets" in str(info.value)
    assert str(html_templates.templates_dir() / "html" / "layouts") in str(info.value)


def test_render_unreadable_image(plan: DeckPlan, tmp_path: Path) -> None:
    image = plan.slides[6].image
    assert image is not None
    bad = replace(
        plan, slides=(replace(plan.slides[6], image=replace(image, path=tmp_path / "gone.png")),)
    )
    with pytest.raises(DeckError, match="cannot read image '.*gone.png'"):
        html.render(bad)


def test_render_template_error_points_into_template(
    plan: DeckPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(html_templates.templates_dir(), copy)
    quote = copy / "html" / "layouts" / "quote.html.j2"
    quote.write_text(quote.read_text() + "{{ slide.plan.nope }}\n")
    line = len(quote.read_text().splitlines())
    monkeypatch.setattr(html, "templates_dir", lambda: copy)
    with pytest.raises(TemplateError) as info:
        html.render(plan)
    message = info.value.render()
    assert f"{quote}:{line}:1: error: HTML template error:" in message
    assert "nope" in message
    assert "{{ slide.plan.nope }}" in message


def test_templates_dir_finds_checkout() -> None:
    assert (html_templates.templates_dir() / "html" / "deck.html.j2").is_file()


@pytest.mark.parametrize(
    ("source", "shape"),
    [
        ("- a\n  - b\n    - c\n- d", "ul[a ul[b ul[c]] d]"),
        ("text\n\n- a\n- b", "p ul[a b]"),
        ("1. one\n2. two\n\n- x", "ol[one two] ul[x]"),
        ("- a\n\n  more about a\n- b", "ul[a p b]"),
    ],
)
def test_blocks_nesting(source: str, shape: str) -> None:
    def show(bs: list[html.Block]) -> str:
        out = []
        for b in bs:
            if b.kind == "p":
                out.append("p")
            else:
                items = []
                for it in b.items:
                    text = "".join(r.text for r in it.runs)
                    items.append(text + (f" {show(it.children)}" if it.children else ""))
                out.append(f"{b.kind}[{' '.join(items)}]")
        return " ".join(out)

    assert show(html.blocks(parse_block(source))) == shape


def test_blocks_level_jump_attaches_to_deepest_open_level() -> None:
    paras = (Para((Run("a"),), 0, "•"), Para((Run("deep"),), 2, "•"))
    top = html.blocks(paras)
    assert len(top) == 1
    assert [it.level for it in top[0].items[0].children[0].items] == [2]


def test_render_empty_deck(tmp_path: Path) -> None:
    dom = lxml.html.document_fromstring(
        html.render(DeckPlan(name="empty", source=tmp_path / "e.yaml", title=(Run("Empty"),)))
    )
    assert dom.xpath("//main[@id='deck']") and not dom.xpath("//section")


# -- the deck's own templates/html/ folder ------------------------------------------------------

OVERRIDE_DECK = (
    "title: T\nslides:\n  - title: One\n    bullets: [a]\n"
    "  - layout: quote\n    quote: To be\n    attribution: Someone\n"
)


def _override(write_deck, files: dict[str, str]) -> str:
    from podium.commands.build import load_plan

    deck = write_deck(OVERRIDE_DECK)
    for name, text in files.items():
        path = deck.parent / "templates" / "html" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return html.render(load_plan(deck, "deck.yaml"))


def test_html_override_extends_the_built_in_deck_and_changes_one_block(write_deck) -> None:
    page = _override(
        write_deck,
        {
            "deck.html.j2": '{% extends "builtin/deck.html.j2" %}\n{% block deck %}'
            '<p class="draft">Draft: do not share</p>\n{{ super() }}{% endblock %}\n'
        },
    )
    dom = lxml.html.document_fromstring(page)
    assert [p.text_content() for p in dom.xpath("//p[@class='draft']")] == ["Draft: do not share"]
    assert len(dom.xpath("//section[contains(@class,'slide')]")) == 2
    assert dom.xpath("//section[@id='slide-1']//h2")[0].text_content() == "One"


def test_html_override_replaces_one_layout_and_keeps_the_others(write_deck) -> None:
    page = _override(
        write_deck,
        {
            "layouts/quote.html.j2": '<div class="box box-body"><p class="said">'
            "{{ m.runs(slide.plan.quote) }}, said {{ m.runs(slide.plan.attribution) }}</p></div>\n"
            '{% import "_macros.html.j2" as m %}\n'
        },
    )
    dom = lxml.html.document_fromstring(page)
    assert dom.xpath("//p[@class='said']")[0].text_content() == "To be, said Someone"
    assert not dom.xpath("//blockquote")
    assert dom.xpath("//section[@id='slide-1']//li")[0].text_content() == "a"


def test_html_override_without_changes_is_the_built_in_deck(write_deck, tmp_path: Path) -> None:
    from podium.commands.build import load_plan

    plain_page = html.render(load_plan(write_deck(OVERRIDE_DECK), "deck.yaml"))
    same = '{% extends "builtin/deck.html.j2" %}\n'
    assert _override(write_deck, {"deck.html.j2": same}) == plain_page


def test_html_override_runs_sandboxed_and_errors_point_into_it(write_deck) -> None:
    with pytest.raises(TemplateError) as caught:
        _override(
            write_deck,
            {
                "deck.html.j2": '{% extends "builtin/deck.html.j2" %}\n'
                "{% block deck %}\n{{ plan.__class__.__init__.__globals__ }}\n{% endblock %}\n"
            },
        )
    (problem,) = caught.value.problems
    assert problem.loc is not None and problem.loc.file.endswith("templates/html/deck.html.j2")
    assert problem.loc.line == 3
    assert "unsafe" in problem.message


def test_html_override_ignores_files_linked_from_outside_the_folder(
    write_deck, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.j2"
    outside.write_text("<p>from outside</p>\n", encoding="utf-8")
    deck = write_deck(OVERRIDE_DECK)
    folder = deck.parent / "templates" / "html" / "layouts"
    folder.mkdir(parents=True)
    (folder / "quote.html.j2").symlink_to(outside)
    from podium.commands.build import load_plan

    page = html.render(load_plan(deck, "deck.yaml"))
    assert "from outside" not in page and "<blockquote" in page
