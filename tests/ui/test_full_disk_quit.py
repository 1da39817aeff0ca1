"""The real app in its own process on a full disk: the interviewer types notes the database
cannot take, quits with Ctrl+Q, is asked (Retry / Keep for later), keeps them, and the next start
(a second process, with room again) has every character.

How the disk is made full without root: the first child caps its own file size with
`RLIMIT_FSIZE` (SIGXFSZ ignored, so a write fails with EFBIG instead of killing it). The cap is
by position, not by growth: no byte may be written at or past it in any file, old or new.
The journal and the database then fare differently, and that is the point:

- The database file is megabytes (the bank), and every change of SQLite in WAL mode is appended
  to its `-wal` file as frames of 24 + page size (4096) bytes after a 32-byte header. With a cap
  of one page (4096 bytes) not one frame can be written, wherever the WAL stands (even a WAL
  restarted at offset 0 ends its first frame at 4152 bytes): the database can take no change.
- The journal of this interview is a new small file (a line per batch, a few hundred bytes here)
  in the user data folder: it fits under the cap, as the last few kilobytes of a nearly full
  disk would hold it.

So what the first process typed can only survive through the journal; the second process (no
cap) replays it at start, and the resumed interview shows it in the notes box.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import interviewing as iv
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from tests.core.interview_fixtures import make_candidate, make_set

REPO = Path(__file__).resolve().parents[2]
CAP = 4096  # one database page: no WAL frame fits (see above), a small journal does
TEXT = ("Zoë reasoned about the cache first — then the eviction policy, 3 trade-offs, "
        "and said S3 was \"fine\"; typed on a full disk.")


def _notes(db: Path) -> str:
    with sqlite3.connect(db) as conn:  # reads the WAL the first process left, as SQLite does
        return conn.execute("SELECT notes FROM annotations WHERE position = 0").fetchone()[0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE and SIGXFSZ are POSIX")
def test_quit_on_a_full_disk_keeps_every_character_for_the_next_start(db_path):
    save_preferences(Preferences(interviewer_name="Rita"))  # the drivers share this user folder
    store = Store(str(db_path))
    with store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        interview_id = interview.id
    store.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}

    typed = subprocess.run([sys.executable, "-m", "tests.ui.full_disk_driver", "type", str(db_path),
                            str(interview_id), str(CAP), TEXT], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120)
    out = typed.stdout
    assert typed.returncode == 0, out + typed.stderr
    said = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert said["capped"] == str(CAP)
    assert said["asked"].startswith("Not saved:") and "kept on disk" in said["asked"], out
    assert "UPDATE" not in said["asked"] and "SQL" not in said["asked"], out  # plain words
    assert {"Retry", "Keep for Later and Quit"} <= set(said["buttons"].split("|")), out
    assert 0 < int(said["journal"]) < CAP, out  # the journal had room, and holds the notes
    assert said["closed"] == "False", out  # it quit: not silently, not stuck
    assert TEXT not in _notes(db_path)  # the database really never got it

    reopened = subprocess.run([sys.executable, "-m", "tests.ui.full_disk_driver", "reopen", str(db_path)],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert reopened.returncode == 0, reopened.stdout + reopened.stderr
    said = dict(line.split(" ", 1) for line in reopened.stdout.splitlines() if " " in line)
    assert json.loads(said["notes"]) == TEXT  # every character, in the box where it was typed
    assert said["page"] == "Interview"
    assert _notes(db_path) == TEXT  # and in the database
