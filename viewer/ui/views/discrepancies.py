"""The Discrepancies tab: every disputed number or date of the corpus, one row per document's claim, and
the fact-checker's triage of them.

Filters by outlet, kind, verdict and status; a disputed fact is marked reviewed or dismissed from the
context menu (the window remembers it per folder, and leaves dismissed facts out of the PDF); the rows
shown export to CSV; a row, its passage, or its passage with a citation copy to the clipboard. Enter or a
double-click opens the comparison that shows that disagreement (`opened`).
Imports: viewer.core (facts.discrepancies, model), viewer.ui (citation, index, selection, models, views).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from viewer.core.facts.discrepancies import Discrepancy
from viewer.core.model import Document, Verdict
from viewer.ui.citation import cited
from viewer.ui.index import CorpusIndex
from viewer.ui.models.discrepancies import (
    OUTLIER_COLUMNS,
    VERDICT_COLUMN,
    ClaimRow,
    DiscrepanciesModel,
    Triage,
    claim_rows,
    csv_text,
)
from viewer.ui.models.table import RECORD_ROLE
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import TableView, VerdictDelegate

ALL = ""  # the filters' "any" entry


class TriageFilter(QtCore.QSortFilterProxyModel):
    """Rows of the chosen outlet, kind, verdict and status (each `ALL` for any); sorted by the sort role."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.wanted: dict[str, str] = {}
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_wanted(self, name: str, value: str) -> None:
        self.beginFilterChange()
        self.wanted[name] = value
        self.endFilterChange(QtCore.QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QtCore.QModelIndex) -> bool:
        model = self.sourceModel()
        row: ClaimRow = model.index(source_row, 0, source_parent).data(RECORD_ROLE)
        return all(
            not want or facet(row) == want for name, want in self.wanted.items() for facet in (FACETS[name],)
        )


FACETS: dict[str, Callable[[ClaimRow], str]] = {
    "outlet": lambda r: r.claim.source,
    "kind": lambda r: r.discrepancy.kind,
    "verdict": lambda r: r.discrepancy.verdict,
    "status": lambda r: r.triage.value,
}
FACET_LABELS = {"outlet": "Outlet", "kind": "Kind", "verdict": "Verdict", "status": "Status"}


