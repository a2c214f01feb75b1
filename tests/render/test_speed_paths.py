"""The speed paths give what the slow paths give: one-pass stamped zip, cached qn, link hint."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation
from pptx.oxml import ns, xmlchemy

from podium.plan import markup
from podium.render import fastpatch
from podium.render.pptx_package import reproducible_zip, zip_stamp


def _deck() -> object:
    prs = Presentation()
    for n in range(5):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Slide {n}"
        slide.notes_slide.notes_text_frame.text = f"notes {n}"
    return prs


@pytest.mark.parametrize(
    "when", [dt.datetime(2007, 1, 24), dt.datetime(1970, 1, 1), dt.datetime(2023, 11, 14, 22, 13)]
)
def test_save_stamped_is_save_then_reproducible_zip(stock: None, when: dt.datetime) -> None:
    prs = _deck()
    buf = io.BytesIO()
    prs.save(buf)  # type: ignore[attr-defined]
    expected = reproducible_zip(buf.getvalue(), when)
    assert fastpatch.install()
    assert fastpatch.save_stamped(prs, zip_stamp(when)) == expected


def test_save_stamped_needs_the_patch(stock: None) -> None:
    with pytest.raises(RuntimeError, match="not installed"):
        fastpatch.save_stamped(_deck(), (2007, 1, 24, 0, 0, 0))


def test_qn_is_cached_while_installed_and_restored(stock: None) -> None:
    stock_qn = ns.qn
    assert xmlchemy.qn is stock_qn
    assert fastpatch.install()
    assert xmlchemy.qn is not stock_qn and ns.qn is not stock_qn
    for tag in ("p:sp", "a:t", "p:notes", "a:rPr"):
        assert xmlchemy.qn(tag) == stock_qn(tag)
    fastpatch.uninstall()
    assert xmlchemy.qn is stock_qn and ns.qn is stock_qn


@pytest.mark.parametrize(
    "text",
    [
        "Point 1 of slide 8, a line of ordinary lecture text",
        "see example.org now",
        "mail me at a@b.example",
        "LOCALHOST:8000 and localhoſt",
        "www example com",
        "Kelvin \u212a and long \u017f",
        "http:x and //path",
    ],
)
def test_link_hint_never_hides_a_pretest_match(text: str) -> None:
    linkify = markup._parser().linkify
    assert linkify is not None
    if linkify.pretest(text):
        assert markup._LINK_HINT.search(text)
    assert markup._is_plain(text) == (
        markup._parser().inline.terminator_re.search(text) is None and not linkify.pretest(text)
    )
