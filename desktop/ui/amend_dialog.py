"""Amend a sealed scorecard: only what changed is recorded, with who and why."""

from __future__ import annotations

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

from desktop.core.interviews import RATING_ANCHORS, RECOMMENDATION_LABELS
from desktop.core.preferences import load_preferences


class AmendDialog(QDialog):
    """Edits a copy of the effective scorecard; `changes()` returns only the differences."""

    def __init__(self, card: dict, prompts: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Amend Scorecard")
        self.setMinimumWidth(560)
        self.card = card
        self.recommendation = QComboBox()
        self.recommendation.setAccessibleName("Recommendation")
        for key, label in RECOMMENDATION_LABELS.items():
            self.recommendation.addItem(label, key)
        self.recommendation.setCurrentIndex(max(0, self.recommendation.findData(card["recommendation"])))
        self.summary = QPlainTextEdit(card["summary"])
        self.summary.setAccessibleName("Summary of the evidence")
        self.summary.setFixedHeight(90)
        self.question = QComboBox()
        self.question.setAccessibleName("Question to correct")
        for a, prompt in zip(card["annotations"], prompts):
            self.question.addItem(f"{a['position'] + 1}. {' '.join(prompt.split())[:70]}", a["position"])
        self.rating = QComboBox()
        self.rating.setAccessibleName("Rating of the question")
        self.rating.addItem("Not rated", None)
        for value, anchor in RATING_ANCHORS.items():
            self.rating.addItem(f"{value} — {anchor}", value)
        self.rating.addItem("Skipped", "skipped")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes of the question")
        self.notes.setFixedHeight(90)
        self.edits: dict[int, dict] = {}  # position -> {"rating": ..., "skipped": ..., "notes": ...}
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("Required: why the sealed scorecard needs a correction")
        self.author = QLineEdit(load_preferences().interviewer_name)
        self.author.setAccessibleName("Amended by")
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        form = QFormLayout()
        form.addRow("Recommendation:", self.recommendation)
        form.addRow("Summary:", self.summary)
        form.addRow("Question:", self.question)
        form.addRow("Rating:", self.rating)
        form.addRow("Notes:", self.notes)
        form.addRow("Reason:", self.reason)
        form.addRow("Amended by:", self.author)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record Amendment")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel("The sealed scorecard stays as it was; this correction is added to its history.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._shown_position: int | None = None
        self.question.currentIndexChanged.connect(self._show_question)
        self._show_question()

    def _current(self, position: int) -> dict:
        original = self.card["annotations"][position]
        return self.edits.get(position, {"rating": original["rating"], "skipped": original["skipped"],
                                         "notes": original["notes"]})

    def _keep_shown_edits(self) -> None:
        if self._shown_position is None:
            return
        value = self.rating.currentData()
        self.edits[self._shown_position] = {
            "rating": None if value == "skipped" else value,
            "skipped": value == "skipped",
            "notes": self.notes.toPlainText(),
        }

    def _show_question(self) -> None:
        self._keep_shown_edits()
        position = self.question.currentData()
        if position is None:
            return
        current = self._current(position)
        self.rating.setCurrentIndex(self.rating.findData("skipped" if current["skipped"] else current["rating"]))
        self.notes.setPlainText(current["notes"])
        self._shown_position = position

    def changes(self) -> dict:
        self._keep_shown_edits()
        changes: dict = {}
        if self.recommendation.currentData() != self.card["recommendation"]:
            changes["recommendation"] = self.recommendation.currentData()
        if self.summary.toPlainText() != self.card["summary"]:
            changes["summary"] = self.summary.toPlainText()
        annotations = {}
        for position, edit in self.edits.items():
            original = self.card["annotations"][position]
            diff = {k: v for k, v in edit.items() if v != original[k]}
            if diff:
                annotations[str(position)] = diff
        if annotations:
            changes["annotations"] = annotations
        return changes

    def accept(self) -> None:
        problem = ("Nothing was changed." if not self.changes()
                   else "Give a reason for the amendment." if not self.reason.text().strip()
                   else "Say who amends the scorecard." if not self.author.text().strip()
                   else "The summary cannot be empty." if not self.summary.toPlainText().strip() else "")
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()
