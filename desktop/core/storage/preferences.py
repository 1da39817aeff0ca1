"""App preferences, declared once with their defaults, kept as JSON in the user data folder.

Window geometry and state belong to QSettings in the Qt layer; these are the user's choices.
"""

from __future__ import annotations

import json
import locale
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from desktop.core.storage import paths
from desktop.core.storage.files import write_private_file

PAGE_SIZES = ("a4", "letter")
THEMES = ("system", "light", "dark")  # "system" follows the OS colour scheme
_LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"}


def locale_page_size() -> str:
    """US Letter where the locale's country uses it, A4 everywhere else."""
    name = os.environ.get("LC_PAPER") or os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    if not name:
        name = locale.getlocale()[0] or ""
    country = name.split(".")[0].split("_")[-1].upper() if "_" in name else ""
    return "letter" if country in _LETTER_COUNTRIES else "a4"


@dataclass
class Preferences:
    interviewer_name: str = ""
    page_size: str = ""  # "" means: follow the locale
    anonymous_exports: bool = False
    theme: str = "system"
    # The Builder learning from past interviews (building.SetRequest says what each does):
    rest_over_exposed: bool = False  # rest questions asked in more than ...
    exposure_cap_percent: int = 40  # ... this share of ...
    exposure_loops: int = 20  # ... the role's last this many loops
    prefer_signal: bool = False  # among equally good questions, those that discriminate

    @property
    def effective_page_size(self) -> str:
        return self.page_size if self.page_size in PAGE_SIZES else locale_page_size()


def preferences_path() -> Path:
    return paths.user_data_dir() / "preferences.json"


def load_preferences(path: Path | None = None) -> Preferences:
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    known = {f.name: f for f in fields(Preferences)}
    prefs = Preferences()
    for key, value in data.items() if isinstance(data, dict) else ():
        if key in known and isinstance(value, type(getattr(prefs, key))):
            setattr(prefs, key, value)
    return prefs


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Private to the user (it holds their name) and atomic: a crash mid-save keeps the old file."""
    write_private_file(path or preferences_path(), json.dumps(asdict(prefs), indent=2).encode("utf-8"))
