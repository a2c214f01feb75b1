"""`podium template inspect` and `export`: a template's layouts, the mapping and its problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from podium.errors import TemplateError
from podium.template.layouts import (
    LAYOUT_TYPES,
    Choice,
    Placeholder,
    Template,
)
from podium.template.look import (
    _Styles,
    _theme,
)
from podium.template.package import (
    CT_PRESENTATION,
    CT_TEMPLATE,
    _swap_content_type,
    damaged,
    reference_path,
)
from podium.template.theme import EMU_PER_INCH, Box

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
    with damaged(path):
        return _report(path, template, overrides)


def _report(path: Path, template: Template, overrides: Mapping[str, str] | None) -> str:
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
        raise TemplateError.at(out, f"cannot write the template: {exc.strerror}") from exc
    return out
