"""The Candidates & Scorecards view: candidates, their loops and interviews, one scorecard in detail.

What it shows follows core.scorecards: your own interviews always; others' ratings only once
you have submitted yours for that candidate (or, if you do not interview them, once the debrief
opens). "You" is the interviewer name in Preferences.
"""

from __future__ import annotations

import html
from textwrap import indent

import shiboken6

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core.bank import catalog
from desktop.core.interviewing import candidates
from desktop.core import interviewing
from desktop.core.interviewing import erasure
from desktop.core.interviewing import records as scorecards
from desktop.core.interviewing.competencies import scale_label
from desktop.core.interviewing.decision_view import COMPETENCY_FORMULA, scorecard_competencies
from desktop.core.storage.preferences import load_preferences
from desktop.core.storage.store import Store
from desktop.ui import exchange_actions, export_actions
from desktop.ui.candidates_model import (
    AmendmentsModel,
    CandidatesTreeModel,
    ScoresModel,
)
from desktop.ui.decision_area import DecisionArea, rating_text
from desktop.ui.scorecard_dialogs import NewCandidateDialog, amend_scorecard, ask_to_erase_candidate, ask_to_open_debrief
from desktop.ui.tasks import ChangeOp, no_progress, on_changes
from desktop.ui.widgets import fit_columns, flow_row, make_button, make_label

FILTER_DELAY_MS = 150  # re-query once typing pauses


def _erase(store, candidate_id: int, by: str) -> erasure.ErasureReport:
    """Run on a worker: the erasure rebuilds the database file (interviewing/erasure.py)."""
    return erasure.erase_candidate(store, candidate_id, by=by)


def grouped(digest: str, size: int = 8) -> str:
    """A long hash in groups, as fingerprints are shown: readable, and it wraps on a narrow window."""
    return " ".join(digest[i:i + size] for i in range(0, len(digest), size))


def _name_headers(view: QAbstractItemView) -> None:
    for header in view.findChildren(QHeaderView):
        if not header.accessibleName():
            kind = "Column" if header.orientation() == Qt.Orientation.Horizontal else "Row"
            header.setAccessibleName(f"{kind} headers of {view.accessibleName().lower()}")


