"""Search answered by SQLite FTS5 (the `question_fts` index of migrations 0002 and 0006).

The user's words never reach MATCH as syntax: each becomes a quoted string (inner quotes
doubled) and the last one gets `*` for prefix matching while typing. Filters become facet
tokens (see the migration) that FTS5 intersects itself; SQL applies them again after ranking
and is the authority.

Ranking is what costs. bm25() scores every row it is given (some 1.5-4 µs each here), and
FTS5 has no top-k: `ORDER BY rank LIMIT k` still scores every match. For two letters or a
word like "what" that is most of a 100,000-question bank (0.1-0.6 s). So:

1. Find the matches, with the filters as facet tokens in the same MATCH (FTS5 intersects
   them and stops early), up to CANDIDATE_CAP + 1, and score them with bm25 as they come, in
   a CTE. The facet phrases add nothing to a score (their column weighs 0 and no typed word
   reaches it), so scores are the text's own.
2. At most CANDIDATE_CAP: they are all ranked, then joined and filtered in SQL: exactly the
   top of a full sort (tests/core/test_search_ranking.py).
3. More: the first CANDIDATE_CAP (by rowid: FTS5's own scan) are ranked the same way. The
   scores are the real bm25 ones, best first, and `more` is set; the results are the best
   of those, not of every match, which the person narrows by typing on or filtering.

All of it is one statement (`_ranked`). With prefix indexes of one and two letters only
(migration 0014) a longer prefix costs FTS5 a pass over every stored word it starts, for each
statement that matches it and again for bm25's count of the phrase: finding the matches in a
statement of their own and ranking them in a second made three passes, one statement makes
two (with no prefix index at all, "lora r" at 100,000 questions: 0.58 s, then 0.38 s).

Since issue #20 this is the fallback: the ranked index (ranked_index.py, Tantivy) ranks every
match and answers whenever it is current; FTS5 answers while it is missing or being built
(docs/search.md has the measurements of both).

Each keystroke runs one short statement (two more when nothing matched, see _relaxed_match),
so its overhead counts: it is built and compiled by SQLAlchemy once per set of filters
(`_compiled`) and run on the driver's cursor; building and compiling it each time took as long
as running it.

bench/bench_search.py measures this on a synthetic 100,000-question bank.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache, partial
from typing import Callable, Iterator

from sqlalchemy import Connection, Select, Text, cast, func, literal_column, select, text, true
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop.core.storage.models import Question
from desktop.core.bank.search.query import SearchHit, SearchQuery, SearchResult, filter_conditions, words
from desktop.core.bank.search.ranked_index import log_everything_changed
from desktop.core.bank.search.snippets import question_snippet, word_patterns

# bm25 weight per column of question_fts (prompt, rubric, answer, follow_ups, topics, roles,
# facets); follow-ups since migration 0006, weighed as the answer.
WEIGHTS = (10.0, 2.0, 1.0, 1.0, 2.0, 0.5, 0.0)
CANDIDATE_CAP = 2000
FACET_MARK = "\ue000"  # starts every facet token; removed from typed words

_MATCHES = "SELECT rowid FROM question_fts WHERE question_fts MATCH ? LIMIT ?"
_ROWID = literal_column("questions.rowid")
# The text a snippet is cut from; the rubric as its JSON text, decoded only for rows shown.
_TEXTS = (Question.prompt, cast(Question.rubric, Text).label("rubric"), Question.answer,
          cast(Question.follow_ups, Text).label("follow_ups"))


def has_fts_index(session: Session) -> bool:
    found = session.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'question_fts'"
    )).first()
    return found is not None


def quote(word: str) -> str:
    """A word as an FTS5 string: inside double quotes everything is plain text to the tokenizer.
    Private-use characters are dropped, so no typed word can name a facet token, and so are
    control characters (SQLite ends a string at NUL, which would leave the quote open)."""
    word = "".join(ch for ch in word if unicodedata.category(ch) not in ("Co", "Cc"))
    return '"' + word.replace('"', '""') + '"'


def facet(kind: str, value: str) -> str:
    """The facet token the migration's view writes for a value: mark, kind, UTF-8 hex."""
    return '"' + FACET_MARK + kind + value.encode("utf-8").hex() + '"'


