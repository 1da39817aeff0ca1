"""How long from launching the app to its window on screen? Prints figures; asserts nothing.

    /work/main/.venv/bin/python bench/bench_startup.py [--rounds R]

Each launch starts a fresh interpreter (as a user's launch does) and stops at the first turn of
its event loop, once the window is shown. The app's child runs the console script's own path
(`desktop.__main__.main()` with no command: database, bundled bank, main window) offscreen; the
bare child imports PySide6 and shows an empty QMainWindow, the floor no Qt app can go below.
Every round launches all three (bare, first start, warm start) one after another, so a busy
machine slows them alike and the ratios stay comparable. Figures, medians over the rounds, as
`name value` lines: bare_qt_ms, startup_first_ms (an empty data folder: migrations and the
bundled bank import), startup_warm_ms (the database already there), startup_warm_worst_ms,
and startup_warm_vs_bare_qt, startup_first_vs_bare_qt.
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

# Both children report the first event-loop turn after the window is shown: the window is on
# screen; tearing down is not part of starting, so they leave at once.
SHOWN = """
import os, sys, time
def shown():
    print(time.time(), flush=True)
    os._exit(0)
"""

# The app, exactly as `interview-desk` with no command starts it (its own import order: the app
# module loads PySide6 and the core); only exec() is wrapped.
APP_CHILD = SHOWN + """
import desktop.ui.app as desk
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
real_run = desk.run
def run(db_url=None):
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.exec = lambda: (QTimer.singleShot(0, shown), QApplication.exec())[1]
    return real_run(db_url)
desk.run = run
sys.argv = ["interview-desk"]
from desktop.__main__ import main
main()
"""

BARE_CHILD = SHOWN + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 820)
window.show()
QTimer.singleShot(0, shown)
app.exec()
"""


def launch(child: str, home: str) -> float:
    """Milliseconds from starting the child's interpreter to its first event-loop turn.

    The user's name is already in Preferences: a first start asks for it before the window,
    and the time a person takes to type it is not the app's."""
    os.makedirs(home, exist_ok=True)
    prefs = os.path.join(home, "preferences.json")
    if not os.path.exists(prefs):
        with open(prefs, "w", encoding="utf-8") as f:
            json.dump({"interviewer_name": "Bench Marker"}, f)
    env = {**os.environ, "INTERVIEW_DESK_HOME": home, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": os.path.join(home, "config"), "PYTHONPATH": str(ROOT)}
    env.pop("INTERVIEW_DESK_DB", None)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", child], env=env, check=True, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return (float(out.split()[-1]) - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    bare: list[float] = []
    first: list[float] = []
    warm: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        launch(BARE_CHILD, scratch)  # Python's and Qt's own files into the page cache
        warm_home = os.path.join(scratch, "warm")
        launch(APP_CHILD, warm_home)  # creates the database the warm starts open
        for n in range(args.rounds):
            bare.append(launch(BARE_CHILD, scratch))
            first.append(launch(APP_CHILD, os.path.join(scratch, f"first-{n}")))  # an empty folder
            warm.append(launch(APP_CHILD, warm_home))
    bare_ms, first_ms, warm_ms = (statistics.median(x) for x in (bare, first, warm))
    print(f"bare_qt_ms {bare_ms:.0f}")
    print(f"startup_first_ms {first_ms:.0f}")
    print(f"startup_warm_ms {warm_ms:.0f}")
    print(f"startup_warm_worst_ms {max(warm):.0f}")
    print(f"startup_warm_vs_bare_qt {warm_ms / bare_ms:.2f}")
    print(f"startup_first_vs_bare_qt {first_ms / bare_ms:.2f}")


if __name__ == "__main__":
    main()
