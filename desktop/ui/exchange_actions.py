"""The laptop exchange from the app (docs/exchange.md): Export Card…, Import Cards…, Export
Loop Kit… and Import Kit…, for any view to call.

The core decides everything: who may export a card (`access.may_export_scorecard`), what a
file holds and whether it is refused (`exchange.review`), and it writes each file's import in
a transaction of its own. Here: the standard dialogs, the questions the core asks (trust a key
on first use or a changed one, who the candidate is), the work off the GUI thread through the
task runner, and one summary of what happened to each file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from desktop.core.interviewing.access import may_export_scorecard
from desktop.core.interviewing.fields import InterviewError
from desktop.core.interviewing.exchange import export_card, export_loop_kit, write_packet
from desktop.core.interviewing.exchange.cards import card_file_name
from desktop.core.interviewing.exchange.kits import kit_plan
from desktop.core.interviewing.exchange.review import DUPLICATE, FileReview, Outcome, Review, import_each, review_files
from desktop.core.storage.preferences import load_preferences
from desktop.core.storage.store import Store
from desktop.ui.exchange_dialogs import CandidateChoiceDialog, LoopKitDialog
from desktop.ui.tasks import ChangeOp, QueryOp, plain_message, show_failure

CARD_FILES = "Scorecard cards (*.card.json);;JSON files (*.json);;All files (*)"
KIT_FILES = "Loop kits (*.kit.json);;JSON files (*.json);;All files (*)"
TITLES = {"card": "Import Cards", "loop-kit": "Import Kit"}
OTHER_ACTION = {"card": "File › Import Kit…", "loop-kit": "File › Import Cards…"}
CHANGES = {"candidates", "interviews", "sets"}
_active: set[QObject] = set()  # jobs in flight, kept alive until they report back


def _documents() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def _status(parent: QWidget | None, message: str, timeout: int = 6000) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, timeout)


def _viewer(viewer: str | None) -> str:
    return " ".join((viewer if viewer is not None else load_preferences().interviewer_name).split())


class ExchangeJob(QObject):
    """One export or import in flight; `finished` carries what it did (lines for a person)."""

    finished = Signal(object)  # list[str]
    failed = Signal(str)

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.parent_widget = parent
        _active.add(self)

    def _done(self, lines: list[str]) -> None:
        _active.discard(self)
        self.finished.emit(lines)

    def _failed(self, title: str, lead: str, exc: BaseException) -> None:
        _active.discard(self)
        _status(self.parent_widget, f"{title} did not finish")
        self.failed.emit(plain_message(exc))
        show_failure(self.parent_widget, title, exc, lead=lead)


# -- Export Card… ---------------------------------------------------------------------------------
def _write_card(store: Store, _progress, interview_id: int, reader: str, path: str) -> str:
    """Worker: the card signed by the reader, written private to them."""
    with store.transaction() as s:  # (a candidate, loop or set leaving for the first time gets its key)
        packet = export_card(s, interview_id, reader=reader)
    return str(write_packet(path, packet))


def export_card_file(parent: QWidget | None, store: Store, interview_id: int, viewer: str | None = None,
                     path: str | Path | None = None) -> ExchangeJob | None:
    """Ask where (unless `path`), then write the sealed scorecard's card; None if refused or cancelled."""
    reader = _viewer(viewer)
    try:
        with store.session() as s:
            allowed = may_export_scorecard(s, interview_id, reader)
            suggested = card_file_name(s, interview_id, anonymous=load_preferences().anonymous_exports)
    except InterviewError as exc:  # e.g. erased meanwhile
        show_failure(parent, "Export Card", exc, lead="The card was not exported:")
        return None
    if not allowed:
        QMessageBox.information(parent, "Export Card", f"The card was not exported: {allowed.why}")
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, "Export Card", str(_documents() / suggested), CARD_FILES)
        if not path:
            return None
    path = Path(path)
    if not path.name.lower().endswith(".json"):
        path = path.with_name(path.name + ".card.json")
    job = ExchangeJob(parent)
    _status(parent, f"Exporting the card to {path.name}…", 0)

    def done(written: str) -> None:
        _status(parent, f"Exported the card to {Path(written).name}: send it to whoever collects the loop")
        job._done([f"wrote {written}"])

    QueryOp(store, _write_card, interview_id, reader, str(path), parent=parent).success(done) \
        .failure(lambda exc: job._failed("Export Card", "The card was not exported:", exc)).run()
    return job


# -- Export Loop Kit… -----------------------------------------------------------------------------
def _write_kits(store: Store, _progress, loop_id: int, reader: str, assign: dict[int, str],
                candidate_id: int | None, folder: str) -> list[str]:
    """Worker: one kit per interviewer, written into `folder`."""
    with store.transaction() as s:
        kits = export_loop_kit(s, loop_id, reader=reader, assign=assign, split=True, candidate_id=candidate_id)
    return [str(write_packet(Path(folder) / name, packet)) for name, packet in kits]


