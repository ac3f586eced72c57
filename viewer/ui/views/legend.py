"""A one-line colour legend (chip + label per mark), drawn from the palette so it matches what it explains.

Imports: viewer.palette, viewer.ui (marks, qt).
"""

from __future__ import annotations

from viewer import palette
from viewer.ui import marks
from viewer.ui.qt import QtGui, QtWidgets

_CHIP = 12


class Legend(QtWidgets.QWidget):
    def __init__(self, items: tuple[palette.Mark, ...], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._items = items
        self._layout = QtWidgets.QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._build()

    def _build(self) -> None:
        dark = marks.is_dark(self.palette())
        for mark in self._items:
            chip = QtWidgets.QLabel()
            pixmap = QtGui.QPixmap(_CHIP, _CHIP)
            pixmap.fill(marks.mark_color(mark, dark))
            chip.setPixmap(pixmap)
            label = QtWidgets.QLabel(mark.label)
            for w in (chip, label):
                w.setToolTip(mark.description)
                self._layout.addWidget(w)
            self._layout.addSpacing(10)
        self._layout.addStretch(1)
