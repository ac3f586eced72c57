"""Shared test setup: Qt runs headless, and every test gets its own settings, config and cache folders.

QT_QPA_PLATFORM is set here, before anything creates a Qt application. The XDG variables point into a
fresh temporary folder per test (platformdirs and QStandardPaths read them; $PARALLAX_CACHE_DIR is
unset), and QSettings, which caches
its paths once per process, is pointed there too, so no test sees another's recent folders or layout.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.core.index.store import CACHE_ENV

os.environ["QT_QPA_PLATFORM"] = "offscreen"

XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home for config, cache, data and state; returns its root."""
    root = tmp_path_factory.mktemp("user-dirs")
    for name in XDG_VARIABLES:
        folder = root / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    # The index's own override of the cache folder would send tests' indexes into a developer's real cache.
    monkeypatch.delenv(CACHE_ENV, raising=False)
    from viewer.ui.qt import QtCore

    for fmt in (QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Format.IniFormat):
        QtCore.QSettings.setPath(fmt, QtCore.QSettings.Scope.UserScope, str(root / "xdg_config_home"))
    return root


@pytest.fixture
def window(qtbot):
    """The real main window, shown at a desktop size (empty until a test opens a folder)."""
    from viewer.ui.app import create_application
    from viewer.ui.main_window import MainWindow

    create_application()
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w
