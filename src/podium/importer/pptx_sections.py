"""Group imported slides into sections, with numbered titles, agendas and dividers recognised."""

from __future__ import annotations

import re
from typing import Any

from podium.importer.pptx_slide import ImportedSlide
from podium.importer.pptx_text import P14, q
from podium.importer.report import ImportReport
from podium.importer.writer import SectionOut, SlideOut

#: Section names PowerPoint and LibreOffice give the slides before the first real section.
OPENING_NAMES = {"default section", "untitled section", "introduction"}


def group_sections(
    prs: Any, slides: list[ImportedSlide], meta: dict[str, Any], report: ImportReport
) -> list[SlideOut | SectionOut]:
    """Return the slides grouped into sections, with their keys set."""
    listed = _section_list(prs)
    by_id = {sid: k for k, (_name, ids) in enumerate(listed) for sid in ids}
    items: list[SlideOut | SectionOut] = []
    current: SectionOut | None = None
    current_k = -1
    opening = 0
    if listed and listed[0][0].strip().lower() in OPENING_NAMES | {meta["title"].lower()}:
        opening = 1
    if not listed:
        return sections_by_dividers(slides, meta, report)
    for name, ids in listed:
        if not any(s.sid in ids for s in slides):
            report.report(None, f"section '{name}' has no slides: left out", dropped=True)
    sections: list[SectionOut] = []
    for slide in slides:
        k = by_id.get(slide.sid, current_k if current_k >= 0 else -1)
        if k < opening:
            current = None
            items.append(slide.out)
            continue
        if current is None or k != current_k:
            current = SectionOut(listed[k][0].strip())
            current_k = k
            sections.append(current)
            items.append(current)
            report.keep("section")
        current.slides.append(slide.out)
    numbering(sections, meta)
    agenda(items, sections)
    dividers(sections)
    return items


def sections_by_dividers(
    slides: list[ImportedSlide], meta: dict[str, Any], report: ImportReport
) -> list[SlideOut | SectionOut]:
    """Return slides grouped at section header slides, for a deck without sections."""
    items: list[SlideOut | SectionOut] = []
    current: SectionOut | None = None
    sections: list[SectionOut] = []
    for k, slide in enumerate(slides):
        keys = slide.out.keys
        following = slides[k + 1] if k + 1 < len(slides) else None
        if (
            slide.out.layout == "section"
            and keys.get("title")
            and following is not None
            and following.out.layout != "section"
            and set(keys) <= {"layout", "title", "subtitle"}
        ):
            current = SectionOut(str(keys["title"]), keys={"divider": True})
            if keys.get("subtitle"):
                current.keys = {"summary": keys["subtitle"], "divider": True}
            sections.append(current)
            items.append(current)
            report.keep("section")
            continue
        if current is not None and slide.out.layout != "title":
            current.slides.append(slide.out)
        else:
            current = None
            items.append(slide.out)
    numbering(sections, meta)
    agenda(items, sections)
    return items


def numbering(sections: list[SectionOut], meta: dict[str, Any]) -> None:
    """Recognise titles composed 'Section (n) Title' and turn them back into own titles."""
    verdicts: list[bool | None] = []
    for section in sections:
        name = section.title
        titled = [s for s in section.slides if s.keys.get("title") and s.keys["title"] != name]
        if not titled:
            verdicts.append(None)
            continue
        own: list[str] = []
        prefix = re.escape(name) + (r" \((\d+)\)" if len(titled) > 1 else "()")
        pattern = re.compile(prefix + r"[\n ](.+)", re.S)
        for n, slide in enumerate(titled, start=1):
            m = pattern.fullmatch(str(slide.keys["title"]))
            if m is None or (m[1] and int(m[1]) != n):
                break
            own.append(m[2].strip())
        else:
            for slide, title in zip(titled, own, strict=True):
                slide.keys["title"] = title
            verdicts.append(True)
            continue
        verdicts.append(False)
    for section in sections:
        for slide in section.slides:
            if slide.keys.get("title") == section.title:
                slide.keys.pop("title")  # Podium titles an untitled slide with its section
    if verdicts.count(True) > verdicts.count(False):
        meta["section_titles"] = "numbered"
        for section, verdict in zip(sections, verdicts, strict=True):
            if verdict is False:
                section.keys["numbered"] = False
    else:
        for section, verdict in zip(sections, verdicts, strict=True):
            if verdict:
                section.keys["numbered"] = True


def agenda(items: list[SlideOut | SectionOut], sections: list[SectionOut]) -> None:
    """Recognise an agenda slide listing the sections (and their summaries)."""
    if not sections:
        return
    names = [s.title for s in sections]
    for item in (i for i in items if isinstance(i, SlideOut)):
        bullets = item.keys.get("bullets")
        if item.layout != "bullets" or not bullets or "text" in item.keys:
            continue
        heads = [b.text for b in bullets]
        if any(len(b.children) > 1 or any(c.children for c in b.children) for b in bullets):
            continue
        if len(set(heads)) != len(heads) or not set(heads) <= set(names):
            continue
        order = [names.index(h) for h in heads]
        if order != sorted(order):
            continue
        for section in sections:
            if section.title in heads:
                bullet = bullets[heads.index(section.title)]
                if bullet.children:
                    section.keys["summary"] = bullet.children[0].text
            else:
                section.keys["agenda"] = False
        item.keys = {
            "layout": "agenda",
            **{k: v for k, v in item.keys.items() if k not in ("layout", "bullets")},
        }
        if item.keys.get("title") == "Outline":
            item.keys.pop("title")
        return


def dividers(sections: list[SectionOut]) -> None:
    """Turn a section slide opening its section, titled with it, into ``divider: true``."""
    for section in sections:
        first = section.slides[0] if section.slides else None
        if first is None or first.layout != "section" or len(section.slides) < 2:
            continue
        keys = {k: v for k, v in first.keys.items() if k not in ("layout", "subtitle")}
        if keys.get("title", section.title) != section.title or set(keys) - {"title"}:
            continue
        subtitle = first.keys.get("subtitle")
        summary = section.keys.get("summary")
        if subtitle and summary and subtitle != summary:
            continue
        if subtitle:
            section.keys["summary"] = subtitle
        section.keys["divider"] = True
        section.slides.pop(0)


def _section_list(prs: Any) -> list[tuple[str, list[int]]]:
    """Return the presentation's sections: each name with the ids of its slides."""
    out: list[tuple[str, list[int]]] = []
    for lst in prs.part._element.iter(q(P14, "sectionLst")):
        for section in lst.findall(q(P14, "section")):
            ids = [int(s.get("id", "0")) for s in section.iter(q(P14, "sldId"))]
            out.append((section.get("name", ""), ids))
        break
    return out
