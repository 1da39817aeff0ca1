"""The main window: a navigation rail, one page per workflow, menus and a status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.bank import sync as bank_sync
from desktop.core.bank.listing import active_question_count
from desktop.core.storage.store import Store
from desktop.ui import tasks
from desktop.ui.bank_view import BankView
from desktop.ui.builder_view import BuilderView
from desktop.ui.candidates_view import CandidatesView
from desktop.ui.dialogs import AboutDialog, HelpDialog, PreferencesDialog
from desktop.ui.interview_view import InterviewView
from desktop.ui.tasks import ChangeOp, ProgressReport, QueryOp, no_progress, show_failure


def _export_bank(store: Store, _progress, path: str) -> list[Path]:
    """Worker: plain arguments in, its own session, the files written back."""
    with store.session() as s:
        return bank_sync.export_bank(s, Path(path))


class MainWindow(QMainWindow):
    PAGES = ("Bank", "Builder", "Interview", "Candidates & Scorecards")

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(APP_NAME)
        self.setObjectName("main_window")

        self.bank_view = BankView(store)
        self.builder_view = BuilderView(store)
        self.interview_view = InterviewView(store)
        self.candidates_view = CandidatesView(store)
        self.views = [self.bank_view, self.builder_view, self.interview_view, self.candidates_view]

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Workflows")
        self.navigation.setFixedWidth(230)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName("Workflow page")
        for title, view in zip(self.PAGES, self.views):
            QListWidgetItem(title, self.navigation)
            self.pages.addWidget(view)
        self.navigation.currentRowChanged.connect(self.show_page)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.bank_count_label = QLabel()
        self.bank_count_label.setAccessibleName("Questions in the bank")
        self.statusBar().addPermanentWidget(self.bank_count_label)
        self._build_menus()
        self._wire_views()
        self._progress_task = 0  # the task whose progress the status bar shows
        tasks.events().progressed.connect(self._show_progress)
        tasks.events().finished.connect(self._clear_progress)
        tasks.on_changes(self, {"bank"}, self.update_bank_count)

        self.navigation.setCurrentRow(0)
        self.update_bank_count()
        self.restore_window_state()
        QTimer.singleShot(0, self.interview_view.offer_resume)  # an interrupted interview?

    # -- menus ----------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, role=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if role is not None:
            action.setMenuRole(role)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.import_action = self._action("&Import Questions…", self.import_bank, "Ctrl+I")
        self.export_action = self._action("&Export Bank…", self.export_bank, "Ctrl+Shift+E")
        self.quit_action = self._action(
            "&Quit", self.close, QKeySequence.StandardKey.Quit, QAction.MenuRole.QuitRole
        )
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        self.preferences_action = self._action(
            "&Preferences…", self.show_preferences, QKeySequence.StandardKey.Preferences,
            QAction.MenuRole.PreferencesRole,
        )
        if self.preferences_action.shortcut().isEmpty():  # no platform standard (e.g. Windows)
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        edit_menu.addAction(self.preferences_action)

        view_menu = bar.addMenu("&View")
        for row, title in enumerate(self.PAGES):
            action = self._action(title, lambda _=False, r=row: self.navigation.setCurrentRow(r),
                                  f"Ctrl+{row + 1}")
            view_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        self.help_action = self._action(
            f"{APP_NAME} &Help", self.show_help, QKeySequence.StandardKey.HelpContents
        )
        self.about_action = self._action(
            f"&About {APP_NAME}", self.show_about, None, QAction.MenuRole.AboutRole
        )
        help_menu.addActions([self.help_action, self.about_action])

    def _wire_views(self) -> None:
        self.bank_view.add_to_set_requested.connect(self._add_to_set)
        self.builder_view.start_interview_requested.connect(self._start_interview)
        self.candidates_view.open_interview_requested.connect(self._open_interview)
        self.interview_view.resume_accepted.connect(self._open_interview)
        # A submission is made on the GUI thread: say so app-wide; the views that show
        # interviews refresh themselves.
        self.interview_view.interview_submitted.connect(lambda _id: tasks.announce_changes({"interviews"}))

    def _add_to_set(self, question_ids: list) -> None:
        self.builder_view.add_questions(question_ids)
        self.statusBar().showMessage(f"Added {len(question_ids)} question(s) to the set", 4000)

    def _start_interview(self, set_id: int) -> None:
        self.navigation.setCurrentRow(self.PAGES.index("Interview"))
        self.interview_view.start_from_set(set_id)

    def _open_interview(self, interview_id: int) -> None:
        self.navigation.setCurrentRow(self.PAGES.index("Interview"))
        self.interview_view.open_interview(interview_id)

    # -- pages ----------------------------------------------------------------------------------
    def show_page(self, row: int) -> None:
        if self.navigation.currentRow() != row:  # called directly: the sidebar follows
            self.navigation.setCurrentRow(row)  # ...and comes back here through its signal
            return
        if 0 <= row < len(self.views):
            self.pages.setCurrentIndex(row)
            self.views[row].refresh()

    def current_page_title(self) -> str:
        return self.PAGES[self.pages.currentIndex()]

    def update_bank_count(self) -> None:
        with self.store.session() as s:
            self.bank_count = active_question_count(s)
        self.bank_count_label.setText(f"{self.bank_count} questions in the bank")

    def _show_progress(self, report: ProgressReport) -> None:
        self._progress_task = report.task
        self.statusBar().showMessage(report.line())

    def _clear_progress(self, task: int) -> None:
        if task == self._progress_task:
            self._progress_task = 0
            self.statusBar().clearMessage()

    # -- commands -------------------------------------------------------------------------------
    def import_bank(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import Questions", "", "Question files (*.yaml *.yml *.csv);;All files (*)"
        )
        if not files:
            return
        self.statusBar().showMessage("Importing…")
        ChangeOp(self.store, no_progress(bank_sync.import_paths), list(files), changes={"bank"}, parent=self) \
            .success(self._imported).failure(self._import_failed).run()

    def _imported(self, report) -> None:  # the bank count and the Bank page updated themselves
        self.statusBar().showMessage(f"Imported: {report.summary()}", 8000)

    def _import_failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        show_failure(self, "Import failed", exc, lead="Nothing was imported.")

    def export_bank(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Bank", "question_bank.yaml", "YAML (*.yaml)")
        if not path:
            return
        QueryOp(self.store, _export_bank, path, parent=self) \
            .success(lambda _files: self.statusBar().showMessage(f"Exported to {path}", 6000)) \
            .failure(lambda exc: show_failure(self, "Export failed", exc)).run()

    def show_preferences(self) -> None:
        PreferencesDialog(self).exec()

    def show_about(self) -> None:
        AboutDialog(self.store, self).exec()

    def show_help(self) -> None:
        HelpDialog(self).exec()

    # -- window state ---------------------------------------------------------------------------
    def restore_window_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        page = settings.value("main_window/page", 0, type=int)
        if 0 <= page < len(self.views):
            self.navigation.setCurrentRow(page)

    def save_window_state(self) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.pages.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(getattr(view, "close_ok", lambda: True)() for view in self.views):
            return event.ignore()  # unsaved notes, and the person chose to retry later or stay
        for view in self.views:
            closer = getattr(view, "flush", None)
            if closer:
                closer()  # e.g. the interview's pending autosave
        self.save_window_state()
        super().closeEvent(event)
