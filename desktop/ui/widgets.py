"""Small helpers the views share: a named label, a named button, ids shown by name, a table
that keeps its question column readable, a scroll area as tall as what it shows, a row of
widgets that wraps on a narrow window."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyleOptionFrame,
    QTableView,
    QToolButton,
    QTreeView,
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


def fit_columns(table: QTableView | QTreeView, droppable: tuple[int, ...], always: tuple[int, ...],
                min_text: int) -> None:
    """Keep the stretching text column at least `min_text` px wide on a narrow window by
    hiding the `droppable` columns, least useful first; `always` are the columns that stay."""
    header = table.horizontalHeader() if isinstance(table, QTableView) else table.header()
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


class FlowLayout(QLayout):
    """A row of widgets that wraps onto more lines when the row is too narrow for them, as
    words do (a filter row at 200% scale). Each widget gets its preferred width, a wider one
    than the line is cut to the line; what a line has left goes to its widgets that expand
    (those are packed at their minimum width, so a search box shares its line)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        shown = [i for i in self._items if not i.isEmpty()]
        left, top, right, bottom = self.getContentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + left + right, height + top + bottom)

    def minimumSize(self) -> QSize:
        """One widget a line, each at its minimum."""
        shown = [i for i in self._items if not i.isEmpty()]
        left, top, right, bottom = self.getContentsMargins()
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + left + right, height + top + bottom)

    @staticmethod
    def _expands(item: QLayoutItem) -> bool:
        return bool(item.expandingDirections() & Qt.Orientation.Horizontal)

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        """A row of its own (a group of buttons) wraps too: as tall as it is at that width."""
        return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()

    def _packed_width(self, item: QLayoutItem, room: int) -> int:
        hint = item.minimumSize() if self._expands(item) else item.sizeHint()
        return min(max(hint.width(), item.minimumSize().width()), room)

    def _arrange(self, rect: QRect, apply: bool) -> int:
        """Lays the items out in `rect` (when `apply`); the height they take."""
        left, top, right, bottom = self.getContentsMargins()
        room = max(1, rect.width() - left - right)
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in (i for i in self._items if not i.isEmpty()):
            width = self._packed_width(item, room)
            if lines[-1] and used + self.spacing() + width > room:
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + width
            lines[-1].append((item, width))
        y = rect.y() + top
        for line in (line for line in lines if line):
            height = max(self._height(item, width) for item, width in line)
            if apply:
                spare = room - sum(w for _, w in line) - self.spacing() * (len(line) - 1)
                growing = [item for item, _ in line if self._expands(item)]
                x = rect.x() + left
                for item, width in line:
                    if item in growing:
                        width += spare // len(growing)
                    item.setGeometry(QRect(x, y, width, height))
                    x += width + self.spacing()
            y += height + self.spacing()
        return y - self.spacing() - rect.y() + bottom if any(lines) else top + bottom


def flow_row(*widgets: QWidget, spacing: int = 6) -> QWidget:
    """`widgets` in a FlowLayout of their own widget, to put in a box layout."""
    row = QWidget()
    layout = FlowLayout(row, spacing)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


class _LayoutWatch(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]):
        super().__init__(widget)  # lives as long as the widget
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self.callback)  # once the layout has its new size hints; not once gone
        return False


def on_layout_change(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call `callback` (soon after) whenever what `widget` holds asks for another size."""
    _LayoutWatch(widget, callback)
