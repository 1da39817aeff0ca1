"""The command line: a user's tool for scripting, and the contract every feature extends.

Each feature adds its subcommands in its own module (`register(subparsers)`) and its kinds of
`list` through `register_lister`. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType
from typing import Callable, Sequence

from desktop import __version__
from desktop.core.cli.common import LISTERS, CliError, Context, Parser, add_global_options, print_json, print_table
from desktop.core.collector import cycle_collector_paused

# The modules that register commands, in the order `--help` lists them.
COMMAND_MODULE_NAMES = ("bank_commands", "search_commands", "build_commands", "interview_commands",
                        "decision_commands", "export_commands", "exchange_commands", "verify_commands",
                        "insight_commands", "erase_commands")
# Command -> the modules that define it, so a command imports only what it runs (the rest of the
# core is hundreds of ms of imports). `export` takes kinds from exchange_commands too.
# tests/core/test_cli_imports.py keeps this in step with what the modules register.
_EXPORT = ("export_commands", "exchange_commands")
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("bank_commands",), "import": ("bank_commands",), "export-bank": ("bank_commands",),
    "search": ("search_commands",), "build-set": ("build_commands",), "build-loop": ("build_commands",),
    "demo": ("interview_commands",), "decide": ("decision_commands",), "export": _EXPORT,
    "import-card": _EXPORT, "import-kit": _EXPORT, "verify": ("verify_commands",),
    "insight": ("insight_commands",), "simulate": ("insight_commands",), "erase": ("erase_commands",),
}
_GLOBAL_WITH_VALUE = ("--db", "--as")


def command_modules(names: Sequence[str] = COMMAND_MODULE_NAMES) -> list[ModuleType]:
    return [importlib.import_module(f"desktop.core.cli.{name}") for name in names]


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules `argv` needs: its command's alone when the words before it are plain
    `--db`/`--as` options; none for a bare `--version`; else all (help, `list`, mistakes)."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in _GLOBAL_WITH_VALUE:
            i += 2
        elif word.split("=", 1)[0] in _GLOBAL_WITH_VALUE and "=" in word:
            i += 1
        elif word in COMMANDS:
            return COMMANDS[word]
        elif word == "--version" and not {"-h", "--help"} & set(argv):
            return ()
        else:
            break
    return COMMAND_MODULE_NAMES


def build_parser(modules: Sequence[str] = COMMAND_MODULE_NAMES) -> argparse.ArgumentParser:
    """The command line; `modules` (of COMMAND_MODULE_NAMES) limits it to their commands."""
    parser = Parser(
        prog="interview-desk",
        description="Interview Desk: question bank, set builder, live interviews and scorecards. "
                    "Roles, topics, competencies, levels, candidates, sets and loops are named by id or "
                    "by name (any case, or a prefix only one of them starts with).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="print the version and exit")
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", help="open the app (the default with no command)")
    gui.set_defaults(handler=None)
    for module in command_modules(modules):
        module.register(sub)
    if tuple(modules) == COMMAND_MODULE_NAMES:  # `list` lists what every module registers
        lister = sub.add_parser(
            "list", help="list questions, roles, competencies, sets, candidates, interviews or decisions")
        lister.add_argument("what", choices=sorted(LISTERS), help="what to list")
        lister.add_argument("--json", action="store_true", help="print a JSON array")
        lister.set_defaults(handler=_list)
    _global_options_after_commands(parser)
    return parser


def _global_options_after_commands(parser: argparse.ArgumentParser) -> None:
    """`--db` and `--as` are taken after the command too (see `add_global_options`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):
                add_global_options(command, after_command=True)
                _global_options_after_commands(command)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    lister = LISTERS[args.what]
    rows = lister.rows(ctx, args)
    if args.json:
        print_json(rows)
    elif rows:
        print_table([lister.for_people(r) for r in rows] if lister.for_people else rows, lister.columns)
    else:
        print(f"no {args.what}")
    return 0


def main(argv: Sequence[str] | None = None, gui: Callable[[str | None], int] | None = None) -> int:
    """Run one command. `gui` opens the app; the Qt layer passes it in so the core stays Qt-free."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Loading the command's modules makes many objects that live as long as the process: the
    # cycle collector would walk them again and again for nothing (a tenth of the start).
    with cycle_collector_paused():
        parser = build_parser(modules_for(argv))
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:  # no command, or `gui`
        if gui is None:
            parser.print_help()
            return 0
        return gui(args.db)  # the app cleans up after killed exports itself
    from desktop.core.storage.partial_files import clean_partial_exports

    clean_partial_exports()  # what an export killed mid-write left behind
    ctx = Context(db_url=args.db, identity=args.identity)
    try:
        return handler(ctx, args) or 0
    except CliError as exc:
        print(f"interview-desk: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # one clear line, never a traceback
        from desktop.core.bank.files import BankError
        from desktop.core.storage.store import StoreError

        if isinstance(exc, BankError):
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"interview-desk: error: {len(exc.problems)} problem(s); nothing was imported", file=sys.stderr)
            return 1
        if isinstance(exc, StoreError):
            print(f"interview-desk: error: {exc}", file=sys.stderr)
            return 1
        print(f"interview-desk: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    finally:
        ctx.close()
