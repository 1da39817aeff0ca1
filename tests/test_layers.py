"""The layers hold: the core imports no Qt, the views no SQLAlchemy or storage models, and each
core package only the ones below it. The contracts are `[tool.importlinter]` in pyproject.toml;
a broken one fails here with import-linter's report of which import broke it, and where."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept():
    # In a child process: import-linter sets up logging its own way, which would silence the
    # loggers other tests in this process listen to.
    code = ("import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True, no_logo=True))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout  # no contract went missing from the file
