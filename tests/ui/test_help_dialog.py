"""Help names every page of the window and every command of the command line."""

from __future__ import annotations

from desktop.ui.dialogs import HelpDialog
from desktop.ui.main_window import MainWindow


def test_help_names_every_page_with_its_key_and_every_command(qtbot):
    from desktop.core.cli import build_parser

    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = " ".join(dialog.browser.toPlainText().split())
    for row, page in enumerate(MainWindow.PAGES):
        assert f"{page} (Ctrl+{row + 1})" in text
    commands = build_parser().format_help()
    listed = text.split("lists the commands: ", 1)[1].split(".")[0].split(", ")
    for name in ("validate", "import", "search", "build-set", "build-loop", "decide", "verify", "insight",
                 "simulate", "export", "demo"):
        assert name in commands and name in listed, name
