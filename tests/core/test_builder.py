"""The set and loop builder on the bundled bank: exact mixes, no repeats, seeds, exclusions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.core.building.balance import largest_remainder
from desktop.core.building.loops import assign_competencies
from desktop.core.building.pool import pool_for
from desktop.core.building.service import balance_in, loop_coverage_in, role_spec
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.lifecycle import create_interview
from desktop.core.building import (
    BuildError,
    PoolQuestion,
    SetRequest,
    build_loop_in,
    build_set_in,
    load_bank_pool,
    swap_options,
)
from desktop.core.storage.models import (
    LEVELS,
    Annotation,
    Candidate,
    Interview,
    InterviewSet,
    Question,
    QuestionRole,
    QuestionTopic,
    Role,
)

ROLES = ("image-gen-specialist", "genai-engineer", "llm-app-engineer", "prompt-engineer",
         "mlops-engineer", "applied-ml-scientist")


def test_largest_remainder_adds_up_and_favours_the_biggest_remainders():
    assert largest_remainder({"beginner": 50, "intermediate": 40, "advanced": 10}, 8) == \
        {"beginner": 4, "intermediate": 3, "advanced": 1}
    assert largest_remainder({"beginner": 10, "intermediate": 40, "advanced": 50}, 8) == \
        {"beginner": 1, "intermediate": 3, "advanced": 4}
    assert sum(largest_remainder({"a": 1, "b": 1, "c": 1}, 7).values()) == 7
    assert largest_remainder({"a": 0, "b": 3}, 2) == {"a": 0, "b": 2}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("level", LEVELS)
def test_the_mix_is_exact_for_every_role_and_level(store, role, level):
    with store.session() as s:
        mix = s.get(Role, role).levels[level]
        for request in (SetRequest(role, level, count=8, seed=7), SetRequest(role, level, minutes=45, seed=7)):
            built = build_set_in(s, request)
            assert built.shortfalls == []
            n = len(built.questions)
            assert {d: line.actual for d, line in built.balance.difficulty.items()} == largest_remainder(mix, n)
            assert len(set(built.ids)) == n
            assert sum(q.kind == "behavioral" for q in built.questions) >= 1
            if request.count:
                assert n == 8
            else:  # fills the slot: within the budget, and little of it left unused
                assert n >= 5 and 38 <= built.balance.minutes <= 45


def test_same_seed_same_set_other_seed_other_set(store):
    with store.session() as s:
        a = build_set_in(s, SetRequest("genai-engineer", "mid", count=8, seed=11)).ids
        b = build_set_in(s, SetRequest("genai-engineer", "mid", count=8, seed=11)).ids
        others = {tuple(build_set_in(s, SetRequest("genai-engineer", "mid", count=8, seed=k)).ids)
                  for k in range(5)}
    assert a == b
    assert len(others) > 1


def test_a_candidates_earlier_questions_are_excluded(store):
    with store.transaction() as s:
        first = build_set_in(s, SetRequest("prompt-engineer", "mid", count=8, seed=1))
        candidate = Candidate(name="Ada")
        row = InterviewSet(name="earlier")
        s.add_all([candidate, row])
        s.flush()
        interview = Interview(candidate_id=candidate.id, set_id=row.id, interviewer="me", status="submitted")
        interview.annotations = [Annotation(question_id=q, position=i) for i, q in enumerate(first.ids)]
        s.add(interview)
        s.flush()
        candidate_id = candidate.id
    with store.session() as s:
        again = build_set_in(s, SetRequest("prompt-engineer", "mid", count=8, seed=1, candidate_id=candidate_id))
    assert not set(again.ids) & set(first.ids)
    assert len(again.ids) == 8 and again.shortfalls == []


def test_least_used_questions_are_preferred(store):
    with store.transaction() as s:
        first = build_set_in(s, SetRequest("mlops-engineer", "mid", count=6, seed=3))
        candidate = Candidate(name="Bo")
        row = InterviewSet(name="used")
        s.add_all([candidate, row])
        s.flush()
        s.add(Interview(candidate_id=candidate.id, set_id=row.id, interviewer="me", status="submitted",
                        started_at=datetime(2026, 1, 1),
                        annotations=[Annotation(question_id=q, position=i) for i, q in enumerate(first.ids)]))
    with store.session() as s:
        # Another candidate, same seed: the questions already asked are only used if nothing else fits.
        again = build_set_in(s, SetRequest("mlops-engineer", "mid", count=6, seed=3))
    assert set(again.ids) != set(first.ids)
    assert len(set(again.ids) & set(first.ids)) <= 1  # the bank has 5 behavioral questions to rotate


def test_pinned_are_kept_and_excluded_are_left_out(store):
    with store.session() as s:
        built = build_set_in(s, SetRequest("genai-engineer", "mid", count=8, seed=2,
                                           pinned=("gqa-001",), excluded=("img-046", "img-047")))
    assert "gqa-001" in built.ids
    assert not {"img-046", "img-047"} & set(built.ids)


def test_too_few_advanced_questions_gives_the_closest_set_and_says_why(store):
    with store.session() as s:
        advanced = [q.id for q in pool_for(s).role(s, "mlops-engineer").questions if q.difficulty == "advanced"]
        built = build_set_in(s, SetRequest("mlops-engineer", "senior", count=8, seed=1, excluded=tuple(advanced)))
    assert len(built.ids) == 8  # never fewer questions silently
    whats = {f.what: f for f in built.shortfalls}
    short = whats["advanced questions (senior mix)"]
    assert (short.wanted, short.got) == (4, 0)
    assert "no more advanced questions" in short.why
    assert built.balance.difficulty["intermediate"].actual > 3  # the closest difficulty fills in


def test_asking_for_more_than_the_bank_has_reports_the_shortfall(store):
    with store.session() as s:
        built = build_set_in(s, SetRequest("mlops-engineer", "junior", count=500))
    assert 0 < len(built.ids) < 500
    assert len(set(built.ids)) == len(built.ids)
    assert any(f.what == "questions" and f.wanted == 500 and f.got == len(built.ids) for f in built.shortfalls)


def test_no_behavioral_left_is_a_shortfall(store):
    with store.session() as s:
        behavioral = tuple(q.id for q in pool_for(s).role(s, "prompt-engineer").questions if q.kind == "behavioral")
        built = build_set_in(s, SetRequest("prompt-engineer", "mid", count=8, excluded=behavioral))
    assert len(built.ids) == 8
    assert any(f.what == "behavioral questions" and f.got == 0 for f in built.shortfalls)


def test_unknown_inputs_are_clear_errors(store):
    with store.session() as s:
        with pytest.raises(BuildError, match="unknown role"):
            build_set_in(s, SetRequest("astronaut", "mid", count=8))
        with pytest.raises(BuildError, match="unknown level"):
            build_set_in(s, SetRequest("mlops-engineer", "principal", count=8))
        with pytest.raises(BuildError, match="unknown topic 'quantum'"):
            build_set_in(s, SetRequest("mlops-engineer", "mid", count=8, focus=("quantum",)))
        with pytest.raises(BuildError, match="at least 1"):
            build_set_in(s, SetRequest("mlops-engineer", "mid", count=0))


def test_focus_topics_take_the_set(store):
    with store.session() as s:
        built = build_set_in(s, SetRequest("image-gen-specialist", "mid", count=8, seed=4, focus=("diffusion",)))
    assert built.balance.topic["diffusion"].target == 7  # one slot is the behavioral question
    assert built.balance.topic["diffusion"].actual == 7


def test_a_loop_has_no_repeats_and_each_interview_its_own_focus(store):
    with store.session() as s:
        loop = build_loop_in(s, SetRequest("applied-ml-scientist", "senior", count=8, seed=5), 4)
    ids = [q for one in loop.sets for q in one.ids]
    assert len(ids) == 32 and len(set(ids)) == 32
    assert len({one.request.focus for one in loop.sets}) == 4
    assert all(one.balance.mix_is_exact for one in loop.sets)
    assert loop.balance.count == 32
    assert loop.balance.difficulty["advanced"].target == 16 == loop.balance.difficulty["advanced"].actual
    # Only a focus topic may run dry (the bank has few GANs questions for the role); never the
    # mix, the count, the behavioral rule or a competency.
    assert all("focus topic" in f.what for f in loop.shortfalls), loop.shortfalls


def test_swap_options_keep_the_difficulty(store):
    with store.session() as s:
        built = build_set_in(s, SetRequest("genai-engineer", "mid", count=8, seed=9))
        options = swap_options(s, "genai-engineer", "mid", built.ids, 0)
    assert options
    assert all(o.difficulty == built.questions[0].difficulty and o.id not in built.ids for o in options)


def test_shortfalls_name_topics_for_people_and_keep_ids_for_scripts(store):
    with store.session() as s:
        built = build_set_in(s, SetRequest("prompt-engineer", "mid", count=6, focus=("gans", "rag")))
        loop = build_loop_in(s, SetRequest("prompt-engineer", "mid", count=6, focus=("gans", "rag")), 2)
    [short] = [f for f in built.shortfalls if f.what.startswith("focus topic")]
    assert short.as_dict()["what"] == "focus topic gans" and "no more gans questions" in short.as_dict()["why"]
    assert str(short).startswith("focus topic GANs: wanted") and "no more GANs questions" in str(short)
    in_loop = [f for f in loop.shortfalls if "focus topic" in f.what]
    names = {"gans": "GANs", "rag": "RAG and retrieval"}
    assert in_loop and {f.what.rsplit(" ", 1)[1] for f in in_loop} <= set(names)
    for f in in_loop:
        topic = f.what.rsplit(" ", 1)[1]
        assert str(f).startswith("interview ") and f"focus topic {names[topic]}" in str(f)
        assert f"{names[topic]} questions" in f.reason and f"{topic} questions" in f.why


def _reference_topics(session) -> dict[str, tuple[str, ...]]:
    """The plain way: every link row, sorted by (position, topic id) per question."""
    links: dict[str, list[tuple[int, str]]] = {}
    for qid, tid, pos in session.execute(select(QuestionTopic.question_id, QuestionTopic.topic_id,
                                                QuestionTopic.position)):
        links.setdefault(qid, []).append((pos, tid))
    return {qid: tuple(t for _, t in sorted(pairs)) for qid, pairs in links.items()}


def test_the_fast_pool_loader_matches_the_plain_reading_of_the_bank(store):
    with store.transaction() as s:
        def add(qid, links, retired=False):
            q = Question(id=qid, prompt=f"Prompt {qid}", difficulty="advanced", kind="concept", rubric=["a point"],
                         minutes=7, retired=retired)
            q.topic_links = [QuestionTopic(topic_id=t, position=p) for t, p in links]
            q.role_links = [QuestionRole(role_id="prompt-engineer")]
            s.add(q)
        add("zz-gaps", [("rag", 5), ("prompting", 0), ("evaluation", 2)])  # positions with gaps, out of order
        add("zz-ties", [("rag", 1), ("evaluation", 1), ("prompting", 0)])  # two topics share a position
        add("zz-none", [])  # no topics at all
        add("zz-retired", [("rag", 0)], retired=True)
    with store.session() as s:
        pool = load_bank_pool(s)
        expected = _reference_topics(s)
        assert "zz-retired" not in pool.by_id
        assert pool.by_id["zz-gaps"].topics == ("prompting", "evaluation", "rag")
        assert pool.by_id["zz-ties"].topics == ("prompting", "evaluation", "rag")
        assert pool.by_id["zz-none"] == PoolQuestion("zz-none", "advanced", "concept", 7, ())
        assert {qid: q.topics for qid, q in pool.by_id.items() if q.topics} == \
            {qid: t for qid, t in expected.items() if qid in pool.by_id}
        role = pool.role(s, "prompt-engineer")
        assert {"zz-gaps", "zz-ties", "zz-none"} <= {q.id for q in role.questions}
        assert [q.id for q in role.questions] == sorted(q.id for q in role.questions)
        for (behavioral, difficulty, topic), bucket in role.buckets.items():
            assert [q.id for q in bucket] == sorted(q.id for q in bucket)
            assert all((q.kind == "behavioral") == behavioral and q.difficulty == difficulty
                       and (topic == "*" or topic in q.topics) for q in bucket)


ROLES = ("image-gen-specialist", "genai-engineer", "llm-app-engineer", "prompt-engineer",
         "mlops-engineer", "applied-ml-scientist")


def test_twins_never_meet_in_a_set_or_a_loop(store):
    with store.session() as s:
        twins = pool_for(s).twins
        assert twins, "the bundled bank links near-duplicates"
        for role in ROLES:
            for seed in range(100):
                loop = build_loop_in(s, SetRequest(role, "mid", count=8, seed=seed), 4)
                ids = [q for one in loop.sets for q in one.ids]
                clashes = [(a, b) for a in ids for b in ids if b in twins.get(a, ())]
                assert not clashes, (role, seed, clashes)


def test_a_candidate_never_gets_the_twin_of_a_question_they_had(store):
    with store.transaction() as s:
        twins = pool_for(s).twins
        candidate = create_candidate(s, name="Ada Twin")
        first = build_set_in(s, SetRequest("genai-engineer", "mid", count=12, seed=1))
        asked = [q for q in first.ids if q in twins]
        assert asked, "the first set holds a question with a twin"
        saved = save_set(s, SetDraft.of(first.ids, role_id="genai-engineer", level="mid"), "first")
        create_interview(s, candidate_id=candidate.id, set_id=saved.id, interviewer="Lee")
    with store.session() as s:
        for seed in range(30):
            later = build_set_in(s, SetRequest("genai-engineer", "mid", count=12, seed=seed,
                                               candidate_id=candidate.id))
            assert not [q for q in later.ids for a in asked if q in twins[a]], seed


@pytest.mark.parametrize("role", ROLES)
def test_every_competency_is_assessed_by_two_interviewers(store, role):
    with store.session() as s:
        wanted = set(role_spec(s, role).competencies)
        loop = build_loop_in(s, SetRequest(role, "mid", minutes=45, seed=3), 4)
    coverage = loop.coverage()
    assert set(coverage) == wanted and all(len(who) >= 2 for who in coverage.values()), coverage
    assert all(2 <= len(one.competencies) <= 3 for one in loop.sets)
    for one in loop.sets:  # each interviewer's set holds a question evidencing each of theirs
        assert all(one.balance.competency[c].actual >= 1 for c in one.competencies), one.balance.competency
    assert not [f for f in loop.shortfalls if f.what.startswith("competency")]


def test_competencies_are_shared_so_no_two_interviewers_assess_the_same_ones():
    groups = assign_competencies(["a", "b", "c", "d", "e", "f"], 4)
    assert sorted(len(g) for g in groups) == [3, 3, 3, 3]
    assert all(sum(c in g for g in groups) == 2 for c in "abcdef")
    assert len({frozenset(g) for g in groups}) == 4
    assert assign_competencies(["a", "b"], 3) == [("a", "b"), ("a", "b"), ("a", "b")]
    assert assign_competencies(["a", "b", "c"], 1) == [("a", "b", "c")]


def test_loop_coverage_counts_the_interviewers_whose_set_still_evidences_their_competency(store):
    with store.session() as s:
        built = build_loop_in(s, SetRequest("prompt-engineer", "mid", minutes=45, seed=3), 4)
        drafts = [SetDraft.of(b.ids, role_id="prompt-engineer", level="mid", params=b.request.params())
                  for b in built.sets]
        coverage = loop_coverage_in(s, drafts)
        assert coverage.interviewers == tuple(b.competencies for b in built.sets)
        assert set(coverage.lines) == set(built.coverage())
        assert all((line.target, line.actual) == (2, 2) for line in coverage.lines.values()), coverage.lines
        # take away the first interviewer's questions evidencing their first competency
        first = coverage.interviewers[0][0]
        pool = pool_for(s)
        kept = [q for q in drafts[0].ids if first not in pool.by_id[q].competencies]
        drafts[0] = SetDraft.of(kept, role_id="prompt-engineer", level="mid", params=drafts[0].params)
        assert loop_coverage_in(s, drafts).lines[first].actual == 1


def test_the_sets_balance_lists_what_it_must_assess_and_what_else_it_evidences(store):
    with store.session() as s:
        built = build_set_in(s, SetRequest("prompt-engineer", "mid", count=8, seed=1,
                                           competencies=("prompting-craft", "evaluation-judgment")))
        balance = balance_in(s, built.ids, built.targets, built.competencies)
    assert balance.competency["prompting-craft"].target == 1 and balance.competency["prompting-craft"].actual >= 1
    assert all(line.target is None for c, line in balance.competency.items() if c not in built.competencies)


@pytest.mark.parametrize("role", ROLES)
def test_loops_take_turns_with_the_questions_of_a_rare_competency(store, role):
    """Loop after loop, as the simulator and a busy team build them (each loop's questions
    counted as asked): no question in more than 40% of the loops. Before, the competency rule
    put the one question evidencing a rare competency on an interviewer's topics in 92%."""
    from desktop.core.bank.catalog import topic_names
    from desktop.core.bank.usage import NEVER, Usage
    from desktop.core.building import build_loop

    loops = 80
    with store.session() as s:
        spec, bank = role_spec(s, role), pool_for(s)
        pool, names = bank.role(s, role), topic_names(s)
        usage: dict[str, Usage] = {}
        asked: dict[str, int] = {}
        for n in range(loops):
            built = build_loop(pool, spec, SetRequest(role, "mid", count=5, seed=n), 4, usage=usage,
                               by_id=bank.by_id, topic_names=names, twins=bank.twins)
            for q in {q for b in built.sets for q in b.ids}:
                usage[q] = Usage(usage.get(q, NEVER).times + 1, datetime(2026, 1, 1) + timedelta(days=n))
                asked[q] = asked.get(q, 0) + 1
    busiest = max(asked, key=asked.get)
    assert asked[busiest] / loops <= 0.4, (busiest, asked[busiest])
