"""Every page but the live interview (tests/ui/test_interview_fits.py), and the Amend and Record
Decision dialogs, fit a 1280x800 screen at 200% scale (640x400 logical pixels) and nothing on
them scrolls sideways.

As for the interview, 200% is the real thing in a process of its own (tests/ui/pages_fit_driver.py):
QT_SCALE_FACTOR=2 on an offscreen screen of 1280x800 pixels, because the window's first size
comes from the screen it opens on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import demo
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store

REPO = Path(__file__).resolve().parents[2]
SMALL = (640, 400)  # a 1280x800 screen at 200%, in logical pixels


def fits(size: list[int], screen: tuple[int, int] = SMALL) -> bool:
    return size[0] <= screen[0] and size[1] <= screen[1]


@pytest.fixture(scope="module")
def report(tmp_path_factory, _bank_template) -> dict:
    """One run of the driver on the demo, for all the tests of this module."""
    folder = tmp_path_factory.mktemp("pages-fit")
    db_path = folder / "interview_desk.db"
    shutil.copy(_bank_template, db_path)
    store = Store(str(db_path))
    with store.transaction() as s:
        story = demo.create_demo(s)
    store.dispose()
    save_preferences(Preferences(interviewer_name=demo.STAGES[0].interviewer))  # the driver shares this folder
    screen = folder / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_SCALE_FACTOR": "2",
           "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "tests.ui.pages_fit_driver", str(db_path),
                          str(story.interview_ids[0]), str(story.loop_id), str(story.candidate_id)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    print(result)
    assert result["screen"] == list(SMALL)
    return result


def test_the_window_opens_on_the_bank_no_larger_than_the_screen(report):
    assert fits(report["opened"]), report["opened"]


@pytest.mark.parametrize("page", ["bank", "builder", "candidates_scorecard", "candidates_loop",
                                  "candidates_decision", "insight_0", "insight_1", "insight_2"])
def test_each_page_fits_a_1280x800_screen_at_200_percent(report, page):
    shown = report["pages"][page]
    assert shown["window"] == list(SMALL), shown  # not held larger than the screen by a minimum size
    assert fits(shown["window_min"]), shown
    assert shown["sideways"] == [], shown


def test_the_builder_stacked_scrolls_as_one_page(report):
    """Its options, the loop and the loop's balance one below the other, each whole: not three
    slivers that each scroll."""
    assert report["pages"]["builder"]["panes_scrolling"] == [], report["pages"]["builder"]


@pytest.mark.parametrize("dialog", ["amend", "record_decision"])
def test_the_scorecard_dialogs_fit_a_1280x800_screen_at_200_percent(report, dialog):
    shown = report[dialog]
    assert fits(shown["min"]) and shown["fits"], shown
    assert shown["ok_in_view"], shown  # Record Amendment, Record and Seal: no scrolling to reach them
    assert shown["sideways"] == [], shown
