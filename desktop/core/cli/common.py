"""What every command shares: the error type, the global options, the opened store and who runs
the command, listing and output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # the store (SQLAlchemy and the models) loads when a command opens it
    from desktop.core.storage.store import Store

DB_HELP = "SQLAlchemy database URL or SQLite file (default: $INTERVIEW_DESK_DB, else the user data folder)"
AS_HELP = ("who runs the command, for who may see and change what (default: your name in the app's "
           "Preferences)")


class CliError(Exception):
    """Bad input from the user: printed as one line on stderr, exit status 1."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    """A usage error is bad input like any other: one line on stderr and exit status 1
    (argparse's own way is the usage text and status 2)."""

    def error(self, message: str):
        print(f"{self.prog}: error: {message} (see: {self.prog} --help)", file=sys.stderr)
        raise SystemExit(1)


def add_global_options(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """`--db` and `--as`, taken before the command and after it. After it they default to
    SUPPRESS: not given there, they leave the value given before the command alone."""
    default = {"default": argparse.SUPPRESS} if after_command else {}
    parser.add_argument("--db", metavar="URL", help=DB_HELP, **default)
    parser.add_argument("--as", dest="identity", metavar="NAME", help=AS_HELP, **default)


def named(lookup: Callable[..., Any], *args: Any) -> Any:
    """Run a `desktop.core.bank.names` lookup; what it cannot find is the user's error."""
    from desktop.core.bank.names import NameNotFound

    try:
        return lookup(*args)
    except NameNotFound as exc:
        raise CliError(str(exc)) from None


def _replay_journals(store: Store) -> None:
    """Notes the app typed but could not save go in before any command reads them."""
    from desktop.core.storage import paths

    folder = paths.journals_dir(store.display_url)
    if not folder.is_dir():  # no live interview ever typed into this database here
        return
    from desktop.core.interviewing.journal import replay_journals  # (the interviewing package: ~50 ms)

    try:
        replay_journals(store, folder)
    except OSError:
        pass  # the journals stay; the app or the next command tries again


@dataclass
class Context:
    """Opens the database on first use (running migrations and syncing the bundled bank)."""

    db_url: str | None = None
    sync_bank: bool = True
    identity: str | None = None  # --as NAME; None: the name in Preferences
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            from desktop.core.bank.sync import sync_bundled_bank
            from desktop.core.storage.store import Store

            self._store = Store(self.db_url)
            if self._store.read_only:  # shown as it is: said once, nothing synced into it
                print(f"interview-desk: {self._store.read_only_notice}", file=sys.stderr)
            else:
                if self.sync_bank:
                    sync_bundled_bank(self._store)
                _replay_journals(self._store)
        return self._store

    def viewer(self) -> str:
        """Who runs the command: `--as NAME`, else the app's interviewer name; "" is nobody
        (`access`: sees only what an open debrief shows anyone, owns nothing)."""
        from desktop.core.storage.preferences import load_preferences

        name = self.identity if self.identity is not None else load_preferences().interviewer_name
        return " ".join((name or "").split())

    def require_viewer(self, doing: str) -> str:
        """The identity, where the command records who did it or acts as someone."""
        name = self.viewer()
        if not name:
            raise CliError(f"{doing} needs your name: give --as NAME (or set it in the app's Preferences)")
        return name

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()


Handler = Callable[[Context, argparse.Namespace], int | None]


@dataclass
class Lister:
    """One thing `interview-desk list` can list: rows as dicts, and the columns for a table."""

    rows: Callable[[Context, argparse.Namespace], list[dict[str, Any]]]
    columns: tuple[str, ...]
    # How a row reads in the table (labels, rounding); the JSON keeps the plain values.
    for_people: Callable[[dict[str, Any]], dict[str, Any]] | None = None


LISTERS: dict[str, Lister] = {}


def register_lister(name: str, rows, columns: Iterable[str], for_people=None) -> None:
    LISTERS[name] = Lister(rows, tuple(columns), for_people)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def shorten(text: Any, width: int) -> str:
    text = " ".join(str("" if text is None else text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(rows: list[dict[str, Any]], columns: Iterable[str], *, widths: dict[str, int] | None = None) -> None:
    """Plain aligned columns for people; `--json` is the format for scripts."""
    columns = list(columns)
    widths = widths or {}
    cells = [[shorten(_cell(row.get(c)), widths.get(c, 70 if c in ("prompt", "name") else 36))
              for c in columns] for row in rows]
    sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(sizes[i]) for i, c in enumerate(columns)).rstrip())
    for r in cells:
        print("  ".join(r[i].ljust(sizes[i]) for i in range(len(columns))).rstrip())


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
