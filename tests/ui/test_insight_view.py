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
