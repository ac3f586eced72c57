"""A one-line colour legend (chip + label per entry), drawn from the palette so it matches what it explains.

Imports: viewer.palette, viewer.ui (marks, qt).
"""

from __future__ import annotations

from collections.abc import Sequence

from viewer import palette
from viewer.ui import marks
from viewer.ui.qt import QtGui, QtWidgets

_CHIP = 12

Entry = tuple[str, QtGui.QColor, str]  # label, colour, tooltip


def mark_entries(items: Sequence[palette.Mark], dark: bool) -> list[Entry]:
    return [(m.label, marks.mark_color(m, dark), m.description) for m in items]


def shade_entries(dark: bool) -> list[Entry]:
    """The reading pane's shading: how many other documents share a passage."""
    count = len(palette.SHARED_SHADES_LIGHT)
    return [
        (
            f"{n}{'+' if n == count else ''}",
            marks.shade_color(n, dark),
            f"Shared with {n}{' or more' if n == count else ''} other document{'s' * (n > 1)}",
        )
        for n in range(1, count + 1)
    ]


class Legend(QtWidgets.QWidget):
    def __init__(
        self, entries: Sequence[Entry], title: str = "", parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        if title:
            layout.addWidget(QtWidgets.QLabel(title))
        for label, color, tip in entries:
            chip = QtWidgets.QLabel()
            pixmap = QtGui.QPixmap(_CHIP, _CHIP)
            pixmap.fill(color)
            chip.setPixmap(pixmap)
            text = QtWidgets.QLabel(label)
            for w in (chip, text):
                w.setToolTip(tip)
                layout.addWidget(w)
            layout.addSpacing(10)
        layout.addStretch(1)
