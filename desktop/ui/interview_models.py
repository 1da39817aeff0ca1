"""Qt item models over the live interview's plain data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.interviewing import LiveQuestion

WRAP_UP_TITLE = "Recommendation & summary"


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
            return f"{MARKS[_mark(q)]}  {row + 1}. {prompt[:80]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return q.prompt
        if role == Qt.ItemDataRole.AccessibleTextRole:
            status = question_status(q) or "not rated"
            return f"Question {row + 1}, {status}"
        return None

    def question_changed(self, position: int) -> None:
        index = self.index(position, 0)
        self.dataChanged.emit(index, index)
