"""The real app in its own process: another program holds the database's write lock while the
interviewer types and quits. The window asks, "Keep for later" quits, and the next start has
every character."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop.core import interviewing as iv
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from tests.core.interview_fixtures import make_candidate, make_set

REPO = Path(__file__).resolve().parents[2]
TEXT = "The last sentence, typed while the database was locked: 24 more characters."


def _notes(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT notes FROM annotations WHERE position = 0").fetchone()[0]


def test_quit_while_locked_keeps_every_character_for_the_next_start(db_path, tmp_path):
    save_preferences(Preferences(interviewer_name="Rita"))  # the driver shares this user folder
    store = Store(str(db_path))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        interview_id = interview.id
    store.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    go = tmp_path / "go"
    driver = subprocess.Popen([sys.executable, "-m", "tests.ui.quit_driver", "type", str(db_path),
                               str(interview_id), str(go), TEXT], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = sqlite3.connect(db_path, isolation_level=None)
    try:
        assert driver.stdout.readline().split() == ["ready"]
        lock.execute("BEGIN IMMEDIATE")  # another program writing, from now until the end
        go.touch()
        out, err = driver.communicate(timeout=60)
        assert driver.returncode == 0, err
        asked = [line for line in out.splitlines() if line.startswith("asked ")]
        assert asked and asked[0].startswith("asked Not saved: the database is busy"), out
        assert "closed False" in out  # it quit: not silently, not stuck
        assert TEXT not in _notes(db_path)  # the database really never got it
    finally:
        driver.kill()
        if lock.in_transaction:
            lock.execute("ROLLBACK")
        lock.close()

    started = subprocess.run([sys.executable, "-m", "tests.ui.quit_driver", "start", str(db_path)], cwd=REPO,
                             env=env, capture_output=True, text=True, timeout=60)
    assert started.returncode == 0, started.stderr
    assert _notes(db_path) == TEXT
