"""The anchored 1-4 rating scale, with each value's meaning on screen, plus "Skipped"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from desktop.core.interviewing import RATING_ANCHORS

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
        self.anchors: dict[int, str] = {}
        for value, anchor in [*RATING_ANCHORS.items(), (SKIPPED, "Skipped")]:
            self.anchors[value] = anchor
            button = QPushButton(self._label(value, [anchor]))
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

    @staticmethod
    def _label(value: int, lines: list[str]) -> str:
        return "\n".join([str(value) if value else "0 / S", *lines])

    def resizeEvent(self, event) -> None:
        """Wrap each anchor to its button's width, so every word stays readable."""
        super().resizeEvent(event)
        for value, button in self.buttons.items():
            room = button.width() - 12  # the button's own margins
            button.setText(self._label(value, wrap_words(self.anchors[value], room, button.fontMetrics())))

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


def wrap_words(text: str, width: int, metrics: QFontMetrics) -> list[str]:
    """Word wrap to `width` pixels in as few lines as a greedy wrap needs, with the lines as
    even as possible ("Solid, covers / the key points", not "Solid, covers the key / points")."""
    lines = _greedy(text, width, metrics)
    narrow, wide = 1, max(1, width)
    while narrow < wide:  # the narrowest width that still needs no more lines
        middle = (narrow + wide) // 2
        if len(_greedy(text, middle, metrics)) <= len(lines):
            wide = middle
        else:
            narrow = middle + 1
    return _greedy(text, wide, metrics)


def _greedy(text: str, width: int, metrics: QFontMetrics) -> list[str]:
    """Fill each line before starting the next; a word wider than `width` gets its own line."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines
