"""The bundled bank as a structured-interview instrument: anchors and competencies on every
question, enough questions per competency, our own words, and weeks of loops without repeats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.core.bank.files import load_bank
from desktop.core.building import SetRequest, build_loop_in
from desktop.core.storage.models import DIFFICULTIES
from tests.conftest import BANK_DIR

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
RUN = 10  # words in a row that would count as copying
NAME_DROPPING = re.compile(r"^(Mentions|Names|Lists)\b")
BRITISH = re.compile(r"\b(behaviour\w*|colour\w*|favour\w*|judgement\w*|labelled|labelling|modelling|"
                     r"optimis\w+|normalis\w+|organis\w+|summaris\w+|tokenis\w+|initialis\w+|"
                     r"utilis\w+|analyse|analysed|analysing|centre|licence)\b", re.I)


@pytest.fixture(scope="module")
def bank():
    loaded = load_bank([BANK_DIR])
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded


def texts(q) -> list[str]:
    return [q.prompt, q.answer or "", *q.rubric, *q.anchors, *q.red_flags, *q.follow_ups]


def test_every_question_has_four_anchors_and_its_competencies(bank):
    known = {c.id for c in bank.competencies}
    for q in bank.questions:
        assert len(q.anchors) == 4 and all(a.strip() for a in q.anchors), q.id
        assert 1 <= len(q.competencies) <= 2 and set(q.competencies) <= known, q.id


def test_rubric_points_check_what_is_said_not_what_is_named(bank):
    for q in bank.questions:
        assert not [p for p in q.rubric if NAME_DROPPING.match(p)], q.id


def test_one_spelling_us_english(bank):
    for q in bank.questions:
        found = [m.group(0) for t in texts(q) for m in BRITISH.finditer(t)]
        assert not found, (q.id, found)


def test_behavioral_depth_for_weekly_loops(bank):
    behavioral = [q for q in bank.questions if q.kind == "behavioral"]
    assert len(behavioral) >= 40
    assert sum(q.difficulty == "advanced" for q in behavioral) >= 8
    assert all(q.follow_ups for q in behavioral)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_every_role_competency_has_questions_at_every_difficulty(bank, difficulty):
    for role in bank.roles:
        for competency in role.competencies:
            n = sum(1 for q in bank.questions if role.id in q.roles and competency in q.competencies
                    and q.difficulty == difficulty and not q.retired)
            assert n >= 2, (role.id, competency, difficulty, n)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside this checkout")
def test_no_text_copies_ten_words_from_the_seeds(bank):
    runs = set()
    for seed in SEEDS.glob("*.txt"):
        words = re.findall(r"[a-z0-9]+", seed.read_text(errors="replace").lower())
        runs.update(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    for q in bank.questions:
        for text in texts(q):
            words = re.findall(r"[a-z0-9]+", text.lower())
            copied = [" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)
                      if tuple(words[i:i + RUN]) in runs]
            assert not copied, (q.id, copied[:1])


ROLES = ("image-gen-specialist", "genai-engineer", "llm-app-engineer", "prompt-engineer",
         "mlops-engineer", "applied-ml-scientist")


@pytest.mark.parametrize("role", ROLES)
def test_three_weeks_of_loops_without_a_repeat_or_a_shortfall(store, role):
    """Three consecutive 4-interviewer, 45-minute mid-level loops: no question twice across
    them, nothing the builder has to report as missing."""
    used: list[str] = []
    with store.session() as s:
        for week in range(3):
            loop = build_loop_in(s, SetRequest(role, "mid", minutes=45, seed=week, excluded=tuple(used)), 4)
            assert loop.shortfalls == [], (role, week, [str(f) for f in loop.shortfalls])
            ids = [q for one in loop.sets for q in one.ids]
            assert not set(ids) & set(used), (role, week)
            used += ids


def test_twins_the_review_named_share_a_difficulty(bank):
    """Near-duplicates are swapped for each other; they must weigh the same in a mix."""
    by_id = {q.id: q for q in bank.questions}
    for a, b in (("gqa-047", "gqa-088"), ("gai-001", "gqa-003"), ("gqa-010", "gqa-040")):
        assert by_id[a].difficulty == by_id[b].difficulty, (a, b)
        assert b in by_id[a].related or a in by_id[b].related, (a, b)
