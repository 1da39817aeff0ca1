"""Target against actual, per difficulty and topic, as bars a hiring manager reads at a glance.

Each line: a label, a bar for the actual count, a tick at the target, and "actual / target".
Green when on target, amber when over, red when under. Topics show their display names
("RAG and retrieval"), not their ids.
"""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.building.balance import Balance, Line

ON, OVER, UNDER = QColor("#2e7d32"), QColor("#ef8f00"), QColor("#c62828")
TRACK, TICK, TEXT, MUTED = QColor("#e6e8eb"), QColor("#263238"), QColor("#1f2328"), QColor("#5f6b76")
ROW_H, SECTION_H, LABEL_W, VALUE_W, PAD, MIN_BAR_W = 22, 30, 180, 48, 8, 64


class BalancePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Balance: target against actual")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.balance: Balance | None = None
        self.sections: list[tuple[str, list[tuple[str, Line]]]] = []

    def set_balance(self, balance: Balance | None, topic_names: Mapping[str, str] | None = None) -> None:
        """`topic_names`: topic id -> display name; a topic missing from it shows its id."""
        self.balance = balance
        self.sections = []
        names = topic_names or {}
        if balance is not None:
            self.sections.append(("Difficulty", [(d.capitalize(), line) for d, line in balance.difficulty.items()]))
            behavioral = balance.kind.get("behavioral")
            if behavioral is not None and behavioral.target:
                self.sections.append(("Behavioral", [("Behavioral", behavioral)]))
            topics = [(names.get(t, t), line) for t, line in balance.topic.items() if line.actual or line.target]
            self.sections.append(("Topics", topics))
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        """The same facts as text, for screen readers and tooltips."""
        if self.balance is None:
            return "No set yet."
        parts = [f"{self.balance.count} questions, {self.balance.minutes} minutes"]
        for title, lines in self.sections:
            parts.append(title + ": " + ", ".join(f"{k} {v.actual} of {v.target}" for k, v in lines))
        return ". ".join(parts)

    def sizeHint(self) -> QSize:
        rows = sum(len(lines) for _, lines in self.sections)
        return QSize(300, 40 + len(self.sections) * SECTION_H + rows * ROW_H)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        y = 4.0
        bold = QFont(self.font())
        bold.setBold(True)
        if self.balance is None:
            p.setPen(MUTED)
            p.drawText(QRectF(PAD, y, width - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignVCenter, "Generate a set to see its balance.")
            return
        budget = f" of {self.balance.minutes_budget}" if self.balance.minutes_budget else ""
        p.setFont(bold)
        p.setPen(TEXT)
        p.drawText(QRectF(PAD, y, width - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignVCenter,
                   f"{self.balance.count} questions · {self.balance.minutes}{budget} min")
        y += ROW_H + 8
        scale = max([1] + [max(line.actual, line.target or 0) for _, lines in self.sections for _, line in lines])
        # Labels as wide as the longest name needs, while the bar keeps at least MIN_BAR_W:
        # a narrow panel elides names rather than values.
        longest = max([0] + [p.fontMetrics().horizontalAdvance(n) for _, lines in self.sections for n, _ in lines])
        label_w = max(40, min(longest + 12, LABEL_W, width - VALUE_W - 2 * PAD - MIN_BAR_W))
        bar_x = PAD + label_w
        bar_w = max(24.0, width - bar_x - VALUE_W - PAD)
        for title, lines in self.sections:
            p.setFont(bold)
            p.setPen(MUTED)
            p.drawText(QRectF(PAD, y, width, SECTION_H - 6), Qt.AlignmentFlag.AlignBottom, title.upper())
            y += SECTION_H
            p.setFont(self.font())
            for name, line in lines:
                self._row(p, y, name, line, label_w, bar_x, bar_w, scale)
                y += ROW_H

    def _row(self, p: QPainter, y: float, name: str, line: Line, label_w: int, x: float, w: float,
             scale: int) -> None:
        metrics = p.fontMetrics()
        p.setPen(TEXT)
        label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 8)  # full name in summary()
        p.drawText(QRectF(PAD, y, label_w - 8, ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
        bar = QRectF(x, y + 5, w, ROW_H - 10)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(TRACK)
        p.drawRoundedRect(bar, 3, 3)
        target = line.target or 0
        color = ON if line.actual == target else OVER if line.actual > target else UNDER
        if line.actual:
            p.setBrush(color)
            p.drawRoundedRect(QRectF(bar.x(), bar.y(), w * line.actual / scale, bar.height()), 3, 3)
        if line.target is not None:
            tx = bar.x() + w * target / scale
            p.setPen(QPen(TICK, 2))
            p.drawLine(int(tx), int(y + 2), int(tx), int(y + ROW_H - 2))
        p.setPen(color if line.target is not None else TEXT)
        value = f"{line.actual} / {target}" if line.target is not None else str(line.actual)
        p.drawText(QRectF(x + w + 6, y, VALUE_W, ROW_H), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, value)
