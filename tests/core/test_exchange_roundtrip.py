"""A whole four-interviewer loop carried between three laptops that share no server.

The organiser's laptop A builds the loop and hands out kits; B and C import them, run their
interviews with the core's own functions and send back their sealed cards; A imports them,
the debrief opens, the composite is computed and `verify` passes. A changed byte is refused.
C is PostgreSQL too when INTERVIEW_DESK_TEST_PG_URL is set.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.core import interviewing as iv
from desktop.core.bank.sync import sync_bundled_bank
from desktop.core.building.service import build_loop_in
from desktop.core.building.requests import SetRequest
from desktop.core.building.sets import SetDraft, save_loop
from desktop.core.cli import main
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.decisions import composite_for
from desktop.core.interviewing.exchange import (
    ExchangeError,
    export_card,
    export_loop_kit,
    import_packets,
    read_packet,
    write_packet,
)
from desktop.core.storage.models import Amendment, Annotation, Candidate, Interview, InterviewSet, Loop
from desktop.core.storage.store import Store
from tests.conftest import BANK_DIR

ROLE = "genai-engineer"


class Laptop:
    """One person's machine: its database and its own key folder (INTERVIEW_DESK_HOME)."""

    def __init__(self, name: str, store: Store, home: Path, monkeypatch):
        self.name, self.store, self.home, self._monkeypatch = name, store, home, monkeypatch
        self.inbox = home / "inbox"
        self.inbox.mkdir(parents=True)

    @contextlib.contextmanager
    def session(self):
        self._monkeypatch.setenv("INTERVIEW_DESK_HOME", str(self.home))
        with self.store.transaction() as s:
            yield s

    def import_files(self, *paths: Path, **options) -> list[str]:
        with self.session() as s:
            report = import_packets(s, [read_packet(p) for p in paths], **options)
        report.trust.record()
        return report.all_lines()

    def counts(self) -> tuple[int, ...]:
        with self.session() as s:
            return tuple(s.scalar(select(func.count()).select_from(m))
                         for m in (Candidate, Loop, InterviewSet, Interview, Annotation, Amendment))


def run_interview(laptop: Laptop, interviewer: str, ratings: tuple[int, ...], recommendation: str) -> int:
    """The planned interview the kit made for `interviewer`, run and submitted through the core."""
    with laptop.session() as s:
        interview_id = s.scalar(select(Interview.id).where(Interview.interviewer == interviewer,
                                                           Interview.status == "planned"))
        assert interview_id is not None, f"no planned interview for {interviewer} on {laptop.name}"
        iv.begin_interview(s, interview_id)
        for position, rating in enumerate(ratings):
            iv.update_annotation(s, interview_id, position, rating=rating, covered=[0],
                                 notes=f"{interviewer}: answer {position + 1} — naïve “café” <ok>",
                                 seconds_spent=61.5 * (position + 1))
        iv.update_progress(s, interview_id, elapsed_seconds=1234.5)
        iv.submit_interview(s, interview_id, recommendation=recommendation,
                            summary=f"{interviewer}'s evidence, written before the debrief.")
    return interview_id


def send_card(laptop: Laptop, interview_id: int, reader: str, to: Laptop) -> Path:
    with laptop.session() as s:
        packet = export_card(s, interview_id, reader=reader)
    return write_packet(to.inbox / f"{reader.lower()}-{interview_id}.card.json", packet)


@pytest.fixture(params=["sqlite", "postgresql"])
def c_store(request, tmp_path, _bank_template):
    """Laptop C's database: SQLite, and PostgreSQL when a server is there, in a schema of this
    module's own (the shared test database's other tests assume they own it)."""
    if request.param == "sqlite":
        shutil.copy(_bank_template, tmp_path / "C.db")
        store = Store(str(tmp_path / "C.db"))
    else:
        store = Store(request.getfixturevalue("pg_schema_url"))
        sync_bundled_bank(store, BANK_DIR)
    yield store
    store.dispose()


@pytest.fixture
def laptops(tmp_path, _bank_template, c_store, monkeypatch):
    made = []
    for name in ("A", "B"):
        path = tmp_path / f"{name}.db"
        shutil.copy(_bank_template, path)
        made.append(Store(str(path)))
    a, b = (Laptop(n, st, tmp_path / f"home-{n}", monkeypatch) for n, st in zip("AB", made))
    a.db = tmp_path / "A.db"
    c = Laptop("C", c_store, tmp_path / "home-C", monkeypatch)
    yield a, b, c
    for st in made:
        st.dispose()


def organise(a: Laptop) -> tuple[int, int]:
    """Olga on A: a candidate and a four-set loop; she runs set 1 herself."""
    with a.session() as s:
        candidate = create_candidate(s, name="Ada Lovelace", role_id=ROLE)
        built = build_loop_in(s, SetRequest(ROLE, "mid", count=3, seed=3, candidate_id=candidate.id), 4)
        drafts = [SetDraft.of(b.ids, role_id=ROLE, level="mid", focus=f"focus {i + 1}", params=b.request.params())
                  for i, b in enumerate(built.sets)]
        loop = save_loop(s, "Ada loop", drafts, role_id=ROLE, level="mid", candidate_id=candidate.id)
        s.flush()
        iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=candidate.id, interviewer="Olga")
        return candidate.id, loop.id


