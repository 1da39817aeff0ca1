"""Search answered by a plain LIKE scan: portable (any SQLAlchemy database), slow at scale.

Used where there is no FTS5 index (PostgreSQL until a `tsvector` backend exists, SQLite built
without FTS5), and by bench/bench_search.py as the baseline. Every word must appear somewhere
(prompt, rubric, answer, a topic or a role, as a substring, case-insensitive); the score counts
where: a word in the prompt weighs most.
"""

from __future__ import annotations

from sqlalchemy import Text, case, cast, exists, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from desktop.core.storage.models import Question, QuestionRole, QuestionTopic, Role, Topic
from desktop.core.bank.search.query import SearchHit, SearchQuery, SearchResult, filter_conditions, questions_by_id, words
from desktop.core.bank.search.snippets import make_snippet, word_patterns

PROMPT_WEIGHT, RUBRIC_WEIGHT, ANSWER_WEIGHT, TAG_WEIGHT = 10, 2, 1, 2


def like_pattern(word: str) -> str:
    """`%word%` with LIKE's own wildcards taken literally. SQLite ends a pattern at NUL
    (`%` + NUL + `x%` would be `%`, matching everything), so NUL is dropped."""
    escaped = word.replace("\x00", "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column, pattern: str) -> ColumnElement[bool]:
    return column.ilike(pattern, escape="\\")


def _word_matches(session: Session, pattern: str) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    """Where one word may appear, and the score for where it does."""
    in_prompt = _contains(Question.prompt, pattern)
    in_rubric = _contains(cast(Question.rubric, Text), pattern)
    in_answer = _contains(Question.answer, pattern)
    # Topics and roles are few: find the ones the word names first, not once per question.
    topic_ids = list(session.scalars(
        select(Topic.id).where(or_(_contains(Topic.id, pattern), _contains(Topic.name, pattern)))))
    role_ids = list(session.scalars(
        select(Role.id).where(or_(_contains(Role.id, pattern), _contains(Role.name, pattern)))))
    in_topics = exists().where(QuestionTopic.question_id == Question.id, QuestionTopic.topic_id.in_(topic_ids))
    in_roles = exists().where(QuestionRole.question_id == Question.id, QuestionRole.role_id.in_(role_ids))
    places = [in_prompt, in_rubric, in_answer] + ([in_topics] if topic_ids else []) + ([in_roles] if role_ids else [])
    score = (
        case((in_prompt, PROMPT_WEIGHT), else_=0)
        + case((in_rubric, RUBRIC_WEIGHT), else_=0)
        + case((in_answer, ANSWER_WEIGHT), else_=0)
        + (case((in_topics, TAG_WEIGHT), else_=0) if topic_ids else 0)
    )
    return or_(*places), score


class LikeSearch:
    name = "like"

    def search(self, session: Session, query: SearchQuery) -> SearchResult:
        query_words = words(query.text)
        conditions, score = [], literal(0)
        for word in query_words:
            matches, word_score = _word_matches(session, like_pattern(word))
            conditions.append(matches)
            score = score + word_score
        score = score.label("score")
        rows = session.execute(
            select(Question.id, score)
            .where(*conditions, *filter_conditions(query))
            .order_by(score.desc(), Question.id)
            .limit(query.limit + 1)
        ).all()
        shown = rows[: query.limit]
        questions = questions_by_id(session, [r.id for r in shown])
        patterns = word_patterns(query_words)
        hits = [
            SearchHit(r.id, float(r.score), make_snippet(_texts(questions[r.id]), patterns))
            for r in shown if r.id in questions
        ]
        return SearchResult(hits, len(rows) > query.limit, self.name)


def _texts(q: Question) -> list[str | None]:
    return [q.prompt, *(q.rubric or []), q.answer]
