"""Question snapshots on annotations, and signed seals on interviews and amendments.

Each annotation gets `question_snapshot`: what was asked (prompt, rubric, anchors, red flags,
difficulty, minutes, competencies, kind, follow-ups, topics), so later bank edits never change
a started or sealed scorecard. Interviews created before this revision have no snapshot: this
migration FILLS ONE FROM THE CURRENT BANK, i.e. from the questions as they are at the upgrade,
which may already differ from what was asked back then (the old schema did not keep it).
Their seals stay digest-only and verify as "legacy seal (unsigned)"; the legacy digest never
covered the questions, so filling the snapshot does not break it.

Interviews and amendments get `seal_content` (the signed content, canonical JSON),
`seal_signature` (Ed25519, base64) and `seal_key` (the signer's public key, base64);
amendments also get `previous_digest`, the link of their chain. Old rows keep these empty.

Revision ID: 0006
Revises: 0005
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SEAL_COLUMNS = (("seal_content", sa.Text()), ("seal_signature", sa.String(100)), ("seal_key", sa.String(64)))

# Frozen copies of the tables as this revision knows them (the models may change later).
_questions = sa.table(
    "questions", sa.column("id", sa.String), sa.column("prompt", sa.Text), sa.column("kind", sa.String),
    sa.column("difficulty", sa.String), sa.column("minutes", sa.Integer), sa.column("rubric", sa.JSON),
    sa.column("anchors", sa.JSON), sa.column("red_flags", sa.JSON), sa.column("competencies", sa.JSON),
    sa.column("follow_ups", sa.JSON),
)
_question_topics = sa.table("question_topics", sa.column("question_id", sa.String),
                            sa.column("topic_id", sa.String), sa.column("position", sa.Integer))
_annotations = sa.table("annotations", sa.column("id", sa.Integer), sa.column("question_id", sa.String),
                        sa.column("question_snapshot", sa.JSON))


def _fill_snapshots() -> None:
    """Old annotations get a snapshot of their question as the bank has it now."""
    bind = op.get_bind()
    topics: dict[str, list[str]] = {}
    for question_id, topic_id in bind.execute(
            sa.select(_question_topics.c.question_id, _question_topics.c.topic_id)
            .order_by(_question_topics.c.question_id, _question_topics.c.position)):
        topics.setdefault(question_id, []).append(topic_id)
    wanted = set(bind.execute(sa.select(_annotations.c.question_id).distinct()).scalars())
    if not wanted:
        return
    snapshots = {}
    for q in bind.execute(sa.select(_questions).where(_questions.c.id.in_(wanted))).mappings():
        snapshots[q["id"]] = {
            "prompt": q["prompt"], "kind": q["kind"], "difficulty": q["difficulty"],
            "minutes": q["minutes"] or 0, "rubric": list(q["rubric"] or []),
            "anchors": list(q["anchors"] or []), "red_flags": list(q["red_flags"] or []),
            "competencies": list(q["competencies"] or []), "follow_ups": list(q["follow_ups"] or []),
            "topics": topics.get(q["id"], []),
        }
    for question_id, snapshot in snapshots.items():
        bind.execute(_annotations.update().where(_annotations.c.question_id == question_id)
                     .values(question_snapshot=snapshot))


def upgrade() -> None:
    op.add_column("annotations", sa.Column("question_snapshot", sa.JSON(), nullable=True))
    for name, type_ in SEAL_COLUMNS:
        op.add_column("interviews", sa.Column(name, type_, nullable=True))
        op.add_column("amendments", sa.Column(name, type_, nullable=True))
    op.add_column("amendments", sa.Column("previous_digest", sa.String(64), nullable=True))
    _fill_snapshots()


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("amendments", "previous_digest")
    for name, _ in SEAL_COLUMNS:
        _drop_column("amendments", name)
        _drop_column("interviews", name)
    _drop_column("annotations", "question_snapshot")
