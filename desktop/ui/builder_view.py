"""The Builder view: pick a role, level, length and focus; generate; edit; save; send on.

All building and saving is in `desktop.core.building` / `desktop.core.building.sets`; this view only
collects the inputs, shows the set (a `SetItemsModel`) and its balance, and wires buttons.
A loop shows one interviewer's set at a time (the "Interviewer" selector).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core.bank import names
from desktop.core.bank.catalog import LEVELS, Catalog, load_catalog
from desktop.core.building import (
    BuildError,
    BuiltLoop,
    BuiltSet,
    SetRequest,
    balance_in,
    build_loop_in,
    loop_coverage_in,
    build_set_in,
    swap_options,
    targets_for,
    warm_pool,
)
from desktop.core.building.sets import (
    NameTakenError,
    SetDraft,
    SetError,
    default_name,
    delete_set,
    list_sets,
    load_draft,
    question_briefs,
    save_loop,
    save_set,
)
from desktop.core.insight.advice import history_for
from desktop.core.storage.preferences import load_preferences, save_preferences
from desktop.core.storage.store import Store
from desktop.ui.balance_panel import BalancePanel
from desktop.ui.set_model import COL_DIFFICULTY, COL_KIND, COL_MINUTES, COL_PINNED, COL_POSITION, COL_PROMPT, COL_TOPIC, SetItemsModel
from desktop.ui.tasks import QueryOp, no_progress, on_changes, plain_message
from desktop.ui.widgets import fit_columns, make_label, names_of, on_layout_change

UNITS = ("questions", "minutes")
# Short enough to read whole beside Save in a 1024 px window.
SET_PLACEHOLDER = "Set name, e.g. Senior LLM screen"
LOOP_PLACEHOLDER = "Loop name, e.g. Onsite for Ada"


def _build(store: Store, request: SetRequest, interviewers: int) -> BuiltSet | BuiltLoop:
    """Worker: opens its own session, returns plain results (with what past interviews say,
    when the request rests over-exposed questions or prefers signal)."""
    with store.session() as s:
        history = history_for(s, request)
        if interviewers > 1:
            return build_loop_in(s, request, interviewers, history=history)
        return build_set_in(s, request, history)


class BuilderView(QWidget):
    start_interview_requested = Signal(int)  # set id

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        on_changes(self, {"bank"}, self._bank_changed)
        self.setObjectName("builder_view")
        self.drafts: list[SetDraft] = []  # one per interviewer (one for a plain set)
        self.current = 0
        self.loop_saved = False
        self._loops: dict[int, int | None] = {}  # saved set id -> its loop (Export Loop Kit…)
        self.dirty = False  # unsaved (a fresh build, or edits)
        self.edited = False  # changed by hand since built, opened or saved: ask before replacing
        self.busy = False
        self.catalog = Catalog()  # roles and topics, loaded by refresh()
        self.topic_names: dict[str, str] = {}  # topic id -> display name, from the catalog
        self.model = SetItemsModel(self)
        self.model.changed.connect(self._edited)
        self.model.questions_dropped.connect(self.add_questions)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        # Scrolls rather than forcing a tall window: the app must fit a small screen.
        controls = QScrollArea()
        controls.setAccessibleName("Build options and saved sets")
        panel = self._controls()
        controls.setWidget(panel)
        controls.setWidgetResizable(True)
        controls.setFrameShape(QFrame.Shape.NoFrame)
        controls.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        controls.setMinimumWidth(panel.minimumSizeHint().width() + 16)  # room for a vertical scroll bar
        controls.setMaximumWidth(330)
        splitter.addWidget(controls)
        splitter.addWidget(self._set_area())
        self.balance = BalancePanel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(make_label("Balance", role="subheading"))
        right_layout.addWidget(self.balance)
        self.shortfalls = QLabel()
        self.shortfalls.setAccessibleName("Shortfalls")
        self.shortfalls.setWordWrap(True)
        self.shortfalls.setTextFormat(Qt.TextFormat.PlainText)
        self.shortfalls.setStyleSheet(f"color: {theme.css('bad')};")
        right_layout.addWidget(self.shortfalls)
        self.loop_summary = QLabel()
        self.loop_summary.setAccessibleName("Whole loop balance")
        self.loop_summary.setWordWrap(True)
        self.loop_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.loop_summary.hide()
        right_layout.addWidget(self.loop_summary)
        right_layout.addStretch(1)
        # A loop's balance (with who assesses what) is taller than a small window: it scrolls.
        right_scroll = QScrollArea()
        right_scroll.setAccessibleName("Balance, shortfalls and loop coverage")
        right_scroll.setWidget(right)
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter.addWidget(right_scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([300, 700, 280])
        splitter.setCollapsible(1, False)
        # The three panes need ~900 px; on a smaller window the view scrolls instead of
        # forcing the main window wider than the screen.
        page = QScrollArea()
        page.setAccessibleName("Builder page")
        page.setWidget(splitter)
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        # Narrower still (200% scale), the panes go one below the other and scroll up and down.
        self.splitter, self.page, self.controls = splitter, page, controls
        self._side_by_side_width = splitter.minimumSizeHint().width()
        for content in (controls.widget(), right):  # a loop's balance, say, is taller than the last
            on_layout_change(content, self._fit_stacked)
        heading = make_label("Builder", role="heading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(page, 1)
        self._shortcuts()
        self._update_buttons()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        margins = self.layout().contentsMargins()  # the page's own size may not follow yet
        room = event.size().width() - margins.left() - margins.right()
        stacked = room < self._side_by_side_width
        if stacked != (self.splitter.orientation() == Qt.Orientation.Vertical):
            self.splitter.setOrientation(Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal)
            self.controls.setMaximumWidth(16777215 if stacked else 330)
            self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if stacked
                                                   else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._fit_stacked()
        QTimer.singleShot(0, self, self._fit_stacked)  # again once the panes have their new widths

    def _fit_stacked(self) -> None:
        """Stacked, each pane as tall as it needs: the page scrolls, not each pane in a sliver."""
        controls, questions, balance = (self.splitter.widget(i) for i in range(3))
        if self.splitter.orientation() == Qt.Orientation.Vertical:
            for pane in (controls, balance):
                content, width = pane.widget(), pane.viewport().width()
                pane.setMinimumHeight(content.heightForWidth(width) if content.hasHeightForWidth() and width > 0
                                      else content.sizeHint().height())
            questions.setMinimumHeight(max(questions.minimumSizeHint().height(), 22 * self.fontMetrics().lineSpacing()))
        else:
            for pane in (controls, questions, balance):
                pane.setMinimumHeight(0)

    # -- layout -----------------------------------------------------------------------------
    def _button(self, text: str, slot, name: str | None = None) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(name or text.rstrip("…"))
        b.clicked.connect(slot)
        return b

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        # Long role names must not widen the whole panel; the popup still shows them in full.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.view().setAccessibleName(f"{name} choices")
        return combo

    def _controls(self) -> QWidget:
        panel = QWidget()
        col = QVBoxLayout(panel)
        col.setContentsMargins(0, 0, 8, 0)
        build = QGroupBox("Build")
        build.setAccessibleName("Build options")
        form = QFormLayout(build)
        self.role = self._combo("Role")
        self.role.currentIndexChanged.connect(self._role_changed)
        self.role.currentTextChanged.connect(self.role.setToolTip)
        self.level = self._combo("Level")
        for lv in LEVELS:
            self.level.addItem(lv.capitalize(), lv)
        self.level.setCurrentIndex(LEVELS.index("mid"))
        self.level.currentIndexChanged.connect(lambda _i: self.drafts and self.draft.items and self._update_balance())
        self.length = QSpinBox()
        self.length.setAccessibleName("Length")
        self.length.setRange(1, 240)
        self.length.setValue(45)
        self.unit = self._combo("Length unit")
        self.unit.setMinimumContentsLength(6)  # with the length beside it: the widest row of the form
        self.unit.addItem("minutes", "minutes")
        self.unit.addItem("questions", "questions")
        self.unit.currentIndexChanged.connect(self._unit_changed)
        length_row = QHBoxLayout()
        length_row.addWidget(self.length, 1)
        length_row.addWidget(self.unit, 1)
        self.seed = QSpinBox()
        self.seed.setAccessibleName("Seed")
        self.seed.setRange(0, 999_999)
        self.seed.setToolTip("The same inputs and seed give the same set; change it for another.")
        self.interviewers = QSpinBox()
        self.interviewers.setAccessibleName("Interviewers in a loop")
        self.interviewers.setRange(2, 8)
        self.interviewers.setValue(4)
        # The role on a row of its own, the whole panel wide: role names are long ("AI Image
        # Generation Specialist" was cut beside its label at 1024x768).
        role_label = QLabel("Role")
        role_label.setBuddy(self.role)
        form.addRow(role_label)
        form.addRow(self.role)
        form.addRow("Level", self.level)
        form.addRow("Length", length_row)
        form.addRow("Seed", self.seed)
        self.focus = QListWidget()
        self.focus.setAccessibleName("Focus topics")
        self.focus.setToolTip("Tick topics to concentrate on; none ticked follows the role's weights.")
        self.focus.setMaximumHeight(150)
        form.addRow(QLabel("Focus topics (optional)"))
        form.addRow(self.focus)
        self._learning_controls(form)
        self.generate_button = self._button("Generate set", self.generate)
        self.generate_button.setDefault(True)
        form.addRow(self.generate_button)
        self.loop_button = self._button("Build loop", self.build_loop)
        # A row of its own, not a labelled form row: a short label column leaves the role names room.
        loop_row = QHBoxLayout()
        loop_row.addWidget(QLabel("Interviewers"))
        loop_row.addWidget(self.interviewers)
        loop_row.addStretch(1)
        form.addRow(loop_row)
        form.addRow(self.loop_button)
        col.addWidget(build)

        saved = QGroupBox("Saved sets")
        saved.setAccessibleName("Saved sets")
        saved_col = QVBoxLayout(saved)
        self.saved = QListWidget()
        self.saved.setAccessibleName("Saved sets list")
        self.saved.setObjectName("saved_sets")
        # Full names, wrapped: a loop set's name ends with its interviewer number and focus.
        self.saved.setWordWrap(True)
        self.saved.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.saved.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.saved.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.saved.itemActivated.connect(lambda _item: self.open_selected())
        self.saved.itemSelectionChanged.connect(self._update_buttons)
        saved_col.addWidget(self.saved)
        row = QHBoxLayout()
        self.open_button = self._button("Open", self.open_selected, "Open saved set")
        self.delete_button = self._button("Delete", self.delete_selected, "Delete saved set")
        row.addWidget(self.open_button)
        row.addWidget(self.delete_button)
        saved_col.addLayout(row)
        self.kit_button = self._button("Export Loop Kit…", self.export_loop_kit, "Export loop kit")
        self.kit_button.setToolTip("Hand the saved loop out: one kit per interviewer, for their laptop "
                                   "(they open it with File › Import Kit…)")
        saved_col.addWidget(self.kit_button)
        col.addWidget(saved, 1)
        return panel

    def _learning_controls(self, form: QFormLayout) -> None:
        """What the builder learns from past interviews: kept in Preferences, so every build follows it."""
        prefs = load_preferences()
        self.rest = QCheckBox("Rest over-exposed questions")
        self.rest.setAccessibleName("Rest over-exposed questions")
        self.rest.setToolTip("Leave out questions asked in more of the role's recent loops than the share below")
        self.rest.setChecked(prefs.rest_over_exposed)
        self.cap = QSpinBox()
        self.cap.setAccessibleName("Exposure cap, percent of loops")
        self.cap.setRange(5, 95)
        self.cap.setSingleStep(5)
        self.cap.setSuffix(" %")
        self.cap.setValue(min(95, max(5, prefs.exposure_cap_percent)))
        self.cap_loops = QSpinBox()
        self.cap_loops.setAccessibleName("Exposure cap, recent loops counted")
        self.cap_loops.setRange(1, 500)
        self.cap_loops.setValue(max(1, prefs.exposure_loops))
        cap_row = QHBoxLayout()
        cap_row.addWidget(QLabel("over"))
        cap_row.addWidget(self.cap)
        cap_row.addWidget(QLabel("of last"))
        cap_row.addWidget(self.cap_loops)
        cap_row.addStretch(1)
        self.signal = QCheckBox("Prefer questions with signal")
        self.signal.setAccessibleName("Prefer questions with signal")
        self.signal.setToolTip("Among equally good questions, take those whose ratings have told candidates apart "
                               "in past interviews")
        self.signal.setChecked(prefs.prefer_signal)
        form.addRow(self.rest)
        form.addRow(cap_row)
        form.addRow(self.signal)
        for box in (self.rest, self.signal):
            box.toggled.connect(self._learning_changed)
        for spin in (self.cap, self.cap_loops):
            spin.valueChanged.connect(self._learning_changed)
        self.cap.setEnabled(self.rest.isChecked())
        self.cap_loops.setEnabled(self.rest.isChecked())

    def _learning_changed(self, *_args) -> None:
        self.cap.setEnabled(self.rest.isChecked())
        self.cap_loops.setEnabled(self.rest.isChecked())
        prefs = load_preferences()
        wanted = (self.rest.isChecked(), self.cap.value(), self.cap_loops.value(), self.signal.isChecked())
        if wanted != (prefs.rest_over_exposed, prefs.exposure_cap_percent, prefs.exposure_loops, prefs.prefer_signal):
            (prefs.rest_over_exposed, prefs.exposure_cap_percent, prefs.exposure_loops,
             prefs.prefer_signal) = wanted
            try:
                save_preferences(prefs)
            except OSError as exc:  # the build still follows the boxes; say why it is not kept
                self._say(f"Could not keep this choice in Preferences: {exc.strerror or exc}")

    def _set_area(self) -> QWidget:
        area = QWidget()
        col = QVBoxLayout(area)
        col.setContentsMargins(8, 0, 8, 0)
        top = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("Set name")
        self.name.setPlaceholderText(SET_PLACEHOLDER)
        self.name.setMaxLength(200)
        self.name.textEdited.connect(lambda _t: self._mark_dirty())
        self.save_button = self._button("Save", self.save)
        top.addWidget(self.name, 1)
        top.addWidget(self.save_button)
        col.addLayout(top)
        self.name_error = QLabel()
        self.name_error.setAccessibleName("Save message")
        self.name_error.setTextFormat(Qt.TextFormat.PlainText)
        self.name_error.setStyleSheet(f"color: {theme.css('bad')};")
        self.name_error.hide()
        col.addWidget(self.name_error)

        self.interviewer_row = QWidget()
        irow = QHBoxLayout(self.interviewer_row)
        irow.setContentsMargins(0, 0, 0, 0)
        irow.addWidget(QLabel("Interviewer"))
        self.interviewer = self._combo("Interviewer in the loop")
        self.interviewer.currentIndexChanged.connect(self._show_interviewer)
        # (a narrow window elides an interviewer's focus topics: the tooltip has them whole)
        self.interviewer.currentTextChanged.connect(self.interviewer.setToolTip)
        irow.addWidget(self.interviewer, 1)
        self.interviewer_row.hide()
        col.addWidget(self.interviewer_row)

        self.table = QTableView()
        self.table.setAccessibleName("Questions in the set")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDropIndicatorShown(True)
        self.table.setAcceptDrops(True)
        self.table.setAlternatingRowColors(True)
        # Two lines a row, as in the Bank: enough of a prompt to recognise it.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Question columns")
        self.table.verticalHeader().setAccessibleName("Question rows")
        header.setSectionResizeMode(COL_PROMPT, QHeaderView.ResizeMode.Stretch)
        for c, w in ((COL_POSITION, 30), (COL_PINNED, 34), (COL_DIFFICULTY, 86), (COL_KIND, 76),
                     (COL_TOPIC, 150), (COL_MINUTES, 38)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(c, w)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.installEventFilter(self)  # a splitter drag resizes it without resizing the view
        col.addWidget(self.table, 1)
        self.selected_question = make_label(name="Selected question", wrap=True, selectable=True, role="hint")
        self.selected_question.setMinimumHeight(3 * self.fontMetrics().lineSpacing())
        self.selected_question.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.selected_question)

        edit = QHBoxLayout()
        self.up_button = self._button("↑", lambda: self._move(-1), "Move up")
        self.up_button.setToolTip("Move up (Ctrl+Up), or drag the row")
        self.down_button = self._button("↓", lambda: self._move(1), "Move down")
        self.down_button.setToolTip("Move down (Ctrl+Down), or drag the row")
        self.pin_button = self._button("Pin", self.toggle_pin, "Pin or unpin")
        self.swap_button = self._button("Swap", self.swap)
        self.swap_button.setToolTip("Replace with another question of the same difficulty and topic")
        self.remove_button = self._button("Remove", self.remove)
        for b in (self.up_button, self.down_button):  # arrows need little room; the set list gets it
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("↑") + 28)
        for b in (self.up_button, self.down_button, self.pin_button, self.swap_button, self.remove_button):
            edit.addWidget(b)
        edit.addStretch(1)
        col.addLayout(edit)
        send = QHBoxLayout()
        self.status = QLabel()
        self.status.setAccessibleName("Builder status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        send.addWidget(self.status, 1)
        self.export_button = self._button("Export packet…", self.export_packet)
        self.start_button = self._button("Start interview", self.start_interview)
        send.addWidget(self.export_button)
        send.addWidget(self.start_button)
        col.addLayout(send)
        return area

    def _shortcuts(self) -> None:
        for seq, slot, name in (
            (QKeySequence(QKeySequence.StandardKey.Save), self.save, "save"),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove, "remove"),
            (QKeySequence("Ctrl+Up"), lambda: self._move(-1), "up"),
            (QKeySequence("Ctrl+Down"), lambda: self._move(1), "down"),
            (QKeySequence("Ctrl+G"), self.generate, "generate"),
        ):
            sc = QShortcut(seq, self.table if name == "remove" else self, activated=slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- data -------------------------------------------------------------------------------
    def _bank_changed(self) -> None:
        """New roles and topics after an import; and the question pool reloaded on a worker,
        so the balance, swap and targets that follow never load it on the GUI thread."""
        self.refresh()
        QueryOp(self.store, no_progress(warm_pool)).run()

    def refresh(self) -> None:
        """Reload roles, topics and saved sets (called when the view is shown)."""
        self._loops.clear()  # (a deleted set's id may come back for a new one)
        with self.store.session() as s:
            self.catalog = load_catalog(s)
            saved = list_sets(s)
        roles = [(r.id, r.name) for r in self.catalog.roles]
        topics = [(t.id, t.name) for t in self.catalog.topics]
        self.topic_names = self.catalog.topic_names
        self.model.topic_names = self.topic_names
        current_role = self.role.currentData()
        self.role.blockSignals(True)
        self.role.clear()
        for rid, name in roles:
            self.role.addItem(name, rid)
        if current_role is not None and self.role.findData(current_role) >= 0:
            self.role.setCurrentIndex(self.role.findData(current_role))
        self.role.blockSignals(False)
        self.role.setToolTip(self.role.currentText())  # (filled without signals)
        ticked = set(self.focus_topics())
        self.focus.clear()
        for tid, name in topics:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, tid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tid in ticked else Qt.CheckState.Unchecked)
            self.focus.addItem(item)
        self.saved.clear()
        for x in saved:
            item = QListWidgetItem(f"{x.name}\n{x.questions} questions · {x.minutes} min"
                                   + (f" · {x.level}" if x.level else ""))
            item.setData(Qt.ItemDataRole.UserRole, x.id)
            role = self.catalog.role(x.role_id) if x.role_id else None
            item.setToolTip("\n".join([x.name, " · ".join(filter(None, [
                role.name if role else x.role_id or "no role", (x.level or "").capitalize()]))]
                + ([f"Loop: {x.loop}"] if x.loop else [])))
            self.saved.addItem(item)
        self._role_changed(self.role.currentIndex())
        self._update_buttons()

    def focus_topics(self) -> list[str]:
        return [self.focus.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.focus.count())
                if self.focus.item(i).checkState() == Qt.CheckState.Checked]

    def request(self) -> SetRequest:
        by_count = self.unit.currentData() == "questions"
        return SetRequest(
            role=self.role.currentData() or "", level=self.level.currentData(),
            count=self.length.value() if by_count else None,
            minutes=None if by_count else self.length.value(),
            focus=tuple(self.focus_topics()), seed=self.seed.value(),
            pinned=tuple(i.question_id for i in self.draft.items if i.pinned) if self.drafts and len(self.drafts) == 1 else (),
            # what was swapped out stays out when the same set is generated again
            excluded=tuple(dict.fromkeys(q for d in self.drafts for q in d.excluded)),
            exposure_cap=self.cap.value() / 100 if self.rest.isChecked() else None,
            exposure_loops=self.cap_loops.value(), prefer_signal=self.signal.isChecked(),
        )

    @property
    def draft(self) -> SetDraft:
        return self.model.draft

    # -- building ---------------------------------------------------------------------------
    def generate(self) -> None:
        self._start_build(1)

    def build_loop(self) -> None:
        self._start_build(self.interviewers.value())

    def _start_build(self, interviewers: int) -> None:
        if self.busy:
            return
        if not self.role.currentData():
            self._say("Choose a role first.")
            return
        if self.edited and self.drafts and not self._confirm_discard():
            return
        self.busy = True
        self._say("Building…")
        self._update_buttons()
        QueryOp(self.store, no_progress(_build), self.request(), interviewers).success(self._built).failure(
            lambda exc: self._build_failed(plain_message(exc))).run()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(self, "Replace the set?", "The current set has unsaved changes. Replace it?")
        return answer == QMessageBox.StandardButton.Yes

    def _built(self, result: BuiltSet | BuiltLoop) -> None:
        self.busy = False
        sets = result.sets if isinstance(result, BuiltLoop) else [result]
        role, level = self.role.currentData(), self.level.currentData()
        with self.store.session() as s:  # set names read with topic names, as the command line's do
            labels = [", ".join(names.topic_labels(s, b.request.focus)) for b in sets]
        self.drafts = [SetDraft.of(b.ids, pinned=b.request.pinned, role_id=role, level=level,
                                   focus=label, params=b.request.params()) for b, label in zip(sets, labels)]
        self.loop_saved = False
        self.name.clear()
        self.name_error.hide()
        self._fill_interviewers()
        self._load_current()
        self.dirty, self.edited = True, False
        shortfalls = result.shortfalls
        self.shortfalls.setText("\n".join(f"Short: {f}" for f in shortfalls))
        what = f"loop of {len(sets)} interviews" if len(sets) > 1 else "set"
        rested = len(result.rested)
        self._say(f"Built a {what}."
                  + (f" Rested {rested} over-exposed question{'s' if rested != 1 else ''}." if rested else "")
                  + (" Some targets could not be met; see the list on the right." if shortfalls else ""))
        self._update_buttons()

    def _build_failed(self, message: str) -> None:
        self.busy = False
        self._say(f"Could not build: {message}")
        self._update_buttons()

    def _fill_interviewers(self) -> None:
        self.interviewer.blockSignals(True)
        self.interviewer.clear()
        for i, d in enumerate(self.drafts):
            self.interviewer.addItem(f"{i + 1} of {len(self.drafts)} — "
                                     f"{names_of(d.focus_topics, self.topic_names) or 'all topics'}")
        self.interviewer.setCurrentIndex(0)
        self.interviewer.blockSignals(False)
        self.interviewer.setToolTip(self.interviewer.currentText())
        self.current = 0
        self.interviewer_row.setVisible(len(self.drafts) > 1)
        self.name.setPlaceholderText(LOOP_PLACEHOLDER if len(self.drafts) > 1 else SET_PLACEHOLDER)
        self.name.setToolTip("Name this loop to save it" if len(self.drafts) > 1 else "Name this set to save it")

    def _show_interviewer(self, index: int) -> None:
        if 0 <= index < len(self.drafts):
            self.current = index
            self._load_current()

    def _load_current(self) -> None:
        draft = self.drafts[self.current] if self.drafts else SetDraft()
        everything = [q for d in self.drafts for q in d.ids]
        with self.store.session() as s:
            briefs = question_briefs(s, everything)
        self.model.set_draft(draft, briefs)
        if draft.name and len(self.drafts) == 1:
            self.name.setText(draft.name)
        self._update_balance()
        self._update_buttons()

    def _adopt_role(self) -> None:
        """A set built by hand (questions sent from the Bank) is measured against the role and
        level chosen here, even when it was started before the roles were loaded."""
        d = self.draft
        if len(self.drafts) == 1 and d is self.drafts[0] and not d.params and d.set_id is None \
                and self.role.currentData():
            d.role_id, d.level = self.role.currentData(), self.level.currentData()

    def _update_balance(self) -> None:
        self._adopt_role()
        d = self.draft
        self.loop_summary.setVisible(len(self.drafts) > 1)
        if not d.items or not d.role_id:
            self.balance.set_balance(None)
            return
        try:
            with self.store.session() as s:
                must = (d.params or {}).get("competencies") or ()
                coverage = loop_coverage_in(s, self.drafts) if len(self.drafts) > 1 else None
                self.balance.set_balance(balance_in(s, d.ids, self._targets(s, d), must), self.topic_names,
                                         self.catalog.competency_names, coverage, self.current)
                if len(self.drafts) > 1:
                    self.loop_summary.setText(self._loop_summary(s))
        except BuildError:
            self.balance.set_balance(None)

    @staticmethod
    def _targets(session, d: SetDraft):
        budget = d.params.get("minutes") if d.params else None
        return targets_for(session, d.role_id or "", d.level or "mid", d.ids, d.focus_topics, budget,
                           d.params.get("mix"))

    def _loop_summary(self, session) -> str:
        targets = [self._targets(session, d) for d in self.drafts]
        total = targets[0]
        for t in targets[1:]:
            total = total + t
        b = balance_in(session, [q for d in self.drafts for q in d.ids], total)
        mix = ", ".join(f"{k} {v.actual}/{v.target}" for k, v in b.difficulty.items())
        return (f"Whole loop ({len(self.drafts)} interviews): {b.count} questions, {b.minutes} min; "
                f"{mix}; behavioral {b.kind['behavioral'].actual}/{b.kind['behavioral'].target}.")

    # -- editing ----------------------------------------------------------------------------
    def add_questions(self, question_ids: list[str]) -> None:
        """Questions sent from the Bank (or dropped on the list) join the set being built."""
        if not question_ids:
            return
        if not self.drafts:
            self.drafts = [SetDraft(role_id=self.role.currentData(), level=self.level.currentData())]
            self._fill_interviewers()
            self.model.set_draft(self.drafts[0], {})
        others = {q for i, d in enumerate(self.drafts) if i != self.current for q in d.ids}
        with self.store.session() as s:
            briefs = question_briefs(s, question_ids)
        unknown = [q for q in question_ids if q not in briefs]
        wanted = [q for q in question_ids if q in briefs and q not in others]
        self.model.add_briefs(briefs)
        added = self.model.add(wanted)
        notes = [f"Added {len(added)} question(s)."]
        if len(added) < len(wanted):
            notes.append(f"{len(wanted) - len(added)} already in the set.")
        if len(wanted) < len(question_ids) - len(unknown):
            notes.append("Questions already in another interview of the loop were left out.")
        if unknown:
            notes.append(f"Unknown: {', '.join(unknown[:3])}.")
        self._say(" ".join(notes))

    def _row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)

    def _move(self, step: int) -> None:
        row = self._row()
        if row is not None and self.model.move(row, row + step):
            self._select(row + step)

    def toggle_pin(self) -> None:
        row = self._row()
        if row is not None:
            self.model.toggle_pin(row)

    def remove(self) -> None:
        row = self._row()
        if row is not None:
            gone = self.model.short_name(row)
            self.model.remove(row)
            self._select(min(row, self.model.rowCount() - 1))
            self._say(f"Removed {gone}.")

    def swap(self) -> None:
        row = self._row()
        d = self.draft
        if row is None or not d.role_id:
            return
        loop_ids = [q for x in self.drafts for q in x.ids]
        with self.store.session() as s:
            options = swap_options(s, d.role_id, d.level or "mid", loop_ids, loop_ids.index(d.ids[row]),
                                   d.focus_topics, limit=1, seed=self.seed.value(),
                                   excluded=[q for x in self.drafts for q in x.excluded])
            if not options:
                self._say("No other question keeps the balance for this slot.")
                return
            self.model.add_briefs(question_briefs(s, [options[0].id]))
        old = self.model.short_name(row)
        self.model.swap(row, options[0].id)
        self._select(row)
        self._say(f"Swapped {old} for {self.model.short_name(row)}; generating again leaves the old one out.")

    def _edited(self) -> None:
        self._mark_dirty()
        self.edited = True
        self._update_balance()
        self._update_buttons()

    def _mark_dirty(self) -> None:
        self.dirty = True

    # -- saving and sending -----------------------------------------------------------------
    def save(self) -> bool:
        """Save the set (or the whole loop); a taken name asks for another one."""
        if not self.drafts or not any(d.items for d in self.drafts):
            self._say("Nothing to save yet: generate a set or add questions from the Bank.")
            return False
        name = self.name.text()
        try:
            with self.store.transaction() as s:
                if len(self.drafts) > 1 and not self.loop_saved:
                    d0 = self.drafts[0]
                    save_loop(s, name, self.drafts, role_id=d0.role_id or "", level=d0.level or "mid",
                              params={**d0.params, "interviewers": len(self.drafts)})
                else:
                    for i, d in enumerate(self.drafts):
                        save_set(s, d, name if len(self.drafts) == 1 else d.name)
        except NameTakenError as exc:
            self._name_problem(str(exc))
            return False
        except SetError as exc:
            self._name_problem(str(exc))
            return False
        if len(self.drafts) > 1:
            self.loop_saved = True
        self.dirty = self.edited = False
        self.name_error.hide()
        self._say(f"Saved {name.strip()!r}.")
        self.refresh()
        return True

    def flush(self) -> None:
        """On close: hand edits are never lost. A set without a name (or whose name is
        taken) is saved as "Unsaved set <time>"; the user can rename or delete it later."""
        if not self.edited or not any(d.items for d in self.drafts):
            return
        name = self.name.text().strip()
        if not name or not self.save():
            self.name.setText(f"Unsaved set {datetime.now():%Y-%m-%d %H:%M:%S}")
            self.save()

    def _name_problem(self, message: str) -> None:
        self.name_error.setText(message[0].upper() + message[1:] + ".")
        self.name_error.show()
        self.name.setFocus()
        self.name.selectAll()

    def _saved_set_id(self) -> int | None:
        """The current set's id, saving first if it has changes; a set with no name yet is
        saved under one made of its role, level and time (renamed whenever the user likes)."""
        if self.dirty or self.draft.set_id is None:
            named = False
            if not self.name.text().strip() and self.draft.set_id is None:
                what = "loop" if len(self.drafts) > 1 and not self.loop_saved else "set"
                with self.store.session() as s:
                    self.name.setText(default_name(s, self.draft, datetime.now(), what))
                named = True
            if not self.save():
                return None
            if named:
                self._say(f"Saved as {self.name.text()!r}; type another name and Save to rename it.")
        return self.draft.set_id

    def start_interview(self) -> None:
        set_id = self._saved_set_id()
        if set_id is not None:
            self.start_interview_requested.emit(set_id)

    def export_packet(self) -> None:
        set_id = self._saved_set_id()
        if set_id is not None:
            from desktop.ui.export_actions import export_pdf

            export_pdf(self, self.store, "packet", set_id)

    def export_loop_kit(self) -> None:
        """The saved loop of the selected saved set (else of the set shown), as kits
        (desktop/ui/exchange_actions.py): what is saved goes out."""
        from desktop.ui.exchange_actions import export_loop_kits

        loop_id = self._kit_loop()
        if loop_id is not None:
            export_loop_kits(self, self.store, loop_id)

    def _kit_loop(self) -> int | None:
        selected = self._selected_saved()
        if selected is not None:
            return self._loop_of(selected)
        return self._loop_of(self.draft.set_id) if self.drafts else None

    def _loop_of(self, set_id: int | None) -> int | None:
        """The loop of a saved set (a set never moves to another loop: looked up once)."""
        if set_id is None:
            return None
        if set_id not in self._loops:
            from desktop.core.interviewing.exchange.kits import loop_of_set

            with self.store.session() as s:
                self._loops[set_id] = loop_of_set(s, set_id)
        return self._loops[set_id]

    # -- saved sets -------------------------------------------------------------------------
    def _selected_saved(self) -> int | None:
        item = self.saved.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def open_selected(self) -> None:
        set_id = self._selected_saved()
        if set_id is None:
            return
        if self.edited and self.drafts and not self._confirm_discard():
            return
        self.open_set(set_id)

    def open_set(self, set_id: int) -> None:
        try:
            with self.store.session() as s:
                draft = load_draft(s, set_id)
        except SetError as exc:
            self._say(str(exc))
            self.refresh()
            return
        self.drafts = [draft]
        if draft.role_id and self.role.findData(draft.role_id) >= 0:
            self.role.setCurrentIndex(self.role.findData(draft.role_id))
        if draft.level in LEVELS:
            self.level.setCurrentIndex(LEVELS.index(draft.level))
        self.name.setText(draft.name)
        self.name_error.hide()
        self.shortfalls.clear()
        self._fill_interviewers()
        self._load_current()
        self.dirty = self.edited = False
        self._say(f"Opened {draft.name!r}.")

    def delete_selected(self) -> None:
        set_id = self._selected_saved()
        if set_id is None:
            return
        name = self.saved.currentItem().text().split("\n")[0]
        answer = QMessageBox.question(self, "Delete set?", f"Delete the saved set {name!r}?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete_set(set_id)

    def delete_set(self, set_id: int) -> None:
        try:
            with self.store.transaction() as s:
                delete_set(s, set_id)
        except SetError as exc:
            self._say(str(exc))
            return
        for d in self.drafts:
            if d.set_id == set_id:
                d.set_id = None
                self.dirty = True
        self._say("Deleted.")
        self.refresh()

    # -- small helpers ----------------------------------------------------------------------
    def _role_changed(self, _index: int) -> None:
        role = self.catalog.role(self.role.currentData())
        if role is None:
            return
        if self.drafts and self.draft.items:
            self._update_balance()  # a hand-built set follows the role chosen
        for i in range(self.focus.count()):  # only the role's own topics can be its focus
            item = self.focus.item(i)
            item.setHidden(bool(role.topics) and item.data(Qt.ItemDataRole.UserRole) not in role.topics)

    def _unit_changed(self, _index: int) -> None:
        if self.unit.currentData() == "questions":
            self.length.setValue(8 if self.length.value() > 30 else self.length.value())
        elif self.length.value() < 15:
            self.length.setValue(45)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_columns)  # once the viewport has its new width
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The question text matters most: drop the columns the balance panel and the line
        under the list already show while the prompt would get under ~220 px."""
        fit_columns(self.table, droppable=(COL_TOPIC, COL_KIND),
                    always=(COL_POSITION, COL_PINNED, COL_DIFFICULTY, COL_MINUTES), min_text=220)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _update_buttons(self) -> None:
        row = self._row()
        has_row = row is not None
        self.selected_question.setText(self.model.describe(row) if has_row else
                                       "Select a question to read it in full." if self.model.rowCount() else "")
        has_set = bool(self.drafts) and bool(self.draft.items)
        for b in (self.up_button, self.down_button, self.pin_button, self.swap_button, self.remove_button):
            b.setEnabled(has_row)
        self.save_button.setEnabled(has_set)
        self.start_button.setEnabled(has_set)
        self.export_button.setEnabled(has_set)
        self.kit_button.setEnabled(self._kit_loop() is not None)
        self.generate_button.setEnabled(not self.busy)
        self.loop_button.setEnabled(not self.busy)
        self.open_button.setEnabled(self._selected_saved() is not None)
        self.delete_button.setEnabled(self._selected_saved() is not None)
