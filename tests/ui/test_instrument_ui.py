"""The structured-interview instrument on screen: anchors per question, the rubric's suggestion,
competency coverage in the Builder, and the decision area with its composite."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import interviewing as iv
from desktop.core.bank.questions import duplicate_question, edit_question, question_data
from desktop.core.building.sets import SetDraft, save_set
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui.interview_view import InterviewView

ANCHORED = "gqa-106"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def me():
    save_preferences(Preferences(interviewer_name="Rita"))


@pytest.fixture
def two_questions(store):
    """Rita's interview of two questions: one with its own anchors, a copy without any."""
    with store.transaction() as s:
        plain = duplicate_question(s, ANCHORED).id
        edit_question(s, plain, {"anchors": []})
        saved = save_set(s, SetDraft.of([ANCHORED, plain], role_id="genai-engineer", level="mid"), "Two")
        candidate = create_candidate(s, name="Ada", role_id="genai-engineer")
        interview = iv.create_interview(s, set_id=saved.id, candidate_id=candidate.id, interviewer="Rita")
        return interview.id, question_data(s, ANCHORED)


@pytest.fixture
def live(qtbot, store, two_questions):
    view = InterviewView(store)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.open_interview(two_questions[0])
    return view


def test_the_rating_buttons_show_the_questions_own_anchors_else_the_global_scale(live, two_questions):
    data = two_questions[1]
    buttons = live.rating_bar.buttons
    for value, anchor in enumerate(data["anchors"], 1):
        assert words(anchor) in words(buttons[value].text())
        assert buttons[value].accessibleName() == f"Rate {value}: {words(anchor)}"
    assert live.competencies_label.text() == "Assesses: Evaluation judgment"
    assert live.red_flags_label.isVisibleTo(live) and words(data["red_flags"][0]) in live.red_flags_label.text()
    live.next_question()
    for value, anchor in iv.RATING_ANCHORS.items():
        assert words(buttons[value].text()) == f"{value} {anchor}"
    assert "general scale" in live.anchors_label.text()


def test_ticked_rubric_points_suggest_a_rating_without_giving_it(live, store, two_questions):
    assert live.suggestion_label.text().startswith("Rubric suggests 1")
    for check in live.rubric_checks[:4]:
        check.setChecked(True)
    assert live.suggestion_label.text().startswith("Rubric suggests 3  (4 of 5 points")
    live.rubric_checks[3].setChecked(False)
    assert live.suggestion_label.text().startswith("Rubric suggests 2")
    live.save_now()
    assert live.current_question().rating is None
    assert not any(b.isChecked() for b in live.rating_bar.buttons.values())
    with store.session() as s:
        saved = iv.load_live_interview(s, two_questions[0]).questions[0]
    assert saved.covered == [0, 1, 2] and saved.rating is None
    live.rate(4)  # the interviewer's call stands, whatever the rubric says
    assert live.current_question().rating == 4 and live.suggestion_label.text().startswith("Rubric suggests 2")


def test_the_balance_panel_lists_competency_coverage_by_name(qtbot, store):
    from desktop.core.bank.catalog import load_catalog
    from desktop.ui.builder_view import BuilderView

    view = BuilderView(store)
    qtbot.addWidget(view)
    view.refresh()
    view.resize(1280, 800)
    view.show()
    view.role.setCurrentIndex(view.role.findData("prompt-engineer"))
    view.interviewers.setValue(4)
    view.build_loop()
    qtbot.waitUntil(lambda: not view.busy and len(view.drafts) == 4)
    with store.session() as s:
        catalog = load_catalog(s)
    names, role = catalog.competency_names, catalog.role("prompt-engineer")
    sections = dict(view.balance.sections)
    mine = view.drafts[0].params["competencies"]
    assert [(n, line.target) for n, line in sections["Competencies to assess"]] == [(names[c], 1) for c in mine]
    assert all(line.actual >= 1 for _, line in sections["Competencies to assess"])
    people = [text for text, _ in sections["Interviewers assess"]]
    assert len(people) == 4 and people[0].startswith("▸ 1: " + ", ".join(names[c] for c in mine))
    coverage = {n: (line.target, line.actual) for n, line in sections["Loop coverage (interviewers)"]}
    assert coverage == {names[c]: (2, 2) for c in role.competencies}
    assert "Loop coverage (interviewers): " + names[role.competencies[0]] + " 2 of 2" in view.balance.summary()
    view.interviewer.setCurrentIndex(1)  # the second interviewer's set, marked in the list
    assert dict(view.balance.sections)["Interviewers assess"][1][0].startswith("▸ 2: ")


