"""Erasing a candidate: a right-to-erasure request, or a candidate who withdrew.

`erase_candidate` is the one way, for the command line and the app alike. It deletes the
candidate, their interviews with every annotation and amendment, their decisions, the
keystroke journals of their interviews and any export left half-written; what remains is an
`Erasure` row saying when, by whom and how much, with nothing about who they were.

Loops and sets: a loop made for them (theirs, used by no one else) goes with its sets. A loop
or set someone else's interview still uses stays, but loses its link to them, and a name or
an early-opening reason that names them is anonymized. A saved set that never named them is
a reusable set of questions and stays.

On SQLite, deleted rows are not gone from the file: their bytes stay in free pages and the
WAL until overwritten. So the delete runs with `secure_delete` on (SQLite zeroes what it
frees), the file is then rebuilt by VACUUM (which also drops older copies of the rows left
by earlier edits), and the WAL is checkpointed and truncated. VACUUM keeps the rowids the
search index points at (checked; the index is rebuilt if it ever did not). On PostgreSQL the
rows are deleted; reclaiming the space is the server's (autovacuum).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop.core.interviewing.anonymize import anonymizer
from desktop.core.interviewing.journal import journal_path
from desktop.core.storage import paths
from desktop.core.storage.models import (
    Amendment,
    Annotation,
    Candidate,
    Decision,
    Erasure,
    Interview,
    InterviewSet,
    Loop,
    utcnow,
)
from desktop.core.storage.partial_files import clean_partial_exports

ERASED = "erased candidate"  # what a kept loop or set says where it named them


class ErasureError(ValueError):
    """The erasure cannot be done as asked: one clear line."""


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a candidate will remove: for the question "are you sure?"."""

    candidate_id: int
    name: str
    interviews: int
    submitted: int
    loops: int
    decisions: int

    def confirmed_by(self, typed: str) -> bool:
        """The person erasing typed the candidate's name (any case or spacing): they mean it."""
        return " ".join((typed or "").split()).casefold() == " ".join(self.name.split()).casefold() != ""

    @property
    def summary(self) -> str:
        parts = [f"{self.interviews} interview{'s' if self.interviews != 1 else ''}"
                 + (f" ({self.submitted} sealed)" if self.submitted else "")]
        if self.loops:
            parts.append(f"{self.loops} loop{'s' if self.loops != 1 else ''}")
        if self.decisions:
            parts.append(f"{self.decisions} decision{'s' if self.decisions != 1 else ''}")
        return ", ".join(parts)


@dataclass(frozen=True)
class ErasureReport:
    interviews: int
    loops_deleted: int
    loops_kept: int  # used by someone else's interview: kept, unlinked, renamed if it named them
    sets_deleted: int
    decisions: int
    files_removed: int
    erasure_id: int
    backups: tuple[Path, ...] = ()  # copies made before schema upgrades: they may still hold them


def erasure_plan(session: Session, candidate_id: int) -> ErasurePlan:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise ErasureError(f"no candidate with id {candidate_id}")
    statuses = list(session.scalars(select(Interview.status).where(Interview.candidate_id == candidate_id)))
    decisions = len(session.scalars(select(Decision.id).where(Decision.candidate_id == candidate_id)).all())
    return ErasurePlan(candidate.id, candidate.name, len(statuses), statuses.count("submitted"),
                       len(_their_loops(session, candidate_id)), decisions)


def _their_loops(session: Session, candidate_id: int) -> set[int]:
    ids = set(session.scalars(select(Loop.id).where(Loop.candidate_id == candidate_id)))
    return ids | set(session.scalars(select(Interview.loop_id).where(
        Interview.candidate_id == candidate_id, Interview.loop_id.is_not(None))))


def erase_candidate(store, candidate_id: int, *, by: str, now: datetime | None = None,
                    journals: Path | None = None) -> ErasureReport:
    """Erase the candidate and everything about them (see the module docstring).

    `by` is who erases, recorded; `journals` the folder of this database's keystroke journals
    (by default the one `paths.journals_dir` gives for the store)."""
    by = " ".join((by or "").split())
    if not by:
        raise ErasureError("say who erases the candidate (your name)")
    if getattr(store, "read_only", False):
        raise ErasureError(f"the database {store.display_url} is read-only: nothing can be erased")
    if store.is_sqlite:
        report, interview_ids = _erase_sqlite(store, candidate_id, by, now)
    else:
        with store.transaction() as session:
            report, interview_ids = _delete(session, candidate_id, by, now)
    folder = journals if journals is not None else paths.journals_dir(store.display_url)
    removed = _remove_journals(folder, interview_ids) + len(clean_partial_exports())
    return ErasureReport(report.interviews, report.loops_deleted, report.loops_kept, report.sets_deleted,
                         report.decisions, removed, report.erasure_id, _backups(store))


def _backups(store) -> tuple[Path, ...]:
    """The copies `Store.upgrade` made of the file before upgrading it. They are the user's
    way back from a failed upgrade, so they are not touched; the report names them."""
    if getattr(store, "path", None) is None:
        return ()
    return tuple(sorted(p for p in store.path.parent.glob(f"{store.path.name}.bak-*") if p.is_file()))


