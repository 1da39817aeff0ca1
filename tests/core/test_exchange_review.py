"""The exchange as the app runs it: every file reviewed before anything is written (what would be
refused, which keys are new or changed, which candidate must be placed), then each file
imported on its own, so one bad file never keeps the good ones out."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.exchange import NEW, ExchangeError, export_loop_kit
from desktop.core.interviewing.exchange.cards import card_file_name
from desktop.core.interviewing.exchange.kits import kit_plan
from desktop.core.interviewing.exchange.review import DUPLICATE, import_each, review_files
from desktop.core.interviewing.keys import fingerprint
from desktop.core.storage.models import Candidate, Interview, Loop
from tests.core.test_exchange import card_file, sealed_on, two  # noqa: F401 (fixture)
from tests.core.test_exchange_roundtrip import Laptop


def review(laptop: Laptop, *paths, kinds=("card",)):
    with laptop.session() as s:
        return review_files(s, [str(p) for p in paths], kinds=kinds)


def import_reviewed(laptop: Laptop, result, **options):
    laptop._monkeypatch.setenv("INTERVIEW_DESK_HOME", str(laptop.home))  # this laptop's keys
    return import_each(laptop.store, result.files, **options)


def test_a_tampered_file_is_refused_and_the_good_one_beside_it_is_imported(two):
    a, b = two
    good = card_file(b, sealed_on(b))
    other = card_file(b, sealed_on(b, candidate="Grace Hopper"), name="other.json")
    packet = json.loads(other.read_text(encoding="utf-8"))
    packet["body"]["set"]["name"] = "renamed"
    other.write_text(json.dumps(packet), encoding="utf-8")
    checked = review(a, other, good)
    assert [(f.name, f.reason) for f in checked.files] == [("other.json", "tampered"), ("card.json", "")]
    assert checked.files[0].message.startswith("the scorecard card was changed after it was exported")
    assert [k.name for k in checked.files[1].first_use] == ["Bea"]  # asked before it is trusted
    outcomes = import_reviewed(a, checked)
    assert [(o.name, o.status) for o in outcomes] == [("card.json", "added")]
    assert outcomes[0].text.startswith("added to loop 'Ada Lovelace loop': Bea's scorecard for Ada Lovelace")
    assert any("trusted Bea's key" in note for note in outcomes[0].notes)
    with a.session() as s:
        assert [c.name for c in s.scalars(select(Candidate))] == ["Ada Lovelace"]
    again = review(a, good)
    assert again.files[0].reason == DUPLICATE and "nothing changed" in again.files[0].message
    assert again.files[0].first_use == ()  # Bea's key is known now


def test_a_changed_key_is_named_and_imported_only_once_accepted(two, tmp_path):
    a, b = two
    import_reviewed(a, review(a, card_file(b, sealed_on(b))))
    other = Laptop("B2", b.store, tmp_path / "home-B2", b._monkeypatch)  # Bea on a new laptop: a new key
    card = card_file(other, sealed_on(other, candidate="Grace Hopper"), name="new-key.json")
    checked = review(a, card)
    new_key = json.loads(card.read_text(encoding="utf-8"))["signature"]["public_key"]
    assert checked.files[0].importable and [k.public_key for k in checked.files[0].changed_keys] == [new_key]
    assert [o.reason for o in import_reviewed(a, checked)] == ["signer's key changed"]  # not accepted
    accepted = import_reviewed(a, checked, trust_fingerprints=[fingerprint(new_key)])
    assert [o.status for o in accepted] == ["added"]


@pytest.mark.parametrize("answer", ["namesake", "new"])
def test_a_namesake_is_asked_about_and_the_answer_places_the_card(two, answer):
    a, b = two
    card = card_file(b, sealed_on(b))
    with a.session() as s:
        here = create_candidate(s, name="ada lovelace", role_id="genai-engineer").id
    checked = review(a, card)
    assert [(q.name, q.namesakes, q.files) for q in checked.questions] == [
        ("Ada Lovelace", ((here, "ada lovelace", "genai-engineer"),), ("card.json",))]
    key = checked.questions[0].key
    assert checked.files[0].candidate_key == key
    choices = {key: here if answer == "namesake" else NEW}
    assert [o.status for o in import_reviewed(a, checked, candidate_choices=choices)] == ["added"]
    with a.session() as s:
        owner = s.scalar(select(Interview.candidate_id).where(Interview.interviewer == "Bea"))
        assert (owner == here) == (answer == "namesake")


def test_a_loop_saved_without_a_candidate_is_handed_out_for_the_one_chosen(two):
    a, _ = two
    sealed_on(a, submit=False)  # a two-set loop; Bea plans set 1
    with a.session() as s:
        loop = s.scalar(select(Loop).where(Loop.name == "Ada Lovelace loop"))
        person = loop.candidate
        other = create_candidate(s, name="Grace Hopper", role_id="genai-engineer")
        loop.candidate = None  # as the Builder saves a loop
        s.flush()
        plan = kit_plan(s, loop.id)
        assert plan.candidate_id is None and [who for _, who in plan.sets] == ["Bea", ""]
        with pytest.raises(ExchangeError, match="has no candidate"):
            export_loop_kit(s, loop.id, reader="Olga")
        kits = export_loop_kit(s, loop.id, reader="Olga", candidate_id=person.id, assign={2: "Cy"}, split=True)
        assert [name for name, _ in kits] == ["ada-lovelace-loop-1-bea.kit.json", "ada-lovelace-loop-2-cy.kit.json"]
        assert loop.candidate_id == person.id  # kept: the cards that come back land on them
        with pytest.raises(ExchangeError, match="Ada Lovelace's; it cannot be handed out for another"):
            export_loop_kit(s, loop.id, reader="Olga", candidate_id=other.id)


def test_a_cards_file_name_says_whose_it_is_and_hides_the_candidate_when_anonymous(two):
    _, b = two
    interview_id = sealed_on(b, candidate="Zoë O'Brien")
    with b.session() as s:
        candidate_id = s.get(Interview, interview_id).candidate_id
        assert card_file_name(s, interview_id) == "Card - Zoë O'Brien - Bea.card.json"
        assert card_file_name(s, interview_id, anonymous=True) == f"Card - Candidate {candidate_id} - Bea.card.json"


def test_a_kit_plans_the_interview_once_and_is_a_duplicate_after(two):
    a, b = two
    sealed_on(a, submit=False)
    with a.session() as s:
        loop = s.scalar(select(Loop).where(Loop.name == "Ada Lovelace loop"))
        name, packet = export_loop_kit(s, loop.id, reader="Olga", assign={2: "Cy"}, split=True)[1]
    from desktop.core.interviewing.exchange import write_packet

    kit = write_packet(b.inbox / name, packet)
    first = import_reviewed(b, review(b, kit, kinds=("loop-kit",)), kinds=("loop-kit",))
    assert [(o.status, o.text) for o in first] == [
        ("added", "loop 'Ada Lovelace loop' for Ada Lovelace: 1 planned interview to start on the Interview page")]
    again = import_reviewed(b, review(b, kit, kinds=("loop-kit",)), kinds=("loop-kit",))
    assert [(o.status, o.text) for o in again] == [
        (DUPLICATE, "loop 'Ada Lovelace loop' for Ada Lovelace is already here; nothing changed")]