@pytest.fixture
def decided_loop(store):
    """Zoë's four-interviewer loop, every scorecard in (rated 4, 4, 3, 4: the composite says hire)."""
    from tests.core.test_decisions import run_loop

    return run_loop(store, {"Ana": 4, "Ben": 4, "Chen": 3, "Dee": 4})


def candidates_view(qtbot, store, candidate_id):
    from desktop.ui.candidates_view import CandidatesView

    save_preferences(Preferences(interviewer_name="Hiring Manager"))
    view = CandidatesView(store)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.refresh()
    assert view.select("candidate", candidate_id)
    return view


def test_the_decision_area_shows_the_matrix_and_the_composite_with_its_formula(qtbot, store, decided_loop):
    from desktop.core.interviewing.decisions import FORMULA, composite_for

    view = candidates_view(qtbot, store, decided_loop)
    with store.session() as s:
        composite = composite_for(s, decided_loop)
    area = view.decision_area
    assert area.isVisibleTo(view) and area.matrix.isVisibleTo(view)
    assert area.composite.text().startswith(f"Composite {composite.score:.2f}") and "points to Hire" in area.composite.text()
    assert area.formula.text() == FORMULA and area.formula.isVisibleTo(view)
    model = area.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Competency", "Weight", "Ana", "Ben", "Chen", "Dee", "Score"]
    first = composite.competencies[0]
    assert model.data(model.index(0, 0)) == composite.names[first]
    assert model.data(model.index(0, model.col_score)) == f"{composite.scores[first]:.2f}"
    assert area.recorded.text() == "No decision recorded yet." and area.record_button.isEnabled()


def test_the_decision_dialog_refuses_a_departure_without_a_reason_then_records_it(qtbot, store, decided_loop,
                                                                                   monkeypatch):
    from desktop.ui.decision_area import RecordDecisionDialog

    view = candidates_view(qtbot, store, decided_loop)
    seen = {}

    def fill(dialog):
        assert dialog.choices["hire"].isChecked()  # starts on the composite's side
        assert "optional" in dialog.hint.text()
        dialog.choices["no_hire"].setChecked(True)
        assert dialog.hint.text().startswith("Reason required")
        dialog.accept()
        seen["refusal"] = dialog.error.text()
        assert dialog.result() != dialog.DialogCode.Accepted and dialog.error.isVisibleTo(dialog)
        dialog.reason.setPlainText("References were poor")
        dialog.accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDecisionDialog, "exec", fill)
    assert view.decision_area.record()
    assert "No hire departs from the composite" in seen["refusal"] and "write the reason" in seen["refusal"]
    area = view.decision_area
    text = area.recorded.text()
    assert text.startswith("Decided: No hire — by Hiring Manager on ") and "sealed ✓" in text
    assert "Reason: References were poor" in text and not area.record_button.isEnabled()


def test_the_scorecard_detail_shows_its_ratings_per_competency_with_the_formula(qtbot, store, decided_loop):
    from desktop.core.interviewing.competencies import FORMULA

    view = candidates_view(qtbot, store, decided_loop)
    first = view.model.entry(view.tree.currentIndex()).loops[0].interviews[0]
    assert view.select("interview", first.id)
    lines = view.card_competencies.text().splitlines()
    assert lines[0] == "Ratings per competency" and "(assessed here): 4.00 from" in lines[1]
    assert view.card_formula.text() == FORMULA and view.card_formula.isVisibleTo(view)


def test_the_new_controls_are_named_and_reachable_by_keyboard(qtbot, store, decided_loop, live):
    from tests.ui.test_candidates_view import unnamed

    view = candidates_view(qtbot, store, decided_loop)
    dialog = view.decision_area.dialog()
    qtbot.addWidget(dialog)
    assert unnamed(view) == [] and unnamed(dialog) == [] and unnamed(live) == []
    for widget in (view.decision_area.record_button, view.decision_area.matrix, dialog.reason, dialog.by,
                   *dialog.choices.values()):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.accessibleName()
