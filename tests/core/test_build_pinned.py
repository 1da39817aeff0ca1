"""The builder's answers are pinned: the same bank, history and seed give the same sets and
loops, question for question, release after release (a faster builder must not pick others).

The bank is made as a user makes one: bank files (a seeded generator writes them) imported with
the core's own sync, then interviews held and submitted, so usage has counts and dates. The
answers are compared with tests/data/build_pinned.json; after a change MEANT to alter what the
builder picks, rewrite it with
`PYTHONPATH=. python -c "import tests.core.test_build_pinned as t; t.write_pinned()"`
and say why in the commit.
"""

from __future__ import annotations

import json
import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.core import interviewing
from desktop.core.bank.files import dump_yaml
from desktop.core.bank.sync import sync_bundled_bank
from desktop.core.building import History, SetRequest, build_loop_in, build_set_in, swap_options
from desktop.core.building.sets import SetDraft, save_loop, save_set
from desktop.core.cli import main
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.storage.models import DIFFICULTIES, KINDS
from desktop.core.storage.store import Store

PINNED = Path(__file__).resolve().parents[1] / "data" / "build_pinned.json"
TOPICS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "talk")
COMPETENCIES = {"depth": "technical", "design": "technical", "evaluation": "technical",
                "craft": "technical", "teamwork": "behavioral", "ownership": "behavioral"}
ROLES = {
    "builder": {"alpha": 4, "beta": 3, "gamma": 2, "delta": 1, "talk": 1},
    "scientist": {"gamma": 4, "delta": 3, "epsilon": 2, "zeta": 2, "talk": 1},
    "operator": {"eta": 3, "alpha": 2, "epsilon": 2, "talk": 1},
}
ROLE_COMPETENCIES = {
    "builder": {"depth": 3, "design": 2, "craft": 2, "teamwork": 1, "ownership": 1},
    "scientist": {"depth": 2, "evaluation": 3, "design": 1, "teamwork": 1},
    "operator": {"craft": 3, "evaluation": 1, "ownership": 2, "teamwork": 1},
}


