"""The Interview view: one question at a time, keyboard-driven, every change autosaved.

Three pages: a start page (pick a saved set, resume an interrupted interview), the live
interview, and a sealed scorecard (read-only, with its digest and amendment history).

The live interview's state, clocks and autosave live in the core's `LiveSession`
(desktop/core/interviewing/session.py): this view draws what its events say and turns keys and
clicks into its calls. Two timers drive it: a one-second tick for the clocks, and a single-shot
save timer started for whenever the session says the pending changes are due. A write takes
about a millisecond on SQLite WAL (see bench/bench_autosave.py), so typing never waits on it; a
write that fails stays in the journal and in memory, the save label says so in plain words, and
the session asks for a retry. Closing with unsaved changes asks: Retry, or Keep for later (the
journal replays them at the next start).
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core import figures
from desktop.core import interviewing as iv
from desktop.core.building.sets import list_sets
from desktop.core.interviewing.journal import Journal
from desktop.core.interviewing.lease import HEARTBEAT_SECONDS, Claimant, new_token
from desktop.core.interviewing.session import LiveSession, open_live_session
from desktop.core.storage import paths
from desktop.core.interviewing.access import same_person
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing import LiveInterview, LiveQuestion
from desktop.core.interviewing.instrument import SUGGESTION_RULE, QuestionGuide, question_guides, rubric_suggestion
from desktop.core.storage.preferences import load_preferences, save_preferences
from desktop.core.storage.store import Store
from desktop.ui.competency_notes import CompetencyNotes
from desktop.ui.export_actions import export_pdf
from desktop.ui.interview_models import QuestionListModel, TwoLineDelegate
from desktop.ui.rating_bar import SKIPPED, RatingBar
from desktop.ui.scorecard_dialogs import amend_scorecard, ask_to_open_debrief
from desktop.ui.scorecard_panel import ScorecardBrowser, hidden_html, scorecard_html
from desktop.ui.start_interview_dialog import StartInterviewDialog
from desktop.ui.widgets import FittedScrollArea, make_button, make_label, set_font

HINT = ("Keys: <b>1</b>–<b>4</b> rate · <b>0</b> or <b>S</b> skipped · type a letter or <b>Enter</b> to take "
        "notes · <b>Alt+1</b>–<b>4</b> rate while typing notes · <b>Alt+→</b> / <b>Alt+←</b> "
        "(or Ctrl+PgDown / PgUp) next / previous · <b>Esc</b> leaves the notes box")


COMPACT_BELOW = 700  # logical px of the view's height: below it the rating bar is always compact
KEYS_HINT_FROM = 800  # the view's height from which the keys hint shows (it is the rating bar's tooltip too)
SHORT_SCREEN = 600  # logical px of a screen's available height: below it the view is always short
LIST_FROM = 600  # the view's width from which the question list opens beside the question
LIST_NARROWEST = 100  # a question list dragged narrower folds away
NOTES_MIN, NOTES_MIN_SHORT = 110, 56  # the notes' minimum height, normal and on a short window
SUMMARY_LINES = 4  # the wrap-up's summary box shows at least this many lines
ANSWER_SETTING = "interview/show_model_answer"  # QSettings: the Model answer section open

clock = figures.duration  # the clock reads as the sealed scorecard and its PDF do


class InterviewView(QWidget):
    interview_submitted = Signal(int)  # interview id
    resume_accepted = Signal(int)  # the user resumed this interview (it is open; MainWindow shows it)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 clock: Callable[[], float] | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("interview_view")
        # The live session's clock: looked up when called, so a test may replace `time` here.
        self.clock = clock or (lambda: time.monotonic())
        self.session: LiveSession | None = None
        self.lease_token = new_token()  # this window's, for every interview it opens live
        self.guides: dict[int, QuestionGuide] = {}  # position -> anchors, red flags, competencies
        self.sealed_id: int | None = None
        self.resume_box: QMessageBox | None = None
        self.journal_folder = paths.journals_dir(store.display_url)
        self._loading = False  # filling widgets from data: not a user change
        self.short = False  # a short window (small screen, 200%): tighter, smaller type (resizeEvent)
        self.scorecard_visible = False

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.timeout.connect(self.save_now)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self._tick)
        self.heartbeat_timer = QTimer(self)
        self.heartbeat_timer.setInterval(HEARTBEAT_SECONDS * 1000)
        self.heartbeat_timer.timeout.connect(self._heartbeat)

        self.pages = QStackedWidget()
        self.pages.setAccessibleName("Interview pages")
        self.start_page = self._build_start_page()
        self.live_page = self._build_live_page()
        self.sealed_page = self._build_sealed_page()
        for page in (self.start_page, self.live_page, self.sealed_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._build_shortcuts()
        self._set_short(self._short_now())  # before the first layout: a window on a short screen fits it

    # == building ================================================================================
    def _build_start_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(make_label("Interview", role="heading"))
        layout.addWidget(make_label(
            "One question at a time, rated on an anchored scale. Every keystroke is saved within "
            "half a second, and an interrupted interview continues exactly where it stopped.",
            wrap=True, role="hint"))
        layout.addSpacing(8)

        layout.addWidget(make_label("Start a new interview", role="subheading"))
        row = QHBoxLayout()
        self.set_combo = QComboBox()
        self.set_combo.setAccessibleName("Saved set to interview with")
        self.set_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_combo.setMinimumContentsLength(16)  # a narrow window: the name cut, whole in the list
        self.start_button = make_button("Start Interview…", "Start interview", self._start_chosen_set)
        self.set_combo.setMaximumWidth(560)
        self.set_combo.view().setAccessibleName("Saved sets")
        row.addWidget(make_label("Set:"))
        row.addWidget(self.set_combo, 3)  # most of the room to the set name; the rest after the button
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.start_message = make_label("", "Interview start status", wrap=True, role="hint")
        layout.addWidget(self.start_message)
        layout.addSpacing(12)

        layout.addWidget(make_label("Continue an interview", role="subheading"))
        self.unfinished = QListWidget()
        self.unfinished.setObjectName("unfinished_interviews")
        self.unfinished.setAccessibleName("Interviews to continue")
        self.unfinished.setMaximumWidth(720)
        self.unfinished.setMaximumHeight(340)
        self.unfinished.itemActivated.connect(lambda _item: self._continue_chosen())
        self.unfinished.itemSelectionChanged.connect(self._update_start_buttons)
        layout.addWidget(self.unfinished)
        self.nothing_unfinished = make_label("Nothing to continue: every interview you started is submitted.",
                                             "No interviews to continue", role="hint")
        layout.addWidget(self.nothing_unfinished)
        self.continue_button = make_button("Continue Interview", "Continue the chosen interview",
                                           self._continue_chosen)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _build_live_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("live_interview")
        # A chosen rating or recommendation must be obvious at a glance.
        page.setStyleSheet("QPushButton:checked { background-color: palette(highlight);"
                           " color: palette(highlighted-text); border: 1px solid palette(shadow);"
                           " border-radius: 4px; }")
        self.live_layout = outer = QVBoxLayout(page)  # tighter on a short window (resizeEvent)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)

        # Shown while another window has this interview: who, where, since when; take it over.
        self.lease_banner = QFrame()
        self.lease_banner.setObjectName("lease_banner")
        self.lease_banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner = QHBoxLayout(self.lease_banner)
        self.lease_label = make_label("", "Who has this interview open", wrap=True)
        self.take_over_button = make_button("Take Over", "Take the interview over from the other window",
                                            self.take_over)
        self.take_over_button.setToolTip("Continue the interview in this window; the other window "
                                         "stops saving (what it still has is kept on its disk)")
        banner.addWidget(self.lease_label, 1)
        banner.addWidget(self.take_over_button)
        self.lease_banner.hide()
        outer.addWidget(self.lease_banner)
        # Another window changed a question this one had unsaved changes for: said until reopened.
        self.conflict_label = make_label("", "Changed in another window", wrap=True)
        self.conflict_label.setStyleSheet(f"color: {theme.css('bad')};")
        self.conflict_label.hide()
        outer.addWidget(self.conflict_label)

        # The candidate and role get the whole first row (elided, whole in the tooltip); the
        # interviewer and set share the second with the clock, so a narrow or 200% window
        # shortens text instead of cutting it off mid-word.
        self.candidate_label = ElidedLabel("Candidate", size=17, bold=True)
        self.context_label = ElidedLabel("Interviewer and set")
        self.context_label.setStyleSheet("color: palette(placeholder-text);")
        self.elapsed_label = make_label("0:00", "Interview time", size=17, bold=True)
        self.pause_button = make_button("Pause Clock", "Pause or continue the clock", self._toggle_clock)
        self.pause_button.setCheckable(True)
        outer.addWidget(self.candidate_label)
        header = QHBoxLayout()
        header.addWidget(self.context_label, 1)
        header.addWidget(make_label("Elapsed"))
        header.addWidget(self.elapsed_label)
        header.addWidget(self.pause_button)
        self.set_aside_button = make_button("Set Aside", "Set the interview aside", self.show_start_page)
        self.set_aside_button.setToolTip("Save and go back to the list of interviews; "
                                         "it stays in progress, to continue later")
        header.addWidget(self.set_aside_button)
        outer.addLayout(header)

        # The question list beside the question, as wide as a quarter of the view; a narrow
        # (or 200%) window folds it away (Previous / Next and Alt+arrows still move); dragging
        # the splitter opens it, or folds it, for the rest of the session.
        self.body = body = QSplitter(Qt.Orientation.Horizontal)
        body.setAccessibleName("Questions beside the current one")
        body.setChildrenCollapsible(True)
        self.list_width_chosen = False
        body.splitterMoved.connect(self._question_list_moved)
        self.question_model = QuestionListModel(self)
        self.question_list = QListView()
        self.question_list.setAccessibleName("Questions and progress")
        self.question_list.setModel(self.question_model)
        self.question_list.setItemDelegate(TwoLineDelegate(self.question_list))
        self.question_list.setUniformItemSizes(True)
        # Long prompts end in "…" (whole in the tooltip), never behind a horizontal scroll bar.
        self.question_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # No minimum width: the splitter folds it to nothing rather than make the window wider.
        self.question_list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.question_list.setSpacing(1)
        self.question_list.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.go_to(current.row()) if current.isValid() else None)
        body.addWidget(self.question_list)

        self.question_stack = QStackedWidget()
        self.question_stack.setAccessibleName("Current question")
        self.question_stack.addWidget(self._build_question_panel())
        self.question_stack.addWidget(self._build_wrap_up_panel())
        body.addWidget(self.question_stack)
        body.setCollapsible(1, False)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.installEventFilter(self)
        outer.addWidget(body, 1)

        footer = QHBoxLayout()
        self.previous_button = make_button("◀  Previous", "Previous question", self.previous_question)
        self.next_button = make_button("Next  ▶", "Next question", self.next_question)
        self.save_label = make_label("", "Autosave status", wrap=True)  # a long problem wraps, never widens
        self.save_label.setStyleSheet("color: palette(placeholder-text);")
        footer.addWidget(self.previous_button)
        footer.addWidget(self.next_button)
        footer.addSpacing(16)
        footer.addWidget(self.save_label, 1)
        outer.addLayout(footer)
        return page

    def _build_question_panel(self) -> QWidget:
        panel = QWidget()
        self.question_layout = layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.question_meta = ElidedLabel("Question details", policy=QSizePolicy.Policy.Preferred)
        self.question_clock_label = make_label("", "Time on this question", bold=True)
        top.addWidget(self.question_meta, 1)
        top.addWidget(self.question_clock_label)
        layout.addLayout(top)

        # As tall as the question, rubric and follow-ups need, so nothing the interviewer must
        # see hides below a scroll; the notes take the rest (and keep a usable minimum). It
        # scrolls only up and down: text wraps to its width.
        self.question_scroll = scroll = FittedScrollArea()
        scroll.setAccessibleName("Question, rubric and follow-ups")
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds the focus so bare keys rate
        scroll.setMinimumHeight(90)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        self.prompt_label = make_label("", "Question", wrap=True, size=16)
        self.prompt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        content_layout.addWidget(self.prompt_label)
        content_layout.addSpacing(6)
        self.competencies_label = make_label("", "Competencies this question assesses", wrap=True)
        self.competencies_label.setStyleSheet("color: palette(placeholder-text);")
        content_layout.addWidget(self.competencies_label)
        content_layout.addWidget(make_label("Rubric — tick each point as the candidate covers it", bold=True))
        self.rubric_box = QVBoxLayout()
        self.rubric_box.setSpacing(4)
        content_layout.addLayout(self.rubric_box)
        self.rubric_checks: list[QCheckBox] = []
        self.red_flags_title = make_label("Red flags — listen for", bold=True)
        self.red_flags_label = make_label("", "Red flags", wrap=True)
        content_layout.addSpacing(4)
        content_layout.addWidget(self.red_flags_title)
        content_layout.addWidget(self.red_flags_label)
        self.follow_ups_title = make_label("Follow-ups", bold=True)
        self.follow_ups_label = make_label("", "Follow-up questions", wrap=True)
        content_layout.addSpacing(4)
        content_layout.addWidget(self.follow_ups_title)
        content_layout.addWidget(self.follow_ups_label)
        # The model answer stays folded unless the interviewer opens it (and it stays as they left it).
        self.answer_toggle = QToolButton()
        self.answer_toggle.setText("Model answer")
        self.answer_toggle.setAccessibleName("Show the model answer")
        self.answer_toggle.setCheckable(True)
        self.answer_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.answer_toggle.setAutoRaise(True)
        self.answer_label = make_label("", "Model answer", wrap=True)
        self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer_toggle.setChecked(QSettings().value(ANSWER_SETTING, False, type=bool))
        self.answer_toggle.toggled.connect(self._answer_toggled)
        content_layout.addSpacing(4)
        content_layout.addWidget(self.answer_toggle)
        content_layout.addWidget(self.answer_label)
        content_layout.addStretch(1)
        scroll.setWidget(content)
        layout.addWidget(scroll)

        rating_row = QHBoxLayout()
        # Both shortened (whole in their tooltips) rather than widen a narrow window.
        self.anchors_label = ElidedLabel("What the ratings mean", bold=True, policy=QSizePolicy.Policy.Preferred)
        # A suggestion only: it never sets the rating, the interviewer does.
        self.suggestion_label = ElidedLabel("Rubric suggestion", policy=QSizePolicy.Policy.Preferred)
        self.suggestion_label.setToolTip(SUGGESTION_RULE)
        self.suggestion_label.setStyleSheet("color: palette(placeholder-text);")
        rating_row.addWidget(self.anchors_label, 1)
        rating_row.addWidget(self.suggestion_label)
        layout.addLayout(rating_row)
        self.rating_bar = RatingBar()
        self.rating_bar.setAccessibleName("Rating")
        self.rating_bar.changed.connect(self._rating_changed)
        layout.addWidget(self.rating_bar)
        self.keys_hint = hint = make_label(HINT, "Keyboard shortcuts", wrap=True, rich=True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.rating_bar.setToolTip(HINT)  # the keys, also when the hint gives way to the rubric
        layout.addWidget(hint)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes on the answer")
        self.notes.setPlaceholderText("Notes on the candidate's answer…")
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._notes_changed)
        self.notes.setMinimumHeight(NOTES_MIN)
        # Its own height asks for nothing beyond the minimum: the question is shown first, the
        # notes take whatever is left.
        self.notes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.notes, 1)
        # Resized or refilled: see whether the rating bar can show its anchors in full.
        self.question_scroll.installEventFilter(self)
        content.installEventFilter(self)
        self._fit_pending = False
        return panel

    def _build_wrap_up_panel(self) -> QWidget:
        """The recommendation and the required summary first, the optional notes per
        competency after them, in one area that scrolls up and down on a short window; the
        Submit button stays below it, always in view."""
        panel = QWidget()
        outer = QVBoxLayout(panel)
        outer.setContentsMargins(0, 0, 0, 0)
        self.wrap_up_scroll = scroll = QScrollArea()
        scroll.setAccessibleName("Recommendation, summary and notes")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        layout.addWidget(make_label("Recommendation & summary", wrap=True, size=16, bold=True))
        self.wrap_up_progress = make_label("", "Interview progress", wrap=True)
        layout.addWidget(self.wrap_up_progress)
        layout.addWidget(make_label("Overall recommendation (no neutral option)", wrap=True, bold=True))
        row = QHBoxLayout()
        self.recommendation_group = QButtonGroup(self)
        self.recommendation_buttons: dict[str, QPushButton] = {}
        for i, (key, label) in enumerate(iv.RECOMMENDATION_LABELS.items()):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setMinimumHeight(44)
            button.setMinimumWidth(56)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(f"Recommend: {label}")
            self.recommendation_group.addButton(button, i)
            self.recommendation_buttons[key] = button
            row.addWidget(button)
        self.recommendation_group.idClicked.connect(self._recommendation_changed)
        layout.addLayout(row)
        layout.addWidget(make_label("Summary of the evidence (required)", wrap=True, bold=True))
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Summary of the evidence")
        self.summary.setPlaceholderText("What did the candidate show? Cite the answers that support "
                                        "your recommendation.")
        self.summary.setTabChangesFocus(True)
        self.summary.textChanged.connect(self._summary_changed)
        self.summary.setMinimumHeight(SUMMARY_LINES * self.summary.fontMetrics().lineSpacing() + 14)
        # Asks for no more than that: a tall window gives it the room left, a short one scrolls.
        self.summary.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.summary, 1)
        self.competency_notes = CompetencyNotes()  # autosaved like the summary
        self.competency_notes.notes_changed.connect(self._competency_notes_changed)
        layout.addWidget(self.competency_notes)
        layout.addWidget(make_label("Submitting seals the scorecard: it becomes read-only, stamped "
                                    "with the time and a SHA-256 digest.", wrap=True))
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        self.submit_error = make_label("", "Problem", wrap=True)
        self.submit_error.setStyleSheet(f"color: {theme.css('bad')};")
        bottom.addWidget(self.submit_error, 1)
        self.submit_button = make_button("Submit and Seal  (Ctrl+Enter)", "Submit and seal the scorecard",
                                         self.submit)
        bottom.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(bottom)
        return panel

    def _build_sealed_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        self.scorecard = ScorecardBrowser()
        layout.addWidget(self.scorecard, 1)
        self.debrief_label = make_label("", "Debrief status", wrap=True)
        # Two rows, so a narrow window keeps every button whole.
        top = QHBoxLayout()
        top.addWidget(self.debrief_label, 1)
        layout.addLayout(top)
        row = QHBoxLayout()
        self.amend_button = make_button("Amend…", "Amend the sealed scorecard", self.amend)
        self.export_scorecard_button = make_button("Export Scorecard…", "Export scorecard PDF",
                                               self.export_scorecard)
        self.export_debrief_button = make_button("Export Debrief…", "Export debrief PDF", self.export_debrief)
        self.back_button = make_button("New Interview", "Back to the start page", self.show_start_page)
        row.addWidget(self.amend_button)
        row.addWidget(self.export_scorecard_button)
        row.addWidget(self.export_debrief_button)
        row.addStretch(1)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        return page

    def _shortcut(self, keys: list, slot, *, parent: QWidget | None = None) -> QShortcut:
        """One shortcut for several keys; duplicates (a standard key that equals one of ours on
        this platform) are dropped, or Qt would find the shortcut ambiguous and do nothing."""
        sequences: list[QKeySequence] = []
        for key in keys:
            sequence = QKeySequence(key)
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
        shortcut = QShortcut(parent or self.live_page)
        shortcut.setKeys(sequences)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _build_shortcuts(self) -> None:
        # Plain digits reach these only outside the notes box: a text box claims printable keys.
        for value in (1, 2, 3, 4):
            self._shortcut([str(value), f"Alt+{value}"], lambda v=value: self.rate(v))
        self._shortcut(["0", "S", "Alt+0"], lambda: self.rate(SKIPPED))
        self._shortcut([QKeySequence.StandardKey.Forward, "Alt+Right", "Ctrl+PgDown"], self.next_question)
        self._shortcut([QKeySequence.StandardKey.Back, "Alt+Left", "Ctrl+PgUp"], self.previous_question)
        self._shortcut(["Escape"], self.question_scroll.setFocus, parent=self.notes)
        self._shortcut(["Ctrl+Return", "Ctrl+Enter"], self.submit, parent=self.question_stack.widget(1))

    def resizeEvent(self, event) -> None:
        """A small or 200% window: tighter margins, the side list folded, the keys hint gone (it
        is the rating bar's tooltip too), so the question, its rubric and the notes keep the room."""
        super().resizeEvent(event)
        self._set_short(self._short_now())
        self.keys_hint.setVisible(self.height() >= KEYS_HINT_FROM)
        self._schedule_fit()

    def _short_now(self) -> bool:
        """A short view, or any view on a short screen (a 1280x800 one at 200%): there the roomy
        layout's minimum alone would make the window taller than the screen."""
        screen = self.screen()
        return self.height() < COMPACT_BELOW or (screen is not None and
                                                 screen.availableGeometry().height() < SHORT_SCREEN)

    def _set_short(self, short: bool) -> None:
        if short != self.short:
            self.short = short
            self.live_layout.setContentsMargins(*((10, 4, 10, 4) if short else (16, 12, 16, 12)))
            self.live_layout.setSpacing(4 if short else 10)
            self.question_layout.setSpacing(4 if short else 8)
            self.notes.setMinimumHeight(NOTES_MIN_SHORT if short else NOTES_MIN)
            set_font(self.candidate_label, size=14 if short else 17, bold=True)
            set_font(self.prompt_label, size=13 if short else 16)
            self.anchors_label.setVisible(not short)  # the compact buttons say what they are
            self.rating_bar.set_compact(short)  # now, not after the next layout: the window's minimum counts it

    def _fit_question_list(self) -> None:
        """A quarter of the view for the question list, none on a narrow window; once the user
        has dragged the splitter, their width stays."""
        if self.list_width_chosen:
            return
        width = 0 if self.width() < LIST_FROM else max(160, min(300, self.width() // 4))
        total = self.body.width() - self.body.handleWidth()
        self.body.setSizes([width, max(1, total - width)])

    def _question_list_moved(self, _pos: int, _index: int) -> None:
        self.list_width_chosen = True
        width, rest = self.body.sizes()
        if 0 < width < LIST_NARROWEST:  # a sliver shows nothing readable: fold it
            self.body.setSizes([0, width + rest])

    def eventFilter(self, watched, event) -> bool:
        if watched is self.body:
            if event.type() == QEvent.Type.Resize:  # also when the live page is first shown at its size
                QTimer.singleShot(0, self, self._fit_question_list)  # after the splitter's own resize
        elif event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._schedule_fit()  # after the layouts have run
        return super().eventFilter(watched, event)

    def _schedule_fit(self) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_rating_bar)

    def _fit_rating_bar(self) -> None:
        """The anchors in full while the question still shows down to its second rubric point
        (and the window is not short); else the compact bar, anchors in its tooltips."""
        self._fit_pending = False
        if self.current_question() is None:
            return
        bar = self.rating_bar
        rows = [check.parentWidget() for check in self.rubric_checks[:2]]
        need = (rows[-1] if rows else self.prompt_label).geometry().bottom() + 1
        room = (self.question_scroll.viewport().height() + self.notes.height() - self.notes.minimumHeight()
                - (bar.full_height() - bar.height()))
        fits = room >= need + (8 if bar.compact else 0)  # a little more to go back: no flicker at the edge
        bar.set_compact(self.short or not fits)

    # == public API ==============================================================================
    def refresh(self) -> None:
        """Reload the saved sets and the interviews that can be continued (when shown)."""
        with self.store.session() as s:
            sets = sorted(list_sets(s), key=lambda x: x.name)  # alphabetical: a list to pick from
            unfinished = iv.unfinished_interviews(s, self._viewer())
        chosen = self.set_combo.currentData()
        self.set_combo.clear()
        for x in sets:
            self.set_combo.addItem(f"{x.name}  ({x.questions} questions)", x.id)
        self.set_combo.setCurrentIndex(max(0, self.set_combo.findData(chosen)))
        self.start_button.setEnabled(bool(sets))
        self.start_message.setText("" if sets else "No saved sets yet: build one in the Builder (Ctrl+2).")
        self.start_message.setVisible(not sets)
        live_id = self.live.id if self.live else None
        self.unfinished.clear()
        for u in unfinished:
            if u.id == live_id:
                continue
            item = QListWidgetItem(f"{u.candidate}  ·  {u.set_name}\n"
                                   f"{iv.STATUS_LABELS[u.status]} {u.where}  ·  {clock(u.elapsed_seconds)}"
                                   f"  ·  {u.interviewer}")
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            self.unfinished.addItem(item)
        if self.unfinished.count():
            self.unfinished.setCurrentRow(0)
        self.unfinished.setVisible(self.unfinished.count() > 0)
        self.nothing_unfinished.setVisible(self.unfinished.count() == 0)
        self._update_start_buttons()

    def _update_start_buttons(self) -> None:
        self.continue_button.setVisible(self.unfinished.count() > 0)
        self.continue_button.setEnabled(self.unfinished.currentItem() is not None)

    def start_from_set(self, set_id: int) -> int | None:
        """Ask for the candidate and interviewer, then start. Returns the new interview id."""

        def save(candidate_id: int | None, new_candidate: dict, interviewer: str) -> int:
            with self.store.transaction() as s:
                if candidate_id is None:
                    candidate_id = create_candidate(s, **new_candidate).id
                return iv.create_interview(s, set_id=set_id, candidate_id=candidate_id,
                                           interviewer=interviewer).id

        dialog = StartInterviewDialog(self.store, set_id, save, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        prefs = load_preferences()
        if not prefs.interviewer_name:  # remember who the user is, for next time
            prefs.interviewer_name = " ".join(dialog.interviewer.text().split())
            save_preferences(prefs)
        self.open_interview(dialog.result_value)
        return dialog.result_value

    def open_interview(self, interview_id: int, *, take_over: bool = False) -> None:
        """Resume a planned or interrupted interview where it stopped, or show a sealed one."""
        self.flush()
        with self.store.session() as s:
            interview = iv.interview_summary(s, interview_id)
        if interview is None:
            QMessageBox.warning(self, "Interview not found", f"There is no interview {interview_id}.")
            return
        candidate = interview.candidate
        if interview.status == "submitted":
            self.show_scorecard(interview_id)
            return
        me = self._viewer()
        with self.store.session() as s:
            allowed = iv.may_continue(s, interview_id, me)  # only your own: their draft is theirs
        if not allowed:
            self._show_hidden(candidate, allowed.why)
            return
        self._close_live()
        session = open_live_session(self.store, interview_id, Claimant.here(me, self.lease_token),
                                    self.journal_folder, clock=self.clock, take_over=take_over)
        with self.store.session() as s:
            guides = question_guides(s, interview_id)
        self._show_live(session, guides)

    def take_over(self) -> None:
        """The other window has gone quiet (or let go): continue the interview here."""
        if self.session is not None and self.session.read_only:
            self.open_interview(self.live.id, take_over=True)

    def flush(self) -> None:
        """Write any pending change now (the window calls this when it closes)."""
        self.save_timer.stop()
        if self.session is not None:
            self.session.flush()

    # The live session's state, for the window and the tests (None / empty when none is open).
    @property
    def live(self) -> LiveInterview | None:
        return self.session.live if self.session else None

    @property
    def pending(self):
        return self.session.pending if self.session else None

    @property
    def journal(self) -> Journal | None:
        return self.session.journal if self.session else None

    @property
    def kept_on_disk(self) -> bool:
        return self.session.kept_on_disk if self.session else True

    def close_ok(self) -> bool:
        """May the window close? Saves first; with changes the database did not take, asks:
        Retry, Keep for later (the journal has them), or stay. Never waits more than a moment."""
        while True:
            self.flush()
            if not self.pending:
                self._close_live()  # lets go of the interview's lease
                return True
            choice = self.ask_unsaved(self.save_label.text(), self.kept_on_disk)
            if choice == "keep":
                self._close_live()
                return True
            if choice != "retry":
                return False

    def ask_unsaved(self, problem: str, kept_on_disk: bool) -> str:
        """'retry', 'keep' (only when the journal has every change) or 'stay'."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changes not saved", problem,
                          QMessageBox.StandardButton.NoButton, self.window())
        box.setTextFormat(Qt.TextFormat.PlainText)
        retry = box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
        keep = None
        if kept_on_disk:
            box.setInformativeText("Keep for later: your notes stay on disk and are saved the next "
                                   "time Interview Desk starts.")
            keep = box.addButton("Keep for Later and Quit", QMessageBox.ButtonRole.DestructiveRole)
        else:
            box.setInformativeText("Your last notes could not be written anywhere: quitting now would lose them.")
        box.addButton("Don't Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retry)
        box.exec()
        clicked = box.clickedButton()
        return "retry" if clicked is retry else "keep" if keep is not None and clicked is keep else "stay"

    def offer_resume(self) -> None:
        """Offer to continue this viewer's interview in progress exactly where it stopped (whether
        the app was closed or killed, or the interview was set aside on purpose)."""
        if self.live is not None:
            return
        viewer = self._viewer()
        with self.store.session() as s:
            interview = iv.interrupted_interview(s, viewer)
        if interview is None:
            return
        interview_id = interview.id
        whose = "your" if same_person(interview.interviewer, viewer) else f"{interview.interviewer}'s"
        text = f"Continue {whose} interview with {interview.candidate} {interview.where}?"
        box = QMessageBox(QMessageBox.Icon.Question, "Continue Interview", text,
                          QMessageBox.StandardButton.NoButton, self.window())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(f"{interview.set_name} · {clock(interview.elapsed_seconds)} on the clock"
                               + (", paused." if interview.clock_paused else "."))
        resume = box.addButton("Continue Interview", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not Now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        box.setAccessibleName("Continue the interview in progress")
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def done() -> None:
            self.resume_box = None
            if box.clickedButton() is resume:
                self.open_interview(interview_id)
                self.resume_accepted.emit(interview_id)  # so the window shows this page

        box.finished.connect(done)
        self.resume_box = box
        box.open()

    # == start page ==============================================================================
    def show_start_page(self) -> None:
        self.flush()
        if self.pending and not self.kept_on_disk:
            return  # only in this window: stay (the label says why) rather than drop them
        self._close_live()
        self.sealed_id = None
        self.refresh()
        self.pages.setCurrentWidget(self.start_page)

    def _start_chosen_set(self) -> None:
        set_id = self.set_combo.currentData()
        if set_id is not None:
            self.start_from_set(set_id)

    def _continue_chosen(self) -> None:
        item = self.unfinished.currentItem()
        if item is not None:
            self.open_interview(int(item.data(Qt.ItemDataRole.UserRole)))

    # == the live interview ======================================================================
    def _show_live(self, session: LiveSession, guides: list[QuestionGuide] = ()) -> None:
        self._close_live()
        live = session.live
        self.guides = {g.position: g for g in guides}
        self.sealed_id = None
        self.session = session
        events = session.events
        events.connect("lease", self._on_lease)
        events.connect("conflict", self._on_conflict)
        self.conflict_label.hide()
        events.connect("question", self._on_question)
        events.connect("position", self._on_position)
        events.connect("clock", self._on_clock)
        events.connect("save_due", self._on_save_due)
        events.connect("saved", self._on_saved)
        self.save_label.clear()
        self.candidate_label.setText(live.candidate_name + (f"  ·  {live.role_name}" if live.role_name else ""))
        self.context_label.setText(f"Interviewer {live.interviewer}  ·  set {live.set_name}")
        self.question_model.set_questions(live.questions)
        self._loading = True
        self.summary.setPlainText(live.summary)
        self.competency_notes.show_fields(live.competency_notes)
        for key, button in self.recommendation_buttons.items():
            button.setChecked(key == live.recommendation)
        self._loading = False
        self.submit_error.clear()
        self.tick_timer.start()
        if session.lease is not None:
            self.heartbeat_timer.start()
        self.pages.setCurrentWidget(self.live_page)
        self._on_lease()
        self._on_position(session.position)
        self._on_clock()  # as it was left: a paused clock stays paused

    def _close_live(self) -> None:
        if self.session is not None:  # what its journal still holds is replayed at the next start
            self.session.close()
            self.session = None
        self.tick_timer.stop()
        self.save_timer.stop()
        self.heartbeat_timer.stop()

    @property
    def position(self) -> int:
        return self.session.position if self.session else -1

    def current_question(self) -> LiveQuestion | None:
        return self.session.current_question() if self.session else None

    def go_to(self, position: int) -> None:
        if self.session is not None:
            self.session.go_to(position)

    def next_question(self) -> None:
        if self.session is not None and self.pages.currentWidget() is self.live_page:
            self.session.next()

    def previous_question(self) -> None:
        if self.session is not None and self.pages.currentWidget() is self.live_page:
            self.session.previous()

    def _on_position(self, position: int) -> None:
        """The session moved: select the row, draw the question or the wrap-up."""
        index = self.question_model.index(position, 0)
        if self.question_list.currentIndex() != index:
            self.question_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        question = self.current_question()
        if question is None:
            self._show_wrap_up()
        else:
            self._show_question(question)
        self.previous_button.setEnabled(position > 0)
        self.next_button.setEnabled(position < len(self.live.questions))
        self._update_clock_labels()

    def _show_question(self, q: LiveQuestion) -> None:
        self._loading = True
        total = len(self.live.questions)
        self.question_meta.setText(f"Question {q.position + 1} of {total}  ·  {q.difficulty}  ·  {q.kind}"
                                   f"  ·  {q.minutes} min expected")
        self.prompt_label.setText(" ".join(q.prompt.split()))
        while self.rubric_box.count():  # the previous question's points
            row = self.rubric_box.takeAt(0).widget()
            row.setParent(None)
            row.deleteLater()
        self.rubric_checks = []
        for i, point in enumerate(q.rubric):
            row = RubricPoint(i, point, i in q.covered)
            row.check.toggled.connect(self._rubric_changed)
            self.rubric_box.addWidget(row)
            row.show()  # now, not on the next turn of the event loop: the scroll sizes to it below
            row.check.setEnabled(not self.session.read_only)
            self.rubric_checks.append(row.check)
        self.follow_ups_title.setVisible(bool(q.follow_ups))
        self.follow_ups_label.setVisible(bool(q.follow_ups))
        self.follow_ups_label.setText("\n".join(f"•  {f}" for f in q.follow_ups))
        self._show_guide(self.guides.get(q.position))
        self.question_scroll.updateGeometry()  # the new question's height
        self._schedule_fit()
        self.rating_bar.set_value(q.rating, q.skipped)
        self._show_suggestion(q)
        self.notes.setPlainText(q.notes)
        self.notes.moveCursor(self.notes.textCursor().MoveOperation.End)
        self.question_stack.setCurrentIndex(0)
        self._loading = False
        # The question holds the focus, not the notes: bare 1-4 / 0 / S rate; a letter starts notes.
        self.question_scroll.setFocus()

    def _show_guide(self, guide: QuestionGuide | None) -> None:
        """The question's competencies, red flags and own anchors (the global scale if none)."""
        names = guide.competencies if guide else ()
        self.competencies_label.setText(f"Assesses: {', '.join(names)}" if names else "")
        self.competencies_label.setVisible(bool(names))
        flags = guide.red_flags if guide else ()
        self.red_flags_title.setVisible(bool(flags))
        self.red_flags_label.setVisible(bool(flags))
        self.red_flags_label.setText("\n".join(f"•  {f}" for f in flags))
        own = guide is not None and guide.own_anchors
        self.anchors_label.setText("Rating — what each answer looks like here" if own
                                   else "Rating — the general scale (no anchors of its own)")
        self.rating_bar.set_anchors(guide.anchors if guide else iv.RATING_ANCHORS)
        self.answer_label.setText(guide.answer if guide else "")
        self._show_answer()

    def _answer_toggled(self, shown: bool) -> None:
        QSettings().setValue(ANSWER_SETTING, shown)
        self._show_answer()

    def _show_answer(self) -> None:
        has = bool(self.answer_label.text())
        shown = self.answer_toggle.isChecked()
        self.answer_toggle.setVisible(has)
        self.answer_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.answer_toggle.setAccessibleName("Hide the model answer" if shown else "Show the model answer")
        self.answer_label.setVisible(has and shown)

    def _show_suggestion(self, q: LiveQuestion) -> None:
        suggested = rubric_suggestion(len(q.covered), len(q.rubric))
        self.suggestion_label.setText(
            "" if suggested is None else
            f"Rubric suggests {suggested}  ({len(q.covered)} of {len(q.rubric)} points ticked)")
        self.suggestion_label.setAccessibleDescription(SUGGESTION_RULE)

    def _show_wrap_up(self) -> None:
        self.wrap_up_progress.setText(self.session.stats().summary())
        self.question_stack.setCurrentIndex(1)
        self.summary.setFocus()
        self.wrap_up_scroll.ensureWidgetVisible(self.summary, 0, 0)

    def keyPressEvent(self, event) -> None:
        """A key no widget took on the question page (the focus is not in a text box; rating keys
        were shortcuts): a letter starts the notes with that letter, Enter moves into them."""
        text = event.text()
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier))
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (plain and (enter or text[:1].isalpha()) and self.current_question() is not None
                and not self.session.read_only
                and self.pages.currentWidget() is self.live_page and self.question_stack.currentIndex() == 0):
            self.notes.setFocus()
            if not enter:
                self.notes.insertPlainText(text)
            event.accept()
            return
        super().keyPressEvent(event)

    # -- changes (each one is autosaved) ---------------------------------------------------------
    def rate(self, value: int) -> None:
        """Keys 1-4 rate the current question; 0 or S marks it skipped."""
        if (self.current_question() is not None and self.pages.currentWidget() is self.live_page
                and not self.session.read_only):
            self.rating_bar.choose(value)

    def _rating_changed(self, rating: int | None, skipped: bool) -> None:
        if self.session is not None and not self._loading:
            self.session.rate(rating, skipped)

    def _rubric_changed(self) -> None:
        if self.session is not None and not self._loading:
            self.session.set_covered([i for i, check in enumerate(self.rubric_checks) if check.isChecked()])

    def _notes_changed(self) -> None:
        if self.session is not None and not self._loading:
            self.session.set_notes(self.notes.toPlainText())

    def _summary_changed(self) -> None:
        if self.session is not None and not self._loading:
            self.session.set_summary(self.summary.toPlainText())

    def _competency_notes_changed(self, notes: dict) -> None:
        if self.session is not None and not self._loading:
            self.session.set_competency_notes(notes)

    def _recommendation_changed(self, button_id: int) -> None:
        if self.session is not None and not self._loading:
            self.session.set_recommendation(list(iv.RECOMMENDATION_LABELS)[button_id])

    def _on_question(self, position: int) -> None:
        """A question's annotation changed: its row in the list, and the suggestion if shown."""
        self.question_model.question_changed(position)
        q = self.current_question()
        if q is not None and q.position == position:
            self._show_suggestion(q)

    # -- the lease: one live window per interview ----------------------------------------------------
    def _heartbeat(self) -> None:
        if self.session is not None:
            self.session.heartbeat()

    def _on_lease(self) -> None:
        """Read-only while another window has the interview; the banner says who and where."""
        session = self.session
        message = session.lease_message()
        self.lease_banner.setVisible(bool(message))
        self.lease_label.setText(message)
        self.take_over_button.setVisible(session.lost is None and session.read_only)
        self.take_over_button.setEnabled(session.lease is not None and session.lease.can_take_over)
        editable = not session.read_only
        self.notes.setReadOnly(not editable)
        self.summary.setReadOnly(not editable)
        for widget in (self.rating_bar, self.pause_button, self.submit_button,
                       *self.recommendation_buttons.values(), *self.rubric_checks):
            widget.setEnabled(editable)
        if session.lost is not None:
            self.save_label.setText(message)

    def _on_conflict(self, position: int, message: str) -> None:
        self.conflict_label.setText(message)
        self.conflict_label.show()
        self.save_label.setText(message)
        q = self.current_question()
        if q is not None and q.position == position:
            self._show_question(q)  # their version, now this window's too

    # -- autosave (the session decides when; this timer only keeps the appointment) ---------------
    def _on_save_due(self, seconds: float | None) -> None:
        if seconds is None:
            self.save_timer.stop()
        else:
            self.save_timer.start(int(seconds * 1000))

    def _on_saved(self, problem: str) -> None:
        self.save_label.setText(problem or "All changes saved")

    def save_now(self) -> None:
        self.save_timer.stop()
        if self.session is not None:
            self.session.save()

    # -- clocks -----------------------------------------------------------------------------------
    def elapsed_seconds(self) -> float:
        return self.session.elapsed_seconds() if self.session else 0.0

    def question_seconds(self) -> float:
        return self.session.question_seconds() if self.session else 0.0

    def _tick(self) -> None:
        if self.session is not None:
            self.session.tick()

    def _toggle_clock(self) -> None:
        if self.session is not None:
            self.session.set_clock_paused(self.pause_button.isChecked())

    def _on_clock(self) -> None:
        paused = self.session.clock_paused
        self.pause_button.setChecked(paused)
        self.pause_button.setText("Continue Clock" if paused else "Pause Clock")
        self._update_clock_labels()

    def _update_clock_labels(self) -> None:
        self.elapsed_label.setText(clock(self.elapsed_seconds()))
        q = self.current_question()
        if q is None:
            self.question_clock_label.clear()
            return
        self.question_clock_label.setText(f"{clock(self.question_seconds())} of {q.minutes}:00")
        self.question_clock_label.setStyleSheet(f"color: {theme.css('bad')};"
                                                if self.session.question_over_time() else "")

    # -- submitting -------------------------------------------------------------------------------
    def submit(self) -> None:
        """Seal the scorecard, after asking: sealing cannot be undone (only amended), and
        Ctrl+Enter is one stray chord away while typing the summary."""
        if self.session is None:
            return
        self.save_timer.stop()
        interview_id = self.live.id
        problem = self.session.lease_message() if self.session.read_only else self.session.submit_problem()
        if not problem and not self.session.flush():  # nothing to ask while the notes are not saved
            problem = self.session.save_problem
        if not problem and not self.ask_to_seal():
            return
        problem = problem or self.session.submit()
        if problem:
            self.submit_error.setText(problem)
            if not self.session.on_wrap_up:
                self.go_to(len(self.live.questions))
            return
        self._close_live()
        self.show_scorecard(interview_id)
        self.interview_submitted.emit(interview_id)

    def ask_to_seal(self) -> bool:
        """Submit and Seal, or keep editing (the default: a stray Enter changes nothing)."""
        live = self.live
        stats = self.session.stats()
        box = QMessageBox(QMessageBox.Icon.Question, "Submit and Seal",
                          f"Submit and seal the scorecard for {live.candidate_name}?",
                          QMessageBox.StandardButton.NoButton, self.window())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(f"{stats.summary()} Once sealed it is read-only; a correction is "
                               "an amendment with a reason.")
        seal = box.addButton("&Submit and Seal", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep Editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is seal

    # == the sealed scorecard ====================================================================
    def _viewer(self) -> str:
        return load_preferences().interviewer_name

    def show_scorecard(self, interview_id: int) -> None:
        """Read-only; another interviewer's scorecard stays hidden until independence allows."""
        self._close_live()
        self.sealed_id = interview_id
        me = self._viewer()
        with self.store.session() as s:
            access = iv.scorecard_access(s, interview_id, me)
            who = iv.interview_summary(s, interview_id)
            sealed = iv.sealed_scorecard(s, interview_id) if access.visible else None  # hidden: not even loaded
            amendable = iv.may_amend(s, interview_id, me)
        visible, debrief_open, debrief_why = access.visible, access.debrief_open, access.debrief_why
        if sealed is not None:
            html = scorecard_html(sealed.info, sealed.card, sealed.prompts, sealed.rubrics, sealed.history,
                                  sealed.seal_ok)
        else:
            html = hidden_html(who.candidate, f"This is {who.interviewer}'s sealed scorecard. "
                                              f"You ({me or 'no name set in Preferences'}) have not "
                                              f"submitted your own scorecard for {who.candidate} yet.")
        self.scorecard.setHtml(html)
        self.scorecard_visible = visible
        self.amend_button.setEnabled(bool(amendable))
        self.export_scorecard_button.setEnabled(visible)
        self.export_debrief_button.setEnabled(True)  # gated when clicked
        self.debrief_label.setText(f"Loop debrief: {'open' if debrief_open else 'closed'} — {debrief_why}"
                                   if debrief_why else "")
        self.pages.setCurrentWidget(self.sealed_page)

    def _show_hidden(self, candidate: str, reason: str) -> None:
        self._close_live()
        self.sealed_id = None
        self.scorecard_visible = False
        self.scorecard.setHtml(hidden_html(candidate, reason))
        for button in (self.amend_button, self.export_scorecard_button, self.export_debrief_button):
            button.setEnabled(False)
        self.debrief_label.clear()
        self.pages.setCurrentWidget(self.sealed_page)

    def amend(self) -> None:
        if self.sealed_id is not None and amend_scorecard(self, self.store, self.sealed_id, self._viewer()):
            self.show_scorecard(self.sealed_id)

    def export_scorecard(self) -> None:
        if self.sealed_id is not None:
            export_pdf(self, self.store, "scorecard", self.sealed_id)

    def export_debrief(self) -> None:
        """The debrief shows every interviewer's ratings: only once the loop's debrief is open."""
        if self.sealed_id is None:
            return
        with self.store.session() as s:
            candidate_id = iv.interview_summary(s, self.sealed_id).candidate_id
            allowed = iv.may_export_debrief(s, candidate_id, self._viewer())
        if not allowed and allowed.gate is None:
            QMessageBox.information(self, "Debrief hidden", allowed.why)
            return
        if not allowed:
            loop_id, why = allowed.gate.loop_id, allowed.gate.why
            if loop_id is None:
                QMessageBox.information(self, "Debrief not open yet",
                                        f"The debrief opens once every interview is submitted: {why}.")
                return
            if not self.ask_debrief_override(loop_id, why):
                return
        export_pdf(self, self.store, "debrief", candidate_id)

    def ask_debrief_override(self, loop_id: int, why: str) -> bool:
        if not ask_to_open_debrief(self, self.store, [loop_id], why, self._viewer()):
            return False
        self.show_scorecard(self.sealed_id)
        return True


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when it does not fit, whole in its tooltip; it
    never makes the window wider."""

    def __init__(self, name: str, *, size: float | None = None, bold: bool = False,
                 policy: QSizePolicy.Policy = QSizePolicy.Policy.Ignored):
        """`policy` Preferred: as wide as its text where the row has room, shortened where not."""
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)  # user text: shown as typed
        self.setAccessibleName(name)
        set_font(self, size=size, bold=bold)
        self.setSizePolicy(policy, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M…"), super().minimumSizeHint().height())

    def _shown(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self._shown(), self.foregroundRole())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setToolTip(self.text() if self._shown() != self.text() else "")

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(self.text() if self._shown() != self.text() else "")


class RubricPoint(QWidget):
    """A rubric point: a checkbox with the point's text wrapped beside it (click either)."""

    def __init__(self, index: int, text: str, checked: bool, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.check = QCheckBox()
        self.check.setAccessibleName(f"Rubric point {index + 1}: {text}")
        self.check.setChecked(checked)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.check)
        self.label.mousePressEvent = lambda _event: self.check.toggle()
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
