"""Can Qt open a window here? Asked before Qt loads its platform plugin, because Qt's own
answer to a missing system library is an abort (SIGABRT, exit 134) with a hint that names
libxcb-cursor0 whatever is really missing, and to no display at all, an abort too.

Plain Python, no Qt: on Linux it runs `ldd` on the platform plugin Qt will load and names
every shared library that is not found, with the Debian/Ubuntu and Fedora packages that bring
it (docs/linux.md lists them all). Windows and macOS ship what Qt needs: no check there.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

PROG = "interview-desk"

# soname -> (Debian/Ubuntu package, Fedora package), for what PySide6's xcb and wayland
# plugins and the Qt libraries under them link against. (apt picks the "t64" package of
# Debian 13 / Ubuntu 24.04 for the old names below by itself.)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
    "libbrotlidec.so.1": ("libbrotli1", "libbrotli"),
    "libbrotlicommon.so.1": ("libbrotli1", "libbrotli"),
    "libpcre2-8.so.0": ("libpcre2-8-0", "pcre2"),
}

# Platforms that draw on a screen, and how a user says which screen.
_DISPLAY_VARIABLE = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)

RunLdd = Callable[[Path], str]


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries `ldd` could not find, once each, in the order it listed them."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def missing_libraries_message(platform: str, missing: list[str]) -> str:
    """One line: what is missing, and the apt and dnf commands that bring it."""
    known = [name for name in missing if name in PACKAGES]
    unknown = [name for name in missing if name not in PACKAGES]
    what = {"xcb": "X11 (xcb)", "wayland": "Wayland"}.get(platform, platform)
    line = (f"{PROG}: error: Qt cannot open a window on {what}: missing "
            f"{', '.join(missing)}")
    if known:
        apt = " ".join(dict.fromkeys(PACKAGES[name][0] for name in known))
        dnf = " ".join(dict.fromkeys(PACKAGES[name][1] for name in known))
        line += f"; install: sudo apt install {apt} (Debian/Ubuntu) or sudo dnf install {dnf} (Fedora)"
    if unknown:
        line += f"; find the package of {', '.join(unknown)} with apt-file search or dnf provides"
    return line + " (see docs/linux.md)"


def no_display_message(variables: tuple[str, ...] = ("DISPLAY", "WAYLAND_DISPLAY")) -> str:
    unset = f"neither {' nor '.join(variables)} is set" if len(variables) > 1 else f"{variables[0]} is not set"
    return (f"{PROG}: error: no display: {unset}, "
            "so there is no screen to open a window on; start it from a desktop session "
            "(or ssh -X), or set QT_QPA_PLATFORM=offscreen to run without one")


def platforms_to_try(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in its order: QT_QPA_PLATFORM's list when set
    ("wayland;xcb", options after ':' dropped), else the sessions that are there."""
    if chosen := environ.get("QT_QPA_PLATFORM", "").strip():
        return [entry.split(":", 1)[0].strip() for entry in chosen.split(";") if entry.strip()]
    found = []
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        found.append("wayland")
    if environ.get("DISPLAY"):
        found.append("xcb")
    if environ.get("WAYLAND_DISPLAY") and "wayland" not in found:
        found.append("wayland")
    return found


def _has_display(platform: str, environ: Mapping[str, str]) -> bool:
    variable = _DISPLAY_VARIABLE.get(platform)
    if variable is None or environ.get(variable):
        return True  # offscreen, vnc, eglfs...: no display variable to ask
    # Wayland clients fall back to the socket "wayland-0" when WAYLAND_DISPLAY is unset.
    runtime = environ.get("XDG_RUNTIME_DIR")
    return platform == "wayland" and bool(runtime) and Path(runtime, "wayland-0").exists()


def _plugins_dir() -> Path | None:
    """PySide6's platform plugins, found without importing Qt (also inside a frozen app)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"
    return folder if folder.is_dir() else None


def _ldd(library: Path) -> str:
    return subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                          timeout=20, check=False).stdout


def _plugin_missing(platform: str, plugins: Path, run_ldd: RunLdd) -> list[str] | None:
    """The libraries a platform's plugin lacks; None when we cannot tell (no plugin, no ldd)."""
    plugin = plugins / f"libq{platform}.so"
    if not plugin.exists():
        return None
    try:
        return missing_libraries(run_ldd(plugin))
    except (OSError, subprocess.SubprocessError):
        return None


def problem(environ: Mapping[str, str] | None = None, system: str | None = None,
            plugins: Path | None = None, run_ldd: RunLdd = _ldd) -> str | None:
    """The one line that says why no window can open here, or None when one can (or when we
    cannot tell: then Qt has the last word). Qt goes down its list and takes the first
    platform that loads, so one usable platform is enough; else the first one's problem."""
    environ = os.environ if environ is None else environ
    if not (system or sys.platform).startswith("linux"):
        return None
    platforms = platforms_to_try(environ)
    if not platforms:
        return no_display_message()
    plugins = plugins or _plugins_dir()
    problems = []
    for platform in platforms:
        if not _has_display(platform, environ):
            problems.append(no_display_message((_DISPLAY_VARIABLE[platform],)))
            continue
        missing = _plugin_missing(platform, plugins, run_ldd) if plugins else None
        if not missing:
            return None
        problems.append(missing_libraries_message(platform, missing))
    return problems[0]
