"""Light and dark themes: readable text in both, colours only from the palette or the theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette

from desktop.core.storage.preferences import Preferences, load_preferences, save_preferences
from desktop.ui import theme
from desktop.ui.candidates_model import RECOMMENDATION_COLORS, STATUS_COLORS
from desktop.ui.dialogs import PreferencesDialog

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3}(?:[0-9a-fA-F]{2})?)?\b")


@pytest.fixture
def light_after(qapp):
    yield qapp
    theme.apply_theme(qapp, "light")  # the other tests run in the light theme


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_reads_on_its_background(scheme):
    colours = theme.SCHEMES[scheme]
    low = {(fg, bg): round(theme.contrast_ratio(colours[fg], colours[bg]), 2) for fg, bg in theme.TEXT_ON
           if theme.contrast_ratio(colours[fg], colours[bg]) < 4.5}
    assert low == {}
    # the Candidates tree's recommendation and status colours are among the checked ones
    checked = {fg for fg, _ in theme.TEXT_ON}
    assert set(RECOMMENDATION_COLORS.values()) | set(STATUS_COLORS.values()) <= checked


def test_the_contrast_ratio_is_wcag():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_no_hex_colour_outside_the_theme_module():
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in sorted((ROOT / "desktop" / "ui").rglob("*.py")) if p.name != "theme.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if HEX.search(line.split("  # ")[0]) and not line.lstrip().startswith("#")]
    found += [f"{p.relative_to(ROOT)}: {m.group()}" for p in (ROOT / "resources" / "styles").glob("*.qss")
              for m in HEX.finditer(p.read_text(encoding="utf-8"))]
    assert found == []


def test_the_theme_preference_defaults_to_the_system_and_is_kept(tmp_path):
    path = tmp_path / "preferences.json"
    assert load_preferences(path).theme == "system"
    save_preferences(Preferences(theme="dark"), path)
    assert load_preferences(path).theme == "dark"


def test_choosing_dark_in_preferences_applies_it_at_once(qtbot, light_after):
    save_preferences(Preferences(interviewer_name="Rita"))  # (the app never runs without a name)
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert load_preferences().theme == "dark"
    window = light_after.palette().color(QPalette.ColorRole.Window)
    text = light_after.palette().color(QPalette.ColorRole.WindowText)
    assert window.lightness() < 60 and text.lightness() > 200
    assert theme.color("good").name() == theme.SCHEMES["dark"]["good"]


def test_system_follows_the_colour_scheme_the_system_reports(qapp, light_after, monkeypatch):
    from PySide6.QtCore import Qt
    hints = qapp.styleHints()
    monkeypatch.setattr(type(hints), "colorScheme", lambda _self: Qt.ColorScheme.Dark)
    assert theme.apply_theme(qapp, "system") == "dark"
    monkeypatch.setattr(type(hints), "colorScheme", lambda _self: Qt.ColorScheme.Light)
    assert theme.apply_theme(qapp, "system") == "light"
    assert theme.apply_theme(qapp, "dark") == "dark"  # a choice beats the system


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_box_edges_and_ticks_stand_out_from_what_they_sit_on(scheme):
    colours = theme.SCHEMES[scheme]
    low = {(fg, bg): round(theme.contrast_ratio(colours[fg], colours[bg]), 2) for fg, bg in theme.INDICATOR_ON
           if theme.contrast_ratio(colours[fg], colours[bg]) < theme.CONTROL_CONTRAST}
    assert low == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_ticked_pin_in_a_selected_row_is_seen(qtbot, light_after, scheme):
    """The Builder's Pin column: a ticked box in the selected row was the highlight colour on the
    highlight (invisible); now, ticked or not, its box stands out of the row (>= 3:1)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    from desktop.core.storage import paths

    light_after.setStyleSheet((paths.resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8"))
    theme.apply_theme(light_after, scheme)
    table = QTableWidget(2, 2)
    qtbot.addWidget(table)
    for row, state in enumerate((Qt.CheckState.Checked, Qt.CheckState.Unchecked)):
        item = QTableWidgetItem("")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(state)
        table.setItem(row, 0, item)
    table.resize(300, 200)
    table.show()
    qtbot.waitExposed(table)
    row_colour = theme.SCHEMES[scheme]["highlight"]
    for row in (0, 1):
        table.clearSelection()
        table.selectRow(row)
        image = table.viewport().grab().toImage()
        cell = table.visualItemRect(table.item(row, 0))
        best = max(theme.contrast_ratio(QColor(image.pixel(x, y)).name(), row_colour)
                   for x in range(cell.left() + 1, cell.left() + 24) for y in range(cell.top() + 1, cell.bottom()))
        assert best >= theme.CONTROL_CONTRAST, (scheme, row)
