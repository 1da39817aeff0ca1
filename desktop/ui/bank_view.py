"""The Bank view: search as you type, filter, read a question, change it, add it to the set.

Searching runs on a worker (`tasks.QueryOp`), so the box never waits for the database and no
keystroke is lost. A key starts a search at once when none is running; keys typed while one
runs make one search when it is done (no fixed pause before results). Each search carries a
number, and a result that arrives after a newer search started is dropped. Results come a page
at a time (the core's PAGE): the next page is read when the list is scrolled to its end (the
model's fetchMore), and a page for a search no longer shown is dropped too.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Mapping

import shiboken6

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core.bank.catalog import DIFFICULTIES, KINDS, load_catalog
from desktop.core.bank.questions import copy_of, question_data, question_prompts, retire_question
from desktop.core.bank.sources import readable_source
from desktop.core.bank.search import PAGE, ResultPage, SearchQuery, search_page, snippet_parts
from desktop.core.bank.search.ranked_index import build_store_index, index_needs_build
from desktop.core.storage.store import Store
from desktop.ui.bank_model import COL_DIFFICULTY, COL_KIND, COL_PROMPT, COL_TOPICS, COL_USAGE, BankResultsModel
from desktop.ui.question_dialog import QuestionDialog
from desktop.ui.tasks import QueryOp, announce_changes, no_progress, on_changes, plain_message
from desktop.ui.widgets import FittedLineEdit, fit_columns, flow_row, names_of, on_layout_change

RESULT_PAGE = PAGE  # ranked matches for typed words, a page at a time: what bench/bench_search.py measures
LIST_PAGE = 2000  # an empty query lists the bank (filtered): all of a normal bank in one page
STACK_BELOW = 600  # px of page width under which the details go below the results
COUNT_ROOM = 360  # px the count line asks for at most


def run_search(store: Store, query: SearchQuery, shown: tuple[str, ...] = ()) -> ResultPage:
    """Worker side: its own session, plain data back (the rows not in `shown`)."""
    with store.session() as s:
        return search_page(s, query, shown=shown)


def count_line(page: ResultPage) -> str:
    """What the line above the results says about them: the truth about how they were ranked."""
    rows = page.rows
    if not rows:
        return "No questions match — try fewer words or other filters"
    if not page.more:
        return f"{len(rows)} question{'s' if len(rows) != 1 else ''}"
    narrow = "scroll for more or type to narrow"  # the next page comes as the list is scrolled
    if not rows[0].score:  # no words: the bank listed by id
        return f"First {len(rows)} questions shown — {narrow}"
    if not page.ranked_all:  # the database's index ranked the first matches only
        return f"{len(rows)} of many matches, ranked among the first found while the search index is built — {narrow}"
    if page.total is not None:
        return f"Best {len(rows)} of {page.total:,}{'+' if page.total_at_least else ''} matches — {narrow}"
    return f"Best {len(rows)} matches shown — {narrow}"


class BankView(QWidget):
    add_to_set_requested = Signal(list)  # question ids
    results_shown = Signal()  # a search's results are in the table (tests wait for it)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        on_changes(self, {"bank"}, self.refresh)  # an import, say: the list and filters follow
        self.setObjectName("bank_view")
        self.role_names: dict[str, str] = {}  # role id -> name, loaded with the filter choices
        self._generation = 0  # the newest search asked for
        self._shown_generation = 0
        self._shown_page: ResultPage | None = None  # what the count line says of the rows shown
        self._shown_query: SearchQuery | None = None  # the search whose rows are shown
        self._newest_query: SearchQuery | None = None  # the search of generation _generation
        self.searches_running = 0  # searches on workers, stale ones included
        self._search_pending = False  # typed while a search ran: search again when it is done
        self._index_building = False  # the ranked index is being rebuilt (or failed to: not again)

        # The placeholder shortens to fit a narrow window rather than be cut off.
        self.search_edit = FittedLineEdit("Search prompts, rubrics, answers, topics…  (Ctrl+F)",
                                          "Search prompts, rubrics…  (Ctrl+F)", "Search questions  (Ctrl+F)",
                                          "Search…  (Ctrl+F)")
        self.search_edit.setObjectName("bank_search")
        self.search_edit.setAccessibleName("Search questions")
        self.search_edit.setClearButtonEnabled(True)
        for button in self.search_edit.findChildren(QToolButton):  # the clear button
            button.setAccessibleName("Clear search")
        self.search_edit.setMaxLength(10_000)
        self.search_edit.textChanged.connect(self.schedule_search)

        self.difficulty_box = self._filter("Difficulty", [("Any difficulty", None)] + [(d, d) for d in DIFFICULTIES])
        self.kind_box = self._filter("Kind", [("Any kind", None)] + [(k, k) for k in KINDS])
        self.topic_box = self._filter("Topic", [("Any topic", None)])
        self.role_box = self._filter("Role", [("Any role", None)])
        self.retired_box = self._filter("Retired questions", [("Active", "active"), ("Retired", "retired"),
                                                              ("Active and retired", "all")])

        self.model = BankResultsModel(self)
        self.model.more_wanted.connect(self._load_more)  # the list scrolled to its end
        self.table = QTableView()
        self.table.setObjectName("bank_results")
        self.table.setAccessibleName("Matching questions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setDefaultDropAction(Qt.DropAction.CopyAction)
        # Two lines a row: enough of a prompt to recognise it; every row the same height.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setAccessibleName("Row numbers")
        self.table.horizontalHeader().setAccessibleName("Columns")
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_PROMPT, QHeaderView.ResizeMode.Stretch)
        # Widths from the font, not pixels: a larger system font or a 200% screen widens them too.
        text = self.table.fontMetrics().horizontalAdvance
        widths = ((COL_DIFFICULTY, text("intermediate") + 16), (COL_KIND, text("behavioral") + 16),
                  (COL_TOPICS, text("Ways of working, Evaluation") + 12), (COL_USAGE, text("Asked") + 24))
        for column, width in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.edit_selected())  # Enter or double-click

        self.detail = QTextBrowser()
        self.detail.setObjectName("bank_detail")
        self.detail.setAccessibleName("Question details")
        self.detail.setOpenExternalLinks(False)
        self.detail.setOpenLinks(False)  # a related question's link is ours to follow
        self.detail.anchorClicked.connect(self._follow_link)

        self.count_label = QLabel()
        self.count_label.setObjectName("bank_count")
        self.count_label.setAccessibleName("Number of matching questions")
        # Long counts may be cut rather than widen the whole window.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.add_button = self._button("Add to Set", "Add the selected questions to the set being built "
                                       "(Ctrl+Return, or drag them onto the Builder)", self.add_selected_to_set)
        self.new_button = self._button("New…", "Write a new question (Ctrl+N)", self.new_question)
        self.edit_button = self._button("Edit…", "Edit the selected question (Enter or double-click)",
                                        self.edit_selected)
        self.duplicate_button = self._button("Duplicate", "Start a new question from a copy of the selected one (Ctrl+D)",
                                             self.duplicate_selected)
        self.retire_button = self._button("Retire", "Hide the selected questions from search and the builder; "
                                          "past scorecards keep them", self.toggle_retired_selected)

        self._shortcut("Add to set", QKeySequence("Ctrl+Return"), self.add_selected_to_set)
        self._shortcut("Add to set", QKeySequence("Ctrl+Enter"), self.add_selected_to_set)
        self._shortcut("Find", QKeySequence(QKeySequence.StandardKey.Find), self.focus_search)
        self._shortcut("New question", QKeySequence(QKeySequence.StandardKey.New), self.new_question)
        self._shortcut("Duplicate question", QKeySequence("Ctrl+D"), self.duplicate_selected)
        self.search_edit.returnPressed.connect(self.table.setFocus)

        # The filters as wide as their text, the search box the rest; on a narrow window (200%
        # scale) they wrap onto more lines instead of widening it.
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().horizontalAdvance("Search…  (Ctrl+F)") + 40)
        filters = flow_row(self.search_edit, self.difficulty_box, self.kind_box, self.topic_box, self.role_box,
                           self.retired_box)
        # The count takes what the buttons leave, and on a narrow window the buttons wrap after
        # it; it asks for its text's width (up to COUNT_ROOM: a long message is cut rather than
        # hold the window wide), so a long count gets a line of its own.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        actions = flow_row(self.count_label, self.new_button, self.edit_button, self.duplicate_button,
                           self.retire_button, self.add_button)
        on_layout_change(actions, self._fit_count)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Results and details")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 380])
        self.splitter.splitterMoved.connect(lambda *_: self._fit_columns())

        heading = QLabel("Bank")
        heading.setProperty("role", "heading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(actions)

        self._update_buttons()

    # -- building -----------------------------------------------------------------------------
    def _filter(self, name: str, items: list[tuple[str, str | None]]) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setIconSize(QSize(0, 0))  # no icons: no room kept for one
        box.setMinimumContentsLength(len(items[0][0]))  # as wide as "Any difficulty" where there is room...
        box.setMinimumWidth(box.fontMetrics().horizontalAdvance("Any d") + 40)  # ...narrower where there is not
        box.view().setAccessibleName(f"{name} choices")
        for label, value in items:
            box.addItem(label, value)
        box.currentIndexChanged.connect(self.search_now)
        return box

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _shortcut(self, text: str, keys: QKeySequence, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _load_filter_choices(self) -> None:
        with self.store.session() as s:
            catalog = load_catalog(s)
        topics = [(t.name, t.id) for t in catalog.topics]
        roles = [(r.name, r.id) for r in catalog.roles]
        self.model.topic_names = catalog.topic_names
        self.role_names = catalog.role_names
        for box, items in ((self.topic_box, topics), (self.role_box, roles)):
            current = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for label, value in items:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    # -- searching ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # On a narrow window (200% scale) the details go below the results, each full width.
        narrow = event.size().width() < STACK_BELOW
        self.splitter.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)
        QTimer.singleShot(0, self._fit_columns)  # once the layout has sized the table

    def _fit_count(self) -> None:
        if shiboken6.isValid(self):
            width = min(self.count_label.fontMetrics().horizontalAdvance(self.count_label.text()) + 4, COUNT_ROOM)
            if width != self.count_label.minimumWidth():  # (a change asks for a layout: once)
                self.count_label.setMinimumWidth(width)

    def _fit_columns(self) -> None:
        """Keep the question itself readable on a narrow window: drop the columns the detail
        pane repeats, least useful first, while the prompt would get under ~260 px."""
        fit_columns(self.table, droppable=(COL_TOPICS, COL_KIND, COL_USAGE), always=(COL_DIFFICULTY,), min_text=260)

    def refresh(self) -> None:
        """Reload from the database (called when the view is shown, and after an import)."""
        self._load_filter_choices()
        self.search_now()
        if not self._index_building:
            QueryOp(self.store, no_progress(index_needs_build)).success(
                lambda stale: stale and shiboken6.isValid(self) and self._build_index()).failure(lambda exc: None).run()

    def _build_index(self) -> None:
        """Rebuild the ranked search index in the background (the database's own index answers
        meanwhile), then search again with it."""
        if self._index_building:
            return
        self._index_building = True

        def built(_ok) -> None:
            if shiboken6.isValid(self):
                self._index_building = False
                self.search_now()

        # A failure leaves _index_building set: the database's index keeps answering, no retry loop.
        QueryOp(self.store, build_store_index).success(built).failure(lambda exc: None).run()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def current_query(self) -> SearchQuery:
        one = lambda box: (box.currentData(),) if box.currentData() else ()  # noqa: E731
        return SearchQuery(
            self.search_edit.text(), difficulties=one(self.difficulty_box), kinds=one(self.kind_box),
            topics=one(self.topic_box), roles=one(self.role_box),
            retired=self.retired_box.currentData() or "active",
            limit=self._page_size(self.search_edit.text()),
        )

    @staticmethod
    def _page_size(text: str) -> int:
        return RESULT_PAGE if text.strip() else LIST_PAGE

    def schedule_search(self) -> None:
        if self.searches_running:
            self._search_pending = True  # one search for all the keys typed meanwhile
        else:
            self.search_now()

    def search_now(self) -> None:
        self._search_pending = False
        self._generation += 1
        generation = self._generation
        self.searches_running += 1
        query = self.current_query()
        if self._shown_query is not None and replace(self._shown_query, limit=query.limit) == query:
            # The same search again (after an edit, a retire, an import): as many rows as are
            # shown, so a question selected on a later page stays in the list and selected.
            query = replace(query, limit=max(query.limit, self.model.rowCount()))
        self._newest_query = query
        QueryOp(self.store, no_progress(run_search), query).success(
            lambda result: self._finished(self._show_results, generation, result)).failure(
            lambda exc: self._finished(self._search_failed, generation, plain_message(exc))).run()

    def _finished(self, handler, generation: int, outcome) -> None:
        self.searches_running -= 1
        handler(generation, outcome)
        if self._search_pending and not self.searches_running and shiboken6.isValid(self):
            self.search_now()

    def is_searching(self) -> bool:
        return self._search_pending or self._shown_generation != self._generation

    def _show_results(self, generation: int, page: ResultPage) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the view is gone, or a newer search is on its way
        rows = page.rows
        keep = self.selected_ids()
        self._shown_query = self._newest_query
        self.model.set_rows(rows, page.more)
        keep = [qid for qid in keep if self.model.row_of(qid) >= 0]
        self._shown_generation = generation
        self._shown_page = page
        self.count_label.setText(count_line(page))
        if page.stale:
            self._build_index()
        self._select_ids(keep or ([rows[0].id] if rows else []))
        self._selection_changed()
        self.results_shown.emit()

    def _load_more(self) -> None:
        """The next page of the search shown: the same query, a page more, the rows not yet shown."""
        query, generation = self._shown_query, self._shown_generation
        if query is None:
            return
        more = replace(query, limit=self.model.rowCount() + self._page_size(query.text))
        QueryOp(self.store, no_progress(run_search), more, tuple(self.model.shown_ids())).success(
            lambda page: self._add_page(generation, page)).failure(
            lambda exc: self._page_failed(generation, plain_message(exc))).run()

    def _add_page(self, generation: int, page: ResultPage) -> None:
        if not shiboken6.isValid(self) or generation != self._shown_generation or self._shown_page is None:
            return  # another search's rows are shown now
        self.model.add_rows(page.rows, page.more)
        self._shown_page = replace(page, rows=[self.model.row_at(n) for n in range(self.model.rowCount())])
        self.count_label.setText(count_line(self._shown_page))
        self.results_shown.emit()

    def _page_failed(self, generation: int, message: str) -> None:
        if shiboken6.isValid(self) and generation == self._shown_generation:
            self.model.page_failed()
            self.count_label.setText(f"{self.count_label.text()} (no more could be read: {message})")

    def _search_failed(self, generation: int, message: str) -> None:
        if shiboken6.isValid(self) and generation == self._generation:
            self._shown_generation = generation
            self.count_label.setText(f"Search failed: {message}")
            self.results_shown.emit()

    # -- selection and details ----------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        return self.model.ids([i.row() for i in self.table.selectionModel().selectedRows()])

    def _select_ids(self, ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = None
        for qid in ids:
            row = self.model.row_of(qid)
            if row >= 0:
                index = self.model.index(row, COL_PROMPT)
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                first = first or index
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        ids = self.selected_ids()
        if len(ids) != 1:
            self.detail.setHtml(f"<p style='color:{theme.css('muted')}'>{len(ids)} questions selected</p>" if ids else
                                f"<p style='color:{theme.css('muted')}'>Select a question to read it here.</p>")
            return
        row = self.model.row_at(self.model.row_of(ids[0]))
        self._show_detail(ids[0], row.snippet if row else "")

    def _show_detail(self, question_id: str, snippet: str = "", note: str = "") -> None:
        with self.store.session() as s:
            q = question_data(s, question_id)
            related = question_prompts(s, q["related"]) if q else {}
        if q is None:
            self.detail.setHtml("")
            return
        html = question_html(q, snippet, self.model.topic_names, self.role_names, related)
        self.detail.setHtml((f"<p style='color:{theme.css('muted')}'>{escape(note)}</p>" if note else "") + html)

    def _follow_link(self, url) -> None:
        """A related question: select it when it is in the results, else just read it here."""
        if url.scheme() != "question":
            return
        question_id = url.path()
        if self.model.row_of(question_id) >= 0:
            self._select_ids([question_id])
        else:
            self._show_detail(question_id, note="Not in the current results.")

    def _update_buttons(self) -> None:
        ids = self.selected_ids()
        self.add_button.setEnabled(bool(ids))
        self.edit_button.setEnabled(len(ids) == 1)
        self.duplicate_button.setEnabled(len(ids) == 1)
        self.retire_button.setEnabled(bool(ids))
        rows = [self.model.row_at(self.model.row_of(i)) for i in ids]
        all_retired = bool(rows) and all(r and r.retired for r in rows)
        self.retire_button.setText("Restore" if all_retired else "Retire")
        self.retire_button.setAccessibleName(self.retire_button.text())

    # -- actions ------------------------------------------------------------------------------
    def add_selected_to_set(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.add_to_set_requested.emit(ids)

    def new_question(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self._open_dialog(ids[0])

    def _open_dialog(self, question_id: str | None, template: dict | None = None) -> None:
        dialog = QuestionDialog(self.store, question_id, self, template=template)
        if dialog.exec() and dialog.saved_id:
            self._after_change([dialog.saved_id])

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        with self.store.session() as s:
            template = copy_of(s, ids[0])
        if template:  # a copy is made to be changed: saved only when the dialog is
            self._open_dialog(None, template)

    def toggle_retired_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        retire = self.retire_button.text() == "Retire"
        with self.store.transaction() as s:
            for qid in ids:
                retire_question(s, qid, retired=retire)
        self._after_change([])

    def _after_change(self, select_ids: list[str]) -> None:
        """Tell every view the bank changed (this one searches again); keep showing what was
        just saved."""
        def select_saved() -> None:
            self.results_shown.disconnect(select_saved)
            if select_ids:
                self._select_ids(select_ids)
        self.results_shown.connect(select_saved)
        announce_changes({"bank"})


def _html_list(items, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + f"</{tag}>" if items else ""


def snippet_html(snippet: str) -> str:
    return "".join(f"<b style='background:{theme.css('mark')}'>{escape(t)}</b>" if marked else escape(t)
                   for t, marked in snippet_parts(snippet))


def question_html(q: Mapping, snippet: str = "", topic_names: Mapping[str, str] | None = None,
                  role_names: Mapping[str, str] | None = None, related: Mapping[str, str] | None = None) -> str:
    """The detail pane for a question (`question_data`'s dict): every part of it, user text
    escaped; topics and roles by name where known (id -> name); related questions
    (id -> prompt) as links."""
    meta = " · ".join(escape(str(x)) for x in (q["id"], q["difficulty"], q["kind"], f"{q['minutes']} min") if x)
    parts = [f"<p style='color:{theme.css('muted')}'>{meta}{' · <b>retired</b>' if q['retired'] else ''}</p>",
             f"<h3>{escape(q['prompt'])}</h3>"]
    if snippet:
        parts.append(f"<p style='color:{theme.css('muted')}'>Matched: {snippet_html(snippet)}</p>")
    topics, roles = names_of(q["topics"], topic_names or {}), names_of(q["roles"], role_names or {})
    parts.append(f"<p><b>Topics:</b> {escape(topics)}<br><b>Roles:</b> {escape(roles)}</p>")
    parts.append("<h4>Rubric</h4>" + _html_list(q["rubric"], ordered=True))
    if q["answer"]:
        parts.append("<h4>Model answer</h4><p>" + escape(q["answer"]).replace("\n", "<br>") + "</p>")
    if q["follow_ups"]:
        parts.append("<h4>Follow-ups</h4>" + _html_list(q["follow_ups"]))
    if q["related"]:
        links = [f"<a href='question:{escape(r)}'>{escape(' '.join((related or {}).get(r, r).split()))}</a>"
                 f" <span style='color:{theme.css('muted')}'>({escape(r)})</span>" for r in q["related"]]
        parts.append("<p><b>Related:</b><br>" + "<br>".join(links) + "</p>")
    if q["source"]:
        parts.append(f"<p style='color:{theme.css('muted')}'><b>Source:</b> {escape(readable_source(q['source']))}</p>")
    return "".join(parts)
