"""What a person reads when an operation fails: the core's own words, or one generic line."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.core.bank.files import BankError, Problem
from desktop.core.failures import BANK_ERROR, PLAIN_ERRORS, UNEXPECTED, explain
from desktop.core.paper.common import ExportError
from desktop.core.progress import Cancelled, Progress


@pytest.mark.parametrize("name", [*PLAIN_ERRORS, BANK_ERROR])
def test_every_named_error_is_a_real_exception_class(name):
    module, _, cls = name.rpartition(".")
    assert issubclass(getattr(importlib.import_module(module), cls), Exception)  # a rename breaks this


def test_the_cores_own_messages_are_shown_as_they_are():
    assert explain(ExportError("no candidate with id 4242")).message == "no candidate with id 4242"
    assert explain(Cancelled()).expected


def test_a_bank_with_problems_lists_them_as_details():
    one = Problem("bank.yaml", 3, "a prompt is required", "question my-001")
    two = Problem("bank.yaml", 9, "unknown difficulty 'legendary'", "question my-002")
    assert explain(BankError([one])).message == "bank.yaml:3: question my-001: a prompt is required"
    both = explain(BankError([one, two]))
    assert both.message == "The question files have 2 problems; fix them and try again."
    assert both.details.splitlines() == [str(one), str(two)]


def test_file_errors_say_which_file_and_why(tmp_path):
    missing = tmp_path / "nope" / "bank.yaml"
    with pytest.raises(OSError) as raised:
        missing.read_text()
    assert explain(raised.value).message == f"{missing}: no such file or folder"
    assert explain(PermissionError(13, "Permission denied", "/x.pdf")).message == "/x.pdf: permission denied"


def test_database_errors_never_show_sql():
    locked = OperationalError("UPDATE interviews SET notes = ?", ("n",), Exception("database is locked"))
    assert "UPDATE" not in explain(locked).message and "busy" in explain(locked).message
    broken = IntegrityError("INSERT INTO questions (id) VALUES (?)", ("q",), Exception("UNIQUE constraint failed"))
    assert explain(broken).message == UNEXPECTED and not explain(broken).expected


def test_anything_else_is_one_generic_line():
    assert explain(KeyError("prompt")).message == UNEXPECTED
    assert not explain(KeyError("prompt")).expected


def test_progress_with_nobody_listening_is_fine_and_cancel_is_seen():
    progress = Progress()
    progress.report(1, 2, "half way")
    assert not progress.cancelled
    progress.check_cancelled()
    progress.cancel()
    with pytest.raises(Cancelled):
        progress.check_cancelled()


def test_a_failed_autosave_says_why_in_plain_words_and_never_shows_sql_or_notes():
    import errno
    import sqlite3

    from desktop.core.failures import not_saved_message

    locked = OperationalError("UPDATE annotations SET notes=?", ("secret notes",), sqlite3.OperationalError("database is locked"))
    full = OperationalError("UPDATE annotations SET notes=?", ("secret notes",),
                            sqlite3.OperationalError("database or disk is full"))
    io = OperationalError("UPDATE annotations SET notes=?", ("secret notes",), sqlite3.OperationalError("disk I/O error"))
    for exc, reason in ((locked, "the database is busy (another program is writing)"), (full, "the disk is full"),
                        (io, "the disk could not be written (full, or failing)"),
                        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full")):
        kept = not_saved_message(exc, kept_on_disk=True)
        assert kept.startswith(f"Not saved: {reason} — your notes are kept on disk")
        assert "UPDATE" not in kept and "secret" not in kept
        assert "only in this window" in not_saved_message(exc, kept_on_disk=False)
