"""The Overview dock: the heat map of how much of each document (row) each other (column) shares.

Imports: viewer.ui (index, selection, models.overview, views.tables).
"""

from __future__ import annotations

from viewer.ui.index import CorpusIndex
from viewer.ui.models.overview import OverviewModel
from viewer.ui.qt import QtWidgets
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import OverviewView


class OverviewPanel(OverviewView):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = OverviewModel(self)
        self.setModel(self.model_)
        self.setAccessibleName(self.tr("Overview: shared text between documents"))

    def set_index(self, index: CorpusIndex | None) -> None:
        self.model_.set_index(index)

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        """The map shows the whole corpus: the selection does not change it."""
