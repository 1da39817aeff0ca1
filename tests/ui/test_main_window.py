"""The main window: opens on the bundled bank, standard menus, remembered geometry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QSettings, Qt
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
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui import tasks
from desktop.ui.app import bring_in_bundled_bank, configure_application, open_store
from desktop.ui.dialogs import AboutDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import BANK_SIZE

ROOT = Path(__file__).resolve().parents[2]


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
    assert titles == ["Bank", "Builder", "Interview", "Candidates & Scorecards", "Insight"]
    window.navigation.setCurrentRow(3)
    assert window.current_page_title() == "Candidates & Scorecards"
    assert window.pages.currentWidget() is window.candidates_view
    window.navigation.setCurrentRow(4)
    assert type(window.pages.currentWidget()).__name__ == "InsightView"


def test_the_view_menu_reads_each_page_as_titled(window):
    """An "&" in a title is an ampersand, not a keyboard mnemonic."""
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    shown = [a.text().replace("&&", "&") for a in view_menu.actions()]
    assert shown == list(window.PAGES) and "Candidates && Scorecards" in [a.text() for a in view_menu.actions()]


def test_menus_use_standard_shortcuts(window):
    standard_quit = QKeySequence(QKeySequence.StandardKey.Quit)  # none on Windows (nor offscreen)
    assert window.quit_action.shortcut() == (standard_quit if not standard_quit.isEmpty() else QKeySequence("Ctrl+Q"))
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
    for view in [window, *(window.page(row) for row in range(len(window.PAGES)))]:
        for widget in view.findChildren(QWidget):
            if widget.objectName().startswith("qt_"):  # Qt's own internals (menu bar extension...)
                continue
            if isinstance(widget, CONTROLS) and not widget.accessibleName().strip():
                if widget.parent() and type(widget.parent()).__name__ in {"QComboBox", "QAbstractSpinBox"}:
                    continue
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(view).__name__}")
    assert unnamed == []


def test_only_the_first_page_is_built_at_start_and_the_others_when_first_shown(window, qtbot):
    assert window.built_pages() == [window.pages.widget(0)]  # the Bank page, and nothing else
    assert type(window.pages.widget(0)).__name__ == "BankView"
    for row, name in ((1, "BuilderView"), (3, "CandidatesView")):
        window.navigation.setCurrentRow(row)
        assert type(window.pages.currentWidget()).__name__ == name
        assert window.pages.currentWidget().isVisible()
    assert len(window.built_pages()) == 3
    window.navigation.setCurrentRow(1)  # shown again: the same page, not built twice
    assert window.pages.currentWidget() is window.builder_view


def test_ctrl_3_shows_the_interview_page_built_on_first_show(window, qtbot):
    assert not any(type(v).__name__ == "InterviewView" for v in window.built_pages())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_title() == "Interview"
    assert window.pages.currentWidget() is window.interview_view
    assert type(window.interview_view).__name__ == "InterviewView"
    assert window.interview_view.isVisible()


def test_the_page_left_open_is_the_one_built_at_the_next_start(qtbot, store):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    first = MainWindow(store)
    qtbot.addWidget(first)
    first.navigation.setCurrentRow(3)
    first.close()
    second = MainWindow(store)
    qtbot.addWidget(second)
    assert second.current_page_title() == "Candidates & Scorecards"
    assert [type(v).__name__ for v in second.built_pages()] == ["CandidatesView"]


# In a child: the app's own start (desktop.__main__ with no command), stopped at the first
# event-loop turn after the window is shown.
START_AND_LIST_MODULES = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import desktop.ui.app as desk

def shown():
    heavy = {"reportlab", "pypdfium2", "alembic", "desktop.core.cli"}  # (PySide6 itself loads argparse)
    loaded = sorted(n for n in sys.modules if n in heavy or n.split(".")[0] in heavy)
    window = QApplication.activeWindow() or next(w for w in QApplication.topLevelWidgets() if w.isVisible())
    print(window.objectName(), window.isVisible(), *loaded, flush=True)
    os._exit(0)

real_run = desk.run
def run(db_url=None):
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.exec = lambda: (QTimer.singleShot(0, shown), QApplication.exec())[1]
    return real_run(db_url)
desk.run = run
sys.argv = ["interview-desk"]
from desktop.__main__ import main
main()
"""


def test_starting_the_app_loads_neither_reportlab_nor_pypdfium2(tmp_path):
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    env.pop("INTERVIEW_DESK_DB", None)
    save_preferences(Preferences(interviewer_name="Rita"), tmp_path / "preferences.json")  # not asked again
    for start in ("first start", "warm start"):
        done = subprocess.run([sys.executable, "-c", START_AND_LIST_MODULES], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        window, visible, *loaded = done.stdout.split()
        assert (window, visible) == ("main_window", "True"), start
        assert "reportlab" not in loaded and "pypdfium2" not in loaded, (start, loaded)
        assert not any(n.startswith("desktop.core.cli") for n in loaded), (start, loaded)
        if start == "warm start":  # the database is at head: no Alembic either
            assert loaded == [], loaded


def test_on_a_first_start_the_window_opens_first_and_the_bundled_bank_fills_it(qtbot, tmp_path):
    configure_application(QCoreApplication.instance())
    QSettings().clear()  # opens on the Bank page
    store = open_store(str(tmp_path / "new.db"))  # a brand-new database: nothing imported yet
    try:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        assert window.bank_count == 0
        with qtbot.waitSignal(tasks.events().changed, timeout=60000):
            bring_in_bundled_bank(window, store)
        assert window.bank_count == BANK_SIZE
        assert window.bank_count_label.text() == f"{BANK_SIZE} questions in the bank"
        qtbot.waitUntil(lambda: window.bank_view.model.rowCount() > 0, timeout=10000)
        assert bring_in_bundled_bank(window, store) is not None  # the next start: nothing to import...
        qtbot.waitUntil(lambda: not tasks.events().running, timeout=10000)
        assert window.bank_count == BANK_SIZE  # ...and nothing changes
    finally:
        store.dispose()


def test_a_narrow_window_gives_the_page_the_rails_room_and_keeps_every_title_whole(window, qtbot):
    """At 200% on a small screen the 230 px rail took a third of the window: it narrows to its
    titles on two lines, none of them cut, and is as wide as before on a roomy window."""
    window.resize(640, 400)
    qtbot.waitUntil(lambda: window.navigation.width() < MainWindow.RAIL_WIDTH)
    nav = window.navigation
    for row, title in enumerate(MainWindow.PAGES):
        rect = nav.visualItemRect(nav.item(row))
        lines = 1 + (nav.fontMetrics().horizontalAdvance(title) > rect.width() - 28)
        assert all(nav.fontMetrics().horizontalAdvance(part) <= rect.width() - 28
                   for part in _lines(title, lines, nav.fontMetrics().horizontalAdvance)), title
        assert rect.height() >= lines * nav.fontMetrics().lineSpacing(), title
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.navigation.width() == MainWindow.RAIL_WIDTH)


def _lines(title: str, count: int, advance) -> list[str]:
    """`title` on `count` lines (one or two), broken where its longer line is shortest."""
    if count == 1:
        return [title]
    words = title.split()
    cut = min(range(1, len(words)), key=lambda c: max(advance(" ".join(words[:c])), advance(" ".join(words[c:]))))
    return [" ".join(words[:cut]), " ".join(words[cut:])]
