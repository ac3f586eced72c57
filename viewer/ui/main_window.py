"""The main window: documents, reading pane, parallels, comparison / group / discrepancies / skipped tabs,
the overview dock, and the wiring between them. Long work goes to `TaskRunner`s; every list is a model.

Imports: viewer (version, resources), viewer.core (model, pipeline), viewer.ui (everything below it).
"""

from __future__ import annotations

from pathlib import Path

from viewer import __version__
from viewer.core.ingest.documents import SUPPORTED_SUFFIXES
from viewer.core.model import Corpus, Verdict
from viewer.core.pipeline import DEFAULT_MIN_SIMILARITY
from viewer.resources import sample_corpus_path
from viewer.ui import actions as window_actions
from viewer.ui import shortcuts
from viewer.ui.core_jobs import Disputes
from viewer.ui.export_controller import ExportController
from viewer.ui.index import CorpusIndex
from viewer.ui.models.discrepancies import VERDICT_COLUMN, DiscrepanciesModel, claim_rows, pair_for_claim
from viewer.ui.models.documents import SOURCE_COLUMN, TITLE_COLUMN, DocumentsModel
from viewer.ui.models.group import VALUES_COLUMN, GroupModel
from viewer.ui.models.overview import OverviewModel
from viewer.ui.models.parallels import ParallelsModel
from viewer.ui.models.skipped import SkippedModel
from viewer.ui.models.table import RECORD_ROLE, sorted_proxy
from viewer.ui.navigation import TABS, Navigation
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from viewer.ui.settings import Settings
from viewer.ui.tasks import Opened, discrepancies_task, open_folder_task
from viewer.ui.views.comparison import ComparisonView
from viewer.ui.views.progress import ProgressPanel
from viewer.ui.views.reading import ReadingPane
from viewer.ui.views.tables import OverviewView, ParallelsView, TableView, VerdictDelegate, WrappedTableView
from viewer.ui.views.threshold import ThresholdControl
from viewer.ui.views.update_bar import UpdateBar
from viewer.ui.watcher import FolderWatcher
from viewer.ui.workers import TaskRunner

OVERVIEW_WIDTH = 460
SOURCE_WIDTH = 120  # the documents' source column at most, so that the title keeps room (wider: drag it)
SPLITTERS = ("mainSplitter", "topSplitter", "comparisonSplitter")


