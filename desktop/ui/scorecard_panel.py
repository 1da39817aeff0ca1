"""A sealed scorecard, read-only: digest, effective content and the amendment history."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.ui import theme
from desktop.core import figures
from desktop.core.interviewing import RATING_ANCHORS, RECOMMENDATION_LABELS
from desktop.core.interviewing.competencies import scale_label


def _text(value: str) -> str:
    return escape(value or "").replace("\n", "<br>")


def _rating(a: dict) -> str:
    if a["skipped"]:
        return "Skipped"
    if a["rating"]:
        return f"{a['rating']} — {RATING_ANCHORS[a['rating']]}"
    return "Not rated"


_when = figures.when  # dates and durations read as on paper
_minutes = figures.duration


def scorecard_html(info: dict, card: dict, prompts: list[str], rubrics: list[list[str]],
                   history: list[dict], seal_ok: bool) -> str:
    """The whole read-only page as HTML; every piece of user text is escaped."""
    seal = (f"<span style='color:{theme.css('good')}'>✔ content matches its seal</span>" if seal_ok
            else f"<b style='color:{theme.css('bad')}'>✘ SEAL BROKEN: do not rely on this scorecard</b>")
    recommendation = RECOMMENDATION_LABELS.get(card["recommendation"], "—")
    alarm = [] if seal_ok else [  # first on the page, in the theme's alarm colour
        f"<h2 style='color:{theme.css('bad')}'>SEAL BROKEN</h2>"
        f"<p style='color:{theme.css('bad')}'><b>This scorecard was changed after it was sealed.</b> "
        "<code>interview-desk verify</code> names what changed.</p>"]
    parts = [*alarm,
        f"<h2>{escape(info['candidate'])} <span style='font-weight:normal'>— scorecard</span></h2>",
        f"<p>Interviewer <b>{escape(info['interviewer'])}</b> · set {escape(info['set'])}"
        f" · submitted {escape(_when(info['submitted_at']))} · <b>sealed, read-only</b></p>",
        f"<p style='font-family:monospace'>SHA-256 {escape(info['digest'] or '')}<br>{seal}</p>",
        f"<h3>Recommendation: {escape(recommendation)}"
        + (" <small>(amended)</small>" if card.get("amended") else "") + "</h3>",
        f"<p>{_text(card['summary'])}</p>",
    ]
    if scale_label(info.get("rating_scale")):
        parts.insert(3, f"<p><b>{escape(scale_label(info.get('rating_scale')))}</b></p>")
    notes = card.get("competency_notes") or {}
    if notes:
        names = info.get("competency_names") or {}
        parts.append("<h3>Notes per competency</h3>")
        parts += [f"<p><b>{escape(names.get(c, c))}</b><br>{_text(text)}</p>" for c, text in notes.items()]
    parts.append("<h3>Questions</h3>")
    for a, prompt, rubric in zip(card["annotations"], prompts, rubrics):
        covered = [rubric[i] for i in a["covered"] if 0 <= i < len(rubric)]
        parts.append(
            f"<p><b>{a['position'] + 1}. {_text(prompt)}</b><br>"
            f"Rating: <b>{escape(_rating(a))}</b> · time {_minutes(a['seconds_spent'])}"
            f" · covered {len(covered)} of {len(rubric)} rubric points</p>"
        )
        if covered:
            parts.append("<ul>" + "".join(f"<li>{_text(p)}</li>" for p in covered) + "</ul>")
        if a["notes"].strip():
            parts.append(f"<p style='margin-left:16px'><i>Notes:</i> {_text(a['notes'])}</p>")
    parts.append("<h3>Amendment history</h3>")
    if not history:
        parts.append("<p>No amendments: this is the scorecard as sealed.</p>")
    for h in history:
        parts.append(
            f"<p><b>{escape(_when(h['created_at']))} — {escape(h['author'])}</b><br>"
            f"Reason: {_text(h['reason'])}<br>"
            + "<br>".join(_text(line) for line in h["lines"])
            + f"<br><span style='font-family:monospace'>SHA-256 {escape(h['digest'])}</span></p>"
        )
    return "\n".join(parts)


def hidden_html(candidate: str, reason: str) -> str:
    return (f"<h2>{escape(candidate)} — scorecard hidden</h2><p>{_text(reason)}</p>"
            "<p>Interviewers score independently: other interviewers' ratings for this candidate "
            "appear once you have submitted your own scorecard, or when the loop's debrief opens.</p>")


class ScorecardBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Sealed scorecard")
        self.setOpenLinks(False)
