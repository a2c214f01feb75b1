"""The deck model: its layouts and the JSON Schema editors use."""

from __future__ import annotations

import json
from pathlib import Path

from podium.load.model import LAYOUTS
from podium.load.schema import json_schema


def test_model_schema_covers_every_layout_and_key(tmp_path: Path) -> None:
    schema = json_schema()
    text = json.dumps(schema)
    for layout in LAYOUTS:
        assert f'"{layout}"' in text
    deck_keys = set(schema["properties"])
    assert {
        "title",
        "subtitle",
        "author",
        "affiliation",
        "event",
        "date",
        "lang",
        "footer",
        "slide_numbers",
        "slides",
    } <= deck_keys
    assert schema["$defs"]["ImageSlide"]["required"] == ["layout", "image", "alt"]


def test_model_committed_schema_is_current(root: Path) -> None:
    """deck.yaml's editor schema (deck.schema.json) is what `podium schema` prints today."""
    committed = json.loads((root / "deck.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: podium schema > deck.schema.json"
    assert (
        (root / "deck.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=deck.schema.json\n")
    )
