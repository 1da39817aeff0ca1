"""Dialogs about candidates and their scorecards: new candidate, amend a scorecard, open a debrief
early, erase a candidate.

Each dialog hands what was typed to a `save` function given by the caller; a ValueError from it
(the core's one-line messages) is shown in the dialog, which stays open, so nothing typed is lost.
`amend_scorecard` and `ask_to_open_debrief` are what the views call: they load, ask and record.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core import interviewing as iv
from desktop.core.interviewing import RATING_ANCHORS, RECOMMENDATION_LABELS, erasure
from desktop.core.interviewing.erasure import ErasurePlan
from desktop.core.storage.store import Store
from desktop.ui.widgets import FittedScrollArea

SKIPPED = "skipped"  # the rating choice that marks a question skipped
LABELS_ABOVE_BELOW = 560  # px of dialog width under which a form's labels go above their fields


class SavingDialog(QDialog):
    """A form that hands what was typed to `save`; a ValueError keeps it open with the message."""

    def __init__(self, title: str, save: Callable[..., Any], parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.preferred_width = 520  # where the screen has room; a narrow one (200% scale) gets less
        self.save = save
        self.result_value: Any = None
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # core messages quote what was typed
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.css('bad')};")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setAccessibleName("Dialog buttons")
        self._name_buttons()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setAccessibleName("About this dialog")
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        # The fields scroll up and down on a short screen; the buttons stay in view below them.
        fields = QWidget()
        fields.setLayout(self.form)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.fields_scroll = FittedScrollArea()
        self.fields_scroll.setAccessibleName("Fields")
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_scroll.setWidget(fields)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def sizeHint(self) -> QSize:
        """`preferred_width` wide and as tall as the fields, within the screen."""
        hint = super().sizeHint()
        area = self.screen().availableGeometry()
        return QSize(min(max(hint.width(), self.preferred_width), area.width() - 40),
                     min(hint.height(), area.height() - 60))  # the title bar and frame too

    def setVisible(self, visible: bool) -> None:
        if visible and not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            self.resize(self.sizeHint())  # Qt would stop at 2/3 of a small screen
        super().setVisible(visible)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Narrow (200% scale): each label above its field, the fields get the whole width.
        policy = (QFormLayout.RowWrapPolicy.WrapAllRows if event.size().width() < LABELS_ABOVE_BELOW
                  else QFormLayout.RowWrapPolicy.DontWrapRows)
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)

    def _name_buttons(self) -> None:
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))

    def set_ok_text(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(text)
        self._name_buttons()

    def name_choice_lists(self) -> None:
        """A combo box's pop-up list is an item view of its own: name it after the combo box."""
        for box in self.findChildren(QComboBox):
            box.view().setAccessibleName(f"{box.accessibleName()} choices")

    def show_intro(self, text: str, *, rich: bool = False) -> None:
        """Plain text unless `rich`: names and reasons are user text and must show as typed."""
        self.intro.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.intro.setText(text)
        self.intro.show()

    def show_problem(self, text: str) -> None:
        self.error.setText(text[:1].upper() + text[1:])
        self.error.show()

    def arguments(self) -> dict:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.result_value = self.save(**self.arguments())
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        super().accept()


