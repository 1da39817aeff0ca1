"""The command line obeys the app's access rule, for the identity `--as NAME` (before or after the
command) or else the name in Preferences: what `list interviews` and `export` show, and how a
debrief of an incomplete loop opens early."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from desktop.core import interviewing as iv
from desktop.core.cli import main
from desktop.core.storage.models import Interview, Loop
from desktop.core.storage.preferences import Preferences, save_preferences
from tests.core.test_decisions import run_loop

ANA_NOTE = "Ana's private note about the whiteboard"
CHEN_DRAFT = "Chen's draft note, not yet sealed"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(err: str) -> bool:
    return len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.fixture(autouse=True)
def nobody_in_preferences():
    save_preferences(Preferences())  # other tests leave a name behind in the shared user folder


@pytest.fixture
def half_loop(store, db_path):
    """Zoë's loop: Ana and Ben submitted, Chen and Dee still interviewing; Ana wrote a note."""
    candidate_id = run_loop(store, {"Ana": 4, "Ben": 3, "Chen": 2, "Dee": 3}, submit=0)
    with store.transaction() as s:
        ids = {i.interviewer: i.id for i in s.query(Interview).filter_by(candidate_id=candidate_id)}
        iv.update_annotation(s, ids["Ana"], 0, notes=ANA_NOTE)
        iv.update_annotation(s, ids["Chen"], 0, notes=CHEN_DRAFT)
        for who in ("Ana", "Ben"):
            iv.submit_interview(s, ids[who], recommendation="yes", summary=f"{who}'s evidence")
        loop_id = s.get(Interview, ids["Ana"]).loop_id
    store.dispose()
    return candidate_id, loop_id, ids


def listed(capsys, db_path, *identity):
    status, out, err = run(capsys, "--db", str(db_path), *identity, "list", "interviews", "--json")
    assert status == 0, err
    return {row["interviewer"]: row for row in json.loads(out)}


def test_as_is_taken_before_or_after_the_command(capsys, db_path, half_loop):
    before = listed(capsys, db_path, "--as", "Chen")
    status, out, _ = run(capsys, "--db", str(db_path), "list", "interviews", "--json", "--as", "chen")
    assert status == 0 and {row["interviewer"]: row for row in json.loads(out)} == before
    assert before["Ana"]["hidden"] and before["Chen"]["hidden"] is None


def test_list_interviews_hides_others_ratings_where_the_app_does(capsys, db_path, half_loop):
    chen = listed(capsys, db_path, "--as", "Chen")  # interviews Zoë, has not submitted
    assert chen["Ana"]["recommendation"] is None and chen["Ana"]["mean_rating"] is None
    assert chen["Ana"]["hidden"] == iv.HIDDEN_UNTIL_YOU_SUBMIT
    assert chen["Chen"]["mean_rating"] == 2 and chen["Chen"]["hidden"] is None  # your own draft: yours
    ben = listed(capsys, db_path, "--as", "Ben")  # has submitted his own
    assert ben["Ana"]["recommendation"] == "yes" and ben["Ana"]["mean_rating"] == 4
    assert ben["Dee"]["mean_rating"] is None and ben["Dee"]["hidden"] == iv.HIDDEN_DRAFT  # a draft is Dee's alone
    manager = listed(capsys, db_path, "--as", "Hiring Manager")  # interviews nobody; the debrief is closed
    assert all(row["mean_rating"] is None for row in manager.values())
    assert manager["Ana"]["hidden"] == iv.HIDDEN_UNTIL_DEBRIEF
    assert listed(capsys, db_path) == manager  # no name at all sees no more than someone who interviews nobody

    status, table, _ = run(capsys, "--db", str(db_path), "list", "interviews", "--as", "Chen")
    (ana,) = [line for line in table.splitlines() if " Ana " in line]
    assert status == 0 and iv.HIDDEN_UNTIL_YOU_SUBMIT in ana and "4.00" not in ana


def test_export_scorecard_of_someone_else_is_refused_like_the_app(capsys, db_path, half_loop, tmp_path):
    _, _, ids = half_loop
    out = tmp_path / "ana.pdf"
    status, _, err = run(capsys, "--db", str(db_path), "export", "scorecard", "--interview", str(ids["Ana"]),
                         "--out", str(out), "--as", "Chen")
    assert status == 1 and one_line_error(err) and "hidden" in err and "Ana" in err
    assert not out.exists()
    status, _, err = run(capsys, "--db", str(db_path), "--as", "Ana", "export", "scorecard",
                         "--interview", str(ids["Ana"]), "--out", str(out))
    assert status == 0, err
    assert ANA_NOTE in " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    status, _, err = run(capsys, "--db", str(db_path), "--as", "Ana", "export", "scorecard",
                         "--interview", str(ids["Chen"]), "--out", str(tmp_path / "chen.pdf"))
    assert status == 1 and one_line_error(err) and "not submitted" in err  # a draft is never printed


def test_export_debrief_of_an_incomplete_loop_needs_a_recorded_override(capsys, store, db_path, half_loop, tmp_path):
    candidate_id, loop_id, _ = half_loop
    out = tmp_path / "debrief.pdf"
    argv = ["--db", str(db_path), "export", "debrief", "--candidate", str(candidate_id), "--out", str(out)]
    status, _, err = run(capsys, *argv, "--as", "Hiring Manager")
    assert status == 1 and one_line_error(err)
    assert "waiting for Chen (in progress), Dee (in progress)" in err and "--override-reason" in err
    status, _, err = run(capsys, *argv, "--override-reason", "offer deadline")  # who opens it? nobody
    assert status == 1 and one_line_error(err) and "--as NAME" in err
    status, _, err = run(capsys, *argv, "--override-reason", "offer deadline", "--as", "Chen")
    assert status == 1 and one_line_error(err) and "not submitted your own" in err  # independence first
    with store.session() as s:
        assert s.get(Loop, loop_id).debrief_override_at is None and not out.exists()  # nothing recorded

    status, stdout, err = run(capsys, *argv, "--as", "Hiring Manager", "--override-reason", "offer deadline")
    assert status == 0, err
    assert "opened early by Hiring Manager" in stdout and f"wrote {out}" in stdout
    with store.session() as s:
        loop = s.get(Loop, loop_id)
        assert (loop.debrief_override_by, loop.debrief_override_reason) == ("Hiring Manager", "offer deadline")
        assert loop.debrief_override_at is not None
        assert iv.debrief_state(s, loop_id)[0] is True
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Opened early by Hiring Manager" in text and "offer deadline" in text
    assert ANA_NOTE in text  # Ana's sealed scorecard is in the debrief...
    assert CHEN_DRAFT not in text and "3 of 4 in this loop" not in text  # ...no draft's page


def test_decide_uses_the_same_identity(capsys, store, db_path):
    run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 4, "Dee": 4})
    store.dispose()
    argv = ["--db", str(db_path), "decide", "--candidate", "Zoë Example", "--decision", "hire"]
    status, _, err = run(capsys, *argv)
    assert status == 1 and one_line_error(err) and "--as NAME" in err
    status, out, err = run(capsys, *argv, "--as", "Harriet Jones")
    assert status == 0, err
    assert "decided by Harriet Jones" in out