def test_a_four_interviewer_loop_round_trips_between_three_laptops(laptops):
    a, b, c = laptops
    candidate_id, loop_id = organise(a)
    with a.session() as s:
        kits = export_loop_kit(s, loop_id, reader="Olga", assign={2: "Bea", 3: "Cy", 4: "Cat"}, split=True)
    assert [name for name, _ in kits] == ["ada-loop-1-olga.kit.json", "ada-loop-2-bea.kit.json",
                                          "ada-loop-3-cy.kit.json", "ada-loop-4-cat.kit.json"]
    write_packet(b.inbox / kits[1][0], kits[1][1])
    for name, packet in kits[2:]:
        write_packet(c.inbox / name, packet)

    # B and C: the kits make the candidate, the loop, the sets and a planned interview each.
    lines = b.import_files(b.inbox / kits[1][0])
    assert any("interview" in line and "planned for Bea" in line for line in lines)
    assert any("trusted Olga's key" in line for line in lines)
    c.import_files(c.inbox / kits[2][0], c.inbox / kits[3][0])
    assert c.import_files(c.inbox / kits[2][0])[0].endswith("already here")  # idempotent
    with c.session() as s:
        c_loop = s.scalar(select(Loop).where(Loop.name == "Ada loop"))
        assert [st.name for st in c_loop.sets] == [n for n in (k[1]["body"]["sets"][0]["name"] for k in kits[2:])]
        assert c_loop.candidate.name == "Ada Lovelace"

    bea = run_interview(b, "Bea", (3, 3, 4), "yes")
    cy = run_interview(c, "Cy", (2, 3, 2), "no")
    cat = run_interview(c, "Cat", (4, 4, 3), "strong_yes")
    with c.session() as s:
        iv.amend_interview(s, cat, author="Cat", reason="Typed the third rating on the wrong key",
                           changes={"annotations": {"2": {"rating": 4}}})
    bea_card = send_card(b, bea, "Bea", a)
    cy_card, cat_card = send_card(c, cy, "Cy", a), send_card(c, cat, "Cat", a)

    # A: Olga runs hers; the debrief waits for the cards, then opens with all four in.
    run_interview(a, "Olga", (3, 2, 3), "yes")
    a.import_files(bea_card)
    with a.session() as s:
        assert iv.debrief_state(s, loop_id)[0] is False
    lines = a.import_files(cy_card, cat_card)
    assert any("Cat's scorecard for Ada Lovelace imported" in line and "1 amendment" in line for line in lines)
    with a.session() as s:
        is_open, why = iv.debrief_state(s, loop_id)
        assert is_open, why
        composite = composite_for(s, candidate_id)
        assert sorted(col.interviewer for col in composite.columns) == ["Bea", "Cat", "Cy", "Olga"]
        assert composite.score is not None
        states = iv.seal_states(s)
        imported = s.scalars(select(Interview).where(Interview.interviewer.in_(["Bea", "Cy", "Cat"]))).all()
        assert len(imported) == 3 and all(i.loop_id == loop_id and i.candidate_id == candidate_id for i in imported)
        for interview in imported:  # sealed by its interviewer, with a key this machine now knows
            assert states[interview.id].status == "ok"
            assert states[interview.id].signer == interview.interviewer and states[interview.id].key_known
        cat_here = next(i for i in imported if i.interviewer == "Cat")
        assert iv.effective_scorecard(cat_here)["annotations"][2]["rating"] == 4  # the amendment travelled
        assert not s.scalars(select(Interview).where(Interview.status == "planned")).all()
    assert main(["verify", "--db", str(a.db)]) == 0

    # The same cards again change nothing; a newer amendment updates the chain, and it still verifies.
    before = a.counts()
    assert all("nothing changed" in line for line in a.import_files(bea_card, cy_card, cat_card))
    assert a.counts() == before
    with c.session() as s:
        iv.amend_interview(s, cat, author="Cat", reason="Added what the candidate said at the end",
                           changes={"summary": "Strong on evaluation; see question 3."})
    newer = send_card(c, cat, "Cat", a)
    assert a.import_files(newer) == [f"{newer}: interview {cat_here.id}: 1 newer amendment added"]
    with a.session() as s:
        assert iv.seal_states(s)[cat_here.id].status == "ok"
        assert s.scalar(select(func.count()).select_from(Amendment).where(Amendment.interview_id == cat_here.id)) == 2

    # A changed byte in a card is refused, and nothing of that import is written.
    with c.session() as s:
        iv.amend_interview(s, cy, author="Cy", reason="Second thoughts", changes={"recommendation": "yes"})
    good = send_card(c, cy, "Cy", a)
    tampered = a.inbox / "tampered.card.json"
    tampered.write_text(good.read_text(encoding="utf-8").replace("Cy: answer 2", "Cy: answer 3"), encoding="utf-8")
    before = a.counts()
    with pytest.raises(ExchangeError, match="changed"):
        a.import_files(good, tampered)
    assert a.counts() == before
