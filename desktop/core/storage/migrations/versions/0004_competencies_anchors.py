"""Competencies, and each question's competencies, anchors and red flags.

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    op.create_table(
        "competencies",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competencies")),
    )
    op.add_column("roles", sa.Column("competencies", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    for column in ("competencies", "anchors", "red_flags"):
        op.add_column("questions", sa.Column(column, sa.JSON(), nullable=False, server_default=EMPTY_LIST))


def _drop_column(table: str, column: str) -> None:
    # Not a batch copy on SQLite: the search index's view refers to `questions` by name.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    for column in ("competencies", "anchors", "red_flags"):
        _drop_column("questions", column)
    _drop_column("roles", "competencies")
    op.drop_table("competencies")
