"""Qt item models over the live interview's plain data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.core.interviewing import LiveQuestion
from desktop.ui.widgets import elided_lines

WRAP_UP_TITLE = "Recommendation & summary"
ROW_LINES = 2  # of a prompt in the side list: enough to tell the questions apart


MARKS = {"": "○", "notes": "◔", "skipped": "⊘", 1: "①", 2: "②", 3: "③", 4: "④"}


def _mark(q: LiveQuestion):
    status = question_status(q)
    return q.rating if status.startswith("rated") else status


def question_status(q: LiveQuestion) -> str:
    if q.skipped:
        return "skipped"
    if q.rating:
        return f"rated {q.rating}"
    if q.notes.strip() or q.covered:
        return "notes"
    return ""


class QuestionListModel(QAbstractListModel):
    """The side list: one row per question (with its progress) and a last "wrap-up" row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._questions: list[LiveQuestion] = []

    def set_questions(self, questions: list[LiveQuestion]) -> None:
        self.beginResetModel()
        self._questions = questions
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._questions else len(self._questions) + 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row == len(self._questions):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"✎  {WRAP_UP_TITLE}"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return WRAP_UP_TITLE
            return None
        q = self._questions[row]
        if role == Qt.ItemDataRole.DisplayRole:
            prompt = " ".join(q.prompt.split())
            return f"{MARKS[_mark(q)]}  {row + 1}. {prompt[:300]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return q.prompt
        if role == Qt.ItemDataRole.AccessibleTextRole:
            status = question_status(q) or "not rated"
            return f"Question {row + 1}, {status}"
        return None

    def question_changed(self, position: int) -> None:
        index = self.index(position, 0)
        self.dataChanged.emit(index, index)


class TwoLineDelegate(QStyledItemDelegate):
    """Each row of the side list in two lines, the second ending in "…" (the whole prompt is in
    the tooltip): one line of a narrow list is only a word or two of each question."""

    PADDING = 3

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        return QSize(1, ROW_LINES * option.fontMetrics.lineSpacing() + 2 * self.PADDING)  # as wide as the list

    def lines(self, option: QStyleOptionViewItem, text: str) -> list[str]:
        return elided_lines(text, option.rect.width() - 2 * self.PADDING, option.fontMetrics, ROW_LINES)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # background, focus
        selected = opt.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        group = QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Enabled else QPalette.ColorGroup.Disabled
        painter.save()
        painter.setPen(opt.palette.color(group, role))
        painter.setFont(opt.font)
        rect = opt.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         "\n".join(self.lines(opt, text)))
        painter.restore()
