"""How long from launching the app to its window on screen? Prints figures; asserts nothing.

    /work/main/.venv/bin/python bench/bench_startup.py [--rounds R]

Each launch starts a fresh interpreter (as a user's launch does) and stops once its main window
has been painted. The app's child runs the console script's own path (`desktop.__main__.main()`
with no command: the platform check, the window, the database, the bundled bank) offscreen; the
bare child imports PySide6 and shows an empty QMainWindow, the floor no Qt app can go below. Both
children time the same moment: the first paint of their QMainWindow, done (the next event-loop
turn after its first paint event). The app's child then also waits for the Bank page to list
questions (the database open, the page built, its search back; on a first start after the
bundled bank's import), which is when the window is filled.
Every round launches all three (bare, first start, warm start) one after another, so a busy
machine slows them alike and the ratios stay comparable. Figures, medians over the rounds, as
`name value` lines: bare_qt_ms, startup_first_ms (an empty data folder: migrations and the
bundled bank import), startup_warm_ms (the database already there), startup_warm_worst_ms,
startup_warm_vs_bare_qt, startup_first_vs_bare_qt, and startup_warm_filled_ms,
startup_first_filled_ms (launch to the Bank page listing questions).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Both children print the time of their main window's first paint, then (the app) of its Bank
# page listing questions, and leave at once: tearing down is not part of starting.
FIRST_PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

def report_first_paint(app, then):
    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                    and isinstance(watched.window(), QMainWindow)):
                app.removeEventFilter(self)
                QTimer.singleShot(0, lambda: (print(time.time(), flush=True), then(watched.window())))
            return False
    app._first_paint = FirstPaint()
    app.installEventFilter(app._first_paint)
"""

# The app, exactly as `interview-desk` with no command starts it (its own import order: the app
# module first); only the QApplication is made first, to watch for the paint.
APP_CHILD = "import desktop.ui.app as desk\n" + FIRST_PAINT + """

def when_filled(window):
    def look():
        built = window.built_pages()
        if built and type(built[0]).__name__ == "BankView" and built[0].model.rowCount() > 0:
            print(time.time(), flush=True)
            os._exit(0)
        QTimer.singleShot(5, look)
    # Looking every 5 ms while the database opens would take the interpreter from the worker
    # opening it: look once the window has its store.
    if window.store is None:
        window.store_attached.connect(look)
    else:
        look()

real_run = desk.run
def run(db_url=None):
    report_first_paint(QApplication.instance() or QApplication(sys.argv[:1]), when_filled)
    return real_run(db_url)
desk.run = run
sys.argv = ["interview-desk"]
from desktop.__main__ import main
main()
os._exit(1)  # (the window never filled)
"""

BARE_CHILD = FIRST_PAINT + """
app = QApplication(sys.argv[:1])
report_first_paint(app, lambda _window: os._exit(0))
window = QMainWindow()
window.resize(1280, 820)
window.show()
app.exec()
"""


def launch(child: str, home: str, bytecode: str) -> list[float]:
    """Milliseconds from starting the child's interpreter to each time it printed (the first
    paint; then, for the app, the Bank page filled).

    The user's name is already in Preferences: a first start asks for it before the window,
    and the time a person takes to type it is not the app's. Modules run from compiled
    bytecode (kept in `bytecode`), as an installed app's do: with PYTHONDONTWRITEBYTECODE set
    here, every launch would compile the app's own modules again (~0.1 s), which no user's does."""
    os.makedirs(home, exist_ok=True)
    prefs = os.path.join(home, "preferences.json")
    if not os.path.exists(prefs):
        with open(prefs, "w", encoding="utf-8") as f:
            json.dump({"interviewer_name": "Bench Marker"}, f)
    env = {**os.environ, "INTERVIEW_DESK_HOME": home, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": os.path.join(home, "config"), "PYTHONPATH": str(ROOT)}
    env.pop("INTERVIEW_DESK_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = bytecode  # (nothing written next to the sources)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", child], env=env, check=True, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return [(float(t) - start) * 1000 for t in out.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    bare: list[float] = []
    first: list[list[float]] = []
    warm: list[list[float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        bytecode = os.path.join(scratch, "bytecode")
        launch(BARE_CHILD, scratch, bytecode)  # Python's and Qt's own files into the page cache
        warm_home = os.path.join(scratch, "warm")
        launch(APP_CHILD, warm_home, bytecode)  # creates the database the warm starts open
        for n in range(args.rounds):
            bare.append(launch(BARE_CHILD, scratch, bytecode)[0])
            first.append(launch(APP_CHILD, os.path.join(scratch, f"first-{n}"), bytecode))  # an empty folder
            warm.append(launch(APP_CHILD, warm_home, bytecode))
    bare_ms = statistics.median(bare)
    first_ms, first_filled_ms = (statistics.median(t[i] for t in first) for i in (0, 1))
    warm_ms, warm_filled_ms = (statistics.median(t[i] for t in warm) for i in (0, 1))
    print(f"bare_qt_ms {bare_ms:.0f}")
    print(f"startup_first_ms {first_ms:.0f}")
    print(f"startup_warm_ms {warm_ms:.0f}")
    print(f"startup_warm_worst_ms {max(t[0] for t in warm):.0f}")
    print(f"startup_warm_vs_bare_qt {warm_ms / bare_ms:.2f}")
    print(f"startup_first_vs_bare_qt {first_ms / bare_ms:.2f}")
    print(f"startup_warm_filled_ms {warm_filled_ms:.0f}")
    print(f"startup_first_filled_ms {first_filled_ms:.0f}")


if __name__ == "__main__":
    main()
