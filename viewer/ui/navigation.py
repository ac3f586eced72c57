"""Moving through the corpus in the main window: documents, shared passages, parallels, and the pairs the
overview and the discrepancies table point at. A mixin of `MainWindow`, kept apart so each module stays
small; it uses the window's models and views and never does corpus-sized work.

Imports: viewer.core.model, viewer.ui (main_window's names only for typing, models).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viewer.core.model import Pair
from viewer.ui.models.group import group_rows
from viewer.ui.models.table import RECORD_ROLE
from viewer.ui.qt import QtCore

if TYPE_CHECKING:
    from viewer.ui.main_window import MainWindow

TABS = ("Comparison", "Group", "Discrepancies", "Skipped files")  # the tabs under the reading pane


class Navigation:
    """Selecting a document, a passage, a parallel; the window's `index` answers every question."""

    def _on_document_row(
        self: MainWindow, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex
    ) -> None:
        if current.isValid():
            row = current.siblingAtColumn(0).data(RECORD_ROLE)
            if row.doc.id != self.current_doc:
                self.show_document(row.doc.id)

    def select_document(self: MainWindow, doc_id: str) -> None:
        """Select `doc_id` in the documents table (clearing a filter that hides it) and show it."""
        row = self.documents_model.row_of(doc_id)
        proxy_index = self.documents_proxy.mapFromSource(self.documents_model.index(row, 0))
        if not proxy_index.isValid():
            self.documents_filter.clear()
            proxy_index = self.documents_proxy.mapFromSource(self.documents_model.index(row, 0))
        self.documents_view.setCurrentIndex(proxy_index)
        self.documents_view.scrollTo(proxy_index)
        if self.current_doc != doc_id:
            self.show_document(doc_id)

    def show_document(self: MainWindow, doc_id: str, keep_passage: bool = False) -> None:
        docs = (self.index.docs if self.index else self.corpus.by_id()) if (self.index or self.corpus) else {}
        if doc_id not in docs:
            return
        offset = self.current_offset if keep_passage and doc_id == self.current_doc else None
        self.current_doc, self.current_offset = doc_id, None
        self.reading.show_document(docs[doc_id], self.index)
        self.parallels_model.set_records([])
        self.parallels_title.setText("Parallels")
        self.comparison.clear()
        self.group_model.set_records([])
        if offset is not None:
            self.select_passage(offset)

    def select_passage(self: MainWindow, offset: int) -> None:
        """List the parallels of the passage at `offset` of the current document and compare the first."""
        if self.index is None or self.current_doc is None:
            return
        pairs = self.index.pairs_at(self.current_doc, offset)
        self.current_offset = offset
        span = self.index.passage_span(self.current_doc, pairs)
        if span is None:
            self.reading.text.setExtraSelections([])
            self.parallels_model.set_records([])
            self.parallels_title.setText("Parallels: none here (click a shaded passage)")
            self.comparison.clear()
            self.passage_selected.emit()
            return
        self.reading.text.highlight(*span)
        self._list_pairs(self.current_doc, pairs, f"Parallels of this passage: {len(pairs)}")

    def _list_pairs(self: MainWindow, focus: str, pairs: list[Pair], title: str) -> None:
        assert self.index is not None
        self.parallels_model.show_pairs(focus, pairs, self.index.docs)
        self.parallels_title.setText(title)
        self.parallels_view.fit_columns(160)
        if pairs:
            self.parallels_view.select_row(0)
        self.passage_selected.emit()

    def step_passage(self: MainWindow, step: int) -> None:
        """Move to the next (1) or previous (-1) shared passage of the current document."""
        if self.index is None or self.current_doc is None:
            return
        start = -1 if self.current_offset is None and step > 0 else self.current_offset
        if start is None:
            start = len(self.index.docs[self.current_doc].text) + 1
        offset = self.index.next_passage_start(self.current_doc, start, step)
        if offset is None:
            self.statusBar().showMessage("No more shared passages in this document.", 3000)
            return
        self.select_passage(offset)

    def _on_parallel_row(
        self: MainWindow, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex
    ) -> None:
        if not current.isValid() or self.index is None:
            return
        row = current.siblingAtColumn(0).data(RECORD_ROLE)
        self.comparison.show_pair(row.focus, row.pair, self.index)
        self.group_model.set_records(group_rows(self.index, row.pair.group))
        self.group_view.fit_columns(200)

    def open_pair(self: MainWindow, focus: str, pair: Pair) -> None:
        """Show document `focus` at its side of `pair`, with `pair` selected and compared."""
        self.select_document(focus)
        self.select_passage(pair.side(focus).start)
        for row, record in enumerate(self.parallels_model.records()):
            if record.pair == pair:
                self.parallels_view.select_row(
                    self.parallels_proxy.mapFromSource(self.parallels_model.index(row, 0)).row()
                )
        self.tabs.setCurrentIndex(TABS.index("Comparison"))

    def show_pair_of_documents(self: MainWindow, doc_a: str, doc_b: str) -> None:
        """From the overview: show `doc_a` and list every parallel it has in `doc_b`."""
        if self.index is None:
            return
        self.select_document(doc_a)
        pairs = self.index.pairs_between(doc_a, doc_b)
        label = self.index.docs[doc_b].label
        self._list_pairs(doc_a, pairs, f"Parallels with {label}: {len(pairs)}")
