"""Ask who is interviewed and by whom before an interview starts: pick or create a candidate."""

from __future__ import annotations

import html
from typing import Any, Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.core.bank import catalog
from desktop.core.building.sets import SetError, load_draft
from desktop.core.interviewing.candidates import candidate_choices
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
            try:
                draft = load_draft(s, set_id)
                set_name, set_role = draft.name, draft.role_id
            except SetError:  # gone meanwhile: starting it will say so
                set_name, set_role = f"set {set_id}", None
            candidates = candidate_choices(s)
            roles = [(r.id, r.name) for r in catalog.roles(s)]

        self.show_intro(f"Interview with the set <b>{html.escape(set_name)}</b>", rich=True)
        self.intro.setAccessibleName("Set to interview with")
        self.candidate = QComboBox()
        self.candidate.setAccessibleName("Candidate")
        self.candidate.addItem("New candidate…", NEW_CANDIDATE)
        role_names = dict(roles)
        for c in candidates:
            label = f"{c.name} — {role_names[c.role_id]}" if c.role_id in role_names else c.name
            self.candidate.addItem(label, c.id)
        self.form.addRow("Candidate:", self.candidate)
        self.new_candidate = CandidateFields(self.form, roles, role_id=set_role)
        self.name, self.role, self.notes = self.new_candidate.name, self.new_candidate.role, self.new_candidate.notes
        # Your interview, signed with your name: one typed here would make it someone else's to
        # continue, amend and seal (access.may_continue). Preferences is where a name changes.
        self.interviewer = QLineEdit(load_preferences().interviewer_name)
        self.interviewer.setReadOnly(True)
        self.interviewer.setAccessibleName("Interviewer name")
        self.interviewer.setToolTip("Interviews are yours, signed with your name (change it in Preferences)")
        self.form.addRow("Interviewer:", self.interviewer)
        self.set_ok_text("Start Interview")
        self.name_choice_lists()
        self.candidate.currentIndexChanged.connect(self._candidate_changed)
        self._candidate_changed()

    def _candidate_changed(self) -> None:
        new = self.candidate.currentData() == NEW_CANDIDATE
        self.new_candidate.set_visible(new)
        (self.name if new else self.candidate).setFocus()

    def arguments(self) -> dict:
        chosen = self.candidate.currentData()
        return {"candidate_id": None if chosen == NEW_CANDIDATE else int(chosen),
                "new_candidate": self.new_candidate.values(), "interviewer": self.interviewer.text()}
