"""`create_demo`: a newcomer's first look, and a fixture other tests can rely on."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.core import demo
from desktop.core import interviewing
from desktop.core.storage.models import Candidate, Interview, InterviewSet, Loop, Question, RECOMMENDATIONS


@pytest.fixture
def report(store):
    with store.transaction() as s:
        return demo.create_demo(s)


def test_one_candidate_has_a_loop_of_four_focused_sets_with_no_question_twice(store, report):
    with store.session() as s:
        loop = s.get(Loop, report.loop_id)
        assert loop.candidate.name == demo.CANDIDATE and loop.role_id == demo.ROLE
        sets = loop.sets
        assert [x.loop_position for x in sets] == [0, 1, 2, 3]
        assert len({x.focus for x in sets}) == 4 and all(x.focus for x in sets)
        asked = [item.question_id for x in sets for item in x.items]
        assert len(asked) == 20 and len(set(asked)) == 20
        for x in sets:
            questions = [s.get(Question, item.question_id) for item in x.items]
            assert all(demo.ROLE in q.roles and not q.retired for q in questions)
            assert sum(q.kind == "behavioral" for q in questions) == 1
            assert {q.difficulty for q in questions} >= {"beginner", "intermediate", "advanced"}


def test_the_loop_has_four_sealed_scorecards_with_real_content(store, report):
    with store.session() as s:
        loop_interviews = s.scalars(select(Interview).where(Interview.loop_id == report.loop_id)).all()
        assert len(loop_interviews) == 4
        assert len({i.interviewer for i in loop_interviews}) == 4
        assert {i.set_id for i in loop_interviews} == set(report.set_ids)
        for interview in loop_interviews:
            assert interview.status == "submitted" and interview.submitted_at is not None
            assert interviewing.verify_seal(interview) and len(interview.digest) == 64
            assert interview.recommendation in RECOMMENDATIONS and interview.summary.strip()
            assert interview.elapsed_seconds > 0
            for a in interview.annotations:
                assert a.notes.strip() and a.seconds_spent > 0
                assert a.skipped or (a.rating in (1, 2, 3, 4) and a.covered)
                assert all(0 <= i < len(a.question.rubric) for i in a.covered)
        # A realistic loop disagrees: not every interviewer says the same thing.
        assert len({i.recommendation for i in loop_interviews}) >= 2
        assert interviewing.debrief_state(s, report.loop_id)[0] is True


def test_a_second_candidate_is_mid_interview(store, report):
    with store.session() as s:
        interview = s.get(Interview, report.in_progress_interview_id)
        assert interview.candidate.name == demo.SECOND_CANDIDATE
        assert interview.status == "in_progress" and interview.digest is None
        assert interview.current_position == 1 and interview.elapsed_seconds > 0
        assert interview.annotations[0].rating == 3
        assert interview.annotations[1].notes and interview.annotations[1].rating is None
        assert all(a.rating is None and not a.notes for a in interview.annotations[2:])


def test_running_twice_refuses_and_changes_nothing(store, report):
    with pytest.raises(demo.DemoError, match="already in this database"):
        with store.transaction() as s:
            demo.create_demo(s)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 2
        assert s.scalar(select(func.count()).select_from(Interview)) == 5
        assert s.scalar(select(func.count()).select_from(InterviewSet)) == 5


def test_same_bank_same_demo(store):
    def picked() -> list[list[str]]:
        with store.session() as s, s.begin():
            made = demo.create_demo(s)
            questions = [[i.question_id for i in s.get(InterviewSet, sid).items] for sid in made.set_ids]
            s.rollback()  # leave the database empty for the next run
            return questions

    assert picked() == picked()


def test_report_says_what_was_created(report):
    text = "\n".join(report.lines())
    assert demo.CANDIDATE in text and demo.SECOND_CANDIDATE in text
    assert text.count("submitted") == 4 and "in progress" in text
    assert all(d[:12] in text for d in report.digests)
