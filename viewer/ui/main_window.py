"""The main window: documents, reading pane, parallels, comparison / group / discrepancies / skipped tabs,
the overview dock, and the wiring between them. Long work goes to `TaskRunner`s; every list is a model.

Imports: viewer (version, resources), viewer.core (model, pipeline), viewer.ui (everything below it).
"""

from __future__ import annotations

from pathlib import Path

from viewer import __version__
from viewer.core.model import Corpus, Pair
from viewer.core.pipeline import DEFAULT_MIN_SIMILARITY
from viewer.resources import sample_corpus_path
from viewer.ui import actions as window_actions
from viewer.ui import shortcuts
from viewer.ui.export_dialog import ExportChoice, ExportDialog, scope_for
from viewer.ui.index import CorpusIndex
from viewer.ui.models.discrepancies import DiscrepanciesModel, claim_rows, pair_for_claim
from viewer.ui.models.documents import DocumentsModel
from viewer.ui.models.group import GroupModel, group_rows
from viewer.ui.models.overview import OverviewModel
from viewer.ui.models.parallels import ParallelsModel
from viewer.ui.models.skipped import SkippedModel
from viewer.ui.models.table import RECORD_ROLE, sorted_proxy
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from viewer.ui.settings import Settings
from viewer.ui.tasks import discrepancies_task, export_task, open_folder_task
from viewer.ui.views.comparison import ComparisonView
from viewer.ui.views.progress import ProgressPanel
from viewer.ui.views.reading import ReadingPane
from viewer.ui.views.tables import OverviewView, ParallelsView, TableView, WrappedTableView
from viewer.ui.views.threshold import ThresholdControl
from viewer.ui.workers import TaskRunner

TABS = ("Comparison", "Group", "Discrepancies", "Skipped files")
OVERVIEW_WIDTH = 460
SPLITTERS = ("mainSplitter", "topSplitter", "comparisonSplitter")