class CandidatesView(QWidget):
    open_interview_requested = Signal(int)  # interview id

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        on_changes(self, {"interviews", "candidates"}, self.refresh)  # e.g. a submitted scorecard
        self.viewer = ""
        self.detail: scorecards.ScorecardDetail | None = None
        self.setObjectName("candidates_view")

        heading = QLabel("Candidates & Scorecards")
        heading.setProperty("role", "heading")
        self.viewer_label = make_label(name="Who is looking", wrap=True, role="hint")
        self.viewer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Filter candidates")
        self.filter_edit.setPlaceholderText("Filter by name or role")
        self.filter_edit.setClearButtonEnabled(True)
        for clear in self.filter_edit.findChildren(QToolButton):
            clear.setAccessibleName("Clear filter")
        self.new_button = make_button("New Candidate…", "New candidate", self.new_candidate)
        self.import_cards_button = make_button("Import Cards…", "Import scorecard cards", self.import_cards)
        self.import_cards_button.setToolTip("Add sealed scorecards sent from interviewers' laptops "
                                            "(cards made with Export Card…)")
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.reload)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())

        self.model = CandidatesTreeModel(self)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Candidates, loops and interviews")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CandidatesTreeModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        # The short columns take what their text needs; the names get all the rest (at 1024 px
        # fixed widths left "Jordan Avery · Gene…").
        for column in (CandidatesTreeModel.COL_STATUS, CandidatesTreeModel.COL_RECOMMENDATION,
                       CandidatesTreeModel.COL_SCORE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(lambda current, _previous: self._show(current))
        self.tree.activated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.details = QStackedWidget()
        self.details.setAccessibleName("Details")
        self.empty_page = make_label(name="Nothing selected", wrap=True, role="hint")
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary_page = QLabel()  # a candidate or a loop, as escaped rich text
        self.summary_page.setAccessibleName("Candidate or loop summary")
        self.summary_page.setWordWrap(True)
        self.summary_page.setTextFormat(Qt.TextFormat.RichText)
        self.summary_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_page.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_page.setContentsMargins(8, 4, 8, 4)
        self.decision_area = DecisionArea(store)
        self.decision_area.decided.connect(lambda _candidate: self.reload())
        summary_and_decision = QWidget()  # a candidate's summary, then its Decision area
        summary_layout = QVBoxLayout(summary_and_decision)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(self.summary_page)
        summary_layout.addWidget(self.decision_area)
        summary_layout.addStretch(1)
        self.details.addWidget(self.empty_page)
        self.details.addWidget(summary_and_decision)
        self.details.addWidget(self._build_scorecard_page())

        self.open_button = make_button("Open Interview", "Open or resume interview", self.open_interview)
        self.amend_button = make_button("Amend…", "Amend scorecard", self.amend)
        self.export_scorecard_button = make_button("Export Scorecard…", "Export scorecard", self.export_scorecard)
        self.export_debrief_button = make_button("Export Debrief…", "Export debrief", self.export_debrief)
        self.export_card_button = make_button("Export Card…", "Export scorecard card", self.export_card)
        self.export_card_button.setToolTip("The sealed scorecard as one small file, for another laptop "
                                           "(the hiring manager's): File › Import Cards… there adds it")
        self.erase_button = make_button("Erase Candidate…", "Erase candidate", self.erase_candidate)
        self.erase_button.setToolTip("Delete the candidate and everything about them (a right-to-erasure "
                                     "request, a withdrawn candidate). Asks first; cannot be undone.")
        # One row where it fits; on a narrow window (200% scale) the buttons wrap onto two.
        gap = QWidget()  # between the interview's buttons and the exports, on a wide row
        gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        actions = flow_row(self.open_button, self.amend_button, self.erase_button, gap,
                           self.export_scorecard_button, self.export_card_button, self.export_debrief_button,
                           spacing=4)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 8, 0, 0)
        bottom_layout.addWidget(self.details, 1)
        # In a small window the scorecard scrolls instead of forcing the window to grow; the
        # actions stay below it, always in sight.
        self.details_scroll = details_scroll = QScrollArea()
        details_scroll.setAccessibleName("Details scroll area")
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setWidget(bottom)

        # The list on top, the scorecard below: both get the full width their columns need.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Candidates and details")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(details_scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([220, 480])

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.viewer_label, 1)  # all the room beside the heading: one line ("You are Priya / Raman" was two)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.import_cards_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.notice = make_label(name="What just happened", wrap=True, role="hint")
        self.notice.hide()
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(actions)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.filter_edit.setFocus(), self.filter_edit.selectAll()))
        new = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.activated.connect(self.new_candidate)
        self._update_buttons()
        for view in (self.tree, self.scores, self.amendments):  # headers are item views too
            _name_headers(view)

    def _build_scorecard_page(self) -> QWidget:
        page = QWidget()
        # A broken seal is the first thing on the page, in the theme's alarm colour.
        self.card_alarm = make_label(name="Seal broken", wrap=True, selectable=True)
        self.card_alarm.hide()
        self.card_title = make_label(name="Scorecard title", wrap=True, role="subheading")
        self.card_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.card_meta = make_label(name="Scorecard status", wrap=True, selectable=True, role="hint")
        self.card_recommendation = make_label(name="Recommendation", wrap=True)
        self.card_recommendation.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.card_summary = make_label(name="Summary of the evidence", wrap=True, selectable=True)
        self.card_competencies = make_label(name="Ratings per competency", wrap=True, selectable=True)
        self.card_formula = make_label(COMPETENCY_FORMULA, "How a competency's rating is computed", wrap=True,
                                       role="hint")
        self.scores_model = ScoresModel(self)
        self.scores = QTableView()
        self.scores.setAccessibleName("Ratings per question")
        self.scores.setModel(self.scores_model)
        self.scores.setWordWrap(True)
        self.scores.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scores.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.scores.verticalHeader().setDefaultSectionSize(26)
        self.scores.verticalHeader().setMaximumSectionSize(40)  # at most two lines; the tooltip has it all
        h = self.scores.horizontalHeader()
        h.setSectionResizeMode(ScoresModel.COL_QUESTION, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(ScoresModel.COL_NOTES, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ScoresModel.COL_RATING, 250), (ScoresModel.COL_RUBRIC, 64), (ScoresModel.COL_TIME, 100)):
            h.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            h.resizeSection(column, width)
        self.amendments_label = make_label(name="Amendment history heading", wrap=True)
        self.amendments_model = AmendmentsModel(self)
        self.amendments = QTableView()
        self.amendments.setAccessibleName("Amendment history")
        self.amendments.setModel(self.amendments_model)
        self.amendments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.amendments.verticalHeader().hide()
        a = self.amendments.horizontalHeader()
        a.setSectionResizeMode(AmendmentsModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        a.setSectionResizeMode(AmendmentsModel.COL_CHANGES, QHeaderView.ResizeMode.Stretch)
        a.resizeSection(AmendmentsModel.COL_WHEN, 130)
        self.card_seal = make_label(name="Seal", wrap=True, selectable=True, role="hint")
        self.card_seal.setStyleSheet("font-family: monospace;")
        self._seal: tuple[str, str] | None = None  # the digest shown and its check

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card_alarm)
        layout.addWidget(self.card_title)
        layout.addWidget(self.card_meta)
        layout.addSpacing(6)
        layout.addWidget(self.card_recommendation)
        layout.addWidget(self.card_summary)
        layout.addSpacing(6)
        layout.addWidget(self.card_competencies)
        layout.addWidget(self.card_formula)
        layout.addWidget(self.scores, 1)
        layout.addWidget(self.amendments_label)
        layout.addWidget(self.amendments)
        layout.addWidget(self.card_seal)
        return page

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once the layout has sized the tables

    def _fit_columns(self) -> None:
        """On a narrow window (200% scale) the names and the questions stay readable and
        nothing scrolls sideways: the rating column narrows, the least needed columns go."""
        if not shiboken6.isValid(self):
            return
        self._show_seal()
        fit_columns(self.tree, droppable=(CandidatesTreeModel.COL_SCORE, CandidatesTreeModel.COL_RECOMMENDATION),
                    always=(CandidatesTreeModel.COL_STATUS,), min_text=150)
        # Narrower still, the status gets at most 40% ("4 of 4 submitted · deb…"; the row's tooltip
        # has it whole) so that the names read.
        header, room = self.tree.header(), self.tree.viewport().width()
        narrow = self.tree.isColumnHidden(CandidatesTreeModel.COL_RECOMMENDATION)
        header.setSectionResizeMode(CandidatesTreeModel.COL_STATUS, QHeaderView.ResizeMode.Interactive if narrow
                                    else QHeaderView.ResizeMode.ResizeToContents)
        if narrow:
            self.tree.resizeColumnToContents(CandidatesTreeModel.COL_STATUS)
            header.resizeSection(CandidatesTreeModel.COL_STATUS,
                                 min(header.sectionSize(CandidatesTreeModel.COL_STATUS), room * 2 // 5))
        room = self.scores.viewport().width()
        self.scores.horizontalHeader().resizeSection(ScoresModel.COL_RATING, 250 if room >= 700 else max(110, room // 3))
        fit_columns(self.scores, droppable=(ScoresModel.COL_TIME, ScoresModel.COL_RUBRIC),
                    always=(ScoresModel.COL_RATING,), min_text=180)

    def _show_seal(self) -> None:
        """The digest whole, to be copied and compared; in groups of eight where a narrow window
        (200% scale) has no room for it on one line."""
        if self._seal is None:
            return
        digest, check = self._seal
        room = self.details_scroll.viewport().width() - 16
        whole = self.card_seal.fontMetrics().horizontalAdvance(f"SHA-256 {digest}") <= room
        self.card_seal.setText(f"SHA-256 {digest if whole else grouped(digest)}\n{check}")

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the database (called when the view is shown)."""
        self.viewer = load_preferences().interviewer_name.strip()
        self.viewer_label.setText(
            f"You are {self.viewer}" if self.viewer
            else "Set your interviewer name in Preferences to see your own scorecards")
        self.reload()

    def reload(self) -> None:
        kind, item_id = self.current_key()
        with self.store.session() as s:
            entries = scorecards.candidate_entries(s, viewer=self.viewer, text=self.filter_edit.text())
        self.model.set_candidates(entries)
        self.tree.expandAll()
        if not self.select(kind, item_id) and self.model.rowCount():
            first = self.model.index(0, 0)
            self.select(self.model.kind(first), self.model.entry(first).id)
        if not self.tree.currentIndex().isValid():
            self._show(QModelIndex())

    def current_key(self) -> tuple[str | None, int | None]:
        index = self.tree.currentIndex()
        entry = self.model.entry(index)
        return (self.model.kind(index), entry.id) if entry is not None else (None, None)

    def select(self, kind: str | None, item_id: int | None) -> bool:
        index = self.model.index_of(kind, item_id) if kind else QModelIndex()
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)
        return True

    # -- details ------------------------------------------------------------------------------
    def _show(self, index: QModelIndex) -> None:
        kind, entry = self.model.kind(index), self.model.entry(index)
        self.detail = None
        if kind == "interview":
            with self.store.session() as s:
                self.detail = scorecards.scorecard_detail(s, entry.id, viewer=self.viewer)
            self._show_scorecard(self.detail)
            self.details.setCurrentIndex(2)
        elif kind == "candidate":
            self.summary_page.setText(self._candidate_html(entry))
            self.decision_area.show_candidate(entry.id, self.viewer)
            self.decision_area.show()
            self.details.setCurrentIndex(1)
        elif kind == "loop":
            self.summary_page.setText(self._loop_html(entry))
            self.decision_area.hide()
            self.details.setCurrentIndex(1)
        else:
            self.empty_page.setText("No candidates match the filter." if self.filter_edit.text().strip()
                                    and self.model.rowCount() == 0 else
                                    "Select a candidate, a loop or an interview.")
            self.details.setCurrentIndex(0)
        self._update_buttons()
        QTimer.singleShot(0, self._fit_columns)  # the page shown may have a scroll bar now, or not

    def _show_scorecard(self, d: scorecards.ScorecardDetail) -> None:
        e = d.entry
        self.card_title.setText(f"{d.candidate_name}  ·  {e.interviewer}  ·  {e.focus or e.set_name}")
        self.card_title.setToolTip(f"Set: {e.set_name}")
        meta = [e.status_label]
        if d.started_at:
            meta.append(f"started {d.started_at:%Y-%m-%d %H:%M}")
        if e.submitted_at:
            meta.append(f"submitted {e.submitted_at:%Y-%m-%d %H:%M}")
        meta.append(f"{int(d.elapsed_seconds // 60)} min")
        meta += [label for label in (scale_label(d.rating_scale),) if label]
        self.card_meta.setText("  ·  ".join(meta))
        if not e.visible:
            self.card_recommendation.setText(f"Ratings and recommendation {e.hidden_text}")
            self.card_summary.setText(
                "You interview this candidate too: to keep your scoring independent, other interviewers' "
                "ratings, notes and recommendations stay hidden until you submit your own scorecard."
                if e.hidden_text == scorecards.HIDDEN else
                "They stay hidden until this candidate's debrief opens: when every interview is submitted, "
                "or when someone opens it early (which is recorded).")
        elif e.status == "submitted":
            score = f"   ·   mean rating {e.mean_rating:.2f}" if e.mean_rating is not None else ""
            amended = "   ·   amended" if e.amended else ""
            self.card_recommendation.setText(f"Recommendation: {e.recommendation_label}{score}{amended}")
            self.card_summary.setText(d.summary)
        else:
            self.card_recommendation.setText("Not submitted yet")
            self.card_summary.setText("")
        self.card_summary.setVisible(bool(self.card_summary.text()))
        self._show_competencies(d)
        self.scores_model.set_scores(d.questions, hidden_text="" if e.visible else e.hidden_text)
        self.scores.resizeRowsToContents()  # a handful of rows: wrap prompts and notes to two lines
        self.amendments_model.set_amendments(d.amendments)
        self.amendments_label.setText(f"Amendment history ({len(d.amendments)})" if d.amendments
                                      else "No amendments")
        self.amendments.setVisible(bool(d.amendments))
        if d.amendments:  # as tall as its rows, up to three of them; more scroll
            self.amendments.resizeRowsToContents()
            rows = sum(self.amendments.rowHeight(r) for r in range(min(3, len(d.amendments))))
            self.amendments.setFixedHeight(self.amendments.horizontalHeader().height() + rows + 4)
        broken = e.seal_broken
        self.card_alarm.setText(e.seal_alarm)
        self.card_alarm.setStyleSheet(f"color: {theme.css('bad')}; font-size: 13pt; font-weight: 700;"
                                      f" border: 2px solid {theme.css('bad')}; padding: 6px;" if broken else "")
        self.card_alarm.setVisible(broken)
        self.card_seal.setStyleSheet("font-family: monospace;"
                                     + (f" color: {theme.css('bad')}; font-weight: 700;" if broken else ""))
        if d.digest:
            check = ("✗ SEAL BROKEN: do not rely on this scorecard" if broken
                     else "✓ seal verified" if d.seal_ok else "✗ not verified")
            self._seal = (d.digest, check)
            self._show_seal()
        elif broken:
            self._seal = None
            self.card_seal.setText("✗ SEAL BROKEN: submitted without a seal")
        else:
            self._seal = None
            self.card_seal.setText("Not sealed yet: the scorecard is sealed when it is submitted.")

    def _show_competencies(self, d: scorecards.ScorecardDetail) -> None:
        """The interview's rating per competency (the ones it was built to assess first)."""
        with self.store.session() as s:
            lines = scorecard_competencies(s, d) if d.entry.status == "submitted" else []
        text = "\n".join(
            f"{line.name}{' (assessed here)' if line.assigned else ''}: {rating_text(line.rating)}"
            + (f" from {line.questions} rated question{'s' if line.questions != 1 else ''}" if line.questions else
               " — no rated question evidences it")
            + ("\n" + indent(line.note.strip(), "    ") if line.note.strip() else "")  # the note under it
            for line in lines)
        self.card_competencies.setText("Ratings per competency\n" + text if lines else "")
        self.card_competencies.setVisible(bool(lines))
        self.card_formula.setVisible(bool(lines))

    def _candidate_html(self, c: scorecards.CandidateEntry) -> str:
        esc = html.escape
        parts = [f"<h2>{esc(c.name)}</h2>",
                 f"<p>{esc(c.role_name or 'No role')}  ·  {esc(c.progress)}</p>"]
        if c.notes:
            parts.append(f"<p style='color:{theme.css('muted')}'>{esc(c.notes)}</p>")
        with self.store.session() as s:
            is_open, why, _closed = scorecards.candidate_debrief_state(s, c.id)
        parts.append(f"<p><b>Debrief {'open' if is_open else 'closed'}</b>: {esc(why)}</p>")
        for loop in c.loops:
            parts.append(f"<h3>{esc(loop.name)}</h3><p>{esc(loop.progress)}</p><ul>")
            parts += [self._interview_line(i) for i in loop.interviews]
            parts.append("</ul>")
        if c.singles:
            parts.append("<h3>Other interviews</h3><ul>")
            parts += [self._interview_line(i) for i in c.singles]
            parts.append("</ul>")
        return "".join(parts)

    def _loop_html(self, loop: scorecards.LoopEntry) -> str:
        esc = html.escape
        with self.store.session() as s:
            _open, why = interviewing.debrief_state(s, loop.id)  # the full explanation
        rows = "".join(self._interview_line(i) for i in loop.interviews)
        return (f"<h2>{esc(loop.name)}</h2><p>Level: {esc(loop.level)}  ·  {esc(loop.progress)}</p>"
                f"<p><b>Debrief {'open' if loop.debrief_open else 'closed'}</b>: {esc(why)}</p>"
                f"<ul>{rows}</ul>")

    @staticmethod
    def _interview_line(i: scorecards.InterviewEntry) -> str:
        bits = [i.status_label]
        if i.seal_broken:
            bits.insert(0, f"<b style='color:{theme.css('bad')}'>{html.escape(i.seal_alarm)}</b>")
        if i.recommendation_label:
            bits.append(f"<b>{html.escape(i.recommendation_label)}</b>" if i.visible
                        else html.escape(i.recommendation_label))
        if i.visible and i.mean_rating is not None:
            bits.append(f"mean rating {i.mean_rating:.2f}")
        return f"<li>{html.escape(i.interviewer)}: {html.escape(i.focus or i.set_name)} — {', '.join(bits)}</li>"

    def _update_buttons(self) -> None:
        index = self.tree.currentIndex()
        kind, entry = self.model.kind(index), self.model.entry(index)
        interview = entry if kind == "interview" else None
        sealed = interview is not None and interview.status == "submitted"
        # Opening another interviewer's notes in the Interview view would show what is hidden here.
        # A sealed one opens read-only where its ratings show; an open one only for its interviewer
        # (access.may_continue: nobody else types into it).
        self.open_button.setEnabled(interview is not None and (interview.visible if sealed else interview.own))
        self.open_button.setText({"planned": "Start Interview", "in_progress": "Resume Interview"}.get(
            interview.status if interview else "", "Open Interview"))
        self.amend_button.setEnabled(sealed and interview.own)  # access.may_amend: only your own
        self.export_scorecard_button.setEnabled(sealed and interview.visible)
        writable = not getattr(self.store, "read_only", False)  # (a card's first trip records its keys)
        self.export_card_button.setEnabled(sealed and writable)  # a hidden one says why (may_export_scorecard)
        self.import_cards_button.setEnabled(writable)
        self.export_debrief_button.setEnabled(self.selected_candidate_id() is not None)
        self.erase_button.setEnabled(self.selected_candidate_id() is not None
                                      and not getattr(self.store, "read_only", False))

    def selected_candidate_id(self) -> int | None:
        index = self.tree.currentIndex()
        while index.isValid() and self.model.kind(index) != "candidate":
            index = index.parent()
        return self.model.entry(index).id if index.isValid() else None

    def selected_interview_id(self) -> int | None:
        index = self.tree.currentIndex()
        return self.model.entry(index).id if self.model.kind(index) == "interview" else None

    # -- commands -----------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        if self.model.kind(index) == "interview" and self.open_button.isEnabled():
            self.open_interview()

    def open_interview(self) -> None:
        interview_id = self.selected_interview_id()
        if interview_id is not None:
            self.open_interview_requested.emit(interview_id)

    def new_candidate(self) -> None:
        with self.store.session() as s:
            roles = [(r.id, r.name) for r in catalog.roles(s)]

        def save(**fields) -> int:
            with self.store.transaction() as s:
                return candidates.create_candidate(s, **fields).id

        dialog = NewCandidateDialog(roles, save, self)
        if dialog.exec():
            self.filter_edit.clear()
            self._filter_timer.stop()
            self.reload()
            self.select("candidate", dialog.result_value)
            self.tree.setFocus()

    def amend(self) -> None:
        if self.detail is None or self.detail.entry.status != "submitted":
            return
        if amend_scorecard(self, self.store, self.detail.entry.id, self.viewer):
            self.reload()

    def erase_candidate(self) -> None:
        candidate_id = self.selected_candidate_id()
        if candidate_id is None:
            return
        by = ask_to_erase_candidate(self, self.store, candidate_id, self.viewer)
        if by is None:
            return
        self.erase_button.setEnabled(False)
        ChangeOp(self.store, no_progress(_erase), candidate_id, by, changes={"candidates", "interviews"},
                 parent=self).with_progress("Erasing the candidate…", cancellable=False) \
            .success(self._erased).run()

    def _erased(self, report: erasure.ErasureReport) -> None:
        self.notice.setText(f"Candidate erased: {report.interviews} interview{'s' if report.interviews != 1 else ''}"
                            f" and everything about them. An erasure record without their name is kept.")
        self.notice.show()
        self.reload()

    def export_scorecard(self) -> None:
        interview_id = self.selected_interview_id()
        if interview_id is not None:
            export_actions.export_pdf(self, self.store, "scorecard", interview_id)

    def export_card(self) -> None:
        interview_id = self.selected_interview_id()
        if interview_id is not None:
            exchange_actions.export_card_file(self, self.store, interview_id, self.viewer)

    def export_loop_kit(self) -> None:
        index = self.tree.currentIndex()
        if self.model.kind(index) == "loop":
            exchange_actions.export_loop_kits(self, self.store, self.model.entry(index).id,
                                              self.selected_candidate_id(), self.viewer)

    def import_cards(self) -> None:  # the view refreshes itself when the import announces its changes
        exchange_actions.import_cards(self, self.store)

    def _context_menu(self, position) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        kind = self.model.kind(self.tree.currentIndex()) if index.isValid() else None
        menu = QMenu(self)
        menu.setAccessibleName("Candidate actions")
        if kind == "interview":
            for button in (self.open_button, self.amend_button, self.export_scorecard_button, self.export_card_button):
                action = menu.addAction(button.text(), button.click)
                action.setEnabled(button.isEnabled())
        elif kind == "loop":
            menu.addAction("Export Loop Kit…", self.export_loop_kit).setEnabled(
                not getattr(self.store, "read_only", False))
        if kind is not None:
            menu.addSeparator()
        menu.addAction("Import Cards…", self.import_cards).setEnabled(self.import_cards_button.isEnabled())
        self.context_menu = menu
        menu.popup(self.tree.viewport().mapToGlobal(position))

    def export_debrief(self) -> None:
        candidate_id = self.selected_candidate_id()
        if candidate_id is None:
            return
        with self.store.session() as s:
            allowed = interviewing.may_export_debrief(s, candidate_id, self.viewer)
        if not allowed and allowed.gate is None:
            QMessageBox.information(self, "Debrief hidden", allowed.why)
            return
        if not allowed:
            loop_id, why = allowed.gate.loop_id, allowed.gate.why
            if loop_id is None:  # no loop to open early: the interviews just are not in yet
                QMessageBox.information(self, "Debrief not ready", f"The debrief opens when every interview "
                                        f"is submitted: {why}.")
                return
            if not ask_to_open_debrief(self, self.store, [loop_id], why, self.viewer):
                return
            self.reload()
        export_actions.export_pdf(self, self.store, "debrief", candidate_id)
