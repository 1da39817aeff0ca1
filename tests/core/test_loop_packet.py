"""`export packet --loop`: one PDF with a cover listing the loop, then every interviewer's packet;
packets name topics, never by id."""

from __future__ import annotations

import re

from pypdf import PdfReader
from sqlalchemy import select

from desktop.core.building import SetRequest, build_set_in
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.cli import main
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.storage.models import InterviewSet, Loop, Topic

CANDIDATE = "Noor Haddad"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def pages_of(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def _loop(capsys, db_path, store, interviewers=3):
    with store.session() as s, s.begin():
        create_candidate(s, name=CANDIDATE, role_id="prompt-engineer")
    status, _, err = run(capsys, "--db", str(db_path), "build-loop", "--role", "Prompt Engineer", "--level", "Senior",
                         "--interviewers", str(interviewers), "--count", "3", "--candidate", CANDIDATE,
                         "--save", "PE onsite")
    assert status == 0, err


def test_a_whole_loop_prints_as_one_pdf_cover_first_then_each_packet(capsys, db_path, store, tmp_path):
    _loop(capsys, db_path, store)
    out = tmp_path / "loop.pdf"
    status, stdout, err = run(capsys, "export", "packet", "--loop", "pe onsite", "--out", str(out),
                              "--db", str(db_path))
    assert (status, err, stdout.strip()) == (0, "", f"wrote {out}")
    pages = pages_of(out)
    with store.session() as s:
        loop = s.scalars(select(Loop).where(Loop.name == "PE onsite")).one()
        sets = [(item.name, item.params["focus"], item.params["competencies"]) for item in loop.sets]
        topics = {t.id: t.name for t in s.scalars(select(Topic))}
    cover = pages[0]
    assert "Loop packet" in cover and CANDIDATE in cover and "Prompt Engineer" in cover and "Senior" in cover
    assert "Interview packet" not in cover
    for name, focus, _ in sets:
        assert " ".join(name.split()) in cover
        assert all(topics[t] in cover for t in focus)
    assert "Prompting craft" in cover  # competencies by name
    # Each interviewer's packet begins on a page of its own, in loop order.
    starts = [i for i, text in enumerate(pages) if re.search(r"Interview packet PE onsite · \d", text)]
    assert len(starts) == 3 and starts[0] == 1
    for number, start in enumerate(starts, 1):
        assert f"interview {number} of 3" in pages[start]
        assert f"Interview {number} of 3" in pages[start]  # the running header says which
    assert f"Page 1 of {len(pages)}" in cover


def test_a_loop_packet_for_no_such_loop_is_one_line_listing_the_loops(capsys, db_path, store, tmp_path):
    _loop(capsys, db_path, store, interviewers=2)
    status, _, err = run(capsys, "--db", str(db_path), "export", "packet", "--loop", "Backend onsite",
                         "--out", str(tmp_path / "x.pdf"))
    assert status == 1 and "no loop 'Backend onsite' (loops: PE onsite (#" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "x.pdf").exists()


def test_the_focus_line_says_topic_names_even_for_a_set_saved_with_ids(capsys, db_path, store, tmp_path):
    with store.session() as s, s.begin():
        built = build_set_in(s, SetRequest("prompt-engineer", count=3, focus=("rag", "prompting")))
        # A set saved before labels said names: the label is the topic ids, and so is the name's ending.
        save_set(s, SetDraft.of(built.ids, role_id="prompt-engineer", level="mid", focus=built.focus_label,
                                params=built.request.params()), "Old set (rag, prompting)")
        assert built.focus_label == "rag, prompting"
    out = tmp_path / "set.pdf"
    status, _, err = run(capsys, "--db", str(db_path), "export", "packet", "--set", "old set", "--out", str(out))
    assert status == 0, err
    first = pages_of(out)[0]
    assert "FOCUS RAG and retrieval, Prompting" in first
    assert "Old set (RAG and retrieval, Prompting)" in first
    assert "rag, prompting" not in first


def test_a_focus_label_a_person_wrote_is_printed_as_written(capsys, db_path, store, tmp_path):
    with store.session() as s, s.begin():
        built = build_set_in(s, SetRequest("prompt-engineer", count=3, focus=("rag",)))
        save_set(s, SetDraft.of(built.ids, role_id="prompt-engineer", focus="Retrieval deep dive",
                                params=built.request.params()), "Deep dive")
        assert s.scalars(select(InterviewSet).where(InterviewSet.name == "Deep dive")).one()
    out = tmp_path / "set.pdf"
    assert run(capsys, "--db", str(db_path), "export", "packet", "--set", "Deep dive", "--out", str(out))[0] == 0
    assert "FOCUS Retrieval deep dive" in pages_of(out)[0]


def test_an_anonymous_loop_packet_never_prints_the_candidates_name(capsys, db_path, store, tmp_path):
    _loop(capsys, db_path, store, interviewers=2)
    out = tmp_path / "anon.pdf"
    status, _, err = run(capsys, "--db", str(db_path), "export", "packet", "--loop", "PE onsite", "--anonymous",
                         "--out", str(out))
    assert status == 0, err
    text = " ".join(pages_of(out))
    assert "Candidate #1" in text and "Noor" not in text and "Haddad" not in text
