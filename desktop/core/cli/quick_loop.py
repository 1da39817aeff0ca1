"""build-loop on a SQLite file unchanged since a command last built from it, without SQLAlchemy.

Starting SQLAlchemy and the models costs a command more than building the loop (a third of a
second). While the database file is exactly as a command last read it (its `file_stamp`, the
rule the builder's pool files keep), everything but the questions' use and text is known from
files kept for that state: the role's pool (`pool_file.read_role_alone`) and these facts, the
roles, topic and competency names (`remember_facts`, written by the ordinary path). The use of
the questions (least used first) and the chosen questions' text are read from the database, as
always, with plain sqlite3; the same builder builds the loop.

Anything else (another database, a file being written, not checked, locked or at another
schema, a bundled bank to sync, journals to replay, a name that is not an exact id, --save,
--candidate, history): None, and the command takes its ordinary path.
"""

from __future__ import annotations

import argparse
import json
import marshal
import sqlite3
from contextlib import closing
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from desktop.core.bank import bundled
from desktop.core.bank.name_key import name_key
from desktop.core.bank.question_json import question_to_dict
from desktop.core.building import pool_file
from desktop.core.storage import paths, sqlite_file
from desktop.core.storage.files import write_private_file
from desktop.core.storage.schema import SCHEMA_HEAD
from desktop.core.storage.vocabulary import LEVELS

FORMAT = 2  # bump when what `remember_facts` writes changes


# What RoleSpec.from_row reads of a role: kept as the row has them, made a RoleSpec when used.
_ROLE_COLUMNS = ("topic_weights", "levels", "min_behavioral", "default_minutes", "competencies")


# -- what the ordinary path keeps ---------------------------------------------------------------


def facts_of(session) -> tuple:
    """The roles, topic and competency names, as the ordinary path reads them (in `session`)."""
    from sqlalchemy import select

    from desktop.core.bank.catalog import topic_names
    from desktop.core.storage.models import Competency, Role

    roles = {row.id: {column: getattr(row, column) for column in _ROLE_COLUMNS}
             for row in session.scalars(select(Role))}
    competencies = dict(session.execute(select(Competency.id, Competency.name)).all())
    return SCHEMA_HEAD, roles, topic_names(session), competencies


def remember_facts(database: Path | None, stamp: str | None, facts: tuple) -> None:
    """Keep `facts` for the database file as `stamp` (taken before they were read) says, when
    the file is still so."""
    if database is None or stamp is None or sqlite_file.file_stamp(database) != stamp:
        return
    try:
        write_private_file(pool_file.facts_path(database), marshal.dumps((FORMAT, stamp, *facts)), durable=False)
    except (OSError, ValueError):
        pass  # the next command takes the ordinary path again


def _facts(database: Path, stamp: str) -> tuple | None:
    try:
        data = marshal.loads(pool_file.facts_path(database).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, tuple) or len(data) != 6 or data[:2] != (FORMAT, stamp):
        return None
    return data[2:]


# -- the quick path -----------------------------------------------------------------------------


def database_file(db: str | None) -> Path | None:
    """The SQLite file the Store opens for `--db` (paths.database_url), when its URL is a plain
    path; None for a server, an in-memory database, or a URL with options or escapes."""
    url = paths.database_url(db)
    if not url.startswith("sqlite:///") or any(c in url for c in "?#%"):
        return None
    return Path(url[len("sqlite:///"):])


def _exact_id(text: str, ids) -> str | None:
    """`text` when it is an id that no other id reads the same as (what names.resolve answers
    then); None for anything names.resolve has to work out."""
    ids = list(ids)
    if text not in ids or sum(name_key(i) == name_key(text) for i in ids) != 1:
        return None
    return text


def _ready(database: Path) -> str | None:
    """The file's stamp, when opening it as the Store does would change and report nothing: an
    existing, writable, checked file with no pending log, no journals to replay and the bundled
    bank synced."""
    stamp = sqlite_file.file_stamp(database)
    if stamp is None or not sqlite_file.checked_clean(database, stamp) or sqlite_file.is_locked(database):
        return None
    if paths.journals_dir(str(database)).is_dir():
        return None
    folder = paths.bundled_bank_dir()
    if folder.is_dir():
        fingerprint = bundled.current_fingerprint(folder)
        if fingerprint is None or not bundled.holds(database, fingerprint):
            return None
    sqlite_file.keep_private(database)
    return stamp


