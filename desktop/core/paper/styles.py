"""The look of every export: named paragraph styles, colours and table styles, defined once.

Every style uses the shipped DejaVu family (so any text prints) and `splitLongWords`, so a
300-letter word or a long URL breaks at the line width instead of running off the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import TableStyle

from desktop.core.paper.fonts import BOLD, ITALIC, REGULAR, register_fonts

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#2f5d8a")
RULE = colors.HexColor("#c5ccd3")
FAINT_RULE = colors.HexColor("#dde2e7")
SHADE = colors.HexColor("#f1f4f7")
HEADER_FILL = colors.HexColor("#e4eaf0")

RECOMMENDATION_COLOURS = {
    "strong_no": colors.HexColor("#9b2c2c"),
    "no": colors.HexColor("#c05621"),
    "yes": colors.HexColor("#2f855a"),
    "strong_yes": colors.HexColor("#22543d"),
}


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head_cell: ParagraphStyle
    note: ParagraphStyle
    check: ParagraphStyle
    badge: ParagraphStyle
    question: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    register_fonts()
    base = getSampleStyleSheet()["Normal"]

    def style(name: str, **kw) -> ParagraphStyle:
        kw.setdefault("fontName", REGULAR)
        kw.setdefault("fontSize", 9.5)
        kw.setdefault("leading", kw["fontSize"] * 1.32)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, parent=base, splitLongWords=1, allowWidows=0, **kw)

    return Styles(
        title=style("DeskTitle", fontName=BOLD, fontSize=20, leading=24, spaceAfter=2),
        subtitle=style("DeskSubtitle", fontSize=10.5, textColor=MUTED, spaceAfter=10),
        h1=style("DeskH1", fontName=BOLD, fontSize=13, leading=16, spaceBefore=12, spaceAfter=6,
                 textColor=ACCENT),
        h2=style("DeskH2", fontName=BOLD, fontSize=10.5, leading=13.5, spaceAfter=2),
        body=style("DeskBody", spaceAfter=4),
        small=style("DeskSmall", fontSize=8, leading=10.5),
        muted=style("DeskMuted", fontSize=8.5, textColor=MUTED, spaceAfter=3),
        label=style("DeskLabel", fontName=BOLD, fontSize=7.5, leading=9.5, textColor=MUTED),
        cell=style("DeskCell", fontSize=8.5, leading=11),
        cell_bold=style("DeskCellBold", fontName=BOLD, fontSize=8.5, leading=11),
        cell_right=style("DeskCellRight", fontSize=8.5, leading=11, alignment=TA_RIGHT),
        head_cell=style("DeskHeadCell", fontName=BOLD, fontSize=8, leading=10, alignment=TA_LEFT),
        note=style("DeskNote", fontSize=9, leading=12.5, spaceAfter=4),
        check=style("DeskCheck", fontSize=9, leading=12.5, leftIndent=15, bulletIndent=0,
                    bulletFontName=REGULAR, bulletFontSize=9.5, spaceAfter=1.5),
        badge=style("DeskBadge", fontName=BOLD, fontSize=14, leading=17, textColor=colors.white),
        # The question number hangs in the margin, the prompt wraps beside it.
        question=style("DeskQuestion", fontName=BOLD, fontSize=10.5, leading=14, leftIndent=9 * mm,
                       bulletIndent=0, bulletFontName=BOLD, bulletFontSize=10.5, spaceAfter=2,
                       textColor=INK),
    )


def italic(s: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(s.name + "Italic", parent=s, fontName=ITALIC)


def grid_table_style(header_rows: int = 1, zebra: bool = True, rows: int = 0) -> TableStyle:
    """Header row shaded, hairline rules between rows, nothing boxed in heavily."""
    commands = [
        # Plain-string cells (numbers, short labels) are cheaper than Paragraphs: same look.
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), BOLD),
        ("FONTSIZE", (0, 0), (-1, header_rows - 1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, FAINT_RULE),
    ]
    if zebra:
        for row in range(header_rows + 1, rows, 2):
            commands.append(("BACKGROUND", (0, row), (-1, row), SHADE))
    return TableStyle(commands)