def text_expression(query_words: list[str]) -> str:
    """All the words, the last one as a prefix: `"lora" AND "ran"*`."""
    phrases = [quote(w) for w in query_words]
    phrases[-1] += "*"
    return " AND ".join(phrases)


def facet_expression(query: SearchQuery) -> str | None:
    """The filters as facet tokens, or None when only the default (active) applies."""
    parts = [
        "(" + " OR ".join(facet(kind, v) for v in values) + ")"
        for kind, values in (("d", query.difficulties), ("k", query.kinds),
                             ("t", query.topics), ("r", query.roles))
        if values
    ]
    if query.retired == "retired":
        parts.append(f'"{FACET_MARK}retired"')  # the view writes the state without hex
    if not parts:
        return None
    return " AND ".join(parts)


def _ranked(query: SearchQuery, pool: int) -> Select:
    """The first `pool` matches (by rowid: FTS5's own scan, stopped there) scored by bm25 in a
    CTE, then joined and filtered in SQL, and the texts read for the winners only (sorting
    thousands of rows with their answers costs ms). Each row starts with the number of
    matches scored, so the caller knows whether there were more; when none passes the
    filters, that number comes alone in a row of NULLs."""
    hits = (
        select(
            literal_column("question_fts.rowid").label("question_rowid"),
            func.bm25(literal_column("question_fts"), *WEIGHTS).label("bm25_rank"),
        )
        .select_from(text("question_fts"))
        .where(text("question_fts MATCH :match").bindparams(match=""))
        # The pool written out, not bound: SQLite then plans for at most that many rows. Bound,
        # it planned for more than the bank holds and built a Bloom filter over every question
        # for each search (50 ms at 100,000).
        .limit(literal_column(str(int(pool))))
        .cte("hits")
        .prefix_with("MATERIALIZED")
    )
    counted = select(func.count().label("scored"), func.max(hits.c.question_rowid).label("last")).cte("counted")
    pooled = (  # all but the one match past the cap, if there was one
        select(hits)
        .where((hits.c.question_rowid < select(counted.c.last).scalar_subquery())
               | (select(counted.c.scored).scalar_subquery() < pool))
        .limit(literal_column(str(int(pool))))
        .cte("pooled")
        .prefix_with("MATERIALIZED")
    )
    best = (
        select(pooled.c.question_rowid, pooled.c.bm25_rank, Question.id.label("question_id"))
        .join_from(pooled, Question, _ROWID == pooled.c.question_rowid)
        .where(*filter_conditions(query))
        .order_by(pooled.c.bm25_rank, Question.id)
        .limit(query.limit + 1)
        .subquery("best")
    )
    winners = (
        select(best.c.bm25_rank, best.c.question_id, Question.id, (-best.c.bm25_rank).label("score"), *_TEXTS)
        .join_from(best, Question, _ROWID == best.c.question_rowid)
        .subquery("winners")
    )
    return (
        select(counted.c.scored, winners.c.id, winners.c.score, winners.c.prompt, winners.c.rubric,
               winners.c.answer, winners.c.follow_ups)
        .select_from(counted)
        .outerjoin(winners, true())
        .order_by(winners.c.bm25_rank, winners.c.question_id)
    )


@lru_cache(maxsize=256)
def _compiled(build: Callable[[SearchQuery, int], Select], filters: SearchQuery,
              pool: int) -> tuple[str, tuple[str, ...], dict]:
    """SQL text and parameters of a statement, built and compiled once per set of filters (and
    size of the pool ranked): building and compiling it through SQLAlchemy took as long as
    running it."""
    compiled = build(filters, pool).compile(dialect=sqlite_dialect(), compile_kwargs={"render_postcompile": True})
    return compiled.string, tuple(compiled.positiontup), dict(compiled.params)


