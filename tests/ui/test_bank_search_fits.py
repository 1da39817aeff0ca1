"""The Bank's search box says what it searches in words that fit it, whatever the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStyle, QToolButton

from desktop.ui.main_window import MainWindow


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768), (960, 540)])
def test_the_search_placeholder_is_never_cut(qtbot, store, size):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(0)
    QCoreApplication.processEvents()
    edit = window.bank_view.search_edit
    clear = next(b for b in edit.findChildren(QToolButton))  # the clear button, at the right
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    room = clear.geometry().left() - frame - 2  # the text's left padding
    shown = edit.placeholderText()
    assert "Search" in shown and "(Ctrl+F)" in shown
    assert edit.fontMetrics().horizontalAdvance(shown) <= room, (shown, room)
    if size[0] >= 1920:
        assert "topics" in shown  # the whole of it where there is room
