"""A realistic loop for the PDF tests, made the way the app makes it: with the core's own functions.

One candidate, a loop of four interviews with eight bundled questions each, all begun, noted,
submitted and sealed, one of them amended. `add_hostile_interview` adds a scorecard full of
hostile text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.core import interviewing
from desktop.core.building.sets import SetDraft, rename_set, save_loop
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.storage.models import Interview, Question, QuestionRole

CANDIDATE_NAME = "Amélie O'Connor-Nakamura"
INTERVIEWERS = ("Priya Raman", "Jonas Weber", "Chen Wei", "Dana Okafor")
RECOMMENDATIONS = ("yes", "strong_yes", "no", "yes")
ROLE = "genai-engineer"
START = datetime(2026, 11, 20, 9, 0)
AMENDED = 2  # the interview that is amended: question 2 from 2 to 3, recommendation No to Yes


@dataclass
class LoopData:
    candidate_id: int
    loop_id: int
    set_ids: list[int]
    interview_ids: list[int]
    question_ids: list[list[str]]
    notes: list[list[str]]
    digests: list[str]


def rating_of(n: int, i: int) -> int | None:
    """The rating interview `n` gives question `i` (0-based); question 6 is skipped."""
    if (n, i) == (AMENDED, 1):
        return 2  # amended to 3
    return None if i == 5 else (i + n) % 4 + 1


def conduct(session, interview_id: int, notes: list[str], ratings: list[int | None], *, started: datetime,
            recommendation: str, summary: str, seconds: float = 47 * 60 + 12) -> str:
    """Begin, rate and note every question, and submit: what an interviewer does in the app."""
    interviewing.begin_interview(session, interview_id, now=started)
    interview = session.get(Interview, interview_id)
    for annotation in sorted(interview.annotations, key=lambda a: a.position):
        i = annotation.position
        rubric = interviewing.asked(annotation)["rubric"]
        interviewing.update_annotation(
            session, interview_id, i, rating=ratings[i], skipped=ratings[i] is None,
            covered=list(range(0, len(rubric), 2)), notes=notes[i], seconds_spent=240 + 17 * i)
    interviewing.update_progress(session, interview_id, elapsed_seconds=seconds)
    return interviewing.submit_interview(session, interview_id, recommendation=recommendation, summary=summary,
                                         now=started + timedelta(minutes=55))


def make_loop(session, interviews: int = 4, per_interview: int = 8) -> LoopData:
    pool = session.scalars(
        select(Question.id).join(QuestionRole).where(QuestionRole.role_id == ROLE).order_by(Question.id)
    ).all()
    candidate = create_candidate(session, name=CANDIDATE_NAME, role_id=ROLE)
    chosen = [pool[n * per_interview * 3:(n + 1) * per_interview * 3:3][:per_interview] for n in range(interviews)]
    drafts = [SetDraft.of(ids, role_id=ROLE, level="mid") for ids in chosen]
    loop = save_loop(session, "GenAI Engineer onsite – Amélie", drafts, role_id=ROLE, level="mid",
                     candidate_id=candidate.id)
    data = LoopData(candidate.id, loop.id, [], [], [], [], [])
    for n, draft in enumerate(drafts):
        rename_set(session, draft.set_id, f"Onsite {n + 1}: {INTERVIEWERS[n % 4]}")  # as people name them
        interview = interviewing.create_interview(session, set_id=draft.set_id, candidate_id=candidate.id,
                                                  interviewer=INTERVIEWERS[n % 4])
        started = START + timedelta(days=n, hours=1)
        notes = [f"Round {n + 1} Q{i + 1}: Amélie described {qid} with a concrete example "
                 f"from her last project; probed on failure modes." for i, qid in enumerate(chosen[n])]
        digest = conduct(session, interview.id, notes, [rating_of(n, i) for i in range(len(chosen[n]))],
                         started=started, recommendation=RECOMMENDATIONS[n % 4],
                         summary=f"Amélie explained trade-offs clearly in round {n + 1}; weaker on evaluation design.")
        data.set_ids.append(draft.set_id)
        data.interview_ids.append(interview.id)
        data.question_ids.append(list(chosen[n]))
        data.notes.append(notes)
        data.digests.append(digest)
    if interviews > AMENDED:
        amended = session.get(Interview, data.interview_ids[AMENDED])
        interviewing.amend_interview(session, amended.id, author="Chen Wei",
                                     reason="Rated question 2 before hearing the follow-up answer.",
                                     changes={"annotations": {"1": {"rating": 3}}, "recommendation": "yes"},
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
    interview = interviewing.create_interview(session, set_id=data.set_ids[0], candidate_id=data.candidate_id,
                                              interviewer="Zoë <admin> & Co")
    texts = [HOSTILE_MARKUP, long_note(), f"before {LONG_WORD} after", EMOJI]
    count = len(interview.annotations)
    interviewing.begin_interview(session, interview.id, now=START)
    for i in range(count):
        interviewing.update_annotation(session, interview.id, i, rating=(i % 4) + 1, covered=[0],
                                       notes=texts[i] if i < len(texts) else "", seconds_spent=60)
    interviewing.update_progress(session, interview.id, elapsed_seconds=1800)
    interviewing.submit_interview(session, interview.id, recommendation="strong_no",
                                  summary=HOSTILE_MARKUP + " " + EMOJI, now=START + timedelta(minutes=31))
    return interview.id


@pytest.fixture
def loop_data(store) -> LoopData:
    with store.session() as s, s.begin():
        return make_loop(s)
