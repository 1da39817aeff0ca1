"""Is a database's schema the one a new database gets? Shared by the migration and upgrade tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from desktop.core.storage.models import Base


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name.startswith("question_fts"))  # migration 0002's alone


def model_differences(engine: Engine) -> list:
    """What Alembic's autogenerate would change to make the database match the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ours})
        return compare_metadata(context, Base.metadata)


def sqlite_schema(path: Path) -> dict[tuple[str, str], str]:
    """Every table, index, view and trigger with its SQL, as SQLite keeps them, beyond what the
    models describe (the search index, its view and triggers). Planner statistics are left out."""
    conn = sqlite3.connect(path)
    try:
        return {(kind, name): sql for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")}
    finally:
        conn.close()
