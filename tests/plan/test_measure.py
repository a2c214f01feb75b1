"""Text measurement: widths from the metric-compatible fonts, and where lines break."""

from __future__ import annotations

import pytest

from podium.errors import PodiumError
from podium.plan.fonts import FontSet, find_font
from podium.plan.markup import Run
from podium.plan.measure import Block, Measurer, measurer, text_size
from podium.template.theme import EMU_PER_PT

CARLITO_M = 1751 / 2048  # Carlito's advance of "M" in em (= Calibri's)
CJK = 1.0  # Noto Sans CJK: every kanji and kana is one em wide


def lines(text: str, width: float, size: float = 20, **kw: object) -> list[str]:
    runs = tuple(Run(t) for t in text.split("|"))  # "|" separates runs
    return [line.text for line in measurer().wrap(Block(runs, size, **kw), width)]  # type: ignore[arg-type]


def width(text: str, size: float = 20, **kw: bool) -> float:
    return measurer().text_width((Run(text, **kw),), size)


def test_measure_width_is_calibri_advance_times_size() -> None:
    assert width("M", 20) == pytest.approx(20 * CARLITO_M, abs=1e-3)
    assert width("MMMM", 31.5) == pytest.approx(4 * 31.5 * CARLITO_M, abs=1e-3)


def test_measure_width_counts_bold_and_kerning() -> None:
    assert width("Lecture", bold=True) > width("Lecture")
    assert width("AV") < width("A") + width("V")


def test_measure_code_runs_use_the_mono_font() -> None:
    # Liberation Mono: 0.6 em a character, wider than Carlito's "i"
    assert width("iiii", 10, code=True) == pytest.approx(4 * 10 * 1229 / 2048, abs=1e-3)


def test_measure_wraps_after_spaces() -> None:
    room = width("alpha beta") + 1
    assert lines("alpha beta gamma", room) == ["alpha beta ", "gamma"]


def test_measure_trailing_space_does_not_need_room() -> None:
    room = width("alpha beta")
    assert lines("alpha beta gamma", room) == ["alpha beta ", "gamma"]
    assert lines("alpha beta gamma", room - 0.1) == ["alpha ", "beta ", "gamma"]


def test_measure_word_may_span_runs() -> None:
    # "**Py**thon": no break between the runs of one word
    room = width("Python") - 1
    result = lines("a Py|thon", room)
    assert result == ["a ", "Pytho", "n"]


def test_measure_long_word_breaks_mid_word() -> None:
    word = "Supercalifragilisticexpialidocious"
    room = width(word) / 3
    result = measurer().wrap(Block((Run(word),), 20), room)
    assert "".join(line.text for line in result) == word
    assert len(result) in (3, 4)
    assert all(line.width <= room + 1e-6 for line in result)


def test_measure_forced_line_break_starts_a_line() -> None:
    assert lines("one|\n|two", 500) == ["one", "two"]
    assert measurer().measure([Block((Run("one"), Run("\n"), Run("two")), 20)], None).lines == 2


def test_measure_breaks_after_hyphens_and_dashes() -> None:
    room = width("state-of-") + 1
    assert lines("state-of-the-art", room) == ["state-of-", "the-art"]
    assert lines("a—b", width("a—") + 0.5) == ["a—", "b"]


def test_measure_quotes_hold_on_to_their_neighbours() -> None:
    room = width("Rights —“quoted”") - 1
    # without the rule the line would break after the dash: "Rights —" / "“quoted” text"
    assert lines("Rights —“quoted” text", room) == ["Rights ", "—“quoted” text"]


def test_measure_cjk_breaks_between_characters() -> None:
    assert lines("日本語日本語", 4 * 20 * CJK + 0.01) == ["日本語日", "本語"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 、 may not start a line: it hangs past the margin instead
        ("日本語日、本語", ["日本語日、", "本語"]),
        # small kana and the long vowel mark may not start a line
        ("日本語日ャ本", ["日本語", "日ャ本"]),
        ("日本語日ー本", ["日本語", "日ー本"]),
        # an opening bracket may not end one
        ("日本「語」日本", ["日本", "「語」日", "本"]),
    ],
)
def test_measure_kinsoku(text: str, expected: list[str]) -> None:
    assert lines(text, 4 * 20 * CJK + 0.01) == expected


def test_measure_digits_in_japanese_are_latin_with_a_gap() -> None:
    tool = Measurer(FontSet())
    plain = Measurer(FontSet(), asian_gap=False)
    digits = width("2024")  # Carlito, not the CJK font's digits
    expected = 2 * 20 * CJK + digits
    assert plain.text_width((Run("年2024年"),), 20) == pytest.approx(expected, abs=0.01)
    # LibreOffice adds a fifth of the line height (0.24 em) where scripts meet: twice here
    gap = 2 * 0.24 * 20
    assert tool.text_width((Run("年2024年"),), 20) == pytest.approx(40 + digits + gap, abs=0.01)


