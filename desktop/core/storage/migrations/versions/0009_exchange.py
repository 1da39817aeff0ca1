"""The laptop exchange: stable keys for candidates, loops and sets, and imported scorecards' ids.

`exchange_keys` names a candidate, loop or set by a key that travels in loop kits and
scorecard cards, so another database finds its own row. `card_origins` keeps, for a scorecard
imported from another database, the ids it was signed with there (docs/exchange.md).
Both are new tables: nothing existing changes.

Revision ID: 0009
Revises: 0008
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "exchange_keys",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("loop_id", sa.Integer(), nullable=True),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"], ondelete="CASCADE",
                                name=op.f("fk_exchange_keys_candidate_id_candidates")),
        sa.ForeignKeyConstraint(["loop_id"], ["loops.id"], ondelete="CASCADE",
                                name=op.f("fk_exchange_keys_loop_id_loops")),
        sa.ForeignKeyConstraint(["set_id"], ["interview_sets.id"], ondelete="CASCADE",
                                name=op.f("fk_exchange_keys_set_id_interview_sets")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_exchange_keys")),
    )
    for column in ("candidate_id", "loop_id", "set_id"):
        op.create_index(op.f(f"ix_exchange_keys_{column}"), "exchange_keys", [column])
    op.create_table(
        "card_origins",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("signed_ids", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE",
                                name=op.f("fk_card_origins_interview_id_interviews")),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_card_origins")),
    )


def downgrade() -> None:
    op.drop_table("card_origins")
    for column in ("candidate_id", "loop_id", "set_id"):
        op.drop_index(op.f(f"ix_exchange_keys_{column}"), table_name="exchange_keys")
    op.drop_table("exchange_keys")
