"""An amendment in words, the one way the app, the command line and every PDF say it.

    recommendation: No → Yes
    summary edited
    question 2: rating 2 → 3
    question 2: notes edited
    note on Ownership added

Questions are numbered as every scorecard shows them (1, 2, 3 in the scorecard's order), never
by the stored 0-based position; values are said as people read them (labels, not keys).
"""

from __future__ import annotations

from typing import Any

from desktop.core.interviewing.fields import RECOMMENDATION_LABELS


def _rating(value: Any) -> str:
    return "none" if value is None else str(value)


def _points(value: Any) -> str:
    return ", ".join(str(int(i) + 1) for i in sorted(value or [])) or "none"


def describe_amendment(card: dict, changes: dict, names: dict[str, str] | None = None) -> list[str]:
    """What `changes` (an amendment's stored changes) does to `card` (the scorecard as it
    stood before it: `scorecard_content` with the earlier amendments applied), line by line.
    `names`: competency id -> name, for the notes per competency."""
    lines = []
    if "recommendation" in changes:
        before, after = (RECOMMENDATION_LABELS.get(v or "", "none") for v in
                         (card.get("recommendation"), changes["recommendation"]))
        lines.append(f"recommendation: {before} → {after}")
    if "summary" in changes:
        lines.append("summary edited")
    notes = card.get("competency_notes") or {}
    for competency, text in sorted((changes.get("competency_notes") or {}).items()):
        had, has = bool((notes.get(competency) or "").strip()), bool((text or "").strip())
        how = "edited" if had and has else "added" if has else "removed"
        lines.append(f"note on {(names or {}).get(competency, competency)} {how}")
    annotations = sorted(card.get("annotations") or [], key=lambda a: a["position"])
    number = {a["position"]: n for n, a in enumerate(annotations, start=1)}
    by_position = {a["position"]: a for a in annotations}
    for key, fields in sorted((changes.get("annotations") or {}).items(), key=lambda kv: int(kv[0])):
        position = int(key)
        before = by_position.get(position, {})
        what = f"question {number.get(position, position + 1)}"
        if "rating" in fields and fields["rating"] != before.get("rating"):
            lines.append(f"{what}: rating {_rating(before.get('rating'))} → {_rating(fields['rating'])}")
        if "skipped" in fields and bool(fields["skipped"]) != bool(before.get("skipped")):
            lines.append(f"{what}: {'skipped' if fields['skipped'] else 'no longer skipped'}")
        if "covered" in fields:
            lines.append(f"{what}: rubric points {_points(before.get('covered'))} → {_points(fields['covered'])}")
        if "notes" in fields:
            lines.append(f"{what}: notes edited")
    return lines or ["no change"]


def apply_changes(card: dict, changes: dict) -> None:
    """Apply one amendment's changes to `card` in place (`effective_scorecard` applies each in turn)."""
    for key in ("recommendation", "summary"):
        if key in changes:
            card[key] = changes[key]
    notes = card.setdefault("competency_notes", {})
    for competency, text in (changes.get("competency_notes") or {}).items():
        if (text or "").strip():
            notes[competency] = text
        else:  # a blank note takes the note away
            notes.pop(competency, None)
    by_position = {a["position"]: a for a in card.get("annotations") or []}
    for position, fields in (changes.get("annotations") or {}).items():
        target = by_position.get(int(position))
        if target is not None:
            target.update(fields)
