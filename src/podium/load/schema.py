"""The JSON Schema of deck.yaml, made from the deck model, for editors' completion and checks."""

from __future__ import annotations

from typing import Any

from podium.load.fields import BCP47, FALSE, MAX_LEVELS, TRUE
from podium.load.model import BULLETS_MARK, Deck

#: What a YAML editor reads a plain scalar as (YAML 1.2: text, a number, true or false); Podium
#: keeps every scalar as the text typed, so where text belongs all of them are text.
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_BOOL_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "boolean"}, {"enum": sorted(TRUE | FALSE)}],
}
_BULLET_LIST_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "anyOf": [
            {**_SCALAR, "description": "A bullet (inline markup)"},
            {
                "type": "object",
                "description": "A bullet with sub-bullets ('Parent text:' and the children "
                "indented under it), or one line of text YAML reads as 'key: value'",
                "minProperties": 1,
                "maxProperties": 1,
                "propertyNames": {"not": {"const": "text"}},
                "additionalProperties": {
                    "anyOf": [{"$ref": "#/$defs/BulletList"}, _SCALAR, {"type": "null"}]
                },
            },
            {
                "type": "object",
                "properties": {
                    "text": _SCALAR,
                    "bullets": {"$ref": "#/$defs/BulletList"},
                    "numbered": {**_BOOL_SCHEMA, "description": "Number the sub-bullets"},
                    "start": {"type": "integer", "minimum": 1, "description": "First number"},
                    "only": {
                        "anyOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "string"}},
                        ],
                        "description": "Only in these variants; left out of the others",
                    },
                },
                "required": ["text"],
                "additionalProperties": False,
            },
        ]
    },
}
_BULLET_SCHEMA: dict[str, Any] = {
    "anyOf": [
        _BULLET_LIST_SCHEMA,
        {**_SCALAR, "description": "One line of text where a list belongs: one bullet"},
    ]
}


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of deck.yaml, for editors' completion and checking.

    It accepts the decks the model accepts and rejects what it rejects, as an editor reads
    YAML (1.2: ``42`` is a number, ``true`` a boolean): wherever Podium reads text, any
    scalar is text; true/false may be quoted; a one-line ``key: value`` bullet is text.
    What needs the files or the whole deck (images, links, ids, row lengths) is checked by
    ``podium check`` only.
    """

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("$comment") == BULLETS_MARK["$comment"]:
                rest = {k: v for k, v in node.items() if k != "$comment"}
                return {**rest, "$ref": "#/$defs/BulletList"}
            if node.get("type") == "boolean":
                return {**{k: v for k, v in node.items() if k != "type"}, **_BOOL_SCHEMA}
            out = {k: fix(v) for k, v in node.items()}
            if out.get("title") == "Reveal Level":  # a bullet level, as the model checks
                out["anyOf"] = [
                    {"type": "integer", "minimum": 1, "maximum": MAX_LEVELS},
                    {"type": "null"},
                ]
            if out.get("type") == "string" and not {"enum", "const", "pattern"} & set(out):
                out["type"] = _SCALAR["type"]
            return out
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    schema: dict[str, Any] = fix(Deck.model_json_schema())
    schema["$defs"].pop("Bullet", None)
    schema["$defs"]["BulletList"] = _BULLET_SCHEMA
    schema["properties"]["lang"].update(type="string", pattern=BCP47.pattern)
    schema["properties"]["slides"]["minItems"] = 1
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
