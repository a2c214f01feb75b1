"""Presentations Podium did not write, made the way other tools make them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

#: Texts of the python-pptx deck that a person would look for in the imported deck.
PLAIN_TEXTS = (
    "Field Notes from Bangladesh",
    "A lecture made with python-pptx",
    "Why local governance",
    "Strong line ministries",
    "weak local government",
    "Unions and upazilas",
    "Ward committees",
    "Read the World Bank strategy",
    "Questions to ask the room",
    "Who decides on the budget?",
    "Hidden backup slide",
    "Only for questions",
    "Aid by year",
    "Year",
    "Aid (bn USD)",
    "2006",
    "1.2",
    "Donor shares",
    "World Bank",
    "Japan",
    "A map of the divisions",
    "A free text box with a remark",
    "Grouped label one",
    "Grouped label two",
    "Part II: Peacebuilding",
    "Ask who has worked in the field.",
)


def make_image(path: Path, colour: tuple[int, int, int] = (60, 140, 90)) -> Path:
    Image.new("RGB", (64, 48), colour).save(path)
    return path


def python_pptx_deck(folder: Path) -> Path:
    """Write lecture.pptx on python-pptx's default template: title, nested bullets with bold,
    italic and a link, notes, a hidden slide, a table, a chart, pictures with and without alt
    text, a free text box, a group, and a section header."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = Presentation()
    layouts = prs.slide_layouts
    s = prs.slides.add_slide(layouts[0])
    s.shapes.title.text = "Field Notes from Bangladesh"
    s.placeholders[1].text = "A lecture made with python-pptx"

    s = prs.slides.add_slide(layouts[1])
    s.shapes.title.text = "Why local governance"
    tf = s.placeholders[1].text_frame
    tf.text = "Strong line ministries, "
    run = tf.paragraphs[0].add_run()
    run.text = "weak local government"
    run.font.bold = True
    p = tf.add_paragraph()
    p.text = "Unions and upazilas"
    p.level = 1
    p = tf.add_paragraph()
    p.text = "Ward committees"
    p.level = 2
    p = tf.add_paragraph()
    run = p.add_run()
    run.text = "Read the World Bank strategy"
    run.font.italic = True
    run.hyperlink.address = "https://www.worldbank.org/en/country/bangladesh"
    s.notes_slide.notes_text_frame.text = "Ask who has worked in the field."

    s = prs.slides.add_slide(layouts[1])
    s.shapes.title.text = "Questions to ask the room"
    s.placeholders[1].text = "Who decides on the budget?"
    box = s.shapes.add_textbox(Inches(6), Inches(6), Inches(3), Inches(0.5))
    box.text_frame.text = "A free text box with a remark"
    group = s.shapes.add_group_shape()
    for k, label in enumerate(("Grouped label one", "Grouped label two")):
        shape = group.shapes.add_textbox(Inches(1 + 3 * k), Inches(6.5), Inches(2), Inches(0.4))
        shape.text_frame.text = label

    s = prs.slides.add_slide(layouts[1])
    s.shapes.title.text = "Hidden backup slide"
    s.placeholders[1].text = "Only for questions"
    s._element.set("show", "0")

    s = prs.slides.add_slide(layouts[5])
    s.shapes.title.text = "Aid by year"
    table = s.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(1.5)).table
    for r, row in enumerate((("Year", "Aid (bn USD)"), ("2006", "1.2"), ("2007", "1.4"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text

    s = prs.slides.add_slide(layouts[5])
    s.shapes.title.text = "Donor shares"
    data = CategoryChartData()
    data.categories = ["World Bank", "Japan", "ADB"]
    data.add_series("2006", (40, 35, 25))
    s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1.5), Inches(8), Inches(5), data
    )

    s = prs.slides.add_slide(layouts[5])
    s.shapes.title.text = "A map of the divisions"
    picture = s.shapes.add_picture(str(make_image(folder / "map.png")), Inches(2), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "Map of Bangladesh's divisions")

    s = prs.slides.add_slide(layouts[6])
    s.shapes.add_picture(str(make_image(folder / "photo.png", (200, 80, 40))), Inches(1), Inches(1))

    s = prs.slides.add_slide(layouts[2])
    s.shapes.title.text = "Part II: Peacebuilding"
    s.placeholders[1].text = "Need for an integrated approach"
    s = prs.slides.add_slide(layouts[1])
    s.shapes.title.text = "Distinct challenge"
    s.placeholders[1].text = "Peacebuilding situation: weak state security"

    path = folder / "lecture.pptx"
    prs.save(str(path))
    return path


def pandoc_deck(source: Path, folder: Path) -> Path:
    """Convert Markdown to .pptx with Debian's pandoc."""
    assert shutil.which("pandoc"), "pandoc is not installed (make test installs it)"
    out = folder / (source.stem.split(".")[0] + "-pandoc.pptx")
    subprocess.run(
        ["pandoc", str(source), "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
        cwd=source.parent,
    )
    return out


def libreoffice_deck(pptx: Path, folder: Path) -> Path:
    """Return ``pptx`` after LibreOffice has written it: to .odp and back to .pptx."""
    assert shutil.which("soffice"), "LibreOffice is not installed (make test installs it)"
    profile = (folder / "lo-profile").as_uri()
    odp_dir, back_dir = folder / "odp", folder / "back"
    for fmt, src, out in (
        ("odp", pptx, odp_dir),
        ("pptx", odp_dir / (pptx.stem + ".odp"), back_dir),
    ):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return back_dir / (pptx.stem + ".pptx")
