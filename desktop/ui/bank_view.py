"""The Bank view."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.store import Store


class BankView(QWidget):
    add_to_set_requested = Signal(list)  # question ids
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("bank_view")
        layout = QVBoxLayout(self)
        heading = QLabel("Bank")
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Reload from the database (called when the view is shown)."""
