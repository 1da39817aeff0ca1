"""Dialogs of the Candidates & Scorecards view: new candidate, amend a scorecard, open a debrief early.

Each dialog hands what was typed to a `save` function given by the view; a ValueError from it
(the core's one-line messages) is shown in the dialog, which stays open, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.interviews import RATING_ANCHORS, RECOMMENDATION_LABELS
from desktop.core.scorecards import ScorecardDetail

UNCHANGED = "unchanged"


class _SavingDialog(QDialog):
    def __init__(self, title: str, save: Callable[..., Any], parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.save = save
        self.result_value: Any = None
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a12d2d;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setAccessibleName("Dialog buttons")
        self._name_buttons()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _name_buttons(self) -> None:
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))

    def name_choice_lists(self) -> None:
        """A combo box's pop-up list is an item view of its own: name it after the combo box."""
        for box in self.findChildren(QComboBox):
            box.view().setAccessibleName(f"{box.accessibleName()} choices")

    def show_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def arguments(self) -> dict:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.result_value = self.save(**self.arguments())
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


def _text_box(name: str, text: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class NewCandidateDialog(_SavingDialog):
    """save(name=..., role_id=..., notes=...) -> the new candidate's id."""

    def __init__(self, roles: list[tuple[str, str]], save: Callable[..., Any], parent: QWidget | None = None):
        super().__init__("New Candidate", save, parent)
        self.name = QLineEdit()
        self.name.setAccessibleName("Candidate name")
        self.name.setMaxLength(200)
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        self.role.addItem("No role yet", None)
        for role_id, role_name in roles:
            self.role.addItem(role_name, role_id)
        self.notes = _text_box("Notes about the candidate")
        self.notes.setPlaceholderText("Optional: referral, availability, anything the interviewers should know")
        self.form.addRow("Name:", self.name)
        self.form.addRow("Role:", self.role)
        self.form.addRow("Notes:", self.notes)
        self.name_choice_lists()

    def arguments(self) -> dict:
        return {"name": self.name.text(), "role_id": self.role.currentData(), "notes": self.notes.toPlainText()}


class AmendDialog(_SavingDialog):
    """save(author=..., reason=..., changes=...) records the amendment; only what differs is sent."""

    def __init__(self, detail: ScorecardDetail, author: str, save: Callable[..., Any], parent: QWidget | None = None):
        super().__init__("Amend Scorecard", save, parent)
        self.detail = detail
        self.show_intro(
            f"The sealed scorecard of {detail.entry.interviewer} stays as it was submitted; "
            "this correction is recorded beside it, with your name and reason, and shown in its history.")
        self.author = QLineEdit(author)
        self.author.setAccessibleName("Your name")
        self.reason = _text_box("Reason for the amendment", height=70)
        self.reason.setPlaceholderText("Required: why the scorecard needs correcting")
        self.recommendation = QComboBox()
        self.recommendation.setAccessibleName("New recommendation")
        self.recommendation.addItem(f"Unchanged ({RECOMMENDATION_LABELS.get(detail.entry.recommendation or '', '')})",
                                    UNCHANGED)
        for value, label in RECOMMENDATION_LABELS.items():
            self.recommendation.addItem(label, value)
        self.summary = _text_box("Summary of the evidence", detail.summary, height=110)
        self.form.addRow("Your name:", self.author)
        self.form.addRow("Reason:", self.reason)
        self.form.addRow("Recommendation:", self.recommendation)
        self.form.addRow("Summary:", self.summary)
        # Ratings in a grid of their own: the question gets the room, the choice its natural width.
        ratings = QGridLayout()
        ratings.setColumnStretch(0, 1)
        self.ratings: list[QComboBox] = []
        for row, q in enumerate(detail.questions):
            box = QComboBox()
            box.setAccessibleName(f"New rating for question {q.position + 1}")
            box.addItem(f"Unchanged ({q.rating_label or 'not rated'})", UNCHANGED)
            for value, anchor in RATING_ANCHORS.items():
                box.addItem(f"{value} · {anchor}", value)
            box.addItem("Skipped", "skipped")
            box.setToolTip(q.prompt)
            prompt = " ".join(q.prompt.split())
            label = QLabel(f"{q.position + 1}. {prompt[:70]}{'…' if len(prompt) > 70 else ''}")
            label.setToolTip(q.prompt)
            label.setBuddy(box)
            self.ratings.append(box)
            ratings.addWidget(label, row, 0)
            ratings.addWidget(box, row, 1)
        heading = QLabel("<b>Ratings</b> (choose only what changes)")
        self.layout().insertWidget(2, heading)
        self.layout().insertLayout(3, ratings)
        self.setMinimumWidth(760)
        self.name_choice_lists()

    def changes(self) -> dict:
        changes: dict[str, Any] = {}
        if self.recommendation.currentData() != UNCHANGED:
            changes["recommendation"] = self.recommendation.currentData()
        if self.summary.toPlainText() != self.detail.summary:
            changes["summary"] = self.summary.toPlainText()
        annotations = {}
        for q, box in zip(self.detail.questions, self.ratings):
            value = box.currentData()
            if value == "skipped":
                annotations[str(q.position)] = {"skipped": True}
            elif value != UNCHANGED:
                annotations[str(q.position)] = {"rating": value, **({"skipped": False} if q.skipped else {})}
        if annotations:
            changes["annotations"] = annotations
        return changes

    def arguments(self) -> dict:
        return {"author": self.author.text(), "reason": self.reason.toPlainText(), "changes": self.changes()}


class DebriefOverrideDialog(_SavingDialog):
    """save(by=..., reason=...) records who opened the debrief early and why."""

    def __init__(self, why_closed: str, by: str, save: Callable[..., Any], parent: QWidget | None = None):
        super().__init__("Open the Debrief Early", save, parent)
        self.show_intro(
            f"The debrief is still closed: {why_closed}.\n\n"
            "Opening it now shows every submitted rating before all interviewers have written "
            "theirs. This is recorded with your name and reason.")
        self.by = QLineEdit(by)
        self.by.setAccessibleName("Your name")
        self.reason = _text_box("Reason to open the debrief early", height=70)
        self.reason.setPlaceholderText("Required: e.g. the offer deadline is today")
        self.form.addRow("Your name:", self.by)
        self.form.addRow("Reason:", self.reason)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open Debrief")
        self._name_buttons()

    def arguments(self) -> dict:
        return {"by": self.by.text(), "reason": self.reason.toPlainText()}
