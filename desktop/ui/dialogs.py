"""About, Help and Preferences."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QCheckBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.core.storage.preferences import load_preferences, locale_page_size, save_preferences
from desktop.ui import theme
from desktop.core.storage.store import Store
from desktop.core.storage.urls import redacted_url

HELP_HTML = f"""
<h2>{APP_NAME}</h2>
<p>Everything works offline, on this computer. The database is a single file in your user data
folder, readable only by you.</p>
<h3>The five workflows</h3>
<ul>
<li><b>Bank</b> (Ctrl+1) &mdash; search the question bank as you type; filter by difficulty, kind,
topic and role; add, edit, duplicate or retire questions; add questions to the set you are building.</li>
<li><b>Builder</b> (Ctrl+2) &mdash; pick a role, a level and a length; generate a balanced set or a
whole loop for several interviewers; reorder, pin, swap; save and print packets.</li>
<li><b>Interview</b> (Ctrl+3) &mdash; one question at a time; keys 1&ndash;4 rate (Alt+1&ndash;4
while typing notes), 0 or S skips, Alt+&rarr; / Alt+&larr; move; tick the rubric as the candidate
covers each point; every keystroke is saved within half a second. Set Aside leaves an interview for
later; the Interview page lists every unfinished one to continue.</li>
<li><b>Candidates &amp; Scorecards</b> (Ctrl+4) &mdash; candidates, loops, interviews and their status;
sealed scorecards, amendments and the loop debrief.</li>
<li><b>Insight</b> (Ctrl+5) &mdash; how lenient or strict each interviewer rates, which questions
tell candidates apart or drift, and how many interviewers a loop needs to be reliable.</li>
</ul>
<h3>Rating scale</h3>
<ol>
<li>No evidence</li><li>Partial, with gaps</li><li>Solid, covers the key points</li>
<li>Exceptional, beyond the rubric</li>
</ol>
<h3>Command line</h3>
<p><code>interview-desk --help</code> lists the commands: {{commands}}.</p>
"""


def command_names() -> list[str]:
    """The command line's commands, as its parser has them (so the help never lists fewer)."""
    import argparse

    from desktop.core.cli import build_parser

    found = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return [name for name in found[0].choices if name != "gui"] if found else []


class AboutDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.windowIcon().pixmap(64, 64))
        icon.setAccessibleName("Application icon")
        header.addWidget(icon)
        title = QLabel(f"<h2>{APP_NAME}</h2><p>Version {__version__}</p>")
        title.setAccessibleName("Application name and version")
        details = QLabel(
            "Interview question bank, set builder, live interview notes and printable "
            "scorecards, all offline.<br><br>"
            f"Database: {redacted_url(store.url)}<br>"
            f"Qt {qVersion()} · PySide6 {getattr(QtCore, '__version__', qVersion())}"
        )
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.setAccessibleName("Application details")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.setAccessibleName("Close")
        header.addWidget(title, 1)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addWidget(details)
        layout.addWidget(buttons)
        self.version_label = title


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} Help")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        browser = self.browser = QTextBrowser()
        browser.setAccessibleName("Help text")
        browser.setHtml(HELP_HTML.replace("{commands}", ", ".join(command_names())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(browser)
        layout.addWidget(buttons)


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.prefs = load_preferences()
        form = QFormLayout()
        self.interviewer = QLineEdit(self.prefs.interviewer_name)
        self.interviewer.setAccessibleName("Your name as interviewer")
        self.interviewer.setPlaceholderText("Used when you start an interview")
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Paper size")
        self.page_size.addItem(f"From the locale ({locale_page_size().upper()})", "")
        self.page_size.addItem("A4", "a4")
        self.page_size.addItem("US Letter", "letter")
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(self.prefs.page_size)))
        self.anonymous = QCheckBox("Hide candidate names on exported PDFs")
        self.anonymous.setAccessibleName("Hide candidate names on exports")
        self.anonymous.setChecked(self.prefs.anonymous_exports)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Colour theme")
        self.theme.addItem("System", "system")
        self.theme.addItem("Light", "light")
        self.theme.addItem("Dark", "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.prefs.theme)))
        form.addRow("Interviewer name:", self.interviewer)
        form.addRow("Paper size:", self.page_size)
        form.addRow("", self.anonymous)
        form.addRow("Theme:", self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # The app never runs without a name (identity_dialog): it can change, not go.
        self.interviewer.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(bool(self.interviewer.text().strip()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.interviewer.text().strip():
            return
        self.prefs.interviewer_name = " ".join(self.interviewer.text().split())
        self.prefs.page_size = self.page_size.currentData()
        self.prefs.anonymous_exports = self.anonymous.isChecked()
        self.prefs.theme = self.theme.currentData()
        save_preferences(self.prefs)
        app = QApplication.instance()
        if app is not None:
            theme.apply_theme(app, self.prefs.theme)  # at once, no restart
        super().accept()
