"""The loop debrief: every interview of a candidate's loop side by side, then each scorecard.

The combination is mechanical (counts and means) and only uses submitted, sealed scorecards;
drafts are named so the committee knows what is missing. Each scorecard starts on a new page
whose footer carries that scorecard's own seal, or SEAL BROKEN; broken seals are also named on
the first page. Questions are printed as they were asked (each interview's snapshot).
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing import seal_state
from desktop.core.interviewing.access import debrief_loop, require_open_debrief
from desktop.core.interviewing.decisions import DECISION_LABELS, FORMULA, HIRE_LINE, Composite, composite_for
from desktop.core.interviewing.decisions import decision_rows
from desktop.core.storage.models import Candidate, Interview, InterviewSet, Loop
from desktop.core.interviewing.seals import effective_scorecard
from desktop.core.paper.blocks import heading, indented
from desktop.core.paper.common import (
    ExportError,
    SEAL_BROKEN,
    SEAL_BROKEN_RED,
    ExportOptions,
    asked_annotations,
    verdict,
    candidate_label,
    format_date,
    format_mean,
    format_score,
    format_time,
    name_filter,
    recommendation_label,
    role_name,
    seal_broken_banner,
    seal_lines,
    topic_names,
)
from desktop.core.paper.figures import all_ratings
from desktop.core.paper.fonts import BOLD
from desktop.core.paper.page import RunningChange, RunningText, render, usable_width
from desktop.core.paper.scorecard import averages_block, scorecard_flowables
from desktop.core.paper.styles import ACCENT, MUTED, RECOMMENDATION_COLOURS, SHADE, grid_table_style, styles
from desktop.core.paper.text import markup, one_line, paragraphs, printable, shorten


def loop_interviews(session: Session, candidate: Candidate) -> tuple[Loop | None, list[Interview]]:
    """The candidate's latest loop and its interviews in loop order (all interviews if no loop)."""
    loop = debrief_loop(session, candidate.id)
    query = select(Interview).join(InterviewSet, Interview.set_id == InterviewSet.id)
    if loop is not None:
        query = query.where(Interview.loop_id == loop.id)
    else:
        query = query.where(Interview.candidate_id == candidate.id)
    interviews = session.scalars(query.order_by(InterviewSet.loop_position, Interview.id)).all()
    return loop, list(interviews)


def debrief_flowables(session: Session, candidate_id: int, options: ExportOptions) -> tuple[list, RunningText, str]:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise ExportError(f"no candidate with id {candidate_id}")
    loop, interviews = loop_interviews(session, candidate)
    if not interviews:
        raise ExportError(f"{candidate_label(candidate, options)} has no interviews to debrief")
    require_open_debrief(session, candidate_id)  # DebriefClosed until every interview is in, or an override
    st = styles()
    width = usable_width(options.page_size)
    topics = topic_names(session)
    sealed = [i for i in interviews if i.status == "submitted"]
    drafts = [i for i in interviews if i.status != "submitted"]
    who = candidate_label(candidate, options)
    hide = name_filter(candidate, options)
    role = role_name(session, loop.role_id if loop else candidate.role_id)
    dates = sorted(d for d in (i.started_at or i.submitted_at for i in interviews) if d)

    facts = [
        ("Candidate", who),
        ("Role", role),
        *([("Level", level.capitalize())] if (level := _level(loop, interviews)) else []),
        ("Loop", hide(one_line(loop.name)) if loop else "Interviews outside a loop"),
        ("Interviews", f"{len(interviews)} ({len(sealed)} submitted)"),
        ("Dates", " – ".join(dict.fromkeys(format_date(d) for d in (dates[:1] + dates[-1:])))),
    ]
    states = {i.id: seal_state(i) for i in interviews}
    broken = [i for i in interviews if states[i.id].broken]
    story: list = _broken_banner(broken, width) + heading("Loop debrief", "", facts, width)
    if drafts:
        story.append(Paragraph(
            "<b>Not yet submitted:</b> " + ", ".join(markup(i.interviewer) for i in drafts)
            + ". Their ratings are not in the figures below.", st.body))
    if loop is not None and loop.debrief_override_at:
        story.append(Paragraph(
            f"<b>Opened early</b> by {markup(loop.debrief_override_by or '')}, "
            f"{format_time(loop.debrief_override_at)}: {markup(hide(loop.debrief_override_reason or ''))}", st.body))

    composite = composite_for(session, candidate_id)
    story += competencies_section(session, composite, width, hide)
    story += decision_block(session, composite, width, hide)

    asked = {i.id: asked_annotations(i) for i in interviews}  # as amended, worked out once
    story.append(Paragraph("Recommendations", st.h1))
    story.append(_recommendations(interviews, asked, width, hide))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(_tally(sealed, asked), st.body))

    story.append(Paragraph("Ratings side by side", st.h1))
    story.append(Paragraph("One column per submitted scorecard (named or numbered as above): the rating "
                           "given (S skipped, · not rated); blank where the question was not asked.", st.muted))
    story.append(_matrix(interviews, sealed, asked, width))

    pooled = [a for i in sealed for a in asked[i.id]]
    story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether([Paragraph("Combined across the loop", st.h1), *averages_block(pooled, topics, width, title="")]))

    for number, interview in enumerate(interviews, start=1):
        if interview.status != "submitted":
            continue  # a draft's notes are its interviewer's alone (access.RatingsRule)
        subtitle = f"{number} of {len(interviews)} in this loop · {one_line(interview.interviewer)}"
        story += [RunningChange(seal_lines(interview, states[interview.id]), f"Scorecard {subtitle}"), PageBreak()]
        story += scorecard_flowables(session, interview, options, topics, subtitle)

    footer = [f"Debrief of {len(interviews)} interview{'s' if len(interviews) != 1 else ''}; "
              "each scorecard's pages carry its own seal."]
    if broken:
        footer.append(f"{SEAL_BROKEN}: the seal of {len(broken)} scorecard{'s' if len(broken) != 1 else ''} "
                      "no longer holds (see the first page).")
    running = RunningText(header=f"Loop debrief · {who}", header_right=role, footer=footer)
    return story, running, f"Loop debrief – {who}"


