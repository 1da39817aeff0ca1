"""The anchored 1-4 rating scale, with each value's meaning on screen, plus "Skipped"."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from desktop.core.interviews import RATING_ANCHORS

SKIPPED = 0  # button id of "Skipped" in the group


class RatingBar(QWidget):
    """Five exclusive toggles: 1..4 and Skipped. Emits (rating or None, skipped)."""

    changed = Signal(object, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # clicking the chosen value again clears it
        self.buttons: dict[int, QPushButton] = {}
        for value, anchor in [*RATING_ANCHORS.items(), (SKIPPED, "Skipped")]:
            # Wrapped on two lines so every anchor stays readable when the buttons share a row.
            text = f"{value}\n{textwrap.fill(anchor, 18)}" if value else "0 / S\nSkipped"
            button = QPushButton(text)
            button.setCheckable(True)
            button.setObjectName(f"rating_{value}" if value else "rating_skipped")
            button.setAccessibleName(f"Rate {value}: {anchor}" if value else "Mark as skipped")
            button.setToolTip(f"Key {value} (Alt+{value} in the notes box)" if value
                              else "Key 0 or S (Alt+0 in the notes box)")
            button.setMinimumHeight(70)
            # Share the width instead of demanding it: a narrow window still fits the scale.
            button.setMinimumWidth(48)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.group.addButton(button, value)
            self.buttons[value] = button
            layout.addWidget(button, 3 if value else 2)
        self.group.idClicked.connect(self._clicked)

    def set_value(self, rating: int | None, skipped: bool) -> None:
        for value, button in self.buttons.items():
            button.setChecked(value == SKIPPED if skipped else value == rating)

    def choose(self, value: int) -> None:
        """Pick a value (from a key press) as if its button was clicked to on."""
        for other, button in self.buttons.items():
            button.setChecked(other == value)
        self._emit()

    def _clicked(self, value: int) -> None:
        checked = self.buttons[value].isChecked()
        for other, button in self.buttons.items():
            if other != value:
                button.setChecked(False)
        self.buttons[value].setChecked(checked)
        self._emit()

    def _emit(self) -> None:
        chosen = next((v for v, b in self.buttons.items() if b.isChecked()), None)
        if chosen == SKIPPED:
            self.changed.emit(None, True)
        else:
            self.changed.emit(chosen, False)
