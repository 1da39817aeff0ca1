"""The anchored 1-4 rating scale, with each value's meaning on screen, plus "Skipped".

The meanings are the current question's own anchors (what a 1, 2, 3, 4 answer looks like for
it); a question without them shows the global scale."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from desktop.core.interviewing import RATING_ANCHORS
from desktop.ui.widgets import elided_lines

SKIPPED = 0  # button id of "Skipped" in the group
MIN_HEIGHT = 70
COMPACT_LINES = 2  # a short window: the number and its anchor in two lines, the second cut short
NARROW_CHARS = 12  # a compact button with room for fewer characters a line shows its number only


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
        self.compact = False
        for value in [*RATING_ANCHORS, SKIPPED]:
            button = QPushButton()
            button.setCheckable(True)
            button.setObjectName(f"rating_{value}" if value else "rating_skipped")
            button.setToolTip(self._keys(value))
            # Share the width instead of demanding it: a narrow window still fits the scale.
            button.setMinimumWidth(48)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.group.addButton(button, value)
            self.buttons[value] = button
            layout.addWidget(button, 3 if value else 1)  # the anchors need the room; "Skipped" does not
        self.group.idClicked.connect(self._clicked)
        self.set_anchors(RATING_ANCHORS)

    def set_anchors(self, anchors: dict[int, str]) -> None:
        """What each rating means for the question on screen (1..4 -> text)."""
        self.anchors = {**{v: anchors.get(v, RATING_ANCHORS[v]) for v in RATING_ANCHORS}, SKIPPED: "Skipped"}
        for value, button in self.buttons.items():
            button.setAccessibleName(f"Rate {value}: {self.anchors[value]}" if value else "Mark as skipped")
        self._wrap()

    def set_compact(self, compact: bool) -> None:
        """On a short window (small screen, 200% scale) each button takes two lines, its number
        and the start of its anchor, ending in "…" (whole in its tooltip and accessible name),
        so the question and rubric show."""
        if compact != self.compact:
            self.compact = compact
            self._wrap()

    def full_height(self) -> int:
        """How tall the buttons are with every anchor in full, at their present widths."""
        return self._height(max(len(lines) for lines in self._full_lines().values()) + 1, MIN_HEIGHT)

    def resizeEvent(self, event) -> None:
        """Wrap each anchor to its button's width, so every word stays readable."""
        super().resizeEvent(event)
        self._wrap()

    def _room(self, button: QPushButton) -> int:
        # the button's own margins; before the first layout, a typical width
        return button.width() - 12 if button.testAttribute(Qt.WidgetAttribute.WA_Resized) else 140

    def _full_lines(self) -> dict[int, list[str]]:
        return {value: wrap_words(self.anchors[value], self._room(button), button.fontMetrics())
                for value, button in self.buttons.items()}

    def _height(self, lines: int, minimum: int) -> int:
        return max(minimum, lines * self.fontMetrics().lineSpacing() + 18)

    def _wrap(self) -> None:
        """Each anchor wrapped to its button, every button as tall as the longest one needs."""
        if self.compact:
            texts = {value: self._compact_text(value, button) for value, button in self.buttons.items()}
            lines = max(text.count("\n") + 1 for text in texts.values())
        else:
            full = self._full_lines()
            texts = {value: "\n".join([str(value) if value else "0 / S", *wrapped]) for value, wrapped in full.items()}
            lines = max(len(wrapped) for wrapped in full.values()) + 1
        for value, button in self.buttons.items():
            button.setText(texts[value])
            button.setToolTip(self._keys(value) + (f"\n{self.anchors[value]}" if self.compact and value else ""))
        height = self._height(lines, 0 if self.compact else MIN_HEIGHT)
        for button in self.buttons.values():
            button.setFixedHeight(height)

    def _compact_text(self, value: int, button: QPushButton) -> str:
        """"1: Always picks the newest or / largest model, or deci…": the number leads the
        anchor, wrapped to two lines, the second cut short; a narrow button only the number."""
        metrics, room = button.fontMetrics(), self._room(button)
        if room < metrics.averageCharWidth() * NARROW_CHARS:  # "Describ…" says nothing: the number only
            return str(value) if value else "Skip"
        if not value:
            return "0 / S\nSkipped"
        return "\n".join(elided_lines(f"{value}: {self.anchors[value]}", room, metrics, COMPACT_LINES))

    @staticmethod
    def _keys(value: int) -> str:
        return f"Key {value} (Alt+{value} in the notes box)" if value else "Key 0 or S (Alt+0 in the notes box)"

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
