"""`decide`, `list decisions` and the competency fields of `list` and `build-loop` in JSON."""

from __future__ import annotations

import json

from desktop.core.cli import main
from tests.core.test_decisions import run_loop


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_competencies_and_the_roles_that_weigh_them(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "list", "competencies", "--json")
    competencies = {c["id"]: c for c in json.loads(out)}
    assert status == 0 and competencies["ownership"]["kind"] == "behavioral"
    _, out, _ = run(capsys, "--db", str(db_path), "list", "roles", "--json")
    roles = {r["id"]: r for r in json.loads(out)}
    assert roles["prompt-engineer"]["competencies"]["prompting-craft"] == 3
    assert set(roles["prompt-engineer"]["competencies"]) <= set(competencies)


def test_list_questions_json_carries_competencies_anchors_and_red_flags(capsys, db_path):
    _, out, _ = run(capsys, "--db", str(db_path), "list", "questions", "--json")
    question = {q["id"]: q for q in json.loads(out)}["gqa-052"]
    assert question["competencies"] and len(question["anchors"]) == 4 and isinstance(question["red_flags"], list)


def test_build_loop_json_names_each_interviews_competencies(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "build-loop", "--role", "prompt-engineer",
                         "--interviewers", "4", "--minutes", "45", "--json")
    interviews = json.loads(out)["interviews"]
    assert status == 0 and all(2 <= len(one["competencies"]) <= 3 for one in interviews)
    covered = [c for one in interviews for c in one["competencies"]]
    assert all(covered.count(c) >= 2 for c in set(covered))


def test_decide_refuses_a_departure_without_a_reason_then_records_it(capsys, store, db_path):
    run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 3, "Dee": 4})
    store.dispose()
    status, _, err = run(capsys, "--db", str(db_path), "decide", "--candidate", "Zoë Example",
                         "--decision", "no_hire", "--by", "Harriet")
    assert status == 1 and "departs from the composite" in err and "Traceback" not in err
    status, out, _ = run(capsys, "--db", str(db_path), "decide", "--candidate", "Zoë Example",
                         "--decision", "no_hire", "--by", "Harriet", "--reason", "the work sample was copied")
    assert status == 0 and "No hire" in out and "sealed" in out
    _, out, _ = run(capsys, "--db", str(db_path), "list", "decisions", "--json")
    [row] = json.loads(out)
    assert (row["decision"], row["decided_by"], row["seal"]) == ("no_hire", "Harriet", "ok")
    assert row["composite_side"] == "hire" and row["reason"] == "the work sample was copied"
