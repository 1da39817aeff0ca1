"""One live window per interview (a lease), and a version on every annotation

Revision ID: 0010
Revises: 0009

interview_leases: which window has an interview open live (a random token per window, the
person's name, the machine, the process) since when, and its last heartbeat; a row only while
one has. A table of its own so heartbeats never touch the interview's row or what its seal covers.
annotations.version: counts the writes of an annotation, so a save that saw an older version
is refused instead of overwriting another window's change.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: Union[str, Sequence[str], None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "interview_leases",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE",
                                name=op.f("fk_interview_leases_interview_id_interviews")),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_interview_leases")),
    )
    op.add_column("annotations", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.drop_column("version")
    op.drop_table("interview_leases")
