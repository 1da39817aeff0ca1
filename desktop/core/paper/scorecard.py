"""The scorecard: one interview as the hiring committee files it.

Recommendation and evidence first, then the summary table and averages, then every question
with its rating, ticked rubric points, notes and time, each question as it was asked (the
interview's snapshot). The seal (time, signer and SHA-256) is in the footer of every page;
amendments are printed as amendments, the sealed record is left as is. A scorecard whose seal
no longer holds says SEAL BROKEN in a red banner on top and in every footer, and never prints
a seal line.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table
from sqlalchemy.orm import Session

from desktop.core.interviewing import SealState, amendment_history, seal_state
from desktop.core.interviewing.competencies import FORMULA as COMPETENCY_FORMULA
from desktop.core.interviewing.competencies import competency_ratings, scale_label
from desktop.core.interviewing.decisions import evidence_of
from desktop.core.interviewing.seals import effective_scorecard
from desktop.core.storage.models import Interview
from desktop.core.paper.blocks import Rule, check_items, heading, indented, question_header, section_label
from desktop.core.paper.common import (
    RATING_ANCHORS,
    SEAL_BROKEN,
    ExportError,
    ExportOptions,
    candidate_label,
    competency_names,
    format_date,
    format_score,
    has_own_anchors,
    scale_for,
    format_duration,
    format_mean,
    format_time,
    name_filter,
    rating_label,
    recommendation_label,
    role_name,
    asked_annotations,
    verdict,
    seal_broken_banner,
    seal_lines,
    topic_names,
)
from desktop.core.paper.figures import all_ratings, averages_table, by_difficulty, by_topic, side_by_side
from desktop.core.paper.fonts import BOLD
from desktop.core.paper.page import RunningText, render, usable_width
from desktop.core.paper.styles import MUTED, RECOMMENDATION_COLOURS, grid_table_style, styles
from desktop.core.paper.text import markup, one_line, paragraphs, printable


def seal_banner(state: SealState, width: float) -> list:
    """The red SEAL BROKEN banner printed on top of a scorecard whose seal no longer holds."""
    if not state.broken:
        return []
    return seal_broken_banner("This scorecard was changed after it was sealed: "
                              + markup("; ".join(state.problems)) + ". Do not rely on it.", width)


def scorecard_flowables(
    session: Session, interview: Interview, options: ExportOptions, topics: dict[str, str] | None = None,
    subtitle: str = "",
) -> list:
    st = styles()
    width = usable_width(options.page_size)
    topics = topic_names(session) if topics is None else topics
    hide = name_filter(interview.candidate, options)
    item = interview.set
    annotations = asked_annotations(interview)  # as asked: a bank edit since changes nothing here
    state = seal_state(interview)

    facts = [
        ("Candidate", candidate_label(interview.candidate, options)),
        ("Role", role_name(session, item.role_id)),
        ("Level", (item.level or "").capitalize()),
        ("Interviewer", one_line(interview.interviewer)),
        ("Date", format_date(interview.started_at or interview.submitted_at)),
        ("Duration", format_duration(interview.elapsed_seconds)),
        ("Status", _status(interview, state)),
        ("Set", hide(one_line(item.name))),
    ]
    if scale_label(interview.rating_scale):  # its 1-4 mean the global scale's words, not anchors
        facts.append(("Scale", scale_label(interview.rating_scale)))
    story: list = seal_banner(state, width) + heading("Scorecard", subtitle, facts, width)

    story.append(Paragraph("Recommendation and evidence", st.h1))
    story.append(_recommendation(interview, hide, width))
    if interview.amendments:
        story += _amendments(interview, hide)

    story += competency_block(session, interview, width, hide)

    story.append(Paragraph("Summary", st.h1))
    story.append(_summary_table(annotations, width))
    story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether(averages_block(annotations, topics, width)))

    details_title = [Paragraph("Question by question", st.h1)]  # kept with the first question
    for number, annotation in enumerate(annotations, start=1):
        story += _question_detail(number, annotation, topics, hide, width, lead=details_title if number == 1 else [])
    if not annotations:
        story += details_title
    return story


def competency_block(session: Session, interview: Interview, width: float, hide=lambda text: text) -> list:
    """This interview's rating per competency (amendments applied), assigned ones first, each
    with the interviewer's note on it under its rating (`hide`: the export's name filter)."""
    st = styles()
    assigned = tuple((interview.set.params or {}).get("competencies") or ())
    card = effective_scorecard(interview)
    ratings = competency_ratings(card["annotations"], evidence_of(interview), assigned)
    notes = card["competency_notes"]
    if not ratings and not notes:
        return []
    names = competency_names(session)
    order = list(assigned) + sorted((c for c in {*ratings, *notes} if c not in assigned),
                                    key=lambda c: names.get(c, c))
    rows: list[list] = [["Competency", "Rating", "Questions"]]
    spans = []
    for c in order:
        label = markup(names.get(c, c)) + (" <i>(assigned)</i>" if c in assigned else "")
        rating = ratings.get(c)
        rows.append([Paragraph(label, st.cell), format_score(rating.rating if rating else None),
                     str(rating.questions if rating else 0)])
        if c in notes:  # the note, across the row, under its rating
            spans.append(len(rows))
            rows.append([[Paragraph(p, indented(st.note)) for p in paragraphs(hide(printable(notes[c])))], "", ""])
    fixed = [18 * mm, 20 * mm]
    table = Table(rows, colWidths=[min(90 * mm, width - sum(fixed)), *fixed], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows), zebra=not spans)
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    style.add("FONTNAME", (1, 1), (1, -1), BOLD)
    for row in spans:  # a competency and its note read as one entry
        style.add("SPAN", (0, row), (-1, row))
        style.add("LINEBELOW", (0, row - 1), (-1, row - 1), 0.6, colors.white)
        style.add("TOPPADDING", (0, row), (-1, row), 0)
    table.setStyle(style)
    note = COMPETENCY_FORMULA + (" Amendments applied." if card["amended"] else "")
    return [KeepTogether([Paragraph("Ratings per competency", st.h1), table, Spacer(1, 1 * mm),
                          Paragraph(markup(note), st.muted)])]


def averages_block(annotations: list, topics: dict[str, str], width: float, title: str = "Averages") -> list:
    """Mean rating per difficulty and per topic, side by side, with the overall mean under them."""
    st = styles()
    half = (width - 6 * mm) / 2
    ratings = all_ratings(annotations)
    return [
        *([Paragraph(title, st.h2)] if title else []),
        side_by_side(averages_table("Difficulty", by_difficulty(annotations), {}, half),
                     averages_table("Topic", by_topic(annotations), topics, half), width),
        Paragraph(
            f"Overall mean {format_mean(ratings)} over {len(ratings)} rated of {len(annotations)} "
            "questions; skipped and unrated questions are left out. Scale: "
            + "; ".join(f"{n} {text.lower()}" for n, text in RATING_ANCHORS.items()) + ".",
            st.muted),
    ]


def _status(interview: Interview, state: SealState) -> str:
    if state.broken:
        return SEAL_BROKEN
    if interview.status != "submitted":
        return f"Draft ({interview.status.replace('_', ' ')})"
    text = f"Submitted {format_time(interview.submitted_at)}"
    return text + (" · amended" if interview.amendments else "")


def _recommendation(interview: Interview, hide, width: float) -> Table:
    st = styles()
    said = verdict(interview)  # as amended
    colour = RECOMMENDATION_COLOURS.get(said.recommendation or "", MUTED)
    summary = paragraphs(hide(printable(said.summary))) or ["<i>No evidence summary written.</i>"]
    body = [Paragraph(p, st.body) for p in summary]
    table = Table([[Paragraph(recommendation_label(said.recommendation), st.badge), body]],
                  colWidths=[36 * mm, width - 36 * mm], hAlign="LEFT")
    table.setStyle([
        ("BACKGROUND", (0, 0), (0, 0), colour),
        ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
        ("VALIGN", (1, 0), (1, 0), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("BOX", (0, 0), (-1, -1), 0.6, colour),
    ])
    return table


def _amendments(interview: Interview, hide) -> list:
    st = styles()
    out: list = [Paragraph("Amendments after sealing", st.h1), Paragraph(
        "These corrections were recorded after sealing, and the scorecard below shows them applied; "
        "the sealed original is kept and its seal still checks.", st.muted)]
    lines = [entry["lines"] for entry in amendment_history(interview)]
    for n, amendment in enumerate(sorted(interview.amendments, key=lambda a: (a.created_at, a.id)), start=1):
        block = [Paragraph(
            f"Amendment {n} by {markup(amendment.author)}, {format_time(amendment.created_at)}", st.h2)]
        reason = paragraphs(hide(printable(amendment.reason))) or ["–"]
        block.append(Paragraph(f"<b>Reason:</b> {reason[0]}", st.body))
        block += [Paragraph(p, st.body) for p in reason[1:]]
        block += [Paragraph(markup(hide(line)), st.check, bulletText="–") for line in lines[n - 1]]
        block += _new_texts(amendment.changes or {}, hide)
        block.append(Paragraph(f"SHA-256 {markup(amendment.digest)}", st.small))
        out.append(KeepTogether(block))
        out.append(Spacer(1, 2 * mm))
    return out


def _new_texts(changes: dict, hide) -> list:
    """What an amendment wrote, in full: the sealed original below still reads as it was."""
    st = styles()
    texts = [("New summary", changes["summary"])] if "summary" in changes else []
    texts += [(f"New notes for question {int(key) + 1}", fields["notes"])
              for key, fields in sorted((changes.get("annotations") or {}).items(), key=lambda kv: int(kv[0]))
              if "notes" in fields]
    out: list = []
    for label, text in texts:
        body = paragraphs(hide(printable(text))) or ["<i>(empty)</i>"]
        out.append(Paragraph(f"<b>{label}:</b> {body[0]}", indented(st.note)))
        out += [Paragraph(p, indented(st.note)) for p in body[1:]]
    return out


def _summary_table(annotations: list, width: float) -> Table:
    st = styles()
    rows: list[list] = [["#", "Question", "Difficulty", "Rating", "Points", "Time"]]
    for number, a in enumerate(annotations, start=1):
        q = a.question
        rating = "Skipped" if a.skipped else ("–" if a.rating is None else str(a.rating))
        covered = len(set(a.covered or []) & set(range(len(q.rubric))))
        rows.append([str(number), Paragraph(markup(one_line(q.prompt)), st.cell), q.difficulty.capitalize(),
                     rating, f"{covered} / {len(q.rubric)}", format_duration(a.seconds_spent)])
    fixed = [8 * mm, 24 * mm, 17 * mm, 15 * mm, 16 * mm]
    table = Table(rows, colWidths=[fixed[0], width - sum(fixed), *fixed[1:]], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (3, 0), (-1, -1), "RIGHT")
    style.add("FONTNAME", (3, 1), (3, -1), BOLD)
    table.setStyle(style)
    return table


def _question_detail(number: int, annotation, topics: dict[str, str], hide, width: float,
                     lead: list = ()) -> list:
    """Header, rating and ticks stay together (with `lead`, a heading above them); long notes
    flow on across pages after them."""
    st = styles()
    q = annotation.question
    ticked = set(annotation.covered or [])
    head: list = [*lead, *question_header(number, q, topics, f"{format_duration(annotation.seconds_spent)} spent")]
    head.append(Paragraph(f"<b>Rating:</b> {markup(rating_label(annotation.rating, annotation.skipped))}",
                          indented(st.body)))
    if has_own_anchors(q):  # the question's own anchors, compact; the one given in bold
        scale = scale_for(q)
        head.append(Paragraph("<b>Anchors:</b> " + " · ".join(
            (f"<b>{n}</b> {markup(text)}" if n == annotation.rating and not annotation.skipped
             else f"{n} {markup(text)}") for n, text in scale.items()), indented(st.small)))
    if q.rubric:
        head.append(section_label(f"Rubric – {len(ticked & set(range(len(q.rubric))))} of {len(q.rubric)} covered"))
        head += check_items(list(q.rubric), ticked)
    notes = paragraphs(hide(printable(annotation.notes)))
    head.append(section_label("Notes"))
    out: list = []
    if notes:
        # A short first paragraph stays with its question; a long one starts right after it.
        keep = 1 if len(notes[0]) < 800 else 0
        head += [Paragraph(p, indented(st.note)) for p in notes[:keep]]
        out.append(KeepTogether(head))
        out += [Paragraph(p, indented(st.note)) for p in notes[keep:]]
    else:
        head.append(Paragraph("<i>No notes.</i>", indented(st.note)))
        out.append(KeepTogether(head))
    out.append(Rule(width, space=5 * mm))
    return out


def build_scorecard(session: Session, interview_id: int, options: ExportOptions = ExportOptions()) -> bytes:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise ExportError(f"no interview with id {interview_id}")
    story = scorecard_flowables(session, interview, options)
    who = candidate_label(interview.candidate, options)
    running = RunningText(
        header=f"Scorecard · {who}",
        header_right=" · ".join(p for p in (one_line(interview.interviewer),
                                             format_date(interview.started_at or interview.submitted_at)) if p),
        footer=seal_lines(interview),
    )
    return render(story, running, size=options.page_size, title=f"Scorecard – {who}", subject="Scorecard",
                  hide=name_filter(interview.candidate, options))
