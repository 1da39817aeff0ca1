"""Write tests/data/schema_NNNN.sql: a small database at each schema revision, with data.

Run by hand from the repository root:

    .venv/bin/python tests/data/make_schema_dbs.py          # write the dumps that are missing
    .venv/bin/python tests/data/make_schema_dbs.py 0005     # write (or rewrite) these revisions'

Each database is made the way that version of the app made it: the real migrations up to the
revision build the schema, then the rows go in with plain SQL naming that revision's columns
(the ORM only matches the newest one). The data is what a team would have by then: a few
questions (one edited, one retired) with topics and roles, a role, two candidates, a two-set
loop with one sealed scorecard and an amendment to it, a planned interview, and an interview
interrupted half-way. The dump is `iterdump()` text, so it diffs; the repository ignores *.db.

When you add a migration: add what it adds to the rows below (`if revision >= "0005": ...`),
run this script for the new revision only, and commit the new .sql. tests/core/test_upgrades.py
then opens every dump with today's Store and reads it through the core.

Never rewrite an older revision's dump after changing the core: the dumps stand for databases
people already have, and rebuilding them with today's code (the seal below is computed by
`scorecard_content`) would hide exactly the break the upgrade test is there to catch.
Questions are never deleted here: a dump does not keep the implicit rowids the search index
points at, only their order.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from alembic.script import ScriptDirectory

from desktop.core.interviewing.fields import _iso, _sha256
from desktop.core.interviewing.seals import scorecard_content
from desktop.core.storage.store import Store

DATA = Path(__file__).resolve().parent
T0 = datetime(2026, 11, 23, 10, 0, 0)
SOURCE = "tests/data/make_schema_dbs.py"
VIRTUAL_ROWS = 'INSERT INTO "question_fts" VALUES'


def when(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def stored(value):
    """A Python value as SQLAlchemy stores it in SQLite (JSON text, 0/1, full timestamps)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return value


TOPICS = [
    {"id": "rag", "name": "RAG and retrieval",
     "description": "Retrieval-augmented generation, embeddings, vector databases, grounding."},
    {"id": "evaluation", "name": "Evaluation",
     "description": "Metrics, human evaluation, quality checks."},
    {"id": "rlhf-alignment", "name": "RLHF and alignment",
     "description": "Reward models, RLHF, DPO and other preference methods, model alignment."},
]

COMPETENCIES = [  # 0004
    {"id": "retrieval-grounding", "name": "Retrieval and grounding", "kind": "technical",
     "description": "Builds and debugs retrieval-augmented systems."},
    {"id": "evaluation-judgment", "name": "Evaluation judgment", "kind": "technical",
     "description": "Decides whether a model or a change is good enough."},
    {"id": "model-adaptation", "name": "Model adaptation", "kind": "technical",
     "description": "Adapts models to a task or a preference."},
]

