"""Save the pictures of a .pptx beside the deck, with their alt text (or a TODO for it)."""

from __future__ import annotations

import re

from podium.importer.media import SHOWN, MediaFiles
from podium.importer.package import to_png
from podium.importer.pptx_shapes import Picture
from podium.importer.writer import SlideOut

_GENERIC_NAME = re.compile(
    r"^(Picture|Image|Grafik|Bild|Imagen|Graphic|Content Placeholder|"
    r"Picture Placeholder|Espace réservé.*|Platzhalter.*)\s*\d*$",
    re.I,
)
#: Alt text that is only the picture's file name (python-pptx and others write it): no alt.
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)$", re.I)


def picture_keys(picture: Picture, number: int, out: SlideOut, media: MediaFiles) -> str:
    """Set ``image`` and ``alt`` (a TODO where the original has no alt text)."""
    where = save_picture(picture, number, media)
    out.keys["image"] = where
    if picture.alt and not _FILE_NAME.match(picture.alt):
        out.keys["alt"] = picture.alt
    else:
        name = picture.name if not _GENERIC_NAME.match(picture.name) else ""
        out.keys["alt"] = name or f"Picture on slide {number}"
        out.comments["alt"] = "TODO: alt text"
        media.report.report(
            number,
            f"a picture without alt text ({where}): describe it in alt:, marked TODO in the deck",
        )
    if picture.cropped:
        media.report.report(
            number,
            f"a cropped picture ({where}): saved whole; crop the file itself if the crop matters",
        )
    return where


def save_picture(picture: Picture, number: int, media: MediaFiles) -> str:
    """Save ``picture`` (converted to PNG where Podium cannot show it); return its path."""
    ext = SHOWN.get(picture.ext)
    blob = picture.blob
    if ext is None:
        converted = to_png(blob)
        if converted is not None:
            blob, ext = converted, "png"
            media.report.report(number, f"a {picture.ext.upper()} picture: converted to PNG")
        else:
            ext = picture.ext
            media.report.report(
                number,
                f"a {picture.ext.upper()} picture cannot be shown by "
                "Podium (PNG, JPEG or GIF): saved as it is; convert "
                "it and change image:",
            )
    return media.add_picture(number, ext, blob)