def competencies_section(session: Session, composite: Composite, width: float, hide=lambda text: text) -> list:
    """The competency × interviewer matrix, the composite and its side, then (as context only)
    the strictness-adjusted composite, and the interviewers' notes on each competency."""
    st = styles()
    out: list = [Paragraph("Competencies", st.h1)]
    if not composite.columns:
        return out + [Paragraph("No submitted scorecard yet: nothing to combine.", st.body)]
    out.append(_competency_matrix(composite, width))
    out.append(Spacer(1, 2 * mm))
    if composite.score is None:
        out.append(Paragraph("<b>Composite: —</b> (no competency was rated)", st.body))
    else:
        reach = "at or above" if composite.side == "hire" else "below"
        out.append(Paragraph(
            f"<b>Composite {format_score(composite.score)}</b> — {reach} the hire line of {HIRE_LINE:g}: "
            f"points to <b>{DECISION_LABELS[composite.side]}</b>", st.body))
    if composite.not_assessed:
        out.append(Paragraph("<b>Not assessed by anyone:</b> "
                             + markup(", ".join(composite.names.get(c, c) for c in composite.not_assessed))
                             + ".", st.body))
    unweighted = " Weight –: the role does not weigh it, so it is shown but not in the composite." if any(
        c not in composite.weights for c in composite.competencies) and composite.weights else ""
    out.append(Paragraph(markup(FORMULA + unweighted), st.muted))
    adjusted = _adjusted(session, composite)
    if adjusted is not None:
        box = Table([[Paragraph(f"<b>Context only</b> · {markup(adjusted.label)}: "
                                f"<b>{format_score(adjusted.score)}</b> (raw {format_score(composite.score)})", st.small)]],
                    colWidths=[width], hAlign="LEFT")
        box.setStyle([("BOX", (0, 0), (-1, -1), 0.5, MUTED), ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                      ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])
        out += [Spacer(1, 1 * mm), box]
    return out + _competency_notes(session, composite, hide)


def _competency_notes(session: Session, composite: Composite, hide) -> list:
    """Each competency's notes, one line per interviewer who wrote one (amendments applied)."""
    st = styles()
    notes = [(col.interviewer, effective_scorecard(session.get(Interview, col.interview_id))["competency_notes"])
             for col in composite.columns]
    written = {c for _, by in notes for c in by}
    order = [c for c in composite.competencies if c in written] + sorted(written - set(composite.competencies))
    if not order:
        return []
    out: list = [Spacer(1, 2 * mm), Paragraph("Notes per competency", st.h2)]
    for c in order:
        out.append(Paragraph(f"<b>{markup(composite.names.get(c, c))}</b>", st.body))
        out += [Paragraph(f"<i>{markup(one_line(who))}:</i> " + "<br/>".join(paragraphs(hide(printable(by[c])))),
                          indented(st.note), bulletText="–")
                for who, by in notes if c in by]
    return out


