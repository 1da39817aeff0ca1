"""Exporting from the app: the file is written off the GUI thread, then previewed with Open/Save As."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QComboBox, QMessageBox, QWidget

from desktop.ui import export_actions
from tests.core.pdf_fixtures import loop_data  # noqa: F401


def test_export_scorecard_writes_the_file_and_previews_every_page(qtbot, store, loop_data, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen = tmp_path / "card"  # no suffix typed: .pdf is added
    monkeypatch.setattr(export_actions, "ask_save_path", lambda *a: str(chosen))
    job = export_actions.export_pdf(parent, store, "scorecard", loop_data.interview_ids[0])
    with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
        pass
    written = tmp_path / "card.pdf"
    assert blocker.args == [str(written)]
    assert written.read_bytes().startswith(b"%PDF")
    preview = job.preview
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: len(preview.page_labels) > 0, timeout=20000)
    assert all(not label.pixmap().isNull() for label in preview.page_labels)
    assert preview.info.text().startswith(f"{len(preview.page_labels)} pages")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(preview.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(written)]
    copy = preview.copy_to(tmp_path / "copy")
    assert copy.name == "copy.pdf" and copy.read_bytes() == written.read_bytes()
    for widget in preview.findChildren(QAbstractButton) + preview.findChildren(QComboBox):
        assert widget.accessibleName(), widget


def test_cancelling_the_file_dialog_exports_nothing(qtbot, store, loop_data, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(export_actions, "ask_packet_path", lambda *a: ("", True))
    assert export_actions.export_pdf(parent, store, "packet", loop_data.set_ids[0]) is None
    assert not list(tmp_path.glob("*.pdf"))


def test_a_failed_export_says_why_and_leaves_no_file(qtbot, store, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    job = export_actions.export_pdf(parent, store, "debrief", 4242, path=tmp_path / "d.pdf")
    with qtbot.waitSignal(job.failed, timeout=20000) as blocker:
        pass
    assert blocker.args == ["no candidate with id 4242"]
    assert warnings == ["The PDF was not exported: no candidate with id 4242"]
    assert not (tmp_path / "d.pdf").exists() and job.preview is None


def test_preferences_choose_page_size_and_anonymity(qtbot, store, loop_data, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from desktop.core.storage.preferences import Preferences

    monkeypatch.setattr(export_actions, "load_preferences",
                        lambda: Preferences(page_size="letter", anonymous_exports=True))
    parent = QWidget()
    qtbot.addWidget(parent)
    job = export_actions.export_pdf(parent, store, "debrief", loop_data.candidate_id, path=tmp_path / "d.pdf")
    job.show_preview = False
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    reader = PdfReader(tmp_path / "d.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Amélie" not in reader.pages[0].extract_text()
    assert job.preview is None  # no preview was asked for


def test_a_packet_prints_model_answers_only_when_the_box_is_ticked(qtbot, store, loop_data, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from desktop.core.storage.models import InterviewSet

    with store.session() as s:
        answers = [i.question.answer.strip() for i in s.get(InterviewSet, loop_data.set_ids[0]).items
                   if (i.question.answer or "").strip()]
    assert answers  # the bundled bank has model answers for these questions
    parent = QWidget()
    qtbot.addWidget(parent)
    texts = {}
    for ticked in (False, True):
        path = tmp_path / f"packet-{ticked}.pdf"
        monkeypatch.setattr(export_actions, "ask_packet_path", lambda *a, p=path, t=ticked: (str(p), t))
        job = export_actions.export_pdf(parent, store, "packet", loop_data.set_ids[0])
        job.show_preview = False
        with qtbot.waitSignal(job.finished, timeout=20000):
            pass
        texts[ticked] = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    first_words = " ".join(answers[0].split()[:4])
    assert "MODEL ANSWER" not in texts[False].upper() and first_words not in texts[False]
    assert "MODEL ANSWER" in texts[True].upper() and first_words in texts[True]


def test_the_packet_file_dialog_offers_model_answers_unticked(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QCheckBox, QFileDialog

    seen = []

    def exec_(dialog):
        box = next(b for b in dialog.findChildren(QCheckBox) if b.text() == "Include model answers")
        seen.append((box.isChecked(), box.accessibleName()))
        box.setChecked(True)
        dialog.selectFile(str(tmp_path / "p.pdf"))
        return QFileDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "exec", exec_)
    parent = QWidget()
    qtbot.addWidget(parent)
    path, answers = export_actions.ask_packet_path(parent, "Export Interview Packet", "p.pdf")
    assert seen == [(False, "Include the model answers in the packet")]  # off unless ticked
    assert path.endswith("p.pdf") and answers
