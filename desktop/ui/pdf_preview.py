"""A preview of an exported PDF, with Open (in the system viewer) and Save As.

PySide6 wheels ship without QtPdf, so pages are rendered with pypdfium2 on a worker thread
into QImages (which are safe to make off the GUI thread) and shown one label per page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tasks import QueryOp, plain_message

ZOOMS = (("Fit width", 0.0), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))
_RENDER_SCALE = 1.5  # pages are rendered once, sharp enough for 150%, and scaled down to fit


def render_pages(path: str, scale: float = _RENDER_SCALE) -> list[QImage]:
    """Every page as an image (worker thread: no widgets here)."""
    import pypdfium2  # when a preview is first rendered, not when a page that can export loads

    document = pypdfium2.PdfDocument(path)
    try:
        images = []
        for index in range(len(document)):
            bitmap = document[index].render(scale=scale, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888)
            images.append(image.copy())  # own the pixels: the bitmap's buffer is freed with it
        return images
    finally:
        document.close()


class PdfPreviewDialog(QDialog):
    def __init__(self, path: str | Path, parent: QWidget | None = None, title: str = "Preview"):
        super().__init__(parent)
        self.path = Path(path)
        self.images: list[QImage] = []
        self.page_labels: list[QLabel] = []
        self.setWindowTitle(f"{title} – {self.path.name}")
        self.setAccessibleName("PDF preview")
        self.resize(900, 1000)

        self.info = QLabel(f"Rendering {self.path.name}…")
        self.info.setAccessibleName("Preview status")
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        for label, factor in ZOOMS:
            self.zoom.addItem(label, factor)
        self.zoom.currentIndexChanged.connect(self._show_pages)

        self.pages = QWidget()
        self.pages.setAccessibleName("Pages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setSpacing(16)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Pages of the PDF")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages)
        self.scroll.setStyleSheet("QScrollArea { background: palette(dark); } QWidget#pagesHost { background: palette(dark); }")
        self.pages.setObjectName("pagesHost")

        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the PDF in the system viewer")
        self.open_button.clicked.connect(self.open_externally)
        self.save_button = QPushButton("&Save As…")
        self.save_button.setAccessibleName("Save a copy of the PDF")
        self.save_button.clicked.connect(self.save_as)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the preview")
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence(QKeySequence.StandardKey.SaveAs), self, activated=self.save_as)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, activated=self.open_externally)

        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(QLabel("Zoom:"))
        top.addWidget(self.zoom)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.open_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

        QueryOp(None, lambda _store, _progress, path: render_pages(path), str(self.path)).success(
            self._rendered).failure(lambda exc: self._render_failed(plain_message(exc))).run()

    # Pages

    def _rendered(self, images: list[QImage]) -> None:
        self.images = images
        count = len(images)
        self.info.setText(f"{count} page{'s' if count != 1 else ''} · {self.path}")
        for number in range(1, count + 1):
            label = QLabel()
            label.setAccessibleName(f"Page {number} of {count}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self._show_pages()

    def _render_failed(self, message: str) -> None:
        self.info.setText(f"The preview could not be drawn ({message}); the PDF was saved: {self.path}")

    def _show_pages(self) -> None:
        factor = self.zoom.currentData() or 0.0
        for label, image in zip(self.page_labels, self.images):
            if factor:
                width = int(image.width() / _RENDER_SCALE * factor)
            else:  # the window's width, but never blown up past 150%
                width = min(image.width(), max(200, self.scroll.viewport().width() - 40))
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                width, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.images and not self.zoom.currentData():
            self._show_pages()

    # Buttons

    def open_externally(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            QMessageBox.information(self, "Open", f"No PDF viewer could be opened. The file is at:\n{self.path}")

    def save_as(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "Save PDF As", str(self.path), "PDF files (*.pdf)")
        if target:
            self.copy_to(target)

    def copy_to(self, target: str | Path) -> Path | None:
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            if target.resolve() != self.path.resolve():
                shutil.copyfile(self.path, target)
        except OSError as exc:
            QMessageBox.warning(self, "Save As", f"Could not save {target}: {exc.strerror or exc}")
            return None
        self.info.setText(f"Saved a copy to {target}")
        return target
