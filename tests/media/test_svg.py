"""Tests for SVG figures: the allow-list sanitiser, sizes and the PNG fallback."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from PIL import Image

from podium.media.svg import SvgError, rasterise, sanitise

SVG = "http://www.w3.org/2000/svg"
HEAD = f'<svg xmlns="{SVG}" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100"'

#: Each a way an SVG reaches outside itself or runs code, and what must be gone after.
MALICIOUS = {
    "script": (f"{HEAD}><script>alert(1)</script><rect width='10' height='10'/></svg>", "script"),
    "onload": (f'{HEAD} onload="alert(1)"><rect width="10" height="10"/></svg>', "onload"),
    "onclick": (f'{HEAD}><rect onclick="alert(1)" width="10" height="10"/></svg>', "onclick"),
    "file href": (f'{HEAD}><image href="file:///etc/passwd" width="9" height="9"/></svg>', "file:"),
    "http xlink": (
        f'{HEAD}><image xlink:href="http://example.com/x.png" width="9" height="9"/></svg>',
        "example.com",
    ),
    "javascript link": (
        f'{HEAD}><a href="javascript:alert(1)"><circle r="5"/></a></svg>',
        "javascript:",
    ),
    "external use": (f'{HEAD}><use href="http://example.com/s.svg#x"/></svg>', "example.com"),
    "css import": (
        f"{HEAD}><style>@import url(http://example.com/a.css); rect {{fill: red}}</style></svg>",
        "@import",
    ),
    "css url": (
        f'{HEAD}><rect style="fill: url(http://example.com/p.svg#g)" width="9" height="9"/></svg>',
        "example.com",
    ),
    "foreign object": (
        f'{HEAD}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">'
        "<iframe src='http://example.com'/></div></foreignObject></svg>",
        "iframe",
    ),
    "animate to javascript": (
        f'{HEAD}><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>',
        "javascript:",
    ),
}


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_svg_sanitise_removes_what_reaches_out(name: str) -> None:
    source, trace = MALICIOUS[name]
    svg = sanitise(source.encode())
    text = svg.data.decode()
    assert trace not in text
    assert "<script" not in text and " on" not in text.replace("<svg ", "")
    assert svg.removed, "the sanitiser says what it took out"
    etree.fromstring(svg.data)  # still well-formed SVG


@pytest.mark.parametrize(
    "source",
    [
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<svg xmlns="{SVG}" width="9" height="9"><text>&x;</text></svg>',
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        f'<svg xmlns="{SVG}" width="9" height="9"><text>&b;</text></svg>',
    ],
)
def test_svg_entities_are_refused(source: str) -> None:
    with pytest.raises(SvgError, match=r"<!DOCTYPE> or <!ENTITY> declaration is refused"):
        sanitise(source.encode())


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"not xml", "not readable as SVG"),
        (b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "not an SVG drawing"),
        (f'<svg xmlns="{SVG}"/>'.encode(), "the SVG has no size"),
    ],
)
def test_svg_refuses_what_is_not_a_drawing(source: bytes, message: str) -> None:
    with pytest.raises(SvgError, match=message):
        sanitise(source)


def test_svg_keeps_the_drawing_and_local_references() -> None:
    source = (
        f'<svg xmlns="{SVG}" viewBox="0 0 40 20"><defs><linearGradient id="g">'
        '<stop offset="0" stop-color="red"/></linearGradient></defs>'
        '<rect id="r" width="40" height="20" fill="url(#g)"/><use href="#r"/></svg>'
    )
    svg = sanitise(source.encode())
    assert (svg.width, svg.height) == (40, 20)
    root = etree.fromstring(svg.data)
    assert root.find(f".//{{{SVG}}}use").get("href") == "#r"
    assert root.find(f".//{{{SVG}}}rect").get("fill") == "url(#g)"
    assert svg.removed == ()


def test_svg_size_from_units_and_viewbox() -> None:
    svg = sanitise(f'<svg xmlns="{SVG}" width="2in" viewBox="0 0 100 50"/>'.encode())
    assert (svg.width, svg.height) == (192, 96)


def test_svg_rasterises_to_a_sharp_png() -> None:
    svg = sanitise(
        f'<svg xmlns="{SVG}" viewBox="0 0 40 20"><rect width="20" height="20" fill="#ff0000"/>'
        "</svg>".encode()
    )
    image = Image.open(io.BytesIO(rasterise(svg)))
    assert image.size == (1920, 960)
    assert image.getpixel((10, 10))[:3] == (255, 0, 0)
    assert image.getpixel((1900, 10))[3] == 0  # outside the rectangle: transparent
