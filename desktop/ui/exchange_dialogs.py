"""The two questions of the laptop exchange: who an imported file's candidate is here, and who
runs each set of a loop handed out as kits."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.interviewing.exchange import NEW
from desktop.core.interviewing.exchange.kits import KitPlan
from desktop.core.interviewing.exchange.review import CandidateAsk
from desktop.ui.widgets import make_label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleName(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CandidateChoiceDialog(QDialog):
    """The core's CandidateQuestion: the file's candidate is not known here by their key and
    someone here has their name. One of the namesakes, or a new candidate."""

    def __init__(self, ask: CandidateAsk, role_names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who is this candidate?")
        self.ask = ask
        files = ", ".join(ask.files)
        self.intro = make_label(
            f"<p>{html.escape(files)} {'names' if len(ask.files) == 1 else 'name'} the candidate "
            f"<b>{html.escape(ask.name)}</b>, whom this computer does not know yet, and this database has "
            f"someone of that name. Is it the same person?</p>", "What the import asks", wrap=True, rich=True)
        self.setMinimumWidth(520)
        self.list = QListWidget()
        self.list.setAccessibleName("Candidates to choose from")
        self.list.setWordWrap(True)
        for candidate_id, name, role_id in ask.namesakes:
            role = role_names.get(role_id or "", role_id or "no role")
            item = QListWidgetItem(f"{name} — {role} (candidate {candidate_id}, already here)")
            item.setData(Qt.ItemDataRole.UserRole, candidate_id)
            self.list.addItem(item)
        new = QListWidgetItem(f"Someone new: add {ask.name} as a new candidate")
        new.setData(Qt.ItemDataRole.UserRole, NEW)
        self.list.addItem(new)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        buttons = _buttons(self, "Import")
        layout.addWidget(buttons)
        # Nothing chosen for the person: a wrong guess would put a scorecard on someone else.
        import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        import_button.setEnabled(False)
        self.list.itemSelectionChanged.connect(lambda: import_button.setEnabled(bool(self.list.selectedItems())))

    def choose(self, value: int | str) -> None:
        """Select the namesake with this id, or NEW."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == value:
                self.list.setCurrentRow(row)  # (current and selected, as a click makes it)
                return
        raise ValueError(f"no choice {value!r}")

    def choice(self) -> int | str | None:
        """The chosen row's candidate id, or NEW; None until one is chosen (a focus alone chooses nothing)."""
        items = self.list.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None


class LoopKitDialog(QDialog):
    """Who runs each set of the loop (each gets a kit with their set), and the candidate when
    the loop has none yet (the Builder saves loops without one)."""

    def __init__(self, plan: KitPlan, candidates: list, role_names: dict[str, str],
                 candidate_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export Loop Kit")
        self.plan = plan
        form = QFormLayout()
        self.intro = make_label(
            f"One kit per interviewer for the loop {plan.loop_name!r}: their set, its questions and the "
            "candidate. They open it on their laptop (File › Import Kit…) and send back their scorecard "
            "(Export Card…).", "What a loop kit holds", wrap=True)
        self.candidate = QComboBox()
        self.candidate.setAccessibleName("Candidate of the loop")
        if plan.candidate_id is not None:
            self.candidate.addItem(plan.candidate_name, plan.candidate_id)
            self.candidate.setEnabled(False)
        else:
            for c in candidates:
                label = f"{c.name} — {role_names[c.role_id]}" if c.role_id in role_names else c.name
                self.candidate.addItem(label, c.id)
            if candidate_id is not None and self.candidate.findData(candidate_id) >= 0:
                self.candidate.setCurrentIndex(self.candidate.findData(candidate_id))
        form.addRow("Candidate:", self.candidate)
        self.people: list[QLineEdit] = []
        for position, (set_name, interviewer) in enumerate(plan.sets, start=1):
            edit = QLineEdit(interviewer)
            edit.setAccessibleName(f"Interviewer of set {position}")
            edit.setPlaceholderText("Who runs it (their name in Preferences)")
            edit.setToolTip(set_name)
            edit.textChanged.connect(lambda _text: self._update())
            self.people.append(edit)
            form.addRow(f"{position}. {set_name}:", edit)
        self.problem = make_label(name="Why the kit cannot be written yet", wrap=True, role="hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        self.buttons = _buttons(self, "Choose Folder…")
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        problem = ("Add the candidate first (Candidates & Scorecards › New Candidate…)."
                   if self.candidate.count() == 0 else
                   "Name at least one interviewer." if not any(e.text().strip() for e in self.people) else "")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def set_interviewer(self, position: int, name: str) -> None:
        self.people[position - 1].setText(name)

    def assignments(self) -> dict[int, str]:
        """Set number in the loop (from 1) -> who runs it, for the sets someone is named for."""
        return {i: " ".join(e.text().split()) for i, e in enumerate(self.people, start=1) if e.text().strip()}

    def candidate_id(self) -> int | None:
        value = self.candidate.currentData()
        return int(value) if value is not None else None
