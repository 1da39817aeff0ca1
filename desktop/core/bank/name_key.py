"""How a typed name compares with an id or a name: spaces collapsed, case folded (one rule for
`names` and the command line's quick build-loop, which runs without SQLAlchemy)."""

from __future__ import annotations

from typing import Any


def name_key(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()
