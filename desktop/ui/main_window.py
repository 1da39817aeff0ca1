"""The main window: a navigation rail, one page per workflow, menus and a status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QCursor, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui import tasks
from desktop.ui.tasks import ChangeOp, ProgressReport, QueryOp, show_failure
from desktop.ui.widgets import CurrentPageStack

if TYPE_CHECKING:
    from desktop.core.storage.store import Store

# The window itself imports no page and nothing of the core's database side (SQLAlchemy, the
# models): the app paints it first and gives it its store once open (`attach_store`). Each page,
# its dialogs and what they import (ReportLab's and pypdfium2's users among them) load when the
# page is first shown: start-up builds only the page it opens on.


def _bank_view(store: Store) -> QWidget:
    from desktop.ui.bank_view import BankView

    return BankView(store)


def _builder_view(store: Store) -> QWidget:
    from desktop.ui.builder_view import BuilderView

    return BuilderView(store)


def _interview_view(store: Store) -> QWidget:
    from desktop.ui.interview_view import InterviewView

    return InterviewView(store)


def _candidates_view(store: Store) -> QWidget:
    from desktop.ui.candidates_view import CandidatesView

    return CandidatesView(store)


def _insight_view(store: Store) -> QWidget:
    from desktop.ui.insight_view import InsightView

    return InsightView(store)


def _import_files(store: Store, progress, files: list[str]):
    """Worker: the files imported in one transaction, reporting progress (and cancellable)."""
    from desktop.core.bank import sync as bank_sync

    return bank_sync.import_paths(store, files, progress=progress)


def _two_line_width(title: str, advance) -> int:
    """The narrowest width that holds `title` on at most two lines, broken between words."""
    words = title.split()
    return min(max(advance(" ".join(words[:cut])), advance(" ".join(words[cut:])))
               for cut in range(1, len(words) + 1))


def _export_bank(store: Store, _progress, path: str) -> list[Path]:
    """Worker: plain arguments in, its own session, the files written back."""
    from desktop.core.bank import sync as bank_sync

    with store.session() as s:
        return bank_sync.export_bank(s, Path(path))


def _interrupted_interview_id(store: Store, _progress) -> int | None:
    """Worker: the interview to offer resuming, if any (so the Interview page is needed)."""
    from desktop.core.interviewing.listing import interrupted_interview
    from desktop.core.storage.preferences import load_preferences

    with store.session() as s:
        interview = interrupted_interview(s, load_preferences().interviewer_name)
        return interview.id if interview is not None else None


# Interviews whose offer to resume was put off in this run of the app: not offered again until
# the next start (the Interview page still lists them to continue).
_put_off: set[int] = set()


FIRST_SHARE = 0.8  # a first window takes this much of the screen's free area...
FIRST_MOST = QSize(1600, 1000)  # ...and no more than this on a very large screen
REFIT_SHARE = 0.9  # a restored window too big for its screen comes back this big


def first_geometry(area: QRect) -> QRect:
    """The first window: 80% of the screen's available area (never more than FIRST_MOST),
    centred on it, so every button is on screen whatever the screen."""
    size = QSize(min(int(area.width() * FIRST_SHARE), FIRST_MOST.width()),
                 min(int(area.height() * FIRST_SHARE), FIRST_MOST.height()))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(area.center())
    return rect


def fitted_geometry(saved: QRect, areas: list[QRect], fallback: QRect) -> QRect:
    """A restored window rectangle, made visible and fitting: on the screen it overlaps most
    (or `fallback`, the screen it opens on, when its screen is gone), no larger than that
    screen's available area, and wholly inside it. A rectangle that already fits is kept."""
    overlaps = [(area.intersected(saved).width() * area.intersected(saved).height(), i)
                for i, area in enumerate(areas) if area.intersects(saved)]
    area = areas[max(overlaps)[1]] if overlaps else fallback
    if area.contains(saved):
        return QRect(saved)
    rect = QRect(saved)
    if saved.width() > area.width() or saved.height() > area.height():
        rect.setSize(QSize(min(saved.width(), int(area.width() * REFIT_SHARE)),
                           min(saved.height(), int(area.height() * REFIT_SHARE))))
    if not overlaps:
        rect.moveCenter(area.center())  # from a screen that is gone: in the middle of this one
    # slide it in: right/bottom edges first, then left/top, so a window is never above or left of it
    rect.moveLeft(max(area.left(), min(rect.left(), area.right() - rect.width() + 1)))
    rect.moveTop(max(area.top(), min(rect.top(), area.bottom() - rect.height() + 1)))
    return rect


