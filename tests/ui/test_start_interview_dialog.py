"""Starting an interview: it is yours, under the name you are known by."""

from __future__ import annotations

from desktop.core import demo
from desktop.core.storage.preferences import Preferences
from desktop.ui import start_interview_dialog as dialog_module
from desktop.ui.start_interview_dialog import StartInterviewDialog


def test_the_interviewer_is_you_and_cannot_be_typed_over(qtbot, store, monkeypatch):
    """A name typed here would make the interview someone else's to continue and seal."""
    monkeypatch.setattr(dialog_module, "load_preferences", lambda: Preferences(interviewer_name="Ana Lima"))
    with store.transaction() as s:
        story = demo.create_demo(s)
    saved = []
    dialog = StartInterviewDialog(store, story.set_ids[0], lambda **f: saved.append(f) or 1)
    qtbot.addWidget(dialog)
    assert dialog.interviewer.text() == "Ana Lima"
    assert dialog.interviewer.isReadOnly()
    qtbot.keyClicks(dialog.interviewer, "Someone Else")
    assert dialog.arguments()["interviewer"] == "Ana Lima"
