"""Fonts embedded in the HTML deck: the measured faces, subset, renamed, as WOFF2; and the HTML
lays text out the same in a Chromium that has no fonts at all."""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, new_context, sample_plan
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.plan.markup import parse_block, parse_inline
from podium.plan.types import DeckPlan
from podium.render import html, webfonts

FACE = re.compile(
    r'@font-face\{font-family:"([^"]+)";src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) '
    r'format\("woff2"\);font-weight:(\d+);font-style:(\w+);font-display:block\}'
)


def _faces(page: str) -> dict[tuple[str, int, str], TTFont]:
    out = {}
    for family, data, weight, style in FACE.findall(page):
        raw = base64.b64decode(data)
        assert raw[:4] == b"wOF2"
        out[family, int(weight), style] = TTFont(io.BytesIO(raw))
    return out


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> DeckPlan:
    return sample_plan(tmp_path_factory.mktemp("webfonts"))


def test_webfonts_embeds_each_used_face_subset_and_renamed(plan: DeckPlan) -> None:
    page = html.render(plan)
    faces = _faces(page)
    # titles are Calibri like the text: one family; the plan has no bold or italic code
    assert sorted(faces) == [
        ("Podium Mono", 400, "normal"),
        ("Podium Text", 400, "italic"),
        ("Podium Text", 400, "normal"),
        ("Podium Text", 700, "normal"),
    ]
    wanted = webfonts.used_text(plan)
    regular = faces["Podium Text", 400, "normal"]
    cmap = {chr(c) for c in regular.getBestCmap()}
    with TTFont(webfonts.FontSet().file("latin").path) as carlito:
        drawable = {chr(c) for c in carlito.getBestCmap()}
    assert set(wanted["text", False, False]) & drawable <= cmap
    assert len(cmap) < 200  # a subset, not Carlito's 2,800 glyphs
    for font in faces.values():
        names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 4, 6)}
        assert not any("Carlito" in n or "Liberation" in n for n in names), names
        assert any(
            r.nameID == 13 and "Open Font License" in r.toUnicode() for r in font["name"].names
        )
    assert '--font:"Podium Text", "Calibri", "Carlito"' in page
    assert '--font-mono:"Podium Mono", "Consolas"' in page


def test_webfonts_same_bytes_every_build(plan: DeckPlan) -> None:
    webfonts.subset_woff2.cache_clear()
    first = html.render(plan)
    webfonts.subset_woff2.cache_clear()
    assert html.render(plan) == first


def test_webfonts_hidden_slide_text_is_not_embedded(plan: DeckPlan) -> None:
    hidden = [s for s in plan.slides if s.hidden]
    assert hidden
    secret = dataclasses.replace(hidden[0], title=parse_inline("Ωmega Ψ"))
    slides = tuple(secret if s is hidden[0] else s for s in plan.slides)
    used = webfonts.used_text(dataclasses.replace(plan, slides=slides))
    assert not any("Ω" in text or "Ψ" in text for text in used.values())


def test_webfonts_east_asian_text_is_embedded_when_measured_with_a_cjk_font(
    plan: DeckPlan,
) -> None:
    slides = list(plan.slides)
    slides[3] = dataclasses.replace(slides[3], body=parse_block("- 人間の安全保障\n- **国際協力**"))
    faces = _faces(html.render(dataclasses.replace(plan, slides=tuple(slides))))
    east = {k: v for k, v in faces.items() if k[0] == "Podium East Asian"}
    assert sorted(east) == [
        ("Podium East Asian", 400, "normal"),
        ("Podium East Asian", 700, "normal"),
    ]
    assert set("人間の安全保障") <= {
        chr(c) for c in east["Podium East Asian", 400, "normal"].getBestCmap()
    }


