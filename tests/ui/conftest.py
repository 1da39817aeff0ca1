"""The UI tests run under the same garbage-collection policy as the app: collected on the GUI
thread only (desktop/ui/gui_thread_gc.py), never on a task's worker thread."""

from __future__ import annotations

import pytest

from desktop.ui import gui_thread_gc


@pytest.fixture(autouse=True, scope="session")
def _gc_on_the_gui_thread(qapp):
    gui_thread_gc.install(qapp)


@pytest.fixture(autouse=True)
def _private_journals(tmp_path, monkeypatch):
    """Each test's keystroke journals in its own folder: never replayed into another test's database."""
    from desktop.core.storage import paths

    monkeypatch.setattr(paths, "journals_dir", lambda database: tmp_path / "journals")
