"""Searching the question bank: ranked text search with filters, safe for any input.

One small interface, two answers behind it:

- `search_sqlite.Fts5Search`: the FTS5 index created by migration 0002 (bm25 ranking,
  prefix matching on the last word, highlighted snippets);
- `search_like.LikeSearch`: a portable LIKE scan, for databases without that index
  (PostgreSQL until it gets its own `tsvector` backend, or SQLite built without FTS5).

    result = search(session, SearchQuery("lora rank", difficulties=("advanced",)))
    for hit in result.hits: hit.question_id, hit.score, hit.snippet

Any text a person can type is turned into plain words here (`words`), never into query
syntax, so search never raises on input; the worst outcome is no results. An empty query
(or one with no searchable words, like "?!") lists every question the filters allow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime
from typing import Iterator, Protocol, Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from desktop.core.models import Question, QuestionRole, QuestionTopic
from desktop.core.usage import NEVER, question_usage

RETIRED_STATES = ("active", "retired", "all")
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# Bounds on what a query may cost, whatever is pasted into the box.
MAX_WORDS = 12
MAX_WORD_CHARS = 64

# Highlighted words in a snippet are wrapped in these (control characters, never in text).
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 16


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    difficulties: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    retired: str = "active"  # "active", "retired" or "all"
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        for name in ("difficulties", "kinds", "topics", "roles"):  # lists are welcome too
            object.__setattr__(self, name, tuple(dict.fromkeys(getattr(self, name) or ())))
        if self.retired not in RETIRED_STATES:
            raise ValueError(f"retired must be one of {', '.join(RETIRED_STATES)}")
        object.__setattr__(self, "limit", max(1, min(int(self.limit), MAX_LIMIT)))
        object.__setattr__(self, "text", self.text or "")


@dataclass(frozen=True)
class SearchHit:
    question_id: str
    score: float = 0.0  # higher is better; 0 when there is no text to rank by
    snippet: str = ""  # matched words wrapped in MARK_START/MARK_END


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False  # more questions match than were returned
    backend: str = ""


class SearchBackend(Protocol):
    name: str

    def search(self, session: Session, query: SearchQuery) -> SearchResult: ...


# -- input -----------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The searchable words of any text: split on white space, keep pieces with a letter or
    digit, bounded in number and length. Punctuation inside a word stays (`multi-agent`)."""
    found = []
    for piece in (text or "").split():
        if any(ch.isalnum() for ch in piece):
            found.append(piece[:MAX_WORD_CHARS])
            if len(found) == MAX_WORDS:
                break
    return found


# -- filters (shared by every backend) -------------------------------------------------------


