"""What a search asks and answers, and the interface every backend implements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from desktop.core.storage.models import Question, QuestionRole, QuestionTopic

RETIRED_STATES = ("active", "retired", "all")
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# Ranked matches a results page holds: the Bank shows one page of the best, and the next as the
# list is scrolled to its end (a screen holds 10-20 rows; reading rows is most of a search).
PAGE = 50
# Bounds on what a query may cost, whatever is pasted into the box.
MAX_WORDS = 12
MAX_WORD_CHARS = 64

# Highlighted words in a snippet are wrapped in these (control characters, never in text).
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 16

# Never part of a word, whatever is typed or passed on a command line: control characters
# (SQLite's LIKE ends a pattern at NUL, so "\x00x" matched every question) and lone surrogates
# (Python's stand-ins for bytes that did not decode, as in `search $'caf\xe9'`; no database
# driver can send them).
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


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
            values = (_storable(v) for v in getattr(self, name) or ())
            object.__setattr__(self, name, tuple(dict.fromkeys(values)))
        if self.retired not in RETIRED_STATES:
            raise ValueError(f"retired must be one of {', '.join(RETIRED_STATES)}")
        object.__setattr__(self, "limit", max(1, min(int(self.limit), MAX_LIMIT)))
        object.__setattr__(self, "text", self.text or "")


@dataclass(frozen=True)
class SearchHit:
    question_id: str
    score: float = 0.0  # higher is better; 0 when there is no text to rank by
    # The snippet, or how to cut it: a search returns a hundred hits and the Bank shows a
    # snippet only for the selected row or a tooltip, so it is cut when first read.
    snippet_source: str | Callable[[], str] = field(default="", repr=False, compare=False)

    @property
    def snippet(self) -> str:
        """About SNIPPET_WORDS words around the match, matched words in MARK_START/MARK_END."""
        return read_snippet(self)


def read_snippet(holder) -> str:
    """`holder.snippet_source`, cut (once) if it is still a function."""
    source = holder.snippet_source
    if callable(source):
        source = source()
        object.__setattr__(holder, "snippet_source", source)  # frozen dataclasses: a cache
    return source


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False  # more questions match than were returned
    backend: str = ""
    total: int | None = None  # how many match, when the backend counts them (the ranked index does)
    total_at_least: bool = False  # `total` is a lower bound (a short prefix stood for its commonest terms)
    stale: bool = False  # the ranked index needs rebuilding (ranked_index.build_index); the database answered
    # False: the index's best ids, not yet read from the database (no snippets, the SQL
    # filters not yet applied); whoever reads their rows reads the texts with them.
    read: bool = True


class SearchBackend(Protocol):
    name: str

    def search(self, session: Session, query: SearchQuery) -> SearchResult: ...


# -- input -----------------------------------------------------------------------------------


def _storable(value):
    """A filter value the database can be asked about: a lone surrogate becomes U+FFFD, which
    no stored id holds, so the filter matches nothing instead of failing to encode."""
    return _SURROGATES.sub("\ufffd", value) if isinstance(value, str) else value


def words(text: str) -> list[str]:
    """The searchable words of any text: split on white space (control characters and lone
    surrogates count as space), keep pieces with a letter or digit, bounded in number and
    length. Punctuation inside a word stays (`multi-agent`)."""
    found = []
    for piece in _NOT_TEXT.sub(" ", text or "").split():
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


def questions_by_id(session: Session, ids: Sequence[str]) -> dict[str, Question]:
    found: dict[str, Question] = {}
    for start in range(0, len(ids), 500):  # stay under the bound-parameter limit
        chunk = select(Question).where(Question.id.in_(ids[start:start + 500]))
        found.update((q.id, q) for q in session.scalars(chunk))
    return found

