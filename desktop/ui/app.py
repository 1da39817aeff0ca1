"""Starting the app: the QApplication, the window, then the database and the bundled bank.

The window is painted first, as its shell (navigation, menus, an empty page): the database side
of the core (SQLAlchemy, the models, the migrations' check, the integrity check) loads and opens
on a worker right after, and the window builds its page when the store arrives. So the first
paint costs about what any PySide6 window costs, and the rest follows a moment later.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from desktop import APP_NAME, __version__
from desktop.core.paper import clean_partial_exports
from desktop.core.storage import paths
from desktop.core.storage.errors import StoreError
from desktop.core.storage.preferences import load_preferences
from desktop.ui import gui_thread_gc, theme

if TYPE_CHECKING:
    from desktop.core.storage.store import Store


def configure_application(app: QCoreApplication) -> None:
    """Names QSettings uses for the window state, and the look shipped in resources/."""
    QCoreApplication.setOrganizationName("InterviewDesk")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    gui_thread_gc.install(app)  # workers must never run the garbage collector (see module)
    if isinstance(app, QApplication):
        icon = paths.resources_dir() / "icons" / "app.svg"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
        style = paths.resources_dir() / "styles" / "app.qss"
        if style.exists():
            app.setStyleSheet(style.read_text(encoding="utf-8"))
        theme.apply_theme(app, load_preferences().theme)  # light, dark or the system's
        theme.follow_system(app, lambda: load_preferences().theme)


def open_store(db_url: str | None) -> Store:
    """Open (creating or upgrading) the database; `bring_in_bundled_bank` follows the window."""
    from desktop.core.storage.store import Store

    return Store(db_url)


def _sync_bundled_bank(store: Store, _progress) -> str | None:
    from desktop.core.bank.sync import sync_bundled_bank

    report = sync_bundled_bank(store)
    return None if report is None else report.summary()


def bring_in_bundled_bank(window: QMainWindow, store: Store):
    """Import the bundled bank, if it changed since the last start, on a worker once the
    window is up: on a first start that is the whole bank (~1 s), which the window no longer
    waits for. The pages showing the bank redraw when it lands; most starts change nothing.
    A broken shipped bank is one plain line, and the app stays open on the database as it is."""
    if store.read_only:  # a read-only database is shown as it is
        return None
    from desktop.ui import tasks

    def imported(summary: str | None) -> None:
        if summary is not None:  # (a QueryOp: a start that changed nothing redraws nothing)
            tasks.announce_changes({"bank"})
            if shiboken6.isValid(window):
                window.statusBar().showMessage(f"Bundled question bank imported: {summary}", 8000)

    def failed(exc: BaseException) -> None:
        if shiboken6.isValid(window):
            tasks.show_failure(window, APP_NAME, exc, lead="The bundled question bank was not imported.")

    return tasks.QueryOp(store, _sync_bundled_bank).success(imported).failure(failed).run()


def log_to_file() -> None:
    """Unexpected errors go to a log in the user data folder (users see one plain line)."""
    try:
        folder = paths.user_data_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        log = folder / "interview-desk.log"
        os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # private, like the data
        handler = logging.FileHandler(log, encoding="utf-8")
    except OSError:
        return  # no log rather than no app; stderr still gets the errors
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("desktop").addHandler(handler)


def show_read_only_banner(window: QMainWindow, store: Store) -> None:
    """A read-only database says so, in one line, for as long as the window is open."""
    if store.read_only:
        banner = QLabel(store.read_only_notice)
        banner.setObjectName("readOnlyBanner")
        banner.setAccessibleName("Read-only database")
        window.statusBar().addPermanentWidget(banner)  # not hidden by passing messages


def run(db_url: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    log_to_file()
    clean_partial_exports()  # what an export killed mid-write left behind
    from desktop.ui.identity_dialog import ensure_identity

    if ensure_identity() is None:  # every access rule is about a name: none, no app (Cancel quits)
        return 0
    from desktop.ui.main_window import MainWindow

    window = MainWindow()  # the shell, painted first; its page comes with the store
    opening = _open_database_once(window, db_url)
    window.first_painted.connect(opening)  # a worker importing the ORM would slow the paint
    QTimer.singleShot(OPEN_AT_LATEST_MS, opening)  # a window not exposed (minimised) opens it too
    window.show()
    return app.exec()


OPEN_AT_LATEST_MS = 1000  # the database opens after the first paint, or after this at the latest


def _open_database_once(window: QMainWindow, db_url: str | None):
    """A slot that starts opening the database the first time it is called, never again."""
    started = []

    def opening() -> None:
        if not started and shiboken6.isValid(window):
            started.append(_open_database(window, db_url))
    return opening


def _open(_store, _progress, db_url: str | None) -> Store:
    """Worker: the database opened (created, upgraded, checked) and the journals replayed into
    it, all before any page is built."""
    store = open_store(db_url)
    try:
        _replay_journals(store)
    except BaseException:
        store.dispose()
        raise
    return store


def _open_database(window: QMainWindow, db_url: str | None):
    """Open the database on a worker, after the window's first paint; then the window gets its
    store (and builds its page), and the bundled bank comes in. A database that cannot open is
    one plain message over the empty window, and the app quits with status 1."""
    from desktop.ui import tasks

    def opened(store: Store) -> None:
        if not shiboken6.isValid(window):  # closed while the database was opening
            store.dispose()
            return
        window.attach_store(store)
        show_read_only_banner(window, store)
        bring_in_bundled_bank(window, store)
        _warm_up_pdf_fonts()  # (not while the database opens and the first page fills)

    def failed(exc: BaseException) -> None:
        why = str(exc) if isinstance(exc, StoreError) else tasks.plain_message(exc)
        QMessageBox.critical(window if shiboken6.isValid(window) else None, APP_NAME,
                             f"{APP_NAME} could not open its database.\n\n{why}")
        QCoreApplication.exit(1)

    return tasks.QueryOp(None, _open, db_url).success(opened).failure(failed).run()


def _replay_journals(store: Store) -> None:
    """Notes a live interview typed but could not save (full disk, locked database, a kill)
    go into the database before any page is built; what still fails stays in its journal."""
    if store.read_only:
        return
    folder = paths.journals_dir(store.display_url)
    try:
        if not folder.is_dir() or not any(folder.iterdir()):
            return  # nothing kept (most starts): the interviewing core loads when a page needs it
        from desktop.core.interviewing.journal import replay_journals

        report = replay_journals(store, folder)
    except OSError as exc:
        logging.getLogger(__name__).warning("journal replay: %s", exc)
        return
    for interview_id, why in report.failed.items():
        logging.getLogger(__name__).warning("interview %s: unsaved notes kept in its journal: %s", interview_id, why)


def _warm_up_pdf_fonts() -> None:
    """Load the PDF fonts on a worker once the window is filled, so the first export is not
    ~0.7 s slower than the rest. A failure here shows up, clearly, at the first export."""
    from desktop.ui.tasks import QueryOp

    def register(_store, _progress) -> None:
        from desktop.core.paper.fonts import register_fonts  # ReportLab: on the worker, not before the first paint

        register_fonts()

    QTimer.singleShot(1500, lambda: QueryOp(None, register).failure(lambda _exc: None).run())
