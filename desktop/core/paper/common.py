"""What every export shares: the options, the scale's words, dates, durations and names, the
questions as they were asked, and what to print about a seal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from reportlab.lib import colors
from sqlalchemy.orm import Session

from desktop.core import figures
from desktop.core.interviewing import RATING_ANCHORS, RECOMMENDATION_LABELS  # noqa: F401 (re-exported)
from desktop.core.interviewing import SealState, asked, seal_state
from desktop.core.interviewing.seals import effective_scorecard
from desktop.core.storage.models import Candidate, Interview, Role
from desktop.core.interviewing.anonymize import anonymizer
from desktop.core.paper.text import one_line

SEAL_BROKEN = "SEAL BROKEN"  # footer lines starting with it print red (page.py)
SEAL_BROKEN_RED = colors.HexColor("#b00020")


class ExportError(ValueError):
    """The thing to export does not exist: one clear sentence for the user."""


@dataclass(frozen=True)
class ExportOptions:
    page_size: str = "a4"  # "a4" or "letter"
    anonymous: bool = False  # candidate id instead of the name, and the name hidden in notes
    answers: bool = False  # packets: print each question's model answer (off: a packet may reach the candidate)


def rating_label(rating: int | None, skipped: bool = False) -> str:
    if skipped:
        return "Skipped"
    if rating is None:
        return "Not rated"
    return f"{rating} – {RATING_ANCHORS.get(rating, '')}".rstrip(" –")


def recommendation_label(value: str | None) -> str:
    return RECOMMENDATION_LABELS.get(value or "", "None given")


def format_date(value: datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def format_time(value: datetime | str | None) -> str:
    """Stored times are naive UTC; say so on paper (as the app does)."""
    return figures.when(value)


# One way to write each figure, the app's too (desktop.core.figures).
format_duration = figures.duration
format_mean = figures.mean_figure
format_score = figures.rating_figure


def candidate_label(candidate: Candidate | None, options: ExportOptions) -> str:
    if candidate is None:
        return ""
    if options.anonymous:
        return f"Candidate #{candidate.id}"
    return one_line(candidate.name) or f"Candidate #{candidate.id}"


def name_filter(candidate: Candidate | None, options: ExportOptions) -> Callable[[str], str]:
    """Applied to every text typed about the candidate, and to everything a page prints around
    it (headers, footers, the PDF's metadata): on anonymous exports it hides their name, in any
    spelling, and e-mail addresses (`interviewing.anonymize`)."""
    if not options.anonymous or candidate is None:
        return _same
    return anonymizer(candidate.name, f"[candidate #{candidate.id}]")


def _same(text: str) -> str:
    return text


def role_name(session: Session, role_id: str | None) -> str:
    if not role_id:
        return ""
    role = session.get(Role, role_id)
    return one_line(role.name) if role else role_id


def topic_names(session: Session) -> dict[str, str]:
    from desktop.core.storage.models import Topic

    return {t.id: one_line(t.name) for t in session.query(Topic)}


# -- what was asked ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AskedQuestion:
    """A question as it was asked in one interview (its snapshot), shaped like a bank question."""

    prompt: str
    kind: str
    difficulty: str
    minutes: int
    rubric: list
    topics: list
    anchors: list
    red_flags: list
    competencies: list
    follow_ups: list


@dataclass(frozen=True)
class AskedAnnotation:
    """An annotation with the question as asked: what scorecards and debriefs print from."""

    position: int
    question_id: str
    rating: int | None
    skipped: bool
    covered: list
    notes: str
    seconds_spent: float
    question: AskedQuestion


def asked_annotations(interview: Interview) -> list[AskedAnnotation]:
    """The interview's annotations in order, as amended (`effective_scorecard`), each with its
    question as asked, never the bank's current text (a bank edit after the interview started
    must not change what is printed; an amendment must)."""
    amended = {a["position"]: a for a in effective_scorecard(interview)["annotations"]} \
        if interview.amendments else {}
    out = []
    for a in sorted(interview.annotations, key=lambda a: a.position):
        q = asked(a)
        question = AskedQuestion(
            prompt=q["prompt"], kind=q["kind"] or "", difficulty=q["difficulty"] or "", minutes=q["minutes"] or 0,
            rubric=list(q["rubric"]), topics=list(q["topics"]), anchors=list(q["anchors"]),
            red_flags=list(q["red_flags"]), competencies=list(q["competencies"]), follow_ups=list(q["follow_ups"]))
        now = amended.get(a.position, {})
        out.append(AskedAnnotation(a.position, a.question_id, now.get("rating", a.rating),
                                   bool(now.get("skipped", a.skipped)), list(now.get("covered", a.covered) or []),
                                   now.get("notes", a.notes) or "", float(a.seconds_spent or 0.0), question))
    return out


@dataclass(frozen=True)
class Verdict:
    recommendation: str | None
    summary: str


def verdict(interview: Interview) -> Verdict:
    """The recommendation and evidence summary as amended."""
    if not interview.amendments:
        return Verdict(interview.recommendation, interview.summary or "")
    card = effective_scorecard(interview)
    return Verdict(card.get("recommendation"), card.get("summary") or "")


# -- the seal on paper -----------------------------------------------------------------------------
def seal_lines(interview: Interview, state: SealState | None = None) -> list[str]:
    """The footer of every page of this scorecard: the seal, or SEAL BROKEN and never a seal line."""
    state = state or seal_state(interview)
    if state.broken:
        return [f"{SEAL_BROKEN}: this scorecard was changed after it was sealed; do not rely on it.",
                f"{SEAL_BROKEN}: " + "; ".join(state.problems)]
    if state.status == "unsealed":
        return ["Draft: not submitted, not sealed. Ratings and notes may still change."]
    first = f"Sealed {format_time(interview.submitted_at)}"
    if state.status == "legacy":
        first += " · legacy seal (unsigned)"
    else:
        first += f" · signed by {one_line(state.signer or interview.interviewer)} (key {state.key_fingerprint})"
    if interview.amendments:
        count = len(interview.amendments)
        first += f" · amended {count} time{'s' if count > 1 else ''} after sealing (see Amendments)"
    return [first, f"SHA-256 {interview.digest}"]


def seal_broken_banner(detail: str, width: float) -> list:
    """The red SEAL BROKEN banner for the top of a page; `detail` is Paragraph markup."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    from desktop.core.paper.styles import styles

    st = styles()
    white = ParagraphStyle("DeskSealBroken", parent=st.body, textColor=colors.white)
    table = Table([[Paragraph(SEAL_BROKEN, st.badge)], [Paragraph(detail, white)]], colWidths=[width], hAlign="LEFT")
    table.setStyle([("BACKGROUND", (0, 0), (-1, -1), SEAL_BROKEN_RED),
                    ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10)])
    return [table, Spacer(1, 4 * mm)]


# -- the structured-interview instrument -----------------------------------------------------------
def scale_for(question) -> dict[int, str]:
    """Rating -> what it means for this question: its own four anchors where it has them (as
    asked, or in the bank for a blank packet), else the global scale."""
    anchors = [one_line(str(a)) for a in (getattr(question, "anchors", None) or [])]
    if len(anchors) == len(RATING_ANCHORS) and all(anchors):
        return dict(zip(RATING_ANCHORS, anchors))
    return dict(RATING_ANCHORS)


def has_own_anchors(question) -> bool:
    return scale_for(question) != dict(RATING_ANCHORS)


def competency_names(session: Session) -> dict[str, str]:
    from desktop.core.bank.catalog import competencies

    return {c.id: one_line(c.name) for c in competencies(session)}


