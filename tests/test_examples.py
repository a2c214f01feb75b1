"""The decks under examples/: each checks, builds, validates and shows its formulas and figure."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from office import pdf_text, to_pdf

from podium.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FORMULAS = ROOT / "examples" / "formulas" / "deck.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    result = CliRunner().invoke(cli, ["build", str(FORMULAS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return out


def test_examples_formulas_deck_checks() -> None:
    result = CliRunner().invoke(cli, ["check", str(FORMULAS)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("ok, 4 slides\n")


def test_examples_formulas_pptx_has_equations_and_an_svg_figure(built: Path) -> None:
    from openxml_audit import validate_pptx

    pptx = built / "deck.pptx"
    with zipfile.ZipFile(pptx) as z:
        slide2 = z.read("ppt/slides/slide2.xml").decode()
        slide3 = z.read("ppt/slides/slide3.xml").decode()
        svgs = [n for n in z.namelist() if n.endswith(".svg")]
    assert slide2.count("<a14:m>") == 8  # five in the text, three in the bullets
    assert "asvg:svgBlip" in slide3 and len(svgs) == 1
    result = validate_pptx(str(pptx))
    assert result.is_valid, [str(e) for e in result.errors][:5]


@pytest.mark.libreoffice
def test_examples_formulas_libreoffice_render(built: Path, tmp_path: Path) -> None:
    (pdf,) = to_pdf([built / "deck.pptx"], tmp_path)
    pages = [" ".join(p.split()) for p in pdf_text(pdf).split("\f")]
    assert "The model y\u0302 = a + bx" in pages[1]
    assert "S(a, b) = ∑i=1n(yi − a − bxi)2" in pages[1]
    assert "gives the normal equations" in pages[1]
    assert "From data to model" in pages[2]
    assert "Each step, with the residual ri = yi − y\u0302i" in pages[2]
    assert "Worked example, n = 4" in pages[3] and "7.8" in pages[3]


def test_examples_formulas_html_has_mathml_and_the_figure(built: Path) -> None:
    text = (built / "deck.html").read_text(encoding="utf-8")
    assert text.count("<math ") == 16
    assert 'src="data:image/svg+xml;base64,' in text
