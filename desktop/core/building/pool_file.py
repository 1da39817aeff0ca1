"""The builder's pool kept on disk between processes, for the database file exactly as it was read.

Reading 100,000 questions into plain records takes most of a command's second (SQLite reads
every row of a wide table, then Python makes the records), and grouping a role's questions a
fifth of one; reading both back from these files takes about a tenth. One file holds the pool,
one per role its grouping (positions in the role's sorted questions), and one per role its
questions themselves, for a build that reads only the role's files (cli/quick_loop.py). The
database stays the source of truth: the file holds the pool of one state of the database file (its `file_stamp`), and any change to the database file (a write
checkpointed into it) makes a new stamp, so the pool is read from the database again. While
the write-ahead log holds changes there is no stamp, and no file is read or written.
"""

from __future__ import annotations

import hashlib
import marshal
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from desktop.core.building.requests import PoolQuestion
from desktop.core.building.role_pool import RolePool
from desktop.core.storage import paths, sqlite_file
from desktop.core.storage.files import write_private_file


FORMAT = 2  # bump when what is written changes


def database_file(engine) -> Path | None:
    """The SQLite file behind `engine` (or a connection of it); None for an in-memory or a
    server database."""
    return sqlite_file.database_file(getattr(engine, "engine", engine).url)


def _pool_path(database: Path, role_id: str | None = None) -> Path:
    note = paths.note_for("pools", database)
    if role_id is not None:  # a role's grouping, beside its pool
        note = note.with_name(f"{note.name}-{hashlib.sha256(role_id.encode()).hexdigest()[:16]}")
    return note.with_suffix(".marshal")


def facts_path(database: Path) -> Path:
    """Beside the pool: what the command line's quick build-loop keeps for the same state."""
    return _pool_path(database).with_suffix(".facts")


_ID = itemgetter(0)


def _columns(questions: list[PoolQuestion]) -> list:
    """The questions as columns: ids, difficulties, kinds, minutes, then the topic lists and each
    question's index in them, the competency lists and each question's. A bank has a few hundred
    topic and competency lists: each is kept once (and made once on reading)."""
    ids, difficulties, kinds, minutes, topics, competencies = (list(map(itemgetter(i), questions)) for i in range(6))
    topic_sets, competency_sets = list(dict.fromkeys(topics)), list(dict.fromkeys(competencies))
    topic_index = {t: i for i, t in enumerate(topic_sets)}
    competency_index = {c: i for i, c in enumerate(competency_sets)}
    return [ids, difficulties, kinds, minutes, topic_sets, list(map(topic_index.__getitem__, topics)),
            competency_sets, list(map(competency_index.__getitem__, competencies))]


def _records(ids, difficulties, kinds, minutes, topic_sets, topic_of, competency_sets, competency_of):
    rows = zip(ids, difficulties, kinds, minutes, map(topic_sets.__getitem__, topic_of),
               map(competency_sets.__getitem__, competency_of))
    return map(tuple.__new__, repeat(PoolQuestion), rows)


def _twins(pairs) -> dict[str, frozenset[str]]:
    return {qid: frozenset(others) for qid, others in pairs}


def read(database: Path, stamp: str):
    """(by_id, twins) as written for `stamp`, or None."""
    try:
        data = marshal.loads(_pool_path(database).read_bytes())
        if not isinstance(data, tuple) or len(data) != 11 or data[:2] != (FORMAT, stamp):
            return None
        columns, twins = data[2:10], data[10]
        return dict(zip(columns[0], _records(*columns))), _twins(twins)
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


def write(database: Path, stamp: str, by_id: dict[str, PoolQuestion], twins: dict[str, frozenset[str]]) -> None:
    """Keep the pool for `stamp`; a failure only means the next process reads the database."""
    _write(_pool_path(database), (FORMAT, stamp, *_columns(list(by_id.values())),
                                  [(qid, sorted(others)) for qid, others in twins.items()]))


def _questions_path(database: Path, role_id: str) -> Path:
    return _pool_path(database, role_id).with_suffix(".questions")


def read_role(kept_as: tuple[Path, str], role_id: str, by_id: dict[str, PoolQuestion]) -> RolePool | None:
    """A role's grouping (`RolePool`) kept for the pool `kept_as` (its file and stamp), or None."""
    database, stamp = kept_as
    try:
        data = marshal.loads(_pool_path(database, role_id).read_bytes())
        if not isinstance(data, tuple) or len(data) != 8 or data[:3] != (FORMAT, stamp, role_id):
            return None
        return _grouped(role_id, list(map(by_id.__getitem__, data[3])), *data[4:])
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None


def read_role_alone(kept_as: tuple[Path, str], role_id: str) -> tuple[RolePool, dict[str, frozenset[str]]] | None:
    """The role's grouping and the bank's twins from the role's files alone, not the whole pool's
    (the command line's quick build-loop: a role's questions, not all 100,000)."""
    database, stamp = kept_as
    try:
        grouping = marshal.loads(_pool_path(database, role_id).read_bytes())
        kept = marshal.loads(_questions_path(database, role_id).read_bytes())
        if not (isinstance(grouping, tuple) and len(grouping) == 8 and grouping[:3] == (FORMAT, stamp, role_id)
                and isinstance(kept, tuple) and len(kept) == 11 and kept[:3] == (FORMAT, stamp, role_id)):
            return None
        questions = list(_records(grouping[3], *kept[3:10]))
        return _grouped(role_id, questions, *grouping[4:]), _twins(kept[10])
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None


def _grouped(role_id: str, questions: list[PoolQuestion], buckets, minutes, technical, by_competency) -> RolePool:
    pick = questions.__getitem__
    return RolePool(role_id, questions, {key: list(map(pick, at)) for key, at in buckets}, dict(minutes),
                    frozenset(technical), {key: list(map(pick, at)) for key, at in by_competency})


def write_role(kept_as: tuple[Path, str], pool: RolePool, twins: dict[str, frozenset[str]]) -> None:
    """Keep a role's grouping with the pool `kept_as`, as positions in its sorted questions; and
    beside it the questions themselves with the bank's twins (a few hundred), for a build that
    reads the role's files alone."""
    database, stamp = kept_as
    columns = _columns(pool.questions)
    at = {qid: i for i, qid in enumerate(columns[0])}.__getitem__

    def positions(groups: dict) -> list:
        return [(key, list(map(at, map(_ID, group)))) for key, group in groups.items()]

    _write(_pool_path(database, pool.role_id),
           (FORMAT, stamp, pool.role_id, columns[0], positions(pool.buckets), list(pool.minutes.items()),
            sorted(pool.technical_topics), positions(pool.by_competency)))
    _write(_questions_path(database, pool.role_id),
           (FORMAT, stamp, pool.role_id, *columns[1:], [(qid, sorted(others)) for qid, others in twins.items()]))


def _write(path: Path, data: tuple) -> None:
    try:
        write_private_file(path, marshal.dumps(data), durable=False)
    except OSError:
        pass  # the next process reads the database (or groups the role) again
