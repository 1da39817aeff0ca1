"""Small widget helpers the views share: a named label and a named button."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton


def make_label(text: str = "", name: str = "", *, wrap: bool = False, selectable: bool = False,
          role: str | None = None, size: float | None = None, bold: bool = False, rich: bool = False) -> QLabel:
    """A label for text; `role` is the style sheet's property (heading, hint, ...)."""
    widget = QLabel(text)
    # Names, prompts and notes are user text: "<think>" or "a<b" must show as typed.
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if name:
        widget.setAccessibleName(name)
    widget.setWordWrap(wrap)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        widget.setProperty("role", role)
    if size or bold:
        font = QFont(widget.font())
        if size:
            font.setPointSizeF(size)
        font.setBold(bold)
        widget.setFont(font)
    return widget


def make_button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    widget.clicked.connect(slot)
    return widget
