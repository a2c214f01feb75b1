"""Tests for formulas: LaTeX checking with columns, MathML, Office Math and linear text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from podium.media.math import MathError, parse
from podium.media.omml import omml

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MML = "{http://www.w3.org/1998/Math/MathML}"


@pytest.mark.parametrize(
    ("tex", "message", "offset", "length"),
    [
        (r"\fract{a}{b}", "unknown LaTeX command '\\fract' (did you mean '\\frac'?)", 0, 6),
        (r"x + \bta", "unknown LaTeX command '\\bta' (did you mean '\\beta'?)", 4, 4),
        (r"\frac{a}{b", "'{' is never closed: add a '}'", 8, 1),
        (r"a}", "'}' closes nothing: remove it or add a '{' before it", 1, 1),
        (r"x^", "'^' needs a superscript after it, e.g. x^{2}", 1, 1),
        (r"x_{i_}", "'_' needs a subscript after it, e.g. x_{2}", 4, 1),
        (r"\left( x", "'\\left' without a '\\right': add '\\right.' or a closing one", 0, 5),
        (r"x \right)", "'\\right' without a '\\left' before it", 2, 6),
        (
            r"\begin{pmatrx} a \end{pmatrx}",
            "unknown environment 'pmatrx' (did you mean 'pmatrix'?)",
            0,
            14,
        ),
        (
            r"\begin{cases} a \end{matrix}",
            "'\\end{matrix}' does not close anything: expected '\\end{cases}'",
            16,
            12,
        ),
        (
            r"\href{javascript:alert(1)}{x}",
            "'\\href' is not allowed in a formula (links and styles go in the text around it)",
            0,
            5,
        ),
        (
            r"x \def",
            "'\\def' is not allowed in a formula (links and styles go in the text around it)",
            2,
            4,
        ),
        (" ", "empty formula: write LaTeX between the dollar signs", 0, 1),
    ],
)
def test_math_bad_latex_is_located(tex: str, message: str, offset: int, length: int) -> None:
    with pytest.raises(MathError) as caught:
        parse(tex)
    assert (caught.value.message, caught.value.offset, caught.value.length) == (
        message,
        offset,
        length,
    )


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"O(n \log n)", "O(n log n)"),
        (r"E = mc^2", "E = mc2"),
        (r"\frac{a}{b}", "a/b"),
        (r"\frac{n(n+1)}{2}", "(n(n + 1))/2"),
        (r"\sqrt{x}", "√x"),
        (r"\alpha_i \le \beta", "αi ≤ β"),
        (r"\hat{y}", "y\u0302"),
        (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", "(1 2; 3 4)"),
    ],
)
def test_math_linear_text_reads_as_the_formula(tex: str, text: str) -> None:
    assert parse(tex).text == text


def test_math_linear_text_marks_scripts_and_italic_letters() -> None:
    pieces = [(p.text, p.script, p.italic) for p in parse(r"x_i^2 + 1").linear]
    assert pieces == [("x", 0, True), ("i", -1, True), ("2", 1, False), (" + 1", 0, False)]


def _omml(tex: str, display: bool = False) -> etree._Element:
    return etree.fromstring(omml(parse(tex, display)))


def test_math_omml_uses_the_office_structures() -> None:
    root = _omml(r"\frac{a}{b} + \sqrt{x} + \sqrt[3]{y} + \hat{z} + \left( w \right)")
    assert root.tag == M + "oMath"
    assert root.find(f"{M}f/{M}num/{M}r/{M}t").text == "a"
    radicals = root.findall(f"{M}rad")
    assert radicals[0].find(f"{M}radPr/{M}degHide").get(M + "val") == "1"
    assert radicals[1].find(f"{M}deg/{M}r/{M}t").text == "3"
    assert root.find(f"{M}acc/{M}accPr/{M}chr").get(M + "val") == "\u0302"
    delimiter = root.find(f"{M}d/{M}dPr")
    assert delimiter.find(f"{M}begChr").get(M + "val") == "("
    assert delimiter.find(f"{M}endChr").get(M + "val") == ")"


def test_math_omml_sum_is_an_nary_with_its_operand() -> None:
    root = _omml(r"\sum_{i=1}^{n} i^2 = x", display=True)
    assert root.tag == M + "oMathPara"
    assert root.find(f"{M}oMathParaPr/{M}jc").get(M + "val") == "centerGroup"
    nary = root.find(f"{M}oMath/{M}nary")
    assert nary.find(f"{M}naryPr/{M}chr").get(M + "val") == "∑"
    assert nary.find(f"{M}naryPr/{M}limLoc").get(M + "val") == "undOvr"
    assert "".join(nary.find(f"{M}sub").itertext()) == "i=1"
    assert nary.find(f"{M}e/{M}sSup") is not None
    # what follows the operand stays outside the sum
    assert [r.findtext(f"{M}t") for r in root.find(f"{M}oMath").findall(f"{M}r")] == ["=", "x"]


def test_math_omml_matrix_rows_and_cells() -> None:
    root = _omml(r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}")
    rows = root.findall(f".//{M}m/{M}mr")
    assert [["".join(e.itertext()) for e in row.findall(f"{M}e")] for row in rows] == [
        ["1", "2"],
        ["3", "4"],
    ]


def test_math_mathml_escapes_text_and_drops_what_is_not_math() -> None:
    formula = parse(r"\text{<script>alert(1)</script> & co} + \color{red}{x}")
    root = etree.fromstring(formula.mathml)
    assert {etree.QName(el).localname for el in root.iter()} <= {
        "math", "mrow", "mtext", "mo", "mi", "mstyle",
    }  # fmt: skip
    assert "<script" not in formula.mathml
    assert root.find(f".//{MML}mtext").text.startswith("<script>alert(1)</script>")


def test_math_function_names_get_a_thin_space() -> None:
    root = etree.fromstring(parse(r"n \log n").mathml)
    names = [etree.QName(el).localname for el in root.find(f"{MML}mrow")]
    assert names == ["mi", "mspace", "mi", "mspace", "mi"]


def test_math_sizes_grow_with_the_formula() -> None:
    x, frac, display = parse("x"), parse(r"\frac{a}{b}"), parse(r"\frac{a}{b}", True)
    assert 0.3 < x.width < 0.7 and 0.4 < x.height < 0.9
    assert frac.depth > x.depth
    assert display.height > frac.height
    assert parse(r"a + b + c + d").width > parse("a + b").width


_TOKENS = [
    r"\frac", r"\sqrt", "{", "}", "^", "_", "x", "2", r"\sum", r"\int", r"\left(", r"\right)",
    "&", r"\\", r"\begin{pmatrix}", r"\end{pmatrix}", r"\hat", r"\overbrace", r"\text{a<b}",
    r"\lim", r"\mathbb", "+", "(", ")", r"\binom", r"\overline", r"\,", " ", r"\sqrt[3]",
    r"\operatorname{f}", r"\limits", r"\color{red}", r"\mathrm{d}", "'", r"\vec", r"\overset",
    r"\underset", r"\xrightarrow", "<",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=8), st.booleans())
def test_math_any_latex_is_a_formula_or_a_located_error(tokens: list[str], display: bool) -> None:
    tex = "".join(tokens)
    try:
        formula = parse(tex, display)
    except MathError as exc:
        assert 0 <= exc.offset <= len(tex) and exc.message
        return
    etree.fromstring(omml(formula))
    assert "<script" not in formula.mathml and formula.text is not None
