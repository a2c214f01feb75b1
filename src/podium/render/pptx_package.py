"""The package-level parts of a PowerPoint file: sections, core properties, language, zip."""

from __future__ import annotations

import datetime as dt
import functools
import io
import uuid
import zipfile

from lxml import etree
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT

from podium.plan.markup import plain
from podium.plan.types import MAX_CORE_PROPERTY, DeckPlan

#: qn with its answers kept: the writer asks for the same few tags on every slide.
_qn = functools.cache(qn)


P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


#: The p:ext uri PowerPoint files carry their section list under.
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


#: Namespace for the deterministic section GUIDs (uuid5), so the same deck gets the same ids.
GUID_NS = uuid.UUID("6f0c1e9a-3c55-4a57-9d1b-5b6c6f9d2a10")


#: Zip timestamps cannot go below 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


#: PowerPoint's spelling and font fallback want a region: bare BCP 47 languages get the usual one.
_LANG_REGIONS = {
    "ar": "ar-SA", "ca": "ca-ES", "cs": "cs-CZ", "da": "da-DK", "de": "de-DE", "el": "el-GR",
    "en": "en-US", "es": "es-ES", "et": "et-EE", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL",
    "hi": "hi-IN", "hr": "hr-HR", "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT",
    "ja": "ja-JP", "ko": "ko-KR", "lt": "lt-LT", "lv": "lv-LV", "nb": "nb-NO", "nl": "nl-NL",
    "nn": "nn-NO", "no": "nb-NO", "pl": "pl-PL", "pt": "pt-BR", "ro": "ro-RO", "ru": "ru-RU",
    "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-Latn-RS", "sv": "sv-SE", "th": "th-TH",
    "tr": "tr-TR", "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}  # fmt: skip


def office_lang(tag: str) -> str:
    """Return the language tag PowerPoint expects: 'en' -> 'en-US'; tags with a region as given."""
    return _LANG_REGIONS.get(tag.lower(), tag) if tag else "en-US"


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """Return the zip ``data`` re-written with every entry stamped ``when`` (taken as UTC).

    python-pptx stamps zip entries with the local clock; this makes the bytes depend only on
    the content, whatever the time, time zone or hash seed.
    """
    stamp = zip_stamp(when)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():  # python-pptx's order: [Content_Types].xml first
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info.filename))
    return out.getvalue()


def zip_stamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """Return the zip date_time for ``when`` (taken as UTC), no earlier than 1980."""
    stamp = max(_utc_naive(when), _ZIP_EPOCH).timetuple()
    return (stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5])


def _utc_naive(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when


def set_sections(prs: PresentationT, plan: DeckPlan) -> None:
    """Write PowerPoint's section list; slides before the first section get an opening one."""
    if not plan.sections:
        return
    slide_ids = [slide.slide_id for slide in prs.slides]
    ordered = sorted(enumerate(plan.sections), key=lambda item: (item[1].first, item[0]))
    opening = ordered[0][1].first > 0
    opening_name = plain(plan.title) or "Introduction"
    groups: list[tuple[str, list[int]]] = [(opening_name, [])] if opening else []
    groups += [(plain(section.title), []) for _k, section in ordered]
    starts = [section.first for _k, section in ordered]
    for index, slide_id in enumerate(slide_ids):
        # Each slide belongs to the last section starting at or before it (or to the opening
        # one): every slide is listed exactly once, as PowerPoint requires.
        k = sum(1 for start in starts if start <= index) - 1
        groups[max(0, k + int(opening))][1].append(slide_id)

    pres = prs.part._element
    ext_list = pres.find(_qn("p:extLst"))
    if ext_list is None:
        ext_list = etree.SubElement(pres, _qn("p:extLst"))
    for ext in ext_list.findall(_qn("p:ext")):
        if ext.get("uri") == SECTIONS_URI:
            ext_list.remove(ext)
    ext = etree.SubElement(ext_list, _qn("p:ext"), uri=SECTIONS_URI)
    section_list = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for k, (name, members) in enumerate(groups):
        guid = uuid.uuid5(GUID_NS, f"{plan.name}\x00{k}\x00{name}")
        section = etree.SubElement(
            section_list, f"{{{P14}}}section", name=name, id=f"{{{str(guid).upper()}}}"
        )
        ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
        for slide_id in members:
            etree.SubElement(ids, f"{{{P14}}}sldId", id=str(slide_id))


def set_default_lang(prs: PresentationT, lang: str) -> None:
    """Make text a lecturer types later in PowerPoint default to the deck's language."""
    style = prs.part._element.find(_qn("p:defaultTextStyle"))
    if style is None:
        return
    for rPr in style.iter(_qn("a:defRPr")):
        if rPr.get("lang") is not None:
            rPr.set("lang", lang)


def set_core_properties(prs: PresentationT, plan: DeckPlan, lang: str) -> None:
    props = prs.core_properties
    props.title = plain(plan.title)[:MAX_CORE_PROPERTY]  # the plan warned
    props.author = plain(plan.author)[:MAX_CORE_PROPERTY]
    props.subject = plain(plan.subtitle)[:MAX_CORE_PROPERTY]
    props.language = lang
    props.keywords = props.category = props.comments = ""
    props.content_status = props.identifier = props.version = ""
    props.last_modified_by = "Podium"
    props.revision = 1
    props.created = props.modified = _utc_naive(plan.created)
    # A template's "last printed" date is not this deck's.
    for printed in props._element.findall(_qn("cp:lastPrinted")):
        props._element.remove(printed)
