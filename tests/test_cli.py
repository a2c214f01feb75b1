"""The command line: exit codes, output, help on every command, and the README naming each."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from podium import __version__
from podium.cli import cli

GOOD = "title: T\nslides:\n  - title: One\n    bullets: [a, b]\n  - title: Two\n"
BAD = "title: T\nslides:\n  - layout: bulets\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"podium, version {__version__}\n"


def test_cli_check_ok(write_deck) -> None:
    write_deck(GOOD)
    result = run("check")
    assert (result.exit_code, result.output) == (0, "deck.yaml: ok, 2 slides\n")


def test_cli_check_reports_located_error_and_exits_1(write_deck) -> None:
    write_deck(BAD)
    result = run("check", "deck.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "deck.yaml:3:13: error: slides[0].layout: unknown layout 'bulets' (did you mean 'bullets'?)"
    )
    assert "Traceback" not in result.output


def test_cli_usage_error_exits_2(write_deck) -> None:
    write_deck(GOOD)
    assert run("build", "--format", "pfd").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_cli_missing_deck_exits_1(write_deck) -> None:
    result = run("check", "missing.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: deck file not found: missing.yaml")


def test_cli_build_writes_both_files(write_deck, tmp_path: Path) -> None:
    write_deck(GOOD)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "deck.pptx").stat().st_size > 10_000
    assert (
        (tmp_path / "build" / "deck.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )
    assert re.search(r"wrote build/deck\.pptx \(\d+\.\d KB\)", result.output)
    assert re.search(r"built 2 slides in \d+ ms", result.output)


def test_cli_build_one_format_and_output_dir(write_deck, tmp_path: Path) -> None:
    write_deck(GOOD, "lecture.yaml")
    result = run("build", "lecture.yaml", "-o", "out", "-f", "html")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["lecture.html"]


def test_cli_bad_deck_leaves_previous_output_untouched(write_deck, tmp_path: Path) -> None:
    write_deck(GOOD)
    assert run("build", "-f", "html").exit_code == 0
    before = (tmp_path / "build" / "deck.html").read_bytes()
    write_deck(BAD)
    assert run("build", "-f", "html").exit_code == 1
    assert (tmp_path / "build" / "deck.html").read_bytes() == before
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["deck.html"]


def test_cli_build_check_names_stale_files(write_deck, tmp_path: Path) -> None:
    write_deck(GOOD)
    assert run("build", "--check").exit_code == 1
    assert run("build").exit_code == 0
    result = run("build", "--check")
    assert result.exit_code == 0, result.output
    write_deck(GOOD.replace("Two", "Deux"))
    result = run("build", "--check", "-f", "html")
    assert result.exit_code == 1
    assert result.output == "would change: build/deck.html\n"


def test_cli_schema_is_json() -> None:
    import json

    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Podium deck"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_cli_every_command_has_help_with_example_and_is_in_readme(command: str, root: Path) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"podium {command}" in readme


def test_cli_python_dash_m_runs(write_deck) -> None:
    write_deck(GOOD)
    done = subprocess.run(
        [sys.executable, "-m", "podium", "check"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "deck.yaml: ok, 2 slides\n")


def test_cli_unwritable_output_is_a_clear_error(write_deck, tmp_path: Path) -> None:
    write_deck(GOOD)
    (tmp_path / "blocked").write_text("a file where the output folder should be")
    result = run("build", "-o", "blocked/out", "-f", "html")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot write blocked/out/deck.html" in result.output


def test_cli_check_fit_error_stops_on_tables_and_code(write_deck) -> None:
    rows = "\n".join(f'      - ["Row {i}", "Some text for row {i}", "{i} %"]' for i in range(22))
    code = "\n".join(f"      x{i} = {i}" for i in range(40))
    write_deck(
        "title: T\nfit: error\nslides:\n  - layout: table\n    title: A long table\n"
        f"    header: [Name, Text, Share]\n    rows:\n{rows}\n"
        f"  - layout: code\n    title: Code\n    language: python\n    code: |\n{code}\n"
    )
    for command in ("check", "build"):
        result = run(command, "deck.yaml")
        assert result.exit_code == 1, command
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors == [
            "deck.yaml:4:5: error: slide 1 'A long table': the table is 153 mm (13 rows) taller "
            "than its box; shorten it, or set fit: shrink or split",
            "deck.yaml:30:5: error: slide 2 'Code': the code is 190 mm (25 lines) taller than its "
            "box; shorten it, or set fit: shrink or split",
        ], command
