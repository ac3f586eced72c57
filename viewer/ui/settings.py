"""What the window remembers between runs (QSettings): last and recent folders, threshold, window layout,
and per folder the user's notes (see `folder_notes`).

QSettings finds its file through the platform's config location (XDG_CONFIG_HOME on Linux), which is how
the tests keep their settings apart. Imports: viewer.ui.qt.
"""

from __future__ import annotations

import hashlib

from viewer.ui.qt import QtCore, QtGui, QtWidgets

ORGANIZATION = "Parallax"
APPLICATION = "Parallax"
MAX_RECENT = 8


class Settings:
    def __init__(self) -> None:
        self._s = QtCore.QSettings(ORGANIZATION, APPLICATION)

    def last_folder(self) -> str | None:
        value = self._s.value("folders/last")
        return str(value) if value else None

    def recent_folders(self) -> list[str]:
        value = self._s.value("folders/recent") or []
        return [str(v) for v in ([value] if isinstance(value, str) else value)]

    def remember_folder(self, folder: str) -> None:
        """Make `folder` the last one used and put it first among the recent folders."""
        recent = [folder] + [f for f in self.recent_folders() if f != folder]
        self._s.setValue("folders/last", folder)
        self._s.setValue("folders/recent", recent[:MAX_RECENT])

    def threshold(self) -> float | None:
        value = self._s.value("view/threshold")
        try:
            return None if value is None else float(value)
        except (TypeError, ValueError):
            return None

    def set_threshold(self, value: float) -> None:
        self._s.setValue("view/threshold", float(value))

    def folder_notes(self, folder: str) -> str:
        """What the user noted about `folder` (exclusions, corrections, triage), as saved: JSON text."""
        value = self._s.value(f"notes/{_folder_key(folder)}")
        return value if isinstance(value, str) else ""

    def set_folder_notes(self, folder: str, notes: str) -> None:
        self._s.setValue(f"notes/{_folder_key(folder)}", notes)
        self._s.sync()

    def _bytes(self, key: str) -> QtCore.QByteArray | None:
        value = self._s.value(f"layout/{key}")
        return value if isinstance(value, QtCore.QByteArray) else None

    def _set_bytes(self, key: str, value: QtCore.QByteArray) -> None:
        self._s.setValue(f"layout/{key}", value)

    def restore_window(self, window: QtWidgets.QMainWindow, splitters: tuple[str, ...]) -> None:
        """Geometry, docks, toolbars and the named splitters of `window` as last saved (or a good size)."""
        geometry = self._bytes("geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            screen = QtGui.QGuiApplication.primaryScreen().availableGeometry()
            window.resize(min(1400, screen.width() * 9 // 10), min(900, screen.height() * 9 // 10))
        state = self._bytes("state")
        if state is not None:
            window.restoreState(state)
        for name in splitters:
            saved = self._bytes(name)
            splitter = window.findChild(QtWidgets.QSplitter, name)
            if saved is not None and splitter is not None:
                splitter.restoreState(saved)

    def save_window(self, window: QtWidgets.QMainWindow, splitters: tuple[str, ...]) -> None:
        self._set_bytes("geometry", window.saveGeometry())
        self._set_bytes("state", window.saveState())
        for name in splitters:
            splitter = window.findChild(QtWidgets.QSplitter, name)
            if splitter is not None:
                self._set_bytes(name, splitter.saveState())
        self._s.sync()


def _folder_key(folder: str) -> str:
    """A settings key for a folder path (paths hold characters QSettings keys cannot)."""
    return hashlib.sha1(folder.encode("utf-8", "surrogateescape")).hexdigest()
