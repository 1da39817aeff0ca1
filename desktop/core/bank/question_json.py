"""The JSON shape of a question, shared by every command that prints questions (and
importable without SQLAlchemy: the command line's quick build-loop prints it too)."""

from __future__ import annotations

import json
from typing import Any


def question_to_dict(q: Any) -> dict[str, Any]:
    """`q`: a Question, or anything with its attributes (lists may be None)."""
    return {
        "id": q.id, "prompt": q.prompt, "difficulty": q.difficulty, "kind": q.kind,
        "topics": q.topics, "roles": q.roles, "rubric": list(q.rubric or []),
        "answer": q.answer, "follow_ups": list(q.follow_ups or []),
        "related": list(q.related or []), "minutes": q.minutes, "source": q.source,
        "retired": bool(q.retired), "competencies": list(q.competencies or []),
        "anchors": list(q.anchors or []), "red_flags": list(q.red_flags or []),
    }


def stored_strings(value: Any) -> list[str]:
    """The strings of a list column as the database hands it back: its JSON text, or the list a
    driver decoded already; [] for anything else (a damaged value is no list of points)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
