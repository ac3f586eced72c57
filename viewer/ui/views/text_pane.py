"""A read-only wrapped text view addressed in Python string offsets, under the reading and comparison panes.

A QPlainTextEdit, not a QTextEdit: it lays text out lazily, where QTextEdit laid out a whole 35,000-character
article (and again after each formatted span) on the GUI thread, 50-130 ms per document.

It formats spans, shows a tooltip for the span under the mouse, reports clicks as offsets and highlights one
current span. Its colours come from a `Marker` asked again whenever the palette changes (the desktop
switching between light and dark), so marks already shown follow the theme. Imports: viewer.ui.qt,
viewer.ui.textpos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from viewer.ui.qt import QtCore, QtGui, QtWidgets, Signal
from viewer.ui.textpos import TextPositions

TooltipFn = Callable[[int], str | None]
FormattedSpan = tuple[int, int, QtGui.QTextCharFormat]
Marker = Callable[[QtGui.QPalette], Iterable[FormattedSpan]]  # the text's formats for a palette


class TextPane(QtWidgets.QPlainTextEdit):
    clicked = Signal(int)  # offset into the shown text, on a click that selected nothing

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)  # Tab moves on to the next pane
        self.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
            | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(12)
        self.document().setUndoRedoEnabled(False)  # formatting spans must not pile up an undo history
        self._positions = TextPositions("")
        self._text = ""
        self._tooltip: TooltipFn | None = None
        self._marker: Marker | None = None
        self._current: tuple[int, int] | None = None
        self.viewport().installEventFilter(self)
        self.viewport().setMouseTracking(True)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str, tooltip: TooltipFn | None = None, marker: Marker | None = None) -> None:
        """Show `text`, formatted by `marker` for the current palette (and again for each new one)."""
        self._text = text
        self._positions = TextPositions(text)
        self._tooltip = tooltip
        self._marker = marker
        self._current = None
        self.setExtraSelections([])
        # QTextEdit.setPlainText would carry over the cursor's last format (a dimmed context, a verdict
        # colour) into the new text; the document's own setPlainText starts from the default format.
        self.document().setPlainText(text)
        self.setTextCursor(QtGui.QTextCursor(self.document()))
        if marker is not None:
            self.format_spans(marker(self.palette()))

    def format_spans(self, spans: Iterable[FormattedSpan]) -> None:
        """Merge each format into its span (offsets into the shown text), as one edit so the text is laid
        out once, not once per span."""
        cursor = QtGui.QTextCursor(self.document())
        cursor.beginEditBlock()
        for start, end, fmt in spans:
            cursor.setPosition(self._positions.to_qt(start))
            cursor.setPosition(self._positions.to_qt(end), QtGui.QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def _remark(self) -> None:
        """Drop every format and ask the marker again, for the palette now in force."""
        cursor = QtGui.QTextCursor(self.document())
        cursor.select(QtGui.QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QtGui.QTextCharFormat())
        if self._marker is not None:
            self.format_spans(self._marker(self.palette()))
        if self._current is not None:
            self.highlight(*self._current, scroll=False)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._remark()

    def highlight(self, start: int, end: int, scroll: bool = True) -> None:
        """Mark start..end as the current span (a selection-coloured underlay) and scroll it into view."""
        self._current = (start, end)
        sel = QtWidgets.QTextEdit.ExtraSelection()
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(self._positions.to_qt(start))
        cursor.setPosition(self._positions.to_qt(end), QtGui.QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        color = self.palette().color(QtGui.QPalette.ColorRole.Highlight)
        color.setAlpha(70)
        sel.format.setBackground(color)
        self.setExtraSelections([sel])
        if scroll:
            self.scroll_to(start, end)

    def select(self, start: int, end: int) -> None:
        """Select start..end (a search hit) and bring it into view."""
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(self._positions.to_qt(start))
        cursor.setPosition(self._positions.to_qt(end), QtGui.QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def qt_position(self, offset: int) -> int:
        """The Qt document position of Python offset `offset` of the shown text."""
        return self._positions.to_qt(offset)

    def clear_highlight(self) -> None:
        self._current = None
        self.setExtraSelections([])

    def scroll_to(self, start: int, end: int) -> None:
        """Bring start..end into view, its beginning a little below the top when the span is long."""
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(self._positions.to_qt(end))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self._positions.to_qt(start))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def top_offset(self) -> int:
        """The offset of the first text in view (to come back to with `show_from`)."""
        return self.offset_at(QtCore.QPoint(0, 0))

    def show_from(self, offset: int) -> None:
        """Scroll so that the line of `offset` is the first in view (or as near as the text's end allows).

        By text, not by scroll-bar value: the bar counts laid-out lines, which a re-shown text may not have
        yet. Scrolled to the end first, bringing the line into view puts it at the top."""
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(self._positions.to_qt(min(offset, len(self._text))))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def offset_at(self, point: QtCore.QPoint) -> int:
        return self._positions.from_qt(self.cursorForPosition(point).position())

    def tooltip_at(self, offset: int) -> str | None:
        return self._tooltip(offset) if self._tooltip else None

    def find_text(self, needle: str, backward: bool = False) -> bool:
        """Select the next (or previous) occurrence of `needle`, wrapping around; False when there is none."""
        flags = QtGui.QTextDocument.FindFlag.FindBackward if backward else QtGui.QTextDocument.FindFlag(0)
        if not needle:
            return False
        if self.find(needle, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QtGui.QTextCursor.MoveOperation.End if backward else QtGui.QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(needle, flags)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.viewport():
            if event.type() == QtCore.QEvent.Type.ToolTip:
                tip = self.tooltip_at(self.offset_at(event.pos()))
                if tip:
                    QtWidgets.QToolTip.showText(event.globalPos(), tip, self.viewport())
                else:
                    QtWidgets.QToolTip.hideText()
                    event.ignore()
                return True
            if (
                event.type() == QtCore.QEvent.Type.MouseButtonRelease
                and event.button() == QtCore.Qt.MouseButton.LeftButton
                and not self.textCursor().hasSelection()
            ):
                self.clicked.emit(self.offset_at(event.position().toPoint()))
        return super().eventFilter(watched, event)
