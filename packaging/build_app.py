"""Build Interview Desk as a self-contained one-folder app (PyInstaller): no Python needed
to run it, nothing fetched at run time.

    python packaging/build_app.py [--dist DIR] [--windowed] [--clean]

Run it from a checkout with the `build` extra installed (`pip install -e ".[build]"`), on the
system you build for: PyInstaller does not cross-compile. The app lands in
DIR/interview-desk/ (default packaging/dist/); its program is `interview-desk` there
(`interview-desk.exe` on Windows). It carries the bundled question bank, resources/ (icons,
style sheet, fonts) and the Alembic migrations with script.py.mako; the app finds them through
desktop/core/storage/paths.py (`sys._MEIPASS`) and store.py (beside the bundled package).
See packaging/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
NAME = "interview-desk"
MIGRATIONS = Path("desktop") / "core" / "storage" / "migrations"

# Folders copied as they are: (source in the checkout, place in the bundle). The migrations go
# as source files because Alembic reads env.py and versions/*.py from disk.
DATA = [
    (Path("question_bank"), Path("question_bank")),
    (Path("resources"), Path("resources")),
    (MIGRATIONS, MIGRATIONS),
]

# Imported only by the migration scripts, which PyInstaller does not read.
HIDDEN_IMPORTS = ["alembic.op", "alembic.context", "desktop.core.storage.models"]
# Loaded by name (desktop.core.cli.COMMANDS: a command imports only its own module).
COLLECT_SUBMODULES = ["desktop.core.cli"]

# In the build venv for the tests or the tools, never used by the app: kept out of the bundle.
EXCLUDES = ["tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf", "importlinter",
            "grimp", "IPython", "PyInstaller", "psycopg", "psycopg_binary"]


def pyinstaller_args(dist: Path, work: Path, windowed: bool, clean: bool) -> list[str]:
    args = [str(HERE / "entry.py"), "--name", NAME, "--onedir", "--noconfirm",
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            "--paths", str(ROOT), "--log-level", "WARN"]
    icon = _icon()
    if icon:
        args += ["--icon", str(icon)]
    for source, target in DATA:
        args += ["--add-data", f"{ROOT / source}{os.pathsep}{target.as_posix()}"]
    for module in HIDDEN_IMPORTS:
        args += ["--hidden-import", module]
    for package in COLLECT_SUBMODULES:
        args += ["--collect-submodules", package]
    for module in EXCLUDES:
        args += ["--exclude-module", module]
    if windowed:  # a macOS .app / a Windows program without a console (the CLI prints nothing then)
        args.append("--windowed")
    if clean:
        args.append("--clean")
    return args


def _icon() -> Path | None:
    """PyInstaller takes .ico (Windows) or .icns (macOS); resources/icons has an SVG only so
    far, so the program keeps the default icon unless one of those is added."""
    wanted = {"win32": ".ico", "darwin": ".icns"}.get(sys.platform)
    if wanted is None:
        return None
    found = sorted((ROOT / "resources" / "icons").glob(f"*{wanted}"))
    return found[0] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=HERE / "dist", help="where the app goes")
    parser.add_argument("--work", type=Path, default=HERE / "build", help="PyInstaller's work folder")
    parser.add_argument("--windowed", action="store_true", help="no console (a .app on macOS)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    args = parser.parse_args(argv)
    try:
        import PyInstaller.__main__
    except ImportError:
        print('build_app: error: PyInstaller is missing; install it with pip install -e ".[build]"',
              file=sys.stderr)
        return 1
    PyInstaller.__main__.run(pyinstaller_args(args.dist, args.work, args.windowed, args.clean))
    program = args.dist / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))
    print(f"built {program}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