def _run(db: Connection, build: Callable[[SearchQuery, int], Select], query: SearchQuery, pool: int,
         **values) -> list[tuple]:
    """Rows of `build(query, pool)`, with `values` bound."""
    sql, names, params = _compiled(build, replace(query, text=""), pool)
    params = {**params, **values}
    return db.connection.driver_connection.execute(sql, [params[n] for n in names]).fetchall()


class Fts5Search:
    name = "sqlite-fts5"

    def __init__(self, cap: int | None = None):
        self.cap = CANDIDATE_CAP if cap is None else cap

    def search(self, session: Session, query: SearchQuery) -> SearchResult:
        # Core statements on the session's connection: no ORM loading, this runs per keystroke.
        db = session.connection()
        query_words = words(query.text)
        facets = facet_expression(query)
        try:
            rows, more = self._rows(db, query, text_expression(query_words), facets)
            if not rows and (relaxed := _relaxed_match(db, query_words)):
                rows, more = self._rows(db, query, relaxed, facets)
        except (OperationalError, sqlite3.OperationalError) as exc:
            if _is_query_error(exc):  # a safety net: the input is quoted, so this should not happen
                return SearchResult([], False, self.name)
            raise
        patterns = word_patterns(query_words)
        # Four significant digits, not decimals: bm25 weighs a word in most questions ("what") at
        # about 1e-6, and rounding that to 0 would read as "not ranked".
        hits = [SearchHit(row[0], float(f"{row[1]:.4g}"), partial(_snippet, row, patterns))
                for row in rows[: query.limit]]
        return SearchResult(hits, more, self.name)

    def _rows(self, db: Connection, query: SearchQuery, text_match: str, facets: str | None) -> tuple[list, bool]:
        # The filters as facet tokens: FTS5 intersects them itself, so only questions that can
        # pass are counted and ranked. Their phrases weigh nothing in bm25 (weight 0, and no
        # typed word reaches their column), so every score is the text's own.
        match = f"({text_match}) AND ({facets})" if facets else text_match
        # At most `cap` matches: rank them all, exactly. More: rank the first `cap` (by rowid),
        # a bounded cost whatever the words; the results are then the best of those, and `more`.
        # The statement scores one more than `cap` to know (and leaves that one out).
        found = _run(db, _ranked, query, self.cap + 1, match=match)
        scored = found[0][0]
        rows = [row[1:] for row in found if row[1] is not None]
        return rows, len(rows) > query.limit or scored > self.cap


def _relaxed_match(db: Connection, query_words: list[str]) -> str | None:
    """For words that match nothing: the same words with the last one cut inside its stem.

    The index holds Porter stems: "hallucination" is stored as "hallucin", so the prefixes
    "hallucina" … "hallucinatio", typed on the way to it, match no term and the results would
    vanish mid-word. Shorten the last word a letter at a time (at most five, never below four
    letters) until it matches. Asked only when a search found nothing, so it costs nothing else."""
    last = query_words[-1]
    if len(last) < 6 or _matches(db, text_expression(query_words), 1):
        return None  # short, or it matched and the filters left nothing
    for cut in range(1, 6):
        if len(last) - cut < 4:
            break
        shorter = text_expression([*query_words[:-1], last[:-cut]])
        if _matches(db, shorter, 1):
            return shorter
    return None


def _matches(db: Connection, match: str, n: int) -> list[int]:
    """Rowids of the first `n` matches, unranked: FTS5 stops after `n`."""
    # The driver's own cursor: up to a thousand ids per keystroke, without per-row wrapping.
    cursor = db.connection.driver_connection.execute(_MATCHES, (match, n))
    return [row[0] for row in cursor.fetchall()]


def _snippet(row: tuple, patterns: list) -> str:
    _, _, prompt, rubric, answer, follow_ups = row
    return question_snippet(prompt, rubric, answer, follow_ups, patterns)


