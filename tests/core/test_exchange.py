"""The exchange's rules, one at a time: what may leave a laptop, what a receiving one refuses,
and how it places a card it has never seen the candidate of."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import func, select

from desktop.core import interviewing as iv
from desktop.core.interviewing.access import AccessDenied
from desktop.core.bank.questions import duplicate_question
from desktop.core.interviewing.exchange import (
    NEW,
    CandidateQuestion,
    ExchangeError,
    export_card,
    open_packet,
    read_packet,
    write_packet,
)
from desktop.core.interviewing.exchange.packets import seal_packet
from desktop.core.interviewing.keys import KeyRing
from desktop.core.storage.models import Candidate, Interview, InterviewSet, Loop, Question
from desktop.core.storage.store import Store
from tests.core.interview_fixtures import make_candidate, make_loop
from tests.core.test_exchange_roundtrip import Laptop


@pytest.fixture
def two(tmp_path, _bank_template, monkeypatch):
    stores = []
    for name in ("A", "B"):
        shutil.copy(_bank_template, tmp_path / f"{name}.db")
        stores.append(Store(str(tmp_path / f"{name}.db")))
    yield tuple(Laptop(n, st, tmp_path / f"home-{n}", monkeypatch) for n, st in zip("AB", stores))
    for st in stores:
        st.dispose()


def sealed_on(laptop: Laptop, interviewer: str = "Bea", candidate: str = "Ada Lovelace", *,
              own_question: bool = False, submit: bool = True) -> int:
    """On `laptop`: a two-set loop for the candidate; `interviewer` runs set 1 and submits."""
    with laptop.session() as s:
        person = make_candidate(s, candidate)
        loop = make_loop(s, person, sets=2, name=f"{candidate} loop")
        first = loop.sets[0]
        if own_question:  # a question of this laptop's own bank, which the other one lacks
            mine = duplicate_question(s, first.items[0].question_id, "bea-own-question")
            first.items[1].question_id = mine.id
            s.flush()
        interview = iv.create_interview(s, set_id=first.id, candidate_id=person.id, interviewer=interviewer)
        if submit:
            iv.begin_interview(s, interview.id)
            iv.update_annotation(s, interview.id, 0, rating=3, notes="clear answer")
            iv.submit_interview(s, interview.id, recommendation="yes", summary="Good evidence")
        return interview.id


def card_file(laptop: Laptop, interview_id: int, reader: str = "Bea", name: str = "card.json"):
    with laptop.session() as s:
        return write_packet(laptop.inbox / name, export_card(s, interview_id, reader=reader))


def resigned(path, change, signer: str, keyring: KeyRing):
    """The card with `change(body)` applied and signed again by someone else's key: the
    exporter's signature holds, so only the seals inside can tell."""
    packet = json.loads(path.read_text(encoding="utf-8"))
    change(packet["body"])
    forged = seal_packet(packet["kind"], packet["body"], signer, keyring)
    out = path.with_name("forged-" + path.name)
    out.write_text(json.dumps(forged), encoding="utf-8")
    return out


def test_a_card_lands_in_a_database_that_never_saw_its_candidate_loop_or_questions(two):
    a, b = two
    card = card_file(b, sealed_on(b, own_question=True))
    lines = a.import_files(card)
    assert "Bea's scorecard for Ada Lovelace imported" in lines[0]
    with a.session() as s:
        interview = s.scalar(select(Interview).where(Interview.interviewer == "Bea"))
        assert interview.candidate.name == "Ada Lovelace"
        assert s.get(Loop, interview.loop_id).name == "Ada Lovelace loop"
        assert s.get(Question, "bea-own-question").retired  # kept for the scorecard, out of the builder
        assert iv.seal_states(s)[interview.id].status == "ok"


def test_only_a_sealed_scorecard_leaves_and_only_for_who_may_see_it(two):
    _, b = two
    draft = sealed_on(b, submit=False)
    with b.session() as s:
        with pytest.raises(ExchangeError, match="not submitted: only a sealed scorecard"):
            export_card(s, draft, reader="Bea")
    sealed = sealed_on(b, candidate="Grace Hopper")
    with b.session() as s:
        other = s.scalar(select(InterviewSet).where(InterviewSet.name == "Grace Hopper loop set 2"))
        iv.create_interview(s, set_id=other.id, candidate_id=s.get(Interview, sealed).candidate_id,
                            interviewer="Cy")
    with b.session() as s:  # Cy interviews Grace too and has not submitted: Bea's ratings stay hidden
        with pytest.raises(ExchangeError, match="hidden from Cy"):
            export_card(s, sealed, reader="Cy")
        with pytest.raises(ExchangeError, match="set your name"):
            export_card(s, sealed, reader="  ")
        assert export_card(s, sealed, reader="Bea")["kind"] == "card"


def test_a_changed_note_is_refused_even_when_the_file_is_signed_again(two, tmp_path):
    a, b = two
    card = card_file(b, sealed_on(b))

    def change_note(body):
        body["seal"]["content"] = body["seal"]["content"].replace("clear answer", "brilliant answer")
    forged = resigned(card, change_note, "Bea", KeyRing(tmp_path / "mallory"))
    before = a.counts()
    with pytest.raises(ExchangeError, match="seal does not match its signature"):
        a.import_files(forged)
    assert a.counts() == before


def test_a_removed_amendment_is_refused(two, tmp_path):
    a, b = two
    interview_id = sealed_on(b)
    with b.session() as s:
        for n in range(2):
            iv.amend_interview(s, interview_id, author="Bea", reason=f"fix {n}", changes={"summary": f"v{n}"})
    card = card_file(b, interview_id)
    forged = resigned(card, lambda body: body["amendments"].pop(0), "Bea", KeyRing(tmp_path / "mallory"))
    with pytest.raises(ExchangeError, match="amendment 1 does not follow the seal"):
        a.import_files(forged)


