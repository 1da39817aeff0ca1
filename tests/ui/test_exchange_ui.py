"""The laptop exchange from the app's buttons: a loop handed out from the Builder, the kit
imported on the interviewer's laptop, their card exported from the Candidates view and
imported on the organiser's, where the debrief then opens; a tampered, a duplicate and a
namesake's card, each answered in words in the one summary.

Two laptops are two databases and two user folders (INTERVIEW_DESK_HOME: preferences and
signing keys); the dialogs are answered at the QFileDialog / QMessageBox / dialog.exec level."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from desktop.core import interviewing as iv
from desktop.core.building.requests import SetRequest
from desktop.core.building.service import build_loop_in
from desktop.core.building.sets import SetDraft, save_loop
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.keys import fingerprint
from desktop.core.interviewing.listing import unfinished_interviews
from desktop.core.interviewing.records import candidate_entries
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from desktop.ui import exchange_dialogs
from desktop.ui.builder_view import BuilderView
from desktop.ui.candidates_view import CandidatesView

ROLE = "genai-engineer"


class Laptop:
    """One person's machine: a database, and a user folder with their name and signing key."""

    def __init__(self, person: str, store: Store, home: Path, monkeypatch):
        self.person, self.store, self.home, self._monkeypatch = person, store, home, monkeypatch
        home.mkdir(parents=True)
        self.use()
        save_preferences(Preferences(interviewer_name=person))

    def use(self) -> "Laptop":
        """From now on the app runs as this laptop (its preferences and keys)."""
        self._monkeypatch.setenv("INTERVIEW_DESK_HOME", str(self.home))
        return self


@pytest.fixture
def laptops(tmp_path, _bank_template, monkeypatch):
    stores = []
    for name in ("A", "B"):
        shutil.copy(_bank_template, tmp_path / f"{name}.db")
        stores.append(Store(str(tmp_path / f"{name}.db")))
    a = Laptop("Olga", stores[0], tmp_path / "home-A", monkeypatch)
    b = Laptop("Bea", stores[1], tmp_path / "home-B", monkeypatch)
    yield a, b
    for store in stores:
        store.dispose()


@pytest.fixture
def answers(monkeypatch):
    """Every standard dialog answered, and what each said kept: `said[title] = text`."""
    said: dict[str, list[str]] = {}

    def information(_parent, title, text, *args):
        said.setdefault(title, []).append(text)
        return QMessageBox.StandardButton.Ok

    def question(_parent, title, text, *args):
        said.setdefault(title, []).append(text)
        return QMessageBox.StandardButton.Yes

    def summary(box):
        said.setdefault(box.windowTitle(), []).append(f"{box.text()}\n{box.informativeText()}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", information)
    monkeypatch.setattr(QMessageBox, "exec", summary)
    return said


def pick(monkeypatch, *paths) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))


def wait(qtbot, job) -> list[str]:
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30000) as blocker:
        pass
    return blocker.args[0]


def olga_organises(a: Laptop, sets: int = 2) -> tuple[int, int, list[int]]:
    """On A, as the Builder leaves it: a saved loop with no candidate yet; and the candidate.
    Olga runs set 1 herself and submits it."""
    a.use()
    with a.store.transaction() as s:
        candidate = create_candidate(s, name="Ada Lovelace", role_id=ROLE)
        built = build_loop_in(s, SetRequest(ROLE, "mid", count=2, seed=5), sets)
        drafts = [SetDraft.of(b.ids, role_id=ROLE, level="mid", focus=f"focus {i + 1}", params=b.request.params())
                  for i, b in enumerate(built.sets)]
        loop = save_loop(s, "Ada loop", drafts, role_id=ROLE, level="mid")
        s.flush()
        set_ids = [st.id for st in loop.sets]
        return candidate.id, loop.id, set_ids


