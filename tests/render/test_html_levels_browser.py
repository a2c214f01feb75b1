"""The HTML deck indents list levels by the template master's margins, as PowerPoint does."""

from __future__ import annotations

import io
from pathlib import Path

from browser import launch, new_context
from pptx import Presentation
from template_masters import MASTER, NS, Parts, _put, _xml, rewrite

from podium.commands.build import load_plan, render
from podium.template.theme import EMU_PER_PX, INSET_X_EMU

#: A lecturer's master whose body levels step unevenly (EMU): 0.25 in, 0.85 in, 1.6 in.
MARGINS = (228600, 777240, 1463040)

DECK = """title: Levels
slides:
  - title: Three levels
    bullets:
      - First level:
          - Second level:
              - Third level
"""


def _uneven_levels(parts: Parts) -> None:
    master = _xml(parts, MASTER)
    before = 0
    for n, margin in enumerate(MARGINS, start=1):
        level = master.find(f"p:txStyles/p:bodyStyle/a:lvl{n}pPr", NS)
        level.set("marL", str(margin))
        level.set("indent", str(before - margin))
        before = margin
    _put(parts, MASTER, master)


def _chromium_text_x(html_file: Path) -> list[float]:
    """Return where each list level's text starts, in slide px from the slide's left edge."""
    with launch() as browser:
        context, watch = new_context(browser, viewport={"width": 1280, "height": 720})
        page = watch.page(context.new_page())
        page.goto(html_file.as_uri())
        found: list[float] = page.evaluate(
            """() => {
              const slide = document.querySelector('section.slide.layout-bullets');
              const box = slide.getBoundingClientRect();
              const scale = box.width / slide.offsetWidth;
              return [0, 1, 2].map(level => {
                const li = slide.querySelector('.box-body li.l' + level);
                const range = document.createRange();
                range.selectNodeContents(li.firstChild);
                return (range.getBoundingClientRect().left - box.left) / scale;
              });
            }"""
        )
        watch.check()
        context.close()
    return found


def test_html_list_levels_start_where_the_masters_margins_put_them(tmp_path: Path) -> None:
    master = rewrite(tmp_path / "levels.pptx", _uneven_levels)
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    plan = load_plan(deck, template=master)
    assert plan.theme.master_text.margins[:3] == MARGINS

    prs = Presentation(io.BytesIO(render(plan, "pptx")))
    slide = prs.slides[0]
    body = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == 1)
    paras = body.text_frame.paragraphs
    assert [p.text for p in paras] == ["First level", "Second level", "Third level"]
    assert [p.level for p in paras] == [0, 1, 2]
    styles = prs.slide_masters[0].element.find("p:txStyles/p:bodyStyle", NS)
    written = [int(styles.find(f"a:lvl{n + 1}pPr", NS).get("marL")) for n in range(3)]
    assert tuple(written) == MARGINS
    for p in paras:  # the paragraphs inherit the master's margins
        ppr = p._p.find("a:pPr", NS)
        assert ppr is None or ppr.get("marL") is None

    html_file = tmp_path / "deck.html"
    html_file.write_bytes(render(plan, "html"))
    seen = _chromium_text_x(html_file)
    expected = [(body.left + INSET_X_EMU + margin) / EMU_PER_PX for margin in written]
    for level, (got, want) in enumerate(zip(seen, expected, strict=True)):
        assert abs(got - want) <= 1.5, (
            f"level {level}: text at {got:.1f}px, PowerPoint {want:.1f}px"
        )


def test_html_built_in_master_keeps_its_css() -> None:
    """The built-in margins are podium.css's --indent steps: no per-level rules are added."""
    from podium.render.html_css import theme_css
    from podium.template.theme import Theme

    css = theme_css(Theme())
    assert "--indent0" not in css and "li.l1" not in css