def _erase_sqlite(store, candidate_id: int, by: str, now: datetime | None) -> tuple[ErasureReport, list[int]]:
    """Delete with `secure_delete` on (a per-connection setting), then rebuild the file."""
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA secure_delete=ON")  # SQLite zeroes what the delete frees
        connection.commit()
        try:
            with Session(bind=connection) as session:
                done = _delete(session, candidate_id, by, now)
                session.commit()
        finally:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA secure_delete=OFF")
            connection.commit()
    _scrub_sqlite(store)
    return done


def _delete(session: Session, candidate_id: int, by: str, now: datetime | None) -> tuple[ErasureReport, list[int]]:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise ErasureError(f"no candidate with id {candidate_id}")
    hide = anonymizer(candidate.name, ERASED)
    interview_ids = list(session.scalars(select(Interview.id).where(Interview.candidate_id == candidate_id)))
    loop_ids = _their_loops(session, candidate_id)
    set_ids = set(session.scalars(select(Interview.set_id).where(Interview.candidate_id == candidate_id)))

    decisions = session.execute(delete(Decision).where(Decision.candidate_id == candidate_id)).rowcount
    if interview_ids:
        session.execute(delete(Amendment).where(Amendment.interview_id.in_(interview_ids)))
        session.execute(delete(Annotation).where(Annotation.interview_id.in_(interview_ids)))
        session.execute(delete(Interview).where(Interview.id.in_(interview_ids)))

    loops_deleted = loops_kept = sets_deleted = 0
    kept: set[int] = set()
    for loop in session.scalars(select(Loop).where(Loop.id.in_(loop_ids))):
        loop_sets = [item.id for item in loop.sets]
        others = session.scalar(select(Interview.id).where(
            (Interview.loop_id == loop.id) | Interview.set_id.in_(loop_sets)).limit(1))
        if others is None and loop.candidate_id in (candidate_id, None):  # made for them: it goes
            for item in list(loop.sets):  # the ORM would unlink them, not delete them
                session.delete(item)
                sets_deleted += 1
            session.delete(loop)
            loops_deleted += 1
        else:
            if loop.candidate_id == candidate_id:
                loop.candidate_id = None
            loop.name = _free_name(session, Loop, hide(loop.name), loop.id)
            if loop.debrief_override_reason:
                loop.debrief_override_reason = hide(loop.debrief_override_reason)
            kept.add(loop.id)
            loops_kept += 1
    session.flush()
    # Sets that named them: one of a kept loop is renamed with it; any other goes if nobody
    # else uses it, else is renamed. A set that never named them is a set of questions: it stays.
    sets = select(InterviewSet).where(InterviewSet.id.in_(set_ids) | InterviewSet.loop_id.in_(kept))
    for item in session.scalars(sets):
        renamed = hide(item.name)
        focus = hide(item.focus or "")
        if renamed == item.name and focus == (item.focus or ""):
            continue
        unused = session.scalar(select(Interview.id).where(Interview.set_id == item.id).limit(1)) is None
        if unused and item.loop_id not in kept:
            session.delete(item)
            sets_deleted += 1
        else:
            item.name, item.focus = _free_name(session, InterviewSet, renamed, item.id), focus
    # A safety net before their row goes: no loop may still point at them.
    session.execute(update(Loop).where(Loop.candidate_id == candidate_id).values(candidate_id=None))
    session.delete(candidate)
    record = Erasure(erased_at=(now or utcnow()).replace(microsecond=0), erased_by=by,
                     interviews=len(interview_ids), loops=loops_deleted + loops_kept, decisions=decisions or 0)
    session.add(record)
    session.flush()
    return ErasureReport(len(interview_ids), loops_deleted, loops_kept, sets_deleted, decisions or 0, 0,
                         record.id), interview_ids


def _free_name(session: Session, model, name: str, own_id: int) -> str:
    """`name`, or `name (2)`, ... : loop and set names are unique."""
    candidate, n = name[:200], 1
    while session.scalar(select(model.id).where(model.name == candidate, model.id != own_id)) is not None:
        n += 1
        candidate = f"{name[:190]} ({n})"
    return candidate


def _scrub_sqlite(store) -> None:
    """Rebuild the file so no free page or old copy of a row holds what was erased, then empty
    the WAL. VACUUM must run outside a transaction."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        before = connection.exec_driver_sql("SELECT rowid, id FROM questions ORDER BY rowid").all()
        connection.exec_driver_sql("VACUUM")
        after = connection.exec_driver_sql("SELECT rowid, id FROM questions ORDER BY rowid").all()
        if before != after and _has_fts(connection):  # the search index points at rowids
            connection.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('rebuild')")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _has_fts(connection) -> bool:
    return connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'question_fts'").first() is not None


def _remove_journals(folder: Path, interview_ids: list[int]) -> int:
    removed = 0
    for interview_id in interview_ids:
        path = journal_path(folder, interview_id)
        for leftover in (path, path.with_suffix(".unsaved")):
            try:
                leftover.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError:
                pass  # cannot remove: the report's count says what went
    return removed
