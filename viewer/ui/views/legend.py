"""A one-line colour legend (chip + label per entry), drawn from the palette so it matches what it explains.

Its chips are repainted whenever the widget's palette changes, so they follow the desktop between light and
dark. Imports: viewer.palette, viewer.ui (marks, qt).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from viewer import palette
from viewer.ui import marks
from viewer.ui.qt import QtCore, QtGui, QtWidgets

_CHIP = 12

Entry = tuple[str, QtGui.QColor, str]  # label, colour, tooltip
Entries = Callable[[bool], Sequence[Entry]]  # the entries for a dark (True) or a light theme


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
    """Colour chips with their labels, then `notes`: marks that are no colour (bold, faded), as rich text
    showing the mark itself."""

    def __init__(
        self,
        entries: Entries,
        title: str = "",
        parent: QtWidgets.QWidget | None = None,
        notes: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self._entries = entries
        self.chips: list[QtWidgets.QLabel] = []
        self.notes: list[QtWidgets.QLabel] = []
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        if title:
            layout.addWidget(QtWidgets.QLabel(title))
        for label, _color, tip in entries(marks.is_dark(self.palette())):
            chip = QtWidgets.QLabel()
            text = QtWidgets.QLabel(label)
            for w in (chip, text):
                w.setToolTip(tip)
                layout.addWidget(w)
            layout.addSpacing(6)
            self.chips.append(chip)
        for text, tip in notes:
            note = QtWidgets.QLabel(text)
            note.setTextFormat(QtCore.Qt.TextFormat.RichText)
            note.setToolTip(tip)
            layout.addWidget(note)
            layout.addSpacing(6)
            self.notes.append(note)
        layout.addStretch(1)
        self._paint_chips()

    def minimumSizeHint(self) -> QtCore.QSize:
        """No minimum width: in a narrow window the last entries are cut (their tooltips remain) rather
        than the window being held wide."""
        return QtCore.QSize(0, super().minimumSizeHint().height())

    def _paint_chips(self) -> None:
        for chip, (_label, color, _tip) in zip(
            self.chips, self._entries(marks.is_dark(self.palette())), strict=True
        ):
            pixmap = QtGui.QPixmap(_CHIP, _CHIP)
            pixmap.fill(color)
            chip.setPixmap(pixmap)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._paint_chips()
