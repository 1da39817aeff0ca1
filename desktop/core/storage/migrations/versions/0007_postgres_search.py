"""full-text search on PostgreSQL; follow-ups searchable on both databases

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00

PostgreSQL: `questions.search_vector`, a generated tsvector with a GIN index:

    prompt (weight A) | topics, rubric (B) | follow-ups, answer (C) | roles (D)

Topics and roles live in association tables, which a generated column cannot read, so two
plain text columns hold them (`search_topics`, `search_roles`: "id name" per line), kept right
by triggers on the links and on renamed topics and roles. The models do not map these three
columns: they are the index's, as `question_fts` is on SQLite.

The text goes through the configuration `question_search`: the default parser (hyphenated
words indexed by their parts, as FTS5 does), `unaccent`
(when the extension exists or this role may create it, so "cafe" finds "café") and English
Snowball stemming *without* a stop-word list, as FTS5's porter tokenizer has none ("what",
"how would you" are searched like any word). Without `unaccent` the same configuration goes
without it: accents must then be typed as written. A configuration name in a generated column
is an immutable constant, so no wrapper function is needed.

SQLite: the FTS5 index of 0002 is rebuilt with a `follow_ups` column after `answer` (its view,
table and triggers all name the columns, so all three are recreated), then refilled.
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CONFIG = "question_search"

# -- PostgreSQL ----------------------------------------------------------------------------

_TOKENS = "asciiword, word, numword, hword_asciipart, hword_part, hword_numpart"
# Whole hyphenated words ("diffusion-based") are left out, their parts kept, as FTS5 splits
# them: a whole one is one more term that a prefix typed on the way to another word can hit.
_COMPOUNDS = "asciihword, hword, numhword"

_TAG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION question_search_topics(qid varchar) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(qt.topic_id || ' ' || coalesce(t.name, ''), E'\\n'
                               ORDER BY qt.position, qt.topic_id), '')
    FROM question_topics qt LEFT JOIN topics t ON t.id = qt.topic_id WHERE qt.question_id = qid
$$;
CREATE OR REPLACE FUNCTION question_search_roles(qid varchar) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(qr.role_id || ' ' || coalesce(r.name, ''), E'\\n' ORDER BY qr.role_id), '')
    FROM question_roles qr LEFT JOIN roles r ON r.id = qr.role_id WHERE qr.question_id = qid
$$;
-- Statement triggers with transition tables: an import that links thousands of questions
-- updates each of them once, not once per link.
CREATE OR REPLACE FUNCTION question_search_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_TABLE_NAME = 'question_topics' THEN
            UPDATE questions q SET search_topics = question_search_topics(q.id)
            WHERE q.id IN (SELECT question_id FROM new_rows);
        ELSE
            UPDATE questions q SET search_roles = question_search_roles(q.id)
            WHERE q.id IN (SELECT question_id FROM new_rows);
        END IF;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        IF TG_TABLE_NAME = 'question_topics' THEN
            UPDATE questions q SET search_topics = question_search_topics(q.id)
            WHERE q.id IN (SELECT question_id FROM old_rows);
        ELSE
            UPDATE questions q SET search_roles = question_search_roles(q.id)
            WHERE q.id IN (SELECT question_id FROM old_rows);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION question_search_tag_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'topics' THEN
        UPDATE questions q SET search_topics = question_search_topics(q.id)
        WHERE q.id IN (SELECT question_id FROM question_topics WHERE topic_id = NEW.id);
    ELSE
        UPDATE questions q SET search_roles = question_search_roles(q.id)
        WHERE q.id IN (SELECT question_id FROM question_roles WHERE role_id = NEW.id);
    END IF;
    RETURN NULL;
END $$;
"""

_PG_TRIGGERS = {
    f"question_search_{table}_{op_}": (
        f"AFTER {op_.upper()} ON {table} REFERENCING {refs} FOR EACH STATEMENT",
        "question_search_links_changed()")
    for table in ("question_topics", "question_roles")
    for op_, refs in (("insert", "NEW TABLE AS new_rows"), ("delete", "OLD TABLE AS old_rows"),
                      ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"))
}
_PG_TRIGGERS.update({
    f"question_search_{table}_renamed": (f"AFTER UPDATE OF name ON {table} FOR EACH ROW",
                                         "question_search_tag_renamed()")
    for table in ("topics", "roles")
})


def _vector(column: str, weight: str, empty: str = "''") -> str:
    return f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({column}, {empty})), '{weight}')"


