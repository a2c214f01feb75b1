"""A template's masters, layouts and placeholders, and the layout chosen for each Podium one."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from podium.errors import Location, Problem, SourceText, TemplateError, suggest
from podium.load.model import DRAWN_LAYOUTS
from podium.template.package import (
    CT_TEMPLATE,
    NS,
    P,
    R,
    _parse,
    _rels_of,
    _resolve,
    damaged,
    read_checked,
)
from podium.template.theme import BYLINE_IDX, DEFAULT_THEME, Box

_VERTICAL = {"vert", "vert270", "eaVert", "wordArtVert", "wordArtVertRtl", "mongolianVert"}
LATENT_TYPES = ("dt", "ftr", "sldNum")
TITLE_TYPES = ("title", "ctrTitle")
CONTENT_TYPES = ("body", "obj")
#: Podium layout -> the p:sldLayout/@type values to try, in order. The type does not depend on
#: the template's language and survives renaming, unlike the layout name.
LAYOUT_TYPES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "agenda": ("obj", "tx"),
    "section": ("secHead",),
    "bullets": ("obj", "tx"),
    "two-column": ("twoObj", "twoColTx"),
    "quote": ("titleOnly", "blank"),
    "image": ("titleOnly",),
    "images": ("titleOnly",),
    "columns": ("titleOnly",),
    "table": ("titleOnly", "tbl"),
    "code": ("titleOnly",),
    "blank": ("blank",),
    # A bullets slide with a picture: "Two Content" keeps the title where the other content
    # slides have it; "Content with Caption" and "Picture with Caption" are what PowerPoint
    # offers for a picture with text.
    "picture-text": ("twoObj", "objTx", "picTx"),
    # Two columns with headings: PowerPoint's "Comparison".
    "comparison": ("twoTxTwoObj",),
}
#: Podium layout -> (title, body, picture) placeholder counts, for layouts of type "cust".
SIGNATURES: dict[str, tuple[int, int, int]] = {
    "title": (1, 1, 0),
    "agenda": (1, 1, 0),
    "section": (1, 1, 0),
    "bullets": (1, 1, 0),
    "two-column": (1, 2, 0),
    "quote": (1, 0, 0),
    "image": (1, 0, 0),
    "images": (1, 0, 0),
    "columns": (1, 0, 0),
    "table": (1, 0, 0),
    "code": (1, 0, 0),
    "blank": (0, 0, 0),
    "picture-text": (1, 2, 0),
    "comparison": (1, 4, 0),
}


# -- what a template holds --------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a master or layout; ``box`` is inherited from the master if need be."""

    type: str  # p:ph/@type: title, ctrTitle, subTitle, body, obj, pic, dt, ftr, sldNum, ...
    idx: int
    name: str
    box: Box | None
    inherited: bool  # the box comes from the master
    vertical: bool
    sp: Any = field(compare=False, repr=False)  # the p:sp element

    @property
    def base_type(self) -> str:
        """Return the type of the master placeholder this one inherits from."""
        if self.type in TITLE_TYPES:
            return "title"
        return self.type if self.type in LATENT_TYPES else "body"


@dataclass(frozen=True)
class Layout:
    """A slide layout: its name, type, part and placeholders (latent ones included)."""

    master: int  # 0-based position of its master
    index: int  # 0-based position within its master
    name: str
    type: str
    part: str  # part name, as python-pptx spells it: /ppt/slideLayouts/slideLayout2.xml
    placeholders: tuple[Placeholder, ...]
    pictures: int  # pictures and shapes that are not placeholders (logos, rules)
    element: Any = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.master + 1}.{self.index + 1}"

    @property
    def vertical(self) -> bool:
        return any(ph.vertical for ph in self.placeholders)

    def title(self) -> Placeholder | None:
        return next((ph for ph in self.placeholders if ph.type in TITLE_TYPES), None)

    def content(self) -> list[Placeholder]:
        """Return the body placeholders left to right, without the byline (as the renderer)."""
        found = [
            ph for ph in self.placeholders if ph.type in CONTENT_TYPES and ph.idx != BYLINE_IDX
        ]
        return sorted(found, key=lambda ph: (ph.box.x if ph.box else 0, ph.idx))

    def subtitle(self) -> Placeholder | None:
        own = next((ph for ph in self.placeholders if ph.type == "subTitle"), None)
        return own or next(iter(self.content()), None)

    def byline(self) -> Placeholder | None:
        return next(
            (ph for ph in self.placeholders if ph.type in CONTENT_TYPES and ph.idx == BYLINE_IDX),
            None,
        )

    def latent(self, kind: str) -> Placeholder | None:
        return next((ph for ph in self.placeholders if ph.type == kind), None)

    def signature(self) -> tuple[int, int, int]:
        """Return the counts of (title, body, picture) placeholders."""
        title = body = picture = 0
        for ph in self.placeholders:
            if ph.type in TITLE_TYPES or ph.type == "vertTitle":
                title += 1
            elif ph.type in (*CONTENT_TYPES, "subTitle"):
                body += 1
            elif ph.type == "pic":
                picture += 1
        return title, body, picture


