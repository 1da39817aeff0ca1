"""filters in PostgreSQL's search vector (facet lexemes)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:30:00

PostgreSQL only: `questions.search_vector` (0007) gains one lexeme per filterable fact, as
FTS5's facet tokens do on SQLite: `#d:advanced` (difficulty), `#k:scenario` (kind),
`#t:rag` per topic, `#r:mlops-engineer` per role, `#active` or `#retired`. A filtered search
is then one GIN lookup (`words && filters`) instead of a scan of the matches that checks each
row's columns and links. The lexemes go in through `array_to_tsvector`, not the text parser,
so they keep their `#`, which the parser never leaves at the start of a word: nothing typed,
prefix or not, reaches them. They have no positions and weight D; search ranks with the
words' query alone, and SQL still applies the filters as the authority.

The topics and roles come from `search_topics` and `search_roles` ("id name" per line), which
0007's triggers keep right. A generated column's expression cannot be changed in place: the
column and its GIN index are made again (every row's vector is computed once). SQLite: nothing.
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0012"
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# 0007's vector, as 0007 wrote it (a migration keeps its own copy: later code may change).
def _vector(column: str, weight: str, empty: str = "''") -> str:
    return f"setweight(to_tsvector('question_search'::regconfig, coalesce({column}, {empty})), '{weight}')"


TEXT_VECTOR = " || ".join([
    _vector("prompt", "A"), _vector("search_topics", "B"), _vector("rubric", "B", "'[]'::json"),
    _vector("follow_ups", "C", "'[]'::json"), _vector("answer", "C"), _vector("search_roles", "D"),
])


def _tag_lexemes(column: str, mark: str) -> str:
    """'#t:' + the id (first word) of each line of `column`, as an array."""
    return (f"string_to_array(regexp_replace({column}, E'(^|\\n)([^ \\n]*)[^\\n]*', E'\\\\1#{mark}:\\\\2', 'g'), "
            f"E'\\n')")


FACETS = (
    "array_to_tsvector(array_remove(array_remove("
    "ARRAY['#d:' || difficulty, '#k:' || kind, CASE WHEN retired THEN '#retired' ELSE '#active' END]"
    f" || {_tag_lexemes('search_topics', 't')} || {_tag_lexemes('search_roles', 'r')}, '#t:'), '#r:'))"
)


def _remake_vector(conn, expression: str) -> None:
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_questions_search_vector")
    conn.exec_driver_sql("ALTER TABLE questions DROP COLUMN search_vector")
    conn.exec_driver_sql(f"ALTER TABLE questions ADD COLUMN search_vector tsvector "
                         f"GENERATED ALWAYS AS ({expression}) STORED")
    conn.exec_driver_sql("CREATE INDEX ix_questions_search_vector ON questions USING gin (search_vector)")
    conn.exec_driver_sql("ANALYZE questions")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _remake_vector(conn, f"{TEXT_VECTOR} || {FACETS}")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _remake_vector(conn, TEXT_VECTOR)
