"""One live window per interview: the lease, on SQLite and PostgreSQL, on an injected clock."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from desktop.core import interviewing as iv
from desktop.core.interviewing import lease
from desktop.core.interviewing.lease import Claimant, LeaseLostError
from desktop.core.storage.store import Store
from tests.core.interview_fixtures import make_candidate, make_set

T0 = datetime(2026, 12, 1, 11, 0, 0)
RITA = Claimant("a" * 32, "Rita", "rita-laptop", 1111)
RITA_AGAIN = Claimant("b" * 32, "Rita", "rita-desktop", 2222)  # a second window, another machine


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def interview_id(any_store) -> int:
    with any_store.transaction() as s:
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                        interviewer="Rita")
        return interview.id


def acquire(store, interview_id, me, seconds, **kwargs):
    with store.transaction() as s:
        return lease.acquire(s, interview_id, me, at(seconds), **kwargs)


def test_a_second_window_finds_the_lease_held_and_learns_who_has_it(any_store, interview_id):
    assert acquire(any_store, interview_id, RITA, 0).mine
    assert acquire(any_store, interview_id, RITA, 5).mine  # mine again: harmless
    other = acquire(any_store, interview_id, RITA_AGAIN, 10)
    assert not other.mine and not other.stale and not other.can_take_over
    assert (other.holder.owner, other.holder.host, other.holder.pid) == ("Rita", "rita-laptop", 1111)
    assert other.holder.describe(at(10)).startswith("Rita has it open on rita-laptop since ")
    assert "last heard from 5 s ago" in other.holder.describe(at(10))
    # Asking to take over a live lease changes nothing.
    assert not acquire(any_store, interview_id, RITA_AGAIN, 20, take_over=True).mine


def test_a_lease_silent_for_30_seconds_can_be_taken_over_and_the_first_window_learns_it(any_store, interview_id):
    acquire(any_store, interview_id, RITA, 0)
    with any_store.transaction() as s:
        assert lease.heartbeat(s, interview_id, RITA, at(25)).mine
    assert not acquire(any_store, interview_id, RITA_AGAIN, 50, take_over=True).mine  # 25 s silent
    found = acquire(any_store, interview_id, RITA_AGAIN, 55)
    assert found.stale and found.can_take_over and not found.mine  # stale, but only taken when asked
    assert acquire(any_store, interview_id, RITA_AGAIN, 56, take_over=True).mine
    with any_store.transaction() as s:
        first = lease.heartbeat(s, interview_id, RITA, at(60))
        assert not first.mine and first.holder.host == "rita-desktop"
        with pytest.raises(LeaseLostError):
            lease.require_lease(s, interview_id, RITA.token)
        lease.require_lease(s, interview_id, RITA_AGAIN.token)


def test_closing_releases_the_lease_and_only_its_holder_can(any_store, interview_id):
    acquire(any_store, interview_id, RITA, 0)
    with any_store.transaction() as s:
        lease.release(s, interview_id, RITA_AGAIN)  # not theirs: left alone
        assert lease.holder(s, interview_id).token == RITA.token
        lease.release(s, interview_id, RITA)
        assert lease.holder(s, interview_id) is None
    assert acquire(any_store, interview_id, RITA_AGAIN, 1).mine


def test_a_lease_left_by_a_process_of_this_machine_that_ended_is_free_at_once(any_store, interview_id):
    killed = Claimant("c" * 32, "Rita", RITA.host, 3333)
    acquire(any_store, interview_id, killed, 0)
    assert not acquire(any_store, interview_id, RITA, 1, alive=lambda pid: True).mine
    assert acquire(any_store, interview_id, RITA, 1, alive=lambda pid: pid != 3333).mine
    # On another machine, a process id says nothing: the lease holds until it goes stale.
    assert not acquire(any_store, interview_id, RITA_AGAIN, 2, alive=lambda pid: False).mine


def test_two_stores_on_one_file_racing_for_the_lease_exactly_one_wins(db_path):
    first = Store(str(db_path))
    with first.transaction() as s:
        interview_id = iv.create_interview(s, set_id=make_set(s).id, candidate_id=make_candidate(s).id,
                                           interviewer="Rita").id
    stores = [first, Store(str(db_path))]
    claimants = [Claimant(str(i) * 32, "Rita", f"host-{i}", 100 + i) for i in range(2)]
    start = threading.Barrier(2)
    results: list = [None, None]

    def race(i: int) -> None:
        start.wait()
        results[i] = acquire(stores[i], interview_id, claimants[i], 0)

    for _ in range(5):  # a few rounds, each from a free lease
        threads = [threading.Thread(target=race, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(r.mine for r in results) == [False, True]
        loser = results.index(next(r for r in results if not r.mine))
        assert results[loser].holder.token == claimants[1 - loser].token
        with first.transaction() as s:
            lease.release(s, interview_id, claimants[1 - loser])
    for store in stores:
        store.dispose()
