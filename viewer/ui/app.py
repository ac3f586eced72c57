"""Starting the window: check that Qt has a display to draw on, create the application, open a folder
(or a saved result).

Qt aborts the whole process when its platform plugin cannot start (no X server, no Wayland), so a child
process tries first and `parallax` prints a clear message instead of dumping core.
Imports: viewer (version, resources, saved), viewer.ui (qt, settings, main_window).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from viewer import __version__, saved
from viewer.resources import resource_path, sample_corpus_path
from viewer.ui.process import CHILD_ENV, child_main
from viewer.ui.qt import QtCore, QtGui, QtWidgets
from viewer.ui.settings import APPLICATION, ORGANIZATION, Settings

# Platforms that need no display server: nothing to probe.
HEADLESS_PLATFORMS = ("offscreen", "minimal")
PROBE_ENV = "PARALLAX_PLATFORM_PROBE"
_PROBE_CODE = "import sys\nfrom viewer.ui.qt import QtGui\nQtGui.QGuiApplication(sys.argv[:1])\n"


def platform_problem() -> str | None:
    """None when Qt can open its platform plugin here, else what went wrong, in words for the user."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in HEADLESS_PLATFORMS:
        return None
    frozen = getattr(sys, "frozen", False)
    command = [sys.executable] if frozen else [sys.executable, "-c", _PROBE_CODE]
    try:
        env = {**os.environ, PROBE_ENV: "1"}
        probe = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"could not start a test of the display: {exc}"
    if probe.returncode == 0:
        return None
    lines = [line for line in probe.stderr.splitlines() if line.strip()]
    detail = next((line for line in lines if "platform" in line.lower()), lines[0] if lines else "")
    return detail or f"Qt exited with code {probe.returncode}"


def create_application(argv: list[str] | None = None) -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(argv or sys.argv[:1])
    QtCore.QCoreApplication.setOrganizationName(ORGANIZATION)
    QtCore.QCoreApplication.setApplicationName(APPLICATION)
    QtCore.QCoreApplication.setApplicationVersion(__version__)
    QtGui.QGuiApplication.setDesktopFileName("io.github.parallax.Parallax")
    QtGui.QGuiApplication.setWindowIcon(app_icon())
    return app


def app_icon() -> QtGui.QIcon:
    return QtGui.QIcon(str(resource_path("icons", "parallax.svg")))


def folder_to_open(requested: Path | None, settings: Settings) -> tuple[Path, str]:
    """The folder to open at start (requested, else the last one used, else the sample), and a note."""
    if requested is not None:
        return requested, ""
    last = settings.last_folder()
    if last and Path(last).is_dir():
        return Path(last), ""
    note = f"The last folder, {last}, is gone; showing the sample corpus." if last else ""
    return sample_corpus_path(), note


def run_window(folder: Path | None = None) -> int:
    """`parallax [FOLDER]`: open the window; exit code 1 (with a message) when there is no display."""
    if os.environ.get(PROBE_ENV):  # the frozen app started as a platform probe by `platform_problem`
        QtGui.QGuiApplication(sys.argv[:1])
        return 0
    if os.environ.get(CHILD_ENV):  # the frozen app started as an alignment process by `run_in_process`
        child_main()
        return 0
    problem = platform_problem()
    if problem is not None:
        # Qt's X11 plugin names only xcb-cursor, but any of its X libraries may be the missing one.
        hint = (
            "  Install the X11 libraries Qt needs (Debian/Ubuntu: sudo apt-get install libxcb-cursor0 "
            "libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0).\n"
            if "xcb" in problem
            else ""
        )
        print(
            "parallax: cannot open a window: Qt found no usable display "
            f"(QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '(default)')}, "
            f"DISPLAY={os.environ.get('DISPLAY', '(unset)')}).\n"
            f"  Qt said: {problem}\n"
            f"{hint}"
            "  Run it from a desktop session, or use QT_QPA_PLATFORM=offscreen for a headless run;\n"
            "  `parallax align FOLDER` works without any display.",
            file=sys.stderr,
        )
        return 1
    from viewer.ui.main_window import MainWindow

    app = create_application()
    settings = Settings()
    window = MainWindow(settings)
    start, note = folder_to_open(folder, settings)
    window.show()
    if saved.is_saved_result(start):
        window.open_result(start)
    else:
        window.open_folder(start)
    if note:
        window.statusBar().showMessage(note, 10000)
    return app.exec()
