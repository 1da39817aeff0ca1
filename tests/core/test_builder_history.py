"""The builder learns from our interviews: questions over the exposure cap rest, and told to
prefer signal it takes the question whose ratings discriminate."""

from __future__ import annotations

import json

from desktop.core import interviewing
from desktop.core.building import History, SetRequest, build_set_in, pool_for
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.cli import main
from desktop.core.insight.advice import history_for
from tests.core.interview_fixtures import make_candidate

ROLE = "genai-engineer"


def _asked_in_every_loop(store, question: str, loops: int = 6) -> None:
    """`loops` candidates, each interviewed once (a loop of one) on a set holding `question`."""
    with store.transaction() as s:
        others = [q for q in build_set_in(s, SetRequest(ROLE, "mid", count=2 * loops + 1, seed=3)).ids
                  if q != question]
        for n in range(loops):
            draft = SetDraft.of([question, *others[2 * n:2 * n + 2]], role_id=ROLE, level="mid")
            saved = save_set(s, draft, f"Screen {n}")
            candidate = make_candidate(s, f"Candidate {n}")
            interview = interviewing.create_interview(s, set_id=saved.id, candidate_id=candidate.id,
                                                      interviewer="Priya Raman")
            interviewing.begin_interview(s, interview.id)
            for position in range(3):
                interviewing.update_annotation(s, interview.id, position, rating=3)
            interviewing.submit_interview(s, interview.id, recommendation="yes", summary="Evidence written down.")


def test_a_question_over_the_exposure_cap_rests_until_it_falls_under(store):
    with store.session() as s:
        plain = SetRequest(ROLE, "mid", count=8, seed=5)
        favourite = build_set_in(s, plain).ids[0]
        capped = SetRequest(ROLE, "mid", count=8, seed=5, exposure_cap=0.4)
        over = build_set_in(s, capped, History({favourite: 0.5}, 20))
        assert favourite not in over.ids and over.rested == (favourite,)
        assert len(over.ids) == 8 and over.shortfalls == []
        under = build_set_in(s, capped, History({favourite: 0.35}, 20))
        assert favourite in under.ids and under.rested == ()
        pinned = SetRequest(ROLE, "mid", count=8, seed=5, exposure_cap=0.4, pinned=(favourite,))
        assert favourite in build_set_in(s, pinned, History({favourite: 0.5}, 20)).ids  # a pin wins


def test_exposure_is_measured_over_the_roles_last_loops(store, db_path, capsys):
    with store.session() as s:
        question = build_set_in(s, SetRequest(ROLE, "mid", count=8, seed=5)).ids[0]
    _asked_in_every_loop(store, question)
    with store.session() as s:
        request = SetRequest(ROLE, "mid", count=8, seed=5, exposure_cap=0.4, exposure_loops=20)
        history = history_for(s, request)
        assert history.loops == 6 and history.exposure[question] == 1.0
        assert max(v for q, v in history.exposure.items() if q != question) <= 1 / 6
        assert history_for(s, SetRequest(ROLE, "mid")) == History()  # nothing asked, nothing read
        built = build_set_in(s, request, history)
    assert question not in built.ids and question in built.rested
    assert main(["--db", str(db_path), "build-set", "--role", ROLE, "--count", "8", "--seed", "5",
                 "--exposure-cap", "40", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert question in data["rested"] and question not in {q["id"] for q in data["questions"]}
    assert f"rested for exposure: {question}" in err
    assert main(["--db", str(db_path), "build-loop", "--role", ROLE, "--interviewers", "2", "--count", "5",
                 "--exposure-cap", "40", "--prefer-signal", "--json"]) == 0
    loop = json.loads(capsys.readouterr().out)
    assert question in loop["rested"]
    assert all(question not in {q["id"] for q in one["questions"]} for one in loop["interviews"])


def test_an_exposure_cap_out_of_range_is_one_line(db_path, capsys):
    assert main(["--db", str(db_path), "build-set", "--role", ROLE, "--exposure-cap", "120"]) == 1
    err = capsys.readouterr().err
    assert "--exposure-cap wants a percentage" in err and "Traceback" not in err


def test_told_to_prefer_signal_the_builder_takes_the_twin_that_discriminates(store):
    with store.session() as s:
        bank = pool_for(s)
        one, other = "gqa-047", "gqa-088"  # twins of one difficulty: never in the same set
        assert other in bank.twins[one]
        everyone = {q.id: -0.5 for q in bank.role(s, ROLE).questions}
        for better, worse in ((one, other), (other, one)):
            signal = {**everyone, better: 0.9, worse: 0.3}
            for seed in range(3):
                ids = build_set_in(s, SetRequest(ROLE, "mid", count=8, seed=seed, prefer_signal=True),
                                   History(signal=signal)).ids
                assert better in ids and worse not in ids
        # Not told to: signal changes nothing.
        plain = SetRequest(ROLE, "mid", count=8, seed=0)
        assert build_set_in(s, plain, History(signal={**everyone, one: 0.9})).ids == build_set_in(s, plain).ids