def run_and_submit(laptop: Laptop, interview_id: int, rating: int) -> None:
    laptop.use()
    with laptop.store.transaction() as s:
        iv.begin_interview(s, interview_id)
        iv.update_annotation(s, interview_id, 0, rating=rating, notes=f"{laptop.person}'s note")
        iv.submit_interview(s, interview_id, recommendation="yes", summary=f"{laptop.person}'s evidence")


def hand_out_from_the_builder(qtbot, monkeypatch, a: Laptop, candidate_id: int, set_id: int, folder: Path,
                              answers) -> list[str]:
    a.use()
    builder = BuilderView(a.store)
    qtbot.addWidget(builder)
    builder.refresh()
    builder.open_set(set_id)
    assert builder.kit_button.isEnabled() and builder.kit_button.accessibleName()  # the set shown is a loop's

    def fill(dialog):
        assert dialog.candidate.isEnabled()  # the loop has no candidate yet: choose one
        dialog.candidate.setCurrentIndex(dialog.candidate.findData(candidate_id))
        dialog.set_interviewer(1, "Olga")
        dialog.set_interviewer(2, "Bea")
        for kind in (QLineEdit, QComboBox, QPushButton):
            assert all(widget.accessibleName() for widget in dialog.findChildren(kind)), kind
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(exchange_dialogs.LoopKitDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    job = []
    from desktop.ui import exchange_actions

    real = exchange_actions.export_loop_kits
    monkeypatch.setattr(exchange_actions, "export_loop_kits", lambda *a, **k: job.append(real(*a, **k)) or job[-1])
    builder.kit_button.click()
    return wait(qtbot, job[0])


def test_a_loop_goes_out_as_kits_and_comes_back_as_cards_and_the_debrief_opens(qtbot, laptops, tmp_path,
                                                                                 monkeypatch, answers):
    a, b = laptops
    candidate_id, loop_id, set_ids = olga_organises(a)
    with a.store.transaction() as s:
        olga = iv.create_interview(s, set_id=set_ids[0], candidate_id=candidate_id, interviewer="Olga").id
    run_and_submit(a, olga, 3)
    kits = tmp_path / "kits"
    kits.mkdir()
    written = hand_out_from_the_builder(qtbot, monkeypatch, a, candidate_id, set_ids[0], kits, answers)
    assert [Path(line.split()[-1]).name for line in written] == ["ada-loop-1-olga.kit.json", "ada-loop-2-bea.kit.json"]
    assert "Wrote 2 kits" in answers["Export Loop Kit"][0]

    # Bea's laptop: Import Kit… makes the candidate, the loop, her set and her planned interview.
    b.use()
    parent = QWidget()
    qtbot.addWidget(parent)
    from desktop.ui import exchange_actions

    pick(monkeypatch, kits / "ada-loop-2-bea.kit.json")
    shown = []
    lines = wait(qtbot, exchange_actions.import_kits(parent, b.store, then=shown.append))
    assert "The file was imported." in lines[0]
    assert "loop 'Ada loop' for Ada Lovelace: 1 planned interview" in lines[1]
    assert shown  # (the main window then shows the Interview page)
    assert any("signed by Olga" in t and "Compare this fingerprint with Olga" in t for t in answers["Trust Olga's key?"])
    with b.store.session() as s:
        planned = unfinished_interviews(s, "Bea")
    assert len(planned) == 1
    run_and_submit(b, planned[0].id, 4)

    # Export Card… in her Candidates view: a save dialog with a name that says whose card it is.
    view_b = CandidatesView(b.store)
    qtbot.addWidget(view_b)
    view_b.refresh()
    assert view_b.select("interview", planned[0].id)
    assert view_b.export_card_button.isEnabled() and view_b.export_card_button.accessibleName()
    offered = []

    def save_as(_parent, title, suggested, _filter):
        offered.append(Path(suggested).name)
        return str(tmp_path / "bea"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    jobs = []
    real = exchange_actions.export_card_file
    monkeypatch.setattr(exchange_actions, "export_card_file", lambda *a, **k: jobs.append(real(*a, **k)) or jobs[-1])
    view_b.export_card_button.click()
    wait(qtbot, jobs[0])
    assert offered == ["Card - Ada Lovelace - Bea.card.json"]
    card = tmp_path / "bea.card.json"
    assert json.loads(card.read_text(encoding="utf-8"))["kind"] == "card"

    # Olga's laptop: the debrief waits for Bea's card; Import Cards… adds it and it opens.
    a.use()
    with a.store.session() as s:
        assert iv.debrief_state(s, loop_id) == (False, "1 of 2 interviews submitted; waiting for "
                                                       "Ada loop · 2 (focus 2) (not started)")
    view_a = CandidatesView(a.store)
    qtbot.addWidget(view_a)
    view_a.refresh()
    pick(monkeypatch, card)
    imports = []
    real_import = exchange_actions.import_cards
    monkeypatch.setattr(exchange_actions, "import_cards", lambda *a, **k: imports.append(real_import(*a, **k)))
    view_a.import_cards_button.click()
    lines = wait(qtbot, imports[0])
    assert lines[0] == "The file was imported."
    assert lines[1].startswith("bea.card.json — added to loop 'Ada loop': Bea's scorecard for Ada Lovelace")
    assert "seal verified" in lines[1]
    assert any("trusted Bea's key" in line for line in lines)
    with a.store.session() as s:
        is_open, why = iv.debrief_state(s, loop_id)
        assert is_open and why == "all 2 interviews are submitted"
        bea_here = [i for e in candidate_entries(s, viewer="Olga") for loop in e.loops for i in loop.interviews
                    if i.interviewer == "Bea"]
    assert len(bea_here) == 1 and bea_here[0].status == "submitted"
    qtbot.waitUntil(lambda: view_a.model.index_of("interview", bea_here[0].id).isValid())  # the view refreshed


def bea_card(qtbot, b: Laptop, tmp_path, monkeypatch, name: str = "Ada Lovelace") -> Path:
    """On B: a loop for `name` that Bea runs and submits; her card, exported through the app."""
    from desktop.ui import exchange_actions

    b.use()
    with b.store.transaction() as s:
        candidate = create_candidate(s, name=name, role_id=ROLE)
        built = build_loop_in(s, SetRequest(ROLE, "mid", count=2, seed=9), 2)
        drafts = [SetDraft.of(x.ids, role_id=ROLE, level="mid", params=x.request.params()) for x in built.sets]
        loop = save_loop(s, f"{name} loop", drafts, role_id=ROLE, level="mid", candidate_id=candidate.id)
        s.flush()
        interview = iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=candidate.id, interviewer="Bea").id
    run_and_submit(b, interview, 3)
    path = tmp_path / f"{name.split()[0].lower()}.card.json"
    wait(qtbot, exchange_actions.export_card_file(None, b.store, interview, "Bea", path=path))
    return path


def test_a_tampered_card_is_refused_in_words_and_the_good_one_beside_it_is_imported(qtbot, laptops, tmp_path,
                                                                                     monkeypatch, answers):
    from desktop.ui import exchange_actions

    a, b = laptops
    good = bea_card(qtbot, b, tmp_path, monkeypatch)
    other = bea_card(qtbot, b, tmp_path, monkeypatch, name="Grace Hopper")
    packet = json.loads(other.read_text(encoding="utf-8"))
    packet["body"]["candidate"]["name"] = "Someone Else"  # one changed value
    tampered = tmp_path / "tampered.card.json"
    tampered.write_text(json.dumps(packet), encoding="utf-8")

    a.use()
    before = a.store
    pick(monkeypatch, tampered, good)
    lines = wait(qtbot, exchange_actions.import_cards(None, before))
    assert lines[0] == "1 of 2 files imported."
    assert lines[1] == ("tampered.card.json — refused (tampered): the scorecard card was changed after it was "
                        "exported (its signature does not match); ask for a fresh copy")
    assert lines[2].startswith("ada.card.json — added to loop 'Ada Lovelace loop'")
    assert "1 of 2 files imported." in answers["Import Cards"][0]  # the one summary the person saw
    assert "Traceback" not in answers["Import Cards"][0]

    # The same card again: refused as a duplicate, nothing changed.
    pick(monkeypatch, good)
    lines = wait(qtbot, exchange_actions.import_cards(None, a.store))
    assert lines[0] == "The file was not imported."
    assert lines[1].startswith("ada.card.json — refused (duplicate): already here as interview ")
    assert "nothing changed" in lines[1]


def test_a_kit_in_import_cards_and_an_untrusted_key_are_refused_in_words(qtbot, laptops, tmp_path, monkeypatch,
                                                                         answers):
    from desktop.ui import exchange_actions

    a, b = laptops
    card = bea_card(qtbot, b, tmp_path, monkeypatch)
    kit = tmp_path / "loop.kit.json"
    b.use()
    with b.store.transaction() as s:
        from desktop.core.interviewing.exchange import export_loop_kit, write_packet
        from desktop.core.bank.names import find_loop

        write_packet(kit, export_loop_kit(s, find_loop(s, "Ada Lovelace loop").id, reader="Bea")[0][1])
    a.use()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    pick(monkeypatch, kit, card)
    lines = wait(qtbot, exchange_actions.import_cards(None, a.store))
    key = fingerprint(json.loads(card.read_text(encoding="utf-8"))["signature"]["public_key"])
    assert lines == ["0 of 2 files imported.",
                     "loop.kit.json — refused (not a scorecard card): a loop kit, not a scorecard card; open it "
                     "with File › Import Kit…",
                     f"ada.card.json — refused (unknown signer): you did not trust Bea's key {key}"]
    with a.store.session() as s:
        assert candidate_entries(s, viewer="Olga") == []  # nothing was written


@pytest.mark.parametrize("answer", ["namesake", "new"])
def test_the_candidate_question_is_asked_and_its_answer_places_the_card(qtbot, laptops, tmp_path, monkeypatch,
                                                                         answers, answer):
    from desktop.core.interviewing.exchange import NEW
    from desktop.ui import exchange_actions

    a, b = laptops
    card = bea_card(qtbot, b, tmp_path, monkeypatch)
    a.use()
    with a.store.transaction() as s:  # A has its own Ada Lovelace, never exchanged: no key links them
        namesake = create_candidate(s, name="Ada Lovelace", role_id=ROLE).id
    asked = []

    def choose(dialog):
        asked.append((dialog.windowTitle(), dialog.intro.text(),
                      [dialog.list.item(r).text() for r in range(dialog.list.count())]))
        assert dialog.list.accessibleName()
        dialog.choose(namesake if answer == "namesake" else NEW)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(exchange_dialogs.CandidateChoiceDialog, "exec", choose)
    pick(monkeypatch, card)
    lines = wait(qtbot, exchange_actions.import_cards(None, a.store))
    title, intro, options = asked[0]
    assert title == "Who is this candidate?" and "Ada Lovelace" in intro
    assert options == [f"Ada Lovelace — Generative AI Engineer (candidate {namesake}, already here)",
                       "Someone new: add Ada Lovelace as a new candidate"]
    assert lines[0] == "The file was imported."
    with a.store.session() as s:
        people = {e.id: [i.interviewer for loop in e.loops for i in loop.interviews]
                  for e in candidate_entries(s, viewer="Olga")}
    if answer == "namesake":
        assert people == {namesake: ["Bea"]}
    else:
        assert people[namesake] == [] and len(people) == 2


def test_export_card_is_refused_with_the_access_rules_sentence(qtbot, laptops, tmp_path, monkeypatch, answers):
    from desktop.ui import exchange_actions

    a, _ = laptops
    candidate_id, _, set_ids = olga_organises(a)
    with a.store.transaction() as s:
        olga = iv.create_interview(s, set_id=set_ids[0], candidate_id=candidate_id, interviewer="Olga").id
        iv.create_interview(s, set_id=set_ids[1], candidate_id=candidate_id, interviewer="Cy")
    run_and_submit(a, olga, 3)
    dialogs = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: dialogs.append(a) or ("", ""))
    assert exchange_actions.export_card_file(None, a.store, olga, "Cy") is None
    assert answers["Export Card"] == ["The card was not exported: Olga's scorecard is hidden from you: you have not "
                                      "submitted your own scorecard for this candidate yet. You are Cy."]
    assert dialogs == []  # refused before asking where


