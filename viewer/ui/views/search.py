"""The Search tab (Ctrl+Shift+F): a word or phrase found across every article, with the number of hits in
each document; choosing a document shows it with the first hit selected (F3 goes on to the next).

Case-insensitive, typography folded (curly and straight quotes, dashes) so that "troops' remains" finds
"troops’ remains". Imports: viewer.core.model, viewer.ui (index, selection, models.table, views.tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from viewer.core.model import Document
from viewer.ui.index import CorpusIndex
from viewer.ui.models.table import RECORD_ROLE, Column, RecordTableModel, sorted_proxy
from viewer.ui.qt import Qt, QtCore, QtWidgets, Signal
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import TableView

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """`text` with typographic variants made plain, same length (offsets stay valid)."""
    folded = text.translate(_FOLD).lower()  # lower(), not casefold(): that changes lengths ("ß" -> "ss")
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD))  # "İ" and the like


@dataclass(frozen=True, slots=True)
class Hits:
    doc: Document
    starts: tuple[int, ...]


def search(documents: tuple[Document, ...], needle: str) -> list[Hits]:
    """Every document containing `needle` (folded), with where; most hits first."""
    wanted = fold(" ".join(needle.split()))
    if not wanted:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in wanted.split(" ")))
    found = []
    for doc in documents:
        starts = tuple(m.start() for m in pattern.finditer(fold(doc.text)))
        if starts:
            found.append(Hits(doc, starts))
    return sorted(found, key=lambda h: (-len(h.starts), h.doc.label))


COLUMNS = (
    Column("Hits", lambda h: str(len(h.starts)), sort=lambda h: len(h.starts), numeric=True),
    Column("Source", lambda h: h.doc.label),
    Column("Title", lambda h: h.doc.title, tooltip=lambda h: h.doc.title),
)


class SearchPanel(QtWidgets.QWidget):
    chosen = Signal(str, int, int)  # (document id, start, end) of the first hit in the document picked

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QtWidgets.QLineEdit(placeholderText=self.tr("Search every article (Ctrl+Shift+F)"))
        self.box.setAccessibleName(self.tr("Search every article"))
        self.box.setClearButtonEnabled(True)
        self.summary = QtWidgets.QLabel()
        self.model = RecordTableModel(COLUMNS, self)
        self.proxy = sorted_proxy(self.model, self)
        self.view = TableView()
        self.view.setObjectName("searchView")
        self.view.setAccessibleName(self.tr("Documents with hits"))
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.proxy)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        top.addWidget(self.box, 1)
        top.addWidget(self.summary)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._documents: tuple[Document, ...] = ()
        self._timer = QtCore.QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self.run)

    def set_index(self, index: CorpusIndex | None) -> None:
        self._documents = index.documents if index is not None else ()
        self.run()

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        """The hits cover every article: the selection does not change them."""

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def run(self) -> None:
        self._timer.stop()
        hits = search(self._documents, self.box.text())
        self.model.set_records(hits)
        self.view.fit_columns(220)
        total = sum(len(h.starts) for h in hits)
        self.summary.setText(
            self.tr("{hits} hits in {docs} documents").format(hits=total, docs=len(hits))
            if self.box.text()
            else ""
        )

    def hits(self) -> list[Hits]:
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def _activated(self, index: QtCore.QModelIndex) -> None:
        hits: Hits = index.siblingAtColumn(0).data(RECORD_ROLE)
        start = hits.starts[0]
        self.chosen.emit(hits.doc.id, start, start + len(" ".join(self.box.text().split())))
