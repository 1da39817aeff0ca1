"""Qt item models for the Candidates & Scorecards view, over plain data from core.scorecards.

- CandidatesTreeModel: candidate -> loop -> interview (interviews outside a loop hang off the candidate).
- ScoresModel: one scorecard's questions with rating, rubric coverage, time and notes.
- AmendmentsModel: a scorecard's amendment history.

Every cell's text is worked out once when rows are set, so data() is a lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.ui import theme
from desktop.core import figures
from desktop.core.interviewing.records import (
    AmendmentEntry,
    CandidateEntry,
    InterviewEntry,
    LoopEntry,
    QuestionScore,
)

KIND_ROLE = Qt.ItemDataRole.UserRole  # "candidate" / "loop" / "interview"
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # that thing's database id
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2  # the core entry itself

# Theme colour names, resolved when drawn: a theme switch repaints them right.
MUTED = "muted"
RECOMMENDATION_COLORS = {"strong_no": "bad", "no": "warning", "yes": "good", "strong_yes": "good"}
STATUS_COLORS = {"planned": MUTED, "in_progress": "info"}
BROKEN = "bad"  # a broken seal

Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    kind: str
    entry: Any
    cells: tuple[str, ...]
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    row: int = 0
    tooltip: str = ""
    colors: dict[int, str] = field(default_factory=dict)
    bold: bool = False

    def add(self, child: _Node) -> _Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


class CandidatesTreeModel(QAbstractItemModel):
    COL_NAME, COL_STATUS, COL_RECOMMENDATION, COL_SCORE = range(4)
    HEADERS = ("Candidate / interview", "Status", "Recommendation", "Mean rating")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = _Node("root", None, ())
        self._by_key: dict[tuple[str, int], _Node] = {}

    # -- filling ------------------------------------------------------------------------------
    def set_candidates(self, entries: list[CandidateEntry]) -> None:
        self.beginResetModel()
        self._root = _Node("root", None, ())
        self._by_key = {}
        for candidate in entries:
            node = self._root.add(self._candidate_node(candidate))
            for loop in candidate.loops:
                loop_node = node.add(self._loop_node(loop))
                for interview in loop.interviews:
                    loop_node.add(self._interview_node(interview))
            for interview in candidate.singles:
                node.add(self._interview_node(interview))
        self.endResetModel()

    def _keep(self, node: _Node) -> _Node:
        self._by_key[(node.kind, node.entry.id)] = node
        return node

    def _candidate_node(self, c: CandidateEntry) -> _Node:
        name = f"{c.name}  ·  {c.role_name}" if c.role_name else c.name
        tip = name + (f"\n\n{c.notes}" if c.notes else "")
        return self._keep(_Node("candidate", c, (name, c.progress, "", ""), tooltip=tip))

    def _loop_node(self, loop: LoopEntry) -> _Node:
        status = f"{loop.progress} · debrief {'open' if loop.debrief_open else 'closed'}"
        return self._keep(_Node("loop", loop, (loop.name, status, "", ""),
                                tooltip=f"{loop.name}\nDebrief: {loop.debrief_why}"))

    def _interview_node(self, i: InterviewEntry) -> _Node:
        title = f"{i.interviewer}  ·  {i.focus or i.set_name}" + ("  (you)" if i.own else "")
        status = i.status_label + (" · amended" if i.amended else "")
        colors = {self.COL_STATUS: STATUS_COLORS[i.status]} if i.status in STATUS_COLORS else {}
        if i.seal_broken:  # never shown as a sound scorecard: red, and says so in the row
            status = "SEAL BROKEN · " + status
            colors[self.COL_NAME] = colors[self.COL_STATUS] = BROKEN
        if i.visible and i.recommendation:
            colors[self.COL_RECOMMENDATION] = RECOMMENDATION_COLORS[i.recommendation]
        else:
            colors[self.COL_RECOMMENDATION] = MUTED
        if not i.visible:
            colors[self.COL_SCORE] = MUTED
        tip = f"{title}\nSet: {i.set_name}\nStatus: {status}" + (f"\n{i.seal_alarm}" if i.seal_broken else "")
        return self._keep(_Node("interview", i, (title, status, i.recommendation_label, i.score_label),
                                tooltip=tip, colors=colors, bold=i.seal_broken))

    # -- lookups ------------------------------------------------------------------------------
    def index_of(self, kind: str, item_id: int) -> QModelIndex:
        node = self._by_key.get((kind, item_id))
        return self.createIndex(node.row, 0, node) if node else QModelIndex()

    def entry(self, index: Index) -> Any:
        return self._node(index).entry if index.isValid() else None

    def kind(self, index: Index) -> str | None:
        return self._node(index).kind if index.isValid() else None

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    # -- QAbstractItemModel -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < len(self.HEADERS):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # begins with the whole name: the column may cut it
            return node.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return node.cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            name = node.colors.get(index.column())
            return theme.color(name) if name else None
        if role == Qt.ItemDataRole.FontRole and (node.bold or (node.kind == "candidate" and index.column() == 0)):
            font = QFont()
            font.setBold(True)
            return font
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.entry.id
        if role == ENTRY_ROLE:
            return node.entry
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class _RowsModel(QAbstractTableModel):
    """A small read-only table whose cells are computed once per row."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cells: list[tuple[str, ...]] = []
        self._tips: list[tuple[str, ...]] = []
        self._colors: list[dict[int, str]] = []

    def _set(self, cells, tips, colors) -> None:
        self.beginResetModel()
        self._cells, self._tips, self._colors = cells, tips, colors
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()][index.column()] or None
        if role == Qt.ItemDataRole.ForegroundRole:
            name = self._colors[index.row()].get(index.column())
            return theme.color(name) if name else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)


_minutes = figures.duration  # as the clock and the PDF show it


class ScoresModel(_RowsModel):
    COL_QUESTION, COL_RATING, COL_RUBRIC, COL_TIME, COL_NOTES = range(5)
    HEADERS = ("Question", "Rating", "Rubric", "Time", "Notes")

    def set_scores(self, scores: list[QuestionScore], *, hidden_text: str = "") -> None:
        cells, tips, colors = [], [], []
        for q in scores:
            rating = hidden_text or q.rating_label
            rubric = "" if hidden_text else f"{len(q.covered)} of {len(q.rubric)}"
            time = f"{_minutes(q.seconds_spent)} / {q.minutes} min"
            notes = hidden_text or " ".join(q.notes.split())
            cells.append((" ".join(q.prompt.split()), rating + (" (amended)" if q.amended else ""),
                          rubric, time, notes))
            covered = "\n".join(("✓ " if i in q.covered else "   ") + point for i, point in enumerate(q.rubric))
            tips.append((q.prompt, "", "" if hidden_text else covered, "", "" if hidden_text else q.notes))
            colors.append({self.COL_RATING: MUTED, self.COL_NOTES: MUTED} if hidden_text
                          else ({self.COL_RATING: MUTED} if q.skipped else {}))
        self._set(cells, tips, colors)


class AmendmentsModel(_RowsModel):
    COL_WHEN, COL_AUTHOR, COL_REASON, COL_CHANGES = range(4)
    HEADERS = ("When", "By", "Reason", "Changes")

    def set_amendments(self, amendments: list[AmendmentEntry]) -> None:
        cells = [(a.created_at.strftime("%Y-%m-%d %H:%M"), a.author, " ".join(a.reason.split()), a.changes)
                 for a in amendments]
        tips = [(f"Amendment digest {a.digest}", "", a.reason, a.changes) for a in amendments]
        self._set(cells, tips, [{} for _ in amendments])
