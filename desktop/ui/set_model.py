"""The set being edited, as a table: reorder by drag-and-drop, pin, and accept dropped questions."""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.core.building.sets import QuestionBrief, SetDraft
from desktop.ui.bank_model import QUESTION_IDS_MIME, ids_from_mime
from desktop.ui.widgets import names_of

ROWS_MIME = "application/x-interview-desk-set-rows"

COL_POSITION, COL_PINNED, COL_PROMPT, COL_DIFFICULTY, COL_KIND, COL_TOPIC, COL_MINUTES = range(7)
HEADERS = ("#", "Pin", "Question", "Difficulty", "Kind", "Topics", "Min")

Index = QModelIndex | QPersistentModelIndex


class SetItemsModel(QAbstractTableModel):
    changed = Signal()  # items added, removed, moved, pinned or swapped
    questions_dropped = Signal(list)  # ids dropped from elsewhere (the Bank view)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.draft = SetDraft()
        self.briefs: dict[str, QuestionBrief] = {}
        self.topic_names: dict[str, str] = {}  # topic id -> the name people read

    def describe(self, row: int) -> str:
        """One question as a line under the list: the whole prompt and what it is."""
        brief = self.briefs.get(self.question_id(row))
        if brief is None:
            return self.question_id(row)
        return (f"{' '.join(brief.prompt.split())}\n{brief.difficulty} · {brief.kind} · "
                f"{brief.minutes} min · {names_of(brief.topics, self.topic_names)} · {brief.id}")

    def short_name(self, row: int, width: int = 48) -> str:
        """A question as a status line names it: its position and the start of its prompt."""
        brief = self.briefs.get(self.question_id(row))
        if brief is None:
            return f"question {row + 1}"
        prompt = " ".join(brief.prompt.split())
        return f"question {row + 1} (“{prompt if len(prompt) <= width else prompt[:width - 1].rstrip() + '…'}”)"

    # -- contents ---------------------------------------------------------------------------
    def set_draft(self, draft: SetDraft, briefs: Mapping[str, QuestionBrief]) -> None:
        self.beginResetModel()
        self.draft, self.briefs = draft, dict(briefs)
        self.endResetModel()

    def add_briefs(self, briefs: Mapping[str, QuestionBrief]) -> None:
        self.briefs.update(briefs)

    def question_id(self, row: int) -> str:
        return self.draft.items[row].question_id

    def add(self, question_ids: list[str]) -> list[str]:
        fresh = [q for q in dict.fromkeys(question_ids) if q not in set(self.draft.ids)]
        if not fresh:
            return []
        first = len(self.draft.items)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self.draft.add(fresh)
        self.endInsertRows()
        self.changed.emit()
        return fresh

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self.draft.remove(row)
        self.endRemoveRows()
        self._renumber()
        self.changed.emit()

    def move(self, source: int, target: int) -> bool:
        """Move row `source` to end up at row `target`."""
        n = len(self.draft.items)
        if not (0 <= source < n and 0 <= target < n) or source == target:
            return False
        # Qt counts the destination before the move: one past the target when moving down.
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), target + 1 if target > source else target)
        self.draft.move(source, target)
        self.endMoveRows()
        self._renumber()
        self.changed.emit()
        return True

    def toggle_pin(self, row: int) -> None:
        item = self.draft.items[row]
        self.draft.set_pinned(row, not item.pinned)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.changed.emit()

    def swap(self, row: int, question_id: str) -> None:
        self.draft.swap(row, question_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.changed.emit()

    def _renumber(self) -> None:
        if self.draft.items:
            self.dataChanged.emit(self.index(0, COL_POSITION), self.index(len(self.draft.items) - 1, COL_POSITION))

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.draft.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.draft.items[index.row()]
        brief = self.briefs.get(item.question_id)
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_POSITION:
                return str(index.row() + 1)
            if col == COL_PINNED:
                return None  # a check box (CheckStateRole): readable in any font
            if brief is None:
                return item.question_id if col == COL_PROMPT else ""
            return {COL_PROMPT: " ".join(brief.prompt.split()), COL_DIFFICULTY: brief.difficulty,
                    COL_KIND: brief.kind, COL_TOPIC: names_of(brief.topics, self.topic_names),
                    COL_MINUTES: str(brief.minutes)}.get(col)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_PINNED:
            return Qt.CheckState.Checked if item.pinned else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_PINNED:
            return "Pinned: kept when you generate again" if item.pinned else "Pin to keep it when you generate again"
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_PROMPT and brief is not None:
            return self.describe(index.row())
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_PINNED:
            return "pinned" if item.pinned else "not pinned"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_POSITION, COL_PINNED, COL_MINUTES):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.question_id
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == COL_PINNED and role == Qt.ItemDataRole.CheckStateRole:
            pinned = Qt.CheckState(value) == Qt.CheckState.Checked
            if pinned != self.draft.items[index.row()].pinned:
                self.toggle_pin(index.row())
            return True
        return False

    # -- drag and drop ----------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == COL_PINNED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME, QUESTION_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(ROWS_MIME, QByteArray(",".join(map(str, rows)).encode()))
        mime.setData(QUESTION_IDS_MIME, QByteArray("\n".join(self.question_id(r) for r in rows).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        return data.hasFormat(ROWS_MIME) or data.hasFormat(QUESTION_IDS_MIME)

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: Index) -> bool:
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.draft.items))
        if data.hasFormat(ROWS_MIME):
            text = bytes(data.data(ROWS_MIME).data()).decode()
            rows = [int(r) for r in text.split(",") if r.strip().isdigit()]
            if len(rows) != 1:
                return False
            source = rows[0]
            # `target` is a gap between rows; moving down, the row lands just above it.
            self.move(source, target - 1 if target > source else target)
            return False  # we moved it ourselves: the view must not remove the source row
        if data.hasFormat(QUESTION_IDS_MIME):
            ids = ids_from_mime(data)
            if ids:
                self.questions_dropped.emit(ids)
            return bool(ids)
        return False
