"""A live interview's keystroke journal: every change on disk before the database has it.

The live view writes each batch of changes here (one JSON line, flushed and fsync-ed) and only
then to the database; once the database has a batch, a `saved` line says so. Whatever the
database did not get (a full disk, a lock held by another process, a crash, a kill) is still in
the journal and is replayed into the database at the next start, or as soon as it can be
written again. The file is private to the user (0600) and removed once everything in it is saved.

    journal = Journal.open(folder, interview_id)
    seq = journal.append(pending)          # durable from here on
    save_pending(store, pending)           # may fail: the journal keeps it
    journal.mark_saved(seq)

A kill in the middle of a line leaves a torn last line; reading skips it (it was never
acknowledged as written, and the batch before it is whole).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from desktop.core.interviewing.autosave import PendingChanges, save_pending

SUFFIX = ".journal"


def journal_path(folder: Path, interview_id: int) -> Path:
    return Path(folder) / f"interview-{int(interview_id)}{SUFFIX}"


@dataclass
class Journal:
    path: Path
    interview_id: int
    _next_seq: int = 1
    _file: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, folder: Path, interview_id: int) -> Journal:
        path = journal_path(folder, interview_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        journal = cls(path, interview_id)
        seqs = [entry.get("seq", 0) for entry in _entries(path)]
        journal._next_seq = max(seqs, default=0) + 1
        return journal

    def _handle(self):
        if self._file is None:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._file = os.fdopen(fd, "a", encoding="utf-8")
        return self._file

    def _write(self, entry: dict) -> None:
        handle = self._handle()
        handle.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        handle.flush()
        os.fsync(handle.fileno())

    def append(self, pending: PendingChanges) -> int:
        """Make a batch durable; returns its sequence number. Raises OSError (a full disk)."""
        seq = self._next_seq
        self._write({"seq": seq, "annotations": {str(p): f for p, f in pending.annotations.items()},
                     "progress": pending.progress})
        self._next_seq += 1
        return seq

    @property
    def last_seq(self) -> int:
        """The newest batch appended (0: none)."""
        return self._next_seq - 1

    def mark_saved(self, seq: int) -> None:
        """The database has every batch up to `seq`; when that is all of them, the file goes."""
        if seq >= self._next_seq - 1:
            self.close()
            self.path.unlink(missing_ok=True)
            return
        try:
            self._write({"saved": seq})
        except OSError:
            pass  # replay would write the batch again: harmless, the last value wins

    def set_aside(self) -> Path:
        """Another window took the interview over: keep this journal (and what is appended from
        now on) under a name that is never replayed over that window's work. Returns the path."""
        self.close()
        aside = self.path.with_name(f"{self.path.stem}-{os.getpid()}-{id(self):x}.unsaved")
        try:
            self.path.rename(aside)
        except FileNotFoundError:
            pass  # everything was saved: the file was gone; appends start the new one
        self.path = aside
        return aside

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _entries(path: Path) -> Iterator[dict]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line torn by a kill: it was never acknowledged
        if isinstance(entry, dict):
            yield entry


def unsaved(path: Path, interview_id: int) -> PendingChanges:
    """Every change in the journal the database has not acknowledged, merged in order."""
    pending = PendingChanges(interview_id)
    saved = 0
    batches = []
    for entry in _entries(path):
        if "saved" in entry:
            saved = max(saved, int(entry["saved"]))
        elif "seq" in entry:
            batches.append(entry)
    for entry in batches:
        if int(entry["seq"]) <= saved:
            continue
        for position, fields in (entry.get("annotations") or {}).items():
            pending.annotation(int(position), **fields)
        pending.set_progress(**(entry.get("progress") or {}))
    return pending


@dataclass
class ReplayReport:
    replayed: list[int] = field(default_factory=list)  # interviews whose unsaved changes were saved
    failed: dict[int, str] = field(default_factory=dict)  # interview -> why (the journal is kept)


def replay_journals(store, folder: Path) -> ReplayReport:
    """Write what the journals in `folder` hold and the database lacks; remove each journal the
    database then has in full. A journal whose interview was sealed meanwhile is set aside
    (renamed `.unsaved`), never applied over the seal."""
    from desktop.core.interviewing.fields import InterviewError

    report = ReplayReport()
    for path in sorted(Path(folder).glob(f"interview-*{SUFFIX}")):
        try:
            interview_id = int(path.stem.split("-", 1)[1])
        except ValueError:
            continue
        pending = unsaved(path, interview_id)
        if not pending:
            path.unlink(missing_ok=True)
            continue
        try:
            save_pending(store, pending)
        except InterviewError as exc:  # submitted since, or gone: keep the text, do not apply it
            path.rename(path.with_suffix(".unsaved"))
            report.failed[interview_id] = str(exc)
            continue
        except Exception as exc:  # the database still cannot be written: try again later
            report.failed[interview_id] = str(exc)
            continue
        path.unlink(missing_ok=True)
        report.replayed.append(interview_id)
    return report