class MainWindow(QtWidgets.QMainWindow):
    corpus_loaded = Signal()  # the folder is read: documents are listed and the first one is readable
    index_ready = Signal()  # alignment finished (or re-filtered at a new threshold): everything is marked
    load_failed = Signal(str)
    passage_selected = Signal()  # the parallels of a clicked passage are listed
    discrepancies_ready = Signal()
    export_done = Signal(str)  # a message: where the PDF went, or why it did not

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.setWindowTitle("Parallax")
        self.setAcceptDrops(True)
        self.folder: Path | None = None
        self.corpus: Corpus | None = None
        self.index: CorpusIndex | None = None
        self.current_doc: str | None = None
        self.current_offset: int | None = None
        self._return_to: str | None = None
        self.message = ""
        self._floor = DEFAULT_MIN_SIMILARITY
        self.loader = TaskRunner(self)
        self.discrepancy_finder = TaskRunner(self)
        self.exporter = TaskRunner(self)
        self.refilter = TaskRunner(self)
        self._build_views()
        self._build_actions()
        self._connect()
        self._restore_layout()

    # -- construction ---------------------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.documents_model = DocumentsModel(self)
        self.documents_proxy = sorted_proxy(self.documents_model, self)
        self.documents_view = TableView()
        self.documents_view.setObjectName("documentsView")
        self.documents_view.setModel(self.documents_proxy)
        self.documents_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.documents_filter = QtWidgets.QLineEdit(placeholderText="Filter by title or source")
        self.documents_filter.setClearButtonEnabled(True)
        self.documents_filter.textChanged.connect(self.documents_proxy.setFilterFixedString)
        docs_panel = _panel("Documents", self.documents_filter, self.documents_view)

        self.reading = ReadingPane()
        self.parallels_model = ParallelsModel(self)
        self.parallels_proxy = sorted_proxy(self.parallels_model, self)
        self.parallels_view = ParallelsView()
        self.parallels_view.setObjectName("parallelsView")
        self.parallels_view.setModel(self.parallels_proxy)
        self.parallels_title = QtWidgets.QLabel("Parallels")
        parallels_panel = _panel(self.parallels_title, self.parallels_view)

        top = QtWidgets.QSplitter(Qt.Orientation.Horizontal, objectName="topSplitter")
        for w in (docs_panel, self.reading, parallels_panel):
            top.addWidget(w)
        for column, stretch in enumerate((2, 3, 2)):  # every panel gives up room when the overview opens
            top.setStretchFactor(column, stretch)
        top.setSizes([430, 520, 490])

        self.comparison = ComparisonView()
        self.group_model = GroupModel(self)
        self.group_view = WrappedTableView()
        self.group_view.setModel(self.group_model)
        self.skipped_model = SkippedModel(self)
        self.skipped_view = TableView()
        self.skipped_view.setModel(sorted_proxy(self.skipped_model, self))
        self.discrepancies_model = DiscrepanciesModel(self)
        self.discrepancies_proxy = sorted_proxy(self.discrepancies_model, self)
        self.discrepancies_view = TableView()
        self.discrepancies_view.setObjectName("discrepanciesView")
        self.discrepancies_view.setModel(self.discrepancies_proxy)
        self.discrepancies_view.setToolTip("Double-click or press Enter on a row to open that comparison")
        self.tabs = QtWidgets.QTabWidget(documentMode=True)
        for title, w in zip(
            TABS, (self.comparison, self.group_view, self.discrepancies_view, self.skipped_view), strict=True
        ):
            self.tabs.addTab(w, title)

        main = QtWidgets.QSplitter(Qt.Orientation.Vertical, objectName="mainSplitter")
        main.addWidget(top)
        main.addWidget(self.tabs)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        self.setCentralWidget(main)

        self.overview_model = OverviewModel(self)
        self.overview_view = OverviewView()
        self.overview_view.setModel(self.overview_model)
        self.overview_dock = QtWidgets.QDockWidget("Overview: shared text", self, objectName="overviewDock")
        self.overview_dock.setWidget(self.overview_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.overview_dock)
        self.overview_dock.hide()
        self.overview_dock.visibilityChanged.connect(self._widen_overview)

        self.progress = ProgressPanel()
        self.statusBar().addPermanentWidget(self.progress)

    def _build_actions(self) -> None:
        slots = {
            "open": self.choose_folder,
            "reload": self.reload,
            "quit": self.close,
            "find": self.reading.find_bar.open,
            "find_next": lambda: self.reading.find_bar.find(),
            "find_previous": lambda: self.reading.find_bar.find(backward=True),
            "next_parallel": lambda: self.step_passage(1),
            "previous_parallel": lambda: self.step_passage(-1),
            "filter_documents": self._focus_filter,
            "about": self.show_about,
            "export_pdf": self.choose_export,
        }
        self.actions, self.recent_menu, toolbar = window_actions.build(
            self, slots, self.overview_dock.toggleViewAction()
        )
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.threshold = ThresholdControl(self.settings.threshold() or DEFAULT_MIN_SIMILARITY)
        toolbar.addSeparator()
        toolbar.addWidget(self.threshold)

    def _connect(self) -> None:
        self.loader.partial.connect(self._on_corpus)
        self.loader.finished.connect(self._on_index)
        self.loader.failed.connect(self._on_failed)
        self.loader.cancelled.connect(self._on_cancelled)
        for runner in (self.loader, self.exporter):
            runner.progress.connect(self.progress.set_progress)
            runner.busy_changed.connect(self.progress.set_busy)
        self.progress.cancel_requested.connect(self._cancel_work)
        self.exporter.finished.connect(self._on_exported)
        self.exporter.failed.connect(lambda message: self._export_message(f"Export failed: {message}"))
        self.exporter.cancelled.connect(lambda: self._export_message("Export cancelled; nothing written."))
        self.documents_view.selectionModel().currentRowChanged.connect(self._on_document_row)
        self.reading.passage_clicked.connect(self.select_passage)
        self.parallels_view.selectionModel().currentRowChanged.connect(self._on_parallel_row)
        self.overview_view.cell_chosen.connect(self.show_pair_of_documents)
        self.threshold.changed.connect(self.set_threshold)
        self.discrepancy_finder.finished.connect(self._on_discrepancies)
        self.refilter.finished.connect(self._set_index)
        self.discrepancies_view.activated.connect(self._on_discrepancy_activated)

    # -- opening --------------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        start = str(self.folder or Path.home())
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Open a folder of articles", start)
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path | str) -> None:
        """Read and align `folder` in the background; whatever was loading before is cancelled.

        Reopening the same folder (F5, a lower threshold) comes back to the document being read.
        """
        folder = Path(folder).expanduser().resolve()
        self._return_to = self.current_doc if folder == self.folder else None
        self.folder = folder
        self.settings.remember_folder(str(self.folder))
        self.setWindowTitle(f"{self.folder.name} — Parallax")
        self.corpus = self.index = None
        self._clear_views()
        self._set_message(f"Reading {self.folder}…", "")
        self._floor = min(DEFAULT_MIN_SIMILARITY, self.threshold.value())
        self.loader.start(open_folder_task(self.folder, self._floor, self.threshold.value()))

    def reload(self) -> None:
        if self.folder is not None:
            self.open_folder(self.folder)

    def _on_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.skipped_model.set_records(corpus.skipped)
        self.documents_model.show_documents(corpus.documents)
        self.documents_view.fit_columns()
        if not corpus.documents:
            if corpus.skipped:
                self._set_message(
                    "Nothing readable in this folder",
                    f"None of the {len(corpus.skipped)} files in {corpus.root} could be read as an article. "
                    "The Skipped files tab lists each file with the reason.",
                )
                self.tabs.setCurrentIndex(TABS.index("Skipped files"))
            else:
                self._set_message(
                    "This folder is empty",
                    f"{corpus.root} holds no files Parallax can read "
                    "(.txt, .md, .html, .json, .jsonl, .docx, .pdf).",
                )
            return
        self._set_message("", "")
        ids = {d.id for d in corpus.documents}
        if self._return_to in ids:
            self.select_document(self._return_to)
        else:
            self.documents_view.select_row(0)
        self.statusBar().showMessage(f"Read {len(corpus.documents)} documents; aligning…")
        self.corpus_loaded.emit()

    def _on_index(self, index: CorpusIndex | None) -> None:
        if index is not None:
            self._set_index(index)
            self.statusBar().showMessage(_summary(index))

    def _on_failed(self, message: str) -> None:
        if self.folder is not None and not self.folder.is_dir():
            message = f"The folder {self.folder} does not exist any more (was it moved or deleted?)."
        self._set_message("Could not open this folder", message)
        self.load_failed.emit(message)

    def _on_cancelled(self) -> None:
        self.statusBar().showMessage("Cancelled.", 5000)
        if self.corpus is None:
            self._set_message("Cancelled", "Open a folder to start again (File ▸ Open Folder).")

    def _set_message(self, title: str, body: str) -> None:
        """A message instead of a document (empty folder, nothing readable, folder gone); '' clears it."""
        self.message = f"{title}\n{body}".strip()
        if title:
            self.reading.show_message(title, body)
            self.statusBar().showMessage(title)

    # -- the index and the threshold ------------------------------------------------------------------------

    def set_threshold(self, value: float) -> None:
        """Re-filter the parallels at `value`; below the floor the folder was aligned at, align it again."""
        self.settings.set_threshold(value)
        if self.index is None:
            return
        if value < self._floor:
            self.open_folder(self.folder)
        else:  # indexing grows with the corpus: off the GUI thread too
            index = self.index
            self.refilter.start(lambda _progress, _partial, _cancel: index.with_threshold(value))

    def _set_index(self, index: CorpusIndex) -> None:
        self.index = index
        self.documents_model.show_documents(index.documents, index)
        self.overview_model.set_index(index)
        self.show_document(self.current_doc or index.documents[0].id, keep_passage=True)
        self.discrepancy_finder.start(discrepancies_task(index.alignment))
        self.index_ready.emit()

    def _on_discrepancies(self, discrepancies: list) -> None:
        self.discrepancies_model.set_records(claim_rows(discrepancies))
        self.discrepancies_view.fit_columns()
        conflicts = sum(d.verdict == "conflict" for d in discrepancies)
        soft = len(discrepancies) - conflicts
        self.tabs.setTabText(
            TABS.index("Discrepancies"),
            f"Discrepancies ({conflicts} conflict{'s' * (conflicts != 1)}, {soft} soft)",
        )
        self.discrepancies_ready.emit()

    def _on_discrepancy_activated(self, index: QtCore.QModelIndex) -> None:
        row = index.siblingAtColumn(0).data(RECORD_ROLE)
        pair = pair_for_claim(self.index, row) if self.index else None
        if pair is not None:
            self.open_pair(row.claim.doc, pair)

    # -- navigation -----------------------------------------------------------------------------------------

    def _on_document_row(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if current.isValid():
            row = current.siblingAtColumn(0).data(RECORD_ROLE)
            if row.doc.id != self.current_doc:
                self.show_document(row.doc.id)

    def select_document(self, doc_id: str) -> None:
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

    def show_document(self, doc_id: str, keep_passage: bool = False) -> None:
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

    def select_passage(self, offset: int) -> None:
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

    def _list_pairs(self, focus: str, pairs: list[Pair], title: str) -> None:
        assert self.index is not None
        self.parallels_model.show_pairs(focus, pairs, self.index.docs)
        self.parallels_title.setText(title)
        self.parallels_view.fit_columns(160)
        if pairs:
            self.parallels_view.select_row(0)
        self.passage_selected.emit()

    def step_passage(self, step: int) -> None:
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

    def _on_parallel_row(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if not current.isValid() or self.index is None:
            return
        row = current.siblingAtColumn(0).data(RECORD_ROLE)
        self.comparison.show_pair(row.focus, row.pair, self.index)
        self.group_model.set_records(group_rows(self.index, row.pair.group))
        self.group_view.fit_columns(200)

    def open_pair(self, focus: str, pair: Pair) -> None:
        """Show document `focus` at its side of `pair`, with `pair` selected and compared."""
        self.select_document(focus)
        self.select_passage(pair.side(focus).start)
        for row, record in enumerate(self.parallels_model.records()):
            if record.pair == pair:
                self.parallels_view.select_row(
                    self.parallels_proxy.mapFromSource(self.parallels_model.index(row, 0)).row()
                )
        self.tabs.setCurrentIndex(TABS.index("Comparison"))

    def show_pair_of_documents(self, doc_a: str, doc_b: str) -> None:
        """From the overview: show `doc_a` and list every parallel it has in `doc_b`."""
        if self.index is None:
            return
        self.select_document(doc_a)
        pairs = self.index.pairs_between(doc_a, doc_b)
        label = self.index.docs[doc_b].label
        self._list_pairs(doc_a, pairs, f"Parallels with {label}: {len(pairs)}")

    # -- export ---------------------------------------------------------------------------------------------

    def choose_export(self) -> None:
        if self.index is None or self.folder is None:
            self.statusBar().showMessage("Open a folder first: there is nothing to export yet.", 5000)
            return
        available = {"corpus"} | ({"document"} if self.current_doc else set())
        if self.comparison.pair is not None:
            available |= {"pair", "group"}
        suggested = Path.home() / f"{self.folder.name} - Parallax.pdf"
        dialog = ExportDialog(
            available, self.index.threshold, self.index.base.min_similarity, suggested, self
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.export_pdf(dialog.choice())

    def export_pdf(self, choice: ExportChoice) -> None:
        """Write the PDF `choice` describes in the background (never into the corpus folder)."""
        if self.index is None or self.folder is None:
            return
        path = choice.path.resolve()
        if path.is_relative_to(self.folder):
            self._export_message(
                f"Not exported: Parallax never writes into the corpus folder ({self.folder})."
            )
            return
        index = (
            self.index
            if choice.min_similarity == self.index.threshold
            else self.index.with_threshold(choice.min_similarity)
        )
        shown = self.comparison.pair
        pair = next((p for p in index.pairs if shown and (p.a, p.b) == (shown.a, shown.b)), None)
        scope = scope_for(choice.kind, pair, pair.group if pair else None, self.current_doc)
        self._export_path = path
        self.exporter.start(export_task(index.alignment, path, scope, choice.context_chars))

    def _on_exported(self, pages: int) -> None:
        self._export_message(f"Exported {pages} page{'s' * (pages != 1)} to {self._export_path}")

    def _export_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        self.export_done.emit(message)

    def _cancel_work(self) -> None:
        (self.exporter if self.exporter.busy else self.loader).cancel()

    # -- small actions --------------------------------------------------------------------------------------

    def _widen_overview(self, visible: bool) -> None:
        """Give a newly shown overview room for a few columns of the heat map."""
        wanted = min(OVERVIEW_WIDTH, self.width() // 3)
        if visible and not self.overview_dock.isFloating() and self.overview_dock.width() < wanted:
            self.resizeDocks([self.overview_dock], [wanted], Qt.Orientation.Horizontal)

    def _focus_filter(self) -> None:
        self.documents_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.documents_filter.selectAll()

    def about_text(self) -> str:
        keys = "".join(
            f"<tr><td>{s.keys[0]}</td><td>{s.description}</td></tr>" for s in shortcuts.SHORTCUTS.values()
        )
        return (
            f"<h3>Parallax {__version__}</h3>"
            "<p>Finds the passages news articles share and flags the numbers and dates they disagree on.</p>"
            f"<table>{keys}</table>"
        )

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, "About Parallax", self.about_text())

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.settings.recent_folders():
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self.open_folder(f))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent folders").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Sample Corpus").triggered.connect(
            lambda: self.open_folder(sample_corpus_path())
        )

    def _clear_views(self) -> None:
        self.current_doc = self.current_offset = None
        self.discrepancy_finder.cancel()
        self.refilter.cancel()
        for model in (
            self.documents_model,
            self.parallels_model,
            self.group_model,
            self.skipped_model,
            self.discrepancies_model,
        ):
            model.set_records([])
        self.tabs.setTabText(TABS.index("Discrepancies"), "Discrepancies")
        self.overview_model.set_index(None)
        self.comparison.clear()

    # -- drag and drop, layout persistence ------------------------------------------------------------------

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if _dropped_folder(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        folder = _dropped_folder(event.mimeData())
        if folder is not None:
            event.acceptProposedAction()
            self.open_folder(folder)

    def _restore_layout(self) -> None:
        geometry = self.settings.bytes_value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QtGui.QGuiApplication.primaryScreen().availableGeometry()
            self.resize(min(1400, screen.width() * 9 // 10), min(900, screen.height() * 9 // 10))
        state = self.settings.bytes_value("state")
        if state is not None:
            self.restoreState(state)
        for name in SPLITTERS:
            saved = self.settings.bytes_value(name)
            splitter = self.findChild(QtWidgets.QSplitter, name)
            if saved is not None and splitter is not None:
                splitter.restoreState(saved)

    def save_layout(self) -> None:
        self.settings.set_bytes_value("geometry", self.saveGeometry())
        self.settings.set_bytes_value("state", self.saveState())
        for name in SPLITTERS:
            splitter = self.findChild(QtWidgets.QSplitter, name)
            if splitter is not None:
                self.settings.set_bytes_value(name, splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.save_layout()
        self.loader.cancel()
        for runner in (self.discrepancy_finder, self.exporter, self.refilter):
            runner.cancel()
        TaskRunner.wait()
        super().closeEvent(event)


def _summary(index: CorpusIndex) -> str:
    skipped = len(index.alignment.corpus.skipped)
    return f"{len(index.documents)} documents, {len(index.pairs)} parallels in {len(index.groups)} groups" + (
        f"; {skipped} files skipped (see Skipped files)" if skipped else ""
    )


def _panel(title: str | QtWidgets.QLabel, *widgets: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    label = title if isinstance(title, QtWidgets.QLabel) else QtWidgets.QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QtWidgets.QAbstractItemView) else 0)
    return box


def _dropped_folder(mime: QtCore.QMimeData) -> Path | None:
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_dir():
            return Path(url.toLocalFile())
    return None