class _ShrinkingBar(QtWidgets.QWidget):
    """The filters' row: in a narrow window its right end is cut rather than the window held wide."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(0, super().minimumSizeHint().height())


class DiscrepanciesPanel(QtWidgets.QWidget):
    opened = Signal(object)  # the ClaimRow whose comparison the user asked for
    counted = Signal(str)  # the tab's title: how many conflicts and soft divergences
    triaged = Signal(str, object)  # (discrepancy key, Triage) the user set
    message = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DiscrepanciesModel(self)
        self.proxy = TriageFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = TableView()
        self.view.setObjectName("discrepanciesView")
        self.view.setAccessibleName(self.tr("Discrepancies"))
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.proxy)
        for column in (VERDICT_COLUMN, *OUTLIER_COLUMNS):
            self.view.setItemDelegateForColumn(column, VerdictDelegate(self.view))
        self.view.setToolTip(
            self.tr(
                "Double-click or press Enter on a row to open that comparison; right-click to triage or copy"
            )
        )
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.filters: dict[str, QtWidgets.QComboBox] = {}
        filters = _ShrinkingBar()
        bar = QtWidgets.QHBoxLayout(filters)
        bar.setContentsMargins(6, 4, 6, 0)
        for name, label in FACET_LABELS.items():
            combo = QtWidgets.QComboBox()
            combo.setAccessibleName(self.tr("Filter by {what}").format(what=self.tr(label)))
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(
                lambda _i, n=name, c=combo: self.proxy.set_wanted(n, c.currentData())
            )
            caption = QtWidgets.QLabel(self.tr(label) + ":")
            caption.setBuddy(combo)
            bar.addWidget(caption)
            bar.addWidget(combo)
            self.filters[name] = combo
        bar.addStretch(1)
        self.export_button = QtWidgets.QPushButton(self.tr("Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export the rows shown as CSV"))
        self.export_button.clicked.connect(self.choose_csv)
        bar.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filters)
        layout.addWidget(self.view, 1)
        self._discrepancies: list[Discrepancy] = []
        self._triage: dict[str, Triage] = {}
        self._docs: dict[str, Document] = {}
        self.folder: Path | None = None
        self._fill_filters()

    # -- Panel ----------------------------------------------------------------------------------------------

    def set_index(self, index: CorpusIndex | None) -> None:
        self._docs = index.docs if index is not None else {}
        self.set_discrepancies(list(index.discrepancies) if index is not None else [])

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        if Field.FOLDER in changed:
            self.folder = selection.folder

    # -- content --------------------------------------------------------------------------------------------

    def set_triage(self, triage: dict[str, Triage]) -> None:
        self._triage = dict(triage)
        self._show()

    def set_discrepancies(self, discrepancies: list[Discrepancy]) -> None:
        self._discrepancies = discrepancies
        self._show()
        self.view.fit_columns()
        conflicts = sum(d.verdict == Verdict.CONFLICT for d in discrepancies)
        soft = len(discrepancies) - conflicts
        counts = self.tr("1 conflict") if conflicts == 1 else self.tr("{n} conflicts").format(n=conflicts)
        self.counted.emit(
            self.tr("Discrepancies ({conflicts}, {soft} soft)").format(conflicts=counts, soft=soft)
            if discrepancies
            else self.tr("Discrepancies")
        )

    def _show(self) -> None:
        self.model.set_records(claim_rows(self._discrepancies, self._triage))
        self._fill_filters()

    def _fill_filters(self) -> None:
        rows = self.model.records()
        values = {name: sorted({facet(r) for r in rows}) for name, facet in FACETS.items()}
        values["status"] = [t.value for t in Triage]
        for name, combo in self.filters.items():
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("all"), ALL)
            for value in values[name]:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(kept)))
            combo.blockSignals(False)
            self.proxy.set_wanted(name, combo.currentData() or ALL)

    def rows(self) -> list[ClaimRow]:
        """Every row, filtered or not."""
        return self.model.records()

    def shown_rows(self) -> list[ClaimRow]:
        """The rows the filters let through, in the order shown."""
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def selected_row(self) -> ClaimRow | None:
        index = self.view.currentIndex()
        return index.siblingAtColumn(0).data(RECORD_ROLE) if index.isValid() else None

    # -- triage, copy, export -------------------------------------------------------------------------------

    def set_status(self, row: ClaimRow, status: Triage) -> None:
        """Mark the disputed fact of `row` (every row of it) as `status`."""
        if status == Triage.OPEN:
            self._triage.pop(row.key, None)
        else:
            self._triage[row.key] = status
        self._show()
        self.triaged.emit(row.key, status)

    def row_text(self, row: ClaimRow) -> str:
        """The row as the table shows it, tab-separated (pastes into a spreadsheet as one row)."""
        source = self.model.index(self.model.records().index(row), 0)
        return "\t".join(
            str(self.model.index(source.row(), c).data() or "") for c in range(self.model.columnCount())
        )

    def passage_text(self, row: ClaimRow, citation: bool) -> str:
        doc = self._docs.get(row.claim.doc)
        text = row.claim.context.strip("…")
        return cited(text, doc) if citation and doc is not None else text

    def copy(self, text: str) -> None:
        QtWidgets.QApplication.clipboard().setText(text)
        self.message.emit(self.tr("Copied to the clipboard."))

    def choose_csv(self) -> None:
        start = str(
            Path.home() / f"{self.folder.name if self.folder else 'discrepancies'} - discrepancies.csv"
        )
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Export the discrepancies shown"), start, self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """Write the rows shown (filters applied) to `path` (never into the corpus folder)."""
        path = path.resolve()
        if self.folder is not None and path.is_relative_to(self.folder):
            self.message.emit(self.tr("Not exported: Parallax never writes into the corpus folder."))
            return
        try:
            path.write_text(csv_text(self.shown_rows()), encoding="utf-8", newline="")
        except OSError as error:
            self.message.emit(
                self.tr("Could not write {path}: {error}").format(path=path, error=error.strerror)
            )
            return
        self.message.emit(self.tr("Exported {n} rows to {path}").format(n=len(self.shown_rows()), path=path))

    def _menu(self, point: QtCore.QPoint) -> None:
        row = self.selected_row()
        if row is None:
            return
        menu = QtWidgets.QMenu(self)
        for status, label in (
            (Triage.REVIEWED, self.tr("Mark as Reviewed")),
            (Triage.DISMISSED, self.tr("Dismiss (leave out of the PDF)")),
            (Triage.OPEN, self.tr("Mark as To Review")),
        ):
            action = menu.addAction(label)
            action.setEnabled(row.triage != status)
            action.triggered.connect(lambda _c=False, s=status: self.set_status(row, s))
        menu.addSeparator()
        menu.addAction(self.tr("Copy Row")).triggered.connect(lambda: self.copy(self.row_text(row)))
        menu.addAction(self.tr("Copy Passage")).triggered.connect(
            lambda: self.copy(self.passage_text(row, citation=False))
        )
        menu.addAction(self.tr("Copy Passage with Citation")).triggered.connect(
            lambda: self.copy(self.passage_text(row, citation=True))
        )
        menu.addSeparator()
        menu.addAction(self.tr("Open Comparison")).triggered.connect(lambda: self.opened.emit(row))
        menu.exec(self.view.viewport().mapToGlobal(point))

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.matches(QtGui.QKeySequence.StandardKey.Copy) and (row := self.selected_row()) is not None:
            self.copy(self.row_text(row))
            return
        super().keyPressEvent(event)

    def _activated(self, index: QtCore.QModelIndex) -> None:
        self.opened.emit(index.siblingAtColumn(0).data(RECORD_ROLE))
