"""The Discrepancies tab: every disputed number or date of the corpus, one row per document's claim.

Enter or a double-click on a row opens the comparison that shows that disagreement (`opened`).
Imports: viewer.core.facts.discrepancies, viewer.ui (index, selection, models, views).
"""

from __future__ import annotations

from viewer.core.facts.discrepancies import Discrepancy
from viewer.ui.index import CorpusIndex
from viewer.ui.models.discrepancies import VERDICT_COLUMN, ClaimRow, DiscrepanciesModel, claim_rows
from viewer.ui.models.table import RECORD_ROLE, sorted_proxy
from viewer.ui.qt import QtCore, QtWidgets, Signal
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import TableView, VerdictDelegate


class DiscrepanciesPanel(QtWidgets.QWidget):
    opened = Signal(object)  # the ClaimRow whose comparison the user asked for
    counted = Signal(str)  # the tab's title: how many conflicts and soft divergences

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DiscrepanciesModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.view = TableView()
        self.view.setObjectName("discrepanciesView")
        self.view.setAccessibleName(self.tr("Discrepancies"))
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(VERDICT_COLUMN, VerdictDelegate(self.view))
        self.view.setToolTip(self.tr("Double-click or press Enter on a row to open that comparison"))
        self.view.activated.connect(self._activated)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)

    def set_index(self, index: CorpusIndex | None) -> None:
        if index is None:
            self.set_discrepancies([])

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        """The table lists the whole corpus: the selection does not change it."""

    def set_discrepancies(self, discrepancies: list[Discrepancy]) -> None:
        self.model.set_records(claim_rows(discrepancies))
        self.view.fit_columns()
        conflicts = sum(d.verdict == "conflict" for d in discrepancies)
        soft = len(discrepancies) - conflicts
        counts = self.tr("1 conflict") if conflicts == 1 else self.tr("{n} conflicts").format(n=conflicts)
        self.counted.emit(
            self.tr("Discrepancies ({conflicts}, {soft} soft)").format(conflicts=counts, soft=soft)
            if discrepancies
            else self.tr("Discrepancies")
        )

    def rows(self) -> list[ClaimRow]:
        return self.model.records()

    def _activated(self, index: QtCore.QModelIndex) -> None:
        self.opened.emit(index.siblingAtColumn(0).data(RECORD_ROLE))
