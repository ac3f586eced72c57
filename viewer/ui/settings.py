"""What the window remembers between runs (QSettings): last and recent folders, threshold, layout.

QSettings finds its file through the platform's config location (XDG_CONFIG_HOME on Linux), which is how
the tests keep their settings apart. Imports: viewer.ui.qt.
"""

from __future__ import annotations

from viewer.ui.qt import QtCore

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

    def bytes_value(self, key: str) -> QtCore.QByteArray | None:
        value = self._s.value(f"layout/{key}")
        return value if isinstance(value, QtCore.QByteArray) else None

    def set_bytes_value(self, key: str, value: QtCore.QByteArray) -> None:
        self._s.setValue(f"layout/{key}", value)

    def sync(self) -> None:
        self._s.sync()
