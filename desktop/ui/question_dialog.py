"""Add or edit one question. Checked by the core like a bank file; nothing typed is lost on error."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core.bank.catalog import DIFFICULTIES, KINDS, load_catalog
from desktop.core.bank.questions import QuestionError, add_question, edit_question, question_data, suggest_id
from desktop.core.storage.store import Store
from desktop.ui.widgets import FittedScrollArea


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionDialog(QDialog):
    """`QuestionDialog(store, question_id=None)`: a new question, or an edit of an existing one;
    a new one may start from `template` (a duplicate). On success it has saved the question;
    `saved_id` says which."""

    def __init__(self, store: Store, question_id: str | None = None, parent: QWidget | None = None,
                 template: dict | None = None):
        super().__init__(parent)
        self.store = store
        self.question_id = question_id
        self.saved_id: str | None = None
        self.setWindowTitle("Edit Question" if question_id else "Duplicate Question" if template else "New Question")
        self.setObjectName("question_dialog")

        with store.session() as s:
            catalog = load_catalog(s)
            stored = question_data(s, question_id) if question_id else None
            if stored is not None:
                data = stored
            elif template:
                data = dict(template)
            else:
                data = {"id": suggest_id(s), "minutes": 5}

        self.errors = QLabel()
        self.errors.setObjectName("question_errors")
        self.errors.setAccessibleName("Problems")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(f"color: {theme.css('bad')};")
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors.hide()

        self.id_edit = self._named(QLineEdit(data.get("id", "")), "Question id")
        self.id_edit.setReadOnly(question_id is not None)  # sets and scorecards refer to it
        self.prompt_edit = self._text(data.get("prompt", ""), "Prompt", 90)
        self.difficulty_box = self._combo(DIFFICULTIES, data.get("difficulty"), "Difficulty")
        self.kind_box = self._combo(KINDS, data.get("kind"), "Kind")
        self.minutes_spin = self._named(QSpinBox(), "Minutes")
        self.minutes_spin.setRange(1, 120)
        self.minutes_spin.setValue(int(data.get("minutes") or 5))
        self.minutes_spin.setSuffix(" min")
        self.topics_list = self._checklist([(t.id, t.name) for t in catalog.topics], data.get("topics", []), "Topics")
        self.roles_list = self._checklist([(r.id, r.name) for r in catalog.roles], data.get("roles", []), "Roles")
        self.rubric_edit = self._text("\n".join(data.get("rubric", [])), "Rubric, one point a line", 110)
        self.answer_edit = self._text(data.get("answer") or "", "Model answer", 110)
        self.follow_ups_edit = self._text("\n".join(data.get("follow_ups", [])), "Follow-ups, one a line", 60)
        self.related_edit = self._named(QLineEdit(", ".join(data.get("related", []))), "Related question ids")
        self.related_edit.setPlaceholderText("ids separated by commas, e.g. img-001, gqa-014")
        self.source_edit = self._named(QLineEdit(data.get("source", "")), "Source")
        self.retired = bool(data.get("retired", False))

        small = QHBoxLayout()
        for label, widget in (("Difficulty", self.difficulty_box), ("Kind", self.kind_box),
                              ("Minutes", self.minutes_spin)):
            small.addWidget(QLabel(label))
            small.addWidget(widget, 1)
        tags = QHBoxLayout()
        tags.addWidget(self.topics_list, 3)
        tags.addWidget(self.roles_list, 2)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Id", self.id_edit)
        form.addRow("Prompt", self.prompt_edit)
        form.addRow("", small)
        form.addRow("Topics · Roles", tags)
        form.addRow("Rubric", self.rubric_edit)
        form.addRow("Answer", self.answer_edit)
        form.addRow("Follow-ups", self.follow_ups_edit)
        form.addRow("Related", self.related_edit)
        form.addRow("Source", self.source_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setAccessibleName("Save or cancel")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save question")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        # The form scrolls, the problems and the buttons stay: on a small screen (or at 200%)
        # the dialog fits and Save is always on it, however many problems are listed.
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setObjectName("question_form")
        scroll.setAccessibleName("Question fields")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        self.errors_area = FittedScrollArea()  # a long list of problems scrolls too, a short one is whole
        self.errors_area.setAccessibleName("Problems list")
        self.errors_area.setFrameShape(QFrame.Shape.NoFrame)
        self.errors_area.setMaximumHeight(6 * self.fontMetrics().lineSpacing())
        self.errors_area.setWidget(self.errors)
        self.errors_area.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors_area)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self._fit_screen()
        self.fields = {
            "id": self.id_edit, "prompt": self.prompt_edit, "difficulty": self.difficulty_box,
            "kind": self.kind_box, "topics": self.topics_list, "roles": self.roles_list,
            "rubric": self.rubric_edit, "answer": self.answer_edit, "follow_ups": self.follow_ups_edit,
            "related": self.related_edit, "minutes": self.minutes_spin, "source": self.source_edit,
        }
        self.prompt_edit.setFocus()

    # -- building -----------------------------------------------------------------------------
    def _fit_screen(self) -> None:
        """760×760 where there is room; never more than 90% of the screen it opens on."""
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.resize(min(760, int(area.width() * 0.9)), min(760, int(area.height() * 0.9)))

    @staticmethod
    def _named(widget, name: str):
        widget.setAccessibleName(name)
        return widget

    def _text(self, value: str, name: str, height: int) -> QPlainTextEdit:
        edit = self._named(QPlainTextEdit(value), name)
        edit.setPlaceholderText(name)
        edit.setTabChangesFocus(True)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        edit.setMinimumHeight(height)
        return edit

    def _combo(self, values: tuple[str, ...], current: str | None, name: str) -> QComboBox:
        box = self._named(QComboBox(), name)
        box.view().setAccessibleName(f"{name} choices")
        box.addItem("choose…", None)
        for v in values:
            box.addItem(v, v)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def _checklist(self, items: list[tuple[str, str]], checked: list[str], name: str) -> QListWidget:
        widget = self._named(QListWidget(), name)
        widget.setMinimumHeight(130)
        for ident, label in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setToolTip(ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ident in checked else Qt.CheckState.Unchecked)
            widget.addItem(item)
        return widget

    # -- reading and saving -------------------------------------------------------------------
    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def values(self) -> dict:
        """What the form holds, in the shape of a bank-file question."""
        return {
            "id": self.id_edit.text().strip(),
            "prompt": self.prompt_edit.toPlainText(),
            "difficulty": self.difficulty_box.currentData(),
            "kind": self.kind_box.currentData(),
            "topics": self._checked(self.topics_list),
            "roles": self._checked(self.roles_list),
            "rubric": _lines(self.rubric_edit.toPlainText()),
            "answer": self.answer_edit.toPlainText().strip() or None,
            "follow_ups": _lines(self.follow_ups_edit.toPlainText()),
            "related": [r.strip() for r in self.related_edit.text().replace(";", ",").split(",") if r.strip()],
            "minutes": self.minutes_spin.value(),
            "source": self.source_edit.text().strip(),
            "retired": self.retired,
        }

    def save(self) -> None:
        data = self.values()
        if data["answer"] is None:
            data.pop("answer")
        try:
            with self.store.transaction() as s:
                if self.question_id:
                    q = edit_question(s, self.question_id, data)
                else:
                    q = add_question(s, data)
                saved = q.id
        except QuestionError as exc:
            self.show_problems(exc)
            return
        self.saved_id = saved
        self.accept()

    def show_problems(self, error: QuestionError) -> None:
        self.errors.setText("Not saved yet. Please fix:\n" + "\n".join(f"• {p}" for p in error.problems))
        self.errors.show()
        self.errors_area.show()
        self.errors_area.updateGeometry()
        first = next((self.fields[p.field] for p in error.problems if p.field in self.fields), None)
        if first is not None:
            first.setFocus()
