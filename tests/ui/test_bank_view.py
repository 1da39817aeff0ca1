"""The Bank view: search as you type, filters, details, the question dialog, add to set."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.core.storage.models import Question
from desktop.core.bank.search import ResultRow, search_page
from desktop.core.bank.search.ranked_index import build_index
from desktop.ui.bank_model import (
    COL_DIFFICULTY,
    COL_KIND,
    COL_PROMPT,
    COL_TOPICS,
    COL_USAGE,
    QUESTION_IDS_MIME,
    BankResultsModel,
    ids_from_mime,
)
from desktop.ui import tasks
from desktop.ui.bank_view import RESULT_PAGE, BankView
from desktop.ui.question_dialog import QuestionDialog
from desktop.core.bank.questions import copy_of
from tests.conftest import BANK_SIZE

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def view(qtbot, store):
    v = BankView(store)
    qtbot.addWidget(v)
    v.resize(1280, 820)
    v.show()
    with qtbot.waitSignal(v.results_shown, timeout=5000):
        v.refresh()
    return v


def settle(qtbot, view):
    qtbot.waitUntil(lambda: not view.is_searching(), timeout=5000)


def shown_ids(view) -> list[str]:
    return [view.model.row_at(r).id for r in range(view.model.rowCount())]


def test_opens_listing_the_bank(view):
    assert view.model.rowCount() == BANK_SIZE  # the whole bundled bank, with nothing typed
    assert view.count_label.text() == f"{BANK_SIZE} questions"


def test_typing_searches_without_losing_keystrokes(qtbot, view):
    qtbot.keyClicks(view.search_edit, "controlnet dep")
    assert view.search_edit.text() == "controlnet dep"
    settle(qtbot, view)
    assert shown_ids(view)[0] == "img-040"
    assert view.selected_ids() == ["img-040"]


def test_a_stale_result_is_dropped(qtbot, view):
    view.search_edit.setText("mode collapse")
    view.search_now()
    stale = view._generation - 1
    settle(qtbot, view)
    before = shown_ids(view)
    view._show_results(stale, ([], False))
    assert shown_ids(view) == before


def test_filters_narrow_the_results(qtbot, view):
    view.difficulty_box.setCurrentIndex(view.difficulty_box.findData("advanced"))
    view.topic_box.setCurrentIndex(view.topic_box.findData("gans"))
    settle(qtbot, view)
    assert view.model.rowCount() > 0
    for row in range(view.model.rowCount()):
        assert view.model.index(row, COL_DIFFICULTY).data(DISPLAY) == "advanced"
        assert "GANs" in view.model.index(row, COL_TOPICS).data(DISPLAY)  # by name, not id


def test_detail_pane_shows_the_whole_question(qtbot, view, store):
    view.search_edit.setText("controlnet depth")
    view.search_now()
    settle(qtbot, view)
    with store.session() as s:
        q = s.get(Question, "img-040")
        prompt, rubric, answer, follow_up, source = q.prompt, q.rubric[0], q.answer, q.follow_ups[0], q.source
    text = view.detail.toPlainText()
    for part in (prompt, rubric, answer[:60], follow_up):
        assert " ".join(part.split())[:60] in " ".join(text.split())
    assert source.startswith("000_5ee7f8f52e0f5050.txt")  # the seed's file name, for traceability...
    assert "Source: “AI Image Generation Specialist Interview Questions”, " in text  # ...read as its title
    assert ".txt" not in text
    assert "ControlNet and adapters" in text and "AI Image Generation Specialist" in text  # names, not ids


def test_add_to_set_by_button_and_shortcut(qtbot, view):
    view.table.selectAll()
    ids = view.selected_ids()
    with qtbot.waitSignal(view.add_to_set_requested) as blocker:
        view.add_button.click()
    assert blocker.args == [ids]
    view.table.setFocus()
    with qtbot.waitSignal(view.add_to_set_requested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [ids]


def test_dragging_carries_the_question_ids(qtbot, view):
    indexes = [view.model.index(1, COL_PROMPT), view.model.index(1, COL_KIND), view.model.index(0, COL_PROMPT)]
    mime = view.model.mimeData(indexes)
    assert QUESTION_IDS_MIME in view.model.mimeTypes()
    assert bytes(mime.data(QUESTION_IDS_MIME).data()).decode() == "\n".join(shown_ids(view)[:2])
    assert ids_from_mime(mime) == shown_ids(view)[:2]
    assert view.model.flags(indexes[0]) & Qt.ItemFlag.ItemIsDragEnabled
    assert view.table.dragEnabled()


def test_retire_hides_a_question_and_restore_brings_it_back(qtbot, view):
    view.search_edit.setText("controlnet depth")
    view.search_now()
    settle(qtbot, view)
    assert view.selected_ids() == ["img-040"]
    view.retire_button.click()
    settle(qtbot, view)
    assert "img-040" not in shown_ids(view)
    view.retired_box.setCurrentIndex(view.retired_box.findData("retired"))
    settle(qtbot, view)
    assert shown_ids(view) == ["img-040"] and view.retire_button.text() == "Restore"
    view.retire_button.click()
    settle(qtbot, view)
    assert shown_ids(view) == []
    assert view.count_label.text().startswith("No questions match")


CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def _inside_a_compound_control(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_has_an_accessible_name(view, store, qtbot):
    dialog = QuestionDialog(store, "img-001")
    qtbot.addWidget(dialog)
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in [*view.findChildren(QWidget), *dialog.findChildren(QWidget)]
        if isinstance(w, CONTROLS) and not w.objectName().startswith("qt_")
        and not _inside_a_compound_control(w) and not w.accessibleName().strip()
    ]
    assert unnamed == []


# -- the table model, without a view ---------------------------------------------------------


def test_results_model_shows_prompt_difficulty_kind_topics_usage(qtbot):
    from datetime import datetime

    model = BankResultsModel()
    row = ResultRow("q-1", "What  is\nLoRA?", "beginner", "concept", ("peft-lora", "fine-tuning"), False,
                    3, datetime(2026, 11, 2), 1.5, "\x02LoRA\x03 is")
    model.set_rows([row, ResultRow("q-2", "Old", "advanced", "scenario", (), True, 0, None, 0.0, "")])
    cell = lambda r, c: model.index(r, c).data(DISPLAY)  # noqa: E731
    assert [cell(0, c) for c in (COL_PROMPT, COL_DIFFICULTY, COL_KIND, COL_TOPICS, COL_USAGE)] == [
        "What is LoRA?", "beginner", "concept", "peft-lora, fine-tuning", "3×"]
    assert cell(1, COL_USAGE) == "never" and cell(1, COL_PROMPT) == "[retired] Old"
    model.topic_names = {"peft-lora": "PEFT and LoRA"}
    assert cell(0, COL_TOPICS) == "PEFT and LoRA, fine-tuning"  # names where known
    assert "Matched: [LoRA] is" in model.index(0, COL_PROMPT).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, COL_PROMPT).data(Qt.ItemDataRole.ForegroundRole) is not None


# -- the question dialog ---------------------------------------------------------------------


def test_a_bad_new_question_says_why_and_keeps_what_was_typed(qtbot, store):
    dialog = QuestionDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.prompt_edit, "What is a <b>quokka</b> & why?")
    dialog.save()
    assert dialog.result() == 0 and dialog.saved_id is None
    assert not dialog.errors.isHidden()
    assert "difficulty" in dialog.errors.text() and "rubric" in dialog.errors.text()
    assert dialog.prompt_edit.toPlainText() == "What is a <b>quokka</b> & why?"


def test_a_new_question_is_saved_and_found_by_search(qtbot, view, store):
    dialog = QuestionDialog(store)
    qtbot.addWidget(dialog)
    dialog.prompt_edit.setPlainText("What is a <b>quokka</b> & why?")
    dialog.difficulty_box.setCurrentIndex(dialog.difficulty_box.findData("beginner"))
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("concept"))
    for widget, ident in ((dialog.topics_list, "rag"), (dialog.roles_list, "prompt-engineer")):
        for i in range(widget.count()):
            if widget.item(i).data(Qt.ItemDataRole.UserRole) == ident:
                widget.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.rubric_edit.setPlainText("Knows marsupials\n\nKnows Rottnest")
    dialog.save()
    assert dialog.saved_id == "my-001"
    with store.session() as s:
        q = s.get(Question, "my-001")
        assert (q.rubric, q.topics, q.user_edited) == (["Knows marsupials", "Knows Rottnest"], ["rag"], True)
    qtbot.keyClicks(view.search_edit, "quokk")
    settle(qtbot, view)
    assert shown_ids(view) == ["my-001"]
    assert "<b>quokka</b>" in view.detail.toPlainText()  # shown as typed, not as markup


def test_editing_keeps_the_id_and_reindexes(qtbot, view, store):
    dialog = QuestionDialog(store, "img-001")
    qtbot.addWidget(dialog)
    assert dialog.id_edit.isReadOnly()
    dialog.prompt_edit.setPlainText("Explain the wombat sampler")
    dialog.save()
    assert dialog.saved_id == "img-001"
    view.search_edit.setText("wombat")
    view.search_now()
    settle(qtbot, view)
    assert shown_ids(view) == ["img-001"]


def test_duplicate_starts_a_new_question_from_a_copy(qtbot, store):
    with store.session() as s:
        prompt = s.get(Question, "gqa-085").prompt
        template = copy_of(s, "gqa-085")  # what the Bank's Duplicate hands the dialog
    dialog = QuestionDialog(store, None, template=template)
    qtbot.addWidget(dialog)
    assert dialog.id_edit.text() == "gqa-085-copy" and not dialog.id_edit.isReadOnly()
    assert dialog.prompt_edit.toPlainText() == prompt


def test_typing_goes_on_while_a_search_is_still_running(qtbot, view, monkeypatch):
    """The database answers on a worker: a slow search neither blocks the box nor wins late."""
    import threading

    import desktop.ui.bank_view as bank_view

    release = threading.Event()
    real = bank_view.run_search

    def slow_first(store, query):
        if query.text == "mode":
            release.wait(5)  # held until the test has typed on
        return real(store, query)

    monkeypatch.setattr(bank_view, "run_search", slow_first)
    view.search_edit.setText("mode")  # its search starts at once, and is stuck on the worker
    qtbot.keyClicks(view.search_edit, " collapse")
    assert view.search_edit.text() == "mode collapse"
    view.search_now()
    qtbot.waitUntil(lambda: view._shown_generation == view._generation, timeout=5000)
    newest = shown_ids(view)
    release.set()  # the stale search finishes last; its rows must not replace the newest
    qtbot.waitUntil(lambda: view.searches_running == 0, timeout=5000)
    assert shown_ids(view) == newest


def test_a_narrow_window_keeps_the_question_readable(qtbot, view):
    prompt_width = lambda: view.table.horizontalHeader().sectionSize(COL_PROMPT)  # noqa: E731
    assert prompt_width() >= 260 and not view.table.isColumnHidden(COL_TOPICS)
    view.resize(760, 600)
    qtbot.waitUntil(lambda: view.table.isColumnHidden(COL_TOPICS))
    assert prompt_width() >= 200
    view.resize(1280, 820)
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(COL_TOPICS))


def test_a_related_question_is_a_link_to_it(qtbot, view, store):
    with store.session() as s:
        twin_id = s.get(Question, "gai-001").related[0]
        twin_prompt = " ".join(s.get(Question, twin_id).prompt.split())
    settle(qtbot, view)  # the whole bank is listed
    view._select_ids(["gai-001"])
    assert twin_prompt[:50] in " ".join(view.detail.toPlainText().split())  # the twin's words, not only its id
    view.detail.anchorClicked.emit(QUrl(f"question:{twin_id}"))
    assert view.selected_ids() == [twin_id]
    assert view.detail.toPlainText().startswith(twin_id)


def test_a_related_question_outside_the_results_still_reads_in_the_pane(qtbot, view, store):
    with store.session() as s:
        twin_id = s.get(Question, "gai-001").related[0]
    view.search_edit.setText("discriminative")
    view.difficulty_box.setCurrentIndex(view.difficulty_box.findData("beginner"))
    settle(qtbot, view)
    view._select_ids(["gai-001"])
    view.model.set_rows([view.model.row_at(view.model.row_of("gai-001"))])  # only this one shown
    view._select_ids(["gai-001"])
    view.detail.anchorClicked.emit(QUrl(f"question:{twin_id}"))
    assert view.selected_ids() == ["gai-001"]  # the selection stays
    assert "Not in the current results" in view.detail.toPlainText() and twin_id in view.detail.toPlainText()


def test_at_1024_by_768_every_filter_reads_whole(qtbot, store):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    v = BankView(store)
    qtbot.addWidget(v)
    v.resize(1024 - 230, 700)  # the page beside the window's navigation
    v.show()
    qtbot.waitExposed(v)
    for box in (v.difficulty_box, v.kind_box, v.topic_box, v.role_box, v.retired_box):
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, box)
        assert box.fontMetrics().horizontalAdvance(box.currentText()) <= field.width(), box.currentText()
    assert v.search_edit.width() >= 200  # and the search box is still roomy
    assert v.minimumSizeHint().width() < 600  # while a narrower window still takes the page


def test_scrolling_to_the_end_reads_the_next_page(qtbot, view, store):
    with store.session() as s:
        build_index(s)  # ranked by the index, as usual
    qtbot.waitUntil(lambda: not tasks.events().running, timeout=10000)  # no rebuild to search again
    view.search_edit.setText("the")  # in most of the bank: more than a page
    settle(qtbot, view)
    first = shown_ids(view)
    assert len(first) == RESULT_PAGE
    assert view.count_label.text().startswith(f"Best {RESULT_PAGE} of ")
    assert "scroll for more" in view.count_label.text()
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        view.table.scrollToBottom()  # as the wheel, the scroll bar or End would
    ids = shown_ids(view)
    assert ids[:RESULT_PAGE] == first and len(set(ids)) == len(ids) > RESULT_PAGE
    assert view.count_label.text().startswith(f"Best {len(ids)} of ")
    assert view.selected_ids() == [first[0]]  # reading on keeps the selection


def test_a_page_for_an_earlier_search_is_dropped(qtbot, view, store):
    with store.session() as s:
        build_index(s)  # no rebuild in the background to search again when it is done
    qtbot.waitUntil(lambda: not tasks.events().running, timeout=10000)
    view.search_edit.setText("the")
    settle(qtbot, view)
    view.model.fetchMore()  # the next page of "the" is on its way...
    view.search_edit.setText("mode collapse")  # ...when the search changes
    settle(qtbot, view)
    qtbot.waitUntil(lambda: not tasks.events().running, timeout=5000)  # the page has come back too
    settle(qtbot, view)
    with store.session() as s:
        expected = [r.id for r in search_page(s, view.current_query()).rows]
    assert shown_ids(view) == expected


def test_searching_again_keeps_the_pages_read_and_the_selection(qtbot, view, store):
    with store.session() as s:
        build_index(s)
    qtbot.waitUntil(lambda: not tasks.events().running, timeout=10000)
    view.search_edit.setText("the")
    settle(qtbot, view)
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        view.table.scrollToBottom()
    later = view.model.row_at(RESULT_PAGE + 3).id  # a question on the second page
    view.table.selectRow(RESULT_PAGE + 3)
    rows = view.model.rowCount()
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        view.refresh()  # as after an edit or an import
    assert view.model.rowCount() == rows
    assert view.selected_ids() == [later]
    view.search_edit.setText("the model")  # a new search starts again from its best page
    settle(qtbot, view)
    assert view.model.rowCount() <= RESULT_PAGE
