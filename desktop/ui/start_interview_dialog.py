"""Ask who is interviewed and by whom before an interview starts: pick or create a candidate."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.core.candidates import list_candidates
from desktop.core.models import InterviewSet, Role
from desktop.core.preferences import load_preferences
from desktop.core.store import Store

NEW_CANDIDATE = -1


@dataclass
class StartChoice:
    candidate_id: int | None  # None: create the new candidate below
    new_name: str
    new_role_id: str | None
    new_notes: str
    interviewer: str


class StartInterviewDialog(QDialog):
    def __init__(self, store: Store, set_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Start Interview")
        self.setMinimumWidth(480)
        with store.session() as s:
            interview_set = s.get(InterviewSet, set_id)
            set_name = interview_set.name if interview_set else f"set {set_id}"
            set_role = interview_set.role_id if interview_set else None
            candidates = [(c.id, c.name, c.role_id) for c in list_candidates(s)]
            roles = [(r.id, r.name) for r in s.scalars(select(Role).order_by(Role.name))]

        intro = QLabel(f"Interview with the set <b>{_escape(set_name)}</b>")
        intro.setAccessibleName("Set to interview with")
        self.candidate = QComboBox()
        self.candidate.setAccessibleName("Candidate")
        self.candidate.addItem("New candidate…", NEW_CANDIDATE)
        role_names = dict(roles)
        for cid, name, role_id in candidates:
            label = f"{name} — {role_names[role_id]}" if role_id in role_names else name
            self.candidate.addItem(label, cid)
        self.name = QLineEdit()
        self.name.setAccessibleName("New candidate's name")
        self.name.setPlaceholderText("Full name")
        self.role = QComboBox()
        self.role.setAccessibleName("New candidate's role")
        self.role.addItem("No role", None)
        for role_id, name in roles:
            self.role.addItem(name, role_id)
        self.role.setCurrentIndex(max(0, self.role.findData(set_role)))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes about the new candidate")
        self.notes.setPlaceholderText("Optional: source, referral, anything useful")
        self.notes.setFixedHeight(64)
        self.interviewer = QLineEdit(load_preferences().interviewer_name)
        self.interviewer.setAccessibleName("Interviewer name")
        self.interviewer.setPlaceholderText("Your name")
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        form = QFormLayout()
        form.addRow("Candidate:", self.candidate)
        form.addRow("Name:", self.name)
        form.addRow("Role:", self.role)
        form.addRow("Notes:", self.notes)
        form.addRow("Interviewer:", self.interviewer)
        self.form = form
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start Interview")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.candidate.currentIndexChanged.connect(self._candidate_changed)
        self._candidate_changed()

    def _candidate_changed(self) -> None:
        new = self.candidate.currentData() == NEW_CANDIDATE
        for field in (self.name, self.role, self.notes):
            self.form.setRowVisible(field, new)
        (self.name if new else self.interviewer).setFocus()

    def choice(self) -> StartChoice:
        chosen = self.candidate.currentData()
        return StartChoice(
            candidate_id=None if chosen == NEW_CANDIDATE else int(chosen),
            new_name=" ".join(self.name.text().split()),
            new_role_id=self.role.currentData(),
            new_notes=self.notes.toPlainText().strip(),
            interviewer=" ".join(self.interviewer.text().split()),
        )

    def accept(self) -> None:
        choice = self.choice()
        problem = ("Enter the new candidate's name." if choice.candidate_id is None and not choice.new_name
                   else "Enter the interviewer's name." if not choice.interviewer else "")
        if problem:
            self.error.setText(problem)
            self.error.show()
            (self.name if "candidate" in problem else self.interviewer).setFocus()
            return
        super().accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
