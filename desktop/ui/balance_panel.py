"""Target against actual, per difficulty, topic and competency, as bars a hiring manager reads
at a glance.

Each line: a label, a bar for the actual count, a tick at the target, and "actual / target".
Green when on target, amber when over, red when under, grey with nothing to judge (no target,
or none wanted and none there: "Beginner 0 / 0" is no success). The columns fit any width the
panel gets (at 200% scale too): when a name would not fit beside its bar, each name goes on a
line of its own above its bar (wrapped, never cut); the heading and section titles wrap too. Topics and competencies show their
display names ("RAG and retrieval"), not their ids. For a loop, the panel adds who assesses
which competency, and the loop's coverage of each (two interviewers each).
"""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.building.balance import Balance, Line
from desktop.core.building.service import LoopCoverage
from desktop.ui import theme

ROW_H, SECTION_H, VALUE_W, PAD, MIN_BAR_W = 22, 30, 44, 8, 48
MIN_LABEL_W = 40

MUST, ALSO, PEOPLE, COVERAGE = ("Competencies to assess", "Also evidenced", "Interviewers assess",
                                "Loop coverage (interviewers)")
AT_LEAST = {MUST, COVERAGE}  # targets that are a minimum: more is still on target
STATE_COLORS = {"good": "good", "over": "warning", "under": "bad"}  # Line.state -> theme colour

Row = tuple[str, Line | None]  # a bar, or (with None) a line of text across the panel


class BalancePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Balance: target against actual")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.balance: Balance | None = None
        self.sections: list[tuple[str, list[Row]]] = []

    def set_balance(self, balance: Balance | None, topic_names: Mapping[str, str] | None = None,
                    competency_names: Mapping[str, str] | None = None, coverage: LoopCoverage | None = None,
                    current: int = 0) -> None:
        """`topic_names`, `competency_names`: id -> display name (a missing one shows its id);
        `coverage`: the loop's, with `current` the interviewer whose set `balance` is."""
        self.balance = balance
        self.sections = []
        names = topic_names or {}
        competency = competency_names or {}
        if balance is not None:
            self.sections.append(("Difficulty", [(d.capitalize(), line) for d, line in balance.difficulty.items()]))
            behavioral = balance.kind.get("behavioral")
            if behavioral is not None and behavioral.target:
                self.sections.append(("Behavioral", [("Behavioral", behavioral)]))
            topics = [(names.get(t, t), line) for t, line in balance.topic.items() if line.actual or line.target]
            self.sections.append(("Topics", topics))
            self.sections += competency_sections(balance, competency)
        if balance is not None and coverage is not None and any(coverage.interviewers):
            self.sections += coverage_sections(coverage, competency, current)
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary().replace(". ", "\n"))  # the full names a narrow panel elides
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        """The same facts as text, for screen readers and tooltips."""
        if self.balance is None:
            return "No set yet."
        parts = [f"{self.balance.count} questions, {self.balance.minutes} minutes"]
        for title, lines in self.sections:
            parts.append(title + ": " + ", ".join(
                k if v is None else f"{k} {v.actual}" if v.target is None else f"{k} {v.actual} of {v.target}"
                for k, v in lines))
        return ". ".join(parts)

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _text_height(self, text: str, width: int, font: QFont | None = None, least: int = ROW_H) -> int:
        """A text row wraps to the panel's width (an interviewer's competencies run long)."""
        room = QRect(0, 0, max(40, width - 2 * PAD), 10_000)
        metrics = QFontMetrics(font) if font is not None else self.fontMetrics()
        return max(least, metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text).height() + 6)

    def _row_height(self, name: str, line: Line | None, width: int) -> int:
        if line is None:
            return self._text_height(name, width)
        return self._text_height(name, width, least=0) + ROW_H if self.stacked(width) else ROW_H

    def _head(self) -> str:
        budget = f" of {self.balance.minutes_budget}" if self.balance and self.balance.minutes_budget else ""
        return f"{self.balance.count} questions · {self.balance.minutes}{budget} min" if self.balance else ""

    def _heights(self, width: int) -> int:
        """The painted height at `width`: the heading, each section's title and rows."""
        if self.balance is None:
            return 40
        bold = self._bold()
        total = 4 + self._text_height(self._head(), width, bold) + 8
        for title, lines in self.sections:
            total += self._text_height(title.upper(), width, bold, SECTION_H - 6) + 6
            total += sum(self._row_height(n, line, width) for n, line in lines)
        return total + 8

    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > 100 else 300
        return QSize(300, self._heights(width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # wrapped rows change height with width
            self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._heights(width)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_LABEL_W + self._value_width() + 2 * PAD, self.sizeHint().height())

    def _value_width(self) -> int:
        """Room for the widest figure ("12 / 10") in the panel's font (twice as wide at 200%)."""
        return max(VALUE_W, self.fontMetrics().horizontalAdvance("00 / 00") + 8)

    def _longest(self) -> int:
        metrics = self.fontMetrics()
        return max([0] + [metrics.horizontalAdvance(n) for _, lines in self.sections
                          for n, line in lines if line is not None])

    def stacked(self, width: int) -> bool:
        """Names above their bars: the longest name does not fit beside a bar."""
        room = width - 2 * PAD - self._value_width()
        return self._longest() + 12 > room - MIN_BAR_W

    def columns(self, width: int) -> tuple[int, float, float, float, int]:
        """(label width, bar x, bar width, value x, value width) for a panel `width` wide: the
        label as wide as the longest name needs. Stacked (names above the bars) the bar takes
        the whole row but the figures, and is dropped (width 0) when even that is too narrow."""
        value_w = self._value_width()
        room = width - 2 * PAD - value_w  # for the label and the bar
        if self.stacked(width):
            bar_w = float(room - 6) if room - 6 >= MIN_BAR_W / 2 else 0.0
            return width - 2 * PAD, float(PAD), bar_w, PAD + bar_w + (6 if bar_w else 0), value_w
        label_w = max(MIN_LABEL_W, self._longest() + 12)
        bar_w = float(room - label_w - 6)  # at least MIN_BAR_W - 6, or it would be stacked
        bar_x = float(PAD + label_w)
        return label_w, bar_x, bar_w, bar_x + bar_w + (6 if bar_w else 0), value_w

    def paintEvent(self, event) -> None:
        palette = self.palette()
        self.text_color = palette.color(QPalette.ColorRole.WindowText)
        self.muted = palette.color(QPalette.ColorRole.PlaceholderText)
        self.track = palette.color(QPalette.ColorRole.Midlight)  # the empty bar, on any scheme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        y = 4.0
        bold = self._bold()
        if self.balance is None:
            p.setPen(self.muted)
            p.drawText(QRectF(PAD, y, width - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignVCenter, "Generate a set to see its balance.")
            return
        p.setFont(bold)
        p.setPen(self.text_color)
        head = self._head()
        height = self._text_height(head, width, bold)
        p.drawText(QRectF(PAD, y + 3, width - 2 * PAD, height - 3), Qt.TextFlag.TextWordWrap, head)
        y += height + 8
        scale = max([1] + [max(line.actual, line.target or 0) for _, lines in self.sections for _, line in lines
                           if line is not None])
        label_w, bar_x, bar_w, value_x, value_w = self.columns(width)
        stacked = self.stacked(width)
        for title, lines in self.sections:
            p.setFont(bold)
            p.setPen(self.muted)
            height = self._text_height(title.upper(), width, bold, SECTION_H - 6)
            p.drawText(QRectF(PAD, y, width - 2 * PAD, height), Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap,
                       title.upper())
            y += height + 6
            p.setFont(self.font())
            for name, line in lines:
                if line is None:
                    height = self._text_height(name, width)
                    p.setPen(self.text_color)
                    p.drawText(QRectF(PAD, y + 3, width - 2 * PAD, height - 3), Qt.TextFlag.TextWordWrap, name)
                    y += height
                elif stacked:  # the name whole on its line, the bar under it
                    height = self._text_height(name, width, least=0)
                    p.setPen(self.text_color)
                    p.drawText(QRectF(PAD, y + 3, width - 2 * PAD, height - 3), Qt.TextFlag.TextWordWrap, name)
                    y += height
                    self._row(p, y, "", line, 0, bar_x, bar_w, value_x, value_w, scale, title in AT_LEAST)
                    y += ROW_H
                else:
                    self._row(p, y, name, line, label_w, bar_x, bar_w, value_x, value_w, scale, title in AT_LEAST)
                    y += ROW_H

    def color_of(self, line: Line, at_least: bool = False) -> QColor:
        """The bar's colour: by the core's rule (balance.Line.state); on target, over and under
        have no palette role, so the theme names them; nothing to judge is the muted text colour."""
        state = line.state(at_least)
        if state == "none":
            return self.palette().color(QPalette.ColorRole.PlaceholderText)
        return theme.color(STATE_COLORS[state])

    def _row(self, p: QPainter, y: float, name: str, line: Line, label_w: int, x: float, w: float,
             value_x: float, value_w: int, scale: int, at_least: bool = False) -> None:
        metrics = p.fontMetrics()
        p.setPen(self.text_color)
        if name:  # (stacked rows have drawn it above)
            label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 8)  # full name in summary()
            p.drawText(QRectF(PAD, y, label_w - 8, ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
        target = line.target or 0
        state = line.state(at_least)
        color = self.color_of(line, at_least)
        if w > 0:
            bar = QRectF(x, y + 5, w, ROW_H - 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.track)
            p.drawRoundedRect(bar, 3, 3)
            if line.actual:
                p.setBrush(color)
                p.drawRoundedRect(QRectF(bar.x(), bar.y(), w * line.actual / scale, bar.height()), 3, 3)
            if line.target is not None:
                tx = bar.x() + w * target / scale
                p.setPen(QPen(self.text_color, 2))
                p.drawLine(int(tx), int(y + 2), int(tx), int(y + ROW_H - 2))
        p.setPen(self.muted if state == "none" and line.target is not None else
                 self.text_color if state == "none" else color)
        value = f"{line.actual} / {target}" if line.target is not None else str(line.actual)
        p.drawText(QRectF(value_x, y, value_w, ROW_H), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, value)


def competency_sections(balance: Balance, names: Mapping[str, str]) -> list[tuple[str, list[Row]]]:
    """What the set must assess (one question each at least), then what else it evidences."""
    must = [(names.get(c, c), line) for c, line in balance.competency.items() if line.target is not None]
    also = [(names.get(c, c), line) for c, line in balance.competency.items() if line.target is None]
    sections: list[tuple[str, list[Row]]] = []
    if must:
        sections.append((MUST, must))
    if also:
        sections.append((ALSO, also))
    return sections


def coverage_sections(coverage: LoopCoverage, names: Mapping[str, str], current: int) -> list[tuple[str, list[Row]]]:
    """Each interviewer's competencies (the one on screen marked), and interviewers per competency."""
    people: list[Row] = []
    for i, assigned in enumerate(coverage.interviewers):
        mark = "▸ " if i == current else "   "
        people.append((f"{mark}{i + 1}: {', '.join(names.get(c, c) for c in assigned) or 'no competency'}", None))
    lines: list[Row] = [(names.get(c, c), line) for c, line in coverage.lines.items()]
    return [(PEOPLE, people), (COVERAGE, lines)]
