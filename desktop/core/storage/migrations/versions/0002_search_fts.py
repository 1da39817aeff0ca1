"""full-text search index (SQLite FTS5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00

`question_fts` is an FTS5 *external-content* table: it stores only the index; the text is read
back from the view `question_fts_source`, which lays out one row per question:

    prompt | rubric (points, one a line) | answer | topics (ids and names) | roles | facets

Topics and roles live in association tables, so instead of a denormalised column on
`questions` (one more thing to keep right in the ORM) the view joins them in. `facets` holds
one token per filterable fact (difficulty, kind, each topic, each role, active/retired), e.g.
U+E000 "d" + hex("advanced"): search ANDs them into MATCH so a filtered search stays a doclist
intersection inside FTS5 that can stop early. The private-use U+E000 is a letter to the
tokenizer and is removed from anything a person types, so typed words never reach these
tokens. The SQL filters are still applied afterwards; the tokens only narrow.

Triggers keep the index in sync. An external-content 'delete' must be given exactly the values
that were indexed, so every change is bracketed: a BEFORE trigger deletes what the view shows
now, an AFTER trigger inserts what it shows then. That holds for questions and for their
topic/role links, and for renamed topics and roles.

The index maps FTS rowids to the implicit rowid of `questions` (its key is a string). SQLite
may renumber implicit rowids on VACUUM, and a batch ("move and copy") migration of `questions`
drops these triggers: any later migration that rebuilds `questions`, or a VACUUM, must recreate
the triggers and run `INSERT INTO question_fts(question_fts) VALUES('rebuild')`.

On other databases (PostgreSQL) and on SQLite builds without FTS5 this migration does nothing,
and search answers with the portable LIKE path.
"""
from typing import Sequence, Union

from alembic import op
from sqlalchemy.exc import OperationalError

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = "prompt, rubric, answer, topics, roles, facets"

# FTS5 reads its content with virtual tables disabled, so the view cannot use json_each():
# the rubric's points are taken one by one (the bank allows at most 8).
RUBRIC_POINTS = 12
_points = " || char(10) || ".join(
    f"coalesce(json_extract(q.rubric, '$[{i}]'), '')" for i in range(RUBRIC_POINTS)
)

SOURCE_VIEW = """
CREATE VIEW question_fts_source AS
SELECT
    q.rowid AS question_rowid,
    q.prompt AS prompt,
    CASE WHEN json_valid(q.rubric) THEN rtrim({rubric_points}, char(10))
         ELSE q.rubric END AS rubric,
    coalesce(q.answer, '') AS answer,
    (SELECT group_concat(label, char(10)) FROM (
        SELECT qt.topic_id || ' ' || coalesce(t.name, '') AS label
        FROM question_topics qt LEFT JOIN topics t ON t.id = qt.topic_id
        WHERE qt.question_id = q.id ORDER BY qt.position, qt.topic_id)) AS topics,
    (SELECT group_concat(label, char(10)) FROM (
        SELECT qr.role_id || ' ' || coalesce(r.name, '') AS label
        FROM question_roles qr LEFT JOIN roles r ON r.id = qr.role_id
        WHERE qr.question_id = q.id ORDER BY qr.role_id)) AS roles,
    {F} || 'd' || lower(hex(q.difficulty)) || ' ' || {F} || 'k' || lower(hex(q.kind))
        || ' ' || {F} || CASE WHEN q.retired THEN 'retired' ELSE 'active' END
        || coalesce(' ' || (SELECT group_concat(token, ' ') FROM (
               SELECT {F} || 't' || lower(hex(topic_id)) AS token FROM question_topics
               WHERE question_id = q.id ORDER BY topic_id)), '')
        || coalesce(' ' || (SELECT group_concat(token, ' ') FROM (
               SELECT {F} || 'r' || lower(hex(role_id)) AS token FROM question_roles
               WHERE question_id = q.id ORDER BY role_id)), '') AS facets
FROM questions q
""".replace("{rubric_points}", _points).replace("{F}", "char(57344)")

FTS_TABLE = f"""
CREATE VIRTUAL TABLE question_fts USING fts5(
    {COLUMNS},
    content='question_fts_source',
    content_rowid='question_rowid',
    tokenize='porter unicode61 remove_diacritics 2',
    prefix='1 2 3 4 5 6'
)
"""