def export_loop_kits(parent: QWidget | None, store: Store, loop_id: int, candidate_id: int | None = None,
                     viewer: str | None = None) -> ExchangeJob | None:
    """Ask who runs each set (and, for a loop without one, the candidate), then a folder, and
    write one kit per interviewer; None if cancelled."""
    from desktop.core.bank import catalog
    from desktop.core.interviewing.candidates import candidate_choices

    reader = _viewer(viewer)
    try:
        with store.session() as s:
            plan = kit_plan(s, loop_id)
            people = candidate_choices(s) if plan.candidate_id is None else []
            roles = {r.id: r.name for r in catalog.roles(s)}
    except InterviewError as exc:  # e.g. deleted meanwhile
        show_failure(parent, "Export Loop Kit", exc, lead="No kit was written:")
        return None
    dialog = LoopKitDialog(plan, people, roles, candidate_id, parent)
    if not dialog.exec():
        return None
    assign, chosen = dialog.assignments(), dialog.candidate_id()
    folder = QFileDialog.getExistingDirectory(parent, "Export Loop Kit: the folder for the kits", str(_documents()))
    if not folder:
        return None
    job = ExchangeJob(parent)

    def done(paths: list[str]) -> None:
        names = "\n".join(Path(p).name for p in paths)
        _status(parent, f"Wrote {len(paths)} kit{'s' if len(paths) != 1 else ''} to {folder}")
        QMessageBox.information(parent, "Export Loop Kit",
                                f"Wrote {len(paths)} kit{'s' if len(paths) != 1 else ''} to {folder}; send each "
                                f"interviewer theirs (they open it with File › Import Kit…):\n\n{names}")
        job._done([f"wrote {p}" for p in paths])

    ChangeOp(store, _write_kits, loop_id, reader, assign, chosen, folder, changes={"candidates"}, parent=parent) \
        .success(done).failure(lambda exc: job._failed("Export Loop Kit", "No kit was written:", exc)).run()
    return job


# -- Import Cards… / Import Kit… ------------------------------------------------------------------
def _review(store: Store, _progress, paths: list[str], kinds: tuple[str, ...]) -> Review:
    with store.session() as s:
        return review_files(s, paths, kinds=kinds)


def _import(store: Store, _progress, reviews: list[FileReview], kinds: tuple[str, ...], choices: dict,
            fingerprints: list[str]) -> list[Outcome]:
    return import_each(store, reviews, kinds=kinds, candidate_choices=choices, trust_fingerprints=fingerprints)


def refused_line(name: str, reason: str, message: str) -> str:
    return f"{name} — refused ({reason}): {message}"


def ask_first_use(parent: QWidget | None, name: str, fingerprint: str, files: list[str]) -> bool:
    text = (f"This computer has not seen a key for {name} before. {', '.join(files)} "
            f"{'is' if len(files) == 1 else 'are'} signed by {name} with the key\n\n{fingerprint}\n\n"
            f"Compare this fingerprint with {name} (in person or by phone). Trust it and import?")
    answer = QMessageBox.question(parent, f"Trust {name}'s key?", text)
    return answer == QMessageBox.StandardButton.Yes


