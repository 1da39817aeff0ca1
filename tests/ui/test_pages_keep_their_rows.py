"""What wraps or stacks on a 200% screen stays as it was on a 1024x768 one: the Bank's filters
and actions one row each, its results and details side by side, the Builder's three panes
side by side."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from desktop.core import demo
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, store):
    with store.transaction() as s:
        demo.create_demo(s)
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def laid_out(window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    for _ in range(5):
        QCoreApplication.processEvents()


def rows(*widgets) -> int:
    return len({w.mapTo(w.window(), w.rect().topLeft()).y() for w in widgets})


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_the_bank_keeps_one_row_of_filters_and_one_of_actions(window, size):
    bank = window.bank_view
    laid_out(window, size)
    assert rows(bank.search_edit, bank.difficulty_box, bank.kind_box, bank.topic_box, bank.role_box,
                bank.retired_box) == 1
    assert rows(bank.count_label, bank.new_button, bank.edit_button, bank.duplicate_button, bank.retire_button,
                bank.add_button) == 1
    assert bank.splitter.orientation() == Qt.Orientation.Horizontal


def test_the_bank_wraps_and_stacks_on_a_narrow_window(window):
    bank = window.bank_view
    laid_out(window, (700, 500))  # a page under 600 px beside the narrowed rail
    assert rows(bank.search_edit, bank.difficulty_box, bank.kind_box, bank.topic_box, bank.role_box,
                bank.retired_box) > 1
    assert bank.splitter.orientation() == Qt.Orientation.Vertical
    laid_out(window, (1024, 768))
    assert bank.splitter.orientation() == Qt.Orientation.Horizontal


@pytest.mark.parametrize("size", [(1024, 768), (960, 540)])
def test_the_builder_keeps_its_panes_side_by_side(window, qtbot, size):
    window.show_page(1)
    builder = window.builder_view
    qtbot.waitUntil(builder.isVisible)
    laid_out(window, size)
    assert builder.splitter.orientation() == Qt.Orientation.Horizontal
    laid_out(window, (700, 500))  # narrower than its panes: one below the other
    assert builder.splitter.orientation() == Qt.Orientation.Vertical
    laid_out(window, size)
    assert builder.splitter.orientation() == Qt.Orientation.Horizontal
