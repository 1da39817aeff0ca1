"""The builder's pool kept on disk between processes, for the database file exactly as it was read.

Reading 100,000 questions into plain records takes most of a command's second (SQLite reads
every row of a wide table, then Python makes the records); reading them back from this file
takes a few tens of ms. The database stays the source of truth: the file holds the pool of one
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
from desktop.core.storage import paths, sqlite_file

FORMAT = 1  # bump when what is written changes


def database_file(engine) -> Path | None:
    """The SQLite file behind `engine`; None for an in-memory or a server database."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or "mode=memory" in str(url):
        return None
    return Path(url.database)


def _pool_path(database: Path) -> Path:
    key = hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:16]
    return paths.user_data_dir() / "pools" / f"{key}.marshal"


def stamp_of(database: Path | None) -> str | None:
    return sqlite_file.file_stamp(database) if database is not None else None


def read(database: Path, stamp: str):
    """(by_id, twins, role ids) as written for `stamp`, or None."""
    try:
        data = marshal.loads(_pool_path(database).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, tuple) or len(data) != 12 or data[:2] != (FORMAT, stamp):
        return None
    _, _, ids, difficulties, kinds, minutes, topic_sets, topic_of, competency_sets, competency_of, twins, roles = data
    rows = zip(ids, difficulties, kinds, minutes, map(topic_sets.__getitem__, topic_of),
               map(competency_sets.__getitem__, competency_of))
    return (dict(zip(ids, map(tuple.__new__, repeat(PoolQuestion), rows))),
            {qid: frozenset(others) for qid, others in twins}, roles)


def write(database: Path, stamp: str, by_id: dict[str, PoolQuestion], twins: dict[str, frozenset[str]],
          role_ids: dict[str, list[str]]) -> None:
    """Keep the pool for `stamp`; a failure only means the next process reads the database."""
    questions = list(by_id.values())
    topic_sets = list(dict.fromkeys(q.topics for q in questions))
    competency_sets = list(dict.fromkeys(q.competencies for q in questions))
    topic_index = {t: i for i, t in enumerate(topic_sets)}
    competency_index = {c: i for i, c in enumerate(competency_sets)}
    data = (FORMAT, stamp, [q.id for q in questions], [q.difficulty for q in questions],
            [q.kind for q in questions], [q.minutes for q in questions], topic_sets,
            [topic_index[q.topics] for q in questions], competency_sets,
            [competency_index[q.competencies] for q in questions],
            [(qid, sorted(others)) for qid, others in twins.items()], role_ids)
    path = _pool_path(database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as out:
            marshal.dump(data, out)
        os.replace(tmp, path)
    except OSError:
        pass
