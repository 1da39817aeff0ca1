"""The live interview is usable at 1024x768 and on a 1280x800 screen at 200% scale.

200% is the real thing, in a process of its own: QT_SCALE_FACTOR=2 on an offscreen screen of
1280x800 pixels (640x400 logical), because the window's first size and the layout the view
picks come from the screen it is on; a window merely resized to 640x400 on a large screen is a
different case (a resize from a tall window is held at the roomy layout's minimum until the
view has gone short). The layout is the same in logical pixels either way: QT_SCALE_FACTOR
leaves the logical DPI, so the fonts' pixel sizes, alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt

from desktop.core import demo
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
SMALL = (640, 400)  # a 1280x800 screen at 200%, in logical pixels


@pytest.fixture
def window(qtbot, store):
    """The main window on the demo, its interview in progress open on the Interview page."""
    with store.transaction() as s:
        story = demo.create_demo(s)
    save_preferences(Preferences(interviewer_name=demo.STAGES[0].interviewer))
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(2)
    window.interview_view.open_interview(story.in_progress_interview_id)
    qtbot.waitUntil(lambda: window.interview_view.live is not None)
    yield window
    window.interview_view.flush()


def laid_out(window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    for _ in range(5):  # layouts queued by the resize, then by what they changed
        QCoreApplication.processEvents()
    assert window.size().toTuple() == size  # not held larger by a minimum size


def fits(size: list[int], screen: tuple[int, int]) -> bool:
    return size[0] <= screen[0] and size[1] <= screen[1]


def test_the_interview_fits_a_1280x800_screen_at_200_percent(store, db_path, tmp_path):
    """The window, its minimum size and every control of the question and the wrap-up fit the
    screen's 640x400 logical pixels, nothing scrolls sideways; the rubric scrolls, two points
    at a time."""
    with store.transaction() as s:
        story = demo.create_demo(s)
    save_preferences(Preferences(interviewer_name=demo.STAGES[0].interviewer))  # the driver shares this folder
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_SCALE_FACTOR": "2",
           "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "tests.ui.small_screen_driver", str(db_path),
                          str(story.in_progress_interview_id)], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    print(report)
    assert report["screen"] == [640, 400]
    assert report["window"] == [640, 400]  # not held larger than the screen by its minimum size
    for minimum in (report["view_min"], report["window_min"], report["wrap_up"]["window_min"]):
        assert fits(minimum, SMALL), report
    question, wrap_up = report["question"], report["wrap_up"]
    assert question["sideways"] == [] and wrap_up["sideways"] == []
    assert question["out_of_view"] == [] and wrap_up["out_of_view"] == []  # rating, notes, Next; Submit
    assert question["notes_lines"] >= 3  # a few lines to type in
    assert all(question["two_points"]), question


def test_the_first_two_rubric_points_show_without_scrolling_at_1024x768(window, qtbot):
    view = window.interview_view
    laid_out(window, (1024, 768))
    for position in range(len(view.live.questions)):
        view.go_to(position)
        second = view.rubric_checks[1].parentWidget()
        viewport = view.question_scroll.viewport()

        def shown() -> None:
            assert view.question_scroll.verticalScrollBar().value() == 0
            assert second.mapTo(viewport, QPoint(0, second.height())).y() <= viewport.height(), position

        qtbot.waitUntil(shown)  # the rating bar goes compact on the next turn if it must


def test_the_question_list_reads_more_than_a_word_of_each_prompt_at_1024x768(window):
    view = window.interview_view
    laid_out(window, (1024, 768))
    shown = view.question_list.visualRect(view.question_model.index(0, 0))
    metrics = view.question_list.fontMetrics()
    assert shown.width() * (shown.height() // metrics.lineSpacing()) >= metrics.horizontalAdvance("x" * 40)


def test_the_question_list_folds_away_on_a_narrow_window_and_opens_again(window):
    view = window.interview_view
    view.show_start_page()
    laid_out(window, (1024, 768))  # resized while the start page shows
    view.open_interview(view.unfinished.item(0).data(Qt.ItemDataRole.UserRole))
    QCoreApplication.processEvents()
    QCoreApplication.processEvents()
    assert view.body.sizes()[0] >= 160  # a quarter of the view, at the size it opened at
    laid_out(window, (700, 500))  # the view under 600 px beside the narrowed rail: the question gets the room
    assert view.body.sizes()[0] == 0 and view.next_button.isVisible()
    laid_out(window, (1280, 800))
    assert view.body.sizes()[0] >= 160