def test_the_file_menu_has_the_exchange_and_the_candidates_view_a_context_menu(qtbot, store, monkeypatch):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "Import &Cards…" in texts and "Import &Kit…" in texts
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: opened.append(a[1]) or ([], ""))
    window.import_cards_action.trigger()
    window.import_kit_action.trigger()
    assert opened == ["Import Cards", "Import Kit"]  # (cancelled: nothing more happens)


def test_a_loop_in_the_candidates_view_is_handed_out_from_its_context_menu(qtbot, laptops, tmp_path, monkeypatch,
                                                                           answers):
    a, _ = laptops
    candidate_id, loop_id, set_ids = olga_organises(a)
    with a.store.transaction() as s:  # the loop shows under Ada through Olga's interview
        iv.create_interview(s, set_id=set_ids[0], candidate_id=candidate_id, interviewer="Olga")
    view = CandidatesView(a.store)
    qtbot.addWidget(view)
    view.refresh()
    assert view.select("loop", loop_id)
    monkeypatch.setattr("PySide6.QtWidgets.QMenu.popup", lambda *a, **k: None)
    view._context_menu(view.tree.visualRect(view.tree.currentIndex()).center())
    texts = [action.text() for action in view.context_menu.actions() if action.text()]
    assert texts == ["Export Loop Kit…", "Import Cards…"]
    seen = []

    def look(dialog):
        seen.append((dialog.candidate.currentData(), dialog.assignments(),
                     dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(exchange_dialogs.LoopKitDialog, "exec", look)
    next(action for action in view.context_menu.actions() if action.text() == "Export Loop Kit…").trigger()
    assert seen == [(candidate_id, {1: "Olga"}, True)]  # the candidate the loop is under, who plans set 1

    with a.store.session() as s:
        olga = next(i.id for e in candidate_entries(s, viewer="Olga") for loop in e.loops for i in loop.interviews)
    assert view.select("interview", olga)
    view._context_menu(view.tree.visualRect(view.tree.currentIndex()).center())
    texts = [action.text() for action in view.context_menu.actions() if action.text()]
    assert texts == ["Start Interview", "Amend…", "Export Scorecard…", "Export Card…", "Import Cards…"]
    assert not next(a for a in view.context_menu.actions() if a.text() == "Export Card…").isEnabled()  # a draft


def test_with_anonymous_exports_on_the_card_is_offered_under_the_candidates_number(qtbot, laptops, tmp_path,
                                                                                   monkeypatch, answers):
    from desktop.ui import exchange_actions

    _, b = laptops
    bea_card(qtbot, b, tmp_path, monkeypatch)  # Ada's loop on B, Bea's interview submitted
    save_preferences(Preferences(interviewer_name="Bea", anonymous_exports=True))
    with b.store.session() as s:
        (entry,) = candidate_entries(s, viewer="Bea")
    interview = entry.loops[0].interviews[0].id
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, suggested, _f: offered.append(Path(suggested).name) or ("", ""))
    assert exchange_actions.export_card_file(None, b.store, interview, "Bea") is None  # cancelled
    assert offered == [f"Card - Candidate {entry.id} - Bea.card.json"]