def _adjusted(session: Session, composite: Composite):
    """The strictness-adjusted composite, or None when insight has nothing to adjust with."""
    from desktop.core.insight.adjusted import adjusted_for

    return adjusted_for(session, composite.candidate_id)  # the one the app's decision area shows


def _competency_matrix(composite: Composite, width: float) -> Table:
    """Competencies down (with the role's weight), interviewers across, the score last."""
    st = styles()
    columns = composite.columns
    fixed = [14 * mm, 16 * mm]  # weight, score
    per_person = min(22 * mm, (width - sum(fixed) - 50 * mm) / max(1, len(columns)))
    centred = ParagraphStyle("DeskCompetencyHead", parent=st.head_cell, alignment=TA_CENTER)
    header = ["Competency", "Weight",
              *[Paragraph(markup(one_line(c.interviewer)) + (" <i>(amended)</i>" if c.amended else ""), centred)
                for c in columns], "Score"]
    rows: list[list] = [header]
    for c in composite.competencies:
        weight = composite.weights.get(c)
        rows.append([Paragraph(markup(composite.names.get(c, c)), st.cell),
                     "–" if weight is None else f"{weight:g}",
                     *[format_score(col.ratings[c].rating if c in col.ratings else None) for col in columns],
                     format_score(composite.scores.get(c))])
    name_width = width - sum(fixed) - per_person * len(columns)
    table = Table(rows, colWidths=[name_width, fixed[0], *[per_person] * len(columns), fixed[1]],
                  repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (1, 0), (-1, -1), "CENTER")
    style.add("VALIGN", (0, 0), (-1, 0), "BOTTOM")
    style.add("FONTNAME", (-1, 1), (-1, -1), BOLD)
    style.add("LINEBEFORE", (-1, 0), (-1, -1), 0.8, ACCENT)
    table.setStyle(style)
    return table


def decision_block(session: Session, composite: Composite, width: float, hide) -> list:
    """The decision recorded for this loop with its seal, or that none is recorded yet."""
    st = styles()
    out: list = [Paragraph("Decision", st.h1)]
    rows = [r for r in decision_rows(session, [composite.candidate_id]) if r.loop_id == composite.loop_id]
    if not rows:
        return out + [Paragraph("No decision recorded yet.", st.body)]
    d = rows[-1]
    seal = "sealed" if d.sealed else f'<font color="#{SEAL_BROKEN_RED.hexval()[2:]}"><b>{SEAL_BROKEN}</b></font>'
    when = format_time(datetime.fromisoformat(d.decided_at)) if d.decided_at else ""
    out.append(Paragraph(f"<b>{markup(d.label)}</b> · by {markup(one_line(d.decided_by))} · {markup(when)} · {seal}",
                         st.body))
    composite_then = ("" if d.composite is None else
                      f"Taken with the composite at {format_score(d.composite)} "
                      f"({DECISION_LABELS.get(d.composite_side or '', 'no side')}).")
    reason = markup(hide(d.reason)) if d.reason else "<i>No reason written (it follows the composite).</i>"
    out.append(Paragraph(f"<b>Reason:</b> {reason}", st.body))
    if composite_then:
        out.append(Paragraph(composite_then, st.muted))
    if not d.sealed:
        out.append(Paragraph(f"{SEAL_BROKEN}: this decision was changed after it was sealed; do not rely on it.",
                             ParagraphStyle("DeskDecisionBroken", parent=st.body, textColor=SEAL_BROKEN_RED)))
    return out


def _broken_banner(broken: list[Interview], width: float) -> list:
    """A red banner naming every scorecard of the loop whose seal no longer holds."""
    if not broken:
        return []
    names = ", ".join(markup(one_line(i.interviewer)) for i in broken)
    many = len(broken) != 1
    return seal_broken_banner(f"The scorecard{'s' if many else ''} of {names} changed after sealing; "
                              f"do not rely on {'them' if many else 'it'}.", width)


def _level(loop: Loop | None, interviews: list[Interview]) -> str:
    """The loop's level; outside a loop the sets' own, when they agree (else no Level row)."""
    if loop is not None:
        return loop.level or ""
    levels = {i.set.level for i in interviews if i.set is not None and i.set.level}
    return levels.pop() if len(levels) == 1 else ""


