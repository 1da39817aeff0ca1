"""Searching the question bank: ranked text search with filters, safe for any input.

One small interface, four answers behind it:

- `tantivy_search.TantivySearch`: the ranked index beside the database (ranked_index.py), a
  real bm25 top-k, used on both databases whenever that index is current;
- `fts5.Fts5Search`: the FTS5 index created by migrations 0002 and 0006 (bm25 ranking,
  prefix matching on the last word, highlighted snippets);
- `postgres.PostgresSearch`: PostgreSQL's tsvector and GIN index of migration 0006, the same
  way (ts_rank ranking, prefix matching on the last word);
- `like.LikeSearch`: a portable LIKE scan, for databases without either index (SQLite built
  without FTS5, a database not yet upgraded).

The last three are the fallback while the ranked index is missing, being built or busy.

    result = search(session, SearchQuery("lora rank", difficulties=("advanced",)))
    for hit in result.hits: hit.question_id, hit.score, hit.snippet

Any text a person can type is turned into plain words here (`words`), never into query
syntax, so search never raises on input; the worst outcome is no results. An empty query
(or one with no searchable words, like "?!") lists every question the filters allow.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Callable, Collection
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.bank.search.fts5 import Fts5Search, has_fts_index
from desktop.core.bank.search.like import LikeSearch
from desktop.core.bank.search.postgres import PostgresSearch, has_search_vector
from desktop.core.bank.search.ranked_index import current_index
from desktop.core.bank.search.tantivy_search import TantivySearch, cut_snippet, texts
from desktop.core.bank.search.query import (  # noqa: F401  (the interface, for callers)
    DEFAULT_LIMIT,
    MARK_END,
    MARK_START,
    MAX_LIMIT,
    PAGE,
    RETIRED_STATES,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    list_filtered,
    questions_by_id,
    read_snippet,
    words,
)
from desktop.core.bank.search.snippets import plain_snippet, snippet_parts, word_patterns  # noqa: F401
from desktop.core.bank.usage import NEVER, question_usage
from desktop.core.collector import cycle_collector_paused
from desktop.core.storage.id_lists import ids_in
from desktop.core.storage.models import Question, QuestionTopic


def database_backend(session: Session) -> SearchBackend:
    """The database's own index (the fallback)."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and has_fts_index(session):
        return Fts5Search()
    if bind.dialect.name == "postgresql" and has_search_vector(session):
        return PostgresSearch()
    return LikeSearch()


def _choose(session: Session) -> tuple[SearchBackend, bool]:
    """The backend to answer with now, and whether the ranked index needs rebuilding."""
    verdict = current_index(session)
    if verdict.index is not None:
        return TantivySearch(verdict.index), False
    return database_backend(session), verdict.stale


def backend_for(session: Session) -> SearchBackend:
    return _choose(session)[0]


def search(session: Session, query: SearchQuery, backend: SearchBackend | None = None,
           *, read: bool = True) -> SearchResult:
    """Ranked matches for `query`, best first, at most `query.limit` of them. With read=False
    the ranked index's hits may come unread (`SearchResult.read`): the caller reads them."""
    if not words(query.text):
        return list_filtered(session, query, backend.name if backend else "")
    stale = False
    if backend is None:
        backend, stale = _choose(session)
    try:
        result = backend.search(session, query) if read or not isinstance(backend, TantivySearch) \
            else backend.rank(query)
    except ValueError:  # Tantivy could not read its index (a damaged file): rebuilt from the database
        if not isinstance(backend, TantivySearch):
            raise
        backend.index.reset()
        result, stale = database_backend(session).search(session, query), True
    result.stale = stale
    return result


def search_questions(session: Session, query: SearchQuery) -> tuple[list[tuple[Question, SearchHit]], bool]:
    """The matching questions (with their hit), best first, and whether more match."""
    result = search(session, query)
    questions = questions_by_id(session, [h.question_id for h in result.hits])
    pairs = [(questions[h.question_id], h) for h in result.hits if h.question_id in questions]
    return pairs, result.more


