"""Search answered by PostgreSQL: the `search_vector` tsvector and GIN index of migration 0006.

The user's words never reach to_tsquery as syntax: each becomes a quoted lexeme (inner quotes
doubled, backslashes doubled, control characters dropped), the words are ANDed and the last
one gets `:*` for prefix matching while typing: `'lora' & 'ran':*`. A word of several tokens
("multi-agent", "a'b") becomes a phrase of them, as PostgreSQL parses it.

Ranking is what costs: ts_rank reads every match's vector. As with FTS5 (see fts5.py), one
statement per search does it all:

0. When the planner estimates (from the index's lexeme statistics) that most of the bank
   matches ("lo", "what"), let it scan the table: a bitmap of every match costs tens of ms.
   Otherwise statements read through the GIN index only (see _GIN_ONLY): with a LIMIT the
   planner would scan the table instead.
1. Take the matches that pass the filters, up to CANDIDATE_CAP + 1, with their vectors.
2. Rank them by ts_rank (prompt A above topics and rubric B, above follow-ups and answer C,
   above roles D), ties by id. At most CANDIDATE_CAP matches: that is every match, so the
   answer is exactly the top of a full sort (tests/core/test_search_ranking.py). More: the
   best of the first ones, with their real scores, and `more` is set.

bench/bench_search_pg.py measures this on a 100,000-question bank on a real server.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from functools import lru_cache, partial

from sqlalchemy import Float, Select, bindparam, cast, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import TSQUERY  # (also registers its to_tsquery, built below)
from sqlalchemy.orm import Session

from desktop.core.bank.search.query import SearchHit, SearchQuery, SearchResult, filter_conditions, words
from desktop.core.bank.search.snippets import question_snippet, word_patterns
from desktop.core.storage.models import Question

CONFIG = "question_search"  # the text search configuration migration 0006 creates
# ts_rank weights for D, C, B, A: roles, follow-ups/answer, topics/rubric, prompt (FTS5's 0.5:1:2:10).
WEIGHTS = "{0.05, 0.1, 0.2, 1.0}"
RANK_NORMALIZATION = 1  # divide by 1 + log(length): a long answer does not win by length alone
# ts_rank reads (detoasts) each candidate's vector: some 25-50 µs a row on this machine, so
# fewer candidates than FTS5's are ranked per keystroke.
CANDIDATE_CAP = 500

_DROPPED = ("Cc", "Cs")  # control characters (NUL ends nothing well) and lone surrogates (not UTF-8)
_VECTOR = literal_column("questions.search_vector")
_TSQUERY = func.to_tsquery(literal_column(f"'{CONFIG}'"), bindparam("tsquery"))
_MATCH = _VECTOR.op("@@")(_TSQUERY)
# The words and the filters' facet lexemes of migration 0008: one GIN lookup.
_FACETS = cast(bindparam("facets"), TSQUERY)
_FILTERED_MATCH = _VECTOR.op("@@")(_TSQUERY.op("&&")(_FACETS))


# The planner does not count what reading a tsvector costs (most are TOASTed), so with a
# LIMIT it scans the table "until enough match": 1 ms for "lo", 2.5 s for a word in no row.
# Searches read through the GIN index only (bitmap scans), for this transaction's statements
# of the search, and the settings are put back after them.
_GIN_ONLY = text(
    "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
    " set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
_RESTORE = text("SELECT set_config('enable_seqscan', :seqscan, true), set_config('enable_indexscan', :indexscan, true)")


DENSE_MATCHES = 20_000  # more estimated matches than this: too common to count
_ESTIMATE = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM questions WHERE search_vector @@ to_tsquery('{CONFIG}', :tsquery)"
_ESTIMATES = {False: text(_ESTIMATE), True: text(_ESTIMATE.replace(
    "@@ to_tsquery(", "@@ (to_tsquery(").replace(":tsquery)", ":tsquery) && CAST(:facets AS tsquery))"))}


def _estimated_matches(session: Session, tsquery: str, facets: str | None) -> float:
    """The planner's estimate of the rows that match (from the index's lexeme statistics)."""
    plan = session.execute(_ESTIMATES[facets is not None], {"tsquery": tsquery, "facets": facets}).scalar()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def has_search_vector(session: Session) -> bool:
    found = session.execute(text(
        "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('questions') "
        "AND attname = 'search_vector' AND NOT attisdropped"
    )).first()
    return found is not None


def quote(word: str) -> str:
    """A word as a tsquery lexeme: inside single quotes everything is text to the parser."""
    word = "".join(ch for ch in word if unicodedata.category(ch) not in _DROPPED)
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


# Characters inside a word that PostgreSQL's parser always reads as a gap between two tokens
# (not part of a version, host, file name or hyphenated word).
_GAPS = set("'\"`!?,;()[]{}<>*&|~^=+%$#")


def prefix(word: str) -> str:
    """A word as the prefix being typed. PostgreSQL puts `:*` on every token of a quoted word;
    only the last token is still being typed ("a'b" is "a" then a word starting with "b"), so
    what comes before the last gap is a phrase of whole tokens in front of it."""
    cut = max((i for i, ch in enumerate(word) if ch in _GAPS), default=-1) + 1
    head, tail = word[:cut], word[cut:]
    if any(ch.isalnum() for ch in head) and any(ch.isalnum() for ch in tail):
        return f"{quote(head)} <-> {quote(tail)}:*"
    return quote(word) + ":*"


def facet_tsquery(query: SearchQuery) -> str | None:
    """The filters as facet lexemes (migration 0008), or None when only the default (active)
    applies: `('#d:advanced' | '#d:beginner') & '#t:rag'`. Ranking never sees them."""
    parts = [
        "(" + " | ".join(quote(f"#{mark}:{v}") for v in values) + ")"
        for mark, values in (("d", query.difficulties), ("k", query.kinds), ("t", query.topics), ("r", query.roles))
        if values
    ]
    if query.retired == "retired":
        parts.append("'#retired'")
    return " & ".join(parts) or None


def tsquery_text(query_words: list[str]) -> str | None:
    """All the words ANDed, the last one as a prefix: `'lora' & 'ran':*`; None without words."""
    kept = [w for w in query_words if quote(w) != "''"]
    if not kept:
        return None
    return " & ".join([quote(w) for w in kept[:-1]] + [prefix(kept[-1])])


def _texts(ids: list[str]) -> Select:
    """(id, prompt, rubric, answer, follow_ups) of these questions."""
    return select(Question.id, Question.prompt, Question.rubric, Question.answer, Question.follow_ups).where(
        Question.id.in_(ids))


class PostgresSearch:
    name = "postgresql-tsvector"

    def __init__(self, cap: int | None = None):
        self.cap = CANDIDATE_CAP if cap is None else cap

    def search(self, session: Session, query: SearchQuery) -> SearchResult:
        query_words = words(query.text)
        tsquery = tsquery_text(query_words)
        if tsquery is None:
            return SearchResult([], False, self.name)
        previous = session.execute(_GIN_ONLY).one()
        try:
            scored, more = self._scored(session, query, query_words, tsquery)
            if not scored and (relaxed := self._relaxed(session, query_words)):
                scored, more = self._scored(session, query, query_words, relaxed)
            shown = scored[: query.limit]
            texts = {row.id: row for row in session.execute(_texts([qid for qid, _ in shown]))} if shown else {}
        finally:
            session.execute(_RESTORE, {"seqscan": previous[0], "indexscan": previous[1]})
        patterns = word_patterns(query_words)
        hits = [
            SearchHit(qid, float(f"{score:.4g}"), partial(_snippet, texts[qid], patterns))
            for qid, score in shown if qid in texts
        ]
        return SearchResult(hits, more, self.name)

    def _scored(self, session: Session, query: SearchQuery, query_words: list[str],
                tsquery: str) -> tuple[list[tuple[str, float]], bool]:
        """(id, score) of the best matches, best first, and whether more match."""
        facets = facet_tsquery(query)
        dense = _estimated_matches(session, tsquery, facets) > DENSE_MATCHES
        if dense:
            # Most rows match ("lo", "what"): a bitmap of them all costs tens of ms, while a
            # plain scan finds the first `cap` at once. The planner picks the scan.
            session.execute(_RESTORE, {"seqscan": "on", "indexscan": "on"})
        rows = session.execute(_ranked(query), {"tsquery": tsquery, "facets": facets, "cap": self.cap + 1}).all()
        if dense:
            session.execute(_GIN_ONLY)
        found = rows[0].found if rows else 0
        return [(r.id, float(r.score)) for r in rows], len(rows) > query.limit or found > self.cap

    def _relaxed(self, session: Session, query_words: list[str]) -> str | None:
        """For words that match nothing: the same words with the last one cut inside its stem.

        The index holds Snowball stems ("hallucination" is "hallucin"), so "hallucina", typed
        on the way to it, matches nothing. As fts5.py does: shorten the last word a letter at a
        time (at most five, never below four letters) until it matches. Asked only when a
        search found nothing."""
        last = query_words[-1]
        if len(last) < 6 or self._any(session, tsquery_text(query_words)):
            return None  # short, or it matched and the filters left nothing
        for cut in range(1, 6):
            if len(last) - cut < 4:
                break
            shorter = tsquery_text([*query_words[:-1], last[:-cut]])
            if shorter and self._any(session, shorter):
                return shorter
        return None

    @staticmethod
    def _any(session: Session, tsquery: str | None) -> bool:
        return tsquery is not None and session.execute(
            select(literal_column("1")).select_from(Question).where(_MATCH).limit(1),
            {"tsquery": tsquery}).first() is not None


@lru_cache(maxsize=256)
def _ranked_for(filters: SearchQuery) -> Select:
    """The first `cap` matches that pass the filters (one bitmap scan of the GIN index, or a
    plain scan when most rows match), ranked by ts_rank, ties by id, with their count: all
    of them when there are at most `cap`, so the answer is then the top of a full sort."""
    match = _FILTERED_MATCH if facet_tsquery(filters) else _MATCH
    found = (select(Question.id, _VECTOR.label("vector")).where(match, *filter_conditions(filters))
             .limit(bindparam("cap")).cte("found").prefix_with("MATERIALIZED"))
    score = func.ts_rank(literal_column(f"'{WEIGHTS}'"), found.c.vector, _TSQUERY, RANK_NORMALIZATION,
                         type_=Float).label("score")
    count = select(func.count()).select_from(found).scalar_subquery().label("found")
    return (select(found.c.id, score, count).order_by(score.desc(), found.c.id)
            .limit(filters.limit + 1))


def _ranked(query: SearchQuery) -> Select:
    return _ranked_for(replace(query, text=""))


def _snippet(row, patterns: list) -> str:
    return question_snippet(row.prompt, row.rubric, row.answer, row.follow_ups, patterns)
