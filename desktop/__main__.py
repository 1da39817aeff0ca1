"""`python -m desktop` and the `interview-desk` console script."""

import os
import sys

# Set (to anything but "" or "0"), `gui` quits once its main window is on screen: exit 0 when it
# was shown, 1 when an error box came up instead. For smoke checks of a build (packaging/).
QUIT_AFTER_SHOWN_VAR = "INTERVIEW_DESK_QUIT_AFTER_SHOWN"


def _gui(db_url: str | None) -> int:
    # Before Qt loads: its answer to a missing library or display is an abort.
    from desktop import platform_check

    if problem := platform_check.problem():
        print(problem, file=sys.stderr)
        return 1
    from desktop.ui.app import run  # Qt is loaded only when the app opens

    if os.environ.get(QUIT_AFTER_SHOWN_VAR, "0") not in ("", "0"):
        _quit_once_shown()
    return run(db_url)


def _quit_once_shown() -> None:
    """Create the QApplication that `run` will reuse, with a check on each event-loop turn."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def check() -> None:
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        if any(isinstance(w, QMessageBox) and w.icon() == QMessageBox.Icon.Critical for w in shown):
            app.exit(1)  # an error box ("could not open its database"), over the window's shell
        elif any(isinstance(w, QMainWindow) and getattr(w, "store", None) is not None
                 and getattr(w, "bank_count", 0) > 0 for w in shown):
            # (shown with its database open and the bundled bank in: the shell painted before
            # either is not enough)
            print(f"{app.applicationName()}: main window shown; quitting ({QUIT_AFTER_SHOWN_VAR})")
            app.exit(0)
        elif asking := [w for w in shown if w.objectName() == "identity_dialog"]:
            asking[0].name.setText("Smoke Check")  # a first start asks your name first; answer it
            asking[0].accept()
            QTimer.singleShot(10, check)
        else:  # events processed before the window is ready (or another question first): look again
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)


def _opens_the_app(argv: list[str]) -> tuple[bool, str | None]:
    """(True, db) for the plain ways of opening the app: ``[--db URL] [gui]``. Anything else,
    --help and mistakes included, goes to the command line, which says the same for these."""
    db = None
    rest = list(argv)
    if rest and rest[0].startswith("--db="):
        db = rest.pop(0).removeprefix("--db=")
    elif len(rest) >= 2 and rest[0] == "--db" and not rest[1].startswith("-"):
        db = rest[1]
        del rest[:2]
    return rest in ([], ["gui"]), db or None


def main() -> int:
    opens_app, db_url = _opens_the_app(sys.argv[1:])
    if opens_app:  # the command line (argparse and every command's imports) is not needed
        return _gui(db_url)
    from desktop.core.cli import main as cli_main

    return cli_main(sys.argv[1:], gui=_gui)


if __name__ == "__main__":
    sys.exit(main())
