"""Make python-pptx 1.0.2 build in linear time: running caches instead of whole-package scans.

Stock python-pptx walks the whole package graph whenever it names a new part (a notes slide, an
image, a chart), looks an image up by its SHA-1, or adds a slide (a scan of every presentation
relationship and of every slide id). A deck of n slides with notes therefore costs O(n²).

``scoped()`` replaces those scans, while Podium renders, with an index of the package's reachable
parts, built by one walk and then kept up to date as relationships are added; only packages
Podium opened (``adopt()``) are indexed, others get stock's code even meanwhile, and when the
last render leaves, python-pptx is stock again. ``install()`` patches for the whole process and
every package (tests, benchmarks). Every answer is the one stock would give, so the output is
byte-identical (tests/render/test_fastpatch.py checks it):

- the index follows python-pptx's own rule, "a part exists if the package graph reaches it",
  by watching every relationship added from a reachable part;
- anything it cannot follow cheaply (an internal relationship removed, a part renamed, an image's
  bytes replaced) throws the index away, and the next question walks the package again;
- two images with the same bytes are resolved by stock code, because package order decides.

The patch touches private python-pptx code, so it is pinned: on any version but PINNED,
``install()`` changes nothing and warns once. No library exists for this (python-pptx issue #644,
PR #646 unmerged), hence the hand-written code.
"""

from __future__ import annotations

import functools
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from podium.render.fastpatch_index import (
    INDEX_ATTR,
    OWNER_ATTR,
    Index,
    forget,
    indexes,
    package_index,
)

#: The python-pptx version whose private code this module was written against and tested on.
PINNED = "1.0.2"

_NEXT_ID = "_podium_fastpatch_next_id"  # on a Slides: (next slide id, children of sldIdLst)
_PREPARED = "_podium_fastpatch_prepared"  # on a Package: layout part -> its placeholders
_NOTES = "_podium_fastpatch_notes"  # on a Package: its first notes slide, before any text
_ADOPTED = "_podium_fastpatch_adopted"  # on a Package Podium opened: index it

_MAX_SLIDE_ID = 2147483647

#: (owner class or module, attribute name) -> the stock attribute, while installed.
_originals: dict[tuple[Any, str], Any] = {}
_warned = False
#: install() was called: every package is indexed, not only adopted ones, until uninstall().
_everywhere = False
#: Renders inside scoped() now, and whether the first of them installed the patch.
_users = 0
_scope_installed = False
_lock = threading.RLock()
_cached_qn: Any = None


def installed() -> bool:
    """Return whether the patch is in place."""
    return bool(_originals)


def install() -> bool:
    """Patch python-pptx for the whole process and every package; return whether it is patched.

    Safe to call many times. On a python-pptx version other than PINNED nothing is changed, a
    RuntimeWarning is issued (once per process) and False is returned: builds are then correct
    but quadratic in the number of slides.
    """
    global _everywhere
    with _lock:
        done = _install()
        _everywhere = _everywhere or done
        return done


@contextmanager
def scoped() -> Iterator[bool]:
    """Patch python-pptx while the block runs, for packages passed to adopt(); say whether.

    Blocks may run in several threads at once: the last to leave restores stock python-pptx
    (unless install() had patched it for the whole process).
    """
    global _users, _scope_installed
    with _lock:
        if _users == 0:
            _scope_installed = not _originals
        done = _install()
        _users += 1
    try:
        yield done
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _scope_installed:
                _uninstall()
                _scope_installed = False


def adopt(package: Any) -> None:
    """Index ``package`` (a python-pptx Package) while the patch is in place."""
    package.__dict__[_ADOPTED] = True


def _indexed(package: Any) -> bool:
    return _everywhere or bool(package.__dict__.get(_ADOPTED))


def _stock(owner: Any, name: str) -> Any:
    # After uninstall() (a call that began just before it) the class has stock's again.
    return _originals.get((owner, name)) or getattr(owner, name)


