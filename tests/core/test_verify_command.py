"""A broken seal is named everywhere a scorecard shows: `verify`, `list interviews`, the
Candidates view's data and the PDFs (a red SEAL BROKEN, never the seal line)."""

from __future__ import annotations

import json
import re
import sqlite3

from desktop.core.cli import main
from desktop.core.interviewing import records
from tests.core.test_pdf_exports import export
from tests.core.test_seals import sealed_interview

NOTES_EDIT = "UPDATE annotations SET notes = 'rewritten' WHERE interview_id = ? AND position = 1"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def tamper(db_path, sql: str, *params) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(sql, params)
    conn.close()


def test_verify_says_ok_in_one_line_when_every_seal_holds(capsys, db_path, store):
    sealed_interview(store, amendments=2)
    sealed_interview(store, interviewer="Chen Wei")
    status, out, err = run(capsys, "--db", str(db_path), "verify")
    assert (status, err) == (0, "")
    assert out == "ok: 2 sealed scorecards and 2 amendments verified; 0 not sealed yet\n"


def test_verify_names_each_broken_seal_and_what_changed(capsys, db_path, store):
    first = sealed_interview(store)
    second = sealed_interview(store, interviewer="Chen Wei", amendments=1)
    intact = sealed_interview(store, interviewer="Dana Okafor")
    tamper(db_path, NOTES_EDIT, first)
    tamper(db_path, "UPDATE amendments SET reason = 'nothing to see' WHERE interview_id = ?", second)
    status, out, err = run(capsys, "--db", str(db_path), "verify")
    assert status == 1 and out == ""
    lines = err.splitlines()
    assert lines == [
        f"interview {first} (Ana Lima, candidate Zoë Martin): seal broken: question 2: notes changed",
        f"interview {second} (Chen Wei, candidate Zoë Martin): seal broken: amendment 1 reason changed",
        "2 of 3 sealed scorecards have a broken seal",
    ]
    assert f"interview {intact} " not in err and "Traceback" not in err


def test_list_interviews_shows_the_seal_state(capsys, db_path, store):
    broken, intact = sealed_interview(store), sealed_interview(store, interviewer="Chen Wei")
    tamper(db_path, NOTES_EDIT, broken)
    status, out, _ = run(capsys, "--db", str(db_path), "list", "interviews", "--json")
    seals = {row["id"]: row["seal"] for row in json.loads(out)}
    assert status == 0 and seals == {broken: "broken", intact: "ok"}
    status, out, _ = run(capsys, "--db", str(db_path), "list", "interviews")
    assert "SEAL" in out.splitlines()[0]
    rows = {int(line.split()[0]): line for line in out.splitlines()[1:]}
    assert "BROKEN" in rows[broken] and "BROKEN" not in rows[intact] and re.search(r"\bok\b", rows[intact])


def test_the_candidates_view_data_says_which_seal_is_broken(db_path, store):
    broken, intact = sealed_interview(store), sealed_interview(store, interviewer="Chen Wei")
    tamper(db_path, NOTES_EDIT, broken)
    with store.session() as s:
        entries = {e.id: e for c in records.candidate_entries(s, viewer="Ana Lima") for e in c.interviews}
        detail = records.scorecard_detail(s, broken, viewer="Ana Lima")
    assert (entries[broken].seal, entries[intact].seal) == ("broken", "ok")
    assert detail.seal == "broken" and detail.seal_ok is False
    assert detail.seal_text == "SEAL BROKEN: question 2: notes changed"


def test_a_broken_scorecard_prints_seal_broken_in_red_and_never_its_seal_line(db_path, store):
    interview_id = sealed_interview(store)
    text, _ = export(store, "scorecard", interview_id)
    assert "Sealed" in text and "SHA-256" in text and "SEAL BROKEN" not in text
    tamper(db_path, NOTES_EDIT, interview_id)
    text, reader = export(store, "scorecard", interview_id)
    assert "SHA-256" not in text and "Sealed " not in text
    assert "SEAL BROKEN This scorecard was changed after it was sealed: question 2: notes changed" in text
    for page in reader.pages:
        assert "SEAL BROKEN" in page.extract_text()
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"\.690196 0 \.12549 rg", content)  # #b00020, the banner and the footer


def test_a_debrief_names_the_broken_scorecard_up_front_and_on_its_pages(db_path, store):
    interview_id = sealed_interview(store)
    with store.session() as s:
        from desktop.core.storage.models import Interview

        candidate_id = s.get(Interview, interview_id).candidate_id
    tamper(db_path, NOTES_EDIT, interview_id)
    text, reader = export(store, "debrief", candidate_id)
    assert "SEAL BROKEN The scorecard of Ana Lima changed after sealing" in text
    assert "SEAL BROKEN: the seal of 1 scorecard no longer holds" in reader.pages[0].extract_text()
    assert "SHA-256" not in text


def test_verify_counts_legacy_seals_as_weaker(capsys, db_path, store):
    from tests.core.test_seals import make_legacy

    make_legacy(store, sealed_interview(store))
    sealed_interview(store, interviewer="Chen Wei")
    status, out, err = run(capsys, "--db", str(db_path), "verify")
    assert (status, err) == (0, "")
    assert out == ("ok: 2 sealed scorecards and 0 amendments verified, 1 of them legacy seals (unsigned, weaker); "
                   "0 not sealed yet\n")
    status, out, _ = run(capsys, "--db", str(db_path), "list", "interviews", "--json")
    assert sorted(row["seal"] for row in json.loads(out)) == ["legacy", "ok"]
