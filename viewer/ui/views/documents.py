"""The Documents panel: a filter box over the documents table, the current document kept selected.

Title and source get the width first (the title takes what the panel has left, never less than
`TITLE_MIN` pixels: below that the table scrolls sideways rather than hide it); the date and the numbers
take the width of their contents. Imports: viewer.core.model, viewer.ui (index, selection, models, views).
"""

from __future__ import annotations

from viewer.core.model import Corpus
from viewer.ui.index import CorpusIndex
from viewer.ui.models.documents import SOURCE_COLUMN, TITLE_COLUMN, DocumentsModel
from viewer.ui.models.table import RECORD_ROLE, sorted_proxy
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import TableView, panel_box

TITLE_MIN = 150  # pixels: about 20 characters of a headline, with the source beside it at 1024 px
SOURCE_MAX = 130  # pixels: a long outlet name is elided (its tooltip and a drag show it whole)


class DocumentsTable(TableView):
    """The documents table: Title and Source before the numbers, refitted whenever it is resized or sorted
    (the sorted column's header needs room for its arrow)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self.fit())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        header = self.horizontalHeader()
        count = self.model().columnCount() if self.model() else 0
        if count == 0:
            return
        header.setStretchLastSection(False)
        others = 0
        for column in range(count):
            if column == TITLE_COLUMN:
                continue
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Interactive)
            self.resizeColumnToContents(column)
            if column == SOURCE_COLUMN:
                self.setColumnWidth(column, min(self.columnWidth(column), SOURCE_MAX))
            others += self.columnWidth(column)
        header.setSectionResizeMode(TITLE_COLUMN, QtWidgets.QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(TITLE_COLUMN, max(TITLE_MIN, self.viewport().width() - others))


class DocumentsPanel(QtWidgets.QWidget):
    """Lists the folder's documents; the user's pick is reported by `chosen`, the selection is followed."""

    chosen = Signal(str)  # a document id the user picked in the table
    exclude_requested = Signal(list)  # document ids to leave out of the comparison
    correct_requested = Signal(str)  # a document whose title, source or date the user wants to correct
    compare_requested = Signal(str, str)  # two documents to compare directly

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.view = DocumentsTable()
        self.view.setObjectName("documentsView")
        self.view.setAccessibleName(self.tr("Documents"))
        self.view.setModel(self.proxy)
        self.view.sortByColumn(SOURCE_COLUMN, Qt.SortOrder.AscendingOrder)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table for the next pane
        # two rows selected (Ctrl+click) can be compared directly
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.filter = QtWidgets.QLineEdit(placeholderText=self.tr("Filter by title or source"))
        self.filter.setAccessibleName(self.tr("Filter documents"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.current: str | None = None
        self._following = False
        panel_box(self, self.tr("Documents"), self.filter, self.view)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.proxy.modelReset.connect(self._reselect)
        self.proxy.layoutChanged.connect(self._reselect)

    # -- Panel ----------------------------------------------------------------------------------------------

    def set_corpus(self, corpus: Corpus | None) -> None:
        """The documents as soon as the folder is read, before their numbers are known."""
        self.model.show_documents(corpus.documents if corpus else ())
        self.view.fit()

    def set_index(self, index: CorpusIndex | None) -> None:
        if index is not None:
            self.model.show_documents(index.documents, index)
            self.view.fit()

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        if Field.DOCUMENT in changed:
            self.current = selection.document
            self._reselect()

    # -- rows -----------------------------------------------------------------------------------------------

    def first_document(self) -> str | None:
        """The document on the first row as sorted (what a freshly opened folder shows)."""
        index = self.proxy.index(0, 0)
        return index.data(RECORD_ROLE).doc.id if index.isValid() else None

    def _reselect(self) -> None:
        """Keep the current document's row selected (after a reset, a sort, a filter or a new choice)."""
        if self.current is None:
            return
        row = self.model.row_of(self.current)
        if row < 0:
            return
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid() and self.filter.text():
            self.filter.clear()  # the document asked for is hidden by the filter
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():
            return
        self._following = True
        try:
            self.view.selectionModel().setCurrentIndex(
                proxy_index,
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(proxy_index)
        finally:
            self._following = False

    def selected_ids(self) -> list[str]:
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(RECORD_ROLE).doc.id for i in rows]

    def _menu(self, point: QtCore.QPoint) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QtWidgets.QMenu(self)
        if len(ids) == 2:
            menu.addAction(self.tr("Compare These Two")).triggered.connect(
                lambda: self.compare_requested.emit(ids[0], ids[1])
            )
        if len(ids) == 1:
            menu.addAction(self.tr("Correct Title, Source, Date…")).triggered.connect(
                lambda: self.correct_requested.emit(ids[0])
            )
        exclude = self.tr("Exclude from the Comparison") if len(ids) == 1 else self.tr("Exclude These")
        menu.addAction(exclude).triggered.connect(lambda: self.exclude_requested.emit(ids))
        menu.exec(self.view.viewport().mapToGlobal(point))

    def _on_row(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if self._following or not current.isValid():
            return
        doc_id = current.siblingAtColumn(0).data(RECORD_ROLE).doc.id
        if doc_id != self.current:
            self.chosen.emit(doc_id)
