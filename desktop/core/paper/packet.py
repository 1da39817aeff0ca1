"""The interview packet: a blank form for one set, to take into the room and fill in by hand."""

from __future__ import annotations

from datetime import datetime, timezone

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.storage.models import Candidate, Competency, Interview, InterviewSet, Loop
from desktop.core.paper.blocks import (
    RatingScale,
    Rule,
    RuledLines,
    anchored_scale,
    bullets,
    check_items,
    heading,
    question_header,
    scale_explained,
    section_label,
)
from desktop.core.paper.common import (
    ExportError,
    ExportOptions,
    candidate_label,
    competency_names,
    format_date,
    has_own_anchors,
    scale_for,
    name_filter,
    role_name,
    topic_names,
)
from desktop.core.paper.page import RunningChange, RunningText, render, usable_width
from desktop.core.paper.styles import grid_table_style, styles
from desktop.core.paper.text import markup, one_line


def _interview_for(session: Session, item: InterviewSet) -> Interview | None:
    """A planned interview for this set fills the candidate and interviewer lines in."""
    return session.scalars(
        select(Interview).where(Interview.set_id == item.id).order_by(Interview.id)
    ).first()


def set_candidate(session: Session, item: InterviewSet) -> Candidate | None:
    """Whom a set is for: its planned interview's candidate, else its loop's."""
    interview = _interview_for(session, item)
    return interview.candidate if interview else (item.loop.candidate if item.loop else None)


def packet_flowables(session: Session, set_id: int, options: ExportOptions) -> tuple[list, RunningText, str]:
    item = session.get(InterviewSet, set_id)
    if item is None:
        raise ExportError(f"no set with id {set_id}")
    story, running, name = _set_story(session, item, options, topic_names(session))
    return story, running, f"Interview packet – {name}"


def _focus_ids(item: InterviewSet) -> list[str]:
    return list((item.params or {}).get("focus") or [])


def focus_text(item: InterviewSet, topics: dict[str, str]) -> str:
    """The set's focus for people: topic names. A label someone wrote stays; a label that is
    only the topic ids (sets saved before labels said names) is printed with their names."""
    ids, label = _focus_ids(item), one_line(item.focus or "")
    if ids and label in ("", ", ".join(ids)):
        return ", ".join(topics.get(t, t) for t in ids)
    return label


def set_title(item: InterviewSet, topics: dict[str, str]) -> str:
    """The set's name, with a loop set's "(topic-id, ...)" ending said in topic names."""
    name, ids = one_line(item.name), _focus_ids(item)
    ending = f"({', '.join(ids)})"
    if ids and name.endswith(ending):
        name = name[: -len(ending)] + f"({', '.join(topics.get(t, t) for t in ids)})"
    return name


def _set_story(session: Session, item: InterviewSet, options: ExportOptions, topics: dict[str, str],
               start: PageMark | None = None) -> tuple[list, RunningText, str]:
    """One set's packet: its cover (facts, scale, overview), then a block per question."""
    st = styles()
    width = usable_width(options.page_size)
    interview = _interview_for(session, item)
    candidate = set_candidate(session, item)
    role = role_name(session, item.role_id or (item.loop.role_id if item.loop else None))
    level = (item.level or (item.loop.level if item.loop else "") or "").capitalize()
    questions = [entry.question for entry in item.items]
    hide = name_filter(candidate, options)
    minutes = sum(q.minutes or 0 for q in questions)
    name = hide(set_title(item, topics))

    facts = [
        ("Role", role),
        ("Level", level),
        ("Candidate", candidate_label(candidate, options)),
        ("Interviewer", one_line(interview.interviewer) if interview else ""),
        ("Date", format_date(interview.started_at) if interview and interview.started_at else ""),
        ("Plan", f"{len(questions)} questions · about {minutes} min"),
    ]
    if item.loop is not None:
        facts.append(("Loop", f"{hide(one_line(item.loop.name))} · interview {item.loop_position + 1} of {len(item.loop.sets)}"))
    if focus := focus_text(item, topics):
        facts.append(("Focus", hide(focus)))
    if assesses := (item.params or {}).get("competencies"):
        names = competency_names(session)
        facts.append(("Assesses", ", ".join(names.get(c, c) for c in assesses)))

    story: list = heading("Interview packet", name, facts, width)
    story.append(Paragraph("Rating scale", st.h1))
    story.append(Paragraph(
        "Rate each question against its rubric, on its own anchors where it has them, else on this scale. Tick the rubric points the candidate "
        "covered, circle one rating and note the evidence you heard.", st.body))
    story += [Spacer(1, 2 * mm), scale_explained(), Spacer(1, 2 * mm)]
    story.append(Paragraph("At a glance", st.h1))
    story.append(_overview(questions, width))
    story.append(EndOfCover(start))

    for number, question in enumerate(questions, start=1):
        story.append(_question_block(number, question, topics, width, answers=options.answers))

    who = candidate_label(candidate, options)
    running = RunningText(
        header=f"Interview packet · {name}",
        header_right=" · ".join(p for p in (who, role) if p),
        footer=[f"Printed {format_date(datetime.now(timezone.utc))} by Interview Desk · "
                "Confidential: candidate evaluation material"],
    )
    return story, running, name


