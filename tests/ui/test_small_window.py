"""Every page fits a small window without scrolling sideways: 1024x768, and 960x540 (what a
1920x1080 screen at 200% scale leaves in logical pixels), on the demo's data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QAbstractScrollArea

from desktop.core import demo
from desktop.core.storage.preferences import Preferences
from desktop.ui import interview_view
from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow


@pytest.fixture
def story(store):
    with store.transaction() as s:
        return demo.create_demo(s)


def sideways(page) -> list[str]:
    return [area.accessibleName() or type(area).__name__ for area in page.findChildren(QAbstractScrollArea)
            if area.isVisible() and area.horizontalScrollBar().isVisible()]


@pytest.mark.parametrize("size", [(1024, 768), (960, 540)])
def test_no_page_scrolls_sideways_in_a_small_window(qtbot, store, story, monkeypatch, size):
    monkeypatch.setattr(interview_view, "load_preferences",
                        lambda: Preferences(interviewer_name=demo.STAGES[0].interviewer), raising=False)
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)

    def settled(page) -> list[str]:
        qtbot.waitUntil(lambda: page.isVisible())
        QCoreApplication.processEvents()  # the layouts queued by showing it
        return sideways(page)

    window.show_page(0)
    assert settled(window.bank_view) == []
    window.show_page(1)
    builder = window.builder_view
    builder.role.setCurrentIndex(builder.role.findData("image-gen-specialist"))  # the longest role name
    builder.interviewers.setValue(3)
    builder.build_loop()
    qtbot.waitUntil(lambda: not builder.busy and len(builder.drafts) == 3)
    assert settled(builder) == []
    window.show_page(2)
    interview = window.interview_view
    interview.open_interview(story.in_progress_interview_id)
    qtbot.waitUntil(lambda: interview.live is not None)
    assert settled(interview) == []
    interview.go_to(10**6)  # the wrap-up
    assert settled(interview) == []
    interview.flush()
    window.show_page(3)
    candidates = window.candidates_view
    assert candidates.select("interview", story.interview_ids[0])
    assert settled(candidates) == []
    assert candidates.select("loop", story.loop_id)
    assert settled(candidates) == []
    window.show_page(4)
    assert settled(window.pages.currentWidget()) == []
