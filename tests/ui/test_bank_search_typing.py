"""Key to results in the Bank: no fixed pause before a search, and typing during one is one search."""

from __future__ import annotations

import threading

import pytest

from desktop.ui import bank_view
from desktop.ui.bank_view import BankView


@pytest.fixture
def view(qtbot, store):
    v = BankView(store)
    qtbot.addWidget(v)
    v.show()
    with qtbot.waitSignal(v.results_shown, timeout=5000):
        v.refresh()
    qtbot.waitUntil(lambda: v.searches_running == 0, timeout=5000)
    return v


def test_a_key_starts_its_search_at_once_when_none_is_running(qtbot, view):
    qtbot.keyClicks(view.search_edit, "l")
    assert view.searches_running == 1  # on its way: not waiting for a pause in typing
    qtbot.waitUntil(lambda: not view.is_searching(), timeout=5000)
    assert view.model.rowCount() > 0


def test_keys_typed_while_a_search_runs_make_one_search_for_the_final_text(qtbot, view, monkeypatch):
    release, asked = threading.Event(), []
    real = bank_view.run_search

    def held_first(store, query):
        asked.append(query.text)
        if len(asked) == 1:
            release.wait(5)  # the first search is held until the test has typed on
        return real(store, query)

    monkeypatch.setattr(bank_view, "run_search", held_first)
    qtbot.keyClicks(view.search_edit, "m")
    qtbot.waitUntil(lambda: asked == ["m"], timeout=5000)
    qtbot.keyClicks(view.search_edit, "ode collapse")
    assert view.is_searching()
    release.set()
    qtbot.waitUntil(lambda: not view.is_searching() and view.searches_running == 0, timeout=5000)
    assert asked == ["m", "mode collapse"]
    assert view.model.row_at(0).id == "img-001" or "collapse" in view.model.row_at(0).prompt.lower()
