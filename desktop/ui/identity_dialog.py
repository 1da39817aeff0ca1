"""Who you are: asked on the first start, before the window opens, and kept in Preferences.

Every access rule (`desktop.core.interviewing.access`) is about a name: whose interview you may
continue, whose ratings you may see. The app never runs without one; Cancel quits.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop import APP_NAME
from desktop.core.storage.preferences import load_preferences, save_preferences


class IdentityDialog(QDialog):
    """Asks for the interviewer name; OK only once one is typed. Accepting saves it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setObjectName("identity_dialog")
        intro = QLabel("What is your name? Interviews you hold carry it, and it decides what you may "
                       "see: your own interviews to continue, and others' ratings once the rules allow. "
                       "You can change it later in Preferences.")
        intro.setWordWrap(True)
        intro.setAccessibleName("Why your name is needed")
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name as interviewer")
        self.name.setPlaceholderText("e.g. Rita Moreno")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Continue")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self._update_ok()

    @property
    def typed_name(self) -> str:
        return " ".join(self.name.text().split())

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.typed_name))

    def accept(self) -> None:
        if not self.typed_name:  # (Return in an empty field)
            return
        prefs = load_preferences()
        prefs.interviewer_name = self.typed_name
        save_preferences(prefs)
        super().accept()


def ensure_identity(parent: QWidget | None = None) -> str | None:
    """The interviewer name from Preferences, asking for it first when there is none; None when
    the user quits instead."""
    name = " ".join(load_preferences().interviewer_name.split())
    if name:
        return name
    dialog = IdentityDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.typed_name