def _recommendations(interviews: list[Interview], asked: dict, width: float, hide) -> Table:
    st = styles()
    rows: list[list] = [["#", "Interviewer", "Set", "Recommendation", "Mean", "Rated", "Submitted"]]
    for number, i in enumerate(interviews, start=1):
        ratings = all_ratings(asked[i.id])
        if i.status == "submitted":
            said = verdict(i).recommendation  # as amended
            colour = RECOMMENDATION_COLOURS.get(said or "", ACCENT).hexval()[2:]
            shown = f'<font color="#{colour}"><b>{recommendation_label(said)}</b></font>'
        else:
            shown = "<i>Draft</i>"
        rows.append([
            str(number),
            Paragraph(markup(i.interviewer), st.cell_bold),
            Paragraph(markup(hide(i.set.name)), st.cell),
            Paragraph(shown, st.cell),
            format_mean(ratings),
            f"{len(ratings)} / {len(i.annotations)}",
            format_date(i.submitted_at) or "–",
        ])
    fixed = [8 * mm, 36 * mm, 31 * mm, 13 * mm, 15 * mm, 23 * mm]
    table = Table(rows, colWidths=[*fixed[:2], width - sum(fixed), *fixed[2:]], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (4, 0), (5, -1), "RIGHT")
    table.setStyle(style)
    return table


def _tally(sealed: list[Interview], asked: dict) -> str:
    votes = [verdict(i).recommendation for i in sealed]
    yes, no = votes.count("yes") + votes.count("strong_yes"), votes.count("no") + votes.count("strong_no")
    none = len(votes) - yes - no
    text = (f"<b>{yes} yes</b> ({votes.count('strong_yes')} strong) and <b>{no} no</b> "
            f"({votes.count('strong_no')} strong) from {len(sealed)} submitted scorecard"
            f"{'s' if len(sealed) != 1 else ''}")
    if none:
        text += f"; {none} without a recommendation"
    return text + f". Mean rating across the loop: <b>{format_mean(r for i in sealed for r in all_ratings(asked[i.id]))}</b>."


def _matrix(interviews: list[Interview], sealed: list[Interview], asked: dict, width: float) -> Table:
    """Questions down, interviewers across; a question asked twice shares one row."""
    st = styles()
    order: dict[str, object] = {}
    cells: dict[tuple[str, int], str] = {}
    for column, interview in enumerate(sealed):
        for a in asked[interview.id]:
            order.setdefault(a.question_id, a.question)
            cells[a.question_id, column] = "S" if a.skipped else ("·" if a.rating is None else str(a.rating))
    fixed = [8 * mm, 23 * mm]
    # Interviewer columns share what the question column (at least 45 mm) leaves, 16 mm at most.
    per_person = min(16 * mm, (width - sum(fixed) - 45 * mm) / max(1, len(sealed)))
    header: list = ["#", "Question", "Difficulty"]
    names = [one_line(i.interviewer) for i in sealed]
    # Names break between words only: the longest word sets the size ("Sokolova", not "S okolova").
    longest = max((stringWidth(w, BOLD, st.head_cell.fontSize) for n in names for w in n.split()), default=0)
    room = per_person - 8  # the cell's left and right padding
    size = st.head_cell.fontSize * min(1.0, room / longest) if longest else st.head_cell.fontSize
    centred = ParagraphStyle("DeskMatrixHead", parent=st.head_cell, alignment=TA_CENTER,
                             fontSize=size, leading=size * 1.25)
    if per_person >= 14 * mm and size >= 6:
        header += [Paragraph(markup(n), centred) for n in names]
    else:  # too narrow for names: the numbers of the Recommendations table
        header += [str(interviews.index(i) + 1) for i in sealed]
    rows = [header]
    for number, (qid, question) in enumerate(order.items(), start=1):
        rows.append([str(number), Paragraph(markup(shorten(question.prompt, 120)), st.cell),
                     question.difficulty.capitalize(), *[cells.get((qid, c), "") for c in range(len(sealed))]])
    rows.append(["", "Mean", "", *[format_mean(all_ratings(asked[i.id])) for i in sealed]])
    question_width = width - sum(fixed) - per_person * len(sealed)
    table = Table(rows, colWidths=[fixed[0], question_width, fixed[1], *[per_person] * len(sealed)],
                  repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)
    style.add("ALIGN", (3, 0), (-1, -1), "CENTER")
    style.add("FONTNAME", (3, 1), (-1, -1), BOLD)
    style.add("FONTNAME", (0, -1), (-1, -1), BOLD)
    table.setStyle(style)
    return table


def build_debrief(session: Session, candidate_id: int, options: ExportOptions = ExportOptions()) -> bytes:
    story, running, title = debrief_flowables(session, candidate_id, options)
    hide = name_filter(session.get(Candidate, candidate_id), options)
    return render(story, running, size=options.page_size, title=title, subject="Loop debrief", hide=hide)