def test_webfonts_full_width_measure_embeds_no_east_asian_font(
    plan: DeckPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    from podium.plan import fonts

    monkeypatch.setattr(fonts, "_fc_match", lambda family, bold, italic: None)
    monkeypatch.setattr(fonts, "_known_file", lambda family, bold, italic: None)
    slides = list(plan.slides)
    slides[3] = dataclasses.replace(slides[3], body=parse_block("- 人間の安全保障"))
    page = html.render(dataclasses.replace(plan, slides=tuple(slides)))
    assert {family for family, _w, _s in _faces(page)} == {"Podium Text", "Podium Mono"}


# -- a Chromium without the measured fonts draws the deck as one with them -------------------

LAYOUT = """() => [...document.querySelectorAll('#deck > .slide')].map(s => {
  s.classList.add('current');
  const boxes = [...s.querySelectorAll('li, p, h1, h2, td, th, pre')].map(
    e => [e.tagName, Math.round(e.getBoundingClientRect().width * 10),
          Math.round(e.getBoundingClientRect().height * 10), e.getClientRects().length]);
  const words = [...s.querySelectorAll('li, p, h1, h2')].map(e => {
    const r = document.createRange(); r.selectNodeContents(e);
    const tops = [...r.getClientRects()].map(q => Math.round(q.top));
    return tops.filter((v, i, a) => a.indexOf(v) === i).length;
  });
  s.classList.remove('current');
  return [boxes, words];
})"""


@pytest.fixture(scope="module")
def fontless_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Return the environment of a Chromium whose fontconfig knows one font, DejaVu Sans (far
    wider than Carlito): no Calibri, Carlito, Liberation or Noto. (With no font at all
    Chromium fails to load any font, web fonts included; no real machine is like that.)"""
    folder = tmp_path_factory.mktemp("nofonts")
    (folder / "fonts").mkdir()
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", folder / "fonts")
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder / 'fonts'}</dir><cachedir>{folder / 'cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _layout(page_html: Path, env: dict[str, str] | None) -> list[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env
        )
        try:
            context, watch = new_context(browser, reduced_motion="reduce")
            page = context.new_page()
            page.goto(page_html.as_uri())
            page.wait_for_function("() => document.querySelector('#deck > .slide') !== null")
            # every face, as each slide would load its own when shown
            page.evaluate("() => Promise.all([...document.fonts].map(f => f.load().catch(e => e)))")
            loaded = page.evaluate(
                "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
            )
            result = [sorted(set(loaded)), page.evaluate(LAYOUT)]
            watch.check()
            context.close()
            return result
        finally:
            browser.close()


@pytest.mark.browser
def test_webfonts_chromium_without_the_fonts_breaks_lines_as_with_them(
    plan: DeckPlan, tmp_path: Path, fontless_env: dict[str, str]
) -> None:
    deck = tmp_path / "deck.html"
    deck.write_text(html.render(plan), encoding="utf-8")
    with_fonts = _layout(deck, None)
    without = _layout(deck, fontless_env)
    assert without[0] == ["Podium Mono", "Podium Text"]
    assert without == with_fonts
    # and the test can fail: without the embedded fonts the fontless layout differs
    bare = tmp_path / "bare.html"
    bare.write_text(FACE.sub("", deck.read_text(encoding="utf-8")), encoding="utf-8")
    assert _layout(bare, fontless_env)[1] != with_fonts[1]


def test_webfonts_font_without_a_substitute_keeps_its_place(plan: DeckPlan) -> None:
    # A template font Podium cannot match is measured with Carlito, an approximation: the
    # viewer's own copy of the template font is used first, the embedded face right after.
    theme = dataclasses.replace(plan.theme, minor_font="Gill Sans Nowhere")
    page = html.render(dataclasses.replace(plan, theme=theme))
    assert '--font:"Gill Sans Nowhere", "Podium Text", "Carlito"' in page
    assert '--font-major:"Podium Text", "Calibri"' in page  # the same Carlito faces


_KEYS = [
    ("text", False, False),
    ("text", True, False),
    ("title", False, False),
    ("ea", False, False),
]
_PART = st.lists(
    st.tuples(st.sampled_from(_KEYS), st.frozensets(st.sampled_from("aZé…字語\u00a0"), min_size=1)),
    max_size=3,
    unique_by=lambda kc: kc[0],
).map(tuple)


@given(st.lists(st.lists(st.integers(0, 7), max_size=8), min_size=1, max_size=6), st.data())
@settings(max_examples=150, deadline=None)
def test_text_tally_equals_merged_text_list_after_list(
    lists: list[list[int]], data: st.DataObject
) -> None:
    # eight parts, shown in lists that repeat, drop, reorder and add them, as edits do
    parts = [data.draw(_PART) for _ in range(8)]
    tally = webfonts.TextTally()
    for picks in lists:
        shown = [parts[k] for k in picks]
        got = tally.merged(shown)
        want = webfonts.merged_text(shown)
        assert got == want
        assert list(got) == list(want)  # the same order of faces
        if picks and data.draw(st.booleans()):
            parts[picks[0]] = data.draw(_PART)  # an edited slide: a new part
