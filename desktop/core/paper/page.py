"""The page every export prints on: size, margins, running header and footer, page numbers.

The header and footer are drawn in `onFirstPage`/`onLaterPages` inside saveState/restoreState.
"Page N of M" needs the total, known only at the end, so the canvas keeps each page and stamps
the numbers when the document is saved. A document can change what the following pages carry
(the seal of the scorecard being printed) with a `RunningChange` placed just before a page break:
the header and footer are drawn when a page begins.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from io import BytesIO
from typing import Callable

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from desktop.core.paper.fonts import BOLD, REGULAR, register_fonts
from desktop.core.paper.styles import INK, MUTED, RULE
from desktop.core.paper.text import fit_width

# ASCII85 only keeps streams 7-bit clean, which nobody needs; in pure Python it costs a third
# of a debrief's build time. Binary (zlib only) streams are standard and smaller.
rl_config.useA85 = 0

PAGE_SIZES = {"a4": A4, "letter": LETTER}
SIDE_MARGIN = 18 * mm
TOP_MARGIN = 22 * mm
BOTTOM_MARGIN = 22 * mm
_FOOTER_SIZE = 7
_ALARM = HexColor("#b00020")
# ReportLab keeps per-document font subsetting state on the shared font objects: two exports
# laid out at once on two worker threads must not interleave.
_layout_lock = threading.Lock()


def page_size(name: str) -> tuple[float, float]:
    try:
        return PAGE_SIZES[name.lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"unknown page size {name!r}: use a4 or letter") from None


@dataclass
class RunningText:
    """What is printed around the body: header left and right, footer lines (e.g. the seal)."""

    header: str
    header_right: str = ""
    footer: list[str] = field(default_factory=list)


class RunningChange(Flowable):
    """Invisible; pages begun after it carry this header right side and these footer lines."""

    def __init__(self, footer: list[str], header_right: str | None = None):
        super().__init__()
        self.footer, self.header_right = list(footer), header_right

    def wrap(self, *_):
        return 0, 0

    def draw(self) -> None:
        pass


def _same(text: str) -> str:
    return text


class _Document(SimpleDocTemplate):
    def __init__(self, buffer, running: RunningText, hide: Callable[[str], str] = _same, **kw):
        super().__init__(buffer, **kw)
        self.running = running
        self.hide = hide

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, RunningChange):
            self.running.footer = flowable.footer
            if flowable.header_right is not None:
                self.running.header_right = flowable.header_right


class _NumberedCanvas(Canvas):
    """Holds every page until save, then stamps "Page N of M" on each."""

    def __init__(self, *args, **kwargs):
        # Every page's preamble selects an initial font; ReportLab's default is Helvetica,
        # which a PDF then declares without embedding it. Start in our own embedded font.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont(REGULAR, _FOOTER_SIZE + 0.5)
            self.setFillColor(MUTED)
            self.drawRightString(width - SIDE_MARGIN, BOTTOM_MARGIN - 9 * mm, f"Page {number} of {total}")
            Canvas.showPage(self)
        Canvas.save(self)


def _decorate(canvas: Canvas, doc: _Document) -> None:
    running, hide = doc.running, doc.hide
    width, height = doc.pagesize
    usable = width - 2 * SIDE_MARGIN
    canvas.saveState()
    top = height - TOP_MARGIN + 8 * mm
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 8)
    # The title gets up to 60% of the line; the right side (who, role) takes what is left.
    left = fit_width(hide(running.header), BOLD, 8, usable * 0.6)
    left_width = canvas.stringWidth(left, BOLD, 8)
    right = fit_width(hide(running.header_right), REGULAR, 8, usable - left_width - 16)
    canvas.drawString(SIDE_MARGIN, top, left)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - SIDE_MARGIN, top, right)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(SIDE_MARGIN, top - 2.5 * mm, width - SIDE_MARGIN, top - 2.5 * mm)

    bottom = BOTTOM_MARGIN - 6 * mm
    canvas.line(SIDE_MARGIN, bottom, width - SIDE_MARGIN, bottom)
    canvas.setFont(REGULAR, _FOOTER_SIZE)
    y = bottom - 3 * mm
    for line in running.footer[:2]:
        line = hide(line)
        alarm = line.startswith("SEAL BROKEN")  # paper/common.py: a broken seal prints red and bold
        canvas.setFont(BOLD if alarm else REGULAR, _FOOTER_SIZE)
        canvas.setFillColor(_ALARM if alarm else MUTED)
        canvas.drawString(SIDE_MARGIN, y, fit_width(line, BOLD if alarm else REGULAR, _FOOTER_SIZE, usable - 60))
        y -= _FOOTER_SIZE + 2.5
    canvas.restoreState()


def render(flowables: list, running: RunningText, *, size: str, title: str, subject: str = "",
           hide: Callable[[str], str] = _same) -> bytes:
    """Lay the flowables out on pages of `size` ("a4" or "letter"); returns the PDF bytes.

    `hide` is applied to everything printed around the body and to the PDF's metadata (title,
    subject, author, keywords): an anonymous export passes `common.name_filter`."""
    register_fonts()
    buffer = BytesIO()
    doc = _Document(
        buffer,
        running,
        hide,
        pagesize=page_size(size),
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=hide(title),
        subject=hide(subject),
        author=hide("Interview Desk"),
        creator="Interview Desk",
        keywords="",
    )
    with _layout_lock:
        doc.build(flowables, onFirstPage=_decorate, onLaterPages=_decorate, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def usable_width(size: str) -> float:
    return page_size(size)[0] - 2 * SIDE_MARGIN
