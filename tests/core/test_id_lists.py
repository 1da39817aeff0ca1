"""One bound list of ids, whatever its length, on both databases."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from desktop.core.storage.id_lists import ids_in
from desktop.core.storage.models import Question, QuestionTopic


def test_each_database_gets_one_parameter_whatever_the_count():
    statement = select(Question.id).where(ids_in(Question.id))
    assert "= ANY (%(ids)s::VARCHAR[])" in str(statement.compile(dialect=postgresql.psycopg.dialect()))
    # a comparison as it is: "IN (...) = 1" would keep SQLite from its index (a full scan)
    assert str(statement.compile(dialect=sqlite.dialect())).endswith("IN (SELECT value FROM json_each(?))")


def test_more_ids_than_sqlite_binds_and_any_text_in_them(store):
    with store.session() as s:
        some = s.scalars(select(Question.id).order_by(Question.id).limit(2)).all()
        ids = [*some, *(f"none-{n}" for n in range(40_000)), "it's \"quoted\" é"]
        found = s.scalars(select(Question.id).where(ids_in(Question.id)).order_by(Question.id), {"ids": ids})
        assert list(found) == some


def test_each_column_is_its_own_statement_in_the_cache(store):
    """The statement cache keys on the column and the name: two filters never share SQL."""
    with store.session() as s:
        some = s.scalars(select(Question.id).order_by(Question.id).limit(3)).all()
        topic_of = dict(s.execute(select(QuestionTopic.question_id, QuestionTopic.topic_id)
                                  .where(QuestionTopic.question_id == some[0])).all())
        for ids in (some[:1], some, some[:2]):  # lengths vary: the same statement text
            found = s.scalars(select(Question.id).where(ids_in(Question.id)).order_by(Question.id), {"ids": ids})
            assert list(found) == sorted(ids)
        topics = s.execute(select(QuestionTopic.question_id, QuestionTopic.topic_id)
                           .where(ids_in(QuestionTopic.question_id)), {"ids": some[:1]}).all()
        assert dict(topics) == topic_of
