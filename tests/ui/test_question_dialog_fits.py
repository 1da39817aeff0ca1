"""The question dialog on a small screen: with every problem listed it still fits the screen,
and Save is on it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from desktop.ui.question_dialog import QuestionDialog


def test_a_new_question_with_problems_still_fits_the_screen_and_save_is_on_it(qtbot, store):
    dialog = QuestionDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.id_edit.setText("Not An Id!")
    dialog.related_edit.setText("nope-1, nope-2")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()  # everything else empty
    assert dialog.errors.isVisible() and dialog.errors.text().count("•") >= 4
    qtbot.waitUntil(lambda: dialog.layout().geometry().height() > 0)
    area = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= area.height(), (dialog.frameGeometry(), area)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    bottom = save.mapTo(dialog, save.rect().bottomLeft()).y()
    assert save.isVisible() and bottom < dialog.height()
    assert dialog.minimumSizeHint().height() <= area.height()