def _remove(rows: str) -> str:
    """SQL that takes the questions `rows` (a rowid subquery) out of the index."""
    return (
        f"INSERT INTO question_fts(question_fts, rowid, {COLUMNS}) "
        f"SELECT 'delete', question_rowid, {COLUMNS} FROM question_fts_source "
        f"WHERE question_rowid IN ({rows});"
    )


def _add(rows: str) -> str:
    return (
        f"INSERT INTO question_fts(rowid, {COLUMNS}) "
        f"SELECT question_rowid, {COLUMNS} FROM question_fts_source "
        f"WHERE question_rowid IN ({rows});"
    )


def _trigger(name: str, when: str, body: str) -> str:
    return f"CREATE TRIGGER {name} {when} BEGIN {body} END"


# Changes to these columns change what is indexed (updated_at, minutes, ... do not).
INDEXED = "id, prompt, rubric, answer, difficulty, kind, retired"
BY_LINK = "SELECT rowid FROM questions WHERE id IN ({ids})"

TRIGGERS = {
    "question_fts_q_ai": ("AFTER INSERT ON questions", _add("SELECT new.rowid")),
    "question_fts_q_bd": ("BEFORE DELETE ON questions", _remove("SELECT old.rowid")),
    "question_fts_q_bu": (f"BEFORE UPDATE OF {INDEXED} ON questions", _remove("SELECT old.rowid")),
    "question_fts_q_au": (f"AFTER UPDATE OF {INDEXED} ON questions", _add("SELECT new.rowid")),
}
for table, short in (("question_topics", "qt"), ("question_roles", "qr")):
    TRIGGERS.update({
        f"question_fts_{short}_bi": (f"BEFORE INSERT ON {table}", _remove(BY_LINK.format(ids="new.question_id"))),
        f"question_fts_{short}_ai": (f"AFTER INSERT ON {table}", _add(BY_LINK.format(ids="new.question_id"))),
        f"question_fts_{short}_bd": (f"BEFORE DELETE ON {table}", _remove(BY_LINK.format(ids="old.question_id"))),
        f"question_fts_{short}_ad": (f"AFTER DELETE ON {table}", _add(BY_LINK.format(ids="old.question_id"))),
        f"question_fts_{short}_bu": (
            f"BEFORE UPDATE ON {table}", _remove(BY_LINK.format(ids="old.question_id, new.question_id"))),
        f"question_fts_{short}_au": (
            f"AFTER UPDATE ON {table}", _add(BY_LINK.format(ids="old.question_id, new.question_id"))),
    })
for table, link, key in (("topics", "question_topics", "topic_id"), ("roles", "question_roles", "role_id")):
    renamed = f"SELECT q.rowid FROM questions q JOIN {link} l ON l.question_id = q.id WHERE l.{key} = old.id"
    TRIGGERS.update({
        f"question_fts_{table}_bu": (f"BEFORE UPDATE OF name ON {table}", _remove(renamed)),
        f"question_fts_{table}_au": (f"AFTER UPDATE OF name ON {table}", _add(renamed)),
    })


def _fts5_available(conn) -> bool:
    try:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.question_fts_probe USING fts5(x)")
    except OperationalError:  # "no such module: fts5"
        return False
    conn.exec_driver_sql("DROP TABLE temp.question_fts_probe")
    return True


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite" or not _fts5_available(conn):
        return  # search falls back to the portable LIKE path
    # Before upgrades ran in one transaction, a kill here could leave the view, the table or
    # some triggers behind at revision 0001, and every later start failed on "already exists".
    _drop_index(conn)
    conn.exec_driver_sql(SOURCE_VIEW)
    conn.exec_driver_sql(FTS_TABLE)
    for name, (when, body) in TRIGGERS.items():
        conn.exec_driver_sql(_trigger(name, when, body))
    # Index the questions already in the database. Merging segments while filling costs about
    # half the time; one merge at the end ('optimize') gives the same index twice as fast.
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('automerge', 0)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('crisismerge', 2000)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('rebuild')")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('optimize')")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('automerge', 4)")  # defaults again
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('crisismerge', 16)")
    # Planner statistics: without them SQLite filters `retired` through its index and then
    # sorts the whole bank to list it by id (130 ms at 100,000 questions; 1 ms with them).
    # An empty table would record misleading ones, so a new database goes without.
    if conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM questions)").scalar():
        for table in ("questions", "question_topics", "question_roles"):
            conn.exec_driver_sql(f"ANALYZE {table}")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _drop_index(conn)


def _drop_index(conn) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS question_fts")
    conn.exec_driver_sql("DROP VIEW IF EXISTS question_fts_source")
