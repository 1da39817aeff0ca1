"""Screenshots of every page, for looking at layouts: sizes x themes, offscreen, on the demo.

    python tools/screenshots.py [OUT_DIR] [--size 1280x800 --scale 2 --theme dark]

Builds a fresh database with the bundled bank and `interview-desk demo`, opens the real main
window and saves one PNG per page and state to OUT_DIR (default /tmp/shots). Without --size it
runs itself once per configuration (1024x768, 1920x1080, 1280x800 at QT_SCALE_FACTOR=2; light
and dark), because the scale factor is read only when Qt starts.

--size is the screen's size in pixels: each run gets an offscreen screen that size (its
`configfile`), and the window fills it, so at 200% a 1280x800 screen gives the window 640x400
logical pixels (2560x1600 pixels before: a 1280x800 window at 200%, a screen twice as large).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = (("1024x768", "1"), ("1920x1080", "1"), ("1280x800", "2"))
THEMES = ("light", "dark")
CHILD = "INTERVIEW_DESK_SHOTS_CHILD"  # set in the run that shoots (on its screen, at its scale)


def screen_platform(size: str) -> str:
    """The offscreen platform with one screen of `size` pixels (WxH)."""
    width, height = (int(v) for v in size.split("x"))
    config = Path(tempfile.mkdtemp(prefix="interview-desk-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": f"screen-{size}", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def run_all(out: Path, configs=CONFIGS, themes=THEMES) -> int:
    status = 0
    for size, scale in configs:
        for scheme in themes:
            env = dict(os.environ, QT_QPA_PLATFORM=screen_platform(size), QT_SCALE_FACTOR=scale,
                       PYTHONPATH=str(ROOT), **{CHILD: "1"})
            args = [sys.executable, __file__, str(out), "--size", size, "--theme", scheme]
            status |= subprocess.run(args, env=env, check=False).returncode  # one failing size: go on
    return status


def shoot(out: Path, size: str, scheme: str) -> int:
    home = Path(tempfile.mkdtemp(prefix="interview-desk-shots-"))
    os.environ["INTERVIEW_DESK_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")  # QSettings: no window state of the user's
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core import demo
    from desktop.core.bank.sync import sync_bundled_bank
    from desktop.core.storage.preferences import Preferences, save_preferences
    from desktop.core.storage.store import Store
    from desktop.ui.app import configure_application
    from desktop.ui.main_window import MainWindow

    save_preferences(Preferences(interviewer_name=demo.STAGES[0].interviewer, theme=scheme))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    QSettings().clear()
    store = Store(str(home / "demo.db"))
    sync_bundled_bank(store, ROOT / "question_bank")
    with store.transaction() as s:
        story = demo.create_demo(s)

    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    tag = f"{size}{'@' + scale + 'x' if scale != '1' else ''}-{scheme}"
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(store)
    window.show()

    def fill_screen() -> None:  # as a user would: the whole screen, in logical pixels
        window.setGeometry(window.screen().availableGeometry())

    def settle(condition=lambda: True, ms: int = 15000) -> None:
        timer = QElapsedTimer()
        timer.start()
        while not condition() and timer.elapsed() < ms:  # background tasks finishing
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        for _ in range(5):  # queued layouts and repaints
            app.processEvents()

    def grab(name: str) -> None:
        fill_screen()  # again: a page with a larger minimum size may have made the window larger
        settle()
        path = out / f"{tag}-{name}.png"
        window.grab().save(str(path))
        print(path)

    window.show_page(0)
    bank = window.bank_view
    settle(lambda: bank.model.rowCount() > 0)  # the search runs on a worker
    bank.table.selectRow(0)
    grab("bank")
    bank.search_edit.setText("how would you")  # more than a page: the best 50, more as it scrolls
    settle(lambda: not bank.is_searching())
    grab("bank-search")
    shown = bank.model.rowCount()
    bank.table.scrollToBottom()  # reads the next page
    settle(lambda: bank.model.rowCount() > shown, ms=5000)
    grab("bank-search-scrolled")
    bank.search_edit.clear()
    settle(lambda: not bank.is_searching())

    window.show_page(1)
    builder = window.builder_view
    builder.role.setCurrentIndex(builder.role.findData("image-gen-specialist"))  # the longest role name
    builder.interviewers.setValue(3)
    builder.build_loop()
    settle(lambda: not builder.busy and len(builder.drafts) == 3)
    grab("builder-loop")

    window.show_page(2)
    interview = window.interview_view
    grab("interview-start")
    interview.open_interview(story.in_progress_interview_id)
    settle(lambda: interview.live is not None)
    grab("interview-question")
    interview.go_to(10**6)  # past the last question (clamped): the wrap-up
    grab("interview-wrapup")
    interview.flush()
    interview.open_interview(story.interview_ids[0])  # a sealed one of the user's: read-only
    grab("interview-sealed")

    window.show_page(3)
    candidates = window.candidates_view
    candidates.select("interview", story.interview_ids[0])
    grab("candidates-scorecard")
    candidates.select("loop", story.loop_id)
    grab("candidates-loop")
    candidates.select("candidate", story.candidate_id)  # the decision area: composite, matrix
    settle()
    grab("candidates-decision")

    window.show_page(4)
    insight = window.page(4)
    settle(lambda: insight.refresh_button.isEnabled())  # the figures are computed on a worker
    grab("insight")
    window.close()
    store.dispose()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="/tmp/shots")
    parser.add_argument("--size")
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR, with --size")
    parser.add_argument("--theme", choices=THEMES, help="with --size (default: both)")
    args = parser.parse_args()
    if args.size is None:
        return run_all(Path(args.out))
    if not os.environ.get(CHILD):  # the screen and the scale are set before Qt starts: in a run of its own
        return run_all(Path(args.out), [(args.size, args.scale)], [args.theme] if args.theme else THEMES)
    return shoot(Path(args.out), args.size, args.theme or "light")


if __name__ == "__main__":
    sys.exit(main())
