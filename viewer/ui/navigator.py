"""Moving through the corpus: a document, a shared passage, a parallel, the pairs the overview and the
discrepancies point at, two documents compared directly. It writes the `Selection` (the panels follow it)
and fills the Parallels list; it receives what it needs and never reaches into the window.

Imports: viewer.core.model, viewer.ui (index, selection, views.parallels, qt).
"""

from __future__ import annotations

from viewer.core.model import Pair
from viewer.ui.index import CorpusIndex
from viewer.ui.qt import QtCore, Signal
from viewer.ui.selection import Selection
from viewer.ui.views.parallels import ParallelsPanel


class Navigator(QtCore.QObject):
    listed = Signal()  # the Parallels list was filled (a passage clicked, a pair of documents chosen)
    compare_wanted = Signal()  # a pair was opened from elsewhere: the Comparison tab should show
    message = Signal(str)  # a short note for the status bar

    def __init__(self, selection: Selection, parallels: ParallelsPanel, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.selection = selection
        self.parallels = parallels
        self.index: CorpusIndex | None = None
        parallels.chosen.connect(self.selection.set_pair)

    def set_index(self, index: CorpusIndex | None) -> None:
        self.index = index

    def select_document(self, doc_id: str) -> None:
        self.selection.set_document(doc_id)

    def select_passage(self, offset: int) -> None:
        """List the parallels of the passage at `offset` of the current document and compare the first."""
        doc, index = self.selection.document, self.index
        if index is None or doc is None:
            return
        self.selection.set_offset(offset)
        pairs = index.pairs_at(doc, offset)
        if not pairs:
            self.parallels.clear(self.tr("Parallels: none here (click a shaded passage)"))
            self.listed.emit()
            return
        self._list(doc, pairs, self.tr("Parallels of this passage: {n}").format(n=len(pairs)))

    def step_passage(self, step: int) -> None:
        """Move to the next (1) or previous (-1) shared passage of the current document."""
        doc, index = self.selection.document, self.index
        if index is None or doc is None:
            return
        start = self.selection.offset
        if start is None:
            start = -1 if step > 0 else len(index.docs[doc].text) + 1
        offset = index.next_passage_start(doc, start, step)
        if offset is None:
            self.message.emit(self.tr("No more shared passages in this document."))
            return
        self.select_passage(offset)

    def step_parallel(self, step: int) -> None:
        """Compare the next (1) or previous (-1) parallel of the list, in the order it is shown."""
        rows = self.parallels.rows()
        if not rows:
            self.message.emit(self.tr("No parallels listed: click a shaded passage first."))
            return
        current = self.parallels.current_row()
        row = 0 if current < 0 else current + step
        if not 0 <= row < len(rows):
            self.message.emit(self.tr("No more parallels in this list."))
            return
        self._show(rows[row].focus, rows[row].pair)

    def open_pair(self, focus: str, pair: Pair) -> None:
        """Show document `focus` at its side of `pair`, with `pair` listed, selected and compared."""
        self.selection.set_document(focus)
        self.select_passage(pair.side(focus).start)
        self._show(focus, pair)
        self.compare_wanted.emit()

    def show_pair_of_documents(self, doc_a: str, doc_b: str) -> None:
        """Show `doc_a` and list every parallel it has in `doc_b`, in reading order; compare the first."""
        if self.index is None:
            return
        self.selection.set_document(doc_a)
        pairs = sorted(self.index.pairs_between(doc_a, doc_b), key=lambda p: (p.side(doc_a), p.other(doc_a)))
        label = self.index.docs[doc_b].label
        self._list(doc_a, pairs, self.tr("Parallels with {label}: {n}").format(label=label, n=len(pairs)))
        if pairs:
            self.compare_wanted.emit()

    def _list(self, focus: str, pairs: list[Pair], title: str) -> None:
        self.parallels.list_pairs(focus, pairs, title)
        if pairs:
            self._show(focus, pairs[0])
        self.listed.emit()

    def _show(self, focus: str, pair: Pair) -> None:
        side = pair.side(focus)
        offset = self.selection.offset
        if offset is None or not side.start <= offset < side.end:
            self.selection.offset = side.start  # set with the pair: the reading pane highlights its passage
        self.selection.set_pair(focus, pair)