class MainWindow(QMainWindow):
    PAGES = ("Bank", "Builder", "Interview", "Candidates & Scorecards", "Insight")
    RAIL_WIDTH = 230  # the navigation rail on a roomy window
    NARROW_WINDOW = 900  # below this width the rail is as narrow as its titles on two lines allow

    first_painted = Signal()  # once, after the window's first paint (the app opens its database then)
    store_attached = Signal()  # the store is attached and the page on screen built: ready to use

    def __init__(self, store: Store | None = None, parent: QWidget | None = None):
        """With a store, the window is ready at once. Without one it is the shell the app paints
        first (navigation, menus, an empty page) until `attach_store` gives it the database."""
        super().__init__(parent)
        self.store: Store | None = None
        self.setWindowTitle(APP_NAME)
        self.setObjectName("main_window")

        # One factory per page, in PAGES order; a page is built the first time it is shown (or
        # asked for, as `bank_view` ... `candidates_view`), in place of its empty placeholder.
        self._factories = (_bank_view, _builder_view, _interview_view, _candidates_view, _insight_view)
        self._built: list[QWidget | None] = [None] * len(self.PAGES)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Workflows")
        self.navigation.setFixedWidth(self.RAIL_WIDTH)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setWordWrap(True)  # a narrow rail puts "Scorecards" under "Candidates &"
        self.pages = CurrentPageStack()  # the window fits the page shown, not the widest
        self.pages.setAccessibleName("Workflow page")
        for title in self.PAGES:
            QListWidgetItem(title, self.navigation)
            self.pages.addWidget(QWidget())  # a placeholder until the page is first shown
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
        self._progress_task = 0  # the task whose progress the status bar shows
        tasks.events().progressed.connect(self._show_progress)
        tasks.events().finished.connect(self._clear_progress)

        self._painted = False
        self._resume_asked = False  # an interrupted interview is offered once the window is shown
        self._resume_waits_for_store = False  # ...and the database is open
        self.restore_window_state()  # the page the window was left on (built once there is a store)
        if store is not None:
            self.attach_store(store)
        else:
            self.statusBar().showMessage("Opening the database…")

    def attach_store(self, store: Store) -> None:
        """The database is open: what needs it starts here (the page on screen is built, the
        bank counted, the commands that use it enabled, an interrupted interview offered)."""
        if self.store is not None:
            raise RuntimeError("the main window already has its store")
        self.store = store
        for action in self._store_actions:
            action.setEnabled(True)
        self.statusBar().clearMessage()
        tasks.on_changes(self, {"bank"}, self.update_bank_count)
        self.update_bank_count()
        self.show_page(self.pages.currentIndex())  # builds the page the window opened on
        if self._resume_waits_for_store:
            self._resume_waits_for_store = False
            self._offer_resume()
        self.store_attached.emit()

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
        if self.quit_action.shortcut().isEmpty():  # no platform standard (Windows): Ctrl+Q anyway
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        self.import_cards_action = self._action("Import &Cards…", self.import_cards)  # the laptop exchange
        self.import_kit_action = self._action("Import &Kit…", self.import_kit)
        file_menu.addActions([self.import_cards_action, self.import_kit_action])
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
            # "&&": a page title's "&" is an ampersand, not a mnemonic ("Candidates _Scorecards")
            action = self._action(title.replace("&", "&&"), lambda _=False, r=row: self.navigation.setCurrentRow(r),
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

        # Commands on the database wait for it (the shell is painted before it opens).
        self._store_actions = (self.import_action, self.export_action, self.about_action,
                               self.import_cards_action, self.import_kit_action)
        for action in self._store_actions:
            action.setEnabled(False)

    # -- pages ----------------------------------------------------------------------------------
    def page(self, row: int) -> QWidget:
        """The page at `row`, built now if it has not been yet (it is not shown)."""
        view = self._built[row]
        if view is None:
            if self.store is None:
                raise RuntimeError("a page needs the store: it is built once the database is open")
            view = self._factories[row](self.store)
            self._built[row] = view
            placeholder = self.pages.widget(row)
            current = self.pages.currentIndex()
            self.pages.insertWidget(row, view)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            if current >= 0:
                self.pages.setCurrentIndex(current)  # building a page does not show it
            self._wire(row, view)
        return view

    def built_pages(self) -> list[QWidget]:
        return [view for view in self._built if view is not None]

    @property
    def bank_view(self):
        return self.page(0)

    @property
    def builder_view(self):
        return self.page(1)

    @property
    def interview_view(self):
        return self.page(2)

    @property
    def candidates_view(self):
        return self.page(3)

    def _wire(self, row: int, view: QWidget) -> None:
        """Connect a page just built to the others (each built when it is first needed)."""
        if row == 0:
            view.add_to_set_requested.connect(self._add_to_set)
        elif row == 1:
            view.start_interview_requested.connect(self._start_interview)
        elif row == 2:
            view.resume_accepted.connect(lambda _id: self.navigation.setCurrentRow(self.PAGES.index("Interview")))
            # A submission is made on the GUI thread: say so app-wide; the views that show
            # interviews refresh themselves.
            view.interview_submitted.connect(lambda _id: tasks.announce_changes({"interviews"}))
        elif row == 3:
            view.open_interview_requested.connect(self._open_interview)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rail()

    def _fit_rail(self) -> None:
        """On a narrow window (a small screen, 200% scale) the page gets the room: the rail
        shrinks to its longest title on two lines."""
        width = self.RAIL_WIDTH
        if self.width() < self.NARROW_WINDOW:
            metrics = self.navigation.fontMetrics()
            longest = max(_two_line_width(title, metrics.horizontalAdvance) for title in self.PAGES)
            # app.qss pads each item 14 px a side; a little more so the word never elides
            width = min(self.RAIL_WIDTH, longest + 2 * 14 + 2 * metrics.averageCharWidth())
        if self.navigation.width() != width:
            self.navigation.setFixedWidth(width)
            self.navigation.doItemsLayout()  # rows take their wrapped height

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._resume_asked:  # once, when the window is on screen (not over a blank one)
            self._resume_asked = True
            handle = self.windowHandle()
            if handle is not None and not handle.isExposed():
                handle.installEventFilter(self)  # ...until its first expose
            else:
                QTimer.singleShot(0, self._on_screen)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Expose and watched is self.windowHandle() and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._on_screen)  # after this first paint
        return super().eventFilter(watched, event)

    def _on_screen(self) -> None:
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
        self._offer_resume()

    def _offer_resume(self) -> None:
        """At start, off the GUI thread: the Interview page is built (and offers to resume) only
        when there is an interrupted interview, not put off already in this run."""
        if self.store is None:  # the shell is on screen before the database: ask once it opens
            self._resume_waits_for_store = True
            return

        def found(interview_id: int | None) -> None:
            if interview_id is None or interview_id in _put_off or not shiboken6.isValid(self):
                return  # (a window closed at once is gone)
            if not self.isVisible():  # hidden meanwhile: ask when it is shown again
                self._resume_asked = False
                return
            view = self.interview_view
            view.offer_resume()  # (it looks again, and not while one is open)
            box = getattr(view, "resume_box", None)
            if box is not None:
                box.finished.connect(lambda _result: self._resume_answered(interview_id))

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                show_failure(self, APP_NAME, exc)

        QueryOp(self.store, _interrupted_interview_id).success(found).failure(failed).run()

    def _resume_answered(self, interview_id: int) -> None:
        if shiboken6.isValid(self) and self.interview_view.live is None:  # put off: not again this run
            _put_off.add(interview_id)

    def _add_to_set(self, question_ids: list) -> None:
        self.builder_view.add_questions(question_ids)
        self.statusBar().showMessage(f"Added {len(question_ids)} question(s) to the set", 4000)

    def _start_interview(self, set_id: int) -> None:
        self.navigation.setCurrentRow(self.PAGES.index("Interview"))
        self.interview_view.start_from_set(set_id)

    def _open_interview(self, interview_id: int) -> None:
        self.navigation.setCurrentRow(self.PAGES.index("Interview"))
        self.interview_view.open_interview(interview_id)

    def show_page(self, row: int) -> None:
        if self.navigation.currentRow() != row:  # called directly: the sidebar follows
            self.navigation.setCurrentRow(row)  # ...and comes back here through its signal
            return
        if 0 <= row < len(self.PAGES):
            if self.store is None:  # its placeholder until the database is open
                self.pages.setCurrentIndex(row)
                return
            view = self.page(row)
            self.pages.setCurrentIndex(row)
            view.refresh()

    def current_page_title(self) -> str:
        return self.PAGES[self.pages.currentIndex()]

    def update_bank_count(self) -> None:
        from desktop.core.bank.listing import active_question_count

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
        ChangeOp(self.store, _import_files, list(files), changes={"bank"}, parent=self) \
            .with_progress("Importing questions…", title="Import Questions") \
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

    def import_cards(self) -> None:
        from desktop.ui.exchange_actions import import_cards

        import_cards(self, self.store)

    def import_kit(self) -> None:  # then the Interview page lists the planned interview to start
        from desktop.ui.exchange_actions import import_kits

        import_kits(self, self.store, then=lambda _outcomes: self.show_page(self.PAGES.index("Interview")))

    def show_preferences(self) -> None:
        from desktop.ui.dialogs import PreferencesDialog

        PreferencesDialog(self).exec()

    def show_about(self) -> None:
        from desktop.ui.dialogs import AboutDialog

        AboutDialog(self.store, self).exec()

    def show_help(self) -> None:
        from desktop.ui.dialogs import HelpDialog

        HelpDialog(self).exec()

    # -- window state ---------------------------------------------------------------------------
    def restore_window_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry):
            self._keep_on_screen()  # saved on a screen that may be gone, or bigger than this one
        else:
            self.setGeometry(first_geometry(self._opening_screen().availableGeometry()))
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        page = settings.value("main_window/page", 0, type=int)
        if not 0 <= page < len(self.PAGES):
            page = 0
        if self.navigation.currentRow() == page:  # already current: no signal would show it
            self.show_page(page)
        else:
            self.navigation.setCurrentRow(page)

    def _opening_screen(self) -> QScreen:
        """Where a new window opens: the screen under the pointer (the one the user looks at)."""
        return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()

    def _keep_on_screen(self) -> None:
        if self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            return  # the window system sizes these to the screen they open on
        areas = [screen.availableGeometry() for screen in QGuiApplication.screens()]
        fitted = fitted_geometry(self.geometry(), areas, self._opening_screen().availableGeometry())
        if fitted != self.geometry():
            self.setGeometry(fitted)

    def save_window_state(self) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.pages.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:
        pages = self.built_pages()  # a page never shown has nothing to save
        if not all(getattr(view, "close_ok", lambda: True)() for view in pages):
            return event.ignore()  # unsaved notes, and the person chose to retry later or stay
        for view in pages:
            closer = getattr(view, "flush", None)
            if closer:
                closer()  # e.g. the interview's pending autosave
        self.save_window_state()
        super().closeEvent(event)