def filter_conditions(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The SQL form of the filters; the authority on what a result may be."""
    conditions: list[ColumnElement[bool]] = []
    if query.difficulties:
        conditions.append(Question.difficulty.in_(query.difficulties))
    if query.kinds:
        conditions.append(Question.kind.in_(query.kinds))
    if query.retired == "active":
        conditions.append(Question.retired.is_(False))
    elif query.retired == "retired":
        conditions.append(Question.retired.is_(True))
    if query.topics:
        conditions.append(exists().where(
            QuestionTopic.question_id == Question.id, QuestionTopic.topic_id.in_(query.topics)))
    if query.roles:
        conditions.append(exists().where(
            QuestionRole.question_id == Question.id, QuestionRole.role_id.in_(query.roles)))
    return conditions


def list_filtered(session: Session, query: SearchQuery, backend: str) -> SearchResult:
    """No words to search for: every question the filters allow, by id."""
    ids = list(session.scalars(
        select(Question.id).where(*filter_conditions(query)).order_by(Question.id).limit(query.limit + 1)
    ))
    return SearchResult([SearchHit(qid) for qid in ids[: query.limit]], len(ids) > query.limit, backend)


# -- choosing the backend --------------------------------------------------------------------


def backend_for(session: Session) -> SearchBackend:
    from desktop.core.search_like import LikeSearch
    from desktop.core.search_sqlite import Fts5Search, has_fts_index

    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and has_fts_index(session):
        return Fts5Search()
    return LikeSearch()


def search(session: Session, query: SearchQuery, backend: SearchBackend | None = None) -> SearchResult:
    """Ranked matches for `query`, best first, at most `query.limit` of them."""
    backend = backend or backend_for(session)
    if not words(query.text):
        return list_filtered(session, query, backend.name)
    return backend.search(session, query)


# -- highlighting ----------------------------------------------------------------------------

# Endings a whole word may carry and still count as the word typed (a rough echo of the index's
# Porter stemming; it only decides what is highlighted, never what matches).
_ENDINGS = r"(?:s|es|ed|e|er|ers|ing|ings|ion|ions|ation|ations|ate|ates|ated|ating|y|ies|ied)?"
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ied", "es", "ed", "s", "e", "y")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits, as the index splits text


def _stem(token: str) -> str:
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def word_patterns(query_words: list[str]) -> list[re.Pattern]:
    """One regex per query word, finding it in text the way the search matched it: the last
    word as a prefix, the others as whole words with common endings."""
    patterns = []
    for n, word in enumerate(query_words):
        tokens = _TOKEN.findall(word.lower())
        if not tokens:
            continue
        tail = r"\w*" if n == len(query_words) - 1 else _ENDINGS + r"\b"
        parts = [re.escape(t) for t in tokens[:-1]] + [re.escape(_stem(tokens[-1])) + tail]
        patterns.append(re.compile(r"\b" + r"[\W_]+".join(parts), re.IGNORECASE))
    return patterns


_FIELD_BREAK = "\x1f"  # between fields when searching them at once; not in typed text


@lru_cache(maxsize=64)
def _any_of(patterns: tuple[re.Pattern, ...]) -> tuple[re.Pattern, re.Pattern | None]:
    """The patterns as one regex, and the same regex for lower-case ASCII text (None unless
    every pattern is ASCII): see `_find`."""
    anywhere = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    lower = []
    for p in patterns:
        head = _HEAD.match(p.pattern)
        if not (head and p.pattern.isascii()):
            return anywhere, None
        # \bword... becomes word(?<!\wword)...: the same test, made after the letters.
        word = head.group(1)
        lower.append(f"(?:{word}(?<!\\w{word}){p.pattern[head.end():]})")
    return anywhere, re.compile("|".join(lower))


# `word_patterns` starts each pattern with \b and the word's first token, lower case; re.escape
# leaves ASCII letters and digits as they are.
_HEAD = re.compile(r"\\b([0-9a-z]+)")


def _find(anywhere: re.Pattern, lower: re.Pattern | None, text: str) -> Iterator[tuple[int, int]]:
    """Where `anywhere` matches in `text`, as (start, end). This runs for every row shown, and
    an ignore-case regex that starts with \\b gets no fast scan from `re`: it is tried at every
    character (some 10 µs a kilobyte). ASCII text is searched lower-cased with `lower`,
    which starts with plain letters `re` can scan for; same matches, a few times faster. Other
    text takes the slow path (beyond ASCII, ignoring case matches, say, k to the Kelvin sign)."""
    if lower is not None and text.isascii():
        return (found.span() for found in lower.finditer(text.lower()))
    return (found.span() for found in anywhere.finditer(text))


def _mark(anywhere: re.Pattern, lower: re.Pattern | None, text: str) -> str:
    """`text` with every match wrapped in MARK_START/MARK_END."""
    pieces, done = [], 0
    for start, end in _find(anywhere, lower, text):
        pieces += [text[done:start], MARK_START, text[start:end], MARK_END]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def make_snippet(fields: Sequence[str | None], patterns: list[re.Pattern], size: int = SNIPPET_WORDS) -> str:
    """About `size` words around the first match in the first field that has one, with every
    match in them wrapped in MARK_START/MARK_END; "" when nothing matches."""
    if not patterns:
        return ""
    anywhere, lower = _any_of(tuple(patterns))
    # One search over all the fields (this runs for every row shown), then keep to the field hit.
    joined = _FIELD_BREAK.join([f or "" for f in fields])
    found = next(_find(anywhere, lower, joined), None)
    if not found:
        return ""
    at, found_end = found
    start = joined.rfind(_FIELD_BREAK, 0, at) + 1
    end = joined.find(_FIELD_BREAK, found_end)
    end = end if end >= 0 else len(joined)
    # Look only near the match (answers can be long), without copying the field.
    reach = 12 * size
    before = joined[max(start, at - reach):at].split()
    if at - start > reach:
        before = before[1:]  # the first piece may be part of a word
    lead = before[-(size // 3):] if size >= 3 else []
    after_end = at + 2 * reach
    after = joined[at:min(after_end, end)].split()
    if after_end < end:
        after = after[:-1]
    window = lead + after[: size - len(lead)]
    cut_before = at - start > reach or len(lead) < len(before)
    cut_after = len(lead) + len(after) > len(window) or after_end < end
    marked = _mark(anywhere, lower, " ".join(window))
    return ("…" if cut_before else "") + marked + ("…" if cut_after else "")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) pieces, for whoever draws it."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(MARK_START)):
        if i == 0:
            parts.append((chunk, False))
            continue
        marked, _, rest = chunk.partition(MARK_END)
        parts += [(marked, True), (rest, False)]
    return [(text, marked) for text, marked in parts if text]


def plain_snippet(snippet: str, start: str = "[", end: str = "]") -> str:
    """A snippet for plain text output, matched words in [brackets] by default."""
    return "".join(f"{start}{text}{end}" if marked else text for text, marked in snippet_parts(snippet))


# -- questions with their hits ---------------------------------------------------------------


def questions_by_id(session: Session, ids: Sequence[str]) -> dict[str, Question]:
    found: dict[str, Question] = {}
    for start in range(0, len(ids), 500):  # stay under the bound-parameter limit
        chunk = select(Question).where(Question.id.in_(ids[start:start + 500]))
        found.update((q.id, q) for q in session.scalars(chunk))
    return found


def search_questions(session: Session, query: SearchQuery) -> tuple[list[tuple[Question, SearchHit]], bool]:
    """The matching questions (with their hit), best first, and whether more match."""
    result = search(session, query)
    questions = questions_by_id(session, [h.question_id for h in result.hits])
    pairs = [(questions[h.question_id], h) for h in result.hits if h.question_id in questions]
    return pairs, result.more


@dataclass(frozen=True)
class ResultRow:
    """One line of the Bank's results: plain data, safe to hand from a worker thread."""

    id: str
    prompt: str
    difficulty: str
    kind: str
    topics: tuple[str, ...]
    roles: tuple[str, ...]
    retired: bool
    times_asked: int
    last_asked: datetime | None
    score: float
    snippet: str


def search_rows(session: Session, query: SearchQuery) -> tuple[list[ResultRow], bool]:
    """What the Bank view shows for `query`: the matches with their tags and usage.

    Plain column reads, no ORM objects: this runs for every pause in typing."""
    result = search(session, query)
    ids = [h.question_id for h in result.hits]
    if not ids:
        return [], result.more
    columns = (Question.id, Question.prompt, Question.difficulty, Question.kind, Question.retired)
    found, topics, roles = {}, defaultdict(list), defaultdict(list)
    for start in range(0, len(ids), 500):  # stay under the bound-parameter limit
        chunk = ids[start:start + 500]
        found.update((r.id, r) for r in session.execute(select(*columns).where(Question.id.in_(chunk))))
        for qid, topic in session.execute(select(QuestionTopic.question_id, QuestionTopic.topic_id)
                                          .where(QuestionTopic.question_id.in_(chunk))
                                          .order_by(QuestionTopic.question_id, QuestionTopic.position)):
            topics[qid].append(topic)
        for qid, role in session.execute(select(QuestionRole.question_id, QuestionRole.role_id)
                                         .where(QuestionRole.question_id.in_(chunk))
                                         .order_by(QuestionRole.question_id, QuestionRole.role_id)):
            roles[qid].append(role)
    usage = question_usage(session, ids)
    rows = []
    for hit in result.hits:
        if (q := found.get(hit.question_id)) is None:
            continue
        used = usage.get(q.id, NEVER)
        rows.append(ResultRow(
            q.id, q.prompt, q.difficulty, q.kind, tuple(topics[q.id]), tuple(roles[q.id]), bool(q.retired),
            used.times, used.last, hit.score, hit.snippet,
        ))
    return rows, result.more
