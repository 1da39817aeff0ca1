"""Building blocks shared by the packet, the scorecard and the debrief."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.core.paper.common import RATING_ANCHORS
from desktop.core.paper.fonts import BOLD, REGULAR
from desktop.core.paper.styles import ACCENT, INK, MUTED, RULE, SHADE, styles
from desktop.core.paper.text import fit_width, markup

SHORT_ANCHORS = {1: "No evidence", 2: "Partial", 3: "Solid", 4: "Exceptional"}
UNTICKED = "\u2610"  # ballot box
TICKED = "\u2611"  # ballot box with check


def heading(title: str, subtitle: str, facts: list[tuple[str, str]], width: float) -> list:
    """Title, a muted line under it, then the facts as a boxed two-column grid of label/value."""
    st = styles()
    blank = "_" * 28
    cells = [
        [Paragraph(markup(label).upper(), st.label), Paragraph(markup(value) if value else blank, st.body)]
        for label, value in facts
    ]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:]
    right += [[Paragraph("", st.label), Paragraph("", st.body)]] * (half - len(right))
    rows = [a + b for a, b in zip(left, right)]
    label_w = 26 * mm
    value_w = width / 2 - label_w
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    out = [Paragraph(markup(title), st.title)]
    if subtitle:
        out.append(Paragraph(markup(subtitle), st.subtitle))
    out += [table, Spacer(1, 6 * mm)]
    return out


def check_items(points: list, ticked: set[int] | None = None) -> list[Paragraph]:
    """Rubric points with a box each: empty to tick by hand, or ticked where covered."""
    style = indented(styles().check)
    out = []
    for index, point in enumerate(points):
        box = TICKED if ticked is not None and index in ticked else UNTICKED
        out.append(Paragraph(markup(point), style, bulletText=box))
    return out


def scale_explained() -> Table:
    """The 1–4 scale with its anchors, printed once per document."""
    st = styles()
    rows = [[Paragraph(f"<b>{n}</b>", st.cell), Paragraph(text, st.cell)] for n, text in RATING_ANCHORS.items()]
    table = Table(rows, colWidths=[8 * mm, 70 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


CIRCLED = {1: "\u2460", 2: "\u2461", 3: "\u2462", 4: "\u2463"}


def anchored_scale(scale: dict[int, str], width: float) -> Table:
    """A question's own 1-4 anchors side by side, each under a number to circle."""
    st = styles()
    number = ParagraphStyle("DeskAnchorNumber", parent=st.cell_bold, fontSize=13, leading=15, textColor=ACCENT)
    text = ParagraphStyle("DeskAnchorText", parent=st.cell, fontSize=7.5, leading=9.5)
    cells = [[Paragraph(CIRCLED.get(n, str(n)), number), Paragraph(markup(anchor), text)] for n, anchor in scale.items()]
    slot = width / max(1, len(cells))
    table = Table([[Table([[c[0], c[1]]], colWidths=[7 * mm, slot - 8 * mm]) for c in cells]],
                  colWidths=[slot] * len(cells), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("LINEBEFORE", (1, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
    ]))
    for inner in table._cellvalues[0]:
        inner.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


class RatingScale(Flowable):
    """Four numbers in circles, with their anchors, for the interviewer to circle one."""

    def __init__(self, width: float, selected: int | None = None):
        super().__init__()
        self.width, self.height, self.selected = width, 9 * mm, selected

    def wrap(self, *_):
        return self.width, self.height

    def draw(self) -> None:
        # The blank scale looks the same on every question: draw it once per document as a form.
        c = self.canv
        if self.selected is not None:
            self._draw_scale(c)
            return
        name = f"DeskRatingScale{int(self.width)}"
        if not c.hasForm(name):
            c.beginForm(name, lowerx=0, lowery=0, upperx=self.width, uppery=self.height)
            self._draw_scale(c)
            c.endForm()
        c.doForm(name)

    def _draw_scale(self, c) -> None:
        y = self.height / 2
        c.setFont(BOLD, 7.5)
        c.setFillColor(MUTED)
        c.drawString(0, y - 2.5, "RATING")
        slot = (self.width - 16 * mm) / 4
        for i, (number, anchor) in enumerate(SHORT_ANCHORS.items()):
            x = 16 * mm + i * slot + 3.2 * mm
            chosen = number == self.selected
            c.setStrokeColor(ACCENT if chosen else INK)
            c.setFillColor(ACCENT)
            c.setLineWidth(0.8)
            c.circle(x, y, 3 * mm, stroke=1, fill=1 if chosen else 0)
            c.setFillColor(colors.white if chosen else INK)
            c.setFont(BOLD, 9)
            c.drawCentredString(x, y - 3.2, str(number))
            c.setFont(REGULAR, 7.5)
            c.setFillColor(MUTED)
            c.drawString(x + 4.5 * mm, y - 2.6, fit_width(anchor, REGULAR, 7.5, slot - 9 * mm))


class RuledLines(Flowable):
    """Ruled space for handwritten notes."""

    SPACING = 7.5 * mm

    def __init__(self, width: float, lines: int):
        super().__init__()
        self.width, self.lines = width, lines
        self.height = lines * self.SPACING

    def wrap(self, *_):
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        for i in range(1, self.lines + 1):
            y = self.height - i * self.SPACING
            c.line(0, y, self.width, y)


class Rule(Flowable):
    """A thin horizontal line across the frame, to separate questions."""

    def __init__(self, width: float, colour=RULE, thickness: float = 0.5, space: float = 3 * mm):
        super().__init__()
        self.width, self.colour, self.thickness, self.space = width, colour, thickness, space
        self.height = space

    def wrap(self, *_):
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.height / 2, self.width, self.height / 2)


def question_header(number: int, question, topics: dict[str, str], extra: str = "") -> list[Paragraph]:
    """"3.  Prompt…" with the number hanging, then difficulty · kind · minutes · topics."""
    st = styles()
    facts = [question.difficulty.capitalize(), question.kind.capitalize(), f"{question.minutes} min"]
    names = [topics.get(t, t) for t in question.topics]
    if names:
        facts.append(", ".join(names))
    if extra:
        facts.append(extra)
    return [
        Paragraph(markup(question.prompt), st.question, bulletText=f"{number}."),
        Paragraph(markup("  ·  ".join(facts)), indented(st.muted)),
    ]


def section_label(text: str) -> Paragraph:
    return Paragraph(markup(text).upper(), indented(styles().label, space_before=4))


def bullets(items: list) -> list[Paragraph]:
    st = indented(styles().check)
    return [Paragraph(markup(item), st, bulletText="–") for item in items if str(item).strip()]


_INDENTED: dict[tuple[str, float], ParagraphStyle] = {}


def indented(style: ParagraphStyle, space_before: float = 0) -> ParagraphStyle:
    """The same style pushed right to line up with the prompt beside the hanging number."""
    key = (style.name, space_before)
    if key not in _INDENTED:
        _INDENTED[key] = ParagraphStyle(
            style.name + "Indented", parent=style, leftIndent=style.leftIndent + 9 * mm,
            bulletIndent=style.bulletIndent + 9 * mm,
            spaceBefore=space_before or style.spaceBefore,
        )
    return _INDENTED[key]