class PageMark(Flowable):
    """Invisible; remembers the page it was laid on (where one packet of a loop begins)."""

    page = 1

    def wrap(self, *_):
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


class EndOfCover(Flowable):
    """Questions start on a fresh page after a one-page cover; after a longer overview they
    simply follow it, instead of leaving most of a page blank. `start` marks where the cover
    began (in a loop's packet); else it is page 1."""

    def __init__(self, start: PageMark | None = None):
        super().__init__()
        self.start = start

    def wrap(self, avail_width, avail_height):
        if self.canv.getPageNumber() == (self.start.page if self.start else 1):
            return avail_width, avail_height + 1  # does not fit: the frame moves to page 2
        return avail_width, 8 * mm  # a clear gap between the overview and question 1

    def draw(self) -> None:
        pass


def _overview(questions: list, width: float) -> Table:
    st = styles()
    rows: list[list] = [["#", "Question", "Difficulty", "Kind", "Min"]]
    for number, q in enumerate(questions, start=1):
        rows.append([str(number), Paragraph(markup(one_line(q.prompt)), st.cell), q.difficulty.capitalize(),
                     q.kind.capitalize(), str(q.minutes)])
    fixed = [8 * mm, 25 * mm, 21 * mm, 11 * mm]
    table = Table(rows, colWidths=[fixed[0], width - sum(fixed), *fixed[1:]], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (4, 0), (4, -1), "RIGHT")
    table.setStyle(style)
    return table


def _question_block(number: int, question, topics: dict[str, str], width: float, *,
                    answers: bool = False) -> KeepTogether:
    """Header, rubric, follow-ups, scale and note lines kept on one page whenever they fit."""
    parts: list = question_header(number, question, topics)
    if question.rubric:
        parts.append(section_label("Rubric – tick what was covered"))
        parts += check_items(list(question.rubric))
    if question.follow_ups:
        parts.append(section_label("Follow-ups"))
        parts += bullets(list(question.follow_ups))
    if question.red_flags:
        parts.append(section_label("Red flags – note if you hear them"))
        parts += bullets(list(question.red_flags))
    if answers and (question.answer or "").strip():
        parts.append(section_label("Model answer"))
        parts.append(Paragraph(markup(question.answer.strip()), styles().body))
    parts.append(Spacer(1, 2 * mm))
    if has_own_anchors(question):  # this question's own anchors, beside the number to circle
        parts.append(section_label("Rating – circle one"))
        parts.append(_indent(anchored_scale(scale_for(question), width - 9 * mm)))
    else:
        parts.append(_indent(RatingScale(width - 9 * mm)))
    parts.append(section_label("Notes"))
    lines = max(5, min(9, (question.minutes or 5) + 1))
    parts.append(_indent(RuledLines(width - 9 * mm, lines)))
    parts.append(Spacer(1, 3 * mm))
    parts.append(Rule(width))
    return KeepTogether(parts)


