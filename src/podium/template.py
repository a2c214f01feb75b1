"""PowerPoint templates: open one safely, map Podium's layouts onto it, and read its look.

Reads the package with zipfile and lxml only, never python-pptx, so an HTML-only build on a
template stays cheap. The PowerPoint renderer opens the same checked bytes with python-pptx.
"""

from __future__ import annotations

import colorsys
import io
import posixpath
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from podium.errors import Location, Problem, SourceText, TemplateError, suggest
from podium.model import LAYOUTS
from podium.plan import DeckPlan
from podium.theme import DEFAULT_THEME, EMU_PER_INCH, EMU_PER_PT, Box, Look, Theme

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"a": A, "p": P, "r": R}

CT_PRESENTATION = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
CT_TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"

#: A template bigger than this on disk is refused before it is read.
MAX_FILE_BYTES = 100 * 2**20
#: Zip limits checked on the central directory, before anything is inflated. Python's zipfile
#: stops inflating an entry at its declared size, so a lying directory cannot get past them.
MAX_ENTRIES = 5000
MAX_UNCOMPRESSED = 300 * 2**20
MAX_RATIO = 100
#: Entries smaller than this may compress as well as they like (XML often does 20:1).
RATIO_FLOOR = 2**20

#: The byline placeholder of Podium's title layout (templates/make_reference.py).
BYLINE_IDX = 13
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
    "table": ("titleOnly", "tbl"),
    "code": ("titleOnly",),
    "blank": ("blank",),
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
    "table": (1, 0, 0),
    "code": (1, 0, 0),
    "blank": (0, 0, 0),
}
_VERTICAL = {"vert", "vert270", "eaVert", "wordArtVert", "wordArtVertRtl", "mongolianVert"}
#: Symbol-font bullets drawn with the Unicode character that looks the same.
_SYMBOL_BULLETS = {
    ("Wingdings", "§"): "▪", ("Wingdings", "Ø"): "➢", ("Wingdings", "ü"): "✓",
    ("Wingdings", "q"): "❑", ("Wingdings", "n"): "■", ("Wingdings", "l"): "●",
    ("Wingdings", "v"): "❖", ("Wingdings", "Ÿ"): "•", ("Wingdings", "o"): "□",
    ("Wingdings", "è"): "➔", ("Wingdings", "à"): "➔", ("Symbol", "·"): "•",
    ("Symbol", "-"): "–", ("Symbol", "Þ"): "⇒",
}  # fmt: skip
_PRESET_COLOURS = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "blue": "0000FF",
    "green": "008000",
    "gray": "808080",
    "grey": "808080",
}


def _parse(blob: bytes) -> Any:
    """Return the root of ``blob``: no entities, DTDs or network (a parser per call: they are not
    for sharing between threads, and the preview server builds in several)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(blob, parser)


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


# -- reading the package safely -----------------------------------------------------------------


def reference_path() -> Path:
    """Return the built-in reference.pptx: the installed package's, else the checkout's.

    Raises TemplateError when neither exists.
    """
    here = Path(__file__).resolve()
    places = (here.parent / "_templates", here.parents[2] / "templates")
    for place in places:
        if (place / "reference.pptx").is_file():
            return place / "reference.pptx"
    looked = ", ".join(str(p) for p in places)
    raise TemplateError(f"the built-in reference.pptx is missing (looked in {looked})")


def read_checked(path: Path) -> bytes:
    """Return the bytes of the template at ``path`` once they are known to be safe to open.

    Raises TemplateError, before anything is inflated, for a file that is not a zip, would
    inflate past the limits, is macro-enabled, or has external relationships.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TemplateError(
                f"{path}: the template is {size / 2**20:.0f} MB; templates over "
                f"{MAX_FILE_BYTES // 2**20} MB are refused (remove unused pictures and layouts)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template: {exc.strerror}") from exc
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TemplateError(f"{path}: not a PowerPoint file (expected a .pptx or .potx)") from exc
    with zf:
        _check_sizes(path, zf.infolist())
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names:
            raise TemplateError(f"{path}: not a PowerPoint file (expected a .pptx or .potx)")
        types = zf.read("[Content_Types].xml")
        if b"macroEnabled" in types or any("vbaproject" in n.lower() for n in names):
            raise TemplateError(
                f"{path}: macro-enabled templates are refused; save it as .pptx or .potx "
                "(in PowerPoint: File > Save As > PowerPoint Template)"
            )
        try:
            _check_external(path, zf)
        except etree.XMLSyntaxError as exc:
            raise TemplateError(
                f"{path}: a relationships part is not well-formed XML: {exc}; "
                "open and save the template in PowerPoint to repair it"
            ) from exc
    return data


