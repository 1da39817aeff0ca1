"""`python -m desktop` and the `interview-desk` console script."""

import sys


def _gui(db_url: str | None) -> int:
    from desktop.ui.app import run  # Qt is loaded only when the app opens

    return run(db_url)


def _opens_the_app(argv: list[str]) -> tuple[bool, str | None]:
    """(True, db) for the plain ways of opening the app: ``[--db URL] [gui]``. Anything else,
    --help and mistakes included, goes to the command line, which says the same for these."""
    db = None
    rest = list(argv)
    if rest and rest[0].startswith("--db="):
        db = rest.pop(0).removeprefix("--db=")
    elif len(rest) >= 2 and rest[0] == "--db" and not rest[1].startswith("-"):
        db = rest[1]
        del rest[:2]
    return rest in ([], ["gui"]), db or None


def main() -> int:
    opens_app, db_url = _opens_the_app(sys.argv[1:])
    if opens_app:  # the command line (argparse and every command's imports) is not needed
        return _gui(db_url)
    from desktop.core.cli import main as cli_main

    return cli_main(sys.argv[1:], gui=_gui)


if __name__ == "__main__":
    sys.exit(main())
