"""The layers hold: the core imports no Qt, the views no SQLAlchemy or storage models, and each
core package only the ones below it. The contracts are `[tool.importlinter]` in pyproject.toml;
a broken one fails here with import-linter's report of which import broke it, and where."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_every_import_contract_is_kept(capsys):
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "3 kept, 0 broken" in report  # no contract went missing from the file