def test_measure_height_adds_pitch_and_space_between_paragraphs() -> None:
    blocks = [
        Block((Run("one"),), 20, space_before=6),
        Block((Run("two"), Run("\n"), Run("three")), 20, space_before=6),
        Block((Run("four"),), 10, space_before=6),
    ]
    size = text_size(blocks, 10 * 914400)
    assert size.para_lines == (1, 2, 1)
    # 1.2 x size a line; no space before the first paragraph
    expected_pt = 3 * 24 + 12 + 2 * 6
    assert size.height == round(expected_pt * EMU_PER_PT)


def test_measure_line_spacing_and_margin() -> None:
    text = (Run("word " * 40),)
    wide = text_size([Block(text, 20)], 6 * 914400)
    indented = text_size([Block(text, 20, margin=3 * 914400)], 6 * 914400)
    assert indented.lines > wide.lines
    tight = text_size([Block(text, 20, spacing=0.9)], 6 * 914400)
    assert tight.height == round(wide.lines * 20 * 1.2 * 0.9 * EMU_PER_PT)


def test_measure_without_wrapping_reports_the_widest_line() -> None:
    blocks = [Block((Run("short", code=True),), 10), Block((Run("x" * 50, code=True),), 10)]
    size = text_size(blocks, None)
    assert size.lines == 2
    assert size.width == round(50 * 10 * 1229 / 2048 * EMU_PER_PT)


def test_measure_empty_paragraph_is_one_line() -> None:
    assert text_size([Block((), 20)], 914400).lines == 1


def test_measure_font_substitutes() -> None:
    assert find_font("Calibri").path.endswith("Carlito-Regular.ttf")
    assert find_font("Calibri", bold=True).path.endswith("Carlito-Bold.ttf")
    assert find_font("Consolas").path.endswith("LiberationMono-Regular.ttf")
    cjk = find_font("Noto Sans CJK JP")
    assert cjk.path.endswith(".ttc")
    # no known substitute and not installed: measured as Calibri
    assert find_font("Some Corporate Sans").path.endswith("Carlito-Regular.ttf")


def test_measure_missing_font_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from podium.plan import fonts

    monkeypatch.setitem(fonts.SUBSTITUTES, "gill sans", ("Gillius Nowhere", "fonts-gillius"))
    with pytest.raises(PodiumError) as info:
        find_font("Gill Sans")
    assert str(info.value) == (
        "error: font 'Gillius Nowhere' (used to measure text set in Gill Sans) is not "
        "installed; install it: on Debian or Ubuntu, sudo apt install fonts-gillius"
    )


def test_measure_shipped_fonts_need_no_fc_match(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from podium.plan import fonts

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("fc-match was run for a font Podium ships")

    monkeypatch.setattr(subprocess, "run", refuse)
    fonts._fc_match.cache_clear()
    shipped = fonts.BUNDLED_DIR
    for family, stem in [
        ("Calibri", "Carlito"),
        ("Arial", "LiberationSans"),
        ("Times New Roman", "LiberationSerif"),
        ("Courier New", "LiberationMono"),
        ("Consolas", "LiberationMono"),
    ]:
        for bold, italic, style in [
            (False, False, "Regular"),
            (True, False, "Bold"),
            (False, True, "Italic"),
            (True, True, "BoldItalic"),
        ]:
            assert find_font(family, bold, italic).path == str(shipped / f"{stem}-{style}.ttf")
    licences = sorted(p.name for p in shipped.glob("*LICENSE*"))
    assert licences == ["Carlito-LICENSE.txt", "Liberation-LICENSE.txt"]
    assert "SIL Open Font License" in (shipped / "Carlito-LICENSE.txt").read_text()


def test_measure_without_a_cjk_font_counts_full_width_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from podium.plan import fonts

    monkeypatch.setattr(fonts, "_fc_match", lambda family, bold, italic: None)
    monkeypatch.setattr(fonts, "_known_file", lambda family, bold, italic: None)
    tool = Measurer(FontSet())
    ea = tool.fonts.file("ea")
    assert ea.full_width and ea.path == str(fonts.BUNDLED_DIR / "Carlito-Regular.ttf")
    # ten CJK characters at 20 pt are 200 pt wide; half-width katakana half that
    assert tool.text_width((Run("国際協力は、持続可能"),), 20) == pytest.approx(200)
    assert tool.text_width((Run("ｱｲｳｴｵｶｷｸｹｺ"),), 20) == pytest.approx(100)
    # 12 characters to a 120 pt line: 30 characters wrap into three lines
    lines = tool.measure([Block((Run("あ" * 30),), 10)], round(120 * EMU_PER_PT)).lines
    assert lines == 3
