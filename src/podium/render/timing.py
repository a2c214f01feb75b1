"""PowerPoint click animations: the p:timing tree of a slide's steps (ECMA-376 Part 1, 19.5).

The tree is the one PowerPoint itself writes for effects started "On Click": a root time node
(tmRoot) holding the main sequence (mainSeq), and in it one click group per step. A click group
is a par waiting for the click (delay="indefinite") around a par holding the effects; the first
effect of a group is its clickEffect, the others run with it (withEffect). A text shape built
"by paragraph" gets one effect per paragraph (p:txEl/p:pRg st=end=n) and a p:bldP build="p"
entry in the build list, exactly as PowerPoint writes a by-paragraph build, so the Animation
Pane lists each paragraph and a lecturer can edit, reorder or delete them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_P = f"{{{P_NS}}}"

EffectKind = Literal["fade", "appear", "disappear"]
#: preset (presetID, presetClass) of each effect, as PowerPoint's effect gallery numbers them.
_PRESETS: dict[str, tuple[int, str]] = {
    "fade": (10, "entr"),
    "appear": (1, "entr"),
    "disappear": (1, "exit"),
}


@dataclass(frozen=True)
class Effect:
    """One animation of one shape, or of some of its paragraphs.

    paras: the paragraph indexes (0-based) of the shape's text to animate, each its own effect
    as PowerPoint writes a by-paragraph build; empty = the whole shape.
    """

    spid: int
    kind: EffectKind = "fade"
    paras: tuple[int, ...] = ()


#: What one click brings: its effects, started together.
Click = Sequence[Effect]


class _Ids:
    def __init__(self) -> None:
        self.last = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _P + tag, attrs)


def _cond(parent: etree._Element, delay: str, **attrs: str) -> None:
    _el(_el(parent, "stCondLst"), "cond", delay=delay, **attrs)


def _target(parent: etree._Element, spid: int, para: int | None) -> None:
    sp = _el(_el(parent, "tgtEl"), "spTgt", spid=str(spid))
    if para is not None:
        _el(_el(sp, "txEl"), "pRg", st=str(para), end=str(para))


def _set_visibility(
    parent: etree._Element, ids: _Ids, spid: int, para: int | None, value: str, delay: str
) -> None:
    behaviour = _el(_el(parent, "set"), "cBhvr")
    ctn = _el(behaviour, "cTn", id=ids.next(), dur="1", fill="hold")
    _cond(ctn, delay)
    _target(behaviour, spid, para)
    _el(_el(behaviour, "attrNameLst"), "attrName").text = "style.visibility"
    _el(_el(behaviour.getparent(), "to"), "strVal", val=value)


def _effect(
    parent: etree._Element,
    ids: _Ids,
    effect: Effect,
    para: int | None,
    node_type: str,
    group: int,
    fade_ms: int,
) -> None:
    preset, klass = _PRESETS[effect.kind]
    par = _el(parent, "par")
    ctn = _el(
        par,
        "cTn",
        id=ids.next(),
        presetID=str(preset),
        presetClass=klass,
        presetSubtype="0",
        fill="hold",
        grpId=str(group),
        nodeType=node_type,
    )
    _cond(ctn, "0")
    children = _el(ctn, "childTnLst")
    if effect.kind == "disappear":
        _set_visibility(children, ids, effect.spid, para, "hidden", "0")
        return
    _set_visibility(children, ids, effect.spid, para, "visible", "0")
    if effect.kind == "fade":
        behaviour = _el(_el(children, "animEffect", transition="in", filter="fade"), "cBhvr")
        _el(behaviour, "cTn", id=ids.next(), dur=str(fade_ms))
        _target(behaviour, effect.spid, para)


def timing(
    clicks: Sequence[Click],
    text_shapes: Collection[int] = (),
    build_levels: Mapping[int, int] | None = None,
    fade_ms: int = 500,
) -> etree._Element | None:
    """Return the p:timing element that plays ``clicks`` one click after another, or None
    when there is nothing to play.

    text_shapes: ids of the shapes that hold text; only they get a build-list entry (PowerPoint
    requires a bldP to refer to a shape with text). build_levels: the outline level a
    by-paragraph build reveals down to, per shape (1 = first-level paragraphs, the default).
    """
    clicks = [c for c in clicks if c]
    if not clicks:
        return None
    levels = build_levels or {}
    ids = _Ids()
    root = etree.Element(_P + "timing", nsmap={"p": P_NS})
    tm_root = _el(
        _el(_el(root, "tnLst"), "par"),
        "cTn",
        id=ids.next(),
        dur="indefinite",
        restart="never",
        nodeType="tmRoot",
    )
    seq = _el(_el(tm_root, "childTnLst"), "seq", concurrent="1", nextAc="seek")
    main = _el(seq, "cTn", id=ids.next(), dur="indefinite", nodeType="mainSeq")
    steps = _el(main, "childTnLst")
    # grpId ties effects to their build-list entry: one group per shape and effect class.
    groups: dict[tuple[int, str], int] = {}
    builds: dict[tuple[int, int], bool] = {}  # (spid, grpId) -> built by paragraph
    for click in clicks:
        outer = _el(_el(steps, "par"), "cTn", id=ids.next(), fill="hold")
        _cond(outer, "indefinite")
        inner = _el(_el(_el(outer, "childTnLst"), "par"), "cTn", id=ids.next(), fill="hold")
        _cond(inner, "0")
        effects = _el(inner, "childTnLst")
        first = True
        for effect in click:
            klass = _PRESETS[effect.kind][1]
            key = (effect.spid, klass)
            if key not in groups:
                groups[key] = sum(1 for spid, _k in groups if spid == effect.spid)
            group = groups[key]
            if effect.spid in text_shapes:
                builds[(effect.spid, group)] = builds.get((effect.spid, group), False) or bool(
                    effect.paras
                )
            for para in effect.paras or (None,):
                node_type = "clickEffect" if first else "withEffect"
                _effect(effects, ids, effect, para, node_type, group, fade_ms)
                first = False
    prev = _el(_el(seq, "prevCondLst"), "cond", evt="onPrev", delay="0")
    _el(_el(prev, "tgtEl"), "sldTgt")
    nxt = _el(_el(seq, "nextCondLst"), "cond", evt="onNext", delay="0")
    _el(_el(nxt, "tgtEl"), "sldTgt")
    if builds:
        bld_lst = _el(root, "bldLst")
        for (spid, group), by_para in builds.items():
            if by_para:
                attrs = {"spid": str(spid), "grpId": str(group), "uiExpand": "1", "build": "p"}
                if levels.get(spid, 1) > 1:
                    attrs["bldLvl"] = str(levels[spid])
            else:  # the whole shape "as one object", its fill with it
                attrs = {"spid": str(spid), "grpId": str(group), "animBg": "1"}
            _el(bld_lst, "bldP", **attrs)
    return root


def add_timing(sld: etree._Element, element: etree._Element | None) -> None:
    """Put ``element`` (a p:timing) into the slide ``sld`` where the schema wants it: after
    p:clrMapOvr and p:transition, before p:extLst; replace a p:timing already there."""
    for old in sld.findall(_P + "timing"):
        sld.remove(old)
    if element is None:
        return
    ext = sld.find(_P + "extLst")
    if ext is not None:
        ext.addprevious(element)
    else:
        sld.append(element)