def _install() -> bool:
    global _warned, _cached_qn
    if _originals:
        return True
    import pptx

    version = getattr(pptx, "__version__", "unknown")
    if version != PINNED:
        if not _warned:
            _warned = True
            warnings.warn(
                f"podium.render.fastpatch is written for python-pptx {PINNED}, found {version}: "
                "building with stock python-pptx, which is slow for decks of many slides",
                RuntimeWarning,
                stacklevel=2,
            )
        return False

    from pptx.opc.package import OpcPackage, Part, _Relationships
    from pptx.oxml.xmlchemy import BaseOxmlElement
    from pptx.package import Package, _ImageParts
    from pptx.parts.presentation import PresentationPart
    from pptx.parts.slide import SlidePart
    from pptx.slide import Slides

    stock_find = _ImageParts._find_by_sha1

    def find_by_sha1(self: Any, sha1: str) -> Any:
        if not _indexed(self._package):
            return stock_find(self, sha1)
        found = package_index(self._package).image_parts_by_sha1().get(sha1)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return stock_find(self, sha1)  # same bytes twice: the first in package order wins

    patches: list[tuple[Any, str, Any]] = [
        (OpcPackage, "next_partname", _next_partname),
        (Package, "next_image_partname", _next_image_partname),
        (_ImageParts, "_find_by_sha1", find_by_sha1),
        (PresentationPart, "add_slide", _presentation_add_slide),
        (Slides, "add_slide", _slides_add_slide),
        (SlidePart, "_add_notes_slide_part", _add_notes_slide_part),
        (
            _Relationships,
            "_add_relationship",
            _wrap_add_relationship(_Relationships._add_relationship),
        ),
        (_Relationships, "pop", _wrap_pop(_Relationships.pop)),
        (_Relationships, "load_from_xml", _wrap_forget(_Relationships.load_from_xml)),
        (Part, "partname", _watched_property(Part.__dict__["partname"], _forget_part)),
        (Part, "blob", _watched_property(Part.__dict__["blob"], _forget_image)),
        (BaseOxmlElement, "xpath", _xpath),
    ]
    # qn("p:sp") parses its argument on every call, and python-pptx's element classes call
    # it for every child they look up or add: answer each tag once. Modules imported later
    # keep stock qn, which gives the same answers.
    from pptx.oxml import ns

    stock_qn = ns.qn
    cached_qn = _cached_qn = functools.lru_cache(maxsize=4096)(stock_qn)
    for name, module in list(sys.modules.items()):
        if (name == "pptx" or name.startswith("pptx.")) and vars(module).get("qn") is stock_qn:
            patches.append((module, "qn", cached_qn))
    for owner, name, _value in patches:
        _originals[(owner, name)] = owner.__dict__[name]
    for owner, name, value in patches:
        setattr(owner, name, value)
    return True


