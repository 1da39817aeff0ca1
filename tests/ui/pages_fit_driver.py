"""Driver for the 200% test of the other pages: the real main window in its own process, on the
screen it is given (the test runs it with QT_SCALE_FACTOR=2 on a 1280x800 offscreen screen).

    python -m tests.ui.pages_fit_driver DB_FILE INTERVIEW_ID LOOP_ID CANDIDATE_ID

Opens the window as the app does (on the Bank), then shows the Bank, the Builder with a loop of
three drafts, a scorecard, a loop and a candidate's decision on Candidates, and each tab of Insight; on each it makes the
window as large as the screen and records the window's size, its minimum size and what scrolls
sideways. Then opens the Amend and Record Decision dialogs on the demo's data and records their
minimum size and whether they fit the screen when shown. Prints one line of JSON.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db_file: str, interview_id: int, loop_id: int, candidate_id: int) -> int:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QPoint, QRect, QSettings
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialogButtonBox, QScrollArea

    from desktop.core import interviewing as iv
    from desktop.core.storage.store import Store
    from desktop.ui.app import configure_application
    from desktop.ui.decision_area import RecordDecisionDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.scorecard_dialogs import AmendDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    QSettings().clear()
    store = Store(db_file)
    window = MainWindow(store)
    window.show()
    screen = window.screen().availableGeometry()

    def settle(condition=lambda: True) -> None:
        timer = QElapsedTimer()
        timer.start()
        while not condition() and timer.elapsed() < 30000:  # a worker's search or build
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        for _ in range(10):  # layouts queued, then the ones they queued
            QCoreApplication.processEvents()

    def size(s) -> list[int]:
        return [s.width(), s.height()]

    def sideways(widget) -> list[str]:
        return [a.accessibleName() or type(a).__name__ for a in widget.findChildren(QAbstractScrollArea)
                if a.isVisible() and a.horizontalScrollBar().isVisible()]

    report = {"screen": size(screen), "opened": size(window.size()), "pages": {}}

    def measure(name: str) -> None:
        window.setGeometry(screen)  # the user makes it fill the screen
        settle()
        page = window.pages.currentWidget()
        report["pages"][name] = {"window": size(window.size()), "window_min": size(window.minimumSizeHint()),
                                 "page_min": size(page.minimumSizeHint()), "sideways": sideways(page)}

    window.show_page(0)
    bank = window.bank_view
    settle(lambda: bank.model.rowCount() > 0)
    bank.table.selectRow(0)
    measure("bank")

    window.show_page(1)
    builder = window.builder_view
    builder.role.setCurrentIndex(builder.role.findData("image-gen-specialist"))  # the longest role name
    builder.interviewers.setValue(3)
    builder.build_loop()
    settle(lambda: not builder.busy and len(builder.drafts) == 3)
    measure("builder")
    report["pages"]["builder"]["panes_scrolling"] = [  # stacked, only the page itself scrolls
        a.accessibleName() for a in builder.findChildren(QScrollArea)
        if a is not builder.page and a.isVisible() and a.verticalScrollBar().isVisible()]

    window.show_page(3)
    candidates = window.candidates_view
    candidates.select("interview", interview_id)
    measure("candidates_scorecard")
    candidates.select("loop", loop_id)
    measure("candidates_loop")
    candidates.select("candidate", candidate_id)
    measure("candidates_decision")

    window.show_page(4)
    insight = window.pages.currentWidget()
    settle(lambda: insight.insight is not None)
    for tab in range(insight.tabs.count()):
        insight.tabs.setCurrentIndex(tab)
        measure(f"insight_{tab}")

    def dialog_report(dialog) -> dict:
        dialog.show()
        settle()
        frame = dialog.frameGeometry()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        return {"min": size(dialog.minimumSizeHint()), "shown": size(dialog.size()),
                "fits": screen.contains(frame), "sideways": sideways(dialog),
                "ok_in_view": ok.isVisible() and dialog.rect().contains(QRect(ok.mapTo(dialog, QPoint(0, 0)), ok.size()))}

    with store.session() as s:
        sealed = iv.sealed_scorecard(s, interview_id)
    amend = AmendDialog(sealed.card, sealed.prompts, sealed.card["interviewer"], lambda **_: None, window,
                        competencies=sealed.competency_names)
    report["amend"] = dialog_report(amend)
    amend.reject()
    area = candidates.decision_area
    decision = RecordDecisionDialog(area.panel, area.viewer, lambda **_: 0, window)
    report["record_decision"] = dialog_report(decision)
    decision.reject()

    window.close()
    store.dispose()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *(int(a) for a in sys.argv[2:5])))
