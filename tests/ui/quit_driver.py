"""Driver for the quit-under-lock test: the real main window in its own process.

    python -m tests.ui.quit_driver type DB_FILE INTERVIEW_ID GO_FILE TEXT
        opens the interview, prints `ready`, waits for GO_FILE (the test then holds the
        database's write lock), types TEXT, closes the window and answers the unsaved-changes
        question with "Keep for Later and Quit"; prints `asked <label>` and `closed`.
    python -m tests.ui.quit_driver start DB_FILE
        the app's start (open the store, replay the journals), then quits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def say(*parts) -> None:
    os.write(1, (" ".join(str(p) for p in parts) + "\n").encode())


def type_and_quit(db_file: str, interview_id: int, go_file: str, text: str) -> int:
    from PySide6.QtCore import QTimer
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
    view.open_interview(interview_id)
    say("ready")

    def answer() -> None:
        box = app.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        say("asked", box.text())
        keep = [b for b in box.buttons() if b.text() == "Keep for Later and Quit"]
        (keep or box.buttons())[0].click()

    answering = QTimer()
    answering.setInterval(20)
    answering.timeout.connect(answer)

    def go() -> None:
        if not Path(go_file).exists():
            return
        waiting.stop()
        view.notes.setFocus()
        QTest.keyClicks(view.notes, text)
        answering.start()
        window.close()
        say("closed", window.isVisible())
        app.quit()

    waiting = QTimer()
    waiting.setInterval(20)
    waiting.timeout.connect(go)
    waiting.start()
    return app.exec()


def start(db_file: str) -> int:
    from desktop.ui.app import _replay_journals, open_store

    store = open_store(db_file)
    _replay_journals(store)
    store.dispose()
    say("started")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "type":
        sys.exit(type_and_quit(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]))
    sys.exit(start(sys.argv[2]))
