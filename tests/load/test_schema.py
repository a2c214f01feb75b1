"""The published JSON Schema agrees with Podium: it accepts every deck Podium's model accepts
and rejects what it rejects, read as an editor reads YAML (1.2 core schema)."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.commands.build import load_plan
from podium.errors import DeckError, SourceText
from podium.load.model import LAYOUTS, SLIDE_MODELS
from podium.load.schema import json_schema
from podium.load.source import parse_text
from podium.load.validate import check
from tests.load import test_validate
from tests.plan import test_planner

# -- YAML as an editor reads it (YAML 1.2 core schema, as yaml-language-server does) --------
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.style:  # quoted or block text
        return node.value
    value = node.value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        return (
            float(value.replace("inf", "Infinity").replace("Inf", "Infinity"))
            if "." in value
            else float(value)
        )
    return value


def _editor_data(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_editor_data(n) for n in node.value]
    assert isinstance(node, yaml.MappingNode)
    out: dict[str, Any] = {}
    for k, v in node.value:
        key = str(_editor_data(k))
        if key in out:  # YAML 1.2: map keys must be unique, editors flag it as YAML
            raise yaml.YAMLError(f"duplicate key {key}")
        out[key] = _editor_data(v)
    return out


def editor_read(text: str) -> Any:
    """Return the data of ``text`` as a YAML 1.2 editor sees it; raise yaml.YAMLError."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if node is None else _editor_data(node)


VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def schema_accepts(text: str) -> bool:
    return VALIDATOR.is_valid(editor_read(text))


def model_accepts(text: str) -> bool:
    """Return whether Podium's loader and model accept ``text`` (what the schema can know:
    not the image files, links, ids or row lengths, which need the deck's folder)."""
    found: list[Any] = []
    try:
        data = parse_text(text, "deck.yaml", found)
    except DeckError:
        return False
    deck, problems, _ = check(data, SourceText("deck.yaml", text))
    return deck is not None and not any(p.severity == "error" for p in [*found, *problems])


# -- the decks of the repository and its tests -----------------------------------------------
ROOT = Path(__file__).resolve().parents[2]

VALID = [
    "title: T\nslides:\n  - title: One\n",
    "title: 2024\nslides:\n  - title: 42\n    bullets: [1, true, 2.5, ~x]\n",
    "title: T\nslides:\n  - bullets:\n      - Private sector: business opportunities\n",
    "title: T\nslides:\n  - bullets:\n      - Parent:\n          - Child\n      - Empty parent:\n",
    'title: T\nslides:\n  - bullets:\n      - "Output: the same items, in order":\n          - a\n',
    "title: T\nslides:\n  - bullets: Just one point\n",
    "title: T\nslides:\n  - bullets: 42\n",
    "title: T\nslides:\n  - bullets:\n      - text: Long form\n        bullets: [child]\n",
    'title: T\nslide_numbers: "false"\nslides:\n  - hidden: True\n    footer: false\n',
    "title: T\nlang: de-CH\nfit: split\nslides:\n  - layout: blank\n",
    "title: T\nslides:\n  - layout: table\n    header: [a, 1]\n    rows:\n      - [x, 2]\n",
    "title: T\nslides:\n  - layout: code\n    language: python\n    code: |\n      x = 1\n",
    "title: T\nslides:\n  - section: S\n    divider: true\n    slides:\n      - title: A\n",
    "title: T\nslides:\n  - layout: agenda\n    items: [One, Two]\n  - title: 'Yes'\n",
    "title: T\nslides:\n  - layout: two-column\n    left: [a]\n    right:\n      - b: [c]\n",
]
INVALID = [
    "title: T\nslides: []\n",
    "slides:\n  - title: x\n",
    "title: T\nlang: english\nslides:\n  - title: x\n",
    "title: T\nlang: 12\nslides:\n  - title: x\n",
    "title: T\nslides:\n  - hidden: yes\n",
    "title: T\nslides:\n  - layout: bulets\n",
    "title: T\nslides:\n  - title: x\n    bulets: [a]\n",
    "title: T\nslides:\n  - bullets:\n      -\n",
    "title: T\nslides:\n  - bullets:\n      - [a, b]\n",
    "title: T\nslides:\n  - bullets:\n      - a: b\n        c: d\n",
    "title: T\nslides:\n  - bullets:\n      - text: [a]\n",
    "title: T\nslides:\n  - bullets:\n      - p:\n          q: r\n",
    "title: T\nslides:\n  - layout: image\n    image: a.png\n",
    "title: T\nslides:\n  - layout: table\n    header: []\n    rows: []\n",
    "title: T\nslides:\n  - layout: table\n    header: [a]\n    rows: [[{x: y}]]\n",
    "title: T\nslides:\n  - layout: two-column\n    left:\n    right: [a]\n",
    "title: T\nslides:\n  - section: S\n    slides: []\n",
    "title: T\nslides:\n  - section: S\n    slides:\n      - {section: I, slides: [{title: x}]}\n",
    "title: T\nfit: squeeze\nslides:\n  - title: x\n",
    "title: [T]\nslides:\n  - title: x\n",
    "title: T\nslides:\n  - 42\n",
]