def write_bank(folder: Path, count: int = 900, seed: int = 20) -> None:
    """A bank folder of `count` seeded questions over three roles, some twins, some retired."""
    rng = random.Random(seed)
    questions = []
    for i in range(count):
        kind = rng.choice(KINDS)
        technical = [t for t in TOPICS if t != "talk"]
        topics = ["talk", *rng.sample(technical, rng.randint(0, 1))] if kind == "behavioral" and rng.random() < 0.7 \
            else rng.sample(technical, rng.randint(1, 3))
        pool = [c for c, k in COMPETENCIES.items() if (k == "behavioral") == (kind == "behavioral")]
        q = {"id": f"q-{i:04d}", "prompt": f"Question {i}", "difficulty": rng.choice(DIFFICULTIES), "kind": kind,
             "topics": topics, "roles": rng.sample(list(ROLES), rng.randint(1, 2)), "rubric": ["a point"],
             "minutes": rng.choice((3, 5, 5, 8, 10, 12)), "competencies": rng.sample(pool, rng.randint(0, 2))}
        if i > 10 and rng.random() < 0.04:
            q["related"] = [f"q-{rng.randrange(i):04d}"]
        if rng.random() < 0.02:
            q["retired"] = True
        questions.append(q)
    catalog = {
        "topics": [{"id": t, "name": t.title()} for t in TOPICS],
        "competencies": [{"id": c, "name": c.title(), "kind": k} for c, k in COMPETENCIES.items()],
        "roles": [{"id": r, "name": r.title(), "default_minutes": 45, "min_behavioral": 1, "topic_weights": w,
                   "competencies": ROLE_COMPETENCIES[r],
                   "levels": {"junior": {"beginner": 50, "intermediate": 40, "advanced": 10},
                              "mid": {"beginner": 25, "intermediate": 50, "advanced": 25},
                              "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}}
                  for r, w in ROLES.items()],
    }
    (folder / "catalog.yaml").write_text(dump_yaml(catalog), encoding="utf-8")
    (folder / "questions.yaml").write_text(dump_yaml({"questions": questions}), encoding="utf-8")


def hold_interviews(store: Store) -> int:
    """Loops built, saved and interviewed on fixed days, so usage has counts and dates; returns
    the id of a candidate with an interview planned (its questions are off limits to them)."""
    start = datetime(2026, 3, 2, 9, 0)
    for n in range(6):
        role = list(ROLES)[n % 3]
        with store.transaction() as s:
            loop = build_loop_in(s, SetRequest(role, "mid", count=6, seed=100 + n), 2)
            candidate = create_candidate(s, name=f"Candidate {n}", role_id=role)
            drafts = [SetDraft.of(b.ids, role_id=role, level="mid") for b in loop.sets]
            saved = save_loop(s, f"Loop {n}", drafts, role_id=role, level="mid", candidate_id=candidate.id)
            s.flush()
            for k, one in enumerate(saved.sets):
                when = start + timedelta(days=n, hours=k)
                interview = interviewing.create_interview(s, set_id=one.id, candidate_id=candidate.id,
                                                          interviewer=f"Interviewer {k}")
                interviewing.begin_interview(s, interview.id, now=when)
                for position in range(len(one.items)):
                    interviewing.update_annotation(s, interview.id, position, rating=1 + (n + position) % 4)
                interviewing.submit_interview(s, interview.id, recommendation="yes", summary="Evidence.", now=when)
    with store.transaction() as s:  # planned, not held: not usage, but off limits to this candidate
        candidate = create_candidate(s, name="Planned Candidate", role_id="builder")
        built = build_set_in(s, SetRequest("builder", "mid", count=8, seed=1))
        saved = save_set(s, SetDraft.of(built.ids, role_id="builder", level="mid"), "Planned screen")
        interviewing.create_interview(s, set_id=saved.id, candidate_id=candidate.id, interviewer="Interviewer 0")
        return candidate.id


def history(ids: list[str]) -> History:
    """Exposure over the cap for some questions, and a signal for most (seeded)."""
    rng = random.Random(5)
    return History({q: rng.choice((0.1, 0.3, 0.6)) for q in ids[::3]}, 10,
                   {q: round(rng.uniform(-0.5, 0.9), 2) for q in ids if rng.random() < 0.8})


def requests(candidate_id: int) -> list[tuple[str, SetRequest, int]]:
    """(name, request, interviewers): 1 builds a set, more a loop."""
    return [
        ("set count", SetRequest("builder", "mid", count=8, seed=1), 1),
        ("set minutes", SetRequest("scientist", "senior", minutes=45, seed=2), 1),
        ("set junior focus", SetRequest("builder", "junior", count=10, seed=3, focus=("beta", "gamma")), 1),
        ("set kinds", SetRequest("operator", "mid", count=8, seed=4, kinds=("workflow", "scenario", "behavioral")), 1),
        ("set exclude kind", SetRequest("scientist", "mid", minutes=30, seed=5, exclude_kinds=("concept",)), 1),
        ("set mix", SetRequest("operator", "senior", count=9, seed=6, mix={"beginner": 0, "intermediate": 1,
                                                                           "advanced": 3}), 1),
        ("set pinned excluded", SetRequest("builder", "mid", count=8, seed=7, pinned=("q-0003", "q-0010"),
                                           excluded=("q-0011", "q-0012")), 1),
        ("set candidate", SetRequest("builder", "mid", count=8, seed=1, candidate_id=candidate_id), 1),
        ("set competencies", SetRequest("scientist", "mid", count=6, seed=8, competencies=("evaluation", "teamwork")), 1),
        ("set too many", SetRequest("operator", "junior", count=200, seed=9, kinds=("scenario",)), 1),
        ("set exposure cap", SetRequest("builder", "mid", count=8, seed=1, exposure_cap=0.25), 1),
        ("set prefer signal", SetRequest("scientist", "mid", count=8, seed=2, prefer_signal=True), 1),
        ("loop 4", SetRequest("builder", "mid", count=8, seed=1), 4),
        ("loop 3 minutes", SetRequest("scientist", "senior", minutes=40, seed=11), 3),
        ("loop focus", SetRequest("operator", "mid", count=6, seed=12, focus=("eta", "alpha", "epsilon")), 3),
        ("loop candidate", SetRequest("builder", "junior", count=7, seed=13, candidate_id=candidate_id), 4),
        ("loop capped signal", SetRequest("builder", "mid", count=8, seed=14, exposure_cap=0.25,
                                          prefer_signal=True), 4),
        ("loop 5", SetRequest("scientist", "mid", count=8, seed=15), 5),
    ]


def answers(store: Store, candidate_id: int) -> dict:
    """Every request's sets (ids in order), what it rested and the shortfalls it named."""
    out = {}
    with store.session() as s:
        hist = history(sorted(build_loop_in(s, SetRequest("builder", "mid", count=30), 3).sets[0].ids
                              + build_set_in(s, SetRequest("scientist", "mid", count=30)).ids))
        for name, request, interviewers in requests(candidate_id):
            told = hist if request.exposure_cap is not None or request.prefer_signal else None
            if interviewers == 1:
                built = build_set_in(s, request, told)
                out[name] = {"sets": [built.ids], "rested": list(built.rested),
                             "shortfalls": [f.as_dict() for f in built.shortfalls]}
            else:
                loop = build_loop_in(s, request, interviewers, history=told)
                out[name] = {"sets": [b.ids for b in loop.sets], "rested": list(loop.rested),
                             "shortfalls": [f.as_dict() for f in loop.shortfalls],
                             "competencies": [list(b.competencies) for b in loop.sets]}
        first = out["set count"]["sets"][0]
        out["swap"] = [q.id for q in swap_options(s, "builder", "mid", first, 2, seed=3)]
    return out


def make_bank(folder: Path, db: Path) -> tuple[Store, int]:
    folder.mkdir()
    write_bank(folder)
    store = Store(str(db))
    sync_bundled_bank(store, folder)
    return store, hold_interviews(store)


def write_pinned() -> None:
    """Rewrite the pinned answers from this checkout (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        store, candidate_id = make_bank(Path(tmp) / "bank", Path(tmp) / "pinned.db")
        PINNED.write_text(json.dumps(answers(store, candidate_id), indent=1) + "\n", encoding="utf-8")
        store.dispose()


@pytest.fixture
def pinned_bank(tmp_path, monkeypatch):
    store, candidate_id = make_bank(tmp_path / "bank", tmp_path / "pinned.db")
    monkeypatch.setenv("INTERVIEW_DESK_BANK", str(tmp_path / "bank"))  # the CLI syncs this bank, not ours
    yield store, candidate_id, tmp_path / "pinned.db"
    store.dispose()


def test_the_same_bank_history_and_seed_give_the_pinned_sets_and_loops(pinned_bank):
    store, candidate_id, _ = pinned_bank
    expected = json.loads(PINNED.read_text(encoding="utf-8"))
    got = answers(store, candidate_id)
    assert got.keys() == expected.keys()
    for name in expected:
        assert got[name] == expected[name], name


def test_the_command_line_gives_the_pinned_loop_and_set(pinned_bank, capsys):
    _, _, db = pinned_bank
    expected = json.loads(PINNED.read_text(encoding="utf-8"))
    assert main(["--db", str(db), "build-loop", "--role", "builder", "--level", "mid", "--interviewers", "4",
                 "--count", "8", "--seed", "1", "--json"]) == 0
    loop = json.loads(capsys.readouterr().out)
    assert [[q["id"] for q in one["questions"]] for one in loop["interviews"]] == expected["loop 4"]["sets"]
    assert main(["--db", str(db), "build-set", "--role", "scientist", "--level", "senior", "--minutes", "45",
                 "--seed", "2", "--json"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert [q["id"] for q in built["questions"]] == expected["set minutes"]["sets"][0]
