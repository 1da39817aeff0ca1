"""How long from launching the app to its window on screen? Prints figures; asserts nothing.

    /tmp/venv/bin/python bench/bench_startup.py [--rounds R]

Each round starts a fresh interpreter (as a user's launch does) that runs the real start-up
path (`desktop.__main__`, then `desktop.ui.app`: database, bundled bank, main window)
offscreen and stops once the window is shown. Figures: first_start_ms (an empty data
folder: migrations and the bundled bank import), warm_start_p50_ms and warm_start_worst_ms
(the database already there), from process start to the window on screen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in the child: the app's own start-up, quitting as soon as the window is up.
CHILD = """
import os, sys, time
import desktop.__main__  # the console script's own order: the command line (and the core), then Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.ui import app as desk

app = QApplication(sys.argv[:1])
def shown():  # the first event-loop turn: the window is on screen
    print(time.time(), flush=True)
    os._exit(0)  # the moment is taken; tearing down is not part of starting
app.exec = lambda: (QTimer.singleShot(0, shown), QApplication.exec())[1]
desk.run(None)
"""


def launch(home: str) -> float:
    env = {**os.environ, "INTERVIEW_DESK_HOME": home, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": os.path.join(home, "config"), "PYTHONPATH": str(ROOT)}
    env.pop("INTERVIEW_DESK_DB", None)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, check=True, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return (float(out.split()[-1]) - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        first = launch(home)
        warm = [launch(home) for _ in range(args.rounds)]
    print(f"first_start_ms {first:.0f}")
    print(f"warm_start_p50_ms {statistics.median(warm):.0f}")
    print(f"warm_start_worst_ms {max(warm):.0f}")


if __name__ == "__main__":
    main()