def _test_decks() -> list[tuple[str, str]]:
    examples = [ROOT / "deck.yaml", *sorted((ROOT / "examples").glob("**/*.yaml"))]
    decks = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in examples]
    assert len(decks) >= 2  # the seed and the examples
    decks.append(("test_planner.DECK", test_planner.DECK))
    decks.append(("test_validate.OK", test_validate.OK))
    decks += [(f"test_validate.{name}", text) for name, text, _ in test_validate.CASES]
    decks += [(f"valid[{i}]", text) for i, text in enumerate(VALID)]
    decks += [(f"invalid[{i}]", text) for i, text in enumerate(INVALID)]
    out = []
    for name, text in decks:
        try:
            editor_read(text)
        except yaml.YAMLError:
            continue  # an editor shows the YAML error itself; the schema has no say
        out.append((name, text))
    return out


DECKS = _test_decks()


@pytest.mark.parametrize(
    "name",
    ["deck.yaml", *(str(p.relative_to(ROOT)) for p in sorted(ROOT.glob("examples/**/*.yaml")))],
)
def test_schema_sees_the_repository_decks_as_podium_does(name: str) -> None:
    # "- Private sector: business opportunities ..." is one bullet of text to Podium
    text = (ROOT / name).read_text(encoding="utf-8")
    errors = [e.message for e in VALIDATOR.iter_errors(editor_read(text))]
    assert errors == []
    load_plan(ROOT / name)


@pytest.mark.parametrize(("name", "text"), DECKS, ids=[d[0] for d in DECKS])
def test_schema_agrees_with_the_model(name: str, text: str) -> None:
    assert schema_accepts(text) == model_accepts(text)


@pytest.mark.parametrize("text", VALID)
def test_schema_valid_decks_pass_podium_check(text: str, write_deck) -> None:
    load_plan(write_deck(text))


@pytest.mark.parametrize("text", INVALID)
def test_schema_invalid_decks_fail_podium_check(text: str, write_deck) -> None:
    with pytest.raises(DeckError):
        load_plan(write_deck(text))


def test_schema_committed_file_is_valid_json_schema(root: Path) -> None:
    schema = json.loads((root / "deck.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


# -- generated decks: the schema and the model agree on decks near the valid ones ------------
_SCALARS = st.one_of(
    st.sampled_from(
        ["x", "42", "1.5", "true", "False", "yes", "~", "''", '"true"', "a: b", "[a, b]", "{k: v}"]
    ),
    st.sampled_from(LAYOUTS + ("bulets", "shrink", "numbered", "en", "english")),
    st.text(string.ascii_letters, min_size=1, max_size=6),
)


#: Keys whose checks need the slide's content (what a pause may wait before), beyond a schema.
_CONTENT_CHECKED = {"layout", "pause"}


def _keys(layout: str) -> list[str]:
    fields = [k for k in SLIDE_MODELS[layout].model_fields if k not in _CONTENT_CHECKED]
    return [*fields, "bogus", "section"]


def _flow(value: Any) -> str:
    """Return a scalar as written, an empty list or mapping as [] or {}."""
    if isinstance(value, list):
        return "[]"
    return "{}" if isinstance(value, dict) else str(value)


def _yaml(value: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(
            f"{pad}{k}:\n{_yaml(v, indent + 2)}"
            if isinstance(v, (dict, list)) and v
            else f"{pad}{k}: {_flow(v)}\n"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return "".join(
            f"{pad}-\n{_yaml(v, indent + 2)}"
            if isinstance(v, (dict, list)) and v
            else f"{pad}- {v}\n"
            for v in value
        )
    return f"{pad}{value}\n"


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(
            st.sampled_from(["text", "bullets", "Parent", "k"]), inner, min_size=1, max_size=2
        ),
    ),
    max_leaves=8,
)


@st.composite
def _slides(draw: Any) -> dict[str, Any]:
    layout = draw(st.sampled_from(LAYOUTS))
    keys = draw(st.lists(st.sampled_from(_keys(layout)), max_size=4, unique=True))
    slide: dict[str, Any] = {"layout": layout}
    for key in keys:
        slide[key] = draw(_VALUES)
    return slide


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_slides(), min_size=1, max_size=3), st.sampled_from(["T", "42", "[x]", "~"]))
def test_schema_agrees_with_the_model_on_generated_decks(
    slides: list[dict[str, Any]], title: str
) -> None:
    text = f"title: {title}\nslides:\n" + _yaml(slides, 2)
    try:
        editor_read(text)
    except yaml.YAMLError:
        return
    assert schema_accepts(text) == model_accepts(text), text
