"""After a change, every open view that shows what changed redraws itself: an import reaches the
Bank page and the bank count, a submitted scorecard reaches Candidates & Scorecards."""

from __future__ import annotations

import shutil

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.core import demo
from desktop.core.bank import sync as bank_sync
from desktop.core.bank.questions import add_question, retire_question
from desktop.core.storage.models import Interview, Question
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from desktop.ui import tasks
from desktop.ui.app import configure_application
from desktop.ui.bank_view import BankView
from desktop.ui.candidates_model import CandidatesTreeModel as M
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import ChangeOp


@pytest.fixture
def window(qtbot, store):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.bank_view.is_searching(), timeout=5000)
    return win


def first_question_id(store) -> str:
    with store.session() as s:
        return s.query(Question.id).filter(Question.retired.is_(False)).order_by(Question.id).first()[0]


def retire(store, _progress, question_id: str) -> str:
    with store.transaction() as s:
        retire_question(s, question_id)
    return question_id


def test_a_change_reaches_a_subscribed_view(qtbot, store):
    view = BankView(store)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        view.refresh()
    gone = first_question_id(store)
    assert view.model.row_of(gone) >= 0
    done = []
    with qtbot.waitSignal(view.results_shown, timeout=5000):  # the view searched again by itself
        ChangeOp(store, retire, gone, changes={"bank"}).success(done.append).run()
    assert done == [gone]
    assert view.model.row_of(gone) < 0  # retired questions are not listed


def test_a_query_or_another_kind_of_change_leaves_the_view_alone(qtbot, store):
    heard = []
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks.on_changes(owner, {"bank"}, lambda: heard.append("bank"))
    tasks.announce_changes({"interviews"})
    done = []
    tasks.QueryOp(store, lambda _s, _p: "read").success(done.append).run()
    qtbot.waitUntil(lambda: done == ["read"], timeout=5000)
    assert heard == []
    tasks.announce_changes({"bank", "sets"})
    assert heard == ["bank"]  # one event, however many kinds it names


def test_a_subscription_ends_with_its_view(qtbot):
    heard = []
    owner = QWidget()
    tasks.on_changes(owner, {"bank"}, lambda: heard.append(owner.objectName()))
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(owner), timeout=5000)
    tasks.announce_changes({"bank"})  # would raise if the dead view's callback still ran
    assert heard == []


def _deleted(obj) -> bool:
    return not shiboken6.isValid(obj)


def test_unknown_change_kinds_are_refused(qtbot):
    with pytest.raises(ValueError, match="changes must be some of"):
        ChangeOp(None, lambda _s, _p: None, changes={"bnak"})
    with pytest.raises(ValueError):
        tasks.on_changes(QWidget(), set(), lambda: None)


def test_an_import_updates_the_bank_count_and_the_bank_page(qtbot, window, store, db_path, tmp_path, monkeypatch):
    # A bank file with one question this database does not have, written by the core itself.
    elsewhere = Store(str(shutil.copy(db_path, tmp_path / "elsewhere.db")))
    with elsewhere.transaction() as s:
        data = bank_sync.question_to_dict(s.get(Question, first_question_id(elsewhere)))
        add_question(s, {**data, "id": "my-new-001", "retired": False})
    with elsewhere.session() as s:
        bank_sync.export_bank(s, tmp_path / "more.yaml")
    elsewhere.dispose()
    before = window.bank_count
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(tmp_path / "more.yaml")], ""))

    window.import_bank()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported:"), timeout=20000)
    assert window.bank_count == before + 1
    assert window.bank_count_label.text() == f"{before + 1} questions in the bank"
    qtbot.waitUntil(lambda: window.bank_view.model.row_of("my-new-001") >= 0, timeout=5000)


def test_a_submitted_scorecard_reaches_the_candidates_page(qtbot, window, store):
    with store.transaction() as s:
        story = demo.create_demo(s)
        unfinished = s.get(Interview, story.in_progress_interview_id).interviewer
    save_preferences(Preferences(interviewer_name=unfinished))
    candidates = window.candidates_view
    window.show_page(window.PAGES.index("Candidates & Scorecards"))

    def status():
        index = candidates.model.index_of("interview", story.in_progress_interview_id)
        return candidates.model.data(index.siblingAtColumn(M.COL_STATUS), Qt.ItemDataRole.DisplayRole)

    assert status() == "in progress"
    window._open_interview(story.in_progress_interview_id)
    interview = window.interview_view
    interview.recommendation_buttons["yes"].click()
    interview.summary.setPlainText("Clear reasoning about retrieval.")
    interview.ask_to_seal = lambda: True  # "Submit and Seal" in the confirmation
    with qtbot.waitSignal(interview.interview_submitted, timeout=5000):
        interview.submit()
    assert status() == "submitted"  # without anyone calling candidates.refresh()
