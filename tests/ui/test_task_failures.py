"""A failed operation is told to the user in plain words, never as a traceback or SQL."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy.exc import OperationalError

from desktop.core.failures import UNEXPECTED
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import QueryOp

BAD_QUESTION = """\
questions:
  - id: {id}
    prompt: How would you evaluate a RAG pipeline before launch?
    difficulty: legendary
    kind: scenario
    topics: [rag, evaluation]
    roles: [llm-app-engineer]
    minutes: 8
    rubric: [Retrieval metrics, Answer faithfulness, A labelled test set]
"""


@pytest.fixture
def boxes(monkeypatch):
    """Every message box the app shows: (title, text, detailed text)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text, "")))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text(), box.detailedText())))
    return shown


def test_an_unexpected_error_is_one_plain_line_and_the_details_go_to_the_log(qtbot, boxes, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)

    def broken_query(_store, _progress):
        raise OperationalError("SELECT prompt FROM questions WHERE id = ?", ("x",), Exception("no such column: prompt"))

    with caplog.at_level(logging.ERROR, logger="desktop.ui.tasks"):
        QueryOp(None, broken_query, parent=parent).run()  # no failure callback: the default handler
        qtbot.waitUntil(lambda: bool(boxes), timeout=5000)
    [(_title, text, details)] = boxes
    assert text == UNEXPECTED
    assert "SELECT" not in text + details and "Traceback" not in text + details
    [record] = [r for r in caplog.records if r.name == "desktop.ui.tasks"]
    assert "broken_query" in record.getMessage() and record.exc_info[0] is OperationalError


def test_a_failed_import_lists_every_problem_and_nothing_else(qtbot, store, tmp_path, monkeypatch, boxes):
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    window = MainWindow(store)
    qtbot.addWidget(window)
    files = []
    for n in (1, 2):
        path = tmp_path / f"bad{n}.yaml"
        path.write_text(BAD_QUESTION.format(id=f"team-00{n}"))
        files.append(str(path))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    before = window.bank_count

    window.import_bank()
    qtbot.waitUntil(lambda: bool(boxes), timeout=20000)
    [(title, text, details)] = boxes
    assert title == "Import failed"
    assert text == "Nothing was imported. The question files have 2 problems; fix them and try again."
    lines = details.splitlines()
    assert len(lines) == 2 and all("unknown difficulty 'legendary'" in line for line in lines)
    assert lines[0].startswith(f"{files[0]}:") and "question team-001" in lines[0]
    assert window.bank_count == before and window.statusBar().currentMessage() == ""
