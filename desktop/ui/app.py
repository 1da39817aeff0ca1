"""Starting the app: the QApplication, the database, the bundled bank, the main window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from desktop import APP_NAME, __version__
from desktop.core.storage import paths
from desktop.core.bank.files import BankError
from desktop.core.bank.sync import sync_bundled_bank
from desktop.core.paper import clean_partial_exports
from desktop.core.storage.store import Store, StoreError
from desktop.ui import gui_thread_gc, theme
from desktop.core.storage.preferences import load_preferences


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
    """Open (creating or upgrading) the database and bring in the bundled bank if it changed."""
    store = Store(db_url)
    if not store.read_only:  # a read-only database is shown as it is
        sync_bundled_bank(store)
    return store


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
    try:
        store = open_store(db_url)
    except (StoreError, BankError) as exc:
        QMessageBox.critical(None, APP_NAME, f"{APP_NAME} could not open its database.\n\n{exc}")
        return 1
    from desktop.ui.main_window import MainWindow

    window = MainWindow(store)
    show_read_only_banner(window, store)
    window.show()
    _warm_up_pdf_fonts()
    return app.exec()


def _warm_up_pdf_fonts() -> None:
    """Load the PDF fonts on a worker once the window is up, so the first export is not
    ~0.7 s slower than the rest. A failure here shows up, clearly, at the first export."""
    from desktop.core.paper.fonts import register_fonts
    from desktop.ui.tasks import QueryOp

    QTimer.singleShot(1500, lambda: QueryOp(None, lambda _store, _progress: register_fonts())
                      .failure(lambda _exc: None).run())