def save_stamped(prs: Any, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Return ``prs`` saved as a zip whose every member is stamped ``date_time``, mode 0644.

    The bytes are those of ``prs.save`` followed by pptx_package.reproducible_zip, made in one
    pass: each member is compressed once, straight from the part, instead of compressed by
    python-pptx, read back and compressed again. It drives python-pptx's private PackageWriter,
    so only while the patch is installed (on PINNED); raises RuntimeError otherwise.
    """
    if not _originals:
        raise RuntimeError("podium.render.fastpatch is not installed")
    import io
    import zipfile

    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    out = io.BytesIO()
    writer: Any = PackageWriter(out, package._rels, tuple(package.iter_parts()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        stamped = _StampedZip(zf, date_time)
        writer._write_content_types_stream(stamped)  # the order PackageWriter._write uses
        writer._write_pkg_rels(stamped)
        writer._write_parts(stamped)
    return out.getvalue()


class _StampedZip:
    """The one method of python-pptx's _PhysPkgWriter that PackageWriter calls: ``write``."""

    def __init__(self, zf: Any, date_time: tuple[int, int, int, int, int, int]) -> None:
        self.zf = zf
        self.date_time = date_time

    def write(self, pack_uri: Any, blob: bytes) -> None:
        import zipfile

        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.create_system = 3
        entry.external_attr = 0o644 << 16
        self.zf.writestr(entry, blob)


def uninstall() -> None:
    """Restore stock python-pptx (for tests). Indexes already built are never used again."""
    global _everywhere
    with _lock:
        _everywhere = False
        _uninstall()


def _uninstall() -> None:
    stock_qn = None
    for (owner, name), value in _originals.items():
        setattr(owner, name, value)
        if name == "qn":
            stock_qn = value
    _originals.clear()
    # A python-pptx module first imported while patched took the cached qn as its own.
    for module_name, module in list(sys.modules.items()):
        cached = _cached_qn is not None and vars(module).get("qn") is _cached_qn
        if module_name.startswith("pptx") and cached and stock_qn is not None:
            module.qn = stock_qn  # type: ignore[attr-defined]
    for index in list(indexes):
        index.alive = False


# -- the patched methods ------------------------------------------------------------------------


def _next_partname(self: Any, tmpl: str) -> Any:
    """OpcPackage.next_partname: stock's rule (count down from one past the matching names)."""
    from pptx.opc.package import OpcPackage
    from pptx.opc.packuri import PackURI

    if not _indexed(self):
        return _stock(OpcPackage, "next_partname")(self, tmpl)
    index = package_index(self)
    prefix = tmpl[: (tmpl % 42).find("42")]
    for n in range(index.count_prefixed(prefix) + 1, 0, -1):
        candidate = tmpl % n
        if candidate not in index.names:
            return PackURI(candidate)
    raise Exception("ProgrammingError: ran out of candidate_partnames")  # as stock


def _next_image_partname(self: Any, ext: str) -> Any:
    """Package.next_image_partname: the first free image number, as stock picks it."""
    from pptx.opc.packuri import PackURI
    from pptx.package import Package

    if not _indexed(self):
        return _stock(Package, "next_image_partname")(self, ext)
    return PackURI(f"/ppt/media/image{package_index(self).next_image_idx()}.{ext}")


def _presentation_add_slide(self: Any, slide_layout: Any) -> tuple[str, Any]:
    """PresentationPart.add_slide without stock's search for an existing relationship.

    The slide part is new, so nothing can be related to it yet: stock's get_or_add would always
    add, after comparing against every slide already in the deck.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.presentation import PresentationPart
    from pptx.parts.slide import SlidePart

    if not _indexed(self.package):
        return _stock(PresentationPart, "add_slide")(self, slide_layout)  # type: ignore[no-any-return]
    part_class: Any = SlidePart
    slide_part = part_class.new(self._next_slide_partname, self.package, slide_layout.part)
    rId = self.rels._add_relationship(RT.SLIDE, slide_part)
    return rId, slide_part.slide


def _slides_add_slide(self: Any, slide_layout: Any) -> Any:
    """Slides.add_slide remembering the next slide id instead of taking the max of all ids.

    The remembered id is trusted only while the id list still ends with the slide this patch
    added and has the same length; otherwise stock's scan decides.
    """
    from pptx.oxml.ns import qn
    from pptx.slide import Slides

    if not _indexed(self.part.package):
        return _stock(Slides, "add_slide")(self, slide_layout)
    rId, slide = self.part.add_slide(slide_layout)
    package = self.part.package
    if package.__dict__.get(_ADOPTED):  # Podium's own render: each layout cloned once
        _clone_prepared(slide, slide_layout, package.__dict__.setdefault(_PREPARED, {}))
    else:
        slide.shapes.clone_layout_placeholders(slide_layout)
    id_list = self._sldIdLst
    remembered = self.__dict__.get(_NEXT_ID)
    count = len(id_list)
    if (
        remembered is not None
        and remembered[1] == count
        and count > 0
        and id_list[-1].tag == qn("p:sldId")
        and id_list[-1].id == remembered[0] - 1
        and remembered[0] <= _MAX_SLIDE_ID
    ):
        next_id = remembered[0]
    else:
        next_id = id_list._next_id
    id_list._add_sldId(id=next_id, rId=rId)
    self.__dict__[_NEXT_ID] = (next_id + 1, count + 1)
    return slide


def _add_notes_slide_part(self: Any) -> Any:
    """SlidePart._add_notes_slide_part making each notes slide of a package Podium renders as a
    copy of its first, made the stock way.

    Stock python-pptx parses a new notes slide and clones the notes master's placeholders into
    it, one XPath query each; every notes slide starts as the same XML, so a deep copy of the
    first, taken before its text goes in, is that XML. The part is related as stock relates it
    (notes master, slide, then the slide to it): the same package, byte for byte.
    """
    import copy

    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.slide import NotesSlidePart, SlidePart

    package = self.package
    stock = _stock(SlidePart, "_add_notes_slide_part")
    if not package.__dict__.get(_ADOPTED):
        return stock(self)
    prepared = package.__dict__.get(_NOTES)
    if prepared is None:
        part = stock(self)
        package.__dict__[_NOTES] = copy.deepcopy(part._element)
        return part
    part = NotesSlidePart(
        package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
        CT.PML_NOTES_SLIDE,
        package,
        copy.deepcopy(prepared),
    )
    part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
    part.relate_to(self, RT.SLIDE)
    self.relate_to(part, RT.NOTES_SLIDE)
    return part


def _clone_prepared(slide: Any, slide_layout: Any, prepared: dict[Any, list[Any]]) -> None:
    """Give a new slide its layout's placeholders: cloned the stock way on the layout's first
    slide, deep copies of those (as they were before anything was written in them, the same
    XML: shape ids count from the new slide's own) on the later ones."""
    import copy

    tree = slide.shapes._spTree
    shapes = prepared.get(slide_layout.part)
    if shapes is None:
        before = len(tree)
        slide.shapes.clone_layout_placeholders(slide_layout)
        prepared[slide_layout.part] = [copy.deepcopy(el) for el in tree[before:]]
        return
    for el in shapes:
        tree.append(copy.deepcopy(el))


#: One cache per thread, to be safe: a compiled XPath keeps evaluation state (its error log).
_compiled = threading.local()
#: Chart code builds expressions with numbers in them; past this many, start afresh.
_XPATH_CACHE_MAX = 2048


def _xpath(self: Any, xpath_str: str) -> Any:
    """BaseOxmlElement.xpath with each expression compiled once instead of on every call.

    Not a scan, but python-pptx looks placeholders up by XPath many times per slide, and
    compiling is most of the cost. The same expression on the same element: the same result.
    """
    cache: dict[str, Any] | None = getattr(_compiled, "cache", None)
    if cache is None:
        cache = _compiled.cache = {}
    compiled = cache.get(xpath_str)
    if compiled is None:
        if len(cache) >= _XPATH_CACHE_MAX:
            cache.clear()
        from lxml import etree
        from pptx.oxml.ns import _nsmap

        compiled = cache[xpath_str] = etree.XPath(xpath_str, namespaces=_nsmap)
    return compiled(self)


def _wrap_add_relationship(stock: Callable[..., str]) -> Callable[..., str]:
    def add_relationship(self: Any, reltype: str, target: Any, is_external: bool = False) -> str:
        rId = stock(self, reltype, target, is_external)
        owner = self.__dict__.get(OWNER_ATTR)
        if owner is not None and not is_external and owner[0].alive:
            owner[0].related(reltype, target)
        return rId

    return add_relationship


def _wrap_pop(stock: Callable[..., Any]) -> Callable[..., Any]:
    def pop(self: Any, rId: str) -> Any:
        owner = self.__dict__.get(OWNER_ATTR)
        rel = self._rels.get(rId)
        if owner is not None and rel is not None and not rel.is_external:
            forget(owner[0])  # the target may no longer be reachable: walk again when asked
        return stock(self, rId)

    return pop


def _wrap_forget(stock: Callable[..., Any]) -> Callable[..., Any]:
    def forgetting(self: Any, *args: Any, **kwargs: Any) -> Any:
        owner = self.__dict__.get(OWNER_ATTR)
        if owner is not None:
            forget(owner[0])
        return stock(self, *args, **kwargs)

    return forgetting


def _index_of(part: Any) -> Index | None:
    package = getattr(part, "_package", None)
    return None if package is None else package.__dict__.get(INDEX_ATTR)


def _forget_part(part: Any) -> None:
    index = _index_of(part)
    if index is not None and part in index.parts:
        forget(index)  # its old name is still counted


def _forget_image(part: Any) -> None:
    index = _index_of(part)
    if index is not None and part in index.image_part_set:
        forget(index)  # its SHA-1 changes


def _watched_property(stock: property, before_set: Callable[[Any], None]) -> property:
    assert stock.fset is not None
    fset = stock.fset

    def setter(self: Any, value: Any) -> None:
        before_set(self)
        fset(self, value)

    return property(stock.fget, setter, stock.fdel, stock.__doc__)
