"""Driver for the kill test: runs the real main window and types notes at a steady pace.

    python -m tests.ui.kill_driver DB_FILE     # one run
    python -m tests.ui.kill_driver --server    # reads "run DB_FILE" lines; forks one run each

The server imports Qt and the app once and forks a fresh process per run (printing
`child <pid>`, later `exited <pid> <wait status>`), so many kills stay quick. Each run accepts
the offer to resume the interrupted interview, checks that the saved notes are a prefix of
`STREAM`, then types the rest of the stream into the notes box with QTest.keyClicks, printing
`typed <unix time> <characters in the box>` after every chunk, until it is killed.
"""

from __future__ import annotations

import os
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Digits, "S" and spaces on purpose: in the notes box they must type, not rate.
STREAM = "".join(f"n{i} S{i % 5} " for i in range(20000))
CHUNK = 3
PACE_MS = 30


def say(*parts) -> None:
    """One line in one write(): atomic on a pipe, so the server's and a child's lines never mix."""
    os.write(1, (" ".join(str(p) for p in parts) + "\n").encode())


def main(db_file: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.core.storage.store import Store
    from desktop.ui.app import configure_application
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    window = MainWindow(Store(db_file))
    window.show()
    view = window.interview_view

    waited = {"ms": 0}

    def accept_resume() -> None:
        box = view.resume_box
        if box is None:  # asked once the window is on screen and the lookup is back: wait for it
            waited["ms"] += 20
            if waited["ms"] > 10000:
                say("error no resume offer")
                app.exit(3)
            else:
                QTimer.singleShot(20, accept_resume)
            return
        box.buttons()[0].click()  # "Resume Interview"
        if view.live is None or window.current_page_title() != "Interview":
            say("error not resumed")
            app.exit(3)
            return
        notes = view.notes.toPlainText()
        if not STREAM.startswith(notes):
            say("error saved notes are not a prefix of what was typed:", repr(notes[-40:]))
            app.exit(2)
            return
        view.notes.setFocus()
        say("ready", f"{time.time():.3f}", len(notes))
        typer.start()

    def type_chunk() -> None:
        done = len(view.notes.toPlainText())
        QTest.keyClicks(view.notes, STREAM[done:done + CHUNK])
        say("typed", f"{time.time():.3f}", len(view.notes.toPlainText()))

    typer = QTimer()
    typer.setInterval(PACE_MS)
    typer.timeout.connect(type_chunk)
    QTimer.singleShot(50, accept_resume)
    return app.exec()


def serve() -> int:
    """Import everything once, then fork a fresh app process for each request."""
    import PySide6.QtTest  # noqa: F401  (no QApplication yet: safe to fork after this)
    import PySide6.QtWidgets  # noqa: F401

    import alembic.command  # noqa: F401  (the Store checks migrations on open)
    import alembic.runtime.migration  # noqa: F401
    import alembic.script  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import desktop.ui.app  # noqa: F401
    import desktop.ui.main_window  # noqa: F401
    from PySide6.QtWidgets import QApplication, QLabel

    # The QApplication, fonts and style are ready before forking. Qt has started no thread
    # yet (checked: one thread), so each forked child is a clean single-threaded copy.
    app = QApplication(sys.argv[:1])
    desktop.ui.app.configure_application(app)
    warm = QLabel("warm up fonts")
    warm.grab()
    del warm
    say("server ready", threading.active_count())
    for request in iter(sys.stdin.readline, ""):
        command, _, db_file = request.strip().partition(" ")
        if command != "run":
            break
        pid = os.fork()
        if pid == 0:  # the child: one real app run, until it is killed
            os._exit(main(db_file))
        say("child", pid)
        _, status = os.waitpid(pid, 0)
        say("exited", pid, status)
    return 0


if __name__ == "__main__":
    sys.exit(serve() if sys.argv[1] == "--server" else main(sys.argv[1]))
