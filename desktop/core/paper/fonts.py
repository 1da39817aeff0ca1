"""The TrueType fonts shipped in resources/fonts, registered once with ReportLab.

ReportLab's built-in Helvetica only knows Latin-1; DejaVu Sans prints accents, Greek,
Cyrillic, dashes, quotes, arrows and many symbols. `covers(char)` tells the text helpers
which characters the fonts cannot draw, so they can print a readable stand-in instead.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.tables import CellStyle
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.storage import paths

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FAMILY = REGULAR

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()  # exports run on worker threads


class FontMissing(RuntimeError):
    """The shipped fonts are not where the app expects them (a broken install)."""


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register the family (idempotent, thread safe); returns the code points every face can draw."""
    with _lock:
        folder = paths.resources_dir() / "fonts"
        coverage: frozenset[int] | None = None
        for name, filename in _FILES.items():
            path = folder / filename
            if not path.is_file():
                raise FontMissing(f"font file missing: {path}")
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            chars = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
            coverage = chars if coverage is None else coverage & chars
        # <b> and <i> in Paragraph markup pick the right face; bold italic falls back to bold.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD)
        # A table cell that holds no Paragraph (an empty one) is drawn in CellStyle's font,
        # Helvetica by default, which the PDF would then declare without embedding it.
        CellStyle.fontname = REGULAR
        return coverage or frozenset()


def covers(code_point: int) -> bool:
    return code_point in register_fonts()
