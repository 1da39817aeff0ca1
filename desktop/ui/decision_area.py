"""The Decision area of a candidate: the competency × interviewer matrix, the composite computed
by the role's weights (with its formula and side), the decision recorded, and "Record decision…".

Everything comes from core.interviewing.decision_view; recording goes through
`decisions.record_decision`, whose refusals (a departure without a reason) the dialog shows.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import figures
from desktop.core.insight.adjusted import adjusted_for, adjusted_text
from desktop.core.interviewing import decision_view as dv
from desktop.core.interviewing.decisions import record_decision
from desktop.core.storage.store import Store
from desktop.ui.scorecard_dialogs import SavingDialog, text_box
from desktop.ui.tasks import QueryOp, no_progress
from desktop.ui.widgets import make_button, make_label

NOT_RATED = figures.NOT_RATED
FIRST_NAMES_BELOW = 560  # px of width under which the matrix shows first names and no weights


rating_text = figures.rating_figure  # the same figure as on paper


def _adjusted(store: Store, candidate_id: int):
    """Worker: the strictness-adjusted composite (fits every interviewer's leniency: off the GUI thread)."""
    with store.session() as s:
        return adjusted_for(s, candidate_id)


class MatrixModel(QAbstractTableModel):
    """Rows: competencies, heaviest first. Columns: name, weight, one per interviewer, score."""

    COL_NAME, COL_WEIGHT = 0, 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.panel: dv.DecisionPanel | None = None
        self.first_names = False  # a narrow window: interviewers by first name, in full in the tooltip

    def set_first_names(self, first: bool) -> None:
        if first != self.first_names:
            self.first_names = first
            if self.panel is not None:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 2, self.col_score - 1)

    def set_panel(self, panel: dv.DecisionPanel | None) -> None:
        self.beginResetModel()
        self.panel = panel if panel is not None and panel.available else None
        self.endResetModel()

    @property
    def col_score(self) -> int:
        return 2 + (len(self.panel.interviewers) if self.panel else 0)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.panel is None else len(self.panel.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.panel is None else self.col_score + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or self.panel is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < self.col_score:
            return self.panel.interviewers[section - 2]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.COL_NAME:
            return "Competency"
        if section == self.COL_WEIGHT:
            return "Weight"
        if section == self.col_score:
            return "Score"
        name = self.panel.interviewers[section - 2]
        return name.split()[0] if self.first_names and name.split() else name

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.panel is None:
            return None
        row, column = self.panel.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.COL_NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_WEIGHT and row.weight is None:
            return "Not one of the role's weighted competencies: shown, not counted in the composite"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.COL_NAME and role == Qt.ItemDataRole.ToolTipRole:  # the weight, when its column is hidden
            return f"{row.name}: " + ("not counted in the composite" if row.weight is None else f"weight {row.weight:g}")
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_WEIGHT:
            return "not counted" if row.weight is None else f"{row.weight:g}"
        if column == self.col_score:
            return rating_text(row.score)
        return rating_text(row.cells[column - 2])


class DecisionArea(QWidget):
    decided = Signal(int)  # candidate id, after a decision was recorded

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.viewer = ""
        self.panel: dv.DecisionPanel | None = None
        self.setAccessibleName("Decision")
        self.heading = make_label("Decision", role="subheading")
        self.status = make_label(name="Decision status", wrap=True, role="hint")
        self.model = MatrixModel(self)
        self.matrix = QTableView()
        self.matrix.setAccessibleName("Competency ratings by interviewer")
        self.matrix.setModel(self.model)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.matrix.verticalHeader().hide()
        self.matrix.verticalHeader().setDefaultSectionSize(24)
        self.matrix.verticalHeader().setAccessibleName("Row headers of competency ratings by interviewer")
        self.matrix.horizontalHeader().setAccessibleName("Column headers of competency ratings by interviewer")
        self.matrix.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.matrix.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.matrix.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matrix.horizontalHeader().setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Score") + 12)
        self.composite = make_label(name="Composite", wrap=True, selectable=True, bold=True)
        # Beside the raw composite, as context: the same figure and words as the debrief PDF.
        self.adjusted = make_label(name="Composite adjusted for interviewer strictness", wrap=True, selectable=True)
        self.formula = make_label(dv.FORMULA, "How the composite is computed", wrap=True, role="hint")
        self.gaps = make_label(name="Competencies nobody rated", wrap=True)
        self.recorded = make_label(name="Recorded decision", wrap=True, selectable=True)
        self.record_button = make_button("Record Decision…", "Record the hiring decision", self.record)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        for widget in (self.heading, self.status, self.matrix, self.composite, self.adjusted, self.formula,
                       self.gaps, self.recorded):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        narrow = event.size().width() < FIRST_NAMES_BELOW  # four full names need ~560 px
        self.model.set_first_names(narrow)
        self.matrix.setColumnHidden(MatrixModel.COL_WEIGHT, narrow)  # in the competency's tooltip then

    def show_candidate(self, candidate_id: int, viewer: str) -> None:
        self.viewer = viewer
        with self.store.session() as s:
            self.panel = dv.decision_panel(s, candidate_id, viewer=viewer)
        self._draw(self.panel)
        self.adjusted.clear()
        self.adjusted.setVisible(False)
        if self.panel.available and self.panel.composite is not None:
            QueryOp(self.store, no_progress(_adjusted), candidate_id).success(
                lambda found: self._show_adjusted(candidate_id, found)).failure(
                lambda _exc: self._show_adjusted(candidate_id, None)).run()

    def _show_adjusted(self, candidate_id: int, found) -> None:
        if self.panel is None or self.panel.candidate_id != candidate_id or not self.panel.available:
            return  # another candidate is shown by now
        self.adjusted.setText(adjusted_text(found))
        self.adjusted.setVisible(True)

    def _draw(self, p: dv.DecisionPanel) -> None:
        self.model.set_panel(p)
        for widget in (self.matrix, self.composite, self.formula):
            widget.setVisible(p.available)
        self.status.setText(p.why if not p.available else f"Debrief open: {p.why}.")
        if p.available:
            header = self.matrix.horizontalHeader()
            header.setSectionResizeMode(MatrixModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
            for column in range(1, self.model.columnCount()):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            if p.composite is None:
                self.composite.setText("Composite: none — no competency was rated, so any decision needs a reason.")
            else:
                direction = "at or above" if p.side == "hire" else "below"
                self.composite.setText(f"Composite {rating_text(p.composite)} — {direction} the hire line of "
                                       f"{dv.HIRE_LINE}: points to {p.side_label}")
        self.gaps.setText(f"Not rated by anyone: {', '.join(p.not_assessed)}" if p.available and p.not_assessed else "")
        self.gaps.setVisible(bool(self.gaps.text()))
        d = p.decision
        if d is not None:
            seal = "sealed ✓" if d.sealed else "SEAL BROKEN ✗ — changed after it was recorded"
            when = figures.when(d.decided_at)
            reason = f" Reason: {d.reason}" if d.reason else " No reason given (it follows the composite)."
            self.recorded.setText(f"Decided: {d.label} — by {d.decided_by} on {when} ({seal}).{reason}")
        else:
            self.recorded.setText("No decision recorded yet." if p.available else "")
        self.recorded.setVisible(bool(self.recorded.text()))
        self.record_button.setVisible(p.available)
        self.record_button.setEnabled(p.available and d is None)

    def record(self) -> bool:
        """Ask for the decision and record it; True when one was recorded."""
        p = self.panel
        if p is None or not p.available or p.decision is not None:
            return False
        dialog = self.dialog()
        if not dialog.exec():
            return False
        self.show_candidate(p.candidate_id, self.viewer)
        self.decided.emit(p.candidate_id)
        return True

    def dialog(self) -> RecordDecisionDialog:
        p = self.panel

        def save(decision: str, by: str, reason: str) -> int:
            with self.store.transaction(durable=True) as s:
                return record_decision(s, p.candidate_id, decision=decision, by=by, reason=reason).id

        return RecordDecisionDialog(p, self.viewer, save, self)


class RecordDecisionDialog(SavingDialog):
    """Hire / No hire / Hold, who decides, and the reason (required where the choice departs
    from the composite, and for a hold: the core says so, and the dialog stays open)."""

    def __init__(self, panel: dv.DecisionPanel, viewer: str, save, parent: QWidget | None = None):
        super().__init__("Record Decision", save, parent)
        self.panel = panel
        composite = (f"The composite is {rating_text(panel.composite)}, which points to {panel.side_label}."
                     if panel.composite is not None else "There is no composite: no competency was rated.")
        self.show_intro(f"{composite} A decision that departs from it, and every hold, needs a written reason. "
                        "The decision is sealed when recorded.")
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for i, (key, label) in enumerate(dv.DECISION_LABELS.items()):
            button = QRadioButton(label)
            button.setAccessibleName(f"Decision: {label}")
            self.group.addButton(button, i)
            self.choices[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.group.idToggled.connect(lambda _id, on: on and self._update_hint())
        self.by = QLineEdit(viewer)
        self.by.setAccessibleName("Decided by")
        self.by.setPlaceholderText("Who takes the decision")
        self.reason = text_box("Reason for the decision", height=110)
        self.reason.setPlaceholderText("What the numbers miss, or what would settle a hold")
        self.hint = make_label(name="Whether a reason is needed", wrap=True, role="hint")
        self.form.addRow("Decision:", row)
        self.form.addRow("Decided by:", self.by)
        self.form.addRow("Reason:", self.reason)
        self.form.addRow("", self.hint)
        self.set_ok_text("Record and Seal")
        side = panel.side if panel.side in self.choices else None
        if side:
            self.choices[side].setChecked(True)  # the composite's side; the user may depart from it
        self._update_hint()

    def choice(self) -> str:
        return next((key for key, button in self.choices.items() if button.isChecked()), "")

    def _update_hint(self) -> None:
        needed = (self.panel.needs_reason or {}).get(self.choice())
        self.hint.setText(f"Reason required — {needed}." if needed
                          else "Follows the composite: a reason is optional.")

    def arguments(self) -> dict:
        if not self.choice():
            raise ValueError("choose Hire, No hire or Hold")
        return {"decision": self.choice(), "by": self.by.text(), "reason": self.reason.toPlainText()}
