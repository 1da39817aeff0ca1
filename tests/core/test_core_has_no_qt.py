"""The core never imports Qt: it must run, and be tested, without a display.

Which modules the core names is the import-linter contract (tests/test_layers.py); this checks
what actually gets loaded, third-party imports and `desktop.__main__` included."""

from __future__ import annotations

import subprocess
import sys


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
