"""The Builder view: build, edit (reorder, remove, pin, swap), save, reopen and send on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from desktop.core import demo
from desktop.core.storage.models import InterviewSet
from desktop.core.building.sets import list_sets, load_draft
from desktop.ui.builder_view import BuilderView
from desktop.ui.bank_model import QUESTION_IDS_MIME
from desktop.ui.set_model import COL_PINNED


@pytest.fixture(autouse=True)
def _own_preferences(tmp_path, monkeypatch):
    """Each test's Builder choices (exposure cap, signal) in its own Preferences file."""
    from desktop.core.storage import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "preferences.json")


@pytest.fixture
def view(qtbot, store):
    v = BuilderView(store)
    qtbot.addWidget(v)
    v.refresh()
    v.resize(1280, 820)
    v.show()
    return v


def generate(qtbot, view, role="prompt-engineer", count=8):
    view.role.setCurrentIndex(view.role.findData(role))
    view.unit.setCurrentIndex(view.unit.findData("questions"))
    view.length.setValue(count)
    qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == count)


def test_build_edit_and_save_a_set(qtbot, view, store):
    generate(qtbot, view)
    model = view.model
    ids = list(view.draft.ids)
    assert len(set(ids)) == 8
    assert view.balance.balance.count == 8 and view.balance.balance.mix_is_exact

    # reorder: the third question moves to the top
    view.table.selectRow(2)
    qtbot.mouseClick(view.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.up_button, Qt.MouseButton.LeftButton)
    assert view.draft.ids[0] == ids[2]
    # pin it
    qtbot.mouseClick(view.pin_button, Qt.MouseButton.LeftButton)
    assert view.draft.items[0].pinned
    assert model.data(model.index(0, COL_PINNED), Qt.ItemDataRole.AccessibleTextRole) == "pinned"
    # the Pin column is a check box too
    assert model.setData(model.index(3, COL_PINNED), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert view.draft.items[3].pinned
    model.setData(model.index(3, COL_PINNED), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not view.draft.items[3].pinned
    # swap the second for one of the same difficulty
    view.table.selectRow(1)
    before = view.draft.ids[1]
    qtbot.mouseClick(view.swap_button, Qt.MouseButton.LeftButton)
    after = view.draft.ids[1]
    assert after != before and after not in ids
    assert view.balance.balance.mix_is_exact
    # remove the last
    view.table.selectRow(7)
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 7
    final = list(view.draft.ids)

    qtbot.keyClicks(view.name, "Prompt <screen> & 'co'")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        [summary] = list_sets(s)
        saved = load_draft(s, summary.id)
    assert saved.name == "Prompt <screen> & 'co'"
    assert saved.ids == final and saved.items[0].pinned
    assert view.saved.count() == 1


def test_a_taken_name_asks_for_another(qtbot, view, store):
    generate(qtbot, view, count=5)
    qtbot.keyClicks(view.name, "Screen")
    view.save()
    generate(qtbot, view, count=5)
    qtbot.keyClicks(view.name, "Screen")
    assert view.save() is False
    assert view.name_error.isVisible() and "choose another name" in view.name_error.text()
    view.name.clear()
    qtbot.keyClicks(view.name, "Screen 2")
    assert view.save() is True
    with store.session() as s:
        assert s.query(InterviewSet).count() == 2


def test_reorder_by_drag_and_drop_and_accept_dropped_question_ids(qtbot, view):
    generate(qtbot, view, count=5)
    model = view.model
    ids = list(view.draft.ids)
    # the view's drag: row 0 dropped in the gap before row 3
    mime = model.mimeData([model.index(0, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert view.draft.ids == [ids[1], ids[2], ids[0], ids[3], ids[4]]
    # questions dragged from the Bank
    outside = QMimeData()
    outside.setData(QUESTION_IDS_MIME, b"gqa-001\ngqa-002\nnot-a-question\n" + ids[0].encode())
    assert model.dropMimeData(outside, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    new = {"gqa-001", "gqa-002"} - set(ids)
    assert model.rowCount() == 5 + len(new)
    assert "Unknown: not-a-question" in view.status.text()


def test_an_infeasible_request_shows_what_fell_short(qtbot, view):
    view.role.setCurrentIndex(view.role.findData("mlops-engineer"))
    view.unit.setCurrentIndex(view.unit.findData("questions"))
    view.length.setValue(200)
    view.generate()
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)
    assert view.model.rowCount() < 200
    assert "questions: wanted 200" in view.shortfalls.text()
    assert "could not be met" in view.status.text()


def test_hand_edits_are_saved_on_close(qtbot, view, store):
    generate(qtbot, view, count=5)
    view.table.selectRow(0)
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    view.flush()  # what MainWindow.closeEvent calls
    with store.session() as s:
        [summary] = list_sets(s)
    assert summary.name.startswith("Unsaved set ") and summary.questions == 4


def test_add_questions_from_the_bank_without_a_set(qtbot, view):
    view.add_questions(["gqa-001", "gqa-002", "gqa-001"])
    assert view.draft.ids == ["gqa-001", "gqa-002"]


def test_open_a_saved_set_and_start_an_interview(qtbot, view, store):
    generate(qtbot, view, count=4)
    qtbot.keyClicks(view.name, "Short")
    view.save()
    set_id = view.draft.set_id
    generate(qtbot, view, count=6)
    view.saved.setCurrentRow(0)
    view.open_selected()
    assert view.draft.set_id == set_id and view.model.rowCount() == 4
    with qtbot.waitSignal(view.start_interview_requested) as signal:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert signal.args == [set_id]


def test_build_and_save_a_loop(qtbot, view, store):
    view.role.setCurrentIndex(view.role.findData("genai-engineer"))
    view.unit.setCurrentIndex(view.unit.findData("questions"))
    view.length.setValue(6)
    view.interviewers.setValue(3)
    qtbot.mouseClick(view.loop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and len(view.drafts) == 3)
    assert view.interviewer.count() == 3
    all_ids = [q for d in view.drafts for q in d.ids]
    assert len(all_ids) == 18 == len(set(all_ids))
    view.interviewer.setCurrentIndex(2)
    assert view.draft.ids == view.drafts[2].ids
    qtbot.keyClicks(view.name, "Onsite")
    assert view.save()
    with store.session() as s:
        assert sorted(x.name.split(" (")[0] for x in list_sets(s)) == ["Onsite · 1", "Onsite · 2", "Onsite · 3"]


def test_every_control_has_an_accessible_name(view):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit

    for kind in (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView):
        for w in view.findChildren(kind):
            if _inside(w, (QComboBox, QAbstractSpinBox)) or w.objectName().startswith("qt_"):
                continue  # the parts Qt builds inside a combo box or spin box
            assert w.accessibleName(), f"{type(w).__name__} {getattr(w, 'text', lambda: '')()}"


def _inside(widget, kinds) -> bool:
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent()
    return False


def test_balance_and_shortfalls_show_topic_names_not_ids(qtbot, view):
    for i in range(view.focus.count()):
        item = view.focus.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in ("gans", "rag"):
            item.setCheckState(Qt.CheckState.Checked)
    generate(qtbot, view, count=6)
    [(_, topics)] = [(title, lines) for title, lines in view.balance.sections if title == "Topics"]
    labels = {name for name, _ in topics}
    assert {"GANs", "RAG and retrieval"} <= labels and not {"gans", "rag"} & labels
    assert "RAG and retrieval" in view.balance.summary()
    assert "focus topic GANs: wanted" in view.shortfalls.text()

    view.interviewers.setValue(2)
    view.build_loop()
    qtbot.waitUntil(lambda: not view.busy and view.interviewer.count() == 2)
    assert all("GANs" in view.interviewer.itemText(i) or "RAG and retrieval" in view.interviewer.itemText(i)
               for i in range(2))


def test_the_questions_stay_readable_and_the_selected_one_reads_in_full(qtbot, view):
    from desktop.ui.set_model import COL_PROMPT, COL_TOPIC

    generate(qtbot, view, count=6)
    prompt_width = lambda: view.table.horizontalHeader().sectionSize(COL_PROMPT)  # noqa: E731
    qtbot.waitUntil(lambda: prompt_width() >= 220)
    view.resize(1000, 700)  # narrower: a column gives way before the question does
    qtbot.waitUntil(lambda: view.table.isColumnHidden(COL_TOPIC))
    assert prompt_width() >= 180

    view.table.selectRow(2)
    brief = view.model.briefs[view.draft.ids[2]]
    line = view.selected_question.text()
    assert " ".join(brief.prompt.split()) in line
    assert brief.difficulty in line and brief.kind in line
    assert all(view.topic_names[t] in line for t in brief.topics)  # names, not ids


def test_a_demo_set_opens_balanced_by_its_roles_topics_not_by_its_label(qtbot, view, store):
    """The demo's sets carry a label ("LLM fundamentals") where built sets list topic ids;
    the balance follows the role's topic weights, not a topic named after the label."""
    with store.transaction() as s:
        report = demo.create_demo(s)
    view.refresh()
    view.open_set(report.set_ids[0])
    assert view.draft.focus == "LLM fundamentals"
    role = view.catalog.role(view.draft.role_id)
    topics = view.balance.balance.topic
    assert "LLM fundamentals" not in topics and set(topics) <= set(role.topics)


def test_a_loops_interviewers_read_as_their_focus_topics(qtbot, view):
    view.role.setCurrentIndex(view.role.findData("genai-engineer"))
    view.unit.setCurrentIndex(view.unit.findData("questions"))
    view.length.setValue(5)
    view.interviewers.setValue(2)
    qtbot.mouseClick(view.loop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and len(view.drafts) == 2)
    for i, d in enumerate(view.drafts):
        assert d.focus_topics == d.params["focus"] and d.focus_topics
        label = view.interviewer.itemText(i)
        assert all(view.topic_names[t] in label for t in d.focus_topics)
        # the saved set is named by topic names too ("Onsite · 1 (RAG and retrieval)"), never ids
        assert d.focus == ", ".join(view.topic_names[t] for t in d.focus_topics)


def test_only_the_roles_own_topics_can_be_ticked_as_focus(qtbot, view):
    view.role.setCurrentIndex(view.role.findData("image-gen-specialist"))
    shown = {view.focus.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.focus.count())
             if not view.focus.item(i).isHidden()}
    assert shown == set(view.catalog.role("image-gen-specialist").topics)
    assert "diffusion" in shown and "rag" not in shown


def test_after_a_bank_change_the_pool_is_reloaded_off_the_gui_thread(qtbot, view, store):
    """The balance, swap and targets read the pool on the GUI thread: a bank edit must not make
    the first of them load 100,000 questions there."""
    from desktop.core.bank.questions import edit_question
    from desktop.core.building.pool import pool_for, pool_is_ready
    from desktop.ui.tasks import announce_changes

    with store.session() as s:
        pool_for(s)
    with store.transaction() as s:
        edit_question(s, "gqa-052", {"minutes": 7})
    with store.session() as s:
        assert not pool_is_ready(s)
    announce_changes({"bank"})  # what the Bank view says after saving an edit

    def ready() -> bool:
        with store.session() as s:
            return pool_is_ready(s)
    qtbot.waitUntil(ready, timeout=10000)


def test_nothing_asked_and_nothing_there_is_neutral_not_green(qtbot, view):
    from desktop.core.building.balance import Line
    from desktop.ui import theme

    assert Line(0, 0).state() == "none" and Line(1, 1).state() == "good"
    assert Line(1, 0).state() == "under" and Line(1, 2).state() == "over" and Line(1, 2).state(True) == "good"
    generate(qtbot, view, count=4)
    good = theme.color("good")
    assert view.balance.color_of(Line(1, 1)) == good
    assert view.balance.color_of(Line(0, 0)) != good
    assert view.balance.color_of(Line(0, 0)) == view.balance.color_of(Line(None, 3))  # the muted colour


def test_a_question_swapped_out_stays_out_when_the_set_is_generated_again(qtbot, view, monkeypatch):
    generate(qtbot, view, count=6)
    first = list(view.draft.ids)
    view.table.selectRow(2)
    qtbot.mouseClick(view.swap_button, Qt.MouseButton.LeftButton)
    old = first[2]
    assert old not in view.draft.ids and view.draft.excluded == [old]
    assert view.status.text().startswith("Swapped question 3")
    monkeypatch.setattr(view, "_confirm_discard", lambda: True)
    generate(qtbot, view, count=6)  # the same seed
    assert old not in view.draft.ids and old in view.draft.excluded
    view.table.selectRow(0)
    qtbot.mouseClick(view.swap_button, Qt.MouseButton.LeftButton)  # a second swap never offers it back
    assert old not in view.draft.ids and len(view.draft.excluded) == 2


def test_remove_says_what_it_removed(qtbot, view):
    generate(qtbot, view, count=5)
    view.table.selectRow(1)
    qtbot.mouseClick(view.swap_button, Qt.MouseButton.LeftButton)
    view.table.selectRow(3)
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert view.status.text().startswith("Removed question 4") and "Swapped" not in view.status.text()


def test_a_set_sent_from_the_bank_before_the_builder_opened_shows_its_balance(qtbot, store):
    view = BuilderView(store)  # not refreshed yet: no roles in the list
    qtbot.addWidget(view)
    view.add_questions(["gqa-001", "gqa-002", "beh-001"])
    view.refresh()  # the Builder is shown
    assert view.draft.role_id == view.role.currentData()
    assert view.balance.balance is not None and view.balance.balance.count == 3
    view.role.setCurrentIndex(view.role.findData("genai-engineer"))
    assert view.draft.role_id == "genai-engineer" and view.balance.balance.count == 3


def test_start_interview_saves_an_unnamed_set_under_a_name_of_its_own(qtbot, view, store):
    generate(qtbot, view, count=4)
    with qtbot.waitSignal(view.start_interview_requested) as signal:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        [summary] = list_sets(s)
    assert signal.args == [summary.id] and summary.questions == 4
    assert summary.name.startswith("Set Prompt Engineer · Mid · ") and view.name.text() == summary.name
    assert summary.name in view.status.text()
    generate(qtbot, view, count=4)  # a second one gets a name of its own
    with qtbot.waitSignal(view.start_interview_requested):
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        assert len({x.name for x in list_sets(s)}) == 2


def test_the_balance_fits_a_narrow_panel_at_double_size(qtbot, view):
    generate(qtbot, view, count=8)
    panel = view.balance
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # what 200% scale does to the text against the panel
    panel.setFont(font)
    assert panel.minimumSizeHint().width() <= 200
    for width in range(panel.minimumSizeHint().width(), 520, 20):
        label_w, _bar_x, bar_w, value_x, value_w = panel.columns(width)
        assert label_w >= 40 and bar_w >= 0
        assert value_x + value_w <= width - 4, width  # the figures are never cut at the right edge
    assert panel.columns(520)[2] >= 24  # with room, the bar is back


def test_saved_loop_sets_read_in_full_with_role_names(qtbot, view):
    view.role.setCurrentIndex(view.role.findData("genai-engineer"))
    view.unit.setCurrentIndex(view.unit.findData("questions"))
    view.length.setValue(4)
    view.interviewers.setValue(2)
    qtbot.mouseClick(view.loop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and len(view.drafts) == 2)
    qtbot.keyClicks(view.name, "Onsite for Ada Lovelace")
    assert view.save()
    assert view.saved.wordWrap() and view.saved.textElideMode() != Qt.TextElideMode.ElideMiddle
    tips = [view.saved.item(i).toolTip() for i in range(view.saved.count())]
    assert all("Generative AI Engineer" in t and "genai-engineer" not in t for t in tips), tips
    assert all("Loop: Onsite for Ada Lovelace" in t for t in tips)


def test_the_builder_keeps_what_it_learns_from_past_interviews_in_preferences(qtbot, view, store):
    from desktop.core.storage.preferences import load_preferences

    assert view.request().exposure_cap is None and not view.request().prefer_signal
    view.rest.setChecked(True)
    view.cap.setValue(30)
    view.cap_loops.setValue(12)
    view.signal.setChecked(True)
    request = view.request()
    assert (request.exposure_cap, request.exposure_loops, request.prefer_signal) == (0.3, 12, True)
    prefs = load_preferences()
    assert (prefs.rest_over_exposed, prefs.exposure_cap_percent, prefs.exposure_loops, prefs.prefer_signal) == \
        (True, 30, 12, True)
    again = BuilderView(store)
    qtbot.addWidget(again)
    assert again.rest.isChecked() and again.cap.value() == 30 and again.signal.isChecked()
    generate(qtbot, view, count=5)  # with no interviews yet nothing is rested
    assert "Rested" not in view.status.text() and view.draft.params["exposure_cap"] == 0.3


def names_whole(panel, width: int) -> bool:
    """Every name of the balance is drawn whole at `width`: beside its bar in a label column wide
    enough for it, or (stacked) on a wrapped line of its own above the bar."""
    if panel.stacked(width):
        return panel.columns(width)[0] == width - 16
    label_w = panel.columns(width)[0]
    metrics = panel.fontMetrics()
    return all(metrics.horizontalAdvance(name) <= label_w - 8
               for _, lines in panel.sections for name, line in lines if line is not None)


def test_balance_names_are_never_cut_at_any_width_or_scale(qtbot, view):
    """At 1024x768 the balance pane is ~140 px: "Begi…", "Diffu…" read as nothing."""
    view.role.setCurrentIndex(view.role.findData("image-gen-specialist"))
    view.interviewers.setValue(3)
    view.build_loop()
    qtbot.waitUntil(lambda: not view.busy and len(view.drafts) == 3)
    panel = view.balance
    assert panel.stacked(140) and not panel.stacked(560)
    for _double in (False, True):
        for width in range(100, 560, 20):
            assert names_whole(panel, width), width
            assert panel.heightForWidth(width) >= panel.heightForWidth(560)  # narrower: taller, never cut
        font = panel.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        panel.setFont(font)


def _edit_field_width(combo) -> int:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def test_role_names_and_the_name_hint_read_whole_at_1024(qtbot, view):
    """The Builder page beside the navigation at 1024x768 is ~790 px wide."""
    from desktop.ui.builder_view import LOOP_PLACEHOLDER, SET_PLACEHOLDER

    view.resize(790, 700)
    qtbot.waitUntil(lambda: view.width() == 790)
    metrics = view.role.fontMetrics()
    for i in range(view.role.count()):
        view.role.setCurrentIndex(i)
        assert _edit_field_width(view.role) >= metrics.horizontalAdvance(view.role.itemText(i)), view.role.itemText(i)
        assert view.role.toolTip() == view.role.itemText(i)
    for hint in (SET_PLACEHOLDER, LOOP_PLACEHOLDER):
        assert view.name.width() - 12 >= view.name.fontMetrics().horizontalAdvance(hint), hint
