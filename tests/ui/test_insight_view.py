"""The Insight page: opens at once, fills in from a worker, shows each part with its charts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.insight import TOO_FEW
from desktop.core.insight.simulate import simulate
from desktop.ui.insight_view import InsightView


def cell(model, row, column):
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_the_page_fills_in_from_a_worker_with_every_part(qtbot, store):
    with store.transaction() as s:
        truth = simulate(s, candidates=30, interviewers=5, seed=2)
    view = InsightView(store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=30000):
        view.show()  # the first showing starts the computation...
        assert view.interviewers.rowCount() == 0  # ...and returns before the figures arrive
        assert view.status.text() == "Computing…"
    assert {cell(view.interviewers, r, 0) for r in range(view.interviewers.rowCount())} == set(truth.leniency)
    assert all(cell(view.interviewers, r, 1).startswith(("+", "-")) for r in range(5))
    assert len(view.leniency_chart.rows) == 5
    assert view.questions.rowCount() > 10
    view.question_table.selectRow(1)
    assert view.distribution_chart.counts == view.questions.rows[1].distribution
    assert len(view.drift_chart.series) == 2 and view.drift_chart.series[0]
    assert len(view.reliability_chart.series[0]) == 8
    assert "estimated reliability" in view.reliability_text.text()
    view.tabs.setCurrentIndex(2)
    view.grab()  # every chart paints


def test_with_few_interviews_the_page_says_so(qtbot, store):
    view = InsightView(store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=30000):
        view.show()
    assert view.interviewers.rowCount() == 0
    assert TOO_FEW in view.reliability_text.text()
    view.grab()


def test_the_figures_read_as_questions_and_competencies_and_fit_a_small_screen(qtbot, store):
    """At 1024×768 every table fits its page (no sideways scrolling, no header cut) and shows
    what a person reads: the question's prompt (its id in the tooltip), competency names."""
    with store.transaction() as s:
        simulate(s, candidates=30, interviewers=5, seed=2)
    from desktop.core.bank.catalog import competencies
    from desktop.core.bank.questions import question_prompts

    view = InsightView(store)
    qtbot.addWidget(view)
    view.resize(1024 - 230, 700)  # the page beside the window's navigation
    with qtbot.waitSignal(view.loaded, timeout=30000):
        view.show()
    first = view.questions.rows[0]
    with store.session() as s:
        prompt = question_prompts(s, [first.id])[first.id]
        names = {c.id: c.name for c in competencies(s)}
    assert cell(view.questions, 0, 0) == " ".join(prompt.split())
    tip = view.questions.data(view.questions.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"{first.id}: ")
    shown = {cell(view.competencies, r, 0) for r in range(view.competencies.rowCount())}
    assert shown and shown <= set(names.values())
    assert " interviewers gives its composite" in view.reliability_text.text()
    assert ".0 interviewers" not in view.reliability_text.text()  # "a loop of 4", not "of 4.0"
    for tab, table in ((0, view.interviewers_table), (1, view.question_table), (2, view.competency_table)):
        view.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda t=table: t.isVisible())
        view._fit_question_columns()
        header = table.horizontalHeader()
        assert table.horizontalScrollBar().maximum() == 0, f"tab {tab} scrolls sideways"
        for column in range(table.model().columnCount()):
            if not table.isColumnHidden(column) and column != 0:
                assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), (tab, column)
        assert header.sectionSize(0) >= 150, f"tab {tab}: the name or question is squeezed"
