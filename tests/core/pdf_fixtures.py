"""A realistic loop for the PDF tests, made with the models and sealed by the interview core.

One candidate, a loop of four interviews with eight bundled questions each, all submitted and
sealed, one of them amended. `add_hostile_interview` adds a scorecard full of hostile text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.core.interviewing import amend_interview, question_snapshot, submit_interview
from desktop.core.storage.models import (
    Annotation,
    Candidate,
    Interview,
    InterviewSet,
    Loop,
    Question,
    QuestionRole,
    SetItem,
)

CANDIDATE_NAME = "Amélie O'Connor-Nakamura"
INTERVIEWERS = ("Priya Raman", "Jonas Weber", "Chen Wei", "Dana Okafor")
RECOMMENDATIONS = ("yes", "strong_yes", "no", "yes")
ROLE = "genai-engineer"
START = datetime(2026, 11, 20, 9, 0)


@dataclass
class LoopData:
    candidate_id: int
    loop_id: int
    set_ids: list[int]
    interview_ids: list[int]
    question_ids: list[list[str]]
    notes: list[list[str]]
    digests: list[str]


def make_loop(session, interviews: int = 4, per_interview: int = 8) -> LoopData:
    pool = session.scalars(
        select(Question).join(QuestionRole).where(QuestionRole.role_id == ROLE).order_by(Question.id)
    ).all()
    candidate = Candidate(name=CANDIDATE_NAME, role_id=ROLE)
    loop = Loop(name="GenAI Engineer onsite – Amélie", role_id=ROLE, level="mid", candidate=candidate)
    session.add_all([candidate, loop])
    session.flush()
    data = LoopData(candidate.id, loop.id, [], [], [], [], [])
    for n in range(interviews):
        chosen = pool[n * per_interview * 3:(n + 1) * per_interview * 3:3][:per_interview]
        item = InterviewSet(name=f"Onsite {n + 1}: {INTERVIEWERS[n % 4]}", role_id=ROLE, level="mid",
                            loop_id=loop.id, loop_position=n, focus="")
        item.items = [SetItem(question_id=q.id, position=i) for i, q in enumerate(chosen)]
        started = START + timedelta(days=n, hours=1)
        interview = Interview(
            candidate=candidate, set=item, loop_id=loop.id, interviewer=INTERVIEWERS[n % 4],
            status="in_progress", started_at=started, elapsed_seconds=47 * 60 + 12,
        )
        notes = []
        for i, q in enumerate(chosen):
            note = (f"Round {n + 1} Q{i + 1}: Amélie described {q.id} with a concrete example "
                    f"from her last project; probed on failure modes.")
            notes.append(note)
            interview.annotations.append(Annotation(
                question_id=q.id, position=i,
                rating=None if i == 5 else (i + n) % 4 + 1, skipped=(i == 5),
                covered=list(range(0, len(q.rubric), 2)), notes=note,
                seconds_spent=240 + 17 * i, question_snapshot=question_snapshot(q),
            ))
        session.add_all([item, interview])
        session.flush()
        submit_interview(session, interview.id, recommendation=RECOMMENDATIONS[n % 4],
                         summary=f"Amélie explained trade-offs clearly in round {n + 1}; weaker on evaluation design.",
                         now=started + timedelta(minutes=55))
        data.set_ids.append(item.id)
        data.interview_ids.append(interview.id)
        data.question_ids.append([q.id for q in chosen])
        data.notes.append(notes)
        data.digests.append(session.get(Interview, interview.id).digest)
    amended = session.get(Interview, data.interview_ids[2])
    amend_interview(session, amended.id, author="Chen Wei",
                    reason="Rated question 2 before hearing the follow-up answer.",
                    changes={"annotations": {"1": {"rating": 4}}, "recommendation": "yes"},
                    now=amended.submitted_at + timedelta(hours=3))
    return data


HOSTILE_MARKUP = "a<b && <b>not bold</b> <font size=40>x</font> ]]> <![CDATA[ &amp; &#169; \\n <br/>"
LONG_WORD = "Supercalifragilistic" * 15  # 300 characters, no break opportunity
EMOJI = "Great answer 👍🏽 — loved the 🇫🇷 example 🤖, «quotes» “curly” ‘single’ naïve café 中文 done"


def long_note(length: int = 20_000) -> str:
    sentence = "Candidate walked through retrieval, chunking and evaluation with care. "
    body = (sentence * (length // len(sentence) + 1))[: length - 12]
    return body + " END-OF-NOTE"


def add_hostile_interview(session, data: LoopData) -> int:
    """A submitted interview on the first set whose notes are everything a user could type."""
    item = session.get(InterviewSet, data.set_ids[0])
    interview = Interview(
        candidate_id=data.candidate_id, set=item, loop_id=None, interviewer="Zoë <admin> & Co",
        status="in_progress", started_at=START, elapsed_seconds=1800,
    )
    texts = [HOSTILE_MARKUP, long_note(), f"before {LONG_WORD} after", EMOJI]
    for i, entry in enumerate(item.items):
        interview.annotations.append(Annotation(
            question_id=entry.question_id, position=i, rating=(i % 4) + 1,
            covered=[0], notes=texts[i] if i < len(texts) else "", seconds_spent=60,
            question_snapshot=question_snapshot(entry.question),
        ))
    session.add(interview)
    session.flush()
    submit_interview(session, interview.id, recommendation="strong_no", summary=HOSTILE_MARKUP + " " + EMOJI,
                     now=START + timedelta(minutes=31))
    return interview.id


@pytest.fixture
def loop_data(store) -> LoopData:
    with store.session() as s, s.begin():
        return make_loop(s)
