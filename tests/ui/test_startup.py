"""Start-up: the window is painted before the database side of the core loads; the database opens
right after, and the page the window opened on, the bank count, the commands on the database and
the offer to resume come with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core import interviewing as iv
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui import app as desk
from desktop.ui import main_window, tasks
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow
from tests.conftest import BANK_SIZE
from tests.core.interview_fixtures import make_candidate, make_set

ROOT = Path(__file__).resolve().parents[2]

# In a child: the app's own start (desktop.__main__ with no command). At the main window's first
# paint it notes what is loaded and built; then, once the database is open, what is built.
START_AND_WATCH_THE_FIRST_PAINT = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

HEAVY = ("sqlalchemy", "alembic", "reportlab", "pypdfium2", "desktop.core.storage.models")

def painted(window):
    seen = {"loaded": sorted(n for n in HEAVY if n in sys.modules),
            "built": [type(v).__name__ for v in window.built_pages()]}
    def ready():
        seen["built_once_open"] = [type(v).__name__ for v in window.built_pages()]
        seen["count_once_open"] = window.bank_count_label.text()
        print(json.dumps(seen), flush=True)
        os._exit(0)
    if window.store is not None:
        ready()
    else:
        window.store_attached.connect(ready)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)):
            app.removeEventFilter(self)
            QTimer.singleShot(0, lambda: painted(watched.window()))  # the paint done
        return False

app = QApplication(sys.argv[:1])
first_paint = FirstPaint()
app.installEventFilter(first_paint)
sys.argv = ["interview-desk"]
from desktop.__main__ import main
main()
"""


def test_the_window_is_painted_before_the_orm_loads_and_its_page_comes_with_the_database(tmp_path):
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    env.pop("INTERVIEW_DESK_DB", None)
    save_preferences(Preferences(interviewer_name="Rita"), tmp_path / "preferences.json")  # not asked
    for start in ("first start", "warm start"):
        done = subprocess.run([sys.executable, "-c", START_AND_WATCH_THE_FIRST_PAINT], env=env, cwd=ROOT, check=False,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        seen = json.loads(done.stdout.splitlines()[-1])
        assert seen["loaded"] == [] and seen["built"] == [], (start, seen)  # the shell, painted first
        assert seen["built_once_open"] == ["BankView"], (start, seen)
        assert seen["count_once_open"].endswith(" questions in the bank"), (start, seen)


@pytest.fixture
def shell(qtbot):
    """The window as the app paints it first: no store yet."""
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_shell_switches_pages_and_builds_only_the_one_on_screen_once_the_store_comes(shell, qtbot, store):
    assert shell.built_pages() == []
    waiting = (shell.import_action, shell.export_action, shell.import_cards_action, shell.import_kit_action)
    assert not any(action.isEnabled() for action in waiting)
    assert shell.statusBar().currentMessage() == "Opening the database…"
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow)
    qtbot.keyClick(shell, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the View menu's shortcut
    assert shell.current_page_title() == "Interview" and shell.built_pages() == []
    with qtbot.waitSignal(shell.store_attached):
        shell.attach_store(store)
    assert [type(v).__name__ for v in shell.built_pages()] == ["InterviewView"]
    assert shell.pages.currentWidget() is shell.interview_view and shell.interview_view.isVisible()
    assert shell.bank_count_label.text() == f"{BANK_SIZE} questions in the bank"
    assert shell.import_action.isEnabled() and shell.export_action.isEnabled()
    assert shell.statusBar().currentMessage() == ""


def test_an_interrupted_interview_is_offered_once_the_database_is_open(qtbot, store, monkeypatch):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    monkeypatch.setattr(main_window, "_put_off", set())  # a fresh run of the app
    save_preferences(Preferences(interviewer_name="Rita"))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s, "Zoë Park").id,
                                        interviewer="Rita")
        iv.begin_interview(s, interview.id)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    QCoreApplication.processEvents()  # the window's first turns: it would ask now, with a store
    window.attach_store(store)
    qtbot.waitUntil(lambda: getattr(window.interview_view, "resume_box", None) is not None)
    assert "Zoë Park" in window.interview_view.resume_box.text()
    window.interview_view.resume_box.reject()


def test_a_database_that_cannot_open_says_so_over_the_window_and_the_app_quits_with_1(qtbot, tmp_path,
                                                                                       monkeypatch):
    configure_application(QCoreApplication.instance())
    monkeypatch.setattr(desk, "_warm_up_pdf_fonts", lambda: None)
    save_preferences(Preferences(interviewer_name="Rita"))
    (tmp_path / "a-folder").mkdir()
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append((parent, text)))
    assert desk.run(str(tmp_path / "a-folder")) == 1
    (parent, text), = said
    assert isinstance(parent, MainWindow) and parent.store is None and parent.built_pages() == []
    assert text.startswith("Interview Desk could not open its database.") and "is a folder" in text
    qtbot.waitUntil(lambda: not tasks.events().running)
    shiboken6.delete(parent)  # the app's window: gone, as when the app has quit


def test_a_window_left_on_the_interview_or_candidates_page_loads_neither_pdf_library():
    """Those pages can export and preview PDFs: ReportLab and pypdfium2 load with the first export."""
    listed = "import sys, desktop.ui.interview_view, desktop.ui.candidates_view; " \
             "print(*sorted(n for n in ('reportlab', 'pypdfium2') if n in sys.modules))"
    done = subprocess.run([sys.executable, "-c", listed], env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
