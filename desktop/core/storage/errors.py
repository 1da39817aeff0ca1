"""What can go wrong with the database, as types the CLI and the app show as one plain line."""

from __future__ import annotations


class StoreError(Exception):
    """The database could not be opened, upgraded or written."""


class DatabaseDamaged(StoreError):
    """The file is not a readable SQLite database any more (a damaged page, a foreign file)."""


class DatabaseEmpty(StoreError):
    """The database file is there but holds nothing (0 bytes): reported, never reinitialized."""


class DatabaseReadOnly(StoreError):
    """The database can be read but not written (a locked file or folder)."""
