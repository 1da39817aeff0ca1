"""The Builder view."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.store import Store


class BuilderView(QWidget):
    start_interview_requested = Signal(int)  # set id
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("builder_view")
        layout = QVBoxLayout(self)
        heading = QLabel("Builder")
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Reload from the database (called when the view is shown)."""
