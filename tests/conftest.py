"""Shared fixtures: the repository's folders and a helper that writes a deck to a temp folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests draw the same examples on every run and keep no example database, so a
# failure is reproducible from the test alone and no earlier run changes what a run checks.
settings.register_profile("podium", derandomize=True, database=None)
settings.load_profile("podium")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def write_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write text to tmp/deck.yaml, chdir there, and return the path."""
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def stock() -> Iterator[None]:
    """Run one test on stock python-pptx; leave the speed-up as it was found."""
    from podium.render import fastpatch  # here: most tests never load python-pptx

    was = fastpatch.installed()
    fastpatch.uninstall()
    yield
    if was:
        fastpatch.install()
