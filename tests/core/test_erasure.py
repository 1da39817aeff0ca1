"""Erasing a candidate: everything about them goes, from the tables, the file's free pages and
the WAL, the journals and half-written exports; a record without personal data stays."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.core import interviewing
from desktop.core.bank.search import SearchQuery, search
from desktop.core.building.sets import SetDraft, save_loop, save_set
from desktop.core.cli import main
from desktop.core.interviewing.autosave import PendingChanges
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.erasure import ErasureError, erase_candidate, erasure_plan
from desktop.core.interviewing.journal import Journal, journal_path
from desktop.core.storage import paths
from desktop.core.storage.models import Candidate, Erasure, Interview, InterviewSet, Loop, Question, QuestionRole
from desktop.core.storage.partial_files import PARTIAL_PREFIX, PARTIAL_SUFFIX, remember_folder

NAME = "Zoë O'Brien-Smith"
SECRET = "ultramarine walrus protocol 7731"  # a distinctive note: found nowhere after erasing
TRACES = [NAME.encode(), "Zoë".encode(), b"Brien", b"ultramarine", b"walrus", "Zo\\u00eb".encode()]


def question_ids(session, count: int) -> list[str]:
    return list(session.scalars(select(Question.id).join(QuestionRole).where(
        QuestionRole.role_id == "genai-engineer").order_by(Question.id).limit(count)))


@pytest.fixture
def zoe(store):
    """Zoë's loop of two (one sealed and amended, one in progress with a journal), a decision-free
    candidate Ada with a reusable set, and an export killed mid-write."""
    with store.transaction() as s:
        ids = question_ids(s, 9)
        zoe = create_candidate(s, name=NAME, role_id="genai-engineer", notes=f"Referred by a friend; {SECRET}")
        loop = save_loop(s, f"Onsite for {NAME}", [SetDraft.of(ids[:3], role_id="genai-engineer", level="mid"),
                                                  SetDraft.of(ids[3:6], role_id="genai-engineer", level="mid")],
                         role_id="genai-engineer", level="mid", candidate_id=zoe.id)
        sets = sorted(loop.sets, key=lambda item: item.loop_position)
        interviews = []
        for n, item in enumerate(sets):
            interview = interviewing.create_interview(s, set_id=item.id, candidate_id=zoe.id,
                                                      interviewer=("Priya Raman", "Jonas Weber")[n])
            interviewing.begin_interview(s, interview.id)
            for typed in ("Zoë explained", "Zoë explained the ultramarine", f"Zoë explained the {SECRET}"):
                interviewing.update_annotation(s, interview.id, 0, notes=typed, rating=2)  # autosave, keystrokes
            interviews.append(interview.id)
        interviewing.submit_interview(s, interviews[0], recommendation="yes", summary=f"{NAME}: {SECRET}")
        interviewing.amend_interview(s, interviews[0], author="Priya Raman", reason=f"{NAME} clarified {SECRET}",
                                     changes={"annotations": {"0": {"rating": 3}}})
        ada = create_candidate(s, name="Ada Lovelace", role_id="genai-engineer")
        shared = save_set(s, SetDraft.of(ids[6:], role_id="genai-engineer", level="mid"), "Reusable ML set")
        ada_interview = interviewing.create_interview(s, set_id=shared.id, candidate_id=ada.id,
                                                      interviewer="Priya Raman").id
        zoe_id = zoe.id
    journals = paths.journals_dir(store.display_url)
    journal = Journal.open(journals, interviews[1])
    pending = PendingChanges(interviews[1])
    pending.annotation(1, notes=f"Zoë typed but unsaved: {SECRET}")
    journal.append(pending)
    journal.close()
    exports = store.path.parent / "exports"
    exports.mkdir()
    remember_folder(exports)
    partial = exports / f"{PARTIAL_PREFIX}killed{PARTIAL_SUFFIX}"
    partial.write_bytes(f"%PDF Scorecard {NAME}".encode())
    return zoe_id, interviews, ada_interview, journals, partial


def raw_bytes(store) -> dict[str, bytes]:
    """The database file and its WAL as they lie on disk."""
    wal = store.path.with_name(store.path.name + "-wal")
    return {p.name: p.read_bytes() for p in (store.path, wal) if p.exists() and p.stat().st_size}


def test_erasing_leaves_no_trace_in_the_tables_the_file_or_the_wal(store, zoe):
    zoe_id, interviews, ada_interview, journals, partial = zoe
    with store.engine.connect() as c:  # as SQLite does every 1000 pages: her rows move into the file
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with store.transaction() as s:  # and one more keystroke sits in the WAL
        interviewing.update_annotation(s, interviews[1], 2, notes=f"Zoë again: {SECRET}")
    before = raw_bytes(store)
    assert all(any(trace in data for trace in TRACES) for data in before.values())  # the test can see her
    with store.session() as s:
        plan = erasure_plan(s, zoe_id)
    assert (plan.name, plan.interviews, plan.submitted, plan.loops) == (NAME, 2, 1, 1)

    report = erase_candidate(store, zoe_id, by="Dana Okafor")
    assert (report.interviews, report.loops_deleted, report.sets_deleted) == (2, 1, 2)
    assert report.files_removed >= 2  # the journal and the partial export

    with store.session() as s:
        assert s.get(Candidate, zoe_id) is None
        assert s.scalars(select(Interview.id)).all() == [ada_interview]
        assert s.scalars(select(Loop)).all() == []
        assert [item.name for item in s.scalars(select(InterviewSet))] == ["Reusable ML set"]
        (record,) = s.scalars(select(Erasure)).all()
        assert (record.erased_by, record.interviews, record.loops, record.decisions) == ("Dana Okafor", 2, 1, 0)
        # Search still works after the file was rebuilt (its index points at rowids).
        assert search(s, SearchQuery(text="retrieval", limit=5)).hits
    assert not journal_path(journals, interviews[1]).exists() and not partial.exists()
    for moment in ("while the app still runs", "after it closed"):
        for name, data in raw_bytes(store).items():
            found = [trace for trace in TRACES if trace in data]
            assert found == [], f"{name} {moment} still holds {found}"
        store.dispose()


def test_erasing_needs_a_name_and_an_existing_candidate(store, zoe):
    with pytest.raises(ErasureError, match="say who erases"):
        erase_candidate(store, zoe[0], by="  ")
    with pytest.raises(ErasureError, match="no candidate with id 999"):
        erase_candidate(store, 999, by="Dana")


def test_a_loop_someone_else_interviews_in_stays_without_her_name(store, zoe):
    zoe_id, interviews, *_ = zoe
    with store.transaction() as s:
        loop = s.scalars(select(Loop)).one()
        other = create_candidate(s, name="Grace Hopper")
        interviewing.create_interview(s, set_id=loop.sets[0].id, candidate_id=other.id, interviewer="Chen Wei")
    erase_candidate(store, zoe_id, by="Dana")
    with store.session() as s:
        loop = s.scalars(select(Loop)).one()
        assert loop.name == "Onsite for erased candidate" and loop.candidate_id is None
        assert [item.name for item in loop.sets] == ["Onsite for erased candidate · 1",
                                                     "Onsite for erased candidate · 2"]


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_refuses_without_yes_when_not_on_a_terminal(capsys, db_path, store, zoe, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    status, out, err = run(capsys, "--db", str(db_path), "erase", "candidate", NAME, "--by", "Dana")
    assert status == 1 and "without --yes" in err and "Traceback" not in err
    with store.session() as s:
        assert s.get(Candidate, zoe[0]) is not None

    backup = db_path.with_name(db_path.name + ".bak-0007")  # an upgrade's copy: named, never touched
    backup.write_bytes(db_path.read_bytes())
    status, out, err = run(capsys, "--db", str(db_path), "erase", "candidate", str(zoe[0]), "--by", "Dana", "--yes")
    assert status == 0 and err.strip() == f"note: {backup} is a copy from before an upgrade and may still hold " \
        "them; delete it once you no longer need it"
    assert backup.exists()
    assert out.startswith(f"erased {NAME}: 2 interviews, 1 loop") and "by Dana" in out
    status, out, _ = run(capsys, "--db", str(db_path), "list", "erasures", "--json")
    assert status == 0 and '"interviews": 2' in out and "Zo" not in out


def test_the_command_asks_on_a_terminal_and_no_keeps_her(capsys, db_path, store, zoe, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    status, out, _ = run(capsys, "--db", str(db_path), "erase", "candidate", NAME, "--by", "Dana")
    assert status == 1 and "nothing erased" in out
    with store.session() as s:
        assert s.get(Candidate, zoe[0]) is not None


@pytest.fixture
def own_pg_store(pg_schema_url):
    """A PostgreSQL database of this module's own: the erasure commits for real."""
    from desktop.core.bank.sync import sync_bundled_bank
    from desktop.core.storage.store import Store
    from tests.conftest import BANK_DIR

    store = Store(pg_schema_url)
    sync_bundled_bank(store, BANK_DIR)
    yield store
    store.dispose()


def test_on_postgresql_the_rows_go_and_the_record_stays(own_pg_store):
    pg_store = own_pg_store
    with pg_store.transaction() as s:
        candidate = create_candidate(s, name=NAME, role_id="genai-engineer")
        item = save_set(s, SetDraft.of(question_ids(s, 2), role_id="genai-engineer", level="mid"), f"For {NAME}")
        interview = interviewing.create_interview(s, set_id=item.id, candidate_id=candidate.id, interviewer="Priya")
        interviewing.begin_interview(s, interview.id)
        interviewing.update_annotation(s, interview.id, 0, notes=SECRET)
        candidate_id = candidate.id
    report = erase_candidate(pg_store, candidate_id, by="Dana")
    assert (report.interviews, report.sets_deleted) == (1, 1)
    with pg_store.session() as s:
        assert s.get(Candidate, candidate_id) is None
        assert s.scalar(select(Interview.id).where(Interview.candidate_id == candidate_id)) is None
        assert [(e.erased_by, e.interviews) for e in s.scalars(select(Erasure))] == [("Dana", 1)]
