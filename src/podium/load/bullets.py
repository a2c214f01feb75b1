"""Every bullet syntax a lecturer writes, read into the one normal form: {text, bullets}."""

from __future__ import annotations

import re
from typing import Any

from podium.errors import Location, suggest
from podium.load.fields import MAX_LEVELS
from podium.load.findings import Findings, kind_of
from podium.load.model import Bullet
from podium.load.source import YList, YMap, YStr

#: A plain scalar that reads as a number ("42", "-1.5").
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def count(bullets: Any) -> int:
    """Return how many bullets a normalised bullet list holds, sub-bullets included."""
    if not isinstance(bullets, list):
        return 0
    return sum(1 + count(b.get("bullets")) if isinstance(b, dict) else 1 for b in bullets)


def read_bullets(
    found: Findings, value: Any, loc: Location, parts: tuple[Any, ...], depth: int
) -> Any:
    """Return the bullet list ``value`` in the normal form, reporting each bullet it cannot
    read (and leaving it out); a value that is no list at all is returned for pydantic."""
    if isinstance(value, str):
        # One line of text where a list belongs is one bullet (a documented convenience);
        # a bare number there is more likely a slip, so it is accepted with a warning.
        if getattr(value, "style", None) is None and _NUMBER.match(value):
            found.add(
                loc,
                parts,
                f"the number {value} where a list of bullets belongs is read as one "
                f"bullet '{value}'; write a list ('- {value}' on the next line), or quote "
                f'it ("{value}") to mean that text',
                "warning",
            )
        value_list = YList([value])
        value_list.loc = loc
        value_list.item_locs = [loc]
        value = value_list
    if not isinstance(value, YList):
        return value  # pydantic reports the type
    out = YList()
    out.loc, out.item_locs = value.loc, []
    for i, (item, item_loc) in enumerate(zip(value, value.item_locs, strict=True)):
        sub = (*parts, i)
        node = _bullet(found, item, item_loc, sub, depth)
        if node is not None:
            out.append(node)
            out.item_locs.append(item_loc)
    return out


def _node(text: str, loc: Location, children: Any = None) -> YMap:
    node = YMap({"text": YStr(text, loc)})
    node.loc, node.key_locs, node.value_locs = loc, {"text": loc}, {"text": loc}
    if children is not None:
        node["bullets"] = children
        node.key_locs["bullets"] = node.value_locs["bullets"] = getattr(children, "loc", loc)
    return node


def _bullet(found: Findings, item: Any, loc: Location, parts: tuple[Any, ...], depth: int) -> Any:
    if depth >= MAX_LEVELS:
        found.add(loc, parts, f"bullets nest at most {MAX_LEVELS} levels deep")
        return None
    if item is None:
        found.add(loc, parts, "empty bullet: write some text after '- ' or remove the line")
        return None
    if isinstance(item, str):
        return _node(item, getattr(item, "loc", loc))
    if isinstance(item, YList):
        found.add(
            loc,
            parts,
            "a list inside a list: to nest bullets, end the parent bullet "
            "with ':' and indent its children, e.g.\n"
            "      - Parent bullet:\n          - Child bullet",
        )
        return None
    if isinstance(item, YMap):
        if "text" in item and set(item) <= {"text", "bullets", "numbered", "start", "only"}:
            children = item.get("bullets")
            if children is not None:
                item["bullets"] = read_bullets(
                    found, children, item.value_locs["bullets"], (*parts, "bullets"), depth + 1
                )
            return item
        if len(item) == 1:
            ((key, value),) = item.items()
            key_loc = item.key_locs[key]
            if isinstance(value, YList):
                children = read_bullets(
                    found, value, item.value_locs[key], (*parts, key), depth + 1
                )
                return _node(key, key_loc, children)
            if item.typed_text is not None:
                # YAML read "Private sector: business ..." as a mapping; the lecturer
                # typed one line of text, so that is what the bullet says.
                return _node(
                    item.typed_text,
                    Location(key_loc.file, key_loc.line, key_loc.col, len(item.typed_text)),
                )
        if "text" in item:  # the long form with a key that is not its own
            allowed = tuple(Bullet.model_fields)
            for key in item:
                if key not in allowed:
                    found.add(
                        item.key_locs[key],
                        (*parts, key),
                        f"unknown key '{key}' in a bullet{suggest(str(key), allowed)}; "
                        "allowed: " + ", ".join(allowed),
                    )
            return None
        keys = ", ".join(f"'{k}'" for k in item)
        found.add(
            loc,
            parts,
            f"a bullet must be text, but YAML read this as a mapping with "
            f'keys {keys}; put the whole line in quotes, e.g. - "Key: value"',
        )
        return None
    found.add(loc, parts, f"a bullet must be text, found {kind_of(item)}")
    return None
