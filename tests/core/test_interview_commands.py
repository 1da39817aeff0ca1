"""`interview-desk demo` and `list candidates|interviews` as a user or a script sees them."""

from __future__ import annotations

import json
import re

from desktop.core.cli import main

INTERVIEW_FIELDS = {"id", "candidate", "interviewer", "set", "status", "digest"}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_demo_prints_what_it_created(capsys, db_path):
    status, out, err = run(capsys, "--db", str(db_path), "demo")
    assert status == 0 and err == ""
    assert "Jordan Avery" in out and "Sam Rivera" in out
    assert out.count("submitted, ") == 4 and "in progress" in out


def test_demo_twice_refuses_in_one_line(capsys, db_path):
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    status, out, err = run(capsys, "--db", str(db_path), "demo")
    assert status == 1 and out == ""
    assert err.startswith("interview-desk: error: the demo is already in this database")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_list_interviews_json_has_status_and_digest_once_sealed(capsys, db_path):
    run(capsys, "--db", str(db_path), "demo")
    status, out, _ = run(capsys, "--db", str(db_path), "list", "interviews", "--json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 5 and all(INTERVIEW_FIELDS <= set(r) for r in rows)
    sealed = [r for r in rows if r["status"] == "submitted"]
    assert len(sealed) == 4
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["digest"]) for r in sealed)
    (live,) = [r for r in rows if r["status"] == "in progress"]
    assert live["digest"] is None and live["candidate"] == "Sam Rivera"
    assert {r["interviewer"] for r in sealed} == {"Priya Raman", "Marcus Webb", "Elena Sokolova", "David Okafor"}


def test_the_interviews_table_reads_as_people_say_it(capsys, db_path):
    run(capsys, "--db", str(db_path), "demo")
    table = run(capsys, "--db", str(db_path), "list", "interviews")[1]
    strong = [line for line in table.splitlines() if "Marcus Webb" in line]
    assert len(strong) == 1 and "Strong yes" in strong[0] and "3.40" in strong[0]
    assert "strong_yes" not in table
    rows = json.loads(run(capsys, "--db", str(db_path), "list", "interviews", "--json")[1])
    assert {r["recommendation"] for r in rows} >= {"strong_yes", "yes"}  # scripts keep the codes


def test_list_interviews_shows_planned_ones_too(capsys, db_path):
    from desktop.core.interviewing import candidates
    from desktop.core import interviewing
    from desktop.core.storage.store import Store

    run(capsys, "--db", str(db_path), "demo")
    store = Store(str(db_path))
    with store.transaction() as s:
        someone = candidates.create_candidate(s, name="Ada Planned")
        interviewing.create_interview(s, set_id=1, candidate_id=someone.id, interviewer="Grace")
    store.dispose()
    status, out, _ = run(capsys, "--db", str(db_path), "list", "interviews")
    assert status == 0
    header, *lines = out.splitlines()
    assert header.split()[:5] == ["ID", "CANDIDATE", "INTERVIEWER", "SET", "STATUS"]
    planned = [line for line in lines if "Ada Planned" in line]
    assert len(planned) == 1 and "planned" in planned[0]


def test_list_candidates(capsys, db_path):
    run(capsys, "--db", str(db_path), "demo")
    status, out, _ = run(capsys, "--db", str(db_path), "list", "candidates", "--json")
    assert status == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["Jordan Avery"]["interviews"] == 4 and rows["Jordan Avery"]["submitted"] == 4
    assert rows["Jordan Avery"]["loops"] == ["Demo loop: Jordan Avery"]
    assert rows["Sam Rivera"]["interviews"] == 1 and rows["Sam Rivera"]["submitted"] == 0


def test_empty_lists_say_so(capsys, db_path):
    assert run(capsys, "--db", str(db_path), "list", "interviews")[1].strip() == "no interviews"
    assert run(capsys, "--db", str(db_path), "list", "candidates")[1].strip() == "no candidates"
    assert json.loads(run(capsys, "--db", str(db_path), "list", "candidates", "--json")[1]) == []
