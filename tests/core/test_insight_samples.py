"""Insight on small samples: figures withheld below the minimum, amendments counted, nothing crashes."""

from __future__ import annotations

import json

import pytest

from desktop.core import interviewing
from desktop.core.cli import main
from desktop.core.insight import TOO_FEW, insight_for
from desktop.core.insight.simulate import simulate
from desktop.core.paper.insight import build_insight_report
from tests.core.interview_fixtures import make_candidate, make_set


def _interview(s, set_id, candidate, interviewer, ratings):
    interview = interviewing.create_interview(s, set_id=set_id, candidate_id=candidate.id, interviewer=interviewer)
    interviewing.begin_interview(s, interview.id)
    for position, rating in enumerate(ratings):
        interviewing.update_annotation(s, interview.id, position, rating=rating)
    interviewing.submit_interview(s, interview.id, recommendation="yes", summary="Evidence written down.")
    return interview.id


def _asked_twice(store) -> tuple[list[str], int]:
    with store.transaction() as s:
        shared = make_set(s, "Shared set", count=3)
        ids = [item.question_id for item in shared.items]
        first = _interview(s, shared.id, make_candidate(s, "Ada Lovelace"), "Priya Raman", [3, 2, 4])
        _interview(s, shared.id, make_candidate(s, "Alan Turing"), "Marcus Webb", [2, 2, 3])
    return ids, first


def test_a_question_asked_twice_says_too_few_interviews(store, db_path, capsys):
    ids, _ = _asked_twice(store)
    assert main(["--db", str(db_path), "insight", "questions", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for qid in ids:
        assert rows[qid]["uses"] == 2
        assert TOO_FEW in rows[qid]["flags"]
        assert rows[qid]["discrimination"] is None and rows[qid]["drift"] is None
    assert main(["--db", str(db_path), "insight", "questions"]) == 0
    table = capsys.readouterr().out
    assert table.count(TOO_FEW) >= 2 * len(ids)  # discrimination and drift, on every row
    assert main(["--db", str(db_path), "insight", "interviewers", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert all(p["leniency"] is None and TOO_FEW in p["flags"] and p["interviews"] == 1 for p in people)


def test_an_amended_rating_replaces_the_sealed_one(store):
    ids, first = _asked_twice(store)
    with store.transaction() as s:
        interviewing.amend_interview(s, first, author="Priya Raman", reason="Misclicked the first rating",
                                     changes={"annotations": {"0": {"rating": 1}}})
    with store.session() as s:
        found = insight_for(s)
    assert found.question(ids[0]).distribution == (1, 1, 0, 0)  # the 3 became a 1; the other gave 2


def test_no_scorecards_gives_an_empty_report_not_an_error(store, capsys, db_path):
    with store.session() as s:
        found = insight_for(s)
        assert found.interviewers == [] and found.questions == []
        assert build_insight_report(s).startswith(b"%PDF")
    assert main(["--db", str(db_path), "insight", "reliability"]) == 0
    assert TOO_FEW in capsys.readouterr().out


def test_a_small_simulation_is_sealed_and_decided(store):
    from sqlalchemy import select

    from desktop.core.interviewing.decisions import verify_decision
    from desktop.core.storage.models import Decision, Interview

    with store.transaction() as s:
        truth = simulate(s, candidates=6, interviewers=5, seed=3)
    assert truth.interviews == 24 and truth.decisions == 6
    with store.session() as s:
        interviews = s.scalars(select(Interview)).all()
        assert len(interviews) == 24 and all(interviewing.verify_seal(i) for i in interviews)
        assert {i.interviewer for i in interviews} <= set(truth.leniency)
        assert all(verify_decision(d) for d in s.scalars(select(Decision)))
        dates = sorted(i.started_at for i in interviews)
        assert (dates[-1] - dates[0]).days > 300  # spread over the year, for drift


def test_the_adjusted_composite_sits_beside_the_raw_one(store):
    from sqlalchemy import select

    from desktop.core.insight.adjusted import LABEL, adjusted_composite
    from desktop.core.interviewing.decisions import composite_for
    from desktop.core.storage.models import Candidate

    with store.transaction() as s:
        simulate(s, candidates=40, interviewers=5, seed=11)
    with store.session() as s:
        found = insight_for(s, "genai-engineer")
        leniency = found.leniency()
        assert len(leniency) == 5  # 32 interviews each: all estimated
        candidate_id = s.scalars(select(Candidate.id).order_by(Candidate.id)).first()
        raw = composite_for(s, candidate_id)
        adjusted = adjusted_composite(s, candidate_id, found)
        assert adjusted.raw == raw.score  # the raw composite is untouched
        assert "context only" in adjusted.label and adjusted.label == LABEL
        by_hand = {}
        for c in raw.competencies:
            values = [min(4.0, max(1.0, col.ratings[c].rating - leniency[col.interviewer]))
                      for col in raw.columns if c in col.ratings and col.ratings[c].rated]
            if values and raw.weights.get(c, 0) > 0:  # competencies outside the role weigh nothing
                by_hand[c] = sum(values) / len(values)
        total = sum(raw.weights[c] for c in by_hand)
        expected = sum(v * raw.weights[c] for c, v in by_hand.items()) / total
        assert adjusted.score == pytest.approx(expected, abs=0.02)
        assert adjusted.score != raw.score


def test_halo_and_central_tendency_are_flagged(store):
    with store.transaction() as s:
        truth = simulate(s, candidates=40, interviewers=6, seed=5, quirks=True)
    with store.session() as s:
        flags = {f.interviewer: f.flags for f in insight_for(s).interviewers}
    assert {name for name, f in flags.items() if "halo" in f} == set(truth.halo)
    assert {name for name, f in flags.items() if "central tendency" in f} == set(truth.central_tendency)
