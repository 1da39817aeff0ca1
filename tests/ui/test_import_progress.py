"""Importing questions from the app shows how far it got, as the command line does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog

from desktop.core.bank.files import dump_yaml, load_bank
from desktop.ui import tasks
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, store):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    win = MainWindow(store)
    qtbot.addWidget(win)
    return win


def team_file(bank_dir, path, n: int):
    """`n` new questions made from the bundled ones, written as export-bank writes them."""
    shipped = load_bank([bank_dir]).questions
    questions = []
    for i in range(n):
        q = shipped[i % len(shipped)].as_dict()
        q.update(id=f"team-{i:03d}", related=[])
        questions.append({k: v for k, v in q.items() if v not in (None, [], "")})
    path.write_text(dump_yaml({"questions": questions}), encoding="utf-8")
    return path


def test_an_import_from_the_app_reports_its_progress_to_the_end(qtbot, window, bank_dir, tmp_path, monkeypatch):
    file = team_file(bank_dir, tmp_path / "team.yaml", 30)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(file)], ""))
    reports = []
    tasks.events().progressed.connect(reports.append)
    try:
        window.import_bank()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported:"), timeout=20000)
    finally:
        tasks.events().progressed.disconnect(reports.append)
    counted = [r for r in reports if r.total > 0]
    assert counted, "no progress was reported"
    assert counted[-1].done == counted[-1].total
    assert "questions: 30 added" in window.statusBar().currentMessage()
