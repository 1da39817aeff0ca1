"""What the window says about its database: read-only in one line, and never the password."""

from __future__ import annotations

import os
from types import SimpleNamespace

from PySide6.QtWidgets import QLabel

from desktop.ui.app import open_store, show_read_only_banner
from desktop.ui.dialogs import AboutDialog
from desktop.ui.main_window import MainWindow


def test_a_locked_database_opens_with_a_read_only_banner(qtbot, db_path):
    os.chmod(db_path, 0o444)
    try:
        store = open_store(str(db_path))
        window = MainWindow(store)
        qtbot.addWidget(window)
        show_read_only_banner(window, store)
        window.show()
        banner = window.findChild(QLabel, "readOnlyBanner")
        assert banner is not None and banner.isVisible()
        assert banner.text() == store.read_only_notice and "read-only" in banner.text()
        store.dispose()
    finally:
        os.chmod(db_path, 0o600)


def test_a_writable_database_has_no_banner(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    show_read_only_banner(window, store)
    assert window.findChild(QLabel, "readOnlyBanner") is None


def test_about_names_the_database_without_its_password(qtbot):
    dialog = AboutDialog(SimpleNamespace(url="postgresql://team:s3cret@db.example/desk"))
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "team:***@db.example" in texts and "s3cret" not in texts
