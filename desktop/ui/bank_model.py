"""The Bank's results table: search rows from the core, shown and dragged as question ids."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core.bank.search import ResultRow, plain_snippet
from desktop.ui.widgets import names_of

# Dragged questions: their ids, one a line (the Builder accepts drops of this type).
QUESTION_IDS_MIME = "application/x-interview-desk-question-ids"

COL_PROMPT, COL_DIFFICULTY, COL_KIND, COL_TOPICS, COL_USAGE = range(5)
HEADERS = ("Question", "Difficulty", "Kind", "Topics", "Asked")

Index = QModelIndex | QPersistentModelIndex


def usage_text(row: ResultRow) -> str:
    if not row.times_asked:
        return "never"
    return f"{row.times_asked}×"  # the date is in the tooltip: the question needs the width


def mime_for_ids(ids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(QUESTION_IDS_MIME, "\n".join(ids).encode("utf-8"))
    mime.setText("\n".join(ids))
    return mime


def ids_from_mime(mime: QMimeData) -> list[str]:
    """The question ids a drop carries ([] when it carries none)."""
    if not mime.hasFormat(QUESTION_IDS_MIME):
        return []
    raw = bytes(mime.data(QUESTION_IDS_MIME).data()).decode("utf-8", errors="replace")
    return [line.strip() for line in raw.splitlines() if line.strip()]


class BankResultsModel(QAbstractTableModel):
    """Rows are `ResultRow`s (plain data); `set_rows` swaps them all at once, `add_rows`
    appends the next page. When more match, the view's scrolling to the end asks for them
    (Qt's fetchMore): `more_wanted` is emitted, once, until the next page arrives."""

    more_wanted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ResultRow] = []
        self._more = False  # more match than the rows here
        self._asked = False  # the next page is on its way
        self.topic_names: dict[str, str] = {}  # topic id -> the name people read; ids otherwise

    # -- contents ---------------------------------------------------------------------------
    def set_rows(self, rows: list[ResultRow], more: bool = False) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._more, self._asked = more, False
        self.endResetModel()

    def add_rows(self, rows: list[ResultRow], more: bool) -> None:
        """The next page (rows already here are left out)."""
        have = {r.id for r in self._rows}
        rows = [r for r in rows if r.id not in have]
        self._more, self._asked = more and bool(rows), False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def page_failed(self) -> None:
        """The next page could not be read: no more asked for until the next search."""
        self._more = self._asked = False

    def shown_ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def row_at(self, row: int) -> ResultRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, question_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == question_id), -1)

    def ids(self, rows: list[int]) -> list[str]:
        return [self._rows[r].id for r in sorted(set(rows)) if 0 <= r < len(self._rows)]

    # -- Qt model interface -----------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._asked

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._asked = True
            self.more_wanted.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_PROMPT:
                return ("[retired] " if row.retired else "") + " ".join(row.prompt.split())
            if column == COL_DIFFICULTY:
                return row.difficulty
            if column == COL_KIND:
                return row.kind
            if column == COL_TOPICS:
                return names_of(row.topics, self.topic_names)
            if column == COL_USAGE:
                return usage_text(row)
        elif role == Qt.ItemDataRole.ToolTipRole and column == COL_USAGE and row.last_asked:
            return f"Asked {row.times_asked} times, last on {row.last_asked:%A %d %B %Y}"
        elif role == Qt.ItemDataRole.ToolTipRole and column == COL_PROMPT:
            match = plain_snippet(row.snippet)
            return row.prompt + (f"\n\nMatched: {match}" if match else "")
        elif role == Qt.ItemDataRole.ForegroundRole and row.retired:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        elif role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [QUESTION_IDS_MIME, "text/plain"]

    def mimeData(self, indexes) -> QMimeData:
        return mime_for_ids(self.ids([i.row() for i in indexes if i.isValid()]))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
