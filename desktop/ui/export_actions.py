"""Exporting PDFs from any view: asks where to save, builds off the GUI thread, then previews.

Views call `export_pdf(parent, store, kind, target_id)` with kind "packet" (a set id),
"scorecard" (an interview id) or "debrief" (a candidate id). Page size and anonymity come
from the preferences. While the PDF is built a busy indicator shows (and the status bar says
so); when it is written the preview opens; a failure is one clear message, and the file the
user chose is never left half written (the core writes atomically).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QGridLayout, QMainWindow, QWidget

from desktop.core.storage.preferences import load_preferences
from desktop.core.storage.store import Store
from desktop.ui.pdf_preview import PdfPreviewDialog
from desktop.ui.tasks import QueryOp, plain_message, show_failure

if TYPE_CHECKING:  # ReportLab loads with the first export, not with the window (~150 ms)
    from desktop.core.paper import ExportOptions

TITLES = {"packet": "Interview Packet", "scorecard": "Scorecard", "debrief": "Loop Debrief"}
_active: set["PdfExport"] = set()  # keep running exports alive until they report back


def _export(store: Store, _progress, kind: str, target_id: int, path: str, options: ExportOptions) -> Path:
    """Worker: the core builds and writes the PDF in a session of its own."""
    from desktop.core.paper import export_to_file

    return export_to_file(store, kind, target_id, path, options)


def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> str:
    """The file dialog (tests replace this function)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), "PDF files (*.pdf)")
    return path


def ask_packet_path(parent: QWidget | None, title: str, suggested: str) -> tuple[str, bool]:
    """The file dialog for a packet, with "Include model answers" (off: an interviewer's packet
    may be seen by the candidate); (path, include answers). Tests replace this function."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    dialog = QFileDialog(parent, title, str(Path(folder) / suggested), "PDF files (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the native one takes no extra control
    answers = QCheckBox("Include model answers")
    answers.setAccessibleName("Include the model answers in the packet")
    answers.setToolTip("Off by default: a packet may be seen by the candidate")
    layout = dialog.layout()
    if isinstance(layout, QGridLayout):
        layout.addWidget(answers, layout.rowCount(), 0, 1, layout.columnCount())
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", False
    return dialog.selectedFiles()[0], answers.isChecked()


class PdfExport(QObject):
    """One export in flight: progress while building, then the preview (or the error)."""

    finished = Signal(str)  # the path written
    failed = Signal(str)  # one readable sentence

    def __init__(self, parent: QWidget | None, store: Store, kind: str, target_id: int,
                 path: Path, options: ExportOptions, show_preview: bool = True):
        super().__init__(parent)
        self.parent_widget, self.kind, self.path, self.show_preview = parent, kind, path, show_preview
        self.preview: PdfPreviewDialog | None = None
        hidden = " with candidate names hidden" if options.anonymous else ""
        self._status(f"Exporting {TITLES[kind].lower()}{hidden}…")
        _active.add(self)
        # A build takes well under a second: a busy indicator if it does not, nothing to cancel.
        self.task = QueryOp(store, _export, kind, target_id, str(path), options, parent=parent) \
            .with_progress(f"Exporting {TITLES[kind].lower()}{hidden} to {path.name}…",
                           title=f"Export {TITLES[kind]}", cancellable=False) \
            .success(self._done).failure(self._failed).run()

    def _status(self, message: str, timeout: int = 0) -> None:
        window = self.parent_widget.window() if self.parent_widget else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, timeout)

    def _done(self, path) -> None:
        _active.discard(self)
        self._status(f"Exported {Path(path).name}", 6000)
        if self.show_preview:
            self.preview = PdfPreviewDialog(path, self.parent_widget, TITLES[self.kind])
            self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview.show()
        self.finished.emit(str(path))

    def _failed(self, exc: BaseException) -> None:
        _active.discard(self)
        self._status("Export failed", 6000)
        self.failed.emit(plain_message(exc))
        show_failure(self.parent_widget, f"Export {TITLES[self.kind]}", exc, lead="The PDF was not exported:")


def export_pdf(parent: QWidget | None, store: Store, kind: str, target_id: int,
               path: str | Path | None = None, *, answers: bool = False) -> PdfExport | None:
    """Ask for a file (unless `path` is given) and export; None when the user cancels. A packet
    prints the model answers only when asked (`answers`, or the box in its file dialog)."""
    if kind not in TITLES:
        raise ValueError(f"unknown export kind {kind!r}")
    from desktop.core.paper import ExportOptions, suggested_file_name

    prefs = load_preferences()
    options = ExportOptions(page_size=prefs.effective_page_size, anonymous=prefs.anonymous_exports)
    if path is None:
        with store.session() as session:
            suggested = suggested_file_name(session, kind, target_id, options)
        if kind == "packet":
            path, answers = ask_packet_path(parent, f"Export {TITLES[kind]}", suggested)
        else:
            path = ask_save_path(parent, f"Export {TITLES[kind]}", suggested)
        if not path:
            return None
    options = replace(options, answers=kind == "packet" and answers)
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    return PdfExport(parent, store, kind, target_id, path, options)
