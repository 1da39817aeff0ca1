"""The core never imports Qt: it must run, and be tested, without a display."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "desktop" / "core"


def test_no_core_module_names_qt():
    offenders = [
        str(path.relative_to(CORE))
        for path in CORE.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6|desktop\.ui)", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import pkgutil, sys, desktop.core\n"
        "for m in pkgutil.walk_packages(desktop.core.__path__, 'desktop.core.'):\n"
        "    if '.migrations' not in m.name: __import__(m.name)\n"
        "import desktop.__main__\n"
        "bad = [n for n in sys.modules if n.startswith(('PySide6', 'shiboken6', 'desktop.ui'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
