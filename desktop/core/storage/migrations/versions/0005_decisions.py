"""Hiring decisions, sealed, each with the composite it was taken against.

Revision ID: 0005
Revises: 0004
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("loop_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("composite", sa.Float(), nullable=True),
        sa.Column("composite_side", sa.String(20), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=True),
        sa.Column("public_key", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"], ondelete="CASCADE",
                                name=op.f("fk_decisions_candidate_id_candidates")),
        sa.ForeignKeyConstraint(["loop_id"], ["loops.id"], ondelete="SET NULL",
                                name=op.f("fk_decisions_loop_id_loops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_candidate_id"), "decisions", ["candidate_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decisions_candidate_id"), table_name="decisions")
    op.drop_table("decisions")
