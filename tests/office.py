"""LibreOffice headless as a test client: convert .pptx files to PDF and read them back."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path


def to_pdf(files: Sequence[Path], out: Path, timeout: int = 600) -> list[Path]:
    """Convert .pptx files to PDF in ``out`` with one LibreOffice start and a private profile.

    A private profile lets several conversions run at once without fighting over the user's.
    """
    assert shutil.which("soffice"), "LibreOffice is not installed (make test installs it)"
    assert shutil.which("pdftotext"), "poppler-utils is not installed (make test installs it)"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(out / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return [out / (f.stem + ".pdf") for f in files]


def pdf_text(pdf: Path, *options: str) -> str:
    """Return the text pdftotext reads from ``pdf`` (``-layout`` etc. as options)."""
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(pdf: Path) -> int:
    """Return the page count pdfinfo reports."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])