class MainWindow(Navigation, QtWidgets.QMainWindow):
    corpus_loaded = Signal()  # the folder is read: documents are listed and the first one is readable
    index_ready = Signal()  # alignment finished (or re-filtered at a new threshold): everything is marked
    load_failed = Signal(str)
    passage_selected = Signal()  # the parallels of a clicked passage are listed
    discrepancies_ready = Signal()

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
        self.loader = TaskRunner(self)
        self.discrepancy_finder = TaskRunner(self)
        self.export = ExportController(self)
        self.refilter = TaskRunner(self)
        self.watcher = FolderWatcher(self)
        self._build_views()
        self._build_actions()
        self._connect()
        self.settings.restore_window(self, SPLITTERS)

    # -- construction ---------------------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.documents_model = DocumentsModel(self)
        self.documents_proxy = sorted_proxy(self.documents_model, self)
        self.documents_view = TableView()
        self.documents_view.setObjectName("documentsView")
        self.documents_view.setModel(self.documents_proxy)
        self.documents_view.sortByColumn(SOURCE_COLUMN, Qt.SortOrder.AscendingOrder)
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
        top.setSizes([520, 480, 440])  # the documents table fits its six columns

        self.comparison = ComparisonView()
        self.group_model = GroupModel(self)
        self.group_view = WrappedTableView()
        self.group_view.setModel(self.group_model)
        self.group_view.setItemDelegateForColumn(VALUES_COLUMN, VerdictDelegate(self.group_view))
        self.skipped_model = SkippedModel(self)
        self.skipped_view = TableView()
        self.skipped_view.setModel(sorted_proxy(self.skipped_model, self))
        self.discrepancies_model = DiscrepanciesModel(self)
        self.discrepancies_proxy = sorted_proxy(self.discrepancies_model, self)
        self.discrepancies_view = TableView()
        self.discrepancies_view.setObjectName("discrepanciesView")
        self.discrepancies_view.setModel(self.discrepancies_proxy)
        self.discrepancies_view.setItemDelegateForColumn(
            VERDICT_COLUMN, VerdictDelegate(self.discrepancies_view)
        )
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
        self.update_bar = UpdateBar()
        central = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.update_bar)
        column.addWidget(main, 1)
        self.setCentralWidget(central)

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
            "export_pdf": self.export.choose,
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
        for runner in (self.loader, self.export.runner):
            runner.progress.connect(self.progress.set_progress)
            runner.busy_changed.connect(self.progress.set_busy)
        self.progress.cancel_requested.connect(self._cancel_work)
        self.documents_view.selectionModel().currentRowChanged.connect(self._on_document_row)
        self.reading.passage_clicked.connect(self.select_passage)
        self.parallels_view.selectionModel().currentRowChanged.connect(self._on_parallel_row)
        self.overview_view.cell_chosen.connect(self.show_pair_of_documents)
        self.threshold.changed.connect(self.set_threshold)
        self.discrepancy_finder.finished.connect(self._on_discrepancies)
        self.refilter.finished.connect(self._set_index)
        self.discrepancies_view.activated.connect(self._on_discrepancy_activated)
        self.watcher.checked.connect(self.update_bar.show_changes)
        self.update_bar.update_requested.connect(self.reload)

    # -- opening --------------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        start = str(self.folder or Path.home())
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Open a folder of articles", start)
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path | str) -> None:
        """Read and align `folder` in the background; whatever was loading before is cancelled.

        Reopening the same folder (F5) comes back to the document being read.
        """
        folder = Path(folder).expanduser().resolve()
        self._return_to = self.current_doc if folder == self.folder else None
        self.watcher.stop()  # watching resumes once the index is written
        self.update_bar.reset()
        self.folder = folder
        self.settings.remember_folder(str(self.folder))
        self.setWindowTitle(f"{self.folder.name} — Parallax")
        self.corpus = self.index = None
        self._clear_views()
        self._set_message(f"Reading {self.folder}…", "")
        self.loader.start(open_folder_task(self.folder, self.threshold.value()))

    def reload(self) -> None:
        if self.folder is not None:
            self.open_folder(self.folder)

    def _on_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.skipped_model.set_records(corpus.skipped)
        self.documents_model.show_documents(corpus.documents)
        self.documents_view.fit_columns(SOURCE_WIDTH, TITLE_COLUMN)
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
                    f"{corpus.root} holds no files Parallax can read ({', '.join(SUPPORTED_SUFFIXES)}).",
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

    def _on_index(self, opened: Opened | None) -> None:
        if self.folder is not None:  # a folder with nothing readable yet is watched too: articles may come
            self.watcher.watch(self.folder, check_now=opened is not None)
        if opened is not None:
            self.threshold.set_floor(opened.index.base.min_similarity)
            self._set_index(opened.index)
            self.statusBar().showMessage(" · ".join((_summary(opened.index), *opened.notices)))

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
        """Re-filter the parallels at `value` (never below the floor the engine aligned at)."""
        self.settings.set_threshold(value)
        if self.index is not None:  # indexing grows with the corpus: off the GUI thread too
            index = self.index
            self.refilter.start(lambda _progress, _partial, _cancel: index.with_threshold(value))

    def _set_index(self, index: CorpusIndex) -> None:
        self.index = index
        self.documents_model.show_documents(index.documents, index)
        self.documents_view.fit_columns(SOURCE_WIDTH, TITLE_COLUMN)  # the numbers are in now
        self.overview_model.set_index(index)
        self.show_document(self.current_doc or index.documents[0].id, keep_passage=True)
        self.discrepancy_finder.start(discrepancies_task(index.alignment))
        self.index_ready.emit()

    def _on_discrepancies(self, disputes: Disputes) -> None:
        if self.index is not None:
            self.index.remember_facts(disputes.facts)
        discrepancies = disputes.discrepancies
        self.discrepancies_model.set_records(claim_rows(discrepancies))
        self.discrepancies_view.fit_columns()
        conflicts = sum(d.verdict == Verdict.CONFLICT for d in discrepancies)
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

    def _cancel_work(self) -> None:
        (self.export.runner if self.export.runner.busy else self.loader).cancel()

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

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.settings.save_window(self, SPLITTERS)
        self.loader.cancel()
        self.watcher.stop()
        for runner in (self.discrepancy_finder, self.export.runner, self.refilter):
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