def _indent(flowable) -> Table:
    """Line a drawn flowable up with the prompt text beside the hanging number."""
    table = Table([["", flowable]], colWidths=[9 * mm, None], hAlign="LEFT")
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return table


def build_packet(session: Session, set_id: int, options: ExportOptions = ExportOptions()) -> bytes:
    story, running, title = packet_flowables(session, set_id, options)
    hide = name_filter(set_candidate(session, session.get(InterviewSet, set_id)), options)
    return render(story, running, size=options.page_size, title=title, subject="Interview packet", hide=hide)



def loop_packet_flowables(session: Session, loop_id: int, options: ExportOptions) -> tuple[list, RunningText, str]:
    """A cover listing the loop's interviews, then each interviewer's packet on fresh pages."""
    loop = session.get(Loop, loop_id)
    if loop is None:
        raise ExportError(f"no loop with id {loop_id}")
    if not loop.sets:
        raise ExportError(f"loop {one_line(loop.name)!r} has no sets to print")
    st = styles()
    width = usable_width(options.page_size)
    topics = topic_names(session)
    competencies = {c.id: one_line(c.name) for c in session.scalars(select(Competency))}
    hide = name_filter(loop.candidate, options)
    name = hide(one_line(loop.name))
    role = role_name(session, loop.role_id)
    who = candidate_label(loop.candidate, options)
    questions = sum(len(item.items) for item in loop.sets)
    minutes = sum(entry.question.minutes or 0 for item in loop.sets for entry in item.items)
    facts = [
        ("Candidate", who),
        ("Role", role),
        ("Level", (loop.level or "").capitalize()),
        ("Interviews", str(len(loop.sets))),
        ("Plan", f"{questions} questions · about {minutes} min"),
    ]
    story: list = heading("Loop packet", name, facts, width)
    story.append(Paragraph("Interviews", st.h1))
    story.append(_loop_overview(session, loop, topics, competencies, options, width))

    sets = []
    for item in loop.sets:
        start = PageMark()
        part, running, _ = _set_story(session, item, options, topics, start)
        sets.append(running)
        story += [RunningChange(running.footer, f"Interview {item.loop_position + 1} of {len(loop.sets)} · "
                                                f"{running.header_right}".rstrip(" ·")),
                  PageBreak(), start, *part]
    running = RunningText(header=f"Loop packet · {name}", header_right=" · ".join(p for p in (who, role) if p),
                          footer=list(sets[0].footer))
    return story, running, f"Loop packet – {name}"


def _loop_overview(session: Session, loop: Loop, topics: dict[str, str], competencies: dict[str, str],
                   options: ExportOptions, width: float) -> Table:
    """One row per interview: its set, interviewer, focus and competencies, all in names."""
    st = styles()
    hide = name_filter(loop.candidate, options)
    rows: list[list] = [["#", "Set", "Interviewer", "Focus", "Assesses", "Qs"]]
    for item in loop.sets:
        interview = _interview_for(session, item)
        assesses = [competencies.get(c, c) for c in (item.params or {}).get("competencies") or []]
        rows.append([
            str(item.loop_position + 1),
            Paragraph(markup(hide(set_title(item, topics))), st.cell),
            Paragraph(markup(one_line(interview.interviewer)) if interview else "", st.cell),
            Paragraph(markup(hide(focus_text(item, topics)) or "All topics"), st.cell),
            Paragraph(markup(", ".join(assesses) or "–"), st.cell),
            str(len(item.items)),
        ])
    fixed = [8 * mm, 30 * mm, 10 * mm]  # #, interviewer, question count
    rest = width - sum(fixed)
    table = Table(rows, colWidths=[fixed[0], rest * 0.34, fixed[1], rest * 0.33, rest * 0.33, fixed[2]],
                  repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (5, 0), (5, -1), "RIGHT")
    table.setStyle(style)
    return table


def build_loop_packet(session: Session, loop_id: int, options: ExportOptions = ExportOptions()) -> bytes:
    story, running, title = loop_packet_flowables(session, loop_id, options)
    hide = name_filter(session.get(Loop, loop_id).candidate, options)
    return render(story, running, size=options.page_size, title=title, subject="Loop packet", hide=hide)