MIX = {"junior": {"beginner": 50, "intermediate": 40, "advanced": 10},
       "mid": {"beginner": 20, "intermediate": 50, "advanced": 30},
       "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}

# id, prompt, difficulty, kind, topics, rubric, competencies (0004), retired, user_edited
QUESTIONS = [
    ("upg-001", "A retrieval-augmented assistant cites the wrong document. How do you find out why?",
     "intermediate", "scenario", ["rag", "evaluation"],
     ["Checks what the retriever returned before touching the prompt",
      "Compares the query embedding with the expected chunk's",
      "Builds a small labelled set to measure retrieval recall"],
     ["retrieval-grounding"], False, True),
    ("upg-002", "What is a reward model in RLHF, and how is it trained from human preferences?",
     "intermediate", "concept", ["rlhf-alignment"],
     ["Scores a prompt and response pair with a scalar",
      "Trained on pairwise comparisons with a Bradley-Terry style loss",
      "Names reward hacking as the main way it goes wrong"],
     ["model-adaptation"], False, False),
    ("upg-003", "How do you choose the chunk size when embedding documents for retrieval?",
     "beginner", "concept", ["rag"],
     ["Trades context per chunk against retrieval precision",
      "Tests several sizes against a labelled query set"],
     ["retrieval-grounding"], False, False),
    ("upg-004", "Which offline metrics would you trust to compare two summarisation models, and why?",
     "advanced", "concept", ["evaluation"],
     ["Explains what ROUGE measures and misses",
      "Adds human or model-graded review for faithfulness",
      "Checks that the difference is larger than the noise"],
     ["evaluation-judgment"], False, False),
    ("upg-005", "Explain the difference between BLEU and ROUGE.",
     "beginner", "concept", ["evaluation"],
     ["BLEU is precision-oriented, ROUGE recall-oriented"],
     ["evaluation-judgment"], True, False),
]

# Sets: id, name, loop id, position in the loop, focus, question ids.
SETS = [
    (1, "Ada loop · 1 (retrieval)", 1, 0, "rag", ["upg-001", "upg-003"]),
    (2, "Ada loop · 2 (evaluation)", 1, 1, "evaluation", ["upg-004", "upg-002"]),
    (3, "RLHF screen", None, 0, "", ["upg-002", "upg-004"]),
]


def rows(revision: str) -> list[tuple[str, dict]]:
    """Every row of the database at `revision`, in an order the foreign keys accept."""
    out: list[tuple[str, dict]] = [
        ("app_meta", {"key": "bundled_bank_fingerprint", "value": "9f2c" * 16}),
    ]
    out += [("topics", dict(t)) for t in TOPICS]
    if revision >= "0004":
        out += [("competencies", dict(c)) for c in COMPETENCIES]
    role = {"id": "genai-engineer", "name": "Generative AI Engineer",
            "description": "Builds products on generative models.", "default_minutes": 45,
            "min_behavioral": 1, "topic_weights": {"rag": 3, "evaluation": 2, "rlhf-alignment": 1},
            "levels": MIX}
    if revision >= "0004":
        role["competencies"] = {"retrieval-grounding": 3, "evaluation-judgment": 2, "model-adaptation": 1}
    out.append(("roles", role))

    for n, (qid, prompt, difficulty, kind, topics, rubric, competencies, retired, edited) in enumerate(QUESTIONS):
        question = {"id": qid, "prompt": prompt, "difficulty": difficulty, "kind": kind, "rubric": rubric,
                    "answer": f"A model answer to {qid}.", "follow_ups": ["What would you try next?"],
                    "related": [], "minutes": 5, "source": SOURCE, "retired": retired,
                    "user_edited": edited, "created_at": when(n), "updated_at": when(n + (30 if edited else 0))}
        if revision >= "0004":
            question["competencies"] = competencies
            question["anchors"] = [f"{level}: what a {level} answer to {qid} looks like" for level in range(1, 5)]
            question["red_flags"] = ["Blames the model without looking at the data"]
        out.append(("questions", question))
        out += [("question_topics", {"question_id": qid, "topic_id": t, "position": i}) for i, t in enumerate(topics)]
        out.append(("question_roles", {"question_id": qid, "role_id": "genai-engineer"}))

    out += [
        ("candidates", {"id": 1, "name": "Ada Example", "role_id": "genai-engineer", "notes": "",
                        "created_at": when(60)}),
        ("candidates", {"id": 2, "name": "Ben Sample", "role_id": "genai-engineer",
                        "notes": "Referred by Grace", "created_at": when(61)}),
        ("loops", {"id": 1, "name": "Ada loop", "role_id": "genai-engineer", "level": "mid", "candidate_id": 1,
                   "params": {"interviewers": 2, "count": 2, "seed": 7}, "created_at": when(62),
                   "debrief_override_at": None, "debrief_override_by": None, "debrief_override_reason": None}),
    ]
    item_id = 0
    for set_id, name, loop_id, loop_position, focus, ids in SETS:
        out.append(("interview_sets", {
            "id": set_id, "name": name, "role_id": "genai-engineer", "level": "mid",
            "params": {"count": len(ids), "seed": 7}, "focus": focus, "loop_id": loop_id,
            "loop_position": loop_position, "created_at": when(62), "updated_at": when(62)}))
        for position, qid in enumerate(ids):
            item_id += 1
            out.append(("set_items", {"id": item_id, "set_id": set_id, "question_id": qid,
                                      "position": position, "pinned": position == 0}))

    sealed = interview(revision, 1, candidate=1, set_id=1, loop_id=1, interviewer="Grace", status="submitted",
                       position=2, elapsed=1260.0, started=when(120), recommendation="yes",
                       summary="Methodical debugging; picked a chunk size without testing it.")
    sealed_notes = [
        annotation(1, 1, "upg-001", 0, rating=3, covered=[0, 1], seconds=600.0,
                   notes="Checked the retriever before the prompt — naïve “top-k” first; a<b & c."),
        annotation(2, 1, "upg-003", 1, rating=2, covered=[0], seconds=540.0,
                   notes="Picked 512 tokens without testing."),
    ]
    if revision >= "0008":
        sealed["competency_notes"] = {"retrieval-grounding": "Looked at what the retriever returned first."}
    sealed["submitted_at"] = sealed["ended_at"] = when(141)
    sealed["digest"] = seal(sealed, sealed_notes)
    out += [("interviews", sealed)] + [("annotations", a) for a in sealed_notes]
    out.append(("amendments", amendment(sealed, author="Grace", reason="Typed the second rating on the wrong key",
                                        changes={"annotations": {"1": {"rating": 3}}}, created=when(200))))

    planned = interview(revision, 2, candidate=1, set_id=2, loop_id=1, interviewer="Sam", status="planned",
                        position=0, elapsed=0.0, started=None)
    out += [("interviews", planned),
            ("annotations", annotation(3, 2, "upg-004", 0)), ("annotations", annotation(4, 2, "upg-002", 1))]

    interrupted = interview(revision, 3, candidate=2, set_id=3, loop_id=None, interviewer="Grace",
                            status="in_progress", position=1, elapsed=312.5, started=when(300))
    if revision >= "0003":
        interrupted["clock_paused"] = True  # paused for a fire drill, then the laptop died
    out += [("interviews", interrupted),
            ("annotations", annotation(5, 3, "upg-002", 0, rating=3, covered=[0, 1], seconds=240.0,
                                       notes="Clear on pairwise preferences.")),
            ("annotations", annotation(6, 3, "upg-004", 1, seconds=72.5, notes="Started on ROUGE vs human review"))]
    if revision >= "0010":  # the dead laptop's window still holds the lease (long stale)
        out.append(("interview_leases", {"interview_id": 3, "token": "5a1e" * 8, "owner": "Grace",
                                         "host": "grace-laptop", "pid": 4242, "since": when(300),
                                         "heartbeat_at": when(330)}))
    if revision >= "0011":  # a candidate erased earlier: the record only, nothing about them
        out.append(("erasures", {"id": 1, "erased_at": when(400), "erased_by": "Grace", "interviews": 2,
                                 "loops": 1, "decisions": 0}))
    return out


def interview(revision: str, id: int, *, candidate: int, set_id: int, loop_id: int | None, interviewer: str,
              status: str, position: int, elapsed: float, started: datetime | None,
              recommendation: str | None = None, summary: str = "") -> dict:
    row = {"id": id, "candidate_id": candidate, "set_id": set_id, "loop_id": loop_id, "interviewer": interviewer,
           "status": status, "current_position": position, "elapsed_seconds": elapsed, "started_at": started,
           "ended_at": None, "recommendation": recommendation, "summary": summary, "submitted_at": None,
           "digest": None, "updated_at": started or when(63)}
    if revision >= "0003":
        row["clock_paused"] = False
    if revision >= "0008":
        row["competency_notes"], row["rating_scale"] = {}, "anchored"
    return row


def annotation(id: int, interview_id: int, question_id: str, position: int, *, rating: int | None = None,
               covered: list[int] = (), notes: str = "", seconds: float = 0.0) -> dict:
    return {"id": id, "interview_id": interview_id, "question_id": question_id, "position": position,
            "rating": rating, "skipped": False, "covered": list(covered), "notes": notes,
            "seconds_spent": seconds, "updated_at": when(100 + id)}


def seal(interview_row: dict, annotation_rows: list[dict]) -> str:
    """The digest submitting took: the core's canonical scorecard content, hashed."""
    card = SimpleNamespace(**interview_row,
                           annotations=[SimpleNamespace(**a) for a in annotation_rows])
    return _sha256(scorecard_content(card))


def amendment(sealed: dict, *, author: str, reason: str, changes: dict, created: datetime) -> dict:
    """An amendment chained to the seal, its digest taken as amending takes it."""
    digest = _sha256({"previous": sealed["digest"], "interview_id": sealed["id"], "author": author,
                      "reason": reason, "changes": changes, "created_at": _iso(created)})
    return {"id": 1, "interview_id": sealed["id"], "author": author, "reason": reason, "changes": changes,
            "created_at": created, "digest": digest}


def build(revision: str, path: Path) -> None:
    store = Store(str(path), upgrade=False)
    store.upgrade(revision)
    store.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    with conn:  # one transaction
        for table, row in rows(revision):
            columns = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" for _ in row)
            conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", [stored(v) for v in row.values()])
    conn.close()


def dump(revision: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"schema_{revision}.db"
        build(revision, path)
        conn = sqlite3.connect(path)
        # iterdump() also writes the rows the search index shows through its content view; they are
        # not its own (an external-content table stores only the index, in its shadow tables).
        text = "\n".join(line for line in conn.iterdump() if not line.startswith(VIRTUAL_ROWS)) + "\n"
        conn.close()
    out = DATA / f"schema_{revision}.sql"
    header = (f"-- A database at schema revision {revision}, written by tests/data/make_schema_dbs.py:\n"
              "-- a small bank, a loop with a sealed and amended scorecard, an interrupted interview.\n")
    out.write_text(header + text, encoding="utf-8")
    return out


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(Store("sqlite://", upgrade=False)._alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def main(argv: list[str]) -> int:
    known = revisions()
    wanted = argv or [r for r in known if not (DATA / f"schema_{r}.sql").exists()]
    for revision in wanted:
        if revision not in known:
            print(f"unknown revision {revision}; the migrations have {', '.join(known)}", file=sys.stderr)
            return 1
        print(f"wrote {dump(revision).relative_to(REPO)}")
    if not wanted:
        print("every revision has its dump already; name a revision to rewrite it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
