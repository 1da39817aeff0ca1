"""the FTS5 index with prefix indexes of one and two letters only (SQLite)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 18:00:00

Since 0013 the ranked index (Tantivy) answers searches; `question_fts` is the fallback while
that index is missing or being built. Its six prefix indexes (`prefix='1 2 3 4 5 6'`, from 0002)
made it the main cost of every import and of the database: each indexed word was stored seven
times, 500 MB of a 1.29 GB bank of 100,000 questions, and building it took 44 s of CPU against
14 s without any (raw sqlite3). Without any, though, a typed prefix of one or two letters reads
every word it starts: the fallback's worst search went from 59 to 510 ms. Prefixes of one and
two letters are those: `prefix='1 2'` keeps their matching near the old speed (p95 8 ms, worst
40 ms raw) for 21 s of CPU and 240 MB, and longer prefixes read the few words they start
(docs/search.md has the figures).

Only the FTS5 table changes: the same columns, tokenizer and content view, and the triggers of
0007 stay as they are (they name the table, which is dropped and created again in the same
transaction), so the index stays in step with every writer. It is then refilled from the view.

On PostgreSQL, and on SQLite without the index (no FTS5), nothing changes.
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0014"
down_revision: Union[str, Sequence[str], None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = "prompt, rubric, answer, follow_ups, topics, roles, facets"  # as 0007 made them
PREFIXES = "1 2"


def _fts_table(prefix: str | None) -> str:
    prefixes = f",\n    prefix='{prefix}'" if prefix else ""
    return f"""
CREATE VIRTUAL TABLE question_fts USING fts5(
    {COLUMNS},
    content='question_fts_source',
    content_rowid='question_rowid',
    tokenize='porter unicode61 remove_diacritics 2'{prefixes}
)
"""


def _has_fts_index(conn) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'question_fts'").first() is not None


def _recreate(conn, prefix: str | None) -> None:
    """The table again with these prefix indexes, refilled from its view."""
    conn.exec_driver_sql("DROP TABLE question_fts")
    conn.exec_driver_sql(_fts_table(prefix))
    # One merge at the end fills the index faster than merging while filling (see 0002).
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('automerge', 0)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('crisismerge', 2000)")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('rebuild')")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts) VALUES('optimize')")
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('automerge', 4)")  # defaults again
    conn.exec_driver_sql("INSERT INTO question_fts(question_fts, rank) VALUES('crisismerge', 16)")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and _has_fts_index(conn):
        _recreate(conn, prefix=PREFIXES)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and _has_fts_index(conn):
        _recreate(conn, prefix="1 2 3 4 5 6")
