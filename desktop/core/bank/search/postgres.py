"""Search answered by PostgreSQL: the `search_vector` tsvector and GIN index of migration 0006.

The user's words never reach to_tsquery as syntax: each becomes a quoted lexeme (inner quotes
doubled, backslashes doubled, control characters dropped), the words are ANDed and the last
one gets `:*` for prefix matching while typing: `'lora' & 'ran':*`. A word of several tokens
("multi-agent", "a'b") becomes a phrase of them, as PostgreSQL parses it.

Ranking is what costs: ts_rank reads every match's vector. As with FTS5 (see fts5.py):

0. When the planner estimates (from the index's lexeme statistics) that most of the bank
   matches ("lo", "what"), go to 3 without counting: a plain scan finds a pool at once, while
   a bitmap of every match costs tens of ms. Otherwise statements read through the GIN index
   only (see _GIN_ONLY): with a LIMIT the planner would scan the table instead.
1. Take the ids of the matches that pass the filters, up to CANDIDATE_CAP + 1.
2. At most CANDIDATE_CAP: rank them all by ts_rank (prompt A above topics and rubric B, above
   follow-ups and answer C, above roles D), ties by id: exact.
3. More: the input is short or common and the person is still typing. Don't rank: take the
   first UNRANKED_POOL of those ids, those with every word in the prompt first, shorter
   prompts first. Their `score` is 0 and `more` is set.

bench/bench_search_pg.py measures this on a 100,000-question bank on a real server.
"""

from __future__ import annotations

import json
import unicodedata

from sqlalchemy import Float, Select, bindparam, func, literal_column, select, text
from sqlalchemy.dialects import postgresql  # noqa: F401  (registers its to_tsquery, before it is built below)
from sqlalchemy.orm import Session

from desktop.core.bank.search.query import SearchHit, SearchQuery, SearchResult, filter_conditions, words
from desktop.core.bank.search.snippets import make_snippet, word_patterns
from desktop.core.storage.models import Question

CONFIG = "question_search"  # the text search configuration migration 0006 creates
# ts_rank weights for D, C, B, A: roles, follow-ups/answer, topics/rubric, prompt (FTS5's 0.5:1:2:10).
WEIGHTS = "{0.05, 0.1, 0.2, 1.0}"
RANK_NORMALIZATION = 1  # divide by 1 + log(length): a long answer does not win by length alone
CANDIDATE_CAP = 1000
UNRANKED_POOL = 150

_DROPPED = ("Cc", "Cs")  # control characters (NUL ends nothing well) and lone surrogates (not UTF-8)
_VECTOR = literal_column("questions.search_vector")
_TSQUERY = func.to_tsquery(literal_column(f"'{CONFIG}'"), bindparam("tsquery"))
_MATCH = _VECTOR.op("@@")(_TSQUERY)
_SCORE = func.ts_rank(literal_column(f"'{WEIGHTS}'"), _VECTOR, _TSQUERY, RANK_NORMALIZATION, type_=Float)


# The planner does not count what reading a tsvector costs (most are TOASTed), so with a
# LIMIT it scans the table "until enough match": 1 ms for "lo", 2.5 s for a word in no row.
# Searches read through the GIN index only (bitmap scans), for this transaction's statements
# of the search, and the settings are put back after them.
_GIN_ONLY = text(
    "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
    " set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
_RESTORE = text("SELECT set_config('enable_seqscan', :seqscan, true), set_config('enable_indexscan', :indexscan, true)")


DENSE_MATCHES = 20 * CANDIDATE_CAP  # more estimated matches than this: too common to count
_ESTIMATE = text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM questions WHERE search_vector @@ to_tsquery('{CONFIG}', :tsquery)")


def _estimated_matches(session: Session, tsquery: str) -> float:
    """The planner's estimate of the rows the text matches (from the index's lexeme statistics)."""
    plan = session.execute(_ESTIMATE, {"tsquery": tsquery}).scalar()
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

    def __init__(self, cap: int = CANDIDATE_CAP, pool: int = UNRANKED_POOL):
        self.cap, self.pool = cap, pool

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
            SearchHit(qid, round(score, 4), make_snippet(_fields(texts[qid]), patterns))
            for qid, score in shown if qid in texts
        ]
        return SearchResult(hits, more, self.name)

    def _scored(self, session: Session, query: SearchQuery, query_words: list[str],
                tsquery: str) -> tuple[list[tuple[str, float]], bool]:
        """(id, score) of the best matches, best first, and whether more match."""
        conditions = [_MATCH, *filter_conditions(query)]
        if _estimated_matches(session, tsquery) > DENSE_MATCHES:
            # Most rows match ("lo", "what"): a bitmap of them all costs tens of ms, while a
            # plain scan finds a pool at once. Skip counting; the planner picks the scan.
            session.execute(_RESTORE, {"seqscan": "on", "indexscan": "on"})
            pool = list(session.scalars(
                select(Question.id).where(*conditions).limit(max(self.pool, query.limit)), {"tsquery": tsquery}))
            session.execute(_GIN_ONLY)
            return [(qid, 0.0) for qid in _unranked(session, pool, query_words)], True
        found = list(session.scalars(
            select(Question.id).where(*conditions).limit(self.cap + 1), {"tsquery": tsquery}))
        if not found:
            return [], False
        if len(found) <= self.cap:  # specific enough to rank every match
            score = _SCORE.label("score")
            rows = session.execute(
                select(Question.id, score).where(*conditions)
                .order_by(score.desc(), Question.id).limit(query.limit + 1),
                {"tsquery": tsquery},
            ).all()
            return [(r.id, float(r.score)) for r in rows], len(rows) > query.limit
        pool = found[: max(self.pool, query.limit)]
        return [(qid, 0.0) for qid in _unranked(session, pool, query_words)], True

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


def _unranked(session: Session, pool: list[str], query_words: list[str]) -> list[str]:
    """The pool's ids, every word in the prompt first, then shorter prompts, then by id."""
    prompts = dict(session.execute(select(Question.id, Question.prompt).where(Question.id.in_(pool))).all())
    wanted = [w.lower() for w in query_words]

    def order(qid: str) -> tuple:
        prompt = (prompts.get(qid) or "").lower()
        return not all(w in prompt for w in wanted), len(prompt), qid

    return sorted(prompts, key=order)


def _fields(row) -> list[str | None]:
    return [row.prompt, *_points(row.rubric), row.answer, *_points(row.follow_ups)]


def _points(value) -> list[str]:
    if isinstance(value, str):  # a driver that hands JSON back as text
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []
