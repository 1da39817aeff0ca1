"""The files the app writes besides its database: preferences, exported PDFs, and the database
URL wherever it is shown."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.paper import ExportError, clean_partial_exports, write_pdf
from desktop.core.storage.preferences import Preferences, load_preferences, save_preferences
from desktop.core.storage.store import Store, StoreError
from desktop.core.storage.urls import redacted_url

REPO_ROOT = Path(__file__).resolve().parents[2]


# -- preferences -------------------------------------------------------------------------------


def test_preferences_are_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text("{}", encoding="utf-8")
    os.chmod(path, 0o644)  # as an earlier version left it
    save_preferences(Preferences(interviewer_name="Ada Lovelace"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_preferences(path).interviewer_name == "Ada Lovelace"


def test_a_failed_save_keeps_the_old_preferences_and_leaves_nothing_behind(tmp_path, monkeypatch):
    path = tmp_path / "preferences.json"
    save_preferences(Preferences(interviewer_name="Ada Lovelace"), path)

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        save_preferences(Preferences(interviewer_name="Grace Hopper"), path)
    monkeypatch.undo()
    assert load_preferences(path).interviewer_name == "Ada Lovelace"
    assert [p.name for p in tmp_path.iterdir()] == ["preferences.json"]


# -- exported PDFs -----------------------------------------------------------------------------

PDF = b"%PDF-1.4 Scorecard for Priya Raman\n"


def partial_exports(folder: Path) -> list[Path]:
    return sorted(folder.glob(".export-*"))


def test_an_export_interrupted_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    def interrupted(*_args):
        raise KeyboardInterrupt  # Ctrl+C in the CLI, or any failure that is not an OSError

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_pdf(tmp_path / "Scorecard - Priya Raman.pdf", PDF)
    assert list(tmp_path.iterdir()) == []


def test_an_export_that_cannot_be_written_leaves_no_partial_file(tmp_path, monkeypatch):
    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportError, match="No space left"):
        write_pdf(tmp_path / "Scorecard - Priya Raman.pdf", PDF)
    assert list(tmp_path.iterdir()) == []


# Runs in the child: an export killed after the PDF is written, before it is renamed.
KILLED_EXPORT = """
import os, signal, sys
from desktop.core.paper import write_pdf
rename = os.replace
os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL) if str(b).endswith(".pdf") else rename(a, b)
write_pdf(sys.argv[1], b"%PDF-1.4 Scorecard for Priya Raman")
"""


def killed_export(path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    run = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(path)], env=env, check=False,
                         capture_output=True, timeout=60)
    assert run.returncode == -9, run.stderr


def test_the_next_start_removes_what_a_killed_export_left(tmp_path, db_path):
    from desktop.core.cli import main

    folder = tmp_path / "exports"
    killed_export(folder / "Scorecard - Priya Raman.pdf")
    assert len(partial_exports(folder)) == 1  # named after nobody, but it holds the candidate's scorecard
    assert main(["--db", str(db_path), "list", "roles"]) == 0  # any start of the CLI (or the app)
    assert partial_exports(folder) == []


def test_cleaning_a_folder_removes_only_partial_exports(tmp_path):
    killed_export(tmp_path / "Scorecard.pdf")
    (tmp_path / "Debrief.pdf").write_bytes(PDF)
    (tmp_path / ".export-notes.txt").write_text("mine")
    removed = clean_partial_exports(tmp_path)
    assert len(removed) == 1 and removed[0].suffix == ".pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".export-notes.txt", "Debrief.pdf"]


# -- database URLs -----------------------------------------------------------------------------


def test_urls_are_shown_without_their_password():
    assert redacted_url("postgresql://team:s3cret@db.example/desk") == "postgresql://team:***@db.example/desk"
    assert "s3cret" not in redacted_url("postgresql://team@db.example/desk?password=s3cret")
    assert "s3cret" not in redacted_url("postgresql://team:s3cret@db.example:port/desk")  # not even parseable
    assert redacted_url("sqlite:////home/ada/desk.db") == "sqlite:////home/ada/desk.db"


@pytest.mark.parametrize("url", [
    "postgresql://team:s3cret@127.0.0.1:9/desk",  # nothing listens on port 9
    "postgresql://team:s3cret@db.example:port/desk",  # not a URL SQLAlchemy can read
])
def test_a_database_that_cannot_be_opened_is_named_without_its_password(url):
    with pytest.raises(StoreError) as failed:
        Store(url)
    assert "s3cret" not in str(failed.value) and "team" in str(failed.value)


def test_the_cli_names_a_database_without_its_password(capsys):
    from desktop.core.cli import main

    assert main(["--db", "postgresql://team:s3cret@127.0.0.1:9/desk", "list", "roles"]) == 1
    err = capsys.readouterr().err
    assert "s3cret" not in err and "team:***@" in err and err.count("\n") == 1