SEARCH_VECTOR = " || ".join([
    _vector("prompt", "A"), _vector("search_topics", "B"), _vector("rubric", "B", "'[]'::json"),
    _vector("follow_ups", "C", "'[]'::json"), _vector("answer", "C"), _vector("search_roles", "D"),
])


def _unaccent_dictionary(conn) -> str | None:
    """The `unaccent` dictionary's qualified name, creating the extension if this role may."""
    try:
        with conn.begin_nested():  # a refusal must not abort the migration's transaction
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # not installed on the server, or no privilege: search without it
        pass
    schema = conn.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'").scalar()
    return f'"{schema}".unaccent' if schema else None


def create_search_configuration(conn, unaccent: str | None) -> None:
    """`question_search`: unaccent (if given), then English stems without stop words."""
    conn.exec_driver_sql(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")  # a leftover, unused
    conn.exec_driver_sql(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {CONFIG}_stem")
    conn.exec_driver_sql(f"CREATE TEXT SEARCH DICTIONARY {CONFIG}_stem (TEMPLATE = snowball, Language = english)")
    conn.exec_driver_sql(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
    dictionaries = f"{unaccent}, {CONFIG}_stem" if unaccent else f"{CONFIG}_stem"
    conn.exec_driver_sql(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {_TOKENS} WITH {dictionaries}")
    conn.exec_driver_sql(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} DROP MAPPING FOR {_COMPOUNDS}")


def _upgrade_postgresql(conn) -> None:
    create_search_configuration(conn, _unaccent_dictionary(conn))
    conn.exec_driver_sql("ALTER TABLE questions ADD COLUMN search_topics text NOT NULL DEFAULT ''")
    conn.exec_driver_sql("ALTER TABLE questions ADD COLUMN search_roles text NOT NULL DEFAULT ''")
    conn.exec_driver_sql(_TAG_FUNCTIONS)
    conn.exec_driver_sql("UPDATE questions SET search_topics = question_search_topics(id), "
                         "search_roles = question_search_roles(id)")
    # Added after the tags are filled in: every row's vector is computed once.
    conn.exec_driver_sql(f"ALTER TABLE questions ADD COLUMN search_vector tsvector "
                         f"GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED")
    conn.exec_driver_sql("CREATE INDEX ix_questions_search_vector ON questions USING gin (search_vector)")
    for name, (when, function) in _PG_TRIGGERS.items():
        table = when.split(" ON ")[1].split()[0]
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}")
    conn.exec_driver_sql("ANALYZE questions")


def _downgrade_postgresql(conn) -> None:
    for name, (when, _) in _PG_TRIGGERS.items():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {when.split(' ON ')[1].split()[0]}")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_questions_search_vector")
    for column in ("search_vector", "search_topics", "search_roles"):
        conn.exec_driver_sql(f"ALTER TABLE questions DROP COLUMN IF EXISTS {column}")
    for function in ("question_search_tag_renamed()", "question_search_links_changed()",
                     "question_search_topics(varchar)", "question_search_roles(varchar)"):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")
    conn.exec_driver_sql(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    conn.exec_driver_sql(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {CONFIG}_stem")


# -- SQLite: the FTS5 index of 0002, with or without a follow_ups column ------------------------

# FTS5 reads its content with virtual tables disabled, so the view cannot use json_each():
# list points are taken one by one (the bank allows at most 8 rubric points).
LIST_ITEMS = 12


def _items(column: str) -> str:
    items = " || char(10) || ".join(
        f"coalesce(json_extract(q.{column}, '$[{i}]'), '')" for i in range(LIST_ITEMS))
    return f"CASE WHEN json_valid(q.{column}) THEN rtrim({items}, char(10)) ELSE q.{column} END"


def _columns(follow_ups: bool) -> str:
    return "prompt, rubric, answer, " + ("follow_ups, " if follow_ups else "") + "topics, roles, facets"


def _source_view(follow_ups: bool) -> str:
    return """
CREATE VIEW question_fts_source AS
SELECT
    q.rowid AS question_rowid,
    q.prompt AS prompt,
    {rubric} AS rubric,
    coalesce(q.answer, '') AS answer,{follow_ups}
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
""".replace("{rubric}", _items("rubric")).replace(
        "{follow_ups}", f"\n    {_items('follow_ups')} AS follow_ups," if follow_ups else "").replace(
        "{F}", "char(57344)")


def _fts_table(follow_ups: bool) -> str:
    return f"""
CREATE VIRTUAL TABLE question_fts USING fts5(
    {_columns(follow_ups)},
    content='question_fts_source',
    content_rowid='question_rowid',
    tokenize='porter unicode61 remove_diacritics 2',
    prefix='1 2 3 4 5 6'
)
"""


def _triggers(follow_ups: bool) -> dict[str, tuple[str, str]]:
    columns = _columns(follow_ups)

    def remove(rows: str) -> str:
        return (f"INSERT INTO question_fts(question_fts, rowid, {columns}) "
                f"SELECT 'delete', question_rowid, {columns} FROM question_fts_source "
                f"WHERE question_rowid IN ({rows});")

    def add(rows: str) -> str:
        return (f"INSERT INTO question_fts(rowid, {columns}) SELECT question_rowid, {columns} "
                f"FROM question_fts_source WHERE question_rowid IN ({rows});")

    # Changes to these columns change what is indexed (updated_at, minutes, ... do not).
    indexed = "id, prompt, rubric, answer, " + ("follow_ups, " if follow_ups else "") + "difficulty, kind, retired"
    by_link = "SELECT rowid FROM questions WHERE id IN ({ids})"
    triggers = {
        "question_fts_q_ai": ("AFTER INSERT ON questions", add("SELECT new.rowid")),
        "question_fts_q_bd": ("BEFORE DELETE ON questions", remove("SELECT old.rowid")),
        "question_fts_q_bu": (f"BEFORE UPDATE OF {indexed} ON questions", remove("SELECT old.rowid")),
        "question_fts_q_au": (f"AFTER UPDATE OF {indexed} ON questions", add("SELECT new.rowid")),
    }
    for table, short in (("question_topics", "qt"), ("question_roles", "qr")):
        triggers.update({
            f"question_fts_{short}_bi": (f"BEFORE INSERT ON {table}", remove(by_link.format(ids="new.question_id"))),
            f"question_fts_{short}_ai": (f"AFTER INSERT ON {table}", add(by_link.format(ids="new.question_id"))),
            f"question_fts_{short}_bd": (f"BEFORE DELETE ON {table}", remove(by_link.format(ids="old.question_id"))),
            f"question_fts_{short}_ad": (f"AFTER DELETE ON {table}", add(by_link.format(ids="old.question_id"))),
            f"question_fts_{short}_bu": (
                f"BEFORE UPDATE ON {table}", remove(by_link.format(ids="old.question_id, new.question_id"))),
            f"question_fts_{short}_au": (
                f"AFTER UPDATE ON {table}", add(by_link.format(ids="old.question_id, new.question_id"))),
        })
    for table, link, key in (("topics", "question_topics", "topic_id"), ("roles", "question_roles", "role_id")):
        renamed = f"SELECT q.rowid FROM questions q JOIN {link} l ON l.question_id = q.id WHERE l.{key} = old.id"
        triggers.update({
            f"question_fts_{table}_bu": (f"BEFORE UPDATE OF name ON {table}", remove(renamed)),
            f"question_fts_{table}_au": (f"AFTER UPDATE OF name ON {table}", add(renamed)),
        })
    return triggers


def _has_fts_index(conn) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'question_fts'").first() is not None


def _rebuild_fts(conn, follow_ups: bool) -> None:
    """Drop the index, its view and triggers, and build them again with these columns."""
    for name in _triggers(True):  # the same trigger names either way
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS question_fts")
    conn.exec_driver_sql("DROP VIEW IF EXISTS question_fts_source")
    conn.exec_driver_sql(_source_view(follow_ups))
    conn.exec_driver_sql(_fts_table(follow_ups))
    for name, (when, body) in _triggers(follow_ups).items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    # One merge at the end fills the index twice as fast as merging while filling (see 0002).
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('automerge', 0)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('crisismerge', 2000)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('rebuild')")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('optimize')")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('automerge', 4)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('crisismerge', 16)")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _upgrade_postgresql(conn)
    elif conn.dialect.name == "sqlite" and _has_fts_index(conn):  # 0002 built it (FTS5 is there)
        _rebuild_fts(conn, follow_ups=True)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _downgrade_postgresql(conn)
    elif conn.dialect.name == "sqlite" and _has_fts_index(conn):
        _rebuild_fts(conn, follow_ups=False)
