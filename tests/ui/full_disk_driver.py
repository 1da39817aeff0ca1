"""Driver for the full-disk test: the real main window in its own process.

    python -m tests.ui.full_disk_driver type DB_FILE INTERVIEW_ID LIMIT TEXT
        opens the interview, then caps every file this process writes at LIMIT bytes
        (RLIMIT_FSIZE, SIGXFSZ ignored: a write past it fails with EFBIG, as on a full disk);
        types TEXT into the notes a few characters at a time with the event loop running (so the
        autosave fails and retries as it would), presses Ctrl+Q and answers the unsaved-changes
        question with "Keep for Later and Quit". Prints `capped <LIMIT>`, `asked <text>`,
        `buttons <a|b|c>`, `journal <bytes>` and `closed`.
    python -m tests.ui.full_disk_driver reopen DB_FILE
        the app's start with no limit (open the store, replay the journals, the window), accepts
        the offer to continue, prints `notes <the notes box, as JSON>` and quits.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHUNK = 7
PACE_MS = 60


def say(*parts) -> None:
    os.write(1, (" ".join(str(p) for p in parts) + "\n").encode())


def cap_file_size(limit: int) -> None:
    """From now on no file of this process can be written at or past `limit` bytes."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))


def type_text(widget, text: str) -> None:
    """Key events for `text`: QTest.keyClicks for ASCII, a key event carrying the character
    for the rest ("ë", "—"), as an input method delivers them."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def _journal_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("interview-*")) if folder.exists() else 0


def type_and_quit(db_file: str, interview_id: int, limit: int, text: str) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.core.storage.store import Store
    from desktop.ui.app import configure_application
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    window = MainWindow(Store(db_file))
    window.show()
    view = window.interview_view
    window.navigation.setCurrentRow(window.PAGES.index("Interview"))
    view.open_interview(interview_id)
    view.flush()  # everything before the cap is in the database
    cap_file_size(limit)
    say("capped", limit)
    outcome = {"code": 0}

    def answer() -> None:
        box = app.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        say("asked", box.text().replace("\n", " "))
        say("buttons", "|".join(b.text() for b in box.buttons()))
        say("journal", _journal_bytes(view.journal_folder))
        keep = [b for b in box.buttons() if b.text() == "Keep for Later and Quit"]
        if not keep:  # the notes would be lost: say so, do not quit past them
            outcome["code"] = 4
            keep = [b for b in box.buttons() if b.text() == "Don't Quit"]
            QTimer.singleShot(0, app.quit)
        keep[0].click()

    answering = QTimer()
    answering.setInterval(20)
    answering.timeout.connect(answer)

    def quit_with_keys() -> None:
        if "Not saved" not in view.save_label.text():  # the last batch has not failed yet
            return
        waiting.stop()
        answering.start()
        window.activateWindow()
        if not QTest.qWaitForWindowActive(window):  # a shortcut reaches the active window only
            say("error window not active")
            app.exit(3)
            return
        QTest.keyClick(view.notes, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # File > Quit
        say("closed", window.isVisible())  # (the question was asked and answered inside)
        app.quit()

    waiting = QTimer()
    waiting.setInterval(20)
    waiting.timeout.connect(quit_with_keys)

    def type_chunk() -> None:
        done = len(view.notes.toPlainText())
        if done >= len(text):
            typer.stop()
            waiting.start()
            return
        type_text(view.notes, text[done:done + CHUNK])

    typer = QTimer()
    typer.setInterval(PACE_MS)
    typer.timeout.connect(type_chunk)
    view.notes.setFocus()
    typer.start()
    code = app.exec()
    return outcome["code"] or code


def reopen(db_file: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import _replay_journals, configure_application, open_store
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    store = open_store(db_file)
    _replay_journals(store)  # as desktop.ui.app.run does, before the window
    window = MainWindow(store)
    window.show()

    def accept() -> None:
        view = window._built[window.PAGES.index("Interview")]  # built once there is an offer
        box = getattr(view, "resume_box", None)
        if box is None:
            return
        polling.stop()
        next(b for b in box.buttons() if b.text().startswith(("Resume", "Continue"))).click()
        say("notes", json.dumps(view.notes.toPlainText(), ensure_ascii=False))
        say("page", window.current_page_title())
        window.close()
        app.quit()

    polling = QTimer()
    polling.setInterval(20)
    polling.timeout.connect(accept)
    polling.start()
    QTimer.singleShot(20000, lambda: (say("error no resume offer"), app.exit(3)))
    return app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "type":
        sys.exit(type_and_quit(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
    sys.exit(reopen(sys.argv[2]))
