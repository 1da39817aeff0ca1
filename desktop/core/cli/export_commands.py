"""Subcommands of the export feature."""

from __future__ import annotations


def register(sub) -> None:
    """Add this feature's subcommands to the parser (filled in by the export work)."""