def test_a_scorecard_signed_with_another_key_for_a_known_person_is_refused_until_trusted(two, tmp_path):
    a, b = two
    a.import_files(card_file(b, sealed_on(b)))  # A now knows Bea's key (trust on first use)
    other = Laptop("B2", b.store, tmp_path / "home-B2", b._monkeypatch)  # Bea's key on another machine
    card = card_file(other, sealed_on(other, candidate="Grace Hopper"), name="second.json")
    before = a.counts()
    with pytest.raises(ExchangeError, match="knows Bea by another key.*--trust-key") as refused:
        a.import_files(card)
    assert a.counts() == before
    fp = str(refused.value).rsplit("--trust-key '", 1)[1].rstrip("'")
    assert "imported" in a.import_files(card, trust_fingerprints=[fp])[0]


def test_unknown_keys_are_refused_when_only_known_keys_are_accepted(two):
    a, b = two
    with pytest.raises(ExchangeError, match="not known on this machine"):
        a.import_files(card_file(b, sealed_on(b)), known_keys_only=True)


def test_a_namesake_candidate_is_asked_about_never_guessed(two):
    a, b = two
    with a.session() as s:
        here = make_candidate(s, "Ada Lovelace").id
    card = card_file(b, sealed_on(b))
    with pytest.raises(CandidateQuestion) as asked:
        a.import_files(card)
    assert asked.value.namesakes == [(here, "Ada Lovelace", "genai-engineer")]
    a.import_files(card, candidate_choices={asked.value.key: here})
    with a.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 1
        assert s.scalar(select(Interview.candidate_id).where(Interview.interviewer == "Bea")) == here


def test_a_namesake_can_be_someone_new(two):
    a, b = two
    with a.session() as s:
        make_candidate(s, "Ada Lovelace")
    card = card_file(b, sealed_on(b))
    key = read_packet(card).body["candidate"]["key"]
    a.import_files(card, candidate_choices={key: NEW})
    with a.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 2


def test_files_of_a_newer_format_or_not_cards_at_all_are_refused_in_one_line(tmp_path):
    with pytest.raises(ExchangeError, match="newer Interview Desk"):
        open_packet({"format": "interview-desk-exchange", "version": 99}, "x.json")
    with pytest.raises(ExchangeError, match="not an Interview Desk card"):
        open_packet({"hello": 1}, "x.json")
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    with pytest.raises(ExchangeError, match="not JSON: line 1"):
        read_packet(junk)


def test_an_imported_scorecard_edited_in_the_database_shows_as_broken(two, tmp_path):
    import sqlite3

    a, b = two
    a.import_files(card_file(b, sealed_on(b)))
    with a.session() as s:
        interview_id = s.scalar(select(Interview.id).where(Interview.interviewer == "Bea"))
        assert iv.seal_states(s)[interview_id].status == "ok"
    conn = sqlite3.connect(tmp_path / "A.db")  # someone with the file, and no key
    with conn:
        conn.execute("UPDATE annotations SET notes = 'brilliant answer' WHERE interview_id = ? AND position = 0",
                     (interview_id,))
    conn.close()
    with a.session() as s:
        state = iv.seal_states(s)[interview_id]
    assert state.broken and state.problems == ("question 1: notes changed",)


def test_an_amendment_after_the_card_was_sent_follows_it_and_nobody_else_amends_it(two):
    """Bea corrects her card on her laptop after sending it: the correction travels as a newer
    amendment. Where it landed, the hiring manager cannot amend Bea's card for her."""
    a, b = two
    own = sealed_on(b)
    a.import_files(card_file(b, own))
    with a.session() as s:
        here = s.scalar(select(Interview).where(Interview.interviewer == "Bea"))
        with pytest.raises(AccessDenied, match="only Bea can amend it"):
            iv.amend_interview(s, here.id, author="Hana", reason="rating 2 was a typo",
                               changes={"annotations": {"0": {"rating": 4}}})
    with b.session() as s:
        iv.amend_interview(s, own, author="Bea", reason="rating 2 was a typo",
                           changes={"annotations": {"0": {"rating": 4}}})
        again = write_packet(b.inbox / "again.json", export_card(s, own, reader="Bea"))
    assert a.import_files(again)[0].endswith("1 newer amendment added")
    with a.session() as s:
        here = s.scalar(select(Interview).where(Interview.interviewer == "Bea"))
        assert iv.seal_states(s)[here.id].status == "ok"
        assert iv.effective_scorecard(here)["annotations"][0]["rating"] == 4


def test_a_card_carries_the_notes_per_competency_and_its_seal_holds_there(two):
    a, b = two
    with b.session() as s:
        person = make_candidate(s, "Ada Lovelace")
        loop = make_loop(s, person, sets=2, name="Ada Lovelace loop")
        interview = iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=person.id, interviewer="Bea")
        iv.begin_interview(s, interview.id)
        assessed = iv.assessed_competencies(s.get(Interview, interview.id))
        iv.update_annotation(s, interview.id, 0, rating=3, notes="clear answer")
        iv.update_progress(s, interview.id, competency_notes={assessed[0]: "Owned the rollback."})
        iv.submit_interview(s, interview.id, recommendation="yes", summary="Good evidence")
        sealed = interview.id
    a.import_files(card_file(b, sealed))
    with a.session() as s:
        here = s.scalar(select(Interview).where(Interview.interviewer == "Bea"))
        assert here.competency_notes == {assessed[0]: "Owned the rollback."}
        assert iv.seal_states(s)[here.id].status == "ok"
