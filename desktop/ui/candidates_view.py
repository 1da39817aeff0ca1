"""The Candidates & Scorecards view."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.store import Store


class CandidatesView(QWidget):
    open_interview_requested = Signal(int)  # interview id
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("candidates_view")
        layout = QVBoxLayout(self)
        heading = QLabel("Candidates & Scorecards")
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Reload from the database (called when the view is shown)."""
