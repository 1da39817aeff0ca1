"""The builder's pool kept on disk between processes, for the database file exactly as it was read.

Reading 100,000 questions into plain records takes most of a command's second (SQLite reads
every row of a wide table, then Python makes the records), and grouping a role's questions a
fifth of one; reading both back from these files takes about a tenth. One file holds the pool,
one per role its grouping (positions in the role's sorted questions). The database stays the source of truth: the file holds the pool of one
state of the database file (its `file_stamp`), and any change to the database file (a write
checkpointed into it) makes a new stamp, so the pool is read from the database again. While
the write-ahead log holds changes there is no stamp, and no file is read or written.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from itertools import repeat
from pathlib import Path

from desktop.core.building.requests import PoolQuestion
from desktop.core.building.role_pool import RolePool
from desktop.core.storage import paths, sqlite_file


FORMAT = 2  # bump when what is written changes


def database_file(engine) -> Path | None:
    """The SQLite file behind `engine` (or a connection of it); None for an in-memory or a
    server database."""
    return sqlite_file.database_file(getattr(engine, "engine", engine).url)


def _pool_path(database: Path, role_id: str | None = None) -> Path:
    key = hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:16]
    if role_id is not None:  # a role's grouping, beside its pool
        key += "-" + hashlib.sha256(role_id.encode()).hexdigest()[:16]
    return paths.user_data_dir() / "pools" / f"{key}.marshal"


def facts_path(database: Path) -> Path:
    """Beside the pool: what the command line's quick build-loop keeps for the same state."""
    return _pool_path(database).with_suffix(".facts")


def stamp_of(database: Path | None) -> str | None:
    return sqlite_file.file_stamp(database) if database is not None else None


def read(database: Path, stamp: str):
    """(by_id, twins) as written for `stamp`, or None."""
    try:
        data = marshal.loads(_pool_path(database).read_bytes())
        if not isinstance(data, tuple) or len(data) != 11 or data[:2] != (FORMAT, stamp):
            return None
        _, _, ids, difficulties, kinds, minutes, topic_sets, topic_of, competency_sets, competency_of, twins = data
        rows = zip(ids, difficulties, kinds, minutes, map(topic_sets.__getitem__, topic_of),
                   map(competency_sets.__getitem__, competency_of))
        return (dict(zip(ids, map(tuple.__new__, repeat(PoolQuestion), rows))),
                {qid: frozenset(others) for qid, others in twins})
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


def write(database: Path, stamp: str, by_id: dict[str, PoolQuestion], twins: dict[str, frozenset[str]]) -> None:
    """Keep the pool for `stamp`; a failure only means the next process reads the database."""
    questions = list(by_id.values())
    # A bank has a few hundred topic and competency lists: each kept once (and made once on reading).
    topic_sets = list(dict.fromkeys(q.topics for q in questions))
    competency_sets = list(dict.fromkeys(q.competencies for q in questions))
    topic_index = {t: i for i, t in enumerate(topic_sets)}
    competency_index = {c: i for i, c in enumerate(competency_sets)}
    _write(_pool_path(database), (
        FORMAT, stamp, [q.id for q in questions], [q.difficulty for q in questions],
        [q.kind for q in questions], [q.minutes for q in questions], topic_sets,
        [topic_index[q.topics] for q in questions], competency_sets,
        [competency_index[q.competencies] for q in questions],
        [(qid, sorted(others)) for qid, others in twins.items()]))


def read_role(kept_as: tuple[Path, str], role_id: str,
              by_id: dict[str, PoolQuestion] | None = None) -> RolePool | None:
    """A role's grouping (`RolePool`) kept for the pool `kept_as` (its file and stamp), or None.
    Its questions are `by_id`'s when given, else made from the role's file alone."""
    kept = _read_role(kept_as, role_id, by_id)
    return kept[0] if kept is not None else None


def read_role_alone(kept_as: tuple[Path, str], role_id: str) -> tuple[RolePool, dict[str, frozenset[str]]] | None:
    """The role's grouping and the bank's twins, from the role's file alone (not the whole pool's)."""
    return _read_role(kept_as, role_id, None)


def _read_role(kept_as, role_id, by_id):
    database, stamp = kept_as
    try:
        data = marshal.loads(_pool_path(database, role_id).read_bytes())
        if not isinstance(data, tuple) or len(data) != 16 or data[:3] != (FORMAT, stamp, role_id):
            return None
        (_, _, _, ids, buckets, minutes, technical, by_competency, difficulties, kinds, question_minutes,
         topic_sets, topic_of, competency_sets, competency_of, twins) = data
        if by_id is not None:
            questions = list(map(by_id.__getitem__, ids))
        else:
            rows = zip(ids, difficulties, kinds, question_minutes, map(topic_sets.__getitem__, topic_of),
                       map(competency_sets.__getitem__, competency_of))
            questions = list(map(tuple.__new__, repeat(PoolQuestion), rows))
        pick = questions.__getitem__
        pool = RolePool(role_id, questions, {key: list(map(pick, at)) for key, at in buckets}, dict(minutes),
                        frozenset(technical), {key: list(map(pick, at)) for key, at in by_competency})
        return pool, {qid: frozenset(others) for qid, others in twins}
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None


def write_role(kept_as: tuple[Path, str], pool: RolePool, twins: dict[str, frozenset[str]]) -> None:
    """Keep a role's grouping with the pool `kept_as`, as positions in its sorted questions, and
    with the questions themselves and the bank's twins (a few hundred), so that a build reads
    this file alone."""
    database, stamp = kept_as
    questions = pool.questions
    at = {q.id: i for i, q in enumerate(questions)}

    def positions(groups: dict) -> list:
        return [(key, [at[q.id] for q in group]) for key, group in groups.items()]

    topic_sets = list(dict.fromkeys(q.topics for q in questions))
    competency_sets = list(dict.fromkeys(q.competencies for q in questions))
    topic_index = {t: i for i, t in enumerate(topic_sets)}
    competency_index = {c: i for i, c in enumerate(competency_sets)}
    _write(_pool_path(database, pool.role_id),
           (FORMAT, stamp, pool.role_id, [q.id for q in questions], positions(pool.buckets),
            list(pool.minutes.items()), sorted(pool.technical_topics), positions(pool.by_competency),
            [q.difficulty for q in questions], [q.kind for q in questions], [q.minutes for q in questions],
            topic_sets, [topic_index[q.topics] for q in questions], competency_sets,
            [competency_index[q.competencies] for q in questions],
            [(qid, sorted(others)) for qid, others in twins.items()]))


def _write(path: Path, data: tuple) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as out:
            marshal.dump(data, out)
        os.replace(tmp, path)
    except OSError:
        pass  # the next process reads the database (or groups the role) again
