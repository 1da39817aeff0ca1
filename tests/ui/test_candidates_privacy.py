"""The Candidates view on trust and privacy: a broken seal shows in red, a candidate can be erased."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select, update

from desktop.core.storage.models import Annotation, Candidate, Erasure
from desktop.ui import theme
from desktop.ui.candidates_model import CandidatesTreeModel as M
from desktop.ui.scorecard_dialogs import EraseCandidateDialog
from tests.ui.test_candidates_view import cell, make_view, me, story  # noqa: F401  (fixtures)

SHOTS = Path("/tmp/shots")


def tamper(store, interview_id: int) -> None:
    """Someone with the database file edits a sealed note."""
    with store.transaction() as s:
        s.execute(update(Annotation).where(Annotation.interview_id == interview_id, Annotation.position == 1)
                  .values(notes="Quietly rewritten after the seal"))


def test_a_broken_seal_shows_in_red_in_the_list_and_on_the_scorecard(qtbot, store, story, me):
    target = story.interview_ids[1]
    tamper(store, target)
    view = make_view(qtbot, store)

    index = view.model.index_of("interview", target)
    status = index.siblingAtColumn(M.COL_STATUS)
    assert cell(view, "interview", target, M.COL_STATUS).startswith("SEAL BROKEN")
    assert view.model.data(status, Qt.ItemDataRole.ForegroundRole) == theme.color("bad")
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole) == theme.color("bad")
    assert "question 2: notes changed" in view.model.data(index, Qt.ItemDataRole.ToolTipRole)
    sound = view.model.index_of("interview", story.interview_ids[0]).siblingAtColumn(M.COL_STATUS)
    assert view.model.data(sound, Qt.ItemDataRole.DisplayRole) == "submitted"  # the others are not alarmed

    view.select("interview", target)
    assert view.card_alarm.isVisible()
    assert view.card_alarm.text().startswith("SEAL BROKEN: question 2: notes changed")
    assert theme.css("bad") in view.card_alarm.styleSheet()
    assert "SEAL BROKEN" in view.card_seal.text() and "seal verified" not in view.card_seal.text()

    view.select("interview", story.interview_ids[0])
    assert not view.card_alarm.isVisible() and "seal verified" in view.card_seal.text()
    view.select("interview", target)
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.resize(1280, 800)
    qtbot.waitUntil(lambda: view.card_alarm.isVisible())
    assert view.grab().save(str(SHOTS / "privacy_broken_seal.png"))
    view.select("loop", story.loop_id)  # the row itself, red, when it is not the selected one
    assert view.grab().save(str(SHOTS / "privacy_broken_seal_list.png"))


def test_erase_asks_for_the_name_then_erases_and_keeps_only_the_record(qtbot, store, story, me, monkeypatch):
    me["name"] = "Dana Okafor"
    seen = {}

    def confirm(dialog: EraseCandidateDialog):
        seen["enabled before typing"] = dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.confirm, "jordan")  # not the whole name: still asleep
        seen["enabled on a part"] = dialog.erase_button.isEnabled()
        dialog.confirm.setText("  JORDAN   avery ")
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(EraseCandidateDialog, "exec", confirm)
    view = make_view(qtbot, store)
    view.select("candidate", story.candidate_id)
    assert view.erase_button.isEnabled()
    with qtbot.waitSignal(view.model.modelReset, timeout=20_000):
        qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.model.index_of("candidate", story.candidate_id).isValid(), timeout=20_000)
    assert seen["enabled before typing"] is False and seen["enabled on a part"] is False
    assert view.notice.text().startswith("Candidate erased: 4 interviews")
    with store.session() as s:
        assert s.get(Candidate, story.candidate_id) is None
        (record,) = s.scalars(select(Erasure)).all()
        assert (record.erased_by, record.interviews) == ("Dana Okafor", 4)


def test_cancelling_the_erasure_keeps_the_candidate(qtbot, store, story, me, monkeypatch):
    monkeypatch.setattr(EraseCandidateDialog, "exec", lambda dialog: dialog.reject() or dialog.result())
    view = make_view(qtbot, store)
    view.select("candidate", story.candidate_id)
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        assert s.get(Candidate, story.candidate_id) is not None


def test_the_erase_dialog_names_every_control(qtbot, store, story, me):
    from desktop.core.interviewing.erasure import erasure_plan
    from tests.ui.test_candidates_view import unnamed

    with store.session() as s:
        dialog = EraseCandidateDialog(erasure_plan(s, story.candidate_id), "Dana")
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []
    assert not dialog.erase_button.isEnabled()
    dialog.confirm.setText("Jordan Avery")
    assert dialog.erase_button.isEnabled()
    dialog.by.setText(" ")
    assert not dialog.erase_button.isEnabled()  # an erasure is recorded with who did it
