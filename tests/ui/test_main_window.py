"""The main window: opens on the bundled bank, standard menus, remembered geometry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop import __version__
from desktop.ui.app import configure_application
from desktop.ui.dialogs import AboutDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import BANK_SIZE


@pytest.fixture
def window(qtbot, store):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_opens_with_the_bundled_bank_and_says_how_many_questions(window):
    assert window.bank_count == BANK_SIZE
    assert window.bank_count_label.text() == f"{BANK_SIZE} questions in the bank"


def test_has_a_page_for_each_workflow(window, qtbot):
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == ["Bank", "Builder", "Interview", "Candidates & Scorecards"]
    window.navigation.setCurrentRow(3)
    assert window.current_page_title() == "Candidates & Scorecards"
    assert window.pages.currentWidget() is window.candidates_view


def test_menus_use_standard_shortcuts(window):
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert not window.preferences_action.shortcut().isEmpty()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]


def test_about_shows_the_version(window, qtbot):
    dialog = AboutDialog(window.store, window)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()


def test_window_geometry_and_page_are_restored(qtbot, store):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    first = MainWindow(store)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(40, 50, 700, 500))  # fits the offscreen screen
    first.navigation.setCurrentRow(1)
    first.close()
    second = MainWindow(store)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.current_page_title() == "Builder"


CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def test_every_control_has_an_accessible_name(window):
    unnamed = []
    for view in [window, *window.views]:
        for widget in view.findChildren(QWidget):
            if widget.objectName().startswith("qt_"):  # Qt's own internals (menu bar extension...)
                continue
            if isinstance(widget, CONTROLS) and not widget.accessibleName().strip():
                if widget.parent() and type(widget.parent()).__name__ in {"QComboBox", "QAbstractSpinBox"}:
                    continue
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(view).__name__}")
    assert unnamed == []
