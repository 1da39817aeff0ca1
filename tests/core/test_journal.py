"""The keystroke journal: what the database did not get is kept on disk and replayed."""

from __future__ import annotations

import stat

import pytest

from desktop.core.building import SetRequest, build_set_in
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.interviewing import begin_interview, create_interview, live, submit_interview, verify_seal
from desktop.core.interviewing.autosave import PendingChanges, save_pending
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.journal import Journal, journal_path, replay_journals, unsaved
from desktop.core.storage.models import Interview


@pytest.fixture
def interview_id(store) -> int:
    with store.transaction() as s:
        built = build_set_in(s, SetRequest("genai-engineer", "mid", count=3, seed=1))
        saved = save_set(s, SetDraft.of(built.ids, role_id="genai-engineer", level="mid"), "Journal set")
        candidate = create_candidate(s, name="Jo Journal")
        interview = create_interview(s, set_id=saved.id, candidate_id=candidate.id, interviewer="Pat")
        begin_interview(s, interview.id)
        return interview.id


def notes_of(store, interview_id: int) -> list[str]:
    with store.session() as s:
        return [q.notes for q in live.load_live_interview(s, interview_id).questions]


def test_changes_the_database_never_got_are_replayed_at_the_next_start(store, tmp_path, interview_id):
    journal = Journal.open(tmp_path, interview_id)
    pending = PendingChanges(interview_id)
    pending.annotation(0, notes="Explained retrieval first")
    pending.annotation(1, rating=3)
    journal.append(pending)  # ... and then the database write failed (full disk, lock, kill)
    journal.close()
    assert stat.S_IMODE(journal_path(tmp_path, interview_id).stat().st_mode) == 0o600

    report = replay_journals(store, tmp_path)
    assert report.replayed == [interview_id] and not report.failed
    assert notes_of(store, interview_id)[0] == "Explained retrieval first"
    assert not journal_path(tmp_path, interview_id).exists()


def test_only_what_was_not_acknowledged_is_replayed_and_a_torn_line_is_skipped(store, tmp_path, interview_id):
    journal = Journal.open(tmp_path, interview_id)
    first = PendingChanges(interview_id)
    first.annotation(0, notes="saved version")
    seq = journal.append(first)
    second = PendingChanges(interview_id)
    second.annotation(1, notes="typed after")
    journal.append(second)
    journal.mark_saved(seq)  # the database got the first batch only
    journal.close()
    with journal_path(tmp_path, interview_id).open("a") as f:
        f.write('{"seq": 3, "annotations": {"2": {"notes": "half a li')  # killed mid-write
    left = unsaved(journal_path(tmp_path, interview_id), interview_id)
    assert left.annotations == {1: {"notes": "typed after"}}


def test_a_saved_batch_removes_the_journal(tmp_path, store, interview_id):
    journal = Journal.open(tmp_path, interview_id)
    pending = PendingChanges(interview_id)
    pending.annotation(0, notes="x")
    seq = journal.append(pending)
    save_pending(store, pending)
    journal.mark_saved(seq)
    assert not journal_path(tmp_path, interview_id).exists()
    assert journal.append(pending) == seq + 1 and journal_path(tmp_path, interview_id).exists()


def test_a_journal_never_writes_over_a_sealed_scorecard(store, tmp_path, interview_id):
    journal = Journal.open(tmp_path, interview_id)
    late = PendingChanges(interview_id)
    late.annotation(0, notes="typed in a second window after submitting")
    journal.append(late)
    journal.close()
    with store.transaction() as s:
        submit_interview(s, interview_id, recommendation="yes", summary="Clear evidence")
    report = replay_journals(store, tmp_path)
    assert interview_id in report.failed and not report.replayed
    with store.session() as s:
        assert verify_seal(s.get(Interview, interview_id))
    kept = journal_path(tmp_path, interview_id).with_suffix(".unsaved")
    assert "typed in a second window" in kept.read_text()  # set aside, not lost


