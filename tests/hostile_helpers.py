"""Run `podium check` and `podium build` on one deck and compare what each says."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from podium.cli import cli


def run(*args: str) -> tuple[int, str]:
    """Return the exit status and stderr of one podium command, run in this process."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def both_refuse(deck: Path, *extra: str) -> str:
    """Assert that check and build both exit 1 with the same message, and return it.

    The deck is named relative to the working folder when it is in it, as a lecturer would.
    """
    name = deck.name if deck.parent.resolve() == Path.cwd().resolve() else str(deck)
    code, said = run("check", name, *extra)
    assert code == 1, said
    built, built_said = run("build", name, "-o", str(deck.parent / "out"), *extra)
    assert built == 1, built_said
    assert "Traceback" not in said + built_said and "internal error" not in built_said
    assert built_said.startswith(said.rstrip("\n")), (said, built_said)
    assert not (deck.parent / "out").exists() or not any((deck.parent / "out").iterdir())
    return said