def build(ctx, args: argparse.Namespace):
    """(loop, interviews, labels) as `build_commands` prints them, or None: the ordinary path."""
    if args.save or args.candidate is not None or args.exposure_cap is not None or args.prefer_signal \
            or not ctx.sync_bank or getattr(args, "focus", None):
        return None
    database = database_file(ctx.db_url)
    if database is None:
        return None
    try:
        return _build(database, args)
    except Exception:  # noqa: BLE001 (whatever it is, the ordinary path says it, or does it)
        return None


def _build(database: Path, args: argparse.Namespace):
    from desktop.core.bank.usage import USAGE_SQL, usage_of
    from desktop.core.building.loops import build_loop
    from desktop.core.building.requests import RoleSpec
    from desktop.core.cli.build_commands import _request

    stamp = _ready(database)
    facts = _facts(database, stamp) if stamp is not None else None
    if facts is None:
        return None
    head, roles, topic_names, competency_names = facts
    if head != SCHEMA_HEAD:
        return None
    role_id = _exact_id(args.role, roles)
    level = _exact_id(args.level, LEVELS)
    competencies = [_exact_id(c, competency_names) for c in args.competency]
    if role_id is None or level is None or None in competencies:
        return None
    kept = pool_file.read_role_alone((database, stamp), role_id)
    if kept is None:
        return None
    pool, twins = kept
    role = RoleSpec.from_row(SimpleNamespace(id=role_id, **roles[role_id]))
    resolved = argparse.Namespace(**{**vars(args), "role": role_id, "level": level, "competency": competencies})
    request = _request(resolved, lambda: role.default_minutes)
    with closing(sqlite3.connect(sqlite_file.read_only_uri(database), uri=True)) as conn:
        conn.execute("BEGIN")  # one snapshot of the database for every read
        if conn.execute("SELECT version_num FROM alembic_version").fetchone() != (head,):
            return None
        usage = usage_of(conn.execute(USAGE_SQL))
        if sqlite_file.file_stamp(database) != stamp:  # written meanwhile: not the state kept
            return None
        loop = build_loop(pool, role, request, args.interviewers, usage=usage, taken=set(),
                          by_id=dict(zip(map(itemgetter(0), pool.questions), pool.questions)),
                          topic_names=topic_names, twins=twins)
        interviews = [{"focus": list(b.request.focus), "competencies": list(b.competencies),
                       "questions": question_dicts(conn, b.ids), "balance": b.balance.as_dict()}
                      for b in loop.sets]
    labels = [([topic_names.get(t, t) for t in b.request.focus],
               [competency_names.get(c, c) for c in b.competencies]) for b in loop.sets]
    return loop, interviews, labels


_COLUMNS = ("id", "prompt", "difficulty", "kind", "rubric", "answer", "follow_ups", "related", "minutes", "source",
            "retired", "competencies", "anchors", "red_flags")
_JSON_COLUMNS = ("rubric", "follow_ups", "related", "competencies", "anchors", "red_flags")


def question_dicts(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """`question_to_dict` of each question, its row read with sqlite3."""
    marks = ", ".join("?" * len(ids))
    topics: dict[str, list[str]] = {i: [] for i in ids}
    for qid, topic in conn.execute(f"SELECT question_id, topic_id FROM question_topics WHERE question_id IN ({marks}) "
                                   "ORDER BY position", ids):
        topics[qid].append(topic)
    roles: dict[str, list[str]] = {i: [] for i in ids}
    for qid, role in conn.execute(f"SELECT question_id, role_id FROM question_roles WHERE question_id IN ({marks})",
                                  ids):
        roles[qid].append(role)
    rows = {row[0]: row for row in conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM questions WHERE id IN ({marks})",
                                                ids)}
    out = []
    for qid in ids:
        row = dict(zip(_COLUMNS, rows[qid]))
        for column in _JSON_COLUMNS:
            row[column] = json.loads(row[column]) if row[column] is not None else None
        out.append(question_to_dict(SimpleNamespace(**row, topics=topics[qid], roles=sorted(roles[qid]))))
    return out