@dataclass(frozen=True)
class Master:
    """A slide master: its placeholders, layouts, colour map and theme part."""

    index: int
    name: str
    part: str
    placeholders: tuple[Placeholder, ...]
    layouts: tuple[Layout, ...]
    pictures: int
    element: Any = field(compare=False, repr=False)
    theme: Any = field(compare=False, repr=False)  # the a:theme element, or None

    def placeholder(self, base_type: str) -> Placeholder | None:
        return next(
            (
                ph
                for ph in self.placeholders
                if ph.type == base_type or (base_type == "body" and ph.type in CONTENT_TYPES)
            ),
            None,
        )


@dataclass(frozen=True)
class Choice:
    """The template layout a Podium layout is drawn on, and the rule that chose it."""

    podium: str
    layout: Layout
    rule: str  # "override", "type" or "signature"
    detail: str  # the override's key, the type matched, or the signature score

    def describe(self) -> str:
        if self.rule == "override":
            return f"override (layouts: {self.podium})"
        if self.rule == "type":
            return f"type {self.detail}"
        return f"placeholder signature ({self.detail})"


@dataclass(frozen=True)
class Override:
    """One entry of the deck's ``layouts:`` map, with where it was written."""

    layout: str  # a Podium layout
    name: str  # a layout name in the template
    key_loc: Location | None = None
    name_loc: Location | None = None


# -- the parsed template ------------------------------------------------------------------------


