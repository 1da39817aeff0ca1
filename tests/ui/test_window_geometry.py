"""The main window on any screen: a first start fits the screen it opens on, and a geometry
saved on another screen (a monitor since unplugged, a bigger screen) comes back visible and fitting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication, QRect, QSettings
from PySide6.QtGui import QGuiApplication

from desktop.ui.app import configure_application
from desktop.ui.main_window import MainWindow, fitted_geometry

LAPTOP = QRect(0, 0, 1366, 740)  # a 1366×768 screen less its panel
SECOND = QRect(1366, 0, 1920, 1050)  # a monitor to its right


@pytest.fixture
def settings():
    configure_application(QCoreApplication.instance())
    QSettings().clear()
    yield QSettings()
    QSettings().clear()


def _area():
    return QGuiApplication.primaryScreen().availableGeometry()


def test_the_first_window_fits_the_screen_with_room_around_it(qtbot, store, settings):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    area = _area()
    assert area.contains(window.frameGeometry())
    assert window.width() >= area.width() * 0.7 and window.height() >= area.height() * 0.7  # usable, not tiny


def _saved_at(qtbot, store, rect: QRect) -> QByteArray:
    """The geometry bytes a window at `rect` would have saved (Qt's own format)."""
    donor = MainWindow(store)
    qtbot.addWidget(donor)
    donor.setGeometry(rect)
    return donor.saveGeometry()


@pytest.mark.parametrize("rect", [QRect(3000, 200, 900, 600),  # on a monitor that is gone
                                  QRect(-2500, -1800, 700, 500),  # far up and left
                                  QRect(10, 10, 3800, 2100)])  # from a much bigger screen
def test_a_window_saved_off_this_screen_comes_back_visible_and_fitting(qtbot, store, settings, rect):
    settings.setValue("main_window/geometry", _saved_at(qtbot, store, rect))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert _area().contains(window.geometry()), (window.geometry(), _area())


def test_a_window_that_fits_comes_back_exactly_where_it_was(qtbot, store, settings):
    settings.setValue("main_window/geometry", _saved_at(qtbot, store, QRect(40, 50, 700, 500)))
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert window.geometry() == QRect(40, 50, 700, 500)


def test_fitting_across_several_screens():
    screens = [LAPTOP, SECOND]
    on_second = QRect(1500, 100, 1200, 800)
    assert fitted_geometry(on_second, screens, LAPTOP) == on_second  # fits where it is: kept
    gone = fitted_geometry(QRect(4000, 100, 1200, 800), screens, LAPTOP)  # a third monitor, unplugged
    assert LAPTOP.contains(gone) and gone.size().width() <= 1366 and gone.center() == LAPTOP.center()
    big = fitted_geometry(QRect(1400, 0, 2500, 1400), screens, LAPTOP)  # mostly on the second, too big
    assert SECOND.contains(big) and big.width() == int(1920 * 0.9)
    straddling = fitted_geometry(QRect(1000, 300, 800, 600), screens, LAPTOP)  # half off the laptop
    assert any(s.contains(straddling) for s in screens) and straddling.size() == QRect(0, 0, 800, 600).size()
