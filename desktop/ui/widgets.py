"""Small helpers the views share: a named label, a named button, ids shown by name, a table
that keeps its question column readable, a scroll area as tall as what it shows."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyleOptionFrame,
    QTableView,
    QToolButton,
    QWidget,
)


def make_label(text: str = "", name: str = "", *, wrap: bool = False, selectable: bool = False,
          role: str | None = None, size: float | None = None, bold: bool = False, rich: bool = False) -> QLabel:
    """A label for text; `role` is the style sheet's property (heading, hint, ...)."""
    widget = QLabel(text)
    # Names, prompts and notes are user text: "<think>" or "a<b" must show as typed.
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if name:
        widget.setAccessibleName(name)
    widget.setWordWrap(wrap)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        widget.setProperty("role", role)
    set_font(widget, size=size, bold=bold)
    return widget


def set_font(widget: QWidget, *, size: float | None = None, bold: bool = False) -> None:
    """The widget's font at `size` points and/or bold; left as it is when neither is asked."""
    if size or bold:
        font = QFont(widget.font())
        if size:
            font.setPointSizeF(size)
        font.setBold(bold)
        widget.setFont(font)


def make_button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    widget.clicked.connect(slot)
    return widget


def names_of(ids: Iterable[str], names: Mapping[str, str]) -> str:
    """Topic or role ids as people read them ("peft-lora, rag" -> "PEFT and LoRA, RAG and
    retrieval"); an id without a name shows as itself."""
    return ", ".join(names.get(i, i) for i in ids)


def fit_columns(table: QTableView, droppable: tuple[int, ...], always: tuple[int, ...], min_text: int) -> None:
    """Keep the stretching text column at least `min_text` px wide on a narrow window by
    hiding the `droppable` columns, least useful first; `always` are the columns that stay."""
    header = table.horizontalHeader()
    available = table.viewport().width()
    for column in droppable:
        table.setColumnHidden(column, False)
    for column in droppable:
        taken = sum(header.sectionSize(c) for c in always + droppable if not table.isColumnHidden(c))
        if available - taken >= min_text:
            break
        table.setColumnHidden(column, True)


class FittedScrollArea(QScrollArea):
    """Asks for the height of its content at its current width: a short text leaves the room
    to the widgets below it, a long one is shown whole while there is space, then scrolls.
    Call `updateGeometry()` after changing the content."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._fitted_width = -1

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        content = self.widget()
        if content is not None:
            width = self.viewport().width()
            height = content.heightForWidth(width) if content.hasHeightForWidth() and width > 0 else -1
            hint.setHeight((height if height > 0 else content.sizeHint().height()) + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._fitted_width:  # wrapped text changes height with width
            self._fitted_width = self.viewport().width()
            self.updateGeometry()


def elided_lines(text: str, width: int, metrics: QFontMetrics, count: int) -> list[str]:
    """`text` word-wrapped to `width` pixels in at most `count` lines, the last one ending in
    "…" when the rest does not fit (a word wider than a line is cut too)."""
    words, lines = text.split(), []
    while words and len(lines) < count - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        # only a word wider than the line is cut here (elidedText measures a hair wider)
        lines.append(line if metrics.horizontalAdvance(line) <= width
                     else metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    if words:
        lines.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return lines


class CurrentPageStack(QStackedWidget):
    """Pages of which only the one shown asks for room: a small (or 200%) window has to fit the
    page it shows, not the widest page built so far."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class FittedLineEdit(QLineEdit):
    """A line edit whose placeholder is the longest of several that fits its width (the last,
    shortest one otherwise), so a narrow window shortens the hint instead of cutting it."""

    def __init__(self, *placeholders: str, parent=None):
        super().__init__(parent)
        self.placeholders = placeholders
        self.setPlaceholderText(placeholders[0])

    def text_room(self) -> int:
        """The width the text has: inside the frame, left of the clear button."""
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        inner = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        right = min([b.geometry().left() for b in self.findChildren(QToolButton) if b.isVisibleTo(self)]
                    + [inner.right() + 1])
        return right - inner.left() - 4  # the text's own margin, both sides

    def sizeHint(self) -> QSize:
        """Wide enough for the longest placeholder, where the row has room."""
        hint = super().sizeHint()
        need = self.fontMetrics().horizontalAdvance(self.placeholders[0]) + (self.width() - self.text_room())
        return QSize(max(hint.width(), need), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        room, metrics = self.text_room(), self.fontMetrics()
        self.setPlaceholderText(next((p for p in self.placeholders if metrics.horizontalAdvance(p) <= room),
                                     self.placeholders[-1]))