@dataclass(frozen=True)
class ResultRow:
    """One line of the Bank's results: plain data, safe to hand from a worker thread (what
    the list shows: the details pane reads the whole question)."""

    id: str
    prompt: str
    difficulty: str
    kind: str
    topics: tuple[str, ...]
    retired: bool
    times_asked: int
    last_asked: datetime | None
    score: float
    snippet_source: str | Callable[[], str] = field(default="", repr=False, compare=False)

    @property
    def snippet(self) -> str:
        """The hit's snippet, cut when first read (see SearchHit)."""
        return read_snippet(self)


# Built once, the ids bound as one list (id_lists): building an IN of a hundred literals for
# each of them cost more than running them.
_ROW_COLUMNS = (Question.id, Question.prompt, Question.difficulty, Question.kind, Question.retired)
_ROWS = select(*_ROW_COLUMNS).where(ids_in(Question.id))
_ROW_TOPICS = (select(QuestionTopic.question_id, QuestionTopic.topic_id).where(ids_in(QuestionTopic.question_id))
               .order_by(QuestionTopic.question_id, QuestionTopic.position))


@dataclass(frozen=True)
class ResultPage:
    """What the Bank shows for a search: its rows and what to say about them."""

    rows: list[ResultRow]
    more: bool  # more match than are shown
    total: int | None = None  # how many match, when counted
    total_at_least: bool = False  # `total` is a lower bound
    ranked_all: bool = True  # the rows are the best of every match (False: of the first ones only)
    stale: bool = False  # the ranked index needs rebuilding


def search_rows(session: Session, query: SearchQuery,
                backend: SearchBackend | None = None) -> tuple[list[ResultRow], bool]:
    """What the Bank view shows for `query`: the matches with their tags and usage, and
    whether more match. Plain column reads, no ORM objects: this runs for every pause in typing."""
    page = search_page(session, query, backend)
    return page.rows, page.more


def search_page(session: Session, query: SearchQuery, backend: SearchBackend | None = None,
                *, shown: Collection[str] = ()) -> ResultPage:
    """`search_rows` with the count of matches and whether every match was ranked.

    `shown`: ids already on screen, from this query with a smaller limit (the pages before):
    only the other rows are read and returned, best first. Every backend ranks in a total
    order (equal scores by id, or by the index's own document order), so the best n at a
    smaller limit are among the best at a larger one: the pages add up to one search's rows."""
    # A search makes a few thousand small objects and no cycles; a collection of a large heap
    # in the middle of one was the slowest search (the app collects on the GUI thread only).
    with cycle_collector_paused():
        result = search(session, query, backend, read=False)
        if shown:
            shown = set(shown)
            result.hits = [hit for hit in result.hits if hit.question_id not in shown]
        rows = _rows(session, result, query)
    # The database's indexes rank at most their CANDIDATE_CAP first matches (fts5.py).
    ranked_all = result.backend == TantivySearch.name or not result.more or not words(query.text)
    return ResultPage(rows, result.more, result.total, result.total_at_least, ranked_all, result.stale)


def _rows(session: Session, result: SearchResult, query: SearchQuery) -> list[ResultRow]:
    """The hits' rows, read once: with the texts of their snippets and the SQL filters when
    the ranked index's hits come unread. Core statements on the session's connection: the
    ORM's layer added a third to each."""
    ids = [h.question_id for h in result.hits]
    if not ids:
        return []
    connection = session.connection()
    params = {"ids": ids}
    if result.read:
        found = {row[0]: row for row in connection.execute(_ROWS, params).fetchall()}
    else:
        found = texts(session, query, result.hits, *_ROW_COLUMNS)
        patterns = word_patterns(words(query.text))
    topics = defaultdict(list)
    for qid, topic in connection.execute(_ROW_TOPICS, params).fetchall():
        topics[qid].append(topic)
    usage = question_usage(session, ids)
    rows = []
    for hit in result.hits:
        if (q := found.get(hit.question_id)) is None:
            continue
        used = usage.get(hit.question_id, NEVER)
        snippet = hit.snippet_source if result.read else partial(cut_snippet, q[len(_ROW_COLUMNS):], patterns)
        rows.append(ResultRow(
            q[0], q[1], q[2], q[3], tuple(topics[q[0]]), bool(q[4]),
            used.times, used.last, hit.score, snippet,
        ))
    return rows