def test_a_database_that_still_cannot_be_written_keeps_the_journal(tmp_path, store, interview_id, monkeypatch):
    import desktop.core.interviewing.journal as journal_module

    journal = Journal.open(tmp_path, interview_id)
    pending = PendingChanges(interview_id)
    pending.annotation(0, notes="kept")
    journal.append(pending)
    journal.close()

    def locked(*_a, **_k):
        raise OSError("database is locked")
    monkeypatch.setattr(journal_module, "save_pending", locked)
    report = replay_journals(store, tmp_path)
    assert interview_id in report.failed and journal_path(tmp_path, interview_id).exists()


def test_each_database_has_its_own_journals_so_one_never_replays_into_another(tmp_path, monkeypatch):
    from desktop.core.storage import paths

    monkeypatch.chdir(tmp_path)
    one, other = paths.journals_dir("one.db"), paths.journals_dir("other.db")
    assert one != other and one.parent == other.parent == paths.user_data_dir() / "journals"
    assert paths.journals_dir(str(tmp_path / "one.db")) == one  # the same file, however it is named


def test_a_journal_kept_through_a_long_lock_stays_small_and_holds_the_latest_state(tmp_path):
    """While the database cannot be written, the view appends every batch with all the changes
    still unsaved merged into it (and again on each retry): without compaction the file grows by
    the whole of the notes every second. Past its size limit it is rewritten to one line."""
    journal = Journal(journal_path(tmp_path, 7), 7, compact_bytes=4096)
    unsaved_so_far = PendingChanges(7)
    notes = ""
    for tick in range(150):  # a long lock: typing on, every write failing
        notes += f"word{tick} "
        unsaved_so_far.annotation(0, notes=notes)
        unsaved_so_far.annotation(1 + tick % 3, rating=1 + tick % 4)
        unsaved_so_far.set_progress(current_position=tick % 3, elapsed_seconds=float(tick))
        batch = PendingChanges(7, {p: dict(f) for p, f in unsaved_so_far.annotations.items()},
                               dict(unsaved_so_far.progress))
        journal.append(batch)
        size = journal.path.stat().st_size
        assert size <= 4096 + 2 * len(notes) + 400, f"after {tick + 1} batches the journal is {size} bytes"
    journal.close()
    left = unsaved(journal.path, 7)
    assert left.annotations == unsaved_so_far.annotations and left.progress == unsaved_so_far.progress
    assert Journal.open(tmp_path, 7).append(PendingChanges(7, {0: {"notes": "next"}})) == 151  # order goes on


def test_a_line_torn_by_a_kill_does_not_swallow_the_next_sessions_batch(tmp_path):
    path = journal_path(tmp_path, 7)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"seq": 1, "annotations": {"0": {"notes": "half a li')  # killed mid-write
    journal = Journal.open(tmp_path, 7)
    journal.append(PendingChanges(7, {0: {"notes": "typed after the restart"}}))
    journal.close()
    assert unsaved(path, 7).annotations == {0: {"notes": "typed after the restart"}}


def test_a_failed_append_leaves_no_torn_line(tmp_path):
    """A line cut short by a full disk is taken back, so the line written when there is room
    again is whole (a file-size cap makes the disk full here: SIGXFSZ ignored, EFBIG)."""
    resource = pytest.importorskip("resource")
    import signal

    journal = Journal.open(tmp_path, 7)
    journal.append(PendingChanges(7, {0: {"notes": "first"}}))
    cap = journal.path.stat().st_size + 30  # room for 30 bytes of the next line
    usual = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (cap, usual[1]))
    try:
        with pytest.raises(OSError):
            journal.append(PendingChanges(7, {0: {"notes": "lost to a full disk, kept in memory by the view"}}))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, usual)
        signal.signal(signal.SIGXFSZ, ignored)
    journal.append(PendingChanges(7, {0: {"notes": "written when there was room again"}}))
    journal.close()
    assert len(journal.path.read_text().splitlines()) == 2
    assert unsaved(journal.path, 7).annotations == {0: {"notes": "written when there was room again"}}
