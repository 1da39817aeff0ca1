"""The database file survives what happens to real files: a kill in the middle of an upgrade,
changes still in the write-ahead log at backup time, a damaged page, an emptied file."""

from __future__ import annotations

import importlib
import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.core.bank.files import load_bank
from desktop.core.storage.store import (
    SCHEMA_HEAD,
    DatabaseDamaged,
    DatabaseEmpty,
    DatabaseReadOnly,
    Store,
    StoreError,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
BANK_DIR = REPO_ROOT / "question_bank"
OLD_QUESTIONS = 2000


def add_old_schema_questions(path: Path, count: int) -> None:
    """`count` questions (the bundled bank's, repeated under new ids) in a database at revision
    0001, whose columns the models no longer match: written with plain SQL."""
    records = load_bank([BANK_DIR]).questions
    rows = [dict(id=f"{q.id}-{i}", prompt=q.prompt, difficulty=q.difficulty, kind=q.kind,
                 rubric=json.dumps(q.rubric), answer=q.answer, minutes=q.minutes)
            for i, q in ((i, records[i % len(records)]) for i in range(count))]
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO questions (id, prompt, difficulty, kind, rubric, answer, follow_ups, related, minutes,"
            " source, retired, user_edited, created_at, updated_at) VALUES (:id, :prompt, :difficulty, :kind,"
            " :rubric, :answer, '[]', '[]', :minutes, '', 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", rows)
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()


def database_at_0001(path: Path) -> Path:
    store = Store(str(path), upgrade=False)
    store.upgrade("0001")
    store.dispose()
    return path


@pytest.fixture(scope="module")
def large_old_database(tmp_path_factory) -> Path:
    path = database_at_0001(tmp_path_factory.mktemp("old") / "desk.db")
    add_old_schema_questions(path, OLD_QUESTIONS)
    return path


def question_count(store: Store) -> int:
    with store.session() as s:
        return s.execute(text("SELECT count(*) FROM questions")).scalar()


# -- a kill during an upgrade ------------------------------------------------------------------

# Runs in the child: opens the database and upgrades it, SIGKILLed by a timer `delay` seconds
# after the upgrade starts (never, when negative). Prints how long the upgrade took.
UPGRADE_CHILD = """
import os, signal, sys, threading, time
from desktop.core.storage.store import Store
store = Store(sys.argv[1], upgrade=False)
delay = float(sys.argv[2])
started = time.monotonic()
if delay >= 0:
    threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
store.upgrade()
print(time.monotonic() - started, flush=True)
os._exit(0)
"""


def run_upgrade(path: Path, delay: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-c", UPGRADE_CHILD, str(path), str(delay)], env=env, check=False,
                          capture_output=True, text=True, timeout=120)


def test_an_upgrade_killed_at_any_moment_leaves_a_database_that_opens(large_old_database, tmp_path):
    """SIGKILL at moments spread over a whole upgrade from 0001 (backup, the search index
    build, the later revisions): after each, the database opens, upgrades to the newest
    revision and holds every question."""
    measured = tmp_path / "measured.db"
    shutil.copy(large_old_database, measured)
    finished = run_upgrade(measured, -1)
    assert finished.returncode == 0, finished.stderr
    duration = float(finished.stdout.split()[-1])

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    rounds = 10
    killed = 0
    for i in range(rounds):
        delay = duration * (i + rng.random()) / rounds
        for _attempt in range(3):  # an upgrade faster than the one measured: kill it earlier
            path = tmp_path / "killed.db"
            for leftover in tmp_path.glob("killed.db*"):
                leftover.unlink()
            shutil.copy(large_old_database, path)
            if run_upgrade(path, delay).returncode == -9:
                killed += 1
                break
            delay *= 0.7
        try:
            store = Store(str(path))
        except StoreError as exc:
            pytest.fail(f"killed {delay:.3f} s into a {duration:.3f} s upgrade (seed {seed}): {exc}")
        assert store.current_revision() == SCHEMA_HEAD
        assert question_count(store) == OLD_QUESTIONS
        store.dispose()
    assert killed >= 10, f"only {killed} of {rounds} upgrades were killed before they finished (seed {seed})"


def test_a_database_left_half_upgraded_by_an_earlier_version_opens(tmp_path):
    """Databases that an earlier version left at 0001 with part of the search index built (the
    kill above, before upgrades were one transaction) open and upgrade."""
    path = database_at_0001(tmp_path / "half.db")
    add_old_schema_questions(path, 20)
    search_index = importlib.import_module("desktop.core.storage.migrations.versions.0002_search_fts")
    with sqlite3.connect(path) as conn:
        conn.execute(search_index.SOURCE_VIEW)
        conn.execute(search_index.FTS_TABLE)
        name, (when, body) = next(iter(search_index.TRIGGERS.items()))
        conn.execute(search_index._trigger(name, when, body))
    store = Store(str(path))
    assert store.current_revision() == SCHEMA_HEAD and question_count(store) == 20
    with store.session() as s:
        indexed = s.execute(text("SELECT count(*) FROM question_fts WHERE question_fts MATCH 'a*'")).scalar()
    assert indexed > 0
    store.dispose()


# -- backups before an upgrade -----------------------------------------------------------------


def test_the_backup_before_an_upgrade_holds_changes_still_in_the_log(tmp_path):
    path = database_at_0001(tmp_path / "desk.db")
    writer = sqlite3.connect(path)  # stays open, so its changes stay in the -wal file
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO app_meta (key, value) VALUES ('written', 'just now')")
    writer.commit()
    shutil.copy(path, tmp_path / "main-file-only.db")
    with sqlite3.connect(tmp_path / "main-file-only.db") as conn:  # the change is in the log only
        assert conn.execute("SELECT count(*) FROM app_meta WHERE key = 'written'").fetchone() == (0,)

    Store(str(path)).dispose()
    writer.close()
    with sqlite3.connect(tmp_path / "desk.db.bak-0001") as backup:
        assert backup.execute("SELECT value FROM app_meta WHERE key = 'written'").fetchone() == ("just now",)
    assert (tmp_path / "desk.db.bak-0001").stat().st_mode & 0o077 == 0


def test_a_failed_upgrade_names_the_backup_and_changes_nothing(tmp_path):
    path = database_at_0001(tmp_path / "desk.db")
    add_old_schema_questions(path, 5)
    with sqlite3.connect(path) as conn:  # revision 0004 creates this table: its upgrade fails
        conn.execute("CREATE TABLE competencies (id TEXT)")
    with pytest.raises(StoreError) as failed:
        Store(str(path))
    assert str(tmp_path / "desk.db.bak-0001") in str(failed.value)
    assert "\n" not in str(failed.value)
    store = Store(str(path), upgrade=False)
    assert store.current_revision() == "0001"  # revisions 0002 and 0003 were undone with it
    assert "question_fts" not in store.table_names()
    store.dispose()


# -- a damaged or emptied file -----------------------------------------------------------------


def damage_page(path: Path, page: int) -> None:
    with open(path, "r+b") as f:
        f.seek(4096 * page)
        f.write(random.Random(page).randbytes(4096))


def test_a_damaged_database_is_reported_in_one_line_with_the_last_backup(large_old_database, tmp_path):
    path = tmp_path / "desk.db"
    shutil.copy(large_old_database, path)
    Store(str(path)).dispose()  # upgraded: desk.db.bak-0001 is its last backup
    damage_page(path, 40)
    with pytest.raises(DatabaseDamaged) as found:
        Store(str(path))
    message = str(found.value)
    assert "damaged" in message and str(tmp_path / "desk.db.bak-0001") in message
    assert "\n" not in message and "SELECT" not in message and "PRAGMA" not in message


def test_a_database_whose_first_page_is_garbage_is_reported_as_damaged(tmp_path):
    path = database_at_0001(tmp_path / "desk.db")
    damage_page(path, 0)
    with pytest.raises(DatabaseDamaged, match="damaged.*no backup"):
        Store(str(path))


def test_the_cli_says_a_damaged_database_is_damaged_in_one_line(tmp_path, capsys):
    from desktop.core.cli import main

    path = tmp_path / "desk.db"
    Store(str(path)).dispose()
    damage_page(path, 0)
    assert main(["--db", str(path), "list", "roles"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path} is damaged (" in err and "no backup" in err


def test_an_emptied_database_is_reported_not_started_afresh(tmp_path):
    path = tmp_path / "desk.db"
    path.touch()
    with pytest.raises(DatabaseEmpty, match="empty"):
        Store(str(path))
    assert path.stat().st_size == 0  # nothing was written over what the user may recover


def test_a_new_database_file_is_created_and_opens_again(tmp_path):
    path = tmp_path / "new" / "desk.db"
    Store(str(path)).dispose()
    store = Store(str(path))
    assert store.current_revision() == SCHEMA_HEAD and not store.read_only
    store.dispose()


# -- a database the user locked ----------------------------------------------------------------


@pytest.fixture
def locked(db_path):
    """The bundled bank's database, made read-only by its owner (chmod 0444)."""
    os.chmod(db_path, 0o444)
    yield db_path
    os.chmod(db_path, 0o600)


def test_a_locked_database_opens_read_only_and_stays_locked(locked):
    store = Store(str(locked))
    assert store.read_only and "read-only" in store.read_only_notice
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM questions")).scalar() > 0
    store.dispose()
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444  # never made writable behind the user's back


def test_writing_to_a_locked_database_raises_a_plain_error(locked):
    from desktop.core.storage.models import Candidate

    store = Store(str(locked))
    with pytest.raises(DatabaseReadOnly) as refused:
        with store.transaction() as s:
            s.add(Candidate(name="Priya Raman"))
    assert "read-only" in str(refused.value) and "INSERT" not in str(refused.value)
    store.dispose()


def test_a_database_in_a_locked_folder_opens_read_only(db_path):
    os.chmod(db_path.parent, 0o555)
    try:
        store = Store(str(db_path))
        assert store.read_only
        store.dispose()
    finally:
        os.chmod(db_path.parent, 0o755)


def test_a_locked_database_that_needs_an_upgrade_says_so(tmp_path):
    path = database_at_0001(tmp_path / "old.db")
    os.chmod(path, 0o444)
    with pytest.raises(DatabaseReadOnly, match="read-only and needs an upgrade"):
        Store(str(path))
    assert Store(str(path), upgrade=False).current_revision() == "0001"


def test_the_cli_reads_a_locked_database_and_says_so_once(locked, capsys):
    from desktop.core.cli import main

    assert main(["--db", str(locked), "list", "roles"]) == 0
    out, err = capsys.readouterr()
    assert out.strip()  # the roles are listed
    assert err.count("\n") == 1 and "read-only" in err


def test_the_cli_refuses_a_change_to_a_locked_database_in_one_line(locked, capsys):
    from desktop.core.cli import main

    assert main(["--db", str(locked), "demo"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "read-only" in err[1] and "Traceback" not in err[1]
