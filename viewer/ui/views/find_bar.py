"""The find bar under the reading pane: Enter finds the next match, Shift+Enter the previous, Esc closes.

Imports: viewer.ui.qt, viewer.ui.views.text_pane.
"""

from __future__ import annotations

from viewer.ui.qt import Qt, QtGui, QtWidgets
from viewer.ui.views.text_pane import TextPane


class FindBar(QtWidgets.QWidget):
    def __init__(self, pane: TextPane, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self.edit = QtWidgets.QLineEdit()
        self.edit.setPlaceholderText(self.tr("Find in document"))
        self.edit.setAccessibleName(self.tr("Find in document"))
        self.edit.setClearButtonEnabled(True)
        self.status = QtWidgets.QLabel()
        previous = QtWidgets.QToolButton(text=self.tr("Previous"), autoRaise=True)
        following = QtWidgets.QToolButton(text=self.tr("Next"), autoRaise=True)
        close = QtWidgets.QToolButton(text="✕", autoRaise=True, toolTip=self.tr("Close (Esc)"))
        close.setAccessibleName(self.tr("Close the find bar"))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QtWidgets.QLabel(self.tr("Find:")))
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.status)
        layout.addWidget(close)
        previous.clicked.connect(lambda: self.find(backward=True))
        following.clicked.connect(lambda: self.find())
        close.clicked.connect(self.close_bar)
        self.edit.returnPressed.connect(self._on_return)
        self.edit.textEdited.connect(self._on_edited)

    def open(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.pane.setFocus()

    def find(self, backward: bool = False) -> bool:
        if not self.edit.text():
            self.open()
            return False
        found = self.pane.find_text(self.edit.text(), backward)
        self.status.setText("" if found else self.tr("Not found"))
        return found

    def _on_return(self) -> None:
        shift = QtWidgets.QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        self.find(backward=bool(shift))

    def _on_edited(self, text: str) -> None:
        """Find as you type, from the start of the current selection so the match grows in place."""
        cursor = self.pane.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self.pane.setTextCursor(cursor)
        self.status.setText("" if not text or self.pane.find_text(text) else self.tr("Not found"))

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