def text_box(name: str, text: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _short(prompt: str, length: int = 70) -> str:
    prompt = " ".join(prompt.split())
    return prompt if len(prompt) <= length else prompt[:length].rstrip() + "…"


# -- a new candidate --------------------------------------------------------------------------------
class CandidateFields:
    """Name, role and notes of a new candidate, as rows of the caller's form.

    `values()` are the keyword arguments of core.candidates.create_candidate, which checks them."""

    def __init__(self, form: QFormLayout, roles: list[tuple[str, str]], role_id: str | None = None):
        self.form = form
        self.name = QLineEdit()
        self.name.setAccessibleName("Candidate name")
        self.name.setPlaceholderText("Full name")
        self.name.setMaxLength(200)
        self.role = QComboBox()
        self.role.setAccessibleName("Candidate role")
        self.role.addItem("No role yet", None)
        for key, name in roles:
            self.role.addItem(name, key)
        self.role.setCurrentIndex(max(0, self.role.findData(role_id)))
        self.notes = text_box("Notes about the candidate", height=64)
        self.notes.setPlaceholderText("Optional: referral, availability, anything the interviewers should know")
        form.addRow("Name:", self.name)
        form.addRow("Role:", self.role)
        form.addRow("Notes:", self.notes)

    def set_visible(self, visible: bool) -> None:
        for field in (self.name, self.role, self.notes):
            self.form.setRowVisible(field, visible)

    def values(self) -> dict:
        return {"name": self.name.text(), "role_id": self.role.currentData(), "notes": self.notes.toPlainText().strip()}


class NewCandidateDialog(SavingDialog):
    """save(name=..., role_id=..., notes=...) -> the new candidate's id."""

    def __init__(self, roles: list[tuple[str, str]], save: Callable[..., Any], parent: QWidget | None = None):
        super().__init__("New Candidate", save, parent)
        self.fields = CandidateFields(self.form, roles)
        self.name, self.role, self.notes = self.fields.name, self.fields.role, self.fields.notes
        self.set_ok_text("Create Candidate")
        self.name_choice_lists()

    def arguments(self) -> dict:
        return self.fields.values()


# -- amending a sealed scorecard ------------------------------------------------------------------
class AmendDialog(SavingDialog):
    """Edits a copy of the effective scorecard (`core.interviews.effective_scorecard`): recommendation,
    summary, each question's rating (or skipped) and notes, and the note on each competency the
    interview assesses (`competencies`: id -> name, in the scorecard's order).

    save(author=..., reason=..., changes=...) records it; `changes()` holds only what differs."""

    def __init__(self, card: dict, prompts: list[str], author: str, save: Callable[..., Any],
                 parent: QWidget | None = None, competencies: dict[str, str] | None = None):
        super().__init__("Amend Scorecard", save, parent)
        self.preferred_width = 680
        self.card = card
        self.original = {a["position"]: a for a in card["annotations"]}
        self.edits: dict[int, dict] = {}  # position -> {"rating", "skipped", "notes"} as chosen here
        self.show_intro(
            f"The sealed scorecard of {card['interviewer']} stays as it was submitted; this correction "
            "is recorded beside it, with your name and reason, and shown in its history.")

        self.recommendation = QComboBox()
        self.recommendation.setAccessibleName("Recommendation")
        for key, label in RECOMMENDATION_LABELS.items():
            self.recommendation.addItem(label + ("  (current)" if key == card["recommendation"] else ""), key)
        self.recommendation.setCurrentIndex(max(0, self.recommendation.findData(card["recommendation"])))
        self.summary = text_box("Summary of the evidence", card["summary"], height=100)
        self.prompts = {a["position"]: prompt for a, prompt in zip(card["annotations"], prompts)}
        self.question = QComboBox()
        self.question.setAccessibleName("Question to correct")
        # As wide as the form, not as the longest prompt (whole in each item's tooltip).
        self.question.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.question.setMinimumContentsLength(16)
        for a, prompt in zip(card["annotations"], prompts):
            self.question.addItem(self._question_text(a["position"]), a["position"])
            self.question.setItemData(self.question.count() - 1, prompt, Qt.ItemDataRole.ToolTipRole)
        self.rating = QComboBox()
        self.rating.setAccessibleName("Rating of the question")
        self.rating.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rating.setMinimumContentsLength(16)
        self.rating.addItem("Not rated", None)
        for value, anchor in RATING_ANCHORS.items():
            self.rating.addItem(f"{value} · {anchor}", value)
        self.rating.addItem("Skipped", SKIPPED)
        self.notes = text_box("Notes of the question", height=100)
        self.reason = text_box("Reason for the amendment", height=60)
        self.reason.setPlaceholderText("Required: why the scorecard needs correcting")
        self.author = QLineEdit(author)
        self.author.setAccessibleName("Your name")

        self.form.addRow("Recommendation:", self.recommendation)
        self.form.addRow("Summary:", self.summary)
        per_question = QLabel("Per question: pick one, then correct its rating or notes; "
                              "every question you change is kept and marked “changed”.")
        per_question.setWordWrap(True)
        per_question.setStyleSheet("color: palette(placeholder-text); margin-top: 6px;")
        self.form.addRow(per_question)
        self.form.addRow("Question:", self.question)
        self.form.addRow("Rating:", self.rating)
        self.form.addRow("Notes:", self.notes)
        self.competency_notes = self._competency_note_boxes(competencies or {})
        self.form.addRow("Reason:", self.reason)
        self.form.addRow("Your name:", self.author)
        self.set_ok_text("Record Amendment")
        self.name_choice_lists()

        self._loading = False  # filling the question's fields: not an edit
        self.question.currentIndexChanged.connect(self._show_question)
        self.rating.currentIndexChanged.connect(self._remember)
        self.notes.textChanged.connect(self._remember)
        self._show_question()

    def _competency_note_boxes(self, competencies: dict[str, str]) -> dict[str, QPlainTextEdit]:
        """One labelled note per assessed competency, filled with its current (amended) note."""
        if not competencies:
            return {}
        heading = QLabel("Per competency: correct the note on any of them; an emptied note is removed.")
        heading.setWordWrap(True)
        heading.setStyleSheet("color: palette(placeholder-text); margin-top: 6px;")
        self.form.addRow(heading)
        notes = self.card.get("competency_notes") or {}
        boxes = {}
        for competency, name in competencies.items():
            boxes[competency] = text_box(f"Note on {name}", str(notes.get(competency, "")), height=56)
            self.form.addRow(f"{name}:", boxes[competency])
        return boxes

    def _question_text(self, position: int) -> str:
        changed = "  — changed" if self._question_changes(position) else ""
        return f"{position + 1}. {_short(self.prompts.get(position, ''))}{changed}"

    def _current(self, position: int) -> dict:
        original = self.original[position]
        return self.edits.get(position, {k: original[k] for k in ("rating", "skipped", "notes")})

    def _question_changes(self, position: int) -> dict:
        original = self.original[position]
        return {k: v for k, v in self.edits.get(position, {}).items() if v != original[k]}

    def _show_question(self) -> None:
        position = self.question.currentData()
        if position is None:
            return
        current = self._current(position)
        self._loading = True
        self.rating.setCurrentIndex(self.rating.findData(SKIPPED if current["skipped"] else current["rating"]))
        self.notes.setPlainText(current["notes"])
        self._loading = False

    def _remember(self) -> None:
        position = self.question.currentData()
        if self._loading or position is None:
            return
        value = self.rating.currentData()
        skipped = value == SKIPPED
        # Skipping keeps the rating as it was: only "skipped" changes.
        self.edits[position] = {"rating": self.original[position]["rating"] if skipped else value,
                                "skipped": skipped, "notes": self.notes.toPlainText()}
        self.question.setItemText(self.question.currentIndex(), self._question_text(position))

    def changes(self) -> dict:
        changes: dict[str, Any] = {}
        if self.recommendation.currentData() != self.card["recommendation"]:
            changes["recommendation"] = self.recommendation.currentData()
        if self.summary.toPlainText() != self.card["summary"]:
            changes["summary"] = self.summary.toPlainText()
        annotations = {str(position): diff for position in self.original
                       if (diff := self._question_changes(position))}
        if annotations:
            changes["annotations"] = annotations
        notes = self.card.get("competency_notes") or {}
        competency_notes = {c: box.toPlainText() for c, box in self.competency_notes.items()
                            if box.toPlainText() != notes.get(c, "")}
        if competency_notes:
            changes["competency_notes"] = competency_notes
        return changes

    def arguments(self) -> dict:
        return {"author": self.author.text(), "reason": self.reason.toPlainText(), "changes": self.changes()}


def amend_scorecard(parent: QWidget, store: Store, interview_id: int, author: str) -> bool:
    """Ask for a correction to a sealed scorecard and record it; True once recorded."""
    with store.session() as s:
        sealed = iv.sealed_scorecard(s, interview_id)
    card, prompts = sealed.card, sealed.prompts  # prompts in the card's order

    def save(**fields) -> None:
        with store.transaction(durable=True) as s:
            iv.amend_interview(s, interview_id, **fields)

    dialog = AmendDialog(card, prompts, author, save, parent, competencies=sealed.competency_names)
    return dialog.exec() == QDialog.DialogCode.Accepted


# -- opening a debrief early ------------------------------------------------------------------------
class DebriefOverrideDialog(SavingDialog):
    """save(by=..., reason=...) records who opened the debrief early and why."""

    def __init__(self, why_closed: str, by: str, save: Callable[..., Any], parent: QWidget | None = None):
        super().__init__("Open the Debrief Early", save, parent)
        self.show_intro(
            f"The debrief is still closed: {why_closed}.\n\n"
            "Opening it now shows every submitted rating before all interviewers have written "
            "theirs. This is recorded with your name and reason.")
        self.by = QLineEdit(by)
        self.by.setAccessibleName("Your name")
        self.reason = text_box("Reason to open the debrief early", height=70)
        self.reason.setPlaceholderText("Required: e.g. the offer deadline is today")
        self.form.addRow("Your name:", self.by)
        self.form.addRow("Reason:", self.reason)
        self.set_ok_text("Open Debrief")

    def arguments(self) -> dict:
        return {"by": self.by.text(), "reason": self.reason.toPlainText()}


def ask_to_open_debrief(parent: QWidget, store: Store, loop_ids: list[int], why_closed: str, by: str) -> bool:
    """Ask who opens the closed debrief of these loops early and why, and record it; True once open."""

    def save(by: str, reason: str) -> None:
        with store.transaction() as s:
            for loop_id in loop_ids:
                iv.override_debrief(s, loop_id, by=by, reason=reason)

    return DebriefOverrideDialog(why_closed, by, save, parent).exec() == QDialog.DialogCode.Accepted


# -- erasing a candidate ------------------------------------------------------------------------------
class EraseCandidateDialog(QDialog):
    """"Are you sure?" for an erasure, which cannot be undone: it says what goes, and the
    Erase button wakes only once the candidate's name is typed (`ErasurePlan.confirmed_by`)."""

    def __init__(self, plan: ErasurePlan, by: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Erase Candidate")
        self.setMinimumWidth(520)
        intro = QLabel(
            f"Erasing {plan.name} deletes them and {plan.summary}: every scorecard, note, amendment and "
            "decision about them, their loops and the files the app kept for them. Only a record that an "
            "erasure happened remains (when, by whom, how many interviews), without their name.\n\n"
            "This cannot be undone.")
        intro.setAccessibleName("What erasing deletes")
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the name is user text
        intro.setWordWrap(True)
        warning = QLabel("Type the candidate's name to confirm:")
        warning.setStyleSheet(f"color: {theme.css('bad')}; font-weight: 600;")
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName("Type the candidate's name to confirm")
        self.confirm.setPlaceholderText(plan.name)
        self.by = QLineEdit(by)
        self.by.setAccessibleName("Your name")
        form = QFormLayout()
        form.addRow(warning)
        form.addRow("Name:", self.confirm)
        form.addRow("Your name:", self.by)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setAccessibleName("Dialog buttons")
        self.erase_button = self.buttons.addButton("Erase Permanently", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setAccessibleName("Erase permanently")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        cancel.setDefault(True)  # Enter keeps the candidate
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.confirm.textChanged.connect(self._update)
        self.by.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.erase_button.setEnabled(self.plan.confirmed_by(self.confirm.text()) and bool(self.by.text().strip()))

    def accept(self) -> None:
        if self.erase_button.isEnabled():
            super().accept()


def ask_to_erase_candidate(parent: QWidget, store: Store, candidate_id: int, by: str) -> str | None:
    """Ask whether to erase the candidate; who erases once confirmed, else None."""
    with store.session() as s:
        plan = erasure.erasure_plan(s, candidate_id)
    dialog = EraseCandidateDialog(plan, by, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.by.text().strip()