class Template:
    """A template's slide size, masters, layouts and placeholders, read from its checked bytes."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self._zf = zf
            types = zf.read("[Content_Types].xml").decode("utf-8", "replace")
            self.is_potx = CT_TEMPLATE in types
            main = next(
                (
                    _resolve("/", r.get("Target", ""))
                    for r in _rels_of(zf, "/")
                    if r.get("Type", "").endswith("/officeDocument")
                ),
                None,
            )
            if main is None:
                raise TemplateError.at(path, "not a PowerPoint file (it has no main part)")
            pres = self._xml(main)
            if pres.tag != f"{{{P}}}presentation":
                raise TemplateError.at(
                    path,
                    f"not a PowerPoint presentation or template (its main part is "
                    f"{etree.QName(pres).localname}); Strict Open XML files are not supported, "
                    "save it as an ordinary .pptx or .potx",
                )
            size = pres.find("p:sldSz", NS)
            self.width = int(size.get("cx")) if size is not None else DEFAULT_THEME.width
            self.height = int(size.get("cy")) if size is not None else DEFAULT_THEME.height
            self.default_style = pres.find("p:defaultTextStyle", NS)
            rels = {r.get("Id"): r for r in _rels_of(zf, main)}
            masters = []
            for n, ref in enumerate(pres.iterfind("p:sldMasterIdLst/p:sldMasterId", NS)):
                rel = rels.get(ref.get(f"{{{R}}}id"))
                if rel is not None:
                    masters.append(self._master(n, _resolve(main, rel.get("Target", ""))))
            del self._zf
        if not any(m.layouts for m in masters):
            raise TemplateError.at(path, "the template has no slide layouts")
        self.masters: tuple[Master, ...] = tuple(masters)

    @classmethod
    def open(cls, path: Path) -> Template:
        """Return the template at ``path``; raise TemplateError when it is refused or broken."""
        data = read_checked(path)
        with damaged(path):
            return cls(path, data)

    def _xml(self, part: str) -> Any:
        try:
            return _parse(self._zf.read(part.lstrip("/")))
        except KeyError as exc:
            raise TemplateError.at(self.path, f"the part {part} is missing") from exc
        except etree.XMLSyntaxError as exc:
            raise TemplateError.at(self.path, f"{part} is not well-formed XML: {exc}") from exc

    def _master(self, n: int, part: str) -> Master:
        root = self._xml(part)
        rels = {r.get("Id"): r for r in _rels_of(self._zf, part)}
        theme = None
        for rel in rels.values():
            if rel.get("Type", "").endswith("/theme"):
                theme = self._xml(_resolve(part, rel.get("Target", "")))
        placeholders = tuple(_placeholders(root, {}))
        by_type = {ph.base_type: ph for ph in reversed(placeholders)}
        layouts = []
        for k, ref in enumerate(root.iterfind("p:sldLayoutIdLst/p:sldLayoutId", NS)):
            rel = rels.get(ref.get(f"{{{R}}}id"))
            if rel is None:
                continue
            lay_part = _resolve(part, rel.get("Target", ""))
            lay = self._xml(lay_part)
            csld = lay.find("p:cSld", NS)
            layouts.append(
                Layout(
                    master=n,
                    index=k,
                    name=csld.get("name", "") if csld is not None else "",
                    type=lay.get("type", "cust"),
                    part=lay_part,
                    placeholders=tuple(_placeholders(lay, by_type)),
                    pictures=_decorations(lay),
                    element=lay,
                )
            )
        name = theme.get("name", "") if theme is not None else ""
        return Master(n, name, part, placeholders, tuple(layouts), _decorations(root), root, theme)

    # -- layouts -----------------------------------------------------------------------------

    def layouts(self) -> list[Layout]:
        return [lay for m in self.masters for lay in m.layouts]

    def master_of(self, layout: Layout) -> Master:
        return self.masters[layout.master]

    def find_layout(self, name: str) -> Layout | None:
        """Return the first layout called ``name`` (exactly, else ignoring case and spaces)."""
        layouts = self.layouts()
        exact = next((lay for lay in layouts if lay.name == name), None)
        if exact is not None:
            return exact
        key = " ".join(name.split()).casefold()
        return next((lay for lay in layouts if " ".join(lay.name.split()).casefold() == key), None)

    def choose(self, overrides: Mapping[str, str] | None = None) -> dict[str, Choice]:
        """Return the template layout for every Podium layout, and the rule that chose it.

        Raises TemplateError for an override naming a layout the template does not have.
        """
        overrides = overrides or {}
        problems = check_overrides(self, [Override(k, v) for k, v in overrides.items()])
        if problems:
            raise TemplateError(problems)
        return {kind: self._choose(kind, overrides.get(kind)) for kind in DRAWN_LAYOUTS}

    def _choose(self, kind: str, override: str | None) -> Choice:
        if override is not None:
            found = self.find_layout(override)
            assert found is not None  # checked by check_overrides
            return Choice(kind, found, "override", override)
        layouts = self.layouts()
        for wanted in LAYOUT_TYPES[kind]:
            for layout in layouts:
                if layout.type == wanted and not layout.vertical:
                    return Choice(kind, layout, "type", wanted)
        scored = [(_penalty(kind, lay), n, lay) for n, lay in enumerate(layouts)]
        penalty, _n, best = min(scored, key=lambda s: (s[0], s[1]))  # first best: deterministic
        title, body, picture = best.signature()
        return Choice(
            kind,
            best,
            "signature",
            f"{title} title, {body} body, {picture} picture; penalty {penalty:g}",
        )


def _placeholders(root: Any, master: Mapping[str, Placeholder]) -> Iterable[Placeholder]:
    """Yield the placeholders of a master (``master`` empty) or of a layout of ``master``."""
    tree = root.find("p:cSld/p:spTree", NS)
    if tree is None:
        return
    for sp in tree.iter(f"{{{P}}}sp"):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        idx = int(ph.get("idx", "0") or 0)
        name_el = sp.find("p:nvSpPr/p:cNvPr", NS)
        own = _box(sp.find("p:spPr/a:xfrm", NS))
        probe = Placeholder(kind, idx, "", None, False, False, sp)
        base = master.get(probe.base_type)
        box, inherited = own, False
        if own is None and base is not None:
            box, inherited = base.box, True
        body = sp.find("p:txBody/a:bodyPr", NS)
        own_vert = body.get("vert") if body is not None else None
        if own_vert is not None:
            vertical = own_vert in _VERTICAL
        else:
            vertical = base is not None and base.vertical
        yield Placeholder(
            kind,
            idx,
            name_el.get("name", "") if name_el is not None else "",
            box,
            inherited,
            vertical,
            sp,
        )


def _box(xfrm: Any) -> Box | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    return Box(
        int(off.get("x", 0)), int(off.get("y", 0)), int(ext.get("cx", 0)), int(ext.get("cy", 0))
    )


def _decorations(root: Any) -> int:
    """Return how many pictures and shapes (not placeholders) a master or layout draws."""
    tree = root.find("p:cSld/p:spTree", NS)
    if tree is None:
        return 0
    count = 0
    for child in tree:
        tag = etree.QName(child).localname
        if (
            tag == "pic"
            or tag in ("grpSp", "graphicFrame", "cxnSp")
            or tag == "sp"
            and child.find("p:nvSpPr/p:nvPr/p:ph", NS) is None
        ):
            count += 1
    return count


def _penalty(kind: str, layout: Layout) -> float:
    """Return how badly ``layout``'s placeholders fit ``kind`` (0 = exactly; lower is better)."""
    counts = layout.signature()
    types = {ph.type for ph in layout.placeholders}
    penalty: float = sum(abs(a - b) for a, b in zip(counts, SIGNATURES[kind], strict=True))
    penalty += 5 * layout.vertical
    # A centred title marks the cover layout: a strong hint for it, a bad sign for the others.
    if kind == "title":
        penalty -= 1.0 * ("ctrTitle" in types) + 0.5 * ("subTitle" in types)
    else:
        penalty += 1.0 * ("ctrTitle" in types)
    if kind in ("bullets", "agenda"):
        penalty -= 0.5 * ("obj" in types)
    elif kind == "section":
        penalty -= 0.5 * ("body" in types and "obj" not in types)
    elif kind == "two-column":
        # Two columns side by side of about the same width, not a caption beside content.
        content = [ph.box for ph in layout.content() if ph.box is not None]
        if len(content) >= 2:
            a, b = content[0], content[1]
            if abs(a.w - b.w) <= 0.2 * max(a.w, b.w) and abs(a.y - b.y) <= 0.2 * max(a.h, b.h):
                penalty -= 0.5
    elif kind == "picture-text":
        # Content beside a caption (or a picture placeholder), not two equal columns.
        content = [ph.box for ph in layout.content() if ph.box is not None]
        if "pic" in types:
            penalty -= 0.5
        elif len(content) >= 2:
            a, b = content[0], content[1]
            if abs(a.w - b.w) > 0.2 * max(a.w, b.w):
                penalty -= 0.5
    return penalty


def check_overrides(
    template: Template, overrides: Sequence[Override], source: SourceText | None = None
) -> list[Problem]:
    """Return a located problem for each override naming an unknown layout on either side."""
    names = [lay.name for lay in template.layouts()]
    problems: list[Problem] = []
    for item in overrides:
        if item.layout not in DRAWN_LAYOUTS:
            problems.append(
                problem_at(
                    f"unknown layout '{item.layout}'{suggest(item.layout, DRAWN_LAYOUTS)}; "
                    "layouts: " + ", ".join(DRAWN_LAYOUTS),
                    item.key_loc,
                    f"layouts.{item.layout}",
                    source,
                )
            )
        elif template.find_layout(item.name) is None:
            problems.append(
                problem_at(
                    f"no layout named '{item.name}' in {template.path.name}"
                    f"{suggest(item.name, names)}; its layouts: " + ", ".join(names),
                    item.name_loc,
                    f"layouts.{item.layout}",
                    source,
                )
            )
    return problems


def problem_at(message: str, loc: Location | None, path: str, source: SourceText | None) -> Problem:
    if loc is not None and source is not None:
        return source.problem(message, loc.line, loc.col, loc.length, path)
    return Problem(message, loc, path)
