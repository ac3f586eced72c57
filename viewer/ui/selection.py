"""What the window is looking at, in one place: the folder, the document, the offset clicked in it, and the
pair compared. Panels read it and redraw on its `changed` signal; controllers write it.

Imports: viewer.core.model, viewer.ui.qt.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from viewer.core.model import Pair
from viewer.ui.qt import QtCore, Signal


class Field(StrEnum):
    FOLDER = "folder"
    DOCUMENT = "document"
    OFFSET = "offset"
    PAIR = "pair"


class Selection(QtCore.QObject):
    """The shared state of the window. `changed` carries the frozenset of `Field`s that changed.

    Choosing a folder clears the document; choosing another document clears the offset and the pair. The
    pair is seen from `focus` (the document shown on the left of the comparison), usually `document`.
    """

    changed = Signal(object)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.folder: Path | None = None
        self.document: str | None = None
        self.offset: int | None = None
        self.pair: Pair | None = None
        self.focus: str | None = None

    def set_folder(self, folder: Path | None) -> None:
        self.folder = folder
        self.document = self.offset = self.pair = self.focus = None
        self.changed.emit(frozenset(Field))

    def set_document(self, doc_id: str | None) -> None:
        """Show `doc_id` (nothing changes when it is already shown)."""
        if doc_id == self.document:
            return
        self.document, self.offset, self.pair, self.focus = doc_id, None, None, None
        self.changed.emit(frozenset((Field.DOCUMENT, Field.OFFSET, Field.PAIR)))

    def set_offset(self, offset: int | None) -> None:
        """A click (or a step) at `offset` of the current document; the pair compared is cleared."""
        self.offset, self.pair, self.focus = offset, None, None
        self.changed.emit(frozenset((Field.OFFSET, Field.PAIR)))

    def set_pair(self, focus: str | None, pair: Pair | None) -> None:
        if (focus, pair) == (self.focus, self.pair):
            return
        self.focus, self.pair = (focus, pair) if pair is not None else (None, None)
        self.changed.emit(frozenset((Field.PAIR,)))
