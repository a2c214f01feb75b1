"""Many decks at once: folders expand to their decks, builds run in other processes, a broken
deck is reported without stopping the rest, and results come back in the order given."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from podium.cli import run_build
from podium.commands.batch import DeckResult, build_many, build_one
from podium.commands.build import load_plan, render

GOOD = "title: {title}\nslides:\n  - title: One\n    bullets: [a, b]\n  - title: Two\n"
BAD = "title: Broken\nslides:\n  - layout: bulets\n"
BAD_MESSAGE = (
    "{name}:3:13: error: slides[0].layout: unknown layout 'bulets' (did you mean 'bullets'?)"
)


def _deck(path: Path, text: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or GOOD.format(title=path.stem), encoding="utf-8")
    return path


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course folder of three decks (given out of order) and a loose deck beside it."""
    monkeypatch.chdir(tmp_path)
    for name in ("week2", "week1", "week3"):
        _deck(tmp_path / "course" / f"{name}.yaml")
    (tmp_path / "course" / "notes.txt").write_text("not a deck", encoding="utf-8")
    _deck(tmp_path / "extra.yaml")
    return tmp_path


def test_build_many_expands_folders_in_order_in_other_processes(course: Path) -> None:
    seen: list[str] = []
    results = build_many(
        [Path("course"), Path("extra.yaml")], Path("out"), jobs=2,
        progress=lambda r: seen.append(r.name),
    )  # fmt: skip
    assert [r.deck for r in results] == [
        Path("course/week1.yaml"), Path("course/week2.yaml"), Path("course/week3.yaml"),
        Path("extra.yaml"),
    ]  # fmt: skip
    assert all(r.ok and r.slides == 2 for r in results)
    assert sorted(seen) == ["course/week1.yaml", "course/week2.yaml", "course/week3.yaml",
                            "extra.yaml"]  # fmt: skip
    assert {r.pid for r in results}.isdisjoint({0, os.getpid()})
    assert sorted(p.name for p in (course / "out").iterdir()) == [
        f"{stem}.{fmt}" for stem in ("extra", "week1", "week2", "week3") for fmt in ("html", "pptx")
    ]
    # paths come back as the caller wrote them, not as the workers saw them
    assert results[0].outputs[0].path == Path("out/week1.pptx")


def test_build_many_without_output_folder_writes_build_beside_each_deck(course: Path) -> None:
    results = build_many([Path("course"), Path("extra.yaml")], None, ["html"], jobs=2)
    assert all(r.ok for r in results)
    assert sorted(p.name for p in (course / "course" / "build").iterdir()) == [
        "week1.html",
        "week2.html",
        "week3.html",
    ]
    assert [p.name for p in (course / "build").iterdir()] == ["extra.html"]


def test_build_many_reports_a_broken_deck_and_builds_the_others(course: Path) -> None:
    _deck(course / "course" / "week2.yaml", BAD)
    results = build_many([Path("course")], Path("out"), jobs=2)
    assert [r.ok for r in results] == [True, False, True]
    broken = results[1]
    assert broken.outputs == ()
    assert broken.report().startswith(BAD_MESSAGE.format(name="course/week2.yaml"))
    assert broken.problems[0].loc is not None and broken.problems[0].loc.line == 3
    assert sorted(p.name for p in (course / "out").iterdir()) == [
        "week1.html",
        "week1.pptx",
        "week3.html",
        "week3.pptx",
    ]


def test_build_many_reports_missing_decks_and_empty_folders(course: Path) -> None:
    (course / "empty").mkdir()
    results = build_many([Path("missing.yaml"), Path("empty"), Path("extra.yaml")], Path("out"))
    assert [r.ok for r in results] == [False, False, True]
    assert results[0].report().startswith("error: deck file not found: missing.yaml")
    assert results[1].report() == "error: no *.yaml deck in folder empty"


def test_build_many_refuses_two_decks_writing_the_same_files(course: Path) -> None:
    _deck(course / "other" / "week1.yaml")
    results = build_many([Path("course/week1.yaml"), Path("other/week1.yaml")], Path("out"))
    assert [r.ok for r in results] == [True, False]
    assert results[1].report() == (
        "error: other/week1.yaml would overwrite the outputs of course/week1.yaml (out/week1.*);"
        " give one of them another name or output folder"
    )


def test_build_many_check_only_writes_nothing_and_names_changes(course: Path) -> None:
    decks = [Path("course/week1.yaml"), Path("extra.yaml")]
    first = build_many(decks, Path("out"), ["html"], jobs=2, check_only=True)
    assert not (course / "out").exists()
    assert [[o.changed for o in r.outputs] for r in first] == [[True], [True]]
    build_many(decks, Path("out"), ["html"], jobs=2)
    _deck(course / "extra.yaml", GOOD.format(title="Changed"))
    again = build_many(decks, Path("out"), ["html"], jobs=2, check_only=True)
    assert [[o.changed for o in r.outputs] for r in again] == [[False], [True]]


