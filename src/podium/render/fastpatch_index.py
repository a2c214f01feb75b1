"""The running index behind podium.render.fastpatch: the parts one python-pptx package's graph
reaches, built by one walk and kept up to date as relationships are added."""

from __future__ import annotations

import bisect
import weakref
from typing import Any

INDEX_ATTR = "_podium_fastpatch_index"  # on a Package: its Index
OWNER_ATTR = "_podium_fastpatch_owner"  # on a _Relationships: (Index, source part or None)
_IMAGE_PREFIX = "/ppt/media/image"


class Index:
    """The parts one package's graph reaches, with what the patched lookups ask of them."""

    def __init__(self, package: Any) -> None:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        self.image_reltype: str = RT.IMAGE
        self.alive = True
        self.parts: set[Any] = set()
        self.names: set[str] = set()
        self.prefix_counts: dict[str, int] = {}  # filled per partname template as asked
        self.image_idxs: list[int] = []  # sorted, repeats kept: stock counts each part
        self.image_gap = 0  # image_idxs[:image_gap] is checked to have no gap
        self.image_parts: list[Any] = []  # reached through an image relationship, distinct
        self.image_part_set: set[Any] = set()
        self.by_sha1: dict[str, list[Any]] | None = None  # made on the first lookup
        rels = package._rels
        rels.__dict__[OWNER_ATTR] = (self, None)
        for rel in list(rels.values()):
            if not rel.is_external:
                self.related(rel.reltype, rel.target_part)

    def related(self, reltype: str, target: Any) -> None:
        """Take note of a new relationship, from a reachable part, to ``target``."""
        if reltype == self.image_reltype:
            self._image(target)
        if target not in self.parts:
            self._reach(target)

    def _reach(self, part: Any) -> None:
        stack = [part]
        while stack:
            part = stack.pop()
            if part in self.parts:
                continue
            self.parts.add(part)
            name = part.partname
            self._name(name)
            if name.startswith(_IMAGE_PREFIX) and name.idx is not None:
                # One number per part, not per name, as stock counts them.
                k = bisect.bisect_right(self.image_idxs, name.idx)
                self.image_idxs.insert(k, name.idx)
                # A number inserted below the checked prefix keeps it gap-free (it is no larger
                # than the number it pushes up); one at its edge is checked when next asked.
                if k < self.image_gap:
                    self.image_gap += 1
            rels = part.rels
            rels.__dict__[OWNER_ATTR] = (self, part)
            for rel in rels.values():
                if rel.is_external:
                    continue
                target = rel.target_part
                if rel.reltype == self.image_reltype:
                    self._image(target)
                if target not in self.parts:
                    stack.append(target)

    def _name(self, name: Any) -> None:
        if name in self.names:
            return
        self.names.add(name)
        for prefix in self.prefix_counts:
            if name.startswith(prefix):
                self.prefix_counts[prefix] += 1

    def _image(self, part: Any) -> None:
        if part in self.image_part_set or not hasattr(part, "sha1"):
            return
        self.image_part_set.add(part)
        self.image_parts.append(part)
        if self.by_sha1 is not None:
            self.by_sha1.setdefault(part.sha1, []).append(part)

    def image_parts_by_sha1(self) -> dict[str, list[Any]]:
        if self.by_sha1 is None:
            self.by_sha1 = {}
            for part in self.image_parts:
                self.by_sha1.setdefault(part.sha1, []).append(part)
        return self.by_sha1

    def count_prefixed(self, prefix: str) -> int:
        count = self.prefix_counts.get(prefix)
        if count is None:
            count = self.prefix_counts[prefix] = sum(1 for n in self.names if n.startswith(prefix))
        return count

    def next_image_idx(self) -> int:
        """Return stock's choice: the first gap in the sorted numbers, else one past the end."""
        idxs, k = self.image_idxs, self.image_gap
        while k < len(idxs) and idxs[k] <= k + 1:
            k += 1
        self.image_gap = k
        return k + 1


#: Every index made while patched: uninstalling retires them, since stock code does not keep
#: them up to date.
indexes: weakref.WeakSet[Index] = weakref.WeakSet()


def package_index(package: Any) -> Index:
    index: Index | None = package.__dict__.get(INDEX_ATTR)
    if index is None or not index.alive:
        index = package.__dict__[INDEX_ATTR] = Index(package)
        indexes.add(index)
    return index


def forget(index: Index | None) -> None:
    if index is not None:
        index.alive = False
