"""a change log for the ranked search index (both databases)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 15:00:00

The ranked search index (desktop/core/bank/search/ranked_index.py, Tantivy) lives outside the
database, so the database says what changed since the index last looked:

- `question_fts_changes(seq, question_id)`: one row per question whose searchable text or
  filters changed (its prompt, rubric, answer, follow-ups, difficulty, kind, retired state,
  topics or roles, or the name of one of its topics or roles), in the order written.
  `question_id` NULL means "everything": a bulk import writes that one row instead of one per
  question (see fts5.bulk_index), and the index is rebuilt.
- `question_fts_identity`: one random value per database, so an index never mistakes another
  database (a restored backup, a recreated PostgreSQL database) for the one it reflects.

Triggers write the log, so any writer (the app, the CLI, a plain sqlite3 or psql script) keeps
it right. SQLite: row triggers. PostgreSQL: statement triggers with transition tables, so an
import of 100,000 questions logs once per statement; more than BULK_ROWS questions in one
statement log the single "everything" row.

The names start with `question_fts` like the FTS5 index's: they are the search index's own,
outside the models (migrations/env.py), and fts5.bulk_index drops and restores every trigger
named so around a bulk load.
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0013"
down_revision: Union[str, Sequence[str], None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BULK_ROWS = 1000
# What the index reads of a question (updated_at, minutes, usage... change nothing it holds).
INDEXED = ("id", "prompt", "rubric", "answer", "follow_ups", "difficulty", "kind", "retired")

_LOG = "INSERT INTO question_fts_changes (question_id)"

# -- SQLite ----------------------------------------------------------------------------------

_SQLITE_TRIGGERS = {
    "question_fts_changes_q_ai": ("AFTER INSERT ON questions", f"{_LOG} VALUES (new.id);"),
    "question_fts_changes_q_ad": ("AFTER DELETE ON questions", f"{_LOG} VALUES (old.id);"),
    "question_fts_changes_q_au": (
        f"AFTER UPDATE OF {', '.join(INDEXED)} ON questions",
        f"{_LOG} SELECT old.id WHERE old.id <> new.id; {_LOG} VALUES (new.id);"),
}
for _table, _short in (("question_topics", "qt"), ("question_roles", "qr")):
    _SQLITE_TRIGGERS.update({
        f"question_fts_changes_{_short}_ai": (f"AFTER INSERT ON {_table}", f"{_LOG} VALUES (new.question_id);"),
        f"question_fts_changes_{_short}_ad": (f"AFTER DELETE ON {_table}", f"{_LOG} VALUES (old.question_id);"),
        f"question_fts_changes_{_short}_au": (
            f"AFTER UPDATE ON {_table}",
            f"{_LOG} SELECT old.question_id WHERE old.question_id <> new.question_id; "
            f"{_LOG} VALUES (new.question_id);"),
    })
for _table, _link, _key in (("topics", "question_topics", "topic_id"), ("roles", "question_roles", "role_id")):
    _SQLITE_TRIGGERS[f"question_fts_changes_{_table}_au"] = (
        f"AFTER UPDATE OF name ON {_table}",
        f"{_LOG} SELECT question_id FROM {_link} WHERE {_key} = new.id;")


def _upgrade_sqlite(conn) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE question_fts_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, question_id VARCHAR(100))")
    conn.exec_driver_sql(
        "CREATE TABLE question_fts_identity (id INTEGER PRIMARY KEY CHECK (id = 1), identity VARCHAR(64) NOT NULL)")
    conn.exec_driver_sql("INSERT INTO question_fts_identity VALUES (1, lower(hex(randomblob(16))))")
    for name, (when, body) in _SQLITE_TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


# -- PostgreSQL ------------------------------------------------------------------------------

_CHANGED = " OR ".join(
    f"n.{c}::text IS DISTINCT FROM o.{c}::text" if c in ("rubric", "follow_ups") else f"n.{c} IS DISTINCT FROM o.{c}"
    for c in INDEXED if c != "id")

_PG_FUNCTIONS = f"""
CREATE FUNCTION question_fts_changes_log(ids varchar[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) > {BULK_ROWS} THEN
        INSERT INTO question_fts_changes (question_id) VALUES (NULL);
    ELSIF cardinality(ids) > 0 THEN
        INSERT INTO question_fts_changes (question_id) SELECT DISTINCT unnest(ids);
    END IF;
END $$;
CREATE FUNCTION question_fts_changes_questions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM question_fts_changes_log(ARRAY(SELECT id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM question_fts_changes_log(ARRAY(SELECT id FROM old_rows));
    ELSE  -- only what the index reads: 0007's own updates of search_topics change nothing here
        PERFORM question_fts_changes_log(ARRAY(
            SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id WHERE o.id IS NULL OR {_CHANGED}
            UNION SELECT o.id FROM old_rows o WHERE o.id NOT IN (SELECT id FROM new_rows)));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION question_fts_changes_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM question_fts_changes_log(ARRAY(SELECT question_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM question_fts_changes_log(ARRAY(SELECT question_id FROM old_rows));
    ELSE
        PERFORM question_fts_changes_log(ARRAY(
            SELECT question_id FROM new_rows UNION SELECT question_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION question_fts_changes_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name THEN
        IF TG_TABLE_NAME = 'topics' THEN
            PERFORM question_fts_changes_log(ARRAY(SELECT question_id FROM question_topics WHERE topic_id = NEW.id));
        ELSE
            PERFORM question_fts_changes_log(ARRAY(SELECT question_id FROM question_roles WHERE role_id = NEW.id));
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""

_PG_TRIGGERS = {
    f"question_fts_changes_{short}_{op_}": (
        f"AFTER {op_.upper()} ON {table} REFERENCING {refs} FOR EACH STATEMENT", function)
    for table, short, function in (("questions", "q", "question_fts_changes_questions()"),
                                   ("question_topics", "qt", "question_fts_changes_links()"),
                                   ("question_roles", "qr", "question_fts_changes_links()"))
    for op_, refs in (("insert", "NEW TABLE AS new_rows"), ("delete", "OLD TABLE AS old_rows"),
                      ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"))
}
_PG_TRIGGERS.update({
    f"question_fts_changes_{table}_renamed": (f"AFTER UPDATE OF name ON {table} FOR EACH ROW",
                                              "question_fts_changes_renamed()")
    for table in ("topics", "roles")
})


def _upgrade_postgresql(conn) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE question_fts_changes (seq bigserial PRIMARY KEY, question_id varchar(100))")
    conn.exec_driver_sql(
        "CREATE TABLE question_fts_identity (id integer PRIMARY KEY CHECK (id = 1), identity varchar(64) NOT NULL)")
    conn.exec_driver_sql("INSERT INTO question_fts_identity VALUES (1, md5(random()::text || clock_timestamp()::text))")
    conn.exec_driver_sql(_PG_FUNCTIONS)
    for name, (when, function) in _PG_TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _upgrade_postgresql(conn)
    else:
        _upgrade_sqlite(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for name, (when, _) in _PG_TRIGGERS.items():
            table = when.split(" ON ")[1].split()[0]
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in ("questions", "links", "renamed"):
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS question_fts_changes_{function}()")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS question_fts_changes_log(varchar[])")
    else:
        for name in _SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS question_fts_changes")
    conn.exec_driver_sql("DROP TABLE IF EXISTS question_fts_identity")