def _is_query_error(exc: Exception) -> bool:
    """FTS5's complaints about a query (syntax, unknown column), not database trouble."""
    orig = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's error; _matches does not
    message = str(orig).lower()
    return isinstance(orig, sqlite3.OperationalError) and (
        message.startswith("fts5:") or "unterminated" in message or "malformed match" in message
    )


# The index's triggers, by the names migration 0002 gives them.
_TRIGGERS = ("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
             "AND name LIKE 'question\\_fts\\_%' ESCAPE '\\' ORDER BY name")
# The index's columns in order, as migration 0007 made them (follow-ups after the answer).
INDEXED_COLUMNS = "prompt, rubric, answer, follow_ups, topics, roles, facets"
_INDEX_ROWS = (f"INSERT INTO question_fts(rowid, {INDEXED_COLUMNS}) SELECT question_rowid, {INDEXED_COLUMNS} "
               "FROM question_fts_source WHERE question_rowid BETWEEN ? AND ?")
INDEX_CHUNK = 5000
OPTIMIZE_SHARE = 6  # the final merge takes a fifth (10,000 questions) to an eighth (100,000) of the filling


@contextmanager
def bulk_index(session: Session, indexed: Callable[[int, int], None] | None = None) -> Iterator[None]:
    """Write many questions without the per-row triggers, then index every question once.

    All inside the caller's transaction: the triggers are dropped, the body writes, the index
    is rebuilt and the triggers are created again from the SQL SQLite kept for them. SQLite's
    DDL is transactional, so a failure (or an exception from `indexed(done, total)`, called
    as the rebuild goes) rolls the whole of it back with the caller's transaction; until then
    the triggers stay dropped, which is why the caller must roll back, as it must anyway.

    The rebuild is FTS5's own 'rebuild' done in steps ('delete-all', then the questions in
    rowid ranges from the index's source view), so it can report progress and be stopped. As in
    migration 0002, segments are not merged while filling but once at the end ('optimize'):
    no slower than merging as it fills, and the index ends as one segment, which searches
    read fastest.
    """
    db = session.connection()
    if not db.connection.driver_connection.in_transaction:
        # The sqlite3 module only opens a transaction before INSERT/UPDATE/DELETE: dropping
        # the triggers first would be committed on the spot.
        db.exec_driver_sql("BEGIN")
    triggers = db.exec_driver_sql(_TRIGGERS).all()
    for name, _ in triggers:
        db.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    cursor = db.connection.driver_connection.cursor()
    rowids = [row[0] for row in cursor.execute("SELECT rowid FROM questions ORDER BY rowid")]
    total = len(rowids) + len(rowids) // OPTIMIZE_SHARE
    merging = dict(cursor.execute(
        "SELECT k, v FROM question_fts_config WHERE k IN ('automerge', 'crisismerge')").fetchall())
    _configure(cursor, automerge=0, crisismerge=2000)
    cursor.execute("INSERT INTO question_fts(question_fts) VALUES('delete-all')")
    for start in range(0, len(rowids), INDEX_CHUNK):
        chunk = rowids[start:start + INDEX_CHUNK]
        cursor.execute(_INDEX_ROWS, (chunk[0], chunk[-1]))
        if indexed is not None:
            indexed(start + len(chunk), total)
    cursor.execute("INSERT INTO question_fts(question_fts) VALUES('optimize')")
    _configure(cursor, automerge=merging.get("automerge", 4), crisismerge=merging.get("crisismerge", 16))
    log_everything_changed(cursor)  # the change log's triggers were off too (their names start so)
    for _, sql in triggers:
        cursor.execute(sql)
    if indexed is not None:
        indexed(total, total)


def _configure(cursor: sqlite3.Cursor, **settings: int) -> None:
    for key, value in settings.items():
        cursor.execute("INSERT INTO question_fts(question_fts, rank) VALUES(?, ?)", (key, int(value)))


def check_index(session: Session) -> None:
    """Raise if the index and the questions disagree (FTS5's own integrity check)."""
    session.execute(text("INSERT INTO question_fts(question_fts, rank) VALUES('integrity-check', 1)"))
