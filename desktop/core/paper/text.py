"""Turning user text into something ReportLab prints exactly as typed.

- `Paragraph` parses XML-like markup, so `<`, `>` and `&` are escaped: `a<b`, `<b>` and `&amp;`
  print as typed instead of breaking the export or turning bold.
- Long unbroken words (URLs, hashes, a 300-letter word) are broken at the line width by the
  paragraph style's `splitLongWords`, which adds no characters; every style in `styles.py` sets it.
  Text drawn straight on the canvas (running header) is shortened to fit with an ellipsis instead;
  the body always holds the full text.
- Characters the shipped fonts cannot draw would print as nothing. They print as a readable
  stand-in: emoji and other symbols by their Unicode name (`[thumbs up sign]`, flags as
  `[flag FR]`), other characters by code point (`[U+4E2D]` for CJK, which DejaVu Sans lacks).
  Characters beyond the Basic Multilingual Plane always get a stand-in, because ReportLab writes
  their text layer incorrectly (copy and paste from the PDF would lose them). Joiners, variation
  selectors and skin-tone modifiers only change how an emoji looks, and are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core.paper.fonts import register_fonts

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_FLAG = re.compile(r"([\U0001F1E6-\U0001F1FF])([\U0001F1E6-\U0001F1FF])")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_IGNORABLE = (
    {0x200D, 0xE0001}
    | set(range(0xFE00, 0xFE10))  # variation selectors (text or emoji presentation)
    | set(range(0x1F3FB, 0x1F400))  # skin-tone modifiers
    | set(range(0xE0020, 0xE0080))  # tag characters (subdivision flags)
)


def _flag(match: re.Match) -> str:
    letters = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in match.groups())
    return f"[flag {letters}]"


def _stand_in(char: str) -> str:
    code = ord(char)
    if code in _IGNORABLE:
        return ""
    name = unicodedata.name(char, "")
    if name and (unicodedata.category(char).startswith("S") or code > 0xFFFF):
        return f"[{name.lower()}]"
    return f"[U+{code:04X}]"


def printable(text: object) -> str:
    """Plain text the fonts can draw: newlines normalised, control characters gone, stand-ins."""
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _CONTROL.sub("", text)
    if text.isascii():
        return text
    coverage = register_fonts()
    text = _FLAG.sub(_flag, text)
    if all(ord(c) <= 0xFFFF and ord(c) in coverage for c in text if not c.isascii()):
        return text
    return "".join(
        c if c.isascii() or (ord(c) <= 0xFFFF and ord(c) in coverage) else _stand_in(c) for c in text
    )


def markup(text: object) -> str:
    """Paragraph markup for one piece of user text; line breaks are kept."""
    return escape(printable(text).strip()).replace("\n", "<br/>")


def paragraphs(text: object) -> list[str]:
    """Paragraph markup per paragraph (split at blank lines), so long notes flow across pages."""
    body = printable(text).strip()
    if not body:
        return []
    return [escape(p.strip()).replace("\n", "<br/>") for p in _BLANK_LINES.split(body) if p.strip()]


def one_line(text: object) -> str:
    """User text squeezed onto one line (for table cells and headings)."""
    return " ".join(printable(text).split())


def shorten(text: object, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, with an ellipsis when cut."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def fit_width(text: object, font: str, size: float, width: float) -> str:
    """One line of plain text no wider than `width` points (for text drawn on the canvas)."""
    line = one_line(text)
    if stringWidth(line, font, size) <= width:
        return line
    low, high = 0, len(line)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(line[:mid].rstrip() + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return line[:low].rstrip() + "…"
