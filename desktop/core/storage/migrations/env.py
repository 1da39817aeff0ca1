"""Alembic environment: runs on the connection the Store hands over (or the configured URL)."""

from alembic import context
from sqlalchemy import create_engine

from desktop.core.storage.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # FTS5 tables and their shadow tables are created by hand in a migration.
    return not (type_ == "table" and name and name.startswith("question_fts"))


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        run_migrations(conn)
        conn.commit()
