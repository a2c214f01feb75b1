"""Variants: only: marks on slides, sections, bullets and notes; --variant in every format."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from podium.cli import cli
from podium.commands.build import build, load_plan
from podium.errors import DeckError
from podium.plan.markup import plain

DECK = """\
title: Variants
author: A. Lecturer
variants:
  instructor: {}
  student: {notes: false}
slides:
  - layout: title
  - layout: agenda
  - title: Shared slide
    bullets:
      - Everyone sees this
      - text: Solution is forty-two
        only: instructor
    notes:
      - Shared note
      - text: Secret teaching note
        only: instructor
  - title: Answer key
    only: instructor
    bullets: [Detailed answers]
  - {title: Backup slide, hidden: true}
  - section: Extra section
    only: [instructor]
    slides:
      - title: Backup material
  - section: Wrap-up
    slides:
      - title: Last slide
        notes: Thank them.
"""
#: What only the instructor's variant shows on its slides (its notes are checked apart).
SECRETS = ("Solution is forty-two", "Answer key", "Detailed answers", "Backup material",
           "Extra section")  # fmt: skip
CHROMIUM = "/usr/bin/chromium"


def titles(plan) -> list[tuple[int, str]]:
    return [(s.number, s.title_text) for s in plan.slides]


def test_variant_default_is_the_whole_deck(write_deck) -> None:
    plan = load_plan(write_deck(DECK))
    assert plan.name == "deck" and plan.variant == ""
    assert titles(plan) == [
        (1, "Variants"), (2, "Outline"), (3, "Shared slide"), (4, "Answer key"),
        (5, "Backup slide"), (6, "Backup material"), (7, "Last slide"),
    ]  # fmt: skip


def test_variant_student_leaves_out_and_renumbers(write_deck) -> None:
    plan = load_plan(write_deck(DECK), variant="student")
    assert (plan.name, plan.variant) == ("deck-student", "student")
    # left out: gone and not counted; hidden: still there, still numbered
    assert titles(plan) == [
        (1, "Variants"), (2, "Outline"), (3, "Shared slide"), (4, "Backup slide"),
        (5, "Last slide"),
    ]  # fmt: skip
    assert [s.hidden for s in plan.slides] == [False, False, False, True, False]
    shared = plan.slides[2]
    assert [p.runs[0].text for p in shared.body] == ["Everyone sees this"]
    assert all(s.notes == () for s in plan.slides)  # student: {notes: false}
    agenda = [p.runs[0].text for p in plan.slides[1].body]
    assert agenda == ["Wrap-up"]
    assert [(plain(s.title), s.first, s.count) for s in plan.sections] == [("Wrap-up", 4, 1)]


def test_variant_instructor_keeps_marked_parts(write_deck) -> None:
    plan = load_plan(write_deck(DECK), variant="instructor")
    assert plan.name == "deck-instructor"
    shared = plan.slides[2]
    assert [p.runs[0].text for p in shared.body] == ["Everyone sees this", "Solution is forty-two"]
    assert [p.runs[0].text for p in shared.notes] == ["Shared note", "Secret teaching note"]
    assert [p.runs[0].text for p in plan.slides[1].body] == ["Extra section", "Wrap-up"]


def test_variant_default_true_is_built_without_the_option(write_deck) -> None:
    deck = write_deck(
        DECK.replace("student: {notes: false}", "student: {notes: false, default: true}")
    )
    plan = load_plan(deck)
    assert (plan.name, plan.variant) == ("deck", "student")  # default: the plain file names
    assert "Answer key" not in [t for _, t in titles(plan)]


def test_variant_only_marks_without_declared_variants(write_deck) -> None:
    deck = write_deck("title: T\nslides:\n  - title: Open\n  - {title: Key, only: instructor}\n")
    assert [t for _, t in titles(load_plan(deck, variant="instructor"))] == ["Open", "Key"]


ERRORS = [
    (
        DECK.replace("only: instructor\n    notes", "only: instrutor\n    notes"),
        "student",
        "deck.yaml:13:15: error: slides[2].bullets[1].only: unknown variant 'instrutor' "
        "(did you mean 'instructor'?); the deck's variants: instructor, student",
    ),
    (
        DECK,
        "studnet",
        "deck.yaml:4:3: error: variants: unknown variant 'studnet' (did you mean "
        "'student'?); the deck's variants: instructor, student",
    ),
    (
        "title: T\nslides:\n  - title: One\n",
        "student",
        "deck.yaml:1:1: error: unknown variant 'student': the deck has no variants; declare "
        "them at the top of the deck, e.g. variants: {instructor: {}, student: {notes: false}}, "
        "and mark parts with only: instructor",
    ),
    (
        "title: T\nslides:\n  - {title: One, only: instructor}\n",
        "student",
        "deck.yaml:1:1: error: unknown variant 'student'; the deck's only: marks name "
        "instructor; to build another variant, declare them all at the top of the deck: "
        "variants: {instructor: {}, student: {}}",
    ),
    (
        "title: T\nvariants:\n  a: {default: true}\n  b: {default: true}\nslides:\n  - title: x\n",
        None,
        "deck.yaml:4:16: error: variants.b.default: only one variant can be the default; 'a' "
        "already is",
    ),
    (
        "title: T\nvariants:\n  a b: {}\nslides:\n  - title: x\n",
        None,
        "deck.yaml:3:8: error: variants.a b: variant name 'a b' may use only letters, digits, "
        "'-' and '_' (it becomes part of file names: deck-student.pptx)",
    ),
    (
        "title: T\nvariants:\n  a: {notes: maybe}\nslides:\n  - title: x\n",
        None,
        "deck.yaml:3:14: error: variants.a.notes: expected true or false, found 'maybe'",
    ),
    (
        "title: T\nvariants: {student: {note: false}}\nslides:\n  - title: x\n",
        None,
        "deck.yaml:2:22: error: variants.student.note: unknown key 'note' (did you mean "
        "'notes'?); allowed: notes, default",
    ),
    (
        "title: T\nslides:\n  - title: A\n    notes:\n      - {text: x, onyl: instructor}\n",
        None,
        "deck.yaml:5:19: error: slides[0].notes[0].onyl: unknown key 'onyl' (did you mean "
        "'only'?); allowed: text, only",
    ),
    (
        "title: T\nslides:\n  - title: A\n    notes: {txt: a}\n",
        None,
        "deck.yaml:4:12: error: slides[0].notes: missing required key 'text' in a notes part",
    ),
    (
        "title: T\nslides:\n  - title: B\n    bullets:\n      - {text: y, olny: a}\n",
        None,
        "deck.yaml:5:19: error: slides[0].bullets[0].olny: unknown key 'olny' in a bullet (did "
        "you mean 'only'?); allowed: text, bullets, numbered, start, only",
    ),
]


@pytest.mark.parametrize(("text", "variant", "expected"), ERRORS)
def test_variant_errors_are_located(write_deck, text: str, variant, expected: str) -> None:
    deck = write_deck(text)
    with pytest.raises(DeckError) as info:
        load_plan(deck, "deck.yaml", variant=variant)
    assert info.value.problems[0].render().splitlines()[0] == expected


def test_variant_check_and_build_agree(write_deck) -> None:
    write_deck(DECK)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "--variant", "studnet"])
    built = runner.invoke(cli, ["build", "--variant", "studnet", "-o", "out"])
    assert checked.exit_code == built.exit_code == 1
    assert checked.stderr == built.stderr
    assert "did you mean 'student'?" in built.stderr
    assert not Path("out").exists()


# -- every format -------------------------------------------------------------------------------


def pptx_text(path: Path) -> tuple[str, list[str]]:
    """Return all the text of a .pptx (slides and notes) and the titles of its slides."""
    prs = Presentation(str(path))
    parts, names = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        names.append(slide.shapes.title.text if slide.shapes.title is not None else "")
    return "\n".join(parts), names


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is not installed (make test installs it)"
    folder = tmp_path_factory.mktemp("variants")
    deck = folder / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    env = {**os.environ, "PODIUM_BROWSER": CHROMIUM}
    formats = ("pptx", "html", "pdf", "notes", "handout")
    for variant in ("instructor", "student"):
        build(load_plan(deck, variant=variant), folder / "out", formats, environ=env)
    return folder / "out"


@pytest.mark.browser
def test_variant_files_are_named_after_the_variant(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(
        f"deck-{v}{s}"
        for v in ("instructor", "student")
        for s in (".pptx", ".html", ".pdf", "-notes.pdf", "-handout.pdf")
    )


@pytest.mark.browser
def test_variant_pptx_instructor_has_all_student_has_none(built: Path) -> None:
    teacher, teacher_titles = pptx_text(built / "deck-instructor.pptx")
    student, student_titles = pptx_text(built / "deck-student.pptx")
    for secret in SECRETS:
        assert secret in teacher, secret
        assert secret not in student, secret
    assert "Shared note" in teacher and "Shared note" not in student  # notes: false
    assert "Secret teaching note" in teacher and "Secret teaching note" not in student
    assert "Answer key" in teacher_titles and "Answer key" not in student_titles
    # the hidden slide is in both, hidden in the slide show; the left-out one is not there
    prs = Presentation(str(built / "deck-student.pptx"))
    hidden = [s.shapes.title.text for s in prs.slides if s._element.get("show") == "0"]
    assert hidden == ["Backup slide"]


@pytest.mark.browser
def test_variant_html_instructor_has_all_student_has_none(built: Path) -> None:
    teacher = (built / "deck-instructor.html").read_text(encoding="utf-8")
    student = (built / "deck-student.html").read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret in teacher, secret
        assert secret not in student, secret
    assert "Shared note" in teacher and "Shared note" not in student
    assert "Secret teaching note" in teacher and "Secret teaching note" not in student
    # numbered without the left-out slides (4, the hidden one, is not in the HTML)
    assert 'data-number="5"' in student and 'data-number="6"' not in student


@pytest.mark.browser
@pytest.mark.parametrize("suffix", [".pdf", "-handout.pdf"])
def test_variant_pdf_instructor_has_all_student_has_none(built: Path, suffix: str) -> None:
    teacher = pdf_text(built / f"deck-instructor{suffix}")
    student = pdf_text(built / f"deck-student{suffix}")
    for secret in SECRETS:
        assert secret in teacher, secret
        assert secret not in student, secret


@pytest.mark.browser
def test_variant_notes_pages_follow_the_variant(built: Path) -> None:
    teacher = pdf_text(built / "deck-instructor-notes.pdf")
    student = pdf_text(built / "deck-student-notes.pdf")
    assert "Secret teaching note" in teacher and "Shared note" in teacher
    assert "Secret teaching note" not in student and "Shared note" not in student
    assert "Answer key" in teacher and "Answer key" not in student


def test_variant_cli_builds_several_variants(write_deck) -> None:
    write_deck(DECK)
    result = CliRunner().invoke(
        cli, ["build", "--variant", "student", "--variant", "instructor", "-f", "html", "-o", "o"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("o").iterdir()) == [
        "deck-instructor.html",
        "deck-student.html",
    ]


def test_variant_live_preview_serves_the_variant(write_deck) -> None:
    from podium.commands.live import LiveDeck

    live = LiveDeck(write_deck(DECK), variant="student")
    outcome = live.rebuild()
    assert outcome.plan is not None and outcome.plan.variant == "student"
    html = live.snapshot.html
    assert html is not None
    assert b"Shared slide" in html and b"Answer key" not in html


def test_variant_left_out_bullets_take_no_click(write_deck) -> None:
    deck = write_deck(
        "title: T\nreveal: bullets\nvariants: {instructor: {}, student: {}}\nslides:\n"
        "  - title: S\n    text: Intro\n    bullets:\n      - a\n"
        "      - {text: b, only: instructor}\n      - c\n"
    )
    student = load_plan(deck, variant="student").slides[0]
    teacher = load_plan(deck, variant="instructor").slides[0]
    assert [(p.runs[0].text, p.step) for p in student.body] == [("Intro", 0), ("a", 1), ("c", 2)]
    assert (student.steps.count, teacher.steps.count) == (2, 3)


def test_variant_numbered_bullets_count_only_what_is_kept(write_deck) -> None:
    deck = write_deck(
        "title: T\nvariants: {instructor: {}, student: {}}\nslides:\n  - title: Steps\n"
        "    numbered: true\n    bullets:\n      - Read\n"
        "      - {text: Check the key, only: instructor}\n      - Write\n"
    )
    body = load_plan(deck, variant="student").slides[0].body
    assert [(p.runs[0].text, p.bullet) for p in body] == [("Read", "1."), ("Write", "2.")]


def test_variant_bullets_in_columns(write_deck) -> None:
    text = (
        "title: T\nvariants: {instructor: {}, student: {}}\nslides:\n  - layout: columns\n"
        "    columns:\n      - bullets: [a, {text: b, only: instructor}]\n"
        "      - bullets: [{text: c, only: instrutor}]\n"
    )
    with pytest.raises(DeckError) as info:
        load_plan(write_deck(text), "deck.yaml", variant="student")
    first = info.value.problems[0].render().splitlines()[0]
    assert first.startswith(
        "deck.yaml:7:35: error: slides[0].columns[1].bullets[0].only: "
        "unknown variant 'instrutor' (did you mean 'instructor'?)"
    )
    fixed = load_plan(write_deck(text.replace("instrutor", "instructor")), variant="student")
    assert "b" not in [r.text for c in fixed.slides[0].columns for p in c.body for r in p.runs]
