"""One note per competency on each interview, and the scale its ratings were given on.

`interviews.competency_notes`: {competency id: text}, the interviewer's note on each
competency the interview assesses (empty for every existing interview).

`interviews.rating_scale`: "anchored" (each question's own 1-4 anchors, the global scale only
where a question has none) or "global" (the one 1-4 scale of rubric coverage, "No evidence …
Exceptional, beyond the rubric", from before question anchors). New interviews are anchored.
Existing ones are marked global when they were begun and none of their questions, as asked,
has anchors: that is every interview from before 0004, whose snapshots 0006 filled from a
bank that had no anchors yet (a database already past 0004 has snapshots with the anchors the
interviewer saw). Interviews with a signed seal (0006 on, after anchors) stay anchored, so
their seals still hold. Limit: a database that stopped at 0004 or 0005 and synced anchors
into its bank before 0006 lost the record of which interviews predate them; those read as
anchored.

Revision ID: 0008
Revises: 0007
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies of the tables as this revision knows them.
_interviews = sa.table("interviews", sa.column("id", sa.Integer), sa.column("status", sa.String),
                       sa.column("seal_content", sa.Text), sa.column("rating_scale", sa.String))
_annotations = sa.table("annotations", sa.column("interview_id", sa.Integer), sa.column("question_id", sa.String),
                        sa.column("question_snapshot", sa.JSON))
_questions = sa.table("questions", sa.column("id", sa.String), sa.column("anchors", sa.JSON))


def _anchored(anchors) -> bool:
    """A full set of four anchors, as the live view requires to show them (instrument.anchors_of)."""
    return isinstance(anchors, list) and len(anchors) == 4 and all(str(a).strip() for a in anchors)


def _mark_global_scale() -> None:
    bind = op.get_bind()
    bank = {qid: _anchored(anchors) for qid, anchors in bind.execute(sa.select(_questions.c.id, _questions.c.anchors))}
    candidates = set(bind.execute(sa.select(_interviews.c.id).where(
        _interviews.c.status != "planned", _interviews.c.seal_content.is_(None))).scalars())
    if not candidates:
        return
    with_anchors = set()
    for interview_id, question_id, snapshot in bind.execute(
            sa.select(_annotations.c.interview_id, _annotations.c.question_id, _annotations.c.question_snapshot)):
        if interview_id in candidates:
            asked = _anchored((snapshot or {}).get("anchors")) if snapshot else bank.get(question_id, False)
            if asked:
                with_anchors.add(interview_id)
    ids = sorted(candidates - with_anchors)
    for start in range(0, len(ids), 500):
        bind.execute(_interviews.update().where(_interviews.c.id.in_(ids[start:start + 500]))
                     .values(rating_scale="global"))


def upgrade() -> None:
    op.add_column("interviews", sa.Column("competency_notes", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column("interviews", sa.Column("rating_scale", sa.String(20), nullable=False,
                                          server_default=sa.text("'anchored'")))
    _mark_global_scale()


def _drop_column(table: str, column: str) -> None:
    # Not a batch copy on SQLite (see 0004).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("interviews", "rating_scale")
    _drop_column("interviews", "competency_notes")
