"""The offer to resume an interrupted interview: asked once the window is on screen (never over
a window not shown yet), and put off with "Later" it is not asked again in this run of the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from desktop.core import interviewing as iv
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui import main_window, tasks
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow
from tests.core.interview_fixtures import make_candidate, make_set


@pytest.fixture
def interrupted(store, monkeypatch):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    monkeypatch.setattr(main_window, "_put_off", set(), raising=False)  # a fresh run of the app
    save_preferences(Preferences(interviewer_name="Rita"))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s, "Zoë Park").id,
                                        interviewer="Rita")
        iv.begin_interview(s, interview.id)
        return interview.id


def _offer(window):
    view = window._built[window.PAGES.index("Interview")]
    return getattr(view, "resume_box", None)


def test_the_offer_waits_for_the_window_to_be_on_screen(qtbot, store, interrupted):
    window = MainWindow(store)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not tasks.events().running)  # whatever it looked up has come back
    assert _offer(window) is None  # nothing pops up before (or without) the window
    window.show()
    qtbot.waitUntil(lambda: _offer(window) is not None)
    assert window.windowHandle().isExposed() and _offer(window).parent() is window
    assert "Zoë Park" in _offer(window).text()


def test_put_off_it_is_not_asked_again_in_this_run(qtbot, store, interrupted, monkeypatch):
    first = MainWindow(store)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: _offer(first) is not None)
    later = [b for b in _offer(first).buttons() if b is not _offer(first).defaultButton()]
    later[0].click()  # "Later" / "Not now"
    assert first.interview_view.live is None
    first.close()

    looked = []
    look_up = main_window._interrupted_interview_id
    monkeypatch.setattr(main_window, "_interrupted_interview_id",
                        lambda *args: looked.append(1) or look_up(*args))
    second = MainWindow(store)  # a second window in the same run
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: bool(looked) and not tasks.events().running)  # it looked, and it came back
    assert _offer(second) is None
    assert interrupted in [u.id for u in _unfinished(store)]  # still listed to continue


def _unfinished(store):
    with store.session() as s:
        return iv.unfinished_interviews(s, "Rita")
