"""A colour legend (chip + label per entry, wrapping in a narrow pane), drawn from the palette so it matches
what it explains.

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


class FlowLayout(QtWidgets.QLayout):
    """Items left to right, wrapping onto the next line when the width runs out; its height follows its
    width. Qt ships no such layout (its documentation gives this one as an example), and a legend cut at the
    pane's edge ("Confl", "Soft c" in a 1024-pixel window) reads as broken."""

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, spacing: int = 10, line_spacing: int = 2
    ) -> None:
        super().__init__(parent)
        self._items: list[QtWidgets.QLayoutItem] = []
        self._spacing, self._line_spacing = spacing, line_spacing

    def addItem(self, item: QtWidgets.QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QtWidgets.QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QtWidgets.QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> QtCore.Qt.Orientation:
        return QtCore.Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QtCore.QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QtCore.QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QtCore.QSize:
        """One line holding every item."""
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in self._items) + self._spacing * max(len(self._items) - 1, 0)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QtCore.QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QtCore.QSize:
        """The widest item alone on a line."""
        m = self.contentsMargins()
        size = QtCore.QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size + QtCore.QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QtCore.QRect, move: bool) -> int:
        """Lay the items out in `rect` (only measure unless `move`); the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._line_spacing, 0
            if move:
                item.setGeometry(QtCore.QRect(QtCore.QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


class Legend(QtWidgets.QWidget):
    """Colour chips with their labels, then `notes`: marks that are no colour (bold, faded), as rich text
    showing the mark itself. In a narrow pane the entries wrap onto a second line; a chip stays with its
    label."""

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
        layout = FlowLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        policy = QtWidgets.QSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if title:
            layout.addWidget(QtWidgets.QLabel(title))
        for label, _color, tip in entries(marks.is_dark(self.palette())):
            chip = QtWidgets.QLabel()
            text = QtWidgets.QLabel(label)
            entry = QtWidgets.QWidget()
            row = QtWidgets.QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            for w in (chip, text):
                w.setToolTip(tip)
                row.addWidget(w)
            layout.addWidget(entry)
            self.chips.append(chip)
        for text, tip in notes:
            note = QtWidgets.QLabel(text)
            note.setTextFormat(QtCore.Qt.TextFormat.RichText)
            note.setToolTip(tip)
            layout.addWidget(note)
            self.notes.append(note)
        self._paint_chips()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.heightForWidth(width) if layout is not None else 0

    def sizeHint(self) -> QtCore.QSize:
        """As wide as one line, as high as the lines the entries need at the present width."""
        hint = super().sizeHint()
        height = self.heightForWidth(self.width()) if self.width() > 0 else hint.height()
        return QtCore.QSize(hint.width(), height)

    def minimumSizeHint(self) -> QtCore.QSize:
        """No minimum width (the entries wrap instead); the height of the lines at the present width."""
        return QtCore.QSize(0, self.sizeHint().height())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width may need another number of lines

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
