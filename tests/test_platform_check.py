"""Before Qt loads, the app says in one line why it cannot open a window (a missing system
library, with the packages to install, or no display) and exits 1, where Qt would abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import platform_check

ROOT = Path(__file__).resolve().parents[1]

# What `ldd libqxcb.so` printed on a fresh Debian 12 with libxcb-cursor0 installed (trimmed);
# each missing library is listed twice (by the plugin and by libQt6XcbQpa).
LDD_DEBIAN_FRESH = """\
\tlinux-vdso.so.1 (0x00007f397019a000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f396ffe2000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f396ffda000)
\tlibxcb-keysyms.so.1 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f396e21e000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f397019c000)
"""
LDD_ALL_THERE = "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f396ff4f000)\n"


@pytest.fixture
def plugins(tmp_path) -> Path:
    """A platforms folder holding the plugins the checks look at (empty files: ldd is faked)."""
    for name in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"):
        (tmp_path / name).touch()
    return tmp_path


def fake_ldd(outputs: dict[str, str]):
    return lambda library: outputs[library.name]


def test_missing_xcb_libraries_are_named_once_with_apt_and_dnf_packages(plugins):
    line = platform_check.problem({"DISPLAY": ":0"}, "linux", plugins,
                                  fake_ldd({"libqxcb.so": LDD_DEBIAN_FRESH}))
    assert line == (
        "interview-desk: error: Qt cannot open a window on X11 (xcb): missing libxcb-icccm.so.4, "
        "libxcb-keysyms.so.1; install: sudo apt install libxcb-icccm4 libxcb-keysyms1 "
        "(Debian/Ubuntu) or sudo dnf install xcb-util-wm xcb-util-keysyms (Fedora) (see docs/linux.md)")


def test_a_library_without_a_known_package_is_still_named():
    line = platform_check.missing_libraries_message("xcb", ["libxcb-icccm.so.4", "libodd.so.3"])
    assert "\n" not in line
    assert "missing libxcb-icccm.so.4, libodd.so.3" in line
    assert "sudo apt install libxcb-icccm4 " in line
    assert "libodd.so.3 with apt-file search or dnf provides" in line


def test_wayland_uses_the_wayland_plugin(plugins):
    ldd = "\tlibwayland-cursor.so.0 => not found\n"
    line = platform_check.problem({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland"},
                                  "linux", plugins, fake_ldd({"libqwayland.so": ldd}))
    assert "on Wayland: missing libwayland-cursor.so.0" in line
    assert "apt install libwayland-cursor0 " in line and "dnf install libwayland-cursor " in line


def test_no_display_and_no_offscreen_platform_is_one_clear_line(plugins):
    line = platform_check.problem({}, "linux", plugins, fake_ldd({}))
    assert line.startswith("interview-desk: error: no display: neither DISPLAY nor WAYLAND_DISPLAY is set")
    assert "QT_QPA_PLATFORM=offscreen" in line and "\n" not in line


def test_xcb_asked_for_without_a_display(plugins):
    line = platform_check.problem({"QT_QPA_PLATFORM": "xcb"}, "linux", plugins,
                                  fake_ldd({"libqxcb.so": LDD_ALL_THERE}))
    assert line.startswith("interview-desk: error: no display: DISPLAY is not set,")


def test_a_usable_platform_passes(plugins):
    ldd = fake_ldd({"libqxcb.so": LDD_ALL_THERE, "libqoffscreen.so": LDD_DEBIAN_FRESH})
    assert platform_check.problem({"DISPLAY": ":0"}, "linux", plugins, ldd) is None
    assert platform_check.problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", plugins,
                                  fake_ldd({"libqoffscreen.so": LDD_ALL_THERE})) is None


def test_qt_falls_back_along_its_list_so_one_usable_platform_is_enough(plugins):
    ldd = fake_ldd({"libqwayland.so": "\tlibwayland-cursor.so.0 => not found\n",
                    "libqxcb.so": LDD_ALL_THERE})
    env = {"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert platform_check.problem(env, "linux", plugins, ldd) is None
    # A Wayland session with XWayland: Qt tries wayland, then xcb.
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert platform_check.platforms_to_try(env) == ["wayland", "xcb"]
    assert platform_check.problem(env, "linux", plugins, ldd) is None


def test_platform_options_after_a_colon_are_not_part_of_the_name():
    assert platform_check.platforms_to_try({"QT_QPA_PLATFORM": "xcb:nomitshm"}) == ["xcb"]


def test_windows_and_macos_are_not_checked(plugins):
    for system in ("win32", "darwin"):
        assert platform_check.problem({}, system, plugins, fake_ldd({})) is None


def test_when_ldd_cannot_run_qt_has_the_last_word(plugins):
    def no_ldd(library):
        raise FileNotFoundError("ldd")

    assert platform_check.problem({"DISPLAY": ":0"}, "linux", plugins, no_ldd) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check runs on Linux only")
def test_gui_without_a_display_says_so_and_exits_1_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(INTERVIEW_DESK_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "desktop", "gui"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("interview-desk: error: no display: ")
    assert len(done.stderr.splitlines()) == 1


def test_gui_can_quit_once_its_window_is_shown_for_smoke_checks(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INTERVIEW_DESK_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT),
           "INTERVIEW_DESK_QUIT_AFTER_SHOWN": "1"}
    done = subprocess.run([sys.executable, "-m", "desktop", "gui"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "main window shown" in done.stdout


def test_quitting_after_shown_reports_an_error_box_as_a_failure(tmp_path):
    (tmp_path / "not-a-database").write_text("this is not SQLite")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INTERVIEW_DESK_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT),
           "INTERVIEW_DESK_QUIT_AFTER_SHOWN": "1"}
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / "not-a-database"), "gui"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "main window shown" not in done.stdout
