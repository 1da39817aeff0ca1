"""Every reader of a started or sealed scorecard reads what was asked (its snapshot), never the
bank now: after the bank question is edited (anchors, competencies, prompt, rubric, red flags),
the live guide, the scorecard detail, its ratings per competency, the composite, the app's
sealed scorecard, the PDFs and `verify` say exactly what they said before."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.core import interviewing as iv
from desktop.core.bank.questions import edit_question
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.cli import main
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.decision_view import scorecard_competencies
from desktop.core.interviewing.decisions import composite_for
from desktop.core.interviewing.fields import asked
from desktop.core.interviewing.instrument import question_guides
from desktop.core.interviewing.records import scorecard_detail
from desktop.core.storage.models import Annotation
from tests.core.test_pdf_exports import export

NOW = datetime(2026, 11, 20, 10, 0, 0)
QUESTIONS = ["gqa-106", "gqa-101"]
BANK_EDIT = {"prompt": "Reworded later in the bank", "rubric": ["only one point now"],
             "anchors": ["new 1", "new 2", "new 3", "new 4"], "red_flags": ["a new red flag"],
             "competencies": ["safety-judgment"]}  # not one the role weighs, nor any asked


def started_and_sealed(store) -> tuple[int, int, int]:
    """(candidate, their sealed interview, another candidate's started one still open) on the
    same two questions."""
    with store.transaction() as s:
        saved = save_set(s, SetDraft.of(QUESTIONS, role_id="genai-engineer", level="mid"), "Two")
        candidate = create_candidate(s, name="Ada", role_id="genai-engineer")
        sealed = iv.create_interview(s, set_id=saved.id, candidate_id=candidate.id, interviewer="Ana Lima")
        iv.begin_interview(s, sealed.id, now=NOW)
        iv.update_annotation(s, sealed.id, 0, rating=4, covered=[0, 1], notes="thorough")
        iv.update_annotation(s, sealed.id, 1, rating=2, covered=[0], notes="thin")
        iv.submit_interview(s, sealed.id, recommendation="yes", summary="Good", now=NOW + timedelta(minutes=40))
        other = create_candidate(s, name="Sam", role_id="genai-engineer")
        live = iv.create_interview(s, set_id=saved.id, candidate_id=other.id, interviewer="Rita")
        iv.begin_interview(s, live.id, now=NOW)
        return candidate.id, sealed.id, live.id


def everything_shown(store, db_path, capsys, candidate_id: int, sealed_id: int, live_id: int) -> dict:
    with store.session() as s:
        detail = scorecard_detail(s, sealed_id, viewer="Ana Lima")
        shown = {"guides": question_guides(s, live_id), "detail": detail,
                 "per competency": scorecard_competencies(s, detail), "composite": composite_for(s, candidate_id),
                 "app's scorecard and amend dialog": iv.sealed_scorecard(s, sealed_id)}
    shown["debrief pdf"] = export(store, "debrief", candidate_id)[0]
    shown["scorecard pdf"] = export(store, "scorecard", sealed_id)[0]
    status = main(["--db", str(db_path), "verify"])
    shown["verify"] = (status, capsys.readouterr().out)
    return shown


def test_a_bank_edit_changes_nothing_a_started_or_sealed_scorecard_shows(store, db_path, capsys):
    candidate_id, sealed_id, live_id = started_and_sealed(store)
    before = everything_shown(store, db_path, capsys, candidate_id, sealed_id, live_id)
    with store.transaction() as s:
        for question_id in QUESTIONS:
            edit_question(s, question_id, BANK_EDIT)
    after = everything_shown(store, db_path, capsys, candidate_id, sealed_id, live_id)

    assert [what for what in before if after[what] != before[what]] == []
    assert before["verify"][0] == 0
    guide = before["guides"][0]
    assert guide.own_anchors and "new 1" not in guide.anchors.values() and guide.competencies == ("Evaluation judgment",)
    assert "Evaluation judgment" in [line.name for line in before["per competency"]]
    assert before["composite"].scores["evaluation-judgment"] == 3.0  # both evidence it: (4 + 2) / 2
    assert "safety-judgment" not in before["composite"].competencies


def test_an_older_snapshot_without_a_field_reads_as_that_field_empty_never_the_bank(store):
    _, sealed_id, _ = started_and_sealed(store)
    with store.transaction() as s:
        annotation = s.query(Annotation).filter_by(interview_id=sealed_id, position=0).one()
        annotation.question_snapshot = {"prompt": "As asked then", "rubric": ["a point"]}
        q = asked(annotation)
    assert (q["prompt"], q["rubric"], q["competencies"], q["anchors"], q["minutes"], q["difficulty"]) == (
        "As asked then", ["a point"], [], [], 0, "")
