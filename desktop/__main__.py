"""`python -m desktop` and the `interview-desk` console script."""

import sys

from desktop.core.cli import main as cli_main


def _gui(db_url: str | None) -> int:
    from desktop.ui.app import run  # Qt is loaded only when the app opens

    return run(db_url)


def main() -> int:
    return cli_main(sys.argv[1:], gui=_gui)


if __name__ == "__main__":
    sys.exit(main())
