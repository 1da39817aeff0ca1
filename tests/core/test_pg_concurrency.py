"""Several connections at once on the shared PostgreSQL server (the team setup).

Two interviewers autosave at the same moment; a bank import runs while another process
searches. Each test commits from several connections, so the module works in a schema of its
own (`pg_schema_url`). The threads meet at barriers and events, never sleeps: both
transactions are open at once by construction, not by luck."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from desktop.core import interviewing as iv
from desktop.core.bank.questions import add_question, edit_question
from desktop.core.bank.search import SearchQuery, search, search_rows
from desktop.core.bank.sync import export_bank, import_paths, sync_bundled_bank
from desktop.core.interviewing.autosave import PendingChanges, save_pending
from desktop.core.storage.models import Annotation, Question
from desktop.core.storage.store import Store
from tests.conftest import BANK_DIR, needs_pg
from tests.core.interview_fixtures import make_candidate, make_set

pytestmark = needs_pg
WAIT = 30  # seconds a thread waits for the other before the test fails (it never should)


@pytest.fixture(scope="module")
def url(pg_schema_url):
    store = Store(pg_schema_url)
    sync_bundled_bank(store, BANK_DIR)
    store.dispose()
    return pg_schema_url


@pytest.fixture
def stores(url):
    """Two Stores: two processes' engines, each with its own connections."""
    made = [Store(url), Store(url)]
    yield made
    for store in made:
        store.dispose()


def run_both(*jobs):
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [f.result(timeout=WAIT * 2) for f in [pool.submit(job) for job in jobs]]


def test_two_interviewers_autosaving_at_once_both_land(stores):
    with stores[0].transaction() as s:
        ids = []
        for name in ("Grace", "Sam"):
            interview = iv.create_interview(s, set_id=make_set(s, name=f"{name}'s set", count=3).id,
                                            candidate_id=make_candidate(s, name=f"Candidate of {name}").id,
                                            interviewer=name)
            iv.begin_interview(s, interview.id)
            ids.append(interview.id)
    rounds = 20
    both_open = threading.Barrier(2, timeout=WAIT)

    def interviewer(store: Store, interview_id: int):
        def typing():
            for n in range(rounds):
                # Each save's transaction is still open when the other's is: they overlap.
                with store.transaction() as s:
                    iv.update_annotation(s, interview_id, n % 3, notes=f"note {n} of {interview_id}", rating=1 + n % 4)
                    iv.update_progress(s, interview_id, current_position=n % 3, elapsed_seconds=float(n))
                    both_open.wait()
            pending = PendingChanges(interview_id)  # and the autosave path itself, at the end
            pending.annotation(2, notes=f"final words of {interview_id}")
            save_pending(store, pending)
        return typing

    run_both(interviewer(stores[0], ids[0]), interviewer(stores[1], ids[1]))
    with stores[0].session() as s:
        for interview_id in ids:
            notes = dict(s.execute(select(Annotation.position, Annotation.notes)
                                   .where(Annotation.interview_id == interview_id)).all())
            assert notes == {0: f"note 18 of {interview_id}", 1: f"note 19 of {interview_id}",
                             2: f"final words of {interview_id}"}
            live = iv.load_live_interview(s, interview_id)
            assert live.elapsed_seconds == float(rounds - 1)


def test_searches_during_a_bank_import_never_fail_and_see_one_bank(stores, tmp_path):
    # The new bank, made with the core: the bundled one plus 40 "zyzzyva" questions, and one
    # question reworded ("quetzal"). A search sees none of it or all of it.
    scratch = Store.memory()
    sync_bundled_bank(scratch, BANK_DIR)
    with scratch.transaction() as s:
        for n in range(40):
            add_question(s, {"id": f"zyz-{n:03d}", "prompt": f"How would a zyzzyva beetle model number {n} fail?",
                             "difficulty": "beginner", "kind": "concept", "topics": ["rag"],
                             "roles": ["llm-app-engineer"], "rubric": ["Names the failure"],
                             "follow_ups": ["And the wombat case?"]})
        reworded = s.scalars(select(Question).where(Question.prompt.contains("LoRA")).order_by(Question.id)).first()
        edit_question(s, reworded.id, {"prompt": "A quetzal question now"})
        export_bank(s, tmp_path / "bank")
    scratch.dispose()
    importer, searcher = stores

    open_uncommitted, seen_open = threading.Event(), threading.Event()
    done = threading.Event()
    seen: list[tuple[int, int]] = []  # (zyzzyva rows, quetzal hits)

    def look():
        with searcher.session() as s:
            new = search_rows(s, SearchQuery("zyzzyva", limit=1000))[0]
            moved = search(s, SearchQuery("quetzal", limit=1000)).hits
        seen.append((len(new), len(moved)))

    def import_it():
        try:
            with importer.transaction() as s:
                from desktop.core.bank.sync import import_bank, load_for_import

                import_bank(s, load_for_import(s, [tmp_path / "bank"]))
                open_uncommitted.set()
                assert seen_open.wait(WAIT)  # a search ran while this was written, not committed
        finally:
            done.set()

    def search_meanwhile():
        assert open_uncommitted.wait(WAIT)
        look()
        seen_open.set()
        while not done.is_set():
            look()
        look()  # after the commit

    run_both(import_it, search_meanwhile)
    # Each search sees the bank before the import or after it, never a part of it (two searches
    # in a row may straddle the commit: each statement reads what was committed when it began).
    assert seen[0] == (0, 0) and seen[-1] == (40, 1)
    assert {z for z, _ in seen} <= {0, 40} and {q for _, q in seen} <= {0, 1}
    for before, after in zip(seen, seen[1:]):  # and once the new bank shows, the old one never again
        assert after[0] >= before[0] and after[1] >= before[1]


def test_an_import_that_fails_leaves_searches_on_the_old_bank(stores, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - id: bad-1\n    prompt: zebu question\n", encoding="utf-8")
    with pytest.raises(Exception):
        import_paths(stores[0], [bad])
    with stores[1].session() as s:
        assert search(s, SearchQuery("zebu")).hits == []


def test_autosave_racing_submit_never_breaks_the_seal(url):
    """Submit holds the row (SELECT ... FOR UPDATE); autosave share-locks it, then sees it sealed."""
    from tests.core.test_seals import race_autosave_against_submit

    store = Store(url)
    try:
        broken, refused = race_autosave_against_submit(store, rounds=15, prefix="pg race")
    finally:
        store.dispose()
    assert broken == [] and refused == 15
