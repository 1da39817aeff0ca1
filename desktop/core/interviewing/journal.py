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
acknowledged as written, and the batch before it is whole), and the next session starts its
first line on a line of its own. A line a full disk cut short is cut off again before the error
is raised. While the database stays unwritable the view appends every unsaved change again with
each batch and retry; past `COMPACT_BYTES` the file is rewritten (aside, then renamed over it)
to one line holding the newest value of each field, so it stays small however long the lock.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from desktop.core.interviewing.autosave import PendingChanges, save_pending
from desktop.core.storage.files import sync_folder

SUFFIX = ".journal"


def journal_path(folder: Path, interview_id: int) -> Path:
    return Path(folder) / f"interview-{int(interview_id)}{SUFFIX}"


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: bytes as written, no newline translation
COMPACT_BYTES = 256 * 1024  # past this size the journal is rewritten to the latest state


@dataclass
class Journal:
    path: Path
    interview_id: int
    compact_bytes: int = COMPACT_BYTES
    _next_seq: int = 1
    _fd: int | None = field(default=None, repr=False)

    @classmethod
    def open(cls, folder: Path, interview_id: int) -> Journal:
        path = journal_path(folder, interview_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        journal = cls(path, interview_id)
        seqs = [entry.get("seq", 0) for entry in _entries(path)]
        journal._next_seq = max(seqs, default=0) + 1
        return journal

    def _handle(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | _BINARY, 0o600)
            size = os.fstat(self._fd).st_size
            if size and _last_byte(self._fd, size) != b"\n":
                _write_all(self._fd, b"\n")  # a line torn by a kill ends here, not in our next line
        return self._fd

    def _write(self, entry: dict) -> None:
        """One whole line, fsync-ed; a line cut short (a full disk) is taken back before raising."""
        fd = self._handle()
        start = os.fstat(fd).st_size
        try:
            _write_all(fd, _line(entry))
            os.fsync(fd)
        except OSError:
            try:
                os.ftruncate(fd, start)
            except OSError:
                pass  # at worst a torn last line: reading skips it
            raise

    def append(self, pending: PendingChanges) -> int:
        """Make a batch durable; returns its sequence number. Raises OSError (a full disk)."""
        seq = self._next_seq
        if not (self._size() >= self.compact_bytes and self._compact(pending, seq)):
            self._write(_batch(seq, pending))
        self._next_seq += 1
        return seq

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _compact(self, pending: PendingChanges, seq: int) -> bool:
        """Rewrite the journal as one line: every unsaved change, the newest value of each field
        (during a long lock each retry appends them all again). Written aside, then renamed over
        it, so a kill leaves the old file or the new one. False if it could not be written."""
        merged = unsaved(self.path, self.interview_id)
        for position, fields in pending.annotations.items():
            merged.annotation(position, **fields)
        merged.set_progress(**pending.progress)
        aside = self.path.with_name(self.path.name + ".compact")
        try:
            fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o600)
            try:
                _write_all(fd, _line(_batch(seq, merged)))
                os.fsync(fd)
            finally:
                os.close(fd)
            self.close()  # (Windows renames over no open file); the next write opens the new one
            os.replace(aside, self.path)
        except OSError:
            aside.unlink(missing_ok=True)
            return False  # no room even for that: append as usual (which may fail in turn)
        sync_folder(self.path.parent)
        return True

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
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _batch(seq: int, pending: PendingChanges) -> dict:
    return {"seq": seq, "annotations": {str(p): f for p, f in pending.annotations.items()},
            "progress": pending.progress}


def _line(entry: dict) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _last_byte(fd: int, size: int) -> bytes:
    os.lseek(fd, size - 1, os.SEEK_SET)  # (reading only: O_APPEND writes go to the end anyway)
    return os.read(fd, 1)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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