def _check_sizes(path: Path, infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise TemplateError(
            f"{path}: refused: the zip holds {len(infos)} entries (at most {MAX_ENTRIES}); "
            "this is not an ordinary template"
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise TemplateError(
            f"{path}: refused: the zip would inflate to {total / 2**20:.0f} MB (at most "
            f"{MAX_UNCOMPRESSED // 2**20} MB); a template this large is likely a zip bomb"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise TemplateError(
                f"{path}: refused: '{info.filename}' would inflate {ratio:.0f} times (to "
                f"{info.file_size / 2**20:.0f} MB, at most {MAX_RATIO} times); a template "
                "this compressible is likely a zip bomb"
            )


#: Relationship types whose targets may live outside the package: ordinary web and mail links.
_SAFE_EXTERNAL = ("http://", "https://", "mailto:")


def _check_external(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse external relationships of every part that outlives the template's slides.

    Linked pictures and objects (file:, UNC paths, web addresses) are fetched when someone opens
    the deck, which can leak their Windows credentials; web and mail hyperlinks are harmless.
    """
    problems: list[Problem] = []
    for part in sorted(_kept_parts(zf)):
        for rel in _rels_of(zf, part):
            if rel.get("TargetMode") != "External":
                continue
            target, kind = rel.get("Target", ""), rel.get("Type", "").rsplit("/", 1)[-1]
            if kind == "hyperlink" and target.lower().startswith(_SAFE_EXTERNAL):
                continue
            problems.append(
                Problem(
                    f"{path}: refused: {part.lstrip('/')} has an external {kind} relationship to "
                    f"'{target}'; templates must embed what they show: in PowerPoint, replace the "
                    "linked picture or object with an embedded one (or remove it) and save again"
                )
            )
    if problems:
        raise TemplateError(problems)


def _kept_parts(zf: zipfile.ZipFile) -> set[str]:
    """Return the parts reachable from the package root without going through a slide.

    The template's own slides are dropped when a deck is rendered, and with them whatever only
    they use.
    """
    seen: set[str] = set()
    todo = ["/"]
    while todo:
        part = todo.pop()
        for rel in _rels_of(zf, part):
            if rel.get("TargetMode") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("slide", "notesSlide"):
                continue
            target = _resolve(part, rel.get("Target", ""))
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen | {"/"}


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels").lstrip("/")


def _rels_of(zf: zipfile.ZipFile, part: str) -> list[Any]:
    name = _rels_name(part) if part != "/" else "_rels/.rels"
    try:
        root = _parse(zf.read(name))
    except KeyError:
        return []
    return list(root.iter(f"{{{PKG_RELS}}}Relationship"))


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target)
    base = posixpath.dirname(source) if source != "/" else "/"
    return posixpath.normpath(posixpath.join(base, target))


def patched_for_pptx(data: bytes) -> bytes:
    """Return the package with a .potx's content type made a .pptx's, which python-pptx wants."""
    return _swap_content_type(data, CT_TEMPLATE, CT_PRESENTATION)


def _swap_content_type(data: bytes, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(old.encode(), new.encode())
            zout.writestr(info, blob)
    return out.getvalue()


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
                raise TemplateError(f"{path}: not a PowerPoint file (it has no main part)")
            pres = self._xml(main)
            if pres.tag != f"{{{P}}}presentation":
                raise TemplateError(
                    f"{path}: not a PowerPoint presentation or template (its main part is "
                    f"{etree.QName(pres).localname}); Strict Open XML files are not supported, "
                    "save it as an ordinary .pptx or .potx"
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
            raise TemplateError(f"{path}: the template has no slide layouts")
        self.masters: tuple[Master, ...] = tuple(masters)

    @classmethod
    def open(cls, path: Path) -> Template:
        """Return the template at ``path``; raise TemplateError when it is refused or broken."""
        return cls(path, read_checked(path))

    def _xml(self, part: str) -> Any:
        try:
            return _parse(self._zf.read(part.lstrip("/")))
        except KeyError as exc:
            raise TemplateError(f"{self.path}: the part {part} is missing") from exc
        except etree.XMLSyntaxError as exc:
            raise TemplateError(f"{self.path}: {part} is not well-formed XML: {exc}") from exc

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
        return {kind: self._choose(kind, overrides.get(kind)) for kind in LAYOUTS}

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
    return penalty


def check_overrides(
    template: Template, overrides: Sequence[Override], source: SourceText | None = None
) -> list[Problem]:
    """Return a located problem for each override naming an unknown layout on either side."""
    names = [lay.name for lay in template.layouts()]
    problems: list[Problem] = []
    for item in overrides:
        if item.layout not in LAYOUTS:
            problems.append(
                _problem(
                    f"unknown layout '{item.layout}'{suggest(item.layout, LAYOUTS)}; layouts: "
                    + ", ".join(LAYOUTS),
                    item.key_loc,
                    f"layouts.{item.layout}",
                    source,
                )
            )
        elif template.find_layout(item.name) is None:
            problems.append(
                _problem(
                    f"no layout named '{item.name}' in {template.path.name}"
                    f"{suggest(item.name, names)}; its layouts: " + ", ".join(names),
                    item.name_loc,
                    f"layouts.{item.layout}",
                    source,
                )
            )
    return problems


def _problem(message: str, loc: Location | None, path: str, source: SourceText | None) -> Problem:
    if loc is not None and source is not None:
        return source.problem(message, loc.line, loc.col, loc.length, path)
    return Problem(message, loc, path)


# -- the look: colours, fonts, sizes and boxes ------------------------------------------------


class _Styles:
    """Resolve what text in a placeholder inherits: layout, master, master text styles."""

    def __init__(self, template: Template, master: Master, layout: Layout | None) -> None:
        self.template = template
        self.master = master
        self.layout = layout
        self.scheme = _colour_scheme(master.theme)
        self.fonts = _font_scheme(master.theme)
        clr_map = master.element.find("p:clrMap", NS)
        self.clr_map = dict(clr_map.attrib) if clr_map is not None else {}
        if layout is not None:
            over = layout.element.find("p:clrMapOvr/a:overrideClrMapping", NS)
            if over is not None:
                self.clr_map = dict(over.attrib)

    def _levels(self, ph: Placeholder | None, base_type: str, level: int) -> list[Any]:
        """Return the a:lvlNpPr elements text at ``level`` of ``ph`` inherits, nearest first."""
        tag = f"a:lvl{level + 1}pPr"
        chain: list[Any] = []
        if ph is not None:
            chain.append(ph.sp.find(f"p:txBody/a:lstStyle/{tag}", NS))
        master_ph = self.master.placeholder(base_type)
        if master_ph is not None:
            chain.append(master_ph.sp.find(f"p:txBody/a:lstStyle/{tag}", NS))
        style = {"title": "p:titleStyle", "body": "p:bodyStyle"}.get(base_type, "p:otherStyle")
        chain.append(self.master.element.find(f"p:txStyles/{style}/{tag}", NS))
        if self.template.default_style is not None:
            chain.append(self.template.default_style.find(tag, NS))
        return [el for el in chain if el is not None]

    def _first(self, chain: list[Any], path: str) -> Any:
        for el in chain:
            found = el.find(path, NS) if path else el
            if found is not None:
                return found
        return None

    def size(self, ph: Placeholder | None, base: str, level: int = 0) -> float | None:
        for el in self._levels(ph, base, level):
            rpr = el.find("a:defRPr", NS)
            if rpr is not None and rpr.get("sz"):
                return int(rpr.get("sz")) / 100
        return None

    def colour(self, ph: Placeholder | None, base: str, level: int = 0) -> str | None:
        fill = self._first(self._levels(ph, base, level), "a:defRPr/a:solidFill")
        return self.resolve(fill) if fill is not None else None

    def font(self, ph: Placeholder | None, base: str, level: int = 0) -> str | None:
        latin = self._first(self._levels(ph, base, level), "a:defRPr/a:latin")
        if latin is None:
            return None
        face = str(latin.get("typeface", ""))
        if face.startswith("+mj"):
            return self.fonts.get("major")
        if face.startswith("+mn"):
            return self.fonts.get("minor")
        return face or None

    def attr(self, ph: Placeholder | None, base: str, name: str, level: int = 0) -> str | None:
        for el in self._levels(ph, base, level):
            if el.get(name) is not None:
                return str(el.get(name))
        return None

    def spacing(self, ph: Placeholder | None, base: str, which: str) -> tuple[str, int] | None:
        """Return ('pct', 1/1000 %) or ('pts', 1/100 pt) of a:spcBef or a:lnSpc at level 0."""
        for el in self._levels(ph, base, 0):
            node = el.find(f"a:{which}", NS)
            if node is not None and len(node):
                child = node[0]
                unit = "pct" if etree.QName(child).localname == "spcPct" else "pts"
                return unit, int(child.get("val", "0"))
        return None

    def bullet(self, ph: Placeholder | None, level: int) -> str | None:
        """Return the bullet character at ``level`` ('' for none or numbers), None if unset."""
        for el in self._levels(ph, "body", level):
            if el.find("a:buNone", NS) is not None or el.find("a:buAutoNum", NS) is not None:
                return ""
            char = el.find("a:buChar", NS)
            if char is not None:
                font = self._first([el], "a:buFont")
                face = font.get("typeface", "") if font is not None else ""
                text = str(char.get("char", "•"))
                return _SYMBOL_BULLETS.get((face, text), text)
        return None

    def bullet_colour(self, ph: Placeholder | None) -> str | None:
        for el in self._levels(ph, "body", 0):
            if el.find("a:buClrTx", NS) is not None:
                return None
            clr = el.find("a:buClr", NS)
            if clr is not None and len(clr):
                return self.resolve(clr)
        return None

    def anchor(self, ph: Placeholder | None) -> str | None:
        for sp in self._chain_sp(ph):
            body = sp.find("p:txBody/a:bodyPr", NS)
            if body is not None and body.get("anchor"):
                return str(body.get("anchor"))
        return None

    def _chain_sp(self, ph: Placeholder | None) -> list[Any]:
        if ph is None:
            return []
        out = [ph.sp]
        base = self.master.placeholder(ph.base_type)
        if base is not None and base.sp is not ph.sp:
            out.append(base.sp)
        return out

    def background(self) -> tuple[str, str]:
        """Return (colour, kind) of the slide background; kind is solid, gradient, picture, ..."""
        for owner in ([self.layout.element] if self.layout else []) + [self.master.element]:
            bg = owner.find("p:cSld/p:bg", NS)
            if bg is None:
                continue
            pr = bg.find("p:bgPr", NS)
            if pr is not None:
                for fill in pr:
                    kind = etree.QName(fill).localname
                    if kind == "solidFill":
                        return self.resolve(fill) or "FFFFFF", "solid"
                    if kind == "gradFill":
                        stop = fill.find("a:gsLst/a:gs", NS)
                        return (self.resolve(stop) if stop is not None else None) or self.named(
                            "bg1"
                        ), "gradient"
                    if kind == "pattFill":
                        bg_clr = fill.find("a:bgClr", NS)
                        return (self.resolve(bg_clr) if bg_clr is not None else None) or self.named(
                            "bg1"
                        ), "pattern"
                    if kind == "blipFill":
                        return self.named("bg1"), "picture"
                    if kind == "noFill":
                        return "FFFFFF", "none"
            ref = bg.find("p:bgRef", NS)
            if ref is not None:
                return self.resolve(ref) or self.named("bg1"), "solid"
        return self.named("bg1"), "solid"

    def named(self, name: str) -> str:
        """Return the colour of a scheme name (bg1, tx1, accent1, hlink, ...) or black."""
        slot = self.clr_map.get(name, name)
        return self.scheme.get(slot) or self.scheme.get(name) or "000000"

    def resolve(self, holder: Any) -> str | None:
        """Return RRGGBB of the colour element inside ``holder`` (modifiers applied)."""
        for el in holder:
            kind = etree.QName(el).localname
            base: str | None = None
            if kind == "srgbClr":
                base = str(el.get("val", "")).upper()
            elif kind == "schemeClr":
                name = str(el.get("val", ""))
                base = None if name == "phClr" else self.named(name)
            elif kind == "sysClr":
                base = str(el.get("lastClr", "000000")).upper()
            elif kind == "prstClr":
                base = _PRESET_COLOURS.get(str(el.get("val", "")), "000000")
            elif kind == "scrgbClr":
                base = "".join(
                    f"{round(int(el.get(c, 0)) / 100000 * 255):02X}" for c in ("r", "g", "b")
                )
            elif kind == "hslClr":
                h, s, lum = (int(el.get(k, 0)) for k in ("hue", "sat", "lum"))
                base = _from_rgb(colorsys.hls_to_rgb(h / 21600000, lum / 100000, s / 100000))
            if base is not None and len(base) == 6:
                return _modified(base, el)
        return None


def _colour_scheme(theme: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    scheme = theme.find("a:themeElements/a:clrScheme", NS) if theme is not None else None
    if scheme is None:
        return out
    for slot in scheme:
        for el in slot:
            kind = etree.QName(el).localname
            if kind == "srgbClr":
                out[etree.QName(slot).localname] = str(el.get("val", "000000")).upper()
            elif kind == "sysClr":
                out[etree.QName(slot).localname] = str(el.get("lastClr", "000000")).upper()
    return out


def _font_scheme(theme: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    fonts = theme.find("a:themeElements/a:fontScheme", NS) if theme is not None else None
    if fonts is None:
        return out
    for key, tag in (("major", "a:majorFont"), ("minor", "a:minorFont")):
        for script in ("latin", "ea"):
            el = fonts.find(f"{tag}/a:{script}", NS)
            if el is not None and el.get("typeface"):
                out[key if script == "latin" else f"{key}-ea"] = str(el.get("typeface"))
    return out


def _to_rgb(hex6: str) -> tuple[float, float, float]:
    return tuple(int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _from_rgb(rgb: Iterable[float]) -> str:
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in rgb)


def _modified(hex6: str, el: Any) -> str:
    """Apply DrawingML's colour modifiers (lumMod, lumOff, tint, shade) to ``hex6``."""
    r, g, b = _to_rgb(hex6)
    for mod in el:
        kind, val = etree.QName(mod).localname, int(mod.get("val", "100000")) / 100000
        if kind in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if kind == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif kind == "tint":
            r, g, b = (1 - (1 - c) * val for c in (r, g, b))
        elif kind == "shade":
            r, g, b = (c * val for c in (r, g, b))
    return _from_rgb((r, g, b))


def _mix(a: str, b: str, share_of_b: float) -> str:
    ra, rb = _to_rgb(a), _to_rgb(b)
    return _from_rgb(x + (y - x) * share_of_b for x, y in zip(ra, rb, strict=True))


def _luminance(hex6: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _to_rgb(hex6))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two RRGGBB colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


_ANCHORS = {"t": "t", "ctr": "ctr", "b": "b", "just": "t", "dist": "ctr"}


def theme_from_template(
    path: Path,
    overrides: Sequence[Override] | Mapping[str, str] = (),
    source: SourceText | None = None,
) -> Theme:
    """Return the Theme of the template at ``path``: slide size, colours, fonts, sizes and the
    boxes of the layouts Podium maps onto, so the HTML looks like the PowerPoint.

    ``overrides`` is the deck's ``layouts:`` map; ``source`` the deck's text, to show the line of
    a bad override. Raises TemplateError for a refused or broken template or a bad override.
    """
    template = Template.open(path)
    items = (
        [Override(k, v) for k, v in overrides.items()]
        if isinstance(overrides, Mapping)
        else list(overrides)
    )
    problems = check_overrides(template, items, source)
    if problems:
        raise TemplateError(problems)
    choices = template.choose({o.layout: o.name for o in items})
    return _theme(template, choices)


def _theme(template: Template, choices: Mapping[str, Choice]) -> Theme:
    base = DEFAULT_THEME
    bullets = choices["bullets"].layout
    master = template.master_of(bullets)
    styles = _Styles(template, master, bullets)
    sx, sy = template.width / base.width, template.height / base.height

    def scaled(role: str) -> Box:
        b = base.box(role)
        return Box(round(b.x * sx), round(b.y * sy), round(b.w * sx), round(b.h * sy))

    def box(ph: Placeholder | None, role: str) -> Box:
        return ph.box if ph is not None and ph.box is not None else scaled(role)

    boxes: dict[str, Box] = {}
    anchors: dict[str, str] = {}
    aligns: dict[str, str] = {}

    def place(role: str, ph: Placeholder | None, owner: _Styles, base_type: str) -> None:
        boxes[role] = box(ph, role)
        anchor = owner.anchor(ph) if ph is not None else None
        anchors[role] = _ANCHORS.get(anchor or "t", "t")
        aligns[role] = (owner.attr(ph, base_type, "algn") if ph is not None else None) or "l"

    body_ph = next(iter(bullets.content()), None) or master.placeholder("body")
    title_ph = bullets.title() or master.placeholder("title")
    place("title", title_ph, styles, "title")
    place("body", body_ph, styles, "body")

    two = choices["two-column"].layout
    two_styles = _Styles(template, template.master_of(two), two)
    columns = two.content()
    if len(columns) >= 2:
        place("left", columns[0], two_styles, "body")
        place("right", columns[1], two_styles, "body")
    else:
        b = boxes["body"]
        gap = round(0.4 * EMU_PER_INCH * sx)
        half = (b.w - gap) // 2
        boxes["left"] = Box(b.x, b.y, half, b.h)
        boxes["right"] = Box(b.x + half + gap, b.y, b.w - half - gap, b.h)

    cover = choices["title"].layout
    cover_styles = _Styles(template, template.master_of(cover), cover)
    place("cover-title", cover.title(), cover_styles, "title")
    subtitle, byline = cover.subtitle(), cover.byline()
    place("cover-subtitle", subtitle, cover_styles, "body")
    subtitle_size = cover_styles.size(subtitle, "body") or base.subtitle_size
    if byline is not None:
        place("cover-byline", byline, cover_styles, "body")
    elif subtitle is not None and subtitle.box is not None:
        # The renderer writes the byline under the subtitle in the same placeholder: give the
        # subtitle its first line and the byline the rest.
        s = subtitle.box
        head = min(s.h, round(subtitle_size * base.line_pitch * EMU_PER_PT) + 2 * 45720)
        boxes["cover-subtitle"] = Box(s.x, s.y, s.w, head)
        boxes["cover-byline"] = Box(s.x, s.y + head, s.w, max(s.h - head, 0))
        anchors["cover-byline"] = "t"
        aligns["cover-byline"] = aligns["cover-subtitle"]
    else:
        boxes["cover-byline"] = scaled("cover-byline")

    section = choices["section"].layout
    section_styles = _Styles(template, template.master_of(section), section)
    place("section-title", section.title(), section_styles, "title")
    place("section-subtitle", next(iter(section.content()), None), section_styles, "body")

    # The quote layout draws its own text boxes inside the body's area, as the reference does.
    b = boxes["body"]
    inset_x, inset_y = round(0.8 * EMU_PER_INCH * sx), round(0.25 * EMU_PER_INCH * sy)
    quote_h, gap = round(b.h * 0.68), round(0.1 * EMU_PER_INCH * sy)
    boxes["quote"] = Box(b.x + inset_x, b.y + inset_y, b.w - 2 * inset_x, quote_h)
    boxes["attribution"] = Box(
        b.x + inset_x, b.y + inset_y + quote_h + gap, b.w - 2 * inset_x, round(b.h * 0.16)
    )

    for role, kind in (("date", "dt"), ("footer", "ftr"), ("number", "sldNum")):
        ph = bullets.latent(kind) or master.placeholder(kind)
        boxes[role] = box(ph, role)
        if ph is not None:
            aligns[role] = styles.attr(ph, kind, "algn") or {"footer": "ctr", "number": "r"}.get(
                role, "l"
            )

    fonts = styles.fonts
    major = styles.font(title_ph, "title") or fonts.get("major") or base.major_font
    minor = styles.font(body_ph, "body") or fonts.get("minor") or base.minor_font
    text = styles.colour(body_ph, "body") or styles.named("tx1")
    background, _kind = styles.background()
    accent = styles.named("accent1")
    light, dark = styles.named("lt1"), styles.named("dk1")
    on_accent = light if contrast(light, accent) >= contrast(dark, accent) else dark
    footer_ph = bullets.latent("ftr") or master.placeholder("ftr")
    muted = styles.colour(footer_ph, "ftr") if footer_ph is not None else None
    body_size = styles.size(body_ph, "body") or base.body_sizes[0]
    sizes = tuple(styles.size(body_ph, "body", n) or base.body_sizes[n] for n in range(9))
    chars = tuple(
        (styles.bullet(body_ph, n) if styles.bullet(body_ph, n) is not None else base.bullets[n])
        or base.bullets[n]
        for n in range(9)
    )
    space = styles.spacing(body_ph, "body", "spcBef")
    para_space = base.para_space
    if space is not None:
        para_space = space[1] / 100 if space[0] == "pts" else space[1] / 100000 * body_size
    line = styles.spacing(body_ph, "body", "lnSpc")
    line_pitch = base.line_pitch * (line[1] / 100000 if line and line[0] == "pct" else 1)

    muted = muted or _mix(text, background, 0.35)
    plain = Look(background, text, accent, muted)
    looks: dict[str, Look] = {}
    for kind, choice in choices.items():
        layout = choice.layout
        own = _Styles(template, template.master_of(layout), layout)
        text_ph = layout.subtitle() if kind == "title" else next(iter(layout.content()), None)
        title_ph_here = layout.title()
        foot = layout.latent("ftr") or template.master_of(layout).placeholder("ftr")
        own_bg = own.background()[0]
        title_font = own.font(title_ph_here, "title")
        look = Look(
            background=own_bg,
            text=own.colour(text_ph, "body") or own.named("tx1"),
            title=own.colour(title_ph_here, "title") or own.named("tx1"),
            footer=(own.colour(foot, "ftr") if foot is not None else None)
            or _mix(own.named("tx1"), own_bg, 0.35),
            title_font="" if title_font in (None, major) else title_font,
        )
        if look != plain:
            looks[kind] = look

    bg_light = _luminance(background) > 0.5
    return replace(
        base,
        width=template.width,
        height=template.height,
        major_font=major,
        minor_font=minor,
        ea_font=fonts.get("minor-ea") or base.ea_font,
        text=text,
        background=background,
        accent=accent,
        accent_text=on_accent,
        muted=muted,
        link=styles.named("hlink"),
        code_bg=base.code_bg if bg_light else _mix(background, text, 0.12),
        title_size=styles.size(title_ph, "title") or base.title_size,
        title_slide_size=cover_styles.size(cover.title(), "title") or base.title_slide_size,
        subtitle_size=subtitle_size,
        byline_size=(cover_styles.size(byline, "body") if byline is not None else None)
        or base.byline_size,
        body_sizes=sizes,
        footer_size=(styles.size(footer_ph, "ftr") if footer_ph is not None else None)
        or base.footer_size,
        line_pitch=round(line_pitch, 4),
        para_space=para_space,
        boxes=boxes,
        bullet_color=styles.bullet_colour(body_ph) or text,
        bullets=chars,
        looks=looks,
        anchors=anchors,
        aligns=aligns,
        layouts={kind: choice.layout.part for kind, choice in choices.items()},
    )


# -- inspect and export -------------------------------------------------------------------------


def _inches(emu: int) -> str:
    return f"{emu / EMU_PER_INCH:.2f}"


def _box_text(box: Box | None) -> str:
    if box is None:
        return "(no box)"
    return f"{_inches(box.x)}, {_inches(box.y)}  {_inches(box.w)} x {_inches(box.h)}"


#: Placeholders narrower or lower than this (in inches) are reported as tiny.
TINY_W, TINY_H = 0.5, 0.2


def problems_of(template: Template, choices: Mapping[str, Choice]) -> list[str]:
    """Return what may go wrong when Podium draws on ``template``, one line each."""
    out: list[str] = []
    for kind, choice in choices.items():
        if choice.rule == "signature":
            wanted = " or ".join(LAYOUT_TYPES[kind])
            out.append(
                f"{kind}: no layout of type {wanted}; fell back to '{choice.layout.name}' "
                f'(placeholder signature); to choose another: layouts: {{{kind}: "..."}}'
            )
        layout = choice.layout
        if layout.vertical:
            out.append(f"layout {layout.label} '{layout.name}' for {kind} has vertical text")
        if kind not in ("blank",) and layout.title() is None:
            out.append(
                f"layout {layout.label} '{layout.name}' for {kind} has no title "
                "placeholder: the title goes in a text box"
            )
        if kind in ("bullets", "agenda", "section") and not layout.content():
            out.append(
                f"layout {layout.label} '{layout.name}' for {kind} has no body "
                "placeholder: the text goes in a text box"
            )
        if kind == "two-column" and len(layout.content()) < 2:
            out.append(
                f"layout {layout.label} '{layout.name}' for two-column has "
                f"{len(layout.content())} body placeholder(s): columns go in text boxes"
            )
    used = {c.layout.part for c in choices.values()}
    for master in template.masters:
        for kind, what in (("sldNum", "slide-number"), ("ftr", "footer"), ("dt", "date")):
            if master.placeholder(kind) is None and not any(
                lay.latent(kind) for lay in master.layouts if lay.part in used
            ):
                out.append(
                    f"master {master.index + 1} has no {what} placeholder: Podium draws "
                    f"the {what.replace('-', ' ')} in a text box (PowerPoint's Header & "
                    "Footer will not control it)"
                )
        styles = _Styles(template, master, None)
        colour, kind = styles.background()
        if kind in ("gradient", "picture", "pattern"):
            out.append(
                f"master {master.index + 1} has a {kind} background: the HTML paints "
                f"it plain #{colour}"
            )
        if master.pictures:
            out.append(
                f"master {master.index + 1} draws {master.pictures} picture(s) or "
                "shape(s) that the HTML leaves out"
            )
        for owner_name, placeholders in [(f"master {master.index + 1}", master.placeholders)] + [
            (f"layout {lay.label} '{lay.name}'", lay.placeholders) for lay in master.layouts
        ]:
            for ph in placeholders:
                if ph.box is None:
                    continue
                if ph.box.w < TINY_W * EMU_PER_INCH or ph.box.h < TINY_H * EMU_PER_INCH:
                    out.append(
                        f"{owner_name}: placeholder {ph.idx} ({ph.type}) is tiny: "
                        f"{_inches(ph.box.w)} x {_inches(ph.box.h)} in"
                    )
                if (
                    ph.box.x < 0
                    or ph.box.y < 0
                    or ph.box.x + ph.box.w > template.width
                    or ph.box.y + ph.box.h > template.height
                ):
                    out.append(
                        f"{owner_name}: placeholder {ph.idx} ({ph.type}) reaches off the slide"
                    )
    for layout in template.layouts():
        if layout.part in used and layout.pictures:
            out.append(
                f"layout {layout.label} '{layout.name}' draws {layout.pictures} "
                "picture(s) or shape(s) that the HTML leaves out"
            )
    return list(dict.fromkeys(out))


def inspect(path: Path, overrides: Mapping[str, str] | None = None) -> str:
    """Return a report on the template at ``path``: masters, layouts and their placeholders,
    which Podium layout maps to each and by which rule, and the problems found.

    Raises TemplateError for a refused or broken template or a bad override.
    """
    template = Template.open(path)
    choices = template.choose(overrides)
    theme = _theme(template, choices)
    ratio = template.width / template.height
    shape = {round(16 / 9, 2): "16:9", round(4 / 3, 2): "4:3", round(16 / 10, 2): "16:10"}.get(
        round(ratio, 2), f"{ratio:.2f}:1"
    )
    kind = "PowerPoint template (.potx)" if template.is_potx else "PowerPoint presentation"
    lines = [
        f"{path}: {kind}, {_inches(template.width)} x {_inches(template.height)} in ({shape}), "
        f"{len(template.masters)} master(s), {len(template.layouts())} layout(s)",
        f"fonts: titles {theme.major_font}, text {theme.minor_font}; colours: text #{theme.text}, "
        f"background #{theme.background}, accent #{theme.accent}, link #{theme.link}",
        "",
        "boxes are left, top  width x height in inches",
    ]
    by_part: dict[str, list[str]] = {}
    for podium, choice in choices.items():
        by_part.setdefault(choice.layout.part, []).append(podium)
    for master in template.masters:
        lines += ["", f"master {master.index + 1}  '{master.name}'  {master.part.lstrip('/')}"]
        lines += _placeholder_rows(master.placeholders)
        for layout in master.layouts:
            used = by_part.get(layout.part, [])
            rules = dict.fromkeys(_short_rule(choices[p]) for p in used)
            mapped = f"{', '.join(used)} (by {', '.join(rules)})" if used else "-"
            lines.append(
                f"  layout {layout.label}  '{layout.name}'  type={layout.type}  <- {mapped}"
            )
            lines += _placeholder_rows(layout.placeholders, indent="    ")
    lines += ["", "mapping"]
    width = max(len(k) for k in choices)
    for podium, choice in choices.items():
        lines.append(
            f"  {podium:<{width}}  -> {choice.layout.label} '{choice.layout.name}'  "
            f"by {choice.describe()}"
        )
    problems = problems_of(template, choices)
    lines += ["", f"problems ({len(problems)})"]
    lines += [f"  - {p}" for p in problems] or ["  none"]
    return "\n".join(lines) + "\n"


def _short_rule(choice: Choice) -> str:
    return {"override": "override", "type": f"type {choice.detail}"}.get(choice.rule, "signature")


def _placeholder_rows(placeholders: Sequence[Placeholder], indent: str = "  ") -> list[str]:
    rows = []
    for ph in placeholders:
        note = " (from master)" if ph.inherited else ""
        note += " vertical" if ph.vertical else ""
        rows.append(f"{indent}  {ph.idx:>3}  {ph.type:<9} {_box_text(ph.box)}{note}")
    return rows


def export(out: Path) -> Path:
    """Write the built-in 16:9 reference template to ``out`` and return ``out``.

    A name ending in .potx gets a PowerPoint template, anything else a .pptx. Raises
    TemplateError when ``out`` cannot be written.
    """
    data = reference_path().read_bytes()
    if out.suffix.lower() == ".potx":
        data = _swap_content_type(data, CT_PRESENTATION, CT_TEMPLATE)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise TemplateError(f"{out}: cannot write the template: {exc.strerror}") from exc
    return out


def with_template(
    plan: DeckPlan,
    template: Path | None = None,
    overrides: Sequence[Override] = (),
    source: SourceText | None = None,
    template_loc: Location | None = None,
) -> DeckPlan:
    """Return ``plan`` drawn on ``template`` (else the plan's own): its theme read from it.

    ``overrides`` is the deck's ``layouts:`` map. A plan with neither a template nor overrides
    is returned as it is (the built-in theme). Raises TemplateError; problems about the deck's
    ``template:`` key point at ``template_loc``.
    """
    path = template or plan.template
    if path is None and not overrides:
        return plan
    try:
        theme = theme_from_template(path or reference_path(), overrides, source)
    except TemplateError as exc:
        if template is None and template_loc is not None:
            exc = TemplateError(
                [
                    _problem(p.message, template_loc, "template", source) if p.loc is None else p
                    for p in exc.problems
                ]
            )
        raise exc from None
    return replace(plan, template=path, theme=theme)