def ask_changed_key(parent: QWidget | None, name: str, fingerprint: str, files: list[str]) -> bool:
    text = (f"This computer knows {name} by another key, but {', '.join(files)} "
            f"{'is' if len(files) == 1 else 'are'} signed as {name} with the key\n\n{fingerprint}\n\n"
            f"If {name} made a new key (a new laptop, a lost key), check this fingerprint with them first. "
            "Trust the new key beside the old one and import?")
    answer = QMessageBox.question(parent, f"{name}'s key changed", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ImportJob(ExchangeJob):
    """Files picked → reviewed off the GUI thread → the core's questions asked → each file
    imported off the GUI thread → one summary. `finished` carries the summary's lines."""

    def __init__(self, parent: QWidget | None, store: Store, paths: list[str], kinds: tuple[str, ...],
                 then: Callable[[list[Outcome]], None] | None = None):
        super().__init__(parent)
        self.store, self.paths, self.kinds, self.then = store, paths, kinds, then
        self.title = TITLES[kinds[0]]
        self.refused: dict[str, str] = {}  # file path -> its line in the summary
        self.summary: QMessageBox | None = None
        _status(parent, f"Checking {len(paths)} file{'s' if len(paths) != 1 else ''}…", 0)
        QueryOp(store, _review, list(paths), kinds, parent=parent).success(self._reviewed) \
            .failure(lambda exc: self._failed(self.title, "Nothing was imported:", exc)).run()

    def _refuse(self, review: FileReview, reason: str, message: str) -> None:
        self.refused.setdefault(review.path, refused_line(review.name, reason, message))

    def _reviewed(self, review: Review) -> None:
        files = list(review.files)
        for f in files:
            if not f.importable:
                wrong_kind = f.reason.startswith("not a ") and f.kind
                hint = f"; open it with {OTHER_ACTION[self.kinds[0]]}" if wrong_kind else ""
                self._refuse(f, f.reason, f.message + hint)
        fingerprints = self._ask_keys([f for f in files if f.importable])
        choices = self._ask_candidates(review, files)
        todo = [f for f in files if f.importable and f.path not in self.refused]
        if not todo:
            self._summarise([])
            return
        _status(self.parent_widget, f"Importing {len(todo)} file{'s' if len(todo) != 1 else ''}…", 0)
        ChangeOp(self.store, _import, todo, self.kinds, choices, fingerprints, changes=CHANGES,
                 parent=self.parent_widget).with_progress("Importing…", title=self.title, cancellable=False) \
            .success(self._summarise) \
            .failure(lambda exc: self._failed(self.title, "The import stopped:", exc)).run()

    def _ask_keys(self, files: list[FileReview]) -> list[str]:
        """Each key the core would trust on first use, and each changed one, asked once."""
        accepted: list[str] = []
        for attribute, ask, reason in (("changed_keys", ask_changed_key, "signer's key changed"),
                                       ("first_use", ask_first_use, "unknown signer")):
            keys: dict[str, tuple[str, list[FileReview]]] = {}
            for f in files:
                for key in getattr(f, attribute):
                    keys.setdefault(key.public_key, (key.name, []))[1].append(f)
            for public_key, (name, owners) in keys.items():
                owners = [f for f in owners if f.path not in self.refused]
                if not owners:
                    continue
                fp = next(k.fingerprint for k in getattr(owners[0], attribute) if k.public_key == public_key)
                if ask(self.parent_widget, name, fp, [f.name for f in owners]):
                    accepted.append(fp)
                else:
                    for f in owners:
                        self._refuse(f, reason, f"you did not trust {name}'s key {fp}")
        return accepted

    def _ask_candidates(self, review: Review, files: list[FileReview]) -> dict:
        from desktop.core.bank import catalog

        choices: dict = {}
        for ask in review.questions:
            waiting = [f for f in files if f.candidate_key == ask.key and f.importable and f.path not in self.refused]
            if not waiting:
                continue
            with self.store.session() as s:
                roles = {r.id: r.name for r in catalog.roles(s)}
            dialog = CandidateChoiceDialog(ask, roles, self.parent_widget)
            if dialog.exec() and dialog.choice() is not None:
                choices[ask.key] = dialog.choice()
            else:
                for f in waiting:
                    self._refuse(f, "candidate not chosen", f"you did not say who {ask.name} is here")
        return choices

    def _summarise(self, outcomes: list[Outcome]) -> None:
        lines, added = [], 0
        by_path = {o.path: o for o in outcomes}
        for path in self.paths:  # in the order the files were picked
            name = Path(path).name
            if path in self.refused:
                lines.append(self.refused[path])
            elif (o := by_path.get(path)) is not None:
                if o.status == "refused":
                    lines.append(refused_line(name, o.reason, o.text))
                elif o.status == DUPLICATE:
                    lines.append(refused_line(name, DUPLICATE, o.text))
                else:
                    added += 1
                    lines.append(f"{name} — {o.text}")
                lines += [f"    {note}" for note in o.notes]
        total = len(self.paths)
        head = (f"{added} of {total} file{'s' if total != 1 else ''} imported." if total > 1 else
                "The file was imported." if added else "The file was not imported.")
        _status(self.parent_widget, head)
        box = QMessageBox(QMessageBox.Icon.Information if added == total else QMessageBox.Icon.Warning,
                          self.title, head, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setAccessibleName(f"{self.title} summary")
        box.setInformativeText("\n".join(("\n" if line[:1] != " " and i else "") + line
                                         for i, line in enumerate(lines)))  # a blank line between files
        _widen(box, 600)
        self.summary = box
        box.exec()
        if self.then is not None and added:
            self.then(outcomes)
        self._done([head, *lines])


def _widen(box: QMessageBox, width: int) -> None:
    """A message box wraps its text narrow; a summary of several file names reads better wide."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        layout.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum),
                       layout.rowCount(), 0, 1, layout.columnCount())


def import_exchange_files(parent: QWidget | None, store: Store, kind: str = "card", paths: list[str] | None = None,
                          then: Callable[[list[Outcome]], None] | None = None) -> ImportJob | None:
    """Pick files (unless `paths`), check them all, ask what the core asks, import, summarise."""
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(parent, TITLES[kind], str(_documents()),
                                                CARD_FILES if kind == "card" else KIT_FILES)
        if not paths:
            return None
    return ImportJob(parent, store, [str(p) for p in paths], (kind,), then)


def import_cards(parent: QWidget | None, store: Store) -> ImportJob | None:
    return import_exchange_files(parent, store, "card")


def import_kits(parent: QWidget | None, store: Store,
                then: Callable[[list[Outcome]], None] | None = None) -> ImportJob | None:
    return import_exchange_files(parent, store, "loop-kit", then=then)


