"""The wrap-up's notes per competency: one labelled box for each competency the interview assesses.

The view only draws and reports: which competencies there are, and the checks on a note, are the
core's (`competencies.note_fields`, `check_competency_notes`). Every change emits all the notes,
so the autosave writes one value that replaces the stored notes (`update_progress`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.core.interviewing.competencies import NoteField
from desktop.ui.widgets import make_label

COLUMNS = 2  # side by side: six competencies take three rows, not six
LINES = 3  # each box shows this many lines, then scrolls


class CompetencyNotes(QWidget):
    """A note per competency; `notes_changed` carries {competency: text} after each change."""

    notes_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edits: dict[str, QPlainTextEdit] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(make_label("Notes per competency (optional)", wrap=True, bold=True))
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        layout.addLayout(self.grid)
        self.setVisible(False)

    def show_fields(self, fields: list[NoteField]) -> None:
        """Show one box per field with its note; loading emits nothing."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.edits = {}
        for i, f in enumerate(fields):
            row, column = divmod(i, COLUMNS)
            label = make_label(f.name + ("  · assigned to you" if f.assigned else ""), wrap=True)
            edit = QPlainTextEdit(f.text)
            edit.setAccessibleName(f"Note on {f.name}")
            edit.setPlaceholderText(f"What did you see of {f.name.lower()}?")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * LINES + 14)
            edit.textChanged.connect(self._changed)
            label.setBuddy(edit)
            self.grid.addWidget(label, 2 * row, column)
            self.grid.addWidget(edit, 2 * row + 1, column)
            self.edits[f.competency] = edit
        self.setVisible(bool(fields))

    def notes(self) -> dict[str, str]:
        return {c: edit.toPlainText() for c, edit in self.edits.items()}

    def _changed(self) -> None:
        self.notes_changed.emit(self.notes())
