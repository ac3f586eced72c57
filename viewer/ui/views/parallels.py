"""The Parallels panel: the parallels of the passage clicked (or of two documents), one line each, and the
whole passage of the selected one below the list, readable without a narrow wrapped column.

Imports: viewer.core.model, viewer.ui (index, selection, models, views).
"""

from __future__ import annotations

from viewer.core.model import Pair
from viewer.ui.index import CorpusIndex
from viewer.ui.models.parallels import ParallelRow, ParallelsModel
from viewer.ui.models.table import RECORD_ROLE, sorted_proxy
from viewer.ui.qt import QtCore, QtWidgets, Signal
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import ParallelsView, panel_box

PASSAGE_LINES = 6  # the height of the passage box below the list, in lines


class ParallelsPanel(QtWidgets.QWidget):
    chosen = Signal(str, object)  # (focus document, Pair) the user picked in the list

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ParallelsModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.view = ParallelsView()
        self.view.setObjectName("parallelsView")
        self.view.setAccessibleName(self.tr("Parallels"))
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.proxy)
        self.passage = QtWidgets.QPlainTextEdit(readOnly=True)
        self.passage.setObjectName("parallelPassage")
        self.passage.setAccessibleName(self.tr("Passage of the selected parallel"))
        self.passage.setTabChangesFocus(True)
        self.passage.setFixedHeight(self.passage.fontMetrics().lineSpacing() * PASSAGE_LINES + 12)
        self.title = QtWidgets.QLabel(self.tr("Parallels"))
        panel_box(self, self.title, self.view, self.passage)
        self._index: CorpusIndex | None = None
        self._following = False
        self.view.selectionModel().currentRowChanged.connect(self._on_row)

    def set_index(self, index: CorpusIndex | None) -> None:
        self._index = index
        if index is None:
            self.clear()

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        if Field.DOCUMENT in changed or Field.OFFSET in changed:
            self.clear()
        if Field.PAIR in changed:
            self._select(selection.pair)

    def clear(self, title: str = "") -> None:
        self.model.set_records([])
        self.title.setText(title or self.tr("Parallels"))
        self.passage.clear()

    def list_pairs(self, focus: str, pairs: list[Pair], title: str) -> None:
        """List `pairs` seen from document `focus` under `title` (nothing selected yet)."""
        if self._index is None:
            return
        self.model.show_pairs(focus, pairs, self._index.docs, self._index.threshold)
        self.title.setText(title)
        self.view.fit()
        self.passage.clear()

    def rows(self) -> list[ParallelRow]:
        """The listed parallels in the order shown."""
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def _select(self, pair: Pair | None) -> None:
        self._following = True
        try:
            row = self.model.row_of(pair) if pair is not None else -1
            if row < 0:
                self.view.selectionModel().clearSelection()
                self.passage.clear()
                return
            self.view.select_row(self.proxy.mapFromSource(self.model.index(row, 0)).row())
            self.passage.setPlainText(self.model.record(row).passage)
        finally:
            self._following = False

    def _on_row(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if self._following or not current.isValid():
            return
        row: ParallelRow = current.siblingAtColumn(0).data(RECORD_ROLE)
        self.chosen.emit(row.focus, row.pair)
