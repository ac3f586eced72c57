"""The bar that says the open folder changed on disk and offers to update: non-modal, above the panes.

Imports: viewer.core.index.store (Changes), viewer.ui.qt.
"""

from __future__ import annotations

import html

from viewer.core.index.store import Changes
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

MAX_NAMES = 10  # per kind, in the tooltip


class UpdateBar(QtWidgets.QFrame):
    update_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateBar")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        # a colour of the theme, not of the palette module: the bar follows a light or dark scheme (the
        # tooltip colours, usual for such bars, stay light under a dark palette derived from one colour)
        self.setBackgroundRole(QtGui.QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        icon = QtWidgets.QLabel()
        size = self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size)
        )
        self.label = QtWidgets.QLabel(textFormat=Qt.TextFormat.RichText)
        self.update_button = QtWidgets.QPushButton(self.tr("Update"))
        self.update_button.setToolTip(self.tr("Align what changed (the same as Reload, F5)"))
        self.dismiss_button = QtWidgets.QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Hide this until the folder changes again"))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.update_button)
        layout.addWidget(self.dismiss_button)
        self.update_button.clicked.connect(self._update)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.changes = Changes()
        self._dismissed = Changes()
        self.hide()

    def show_changes(self, found: Changes) -> None:
        """Say what changed; nothing changed hides the bar, and so do the very changes last dismissed."""
        self.changes = found
        if not found or found == self._dismissed:
            self.hide()
            return
        what = html.escape(describe(found))
        self.label.setText(self.tr("<b>Changed on disk:</b> {what}").format(what=what))
        self.label.setToolTip(_names(found))
        self.show()

    def dismiss(self) -> None:
        self._dismissed = self.changes
        self.hide()

    def reset(self) -> None:
        """Another folder: forget what was shown and dismissed."""
        self.changes = self._dismissed = Changes()
        self.hide()

    def _update(self) -> None:
        self.reset()
        self.update_requested.emit()


def describe(found: Changes) -> str:
    """'2 files added, 1 changed, 0 removed in this folder'."""
    added = len(found.added)
    template = (
        "{added} file added, {changed} changed, {removed} removed in this folder since it was aligned."
        if added == 1
        else "{added} files added, {changed} changed, {removed} removed in this folder since it was aligned."
    )
    return QtCore.QCoreApplication.translate("UpdateBar", template).format(
        added=added, changed=len(found.changed), removed=len(found.removed)
    )


def _names(found: Changes) -> str:
    tr = QtCore.QCoreApplication.translate
    lines = []
    for kind, paths in (("Added", found.added), ("Changed", found.changed), ("Removed", found.removed)):
        if paths:
            names = ", ".join(paths[:MAX_NAMES])
            if len(paths) > MAX_NAMES:
                names = tr("UpdateBar", "{names} and {n} more").format(names=names, n=len(paths) - MAX_NAMES)
            lines.append(f"{tr('UpdateBar', kind)}: {names}")
    return "\n".join(lines)
