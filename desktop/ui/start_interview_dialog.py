"""Ask who is interviewed and by whom before an interview starts: pick or create a candidate."""

from __future__ import annotations

import html
from typing import Any, Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy import select

from desktop.core.interviewing.candidates import list_candidates
from desktop.core.storage.models import InterviewSet, Role
from desktop.core.storage.preferences import load_preferences
from desktop.core.storage.store import Store
from desktop.ui.scorecard_dialogs import CandidateFields, SavingDialog

NEW_CANDIDATE = -1


class StartInterviewDialog(SavingDialog):
    """save(candidate_id=..., new_candidate=..., interviewer=...) -> the new interview's id.

    candidate_id is None for a new candidate; new_candidate holds create_candidate's arguments."""

    def __init__(self, store: Store, set_id: int, save: Callable[..., Any], parent: QWidget | None = None):
        super().__init__("Start Interview", save, parent)
        with store.session() as s:
            interview_set = s.get(InterviewSet, set_id)
            set_name = interview_set.name if interview_set else f"set {set_id}"
            set_role = interview_set.role_id if interview_set else None
            candidates = [(c.id, c.name, c.role_id) for c in list_candidates(s)]
            roles = [(r.id, r.name) for r in s.scalars(select(Role).order_by(Role.name))]

        self.show_intro(f"Interview with the set <b>{html.escape(set_name)}</b>", rich=True)
        self.intro.setAccessibleName("Set to interview with")
        self.candidate = QComboBox()
        self.candidate.setAccessibleName("Candidate")
        self.candidate.addItem("New candidate…", NEW_CANDIDATE)
        role_names = dict(roles)
        for cid, name, role_id in candidates:
            label = f"{name} — {role_names[role_id]}" if role_id in role_names else name
            self.candidate.addItem(label, cid)
        self.form.addRow("Candidate:", self.candidate)
        self.new_candidate = CandidateFields(self.form, roles, role_id=set_role)
        self.name, self.role, self.notes = self.new_candidate.name, self.new_candidate.role, self.new_candidate.notes
        self.interviewer = QLineEdit(load_preferences().interviewer_name)
        self.interviewer.setAccessibleName("Interviewer name")
        self.interviewer.setPlaceholderText("Your name")
        self.form.addRow("Interviewer:", self.interviewer)
        self.set_ok_text("Start Interview")
        self.name_choice_lists()
        self.candidate.currentIndexChanged.connect(self._candidate_changed)
        self._candidate_changed()

    def _candidate_changed(self) -> None:
        new = self.candidate.currentData() == NEW_CANDIDATE
        self.new_candidate.set_visible(new)
        (self.name if new else self.interviewer).setFocus()

    def arguments(self) -> dict:
        chosen = self.candidate.currentData()
        return {"candidate_id": None if chosen == NEW_CANDIDATE else int(chosen),
                "new_candidate": self.new_candidate.values(), "interviewer": self.interviewer.text()}
