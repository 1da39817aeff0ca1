"""`interview-desk export ...` as a script uses it: files written, one-line errors, options obeyed."""

from __future__ import annotations

from pypdf import PdfReader

from desktop.core.cli import main
from desktop.core.storage.models import Candidate
from tests.core.pdf_fixtures import CANDIDATE_NAME, loop_data  # noqa: F401


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def text_of(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_export_packet_by_set_name(capsys, db_path, loop_data, tmp_path):
    out = tmp_path / "packet.pdf"
    status, stdout, err = run(capsys, "--db", str(db_path), "export", "packet", "--set",
                              "Onsite 1: Priya Raman", "--out", str(out), "--page-size", "letter")
    assert (status, err) == (0, "")
    assert stdout.strip() == f"wrote {out}"
    assert round(float(PdfReader(out).pages[0].mediabox.width)) == 612
    assert "Interview packet" in text_of(out)


def test_export_scorecard_and_anonymous_debrief(capsys, db_path, loop_data, tmp_path):
    card = tmp_path / "card.pdf"
    status, _, _ = run(capsys, "--db", str(db_path), "export", "scorecard",
                       "--interview", str(loop_data.interview_ids[0]), "--out", str(card))
    assert status == 0 and loop_data.digests[0] in text_of(card)
    debrief = tmp_path / "debrief.pdf"
    status, _, _ = run(capsys, "--db", str(db_path), "export", "debrief", "--candidate",
                       CANDIDATE_NAME.upper(), "--out", str(debrief), "--anonymous")
    text = text_of(debrief)
    assert status == 0 and "Loop debrief" in text and "Amélie" not in text


def test_export_errors_are_one_line(capsys, db_path, loop_data, store, tmp_path):
    with store.session() as s, s.begin():
        s.add(Candidate(name=CANDIDATE_NAME))
    cases = [
        (("packet", "--set", "No such set"), "no set 'No such set' (sets: Onsite 1: Priya Raman (#"),
        (("scorecard", "--interview", "abc"), "interview id must be a number"),
        (("scorecard", "--interview", "999"), "no interview with id 999"),
        (("debrief", "--candidate", "Nobody"), "no candidate 'Nobody' (candidates: "),
        (("debrief", "--candidate", CANDIDATE_NAME), f"'{CANDIDATE_NAME}' matches 2 candidates"),
    ]
    for argv, message in cases:
        status, _, err = run(capsys, "--db", str(db_path), "export", *argv, "--out", str(tmp_path / "x.pdf"))
        assert status == 1, argv
        assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    status, _, err = run(capsys, "--db", str(db_path), "export", "scorecard", "--interview",
                         str(loop_data.interview_ids[0]), "--out", str(tmp_path))
    assert status == 1 and "is a folder" in err
    assert not (tmp_path / "x.pdf").exists()


def test_export_packet_prints_model_answers_only_with_answers(capsys, db_path, loop_data, tmp_path):
    texts = {}
    for flag in ((), ("--answers",)):
        out = tmp_path / f"packet{len(flag)}.pdf"
        status, _, err = run(capsys, "--db", str(db_path), "export", "packet", "--set",
                             "Onsite 1: Priya Raman", "--out", str(out), *flag)
        assert (status, err) == (0, "")
        texts[bool(flag)] = text_of(out).upper()
    assert "MODEL ANSWER" not in texts[False] and "MODEL ANSWER" in texts[True]