def test_build_many_in_processes_gives_the_same_bytes_as_in_this_one(course: Path) -> None:
    deck = Path("course/week1.yaml")
    build_many([deck, Path("extra.yaml")], Path("out"), jobs=2)
    assert (course / "out" / "week1.pptx").read_bytes() == render(load_plan(deck), "pptx")


def test_build_many_hands_a_template_to_every_deck(course: Path) -> None:
    # The command line's --template reaches decks built in other processes too.
    template = course / "missing.pptx"
    results = build_many([Path("course")], Path("out"), ["html"], jobs=2, template=template)
    assert [r.ok for r in results] == [False, False, False]
    assert all("missing.pptx" in r.report() for r in results)


def test_build_one_reports_a_bug_with_its_traceback(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("podium.commands.build.build", broken)
    result = build_one(Path("extra.yaml"), Path("out"))
    assert not result.ok
    assert result.report().startswith(
        "extra.yaml: internal error: ZeroDivisionError: boom\n"
        "This is a bug in Podium, not in the deck; please report it with the traceback below.\n"
        "Traceback"
    )
    assert result.report().endswith("ZeroDivisionError: boom")


# -- what podium build prints ----------------------------------------------------------------


def test_run_build_one_deck_prints_what_podium_build_printed(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_build([Path("extra.yaml")], None) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert re.fullmatch(
        r"wrote build/extra\.pptx \(\d+\.\d KB\)\n"
        r"wrote build/extra\.html \(\d+\.\d KB\)\n"
        r"built 2 slides in \d+ ms\n",
        out,
    )
    assert run_build([Path("extra.yaml")], None, check_only=True) == 0
    assert capsys.readouterr().out == "up to date: build/extra.pptx, build/extra.html\n"


def test_run_build_one_broken_deck_prints_its_problems(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _deck(course / "bad.yaml", BAD + "  - layout: nope\n")
    assert run_build([Path("bad.yaml")], Path("out")) == 1
    out, err = capsys.readouterr()
    assert out == ""
    first, second = err.splitlines()[:2]
    assert first.startswith(BAD_MESSAGE.format(name="bad.yaml"))
    assert second == "    3 |   - layout: bulets"
    assert err.endswith("\n2 errors\n")


def test_run_build_prints_a_built_decks_warnings(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bullets = "".join(f"      - bullet {i} with enough words to fill a line\n" for i in range(40))
    _deck(
        course / "long.yaml",
        f"title: W\nfit: warn\nslides:\n  - title: Long\n    bullets:\n{bullets}",
    )
    assert run_build([Path("long.yaml"), Path("extra.yaml")], Path("out"), "html", jobs=2) == 0
    out, err = capsys.readouterr()
    assert err.startswith("long.yaml:4:5: warning: slide 1 'Long': text is ")
    assert "wrote out/long.html" in out


def test_run_build_many_plain_lines_and_exit_status(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _deck(course / "course" / "week2.yaml", BAD)
    status = run_build([Path("course")], Path("out"), "html", jobs=2, tty=False)
    assert status == 1
    out, err = capsys.readouterr()
    lines = sorted(out.splitlines())
    assert [re.sub(r"\d+", "N", line) for line in lines] == [
        "course/weekN.yaml: built N slides in N ms",
        "course/weekN.yaml: built N slides in N ms",
        "wrote out/weekN.html (N.N KB)",
        "wrote out/weekN.html (N.N KB)",
    ]
    assert err.startswith(BAD_MESSAGE.format(name="course/week2.yaml"))
    assert err.endswith("\n1 of 3 decks failed: course/week2.yaml\n")


def test_run_build_many_all_good_exits_0_and_check_names_stale_files(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_build([Path("course")], Path("out"), "html", jobs=2, tty=False) == 0
    assert re.search(r"^built 3 decks in \d+ ms$", capsys.readouterr().out, re.M)
    assert run_build([Path("course")], Path("out"), "html", check_only=True) == 0
    assert capsys.readouterr().out == "3 of 3 decks up to date\n"
    _deck(course / "course" / "week3.yaml", GOOD.format(title="Changed"))
    assert run_build([Path("course")], Path("out"), "html", check_only=True) == 1
    assert capsys.readouterr().out == "would change: out/week3.html\n2 of 3 decks up to date\n"


def test_run_build_on_a_terminal_prints_after_the_progress_bar(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_build([Path("course")], Path("out"), "html", jobs=2, tty=True) == 0
    out, _err = capsys.readouterr()
    # in input order, since they are printed once the bar is done
    assert re.findall(r"course/(week\d)\.yaml: built", out) == ["week1", "week2", "week3"]


def test_deck_result_is_ok_only_without_errors() -> None:
    from podium.errors import Problem

    warning = Problem("long line", severity="warning")
    assert DeckResult(Path("a.yaml"), problems=(warning,)).ok
    assert not DeckResult(Path("a.yaml"), problems=(Problem("bad"),)).ok
    assert not DeckResult(Path("a.yaml"), crash="died").ok
