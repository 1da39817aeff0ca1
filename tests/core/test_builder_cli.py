"""build-set, build-loop and `list sets` as a script sees them."""

from __future__ import annotations

import json

from desktop.core.cli import main

QUESTION_FIELDS = {"id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "minutes"}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_build_set_json_saves_and_lists(capsys, db_path):
    db = ("--db", str(db_path))
    status, out, err = run(capsys, *db, "build-set", "--role", "prompt-engineer", "--level", "junior",
                           "--count", "8", "--seed", "4", "--focus", "prompting", "--save", "Screen", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert len(data["questions"]) == 8 and all(QUESTION_FIELDS <= set(q) for q in data["questions"])
    assert data["balance"]["difficulty"]["beginner"] == {"target": 4, "actual": 4}
    assert data["shortfalls"] == []
    status, out, _ = run(capsys, *db, "list", "sets", "--json")
    [row] = json.loads(out)
    assert row["name"] == "Screen" and row["questions"] == 8
    status, _, err = run(capsys, *db, "build-set", "--role", "prompt-engineer", "--save", "Screen")
    assert status == 1 and "already exists" in err and "Traceback" not in err


def test_build_set_reports_shortfalls(capsys, db_path):
    status, out, err = run(capsys, "--db", str(db_path), "build-set", "--role", "mlops-engineer",
                           "--count", "200", "--json")
    assert status == 0
    data = json.loads(out)
    assert {"what": "questions", "wanted": 200, "got": len(data["questions"])} .items() <= data["shortfalls"][0].items()
    assert "shortfall: questions: wanted 200" in err


def test_build_loop_json(capsys, db_path):
    status, out, err = run(capsys, "--db", str(db_path), "build-loop", "--role", "genai-engineer",
                           "--interviewers", "4", "--count", "8", "--seed", "1", "--save", "Onsite", "--json")
    assert status == 0, err
    data = json.loads(out)
    ids = [q["id"] for i in data["interviews"] for q in i["questions"]]
    assert len(data["interviews"]) == 4 and len(ids) == 32 == len(set(ids))
    assert all(i["focus"] for i in data["interviews"])
    assert data["balance"]["count"] == 32


def test_bad_input_is_one_line(capsys, db_path):
    for argv in (("build-set", "--role", "astronaut"), ("build-set", "--role", "mlops-engineer", "--count", "0"),
                 ("build-loop", "--role", "mlops-engineer", "--interviewers", "0"),
                 ("build-set", "--role", "mlops-engineer", "--mix", "a/b/c"),
                 ("build-set", "--role", "mlops-engineer", "--candidate", "99")):
        status, _, err = run(capsys, "--db", str(db_path), *argv)
        assert status == 1 and err.count("\n") == 1 and "error:" in err, argv


def test_shortfalls_read_with_topic_names_and_json_keeps_ids(capsys, db_path):
    status, out, err = run(capsys, "--db", str(db_path), "build-set", "--role", "prompt-engineer", "--count", "6",
                           "--focus", "gans", "--focus", "rag", "--json")
    assert status == 0, err
    [short] = [f for f in json.loads(out)["shortfalls"] if f["what"].startswith("focus topic")]
    assert short["what"] == "focus topic gans" and "no more gans questions" in short["why"]
    assert "shortfall: focus topic GANs: wanted" in err and "no more GANs questions" in err
