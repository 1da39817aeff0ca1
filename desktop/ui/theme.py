"""Light and dark: the one place colours are defined.

The app follows the system colour scheme (Qt 6.5+) unless Preferences says Light or Dark.
Widgets take colours from the palette (or `palette(...)` in the stylesheet); the states the
palette has no role for (good / warning / bad, a search mark) are named here, with a light and
a dark value, read through `color()` / `css()` at paint time so a switch repaints right.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

R = QPalette.ColorRole
PALETTE_ROLES = {
    "window": R.Window, "window_text": R.WindowText, "base": R.Base, "alternate_base": R.AlternateBase,
    "text": R.Text, "button": R.Button, "button_text": R.ButtonText, "highlight": R.Highlight,
    "highlighted_text": R.HighlightedText, "placeholder": R.PlaceholderText, "tooltip_base": R.ToolTipBase,
    "tooltip_text": R.ToolTipText, "link": R.Link, "bright_text": R.BrightText, "light": R.Light,
    "midlight": R.Midlight, "mid": R.Mid, "dark": R.Dark, "shadow": R.Shadow,
}

SCHEMES: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f4f5f7", "window_text": "#1c2329", "base": "#ffffff", "alternate_base": "#eceff2",
        "text": "#1c2329", "button": "#e6e9ed", "button_text": "#1c2329", "highlight": "#2f5d8a",
        "highlighted_text": "#ffffff", "placeholder": "#56616b", "tooltip_base": "#fdfdf2",
        "tooltip_text": "#1c2329", "link": "#1f5aa0", "bright_text": "#ffffff", "light": "#ffffff",
        "midlight": "#dde1e6", "mid": "#b4bac1", "dark": "#8a9099", "shadow": "#5b636b",
        # states with no palette role
        "good": "#1e6b30", "warning": "#8a4b00", "bad": "#b3261e", "info": "#2f5d8a", "muted": "#56616b",
        "mark": "#fff2a8",
    },
    "dark": {
        "window": "#1f2429", "window_text": "#e4e8ec", "base": "#161a1e", "alternate_base": "#262c32",
        "text": "#e4e8ec", "button": "#2c3339", "button_text": "#e4e8ec", "highlight": "#2f6496",
        "highlighted_text": "#ffffff", "placeholder": "#9ba6b1", "tooltip_base": "#2c3339",
        "tooltip_text": "#e4e8ec", "link": "#8cbcf0", "bright_text": "#ffffff", "light": "#3a424a",
        "midlight": "#323a41", "mid": "#4a535c", "dark": "#101316", "shadow": "#000000",
        "good": "#7ccf8c", "warning": "#f0b060", "bad": "#ff8f85", "info": "#8cbcf0", "muted": "#9ba6b1",
        "mark": "#5e4f00",
    },
}

# Every text colour the theme defines, on the background it is drawn on (checked >= 4.5:1).
STATUS = ("good", "warning", "bad", "info", "muted")
TEXT_ON = ([("window_text", "window"), ("text", "base"), ("text", "alternate_base"),
            ("button_text", "button"), ("highlighted_text", "highlight"), ("placeholder", "base"),
            ("placeholder", "window"), ("tooltip_text", "tooltip_base"), ("link", "base"), ("text", "mark")]
           + [(s, bg) for s in STATUS for bg in ("base", "window", "alternate_base")])

# Check box indicators (resources/styles/app.qss) against what they sit on: a control's edge
# needs 3:1 (WCAG 1.4.11). Unticked: a placeholder-coloured edge; ticked: filled with the text
# colour; in a selected row both in the highlighted-text colour on the highlight.
INDICATOR_ON = ([(edge, bg) for edge in ("placeholder", "text") for bg in ("base", "alternate_base", "window")]
                + [("highlighted_text", "highlight")])
CONTROL_CONTRAST = 3.0

THEMES = ("system", "light", "dark")
_current = "light"


def scheme_for(choice: str) -> str:
    """"light" or "dark": the choice, or for "system" what the system uses now."""
    if choice in ("light", "dark"):
        return choice
    app = QGuiApplication.instance()
    if app is not None and app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def palette_for(scheme: str) -> QPalette:
    palette = QPalette()
    for name, role in PALETTE_ROLES.items():
        color = QColor(SCHEMES[scheme][name])
        palette.setColor(role, color)
        if role in (R.WindowText, R.Text, R.ButtonText):  # disabled text: readable, clearly off
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(SCHEMES[scheme]["placeholder"]))
    return palette


def apply_theme(app, choice: str = "system") -> str:
    """Give the app the palette of `choice` and re-read the stylesheet (its palette(...) colours)."""
    global _current
    _current = scheme_for(choice)
    if _current == "dark" and app.style().name().lower() in ("windowsvista", "windows11"):
        app.setStyle("Fusion")  # the native Windows styles ignore a dark palette
    app.setPalette(palette_for(_current))
    app.setStyleSheet(app.styleSheet())
    return _current


def follow_system(app, choice_now) -> None:
    """Re-apply when the system scheme changes, while the user's choice is "system"."""
    def changed(_scheme) -> None:
        choice = choice_now()
        if choice == "system":
            apply_theme(app, choice)
    app.styleHints().colorSchemeChanged.connect(changed)


def current() -> str:
    return _current


def color(name: str) -> QColor:
    """A named state colour (good, warning, bad, info, muted, mark) in the current scheme."""
    return QColor(SCHEMES[_current][name])


def css(name: str) -> str:
    """The same, for rich text and widget stylesheets."""
    return SCHEMES[_current][name]


def relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance."""
    c = QColor(hex_color)
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
