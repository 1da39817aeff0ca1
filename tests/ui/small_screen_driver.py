"""Driver for the 200% test: the real main window in its own process, on the screen it is given
(the test runs it with QT_SCALE_FACTOR=2 on a 1280x800 offscreen screen).

    python -m tests.ui.small_screen_driver DB_FILE INTERVIEW_ID

Opens the window as the app does, shows the Interview page with the interview, makes the window
as large as the screen, and prints one line of JSON: the screen, the window and their minimum
sizes, and on the question and on the wrap-up page what scrolls sideways and which controls
are not wholly in view.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db_file: str, interview_id: int) -> int:
    from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSettings
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea

    from desktop.core.storage.store import Store
    from desktop.ui.app import configure_application
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    QSettings().clear()
    store = Store(db_file)
    window = MainWindow(store)
    window.show()

    def settle() -> None:
        for _ in range(10):  # layouts queued, then the ones they queued
            QCoreApplication.processEvents()

    def size(s) -> list[int]:
        return [s.width(), s.height()]

    def sideways() -> list[str]:
        return [a.accessibleName() for a in view.findChildren(QAbstractScrollArea)
                if a.isVisible() and a.horizontalScrollBar().isVisible()]

    def out_of_view(widgets) -> list[str]:
        """Those not wholly shown: off the window, or clipped by a scroll area they are in."""
        def whole(w) -> bool:
            rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
            return w.isVisible() and window.rect().contains(rect) and w.visibleRegion().boundingRect() == w.rect()
        return [w.accessibleName() for w in widgets if not whole(w)]

    window.show_page(2)
    view = window.interview_view
    view.open_interview(interview_id)
    window.setGeometry(window.screen().availableGeometry())  # the user makes it fill the screen
    settle()
    report = {"screen": size(window.screen().availableGeometry()), "window": size(window.size()),
              "window_min": size(window.minimumSizeHint()), "view_min": size(view.minimumSizeHint()),
              "compact": view.rating_bar.compact}

    two_points = []
    for position in range(len(view.live.questions)):
        view.go_to(position)
        settle()
        first, second = (check.parentWidget() for check in view.rubric_checks[:2])
        viewport = view.question_scroll.viewport()
        shown = second.mapTo(viewport, QPoint(0, second.height())).y() - first.mapTo(viewport, QPoint(0, 0)).y()
        two_points.append(shown <= viewport.height())
    report["question"] = {"sideways": sideways(), "two_points": two_points,
                          "out_of_view": out_of_view([*view.rating_bar.buttons.values(), view.notes,
                                                      view.previous_button, view.next_button]),
                          "notes_lines": view.notes.height() / view.notes.fontMetrics().lineSpacing()}

    view.go_to(10**6)  # the wrap-up
    settle()
    hidden = out_of_view([view.submit_button])
    for widget in (*view.recommendation_buttons.values(), view.summary):  # reachable by scrolling up and down
        for area in view.findChildren(QScrollArea):
            if area.widget() is not None and area.widget().isAncestorOf(widget):
                top = widget.mapTo(area.widget(), QPoint(0, 0)).y()
                area.ensureVisible(0, top + widget.height(), 0, 0)  # its bottom, then its top
                area.ensureVisible(0, top, 0, 0)
        settle()
        hidden += out_of_view([widget])
    report["wrap_up"] = {"sideways": sideways(), "out_of_view": hidden,
                         "window_min": size(window.minimumSizeHint())}
    view.flush()
    window.close()
    store.dispose()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
