"""The main window: documents, reading pane, parallels, comparison / group / discrepancies / skipped tabs,
the overview dock, and the wiring between them.

The window's state is one `Selection` (folder, document, offset, pair); every panel implements `Panel`
(`set_index`, `show_selection`) and is told when the alignment or the selection changes. Moving around is
the `Navigator`'s job, exporting the `ExportController`'s: both receive what they need. Long work goes to
`TaskRunner`s; every list is a model.

Imports: viewer (version, resources), viewer.core (ingest.documents, model, pipeline), viewer.ui (everything
below it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from viewer import __version__
from viewer.core.ingest.documents import SUPPORTED_SUFFIXES
from viewer.core.model import Corpus
from viewer.core.pipeline import DEFAULT_MIN_SIMILARITY
from viewer.resources import sample_corpus_path
from viewer.ui import actions as window_actions
from viewer.ui import shortcuts
from viewer.ui.dialogs import CompareDialog, CorrectDialog
from viewer.ui.export_controller import ExportController
from viewer.ui.folder_notes import EXCLUDED_REASON, Correctable, FolderNotes
from viewer.ui.index import CorpusIndex
from viewer.ui.models.discrepancies import ClaimRow, Triage, pair_for_claim
from viewer.ui.models.skipped import SkippedModel
from viewer.ui.models.table import RECORD_ROLE, sorted_proxy
from viewer.ui.navigator import Navigator
from viewer.ui.panel import Panel
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from viewer.ui.selection import Selection
from viewer.ui.settings import Settings
from viewer.ui.tasks import Opened, index_task, open_folder_task, open_result_task
from viewer.ui.views.comparison import ComparisonView
from viewer.ui.views.discrepancies import DiscrepanciesPanel
from viewer.ui.views.documents import DocumentsPanel
from viewer.ui.views.group import GroupPanel
from viewer.ui.views.overview import OverviewPanel
from viewer.ui.views.parallels import ParallelsPanel
from viewer.ui.views.progress import ProgressPanel
from viewer.ui.views.reading import ReadingPane
from viewer.ui.views.search import SearchPanel
from viewer.ui.views.tables import TableView
from viewer.ui.views.threshold import ThresholdControl
from viewer.ui.views.update_bar import UpdateBar
from viewer.ui.watcher import FolderWatcher
from viewer.ui.workers import TaskRunner

OVERVIEW_WIDTH = 460
SPLITTERS = ("mainSplitter", "topSplitter", "comparisonSplitter")
TABS = ("Comparison", "Group", "Discrepancies", "Search", "Skipped files")  # the tabs under the reading pane


class MainWindow(QtWidgets.QMainWindow):
    corpus_loaded = Signal()  # the folder is read: documents are listed and the first one is readable
    index_ready = Signal()  # alignment finished (or re-filtered at a new threshold): everything is marked
    load_failed = Signal(str)
    passage_selected = Signal()  # the parallels of a clicked passage are listed
    discrepancies_ready = Signal()

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.setWindowTitle(self.tr("Parallax"))
        self.setAcceptDrops(True)
        self.selection = Selection(self)
        self.corpus: Corpus | None = None
        self.index: CorpusIndex | None = None
        self.notes = FolderNotes()  # the user's exclusions, corrections and triage for this folder
        self.opened: Opened | None = None  # the alignment as the engine gave it, for notes to apply again
        self._notes_at_open = ""  # the notes the loading task applies (JSON): changed meanwhile, re-applied
        self._return_to: str | None = None
        self.read_only = False  # a saved result is shown: no folder to watch or align again
        self.message = ""
        self.loader = TaskRunner(self)
        self.refilter = TaskRunner(self)
        self.renoter = TaskRunner(self)
        self.watcher = FolderWatcher(self)
        self._build_views()
        self.navigator = Navigator(self.selection, self.parallels, self)
        self.export = ExportController(
            self.selection,
            lambda: self.index,
            self,
            lambda: (key for key, status in self.notes.triage.items() if status == Triage.DISMISSED),
        )
        self._build_actions()
        self._connect()
        self.settings.restore_window(self, SPLITTERS)

    # the selection, under the names the rest of the app and its tests know
    @property
    def folder(self) -> Path | None:
        return self.selection.folder

    @property
    def current_doc(self) -> str | None:
        return self.selection.document

    @property
    def current_offset(self) -> int | None:
        return self.selection.offset

    # -- construction ---------------------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.documents = DocumentsPanel()
        self.reading = ReadingPane()
        self.parallels = ParallelsPanel()
        top = QtWidgets.QSplitter(Qt.Orientation.Horizontal, objectName="topSplitter")
        for w in (self.documents, self.reading, self.parallels):
            top.addWidget(w)
        for column, stretch in enumerate((2, 3, 2)):  # every panel gives up room when the overview opens
            top.setStretchFactor(column, stretch)
        top.setSizes([580, 460, 400])  # the documents' titles and sources first

        self.comparison = ComparisonView()
        self.group = GroupPanel()
        self.discrepancies_panel = DiscrepanciesPanel()
        self.search = SearchPanel()
        self.skipped_model = SkippedModel(self)
        self.skipped_view = TableView()
        self.skipped_view.setAccessibleName(self.tr("Skipped files"))
        self.skipped_view.setModel(sorted_proxy(self.skipped_model, self))
        self.skipped_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.skipped_view.customContextMenuRequested.connect(self._skipped_menu)
        self.tabs = QtWidgets.QTabWidget(documentMode=True)
        for title, w in zip(
            TABS,
            (self.comparison, self.group, self.discrepancies_panel, self.search, self.skipped_view),
            strict=True,
        ):
            self.tabs.addTab(w, self.tr(title))

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

        self.overview = OverviewPanel()
        self.overview_dock = QtWidgets.QDockWidget(
            self.tr("Overview: shared text"), self, objectName="overviewDock"
        )
        self.overview_dock.setWidget(self.overview)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.overview_dock)
        self.overview_dock.hide()
        self.overview_dock.visibilityChanged.connect(self._widen_overview)

        self.summary = QtWidgets.QLabel()  # a normal status-bar widget: a passing status tip cannot erase it
        self.summary.setObjectName("corpusSummary")
        self.statusBar().addWidget(self.summary, 1)
        self.progress = ProgressPanel()
        self.statusBar().addPermanentWidget(self.progress)
        self.panels: tuple[Panel, ...] = (
            self.documents,
            self.reading,
            self.parallels,
            self.comparison,
            self.group,
            self.discrepancies_panel,
            self.search,
            self.overview,
        )

    def _build_actions(self) -> None:
        nav = self.navigator
        slots = {
            "open": self.choose_folder,
            "open_result": self.choose_result,
            "reload": self.reload,
            "quit": self.close,
            "find": self.reading.find_bar.open,
            "find_next": lambda: self.reading.find_bar.find(),
            "find_previous": lambda: self.reading.find_bar.find(backward=True),
            "next_passage": lambda: nav.step_passage(1),
            "previous_passage": lambda: nav.step_passage(-1),
            "next_parallel": lambda: nav.step_parallel(1),
            "previous_parallel": lambda: nav.step_parallel(-1),
            "filter_documents": self._focus_filter,
            "about": self.show_about,
            "shortcuts": self.show_shortcuts,
            "how_to_read": self.show_how_to_read,
            "export_pdf": self.export.choose,
            "search_all": self.search_all,
            "compare_documents": self.choose_documents_to_compare,
        }
        self.actions, self.recent_menu, toolbar = window_actions.build(
            self, slots, self.overview_dock.toggleViewAction()
        )
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.window_keys = shortcuts.WindowKeys(self)
        for field in self.findChildren(QtWidgets.QLineEdit):  # the filter, search and find boxes
            field.installEventFilter(self.window_keys)
        self.threshold = ThresholdControl(self.settings.threshold() or DEFAULT_MIN_SIMILARITY)
        toolbar.addSeparator()
        toolbar.addWidget(self.threshold)

    def _connect(self) -> None:
        self.loader.partial.connect(self._on_partial)
        self.loader.finished.connect(self._on_index)
        self.loader.failed.connect(self._on_failed)
        self.loader.cancelled.connect(self._on_cancelled)
        for runner in (self.loader, self.export.runner):
            runner.progress.connect(self.progress.set_progress)
            runner.busy_changed.connect(self.progress.set_busy)
        self.progress.cancel_requested.connect(self._cancel_work)
        for panel in self.panels:
            self.selection.changed.connect(lambda changed, p=panel: p.show_selection(self.selection, changed))
        self.documents.chosen.connect(self.selection.set_document)
        self.reading.passage_clicked.connect(self.navigator.select_passage)
        self.overview.cell_chosen.connect(self.navigator.show_pair_of_documents)
        self.navigator.listed.connect(self.passage_selected)
        self.navigator.compare_wanted.connect(lambda: self.tabs.setCurrentIndex(TABS.index("Comparison")))
        self.navigator.message.connect(lambda text: self.statusBar().showMessage(text, 3000))
        self.export.done.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.threshold.changed.connect(self.set_threshold)
        self.refilter.finished.connect(self._on_refiltered)
        self.renoter.finished.connect(self._on_renoted)
        self.documents.exclude_requested.connect(self.exclude)
        self.documents.correct_requested.connect(self.correct)
        self.documents.compare_requested.connect(self.navigator.show_pair_of_documents)
        self.discrepancies_panel.triaged.connect(self._on_triaged)
        self.discrepancies_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.discrepancies_panel.opened.connect(self.open_claim)
        self.search.chosen.connect(self.show_hit)
        self.discrepancies_panel.counted.connect(
            lambda title: self.tabs.setTabText(TABS.index("Discrepancies"), title)
        )
        self.watcher.checked.connect(self.update_bar.show_changes)
        self.update_bar.update_requested.connect(self.reload)

    # -- what the panels and the tests call -----------------------------------------------------------------

    def select_document(self, doc_id: str) -> None:
        self.navigator.select_document(doc_id)

    def select_passage(self, offset: int) -> None:
        self.navigator.select_passage(offset)

    def step_passage(self, step: int) -> None:
        self.navigator.step_passage(step)

    def open_pair(self, focus: str, pair: object) -> None:
        self.navigator.open_pair(focus, pair)  # type: ignore[arg-type]

    def show_pair_of_documents(self, doc_a: str, doc_b: str) -> None:
        self.navigator.show_pair_of_documents(doc_a, doc_b)

    def search_all(self) -> None:
        self.tabs.setCurrentIndex(TABS.index("Search"))
        self.search.focus_box()

    def show_hit(self, doc_id: str, start: int, end: int) -> None:
        """Show a search hit selected in its document; F3 goes on to the next one."""
        self.navigator.select_document(doc_id)
        self.reading.find_bar.edit.setText(self.reading.text.text[start:end])
        self.reading.text.select(start, end)

    def choose_documents_to_compare(self) -> None:
        if self.index is None:
            self.statusBar().showMessage(self.tr("Open a folder first."), 5000)
            return
        dialog = CompareDialog(list(self.index.documents), self.current_doc, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            left, right = dialog.chosen()
            if left != right:
                self.navigator.show_pair_of_documents(left, right)

    def open_claim(self, row: ClaimRow) -> None:
        """Open the comparison that shows the disagreement of a Discrepancies row."""
        found = pair_for_claim(self.index, row) if self.index else None
        if found is not None:
            self.navigator.open_pair(*found)

    # -- opening --------------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        start = str(self.folder or Path.home())
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Open a folder of articles"), start)
        if folder:
            self.open_folder(Path(folder))

    def choose_result(self) -> None:
        start = str(self.folder.parent if self.folder else Path.home())
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("Open a saved result (a Parquet result: its alignment.json)"), start,
            self.tr("Parallax results (*.json);;All files (*)"))
        if path:
            self.open_result(Path(path))

    def open_folder(self, folder: Path | str) -> None:
        """Read and align `folder` in the background; whatever was loading before is cancelled.

        Reopening the same folder (F5) comes back to the document being read.
        """
        folder = Path(folder).expanduser().resolve()
        self.settings.remember_folder(str(folder))
        self._open(folder, folder.name, open_folder_task, read_only=False)

    def open_result(self, path: Path | str) -> None:
        """Show a result saved by `parallax align --json FILE` or `--parquet DIR` (the folder or its
        alignment.json), read-only: its documents and parallels as the run that wrote it found them. Nothing
        is aligned again and no folder is watched; the threshold still filters and the notes still apply
        (remembered for this result)."""
        path = Path(path).expanduser().resolve()
        title = self.tr("{name} (saved result, read-only)").format(name=path.name)
        self._open(path, title, open_result_task, read_only=True)

    def _open(self, target: Path, title: str, task: Callable[[Path, float, FolderNotes], Callable[..., Any]],
              read_only: bool) -> None:
        self._return_to = self.current_doc if target == self.folder else None
        self.read_only = read_only
        self.watcher.stop()  # watching a folder resumes once its index is written
        self.update_bar.reset()
        self.setWindowTitle(self.tr("{title} — Parallax").format(title=title))
        self.refilter.cancel()
        self.corpus = self.index = self.opened = None
        self.renoter.cancel()
        self.notes = FolderNotes.from_json(self.settings.folder_notes(str(target)))
        self._notes_at_open = self.notes.to_json()
        self.discrepancies_panel.set_triage(self.notes.triage)
        self.skipped_model.set_records([])
        self.documents.set_corpus(None)
        self.reading.set_corpus(None)
        self._set_index_everywhere(None)
        self.selection.set_folder(target)
        self._set_summary("")
        self._set_message(self.tr("Reading {folder}…").format(folder=target), "")
        self.loader.start(task(target, self.threshold.value(), self.notes.copy()))

    def reload(self) -> None:
        if self.folder is not None:
            (self.open_result if self.read_only else self.open_folder)(self.folder)

    def _on_partial(self, value: Corpus | Opened) -> None:
        """The documents as soon as they are read, then (a large folder's first build) the lexical
        alignment while the sentence model still looks for restatements."""
        if isinstance(value, Corpus):
            self._on_corpus(value)
        else:
            self._show_opened(value)

    def _on_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.skipped_model.set_records(corpus.skipped)
        self.documents.set_corpus(corpus)
        self.reading.set_corpus(corpus)
        if not corpus.documents:
            if corpus.skipped:
                self._set_message(
                    self.tr("Nothing readable in this folder"),
                    self.tr(
                        "None of the {n} files in {root} could be read as an article. "
                        "The Skipped files tab lists each file with the reason."
                    ).format(n=len(corpus.skipped), root=corpus.root),
                )
                self.tabs.setCurrentIndex(TABS.index("Skipped files"))
            else:
                self._set_message(
                    self.tr("This folder is empty"),
                    self.tr("{root} holds no files Parallax can read ({extensions}).").format(
                        root=corpus.root, extensions=", ".join(readable_extensions())
                    ),
                )
            return
        self._set_message("", "")
        ids = {d.id for d in corpus.documents}
        self.selection.set_document(
            self._return_to if self._return_to in ids else self.documents.first_document()
        )
        self._set_summary(self.tr("Read {n} documents; aligning…").format(n=len(corpus.documents)))
        self.corpus_loaded.emit()

    def _on_index(self, opened: Opened | None) -> None:
        if self.folder is not None and not self.read_only:  # a folder with nothing readable yet is watched
            # too: articles may come
            self.watcher.watch(self.folder, check_now=opened is not None)
        if opened is None:
            return
        self._show_opened(opened)
        if self.notes.to_json() != self._notes_at_open:  # excluded or corrected while it was aligning
            self._notes_changed()

    def _show_opened(self, opened: Opened) -> None:
        """Show an alignment the loader sent (the lexical one first on a large folder, then the final one),
        staying on what the user reads."""
        self.threshold.set_floor(opened.index.base.min_similarity)
        self.opened = opened
        self.refilter.cancel()  # a re-filtering of the alignment shown before: this one replaces it
        self.renoter.cancel()  # the same
        self._set_index(opened.index)
        if abs(max(self.threshold.value(), opened.index.base.min_similarity) - opened.index.threshold) > 1e-9:
            self.set_threshold(self.threshold.value())  # the slider moved meanwhile

    def _on_failed(self, message: str) -> None:
        if self.folder is not None and not self.folder.exists():
            message = self.tr(
                "{folder} does not exist any more (was it moved or deleted?)."
            ).format(folder=self.folder)
        what = self.tr("this result") if self.read_only else self.tr("this folder")
        self._set_message(self.tr("Could not open {what}").format(what=what), message)
        self.load_failed.emit(message)

    def _on_cancelled(self) -> None:
        self.statusBar().showMessage(self.tr("Cancelled."), 5000)
        if self.opened is not None and self.opened.pending and self.index is not None:
            # The lexical alignment stays; the sentence vectors computed so far are kept by the index,
            # so Reload goes on from there.
            self._set_summary(" · ".join((_summary(self.index), self.tr(
                "shared words only: the search for restatements was cancelled (Reload to finish it)"))))
        if self.corpus is None:
            self._set_message(
                self.tr("Cancelled"), self.tr("Open a folder to start again (File ▸ Open Folder).")
            )

    def _set_message(self, title: str, body: str) -> None:
        """A message instead of a document (empty folder, nothing readable, folder gone); '' clears it."""
        self.message = f"{title}\n{body}".strip()
        if title:
            self.reading.show_message(title, body)
            self._set_summary(title)

    def _set_summary(self, text: str) -> None:
        self.summary.setText(text)

    # -- the index and the threshold ------------------------------------------------------------------------

    def set_threshold(self, value: float) -> None:
        """Re-filter the parallels at `value` (never below the floor the engine aligned at)."""
        self.settings.set_threshold(value)
        if self.index is not None:  # indexing grows with the corpus: off the GUI thread too
            index = self.index
            self.refilter.start(lambda _progress, _partial, _cancel: index.with_threshold(value))

    def _on_refiltered(self, index: CorpusIndex) -> None:
        self._set_index(index)

    def _set_index(self, index: CorpusIndex) -> None:
        """Show `index` everywhere, staying on the document, passage and pair being read (the pair by its
        two passages: its similarity may have moved) and where the document was scrolled to."""
        doc, offset, pair = self.selection.document, self.selection.offset, self.selection.pair
        focus = self.selection.focus
        top = self.reading.text.top_offset() if doc in index.docs else None
        self.index = index
        self._set_index_everywhere(index)
        if doc not in index.docs:
            doc = self.documents.first_document()
        self.selection.set_document(doc)
        if offset is not None and doc == self.selection.document:
            self.navigator.select_passage(offset)
            if pair is not None and focus is not None:
                same = [p for p in index.pairs_at(doc, offset) if (p.a, p.b) == (pair.a, pair.b)]
                if same:
                    self.selection.set_pair(focus, same[0])
        if top is not None and doc == self.selection.document:
            self.reading.text.show_from(top)
        self.skipped_model.set_records(index.alignment.corpus.skipped)
        opened = self.opened
        # while a large folder's lexical alignment is shown and the sentence model still runs
        pending = (self.tr("shared words only so far: still looking for restatements…"),) if (
            opened is not None and opened.pending) else ()
        self._set_summary(" · ".join((_summary(index), *pending, *(opened.notices if opened else ()))))
        self.index_ready.emit()
        self.discrepancies_ready.emit()

    # -- the user's notes on the folder ----------------------------------------------------------------------

    def exclude(self, doc_ids: list[str]) -> None:
        """Leave documents out of the comparison (remembered for this folder; the Skipped tab lists them)."""
        self.notes.excluded |= set(doc_ids)
        self._notes_changed()

    def include(self, path: str) -> None:
        """Take the excluded documents of file `path` back into the comparison."""
        if self.opened is not None:
            self.notes.include(path, self.opened.aligned.corpus)
            self._notes_changed()

    def correct(self, doc_id: str) -> None:
        """Ask for a document's title, source and date as the user wants them shown."""
        if self.index is None or self.opened is None or doc_id not in self.index.docs:
            return
        original = self.opened.aligned.corpus.by_id()[doc_id]
        dialog = CorrectDialog(self.index.docs[doc_id], original, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.set_corrections(doc_id, dialog.values())

    def set_corrections(self, doc_id: str, values: dict[str, str]) -> None:
        for name, value in values.items():
            self.notes.correct(doc_id, Correctable(name), value)
        self._notes_changed()

    def _notes_changed(self) -> None:
        if self.folder is not None:
            self.settings.set_folder_notes(str(self.folder), self.notes.to_json())
        if self.opened is not None and self.index is not None:
            self.renoter.start(index_task(self.opened, self.notes.copy(), self.index.threshold))

    def _on_renoted(self, opened: Opened) -> None:
        self.opened = opened
        self._set_index(opened.index)

    def _on_triaged(self, key: str, status: Triage) -> None:
        if status == Triage.OPEN:
            self.notes.triage.pop(key, None)
        else:
            self.notes.triage[key] = status
        if self.folder is not None:
            self.settings.set_folder_notes(str(self.folder), self.notes.to_json())

    def _skipped_menu(self, point: QtCore.QPoint) -> None:
        index = self.skipped_view.currentIndex()
        if not index.isValid():
            return
        skipped = index.siblingAtColumn(0).data(RECORD_ROLE)
        if skipped.reason != EXCLUDED_REASON:
            return
        menu = QtWidgets.QMenu(self)
        menu.addAction(self.tr("Include Again")).triggered.connect(lambda: self.include(skipped.path))
        menu.exec(self.skipped_view.viewport().mapToGlobal(point))

    def _set_index_everywhere(self, index: CorpusIndex | None) -> None:
        self.navigator.set_index(index)
        for panel in self.panels:
            panel.set_index(index)

    def _cancel_work(self) -> None:
        (self.export.runner if self.export.runner.busy else self.loader).cancel()

    # -- small actions --------------------------------------------------------------------------------------

    def _widen_overview(self, visible: bool) -> None:
        """Give a newly shown overview room for a few columns of the heat map."""
        wanted = min(OVERVIEW_WIDTH, self.width() // 3)
        if visible and not self.overview_dock.isFloating() and self.overview_dock.width() < wanted:
            self.resizeDocks([self.overview_dock], [wanted], Qt.Orientation.Horizontal)

    def _focus_filter(self) -> None:
        self.documents.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.documents.filter.selectAll()

    def about_text(self) -> str:
        keys = "".join(
            f"<tr><td>{s.keys[0]}</td><td>{self.tr(s.description)}</td></tr>"
            for s in shortcuts.SHORTCUTS.values()
        )
        return (
            f"<h3>Parallax {__version__}</h3>"
            + "<p>"
            + self.tr(
                "Finds the passages news articles share and flags the numbers and dates they disagree on."
            )
            + "</p>"
            + f"<table>{keys}</table>"
        )

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, self.tr("About Parallax"), self.about_text())

    def shortcuts_text(self) -> str:
        rows = "".join(
            f"<tr><td><b>{' / '.join(s.keys)}</b>&nbsp;&nbsp;</td>"
            f"<td>{QtCore.QCoreApplication.translate('shortcuts', s.description)}</td></tr>"
            for s in shortcuts.SHORTCUTS.values()
        )
        extra = self.tr(
            "<tr><td><b>Tab</b></td><td>Move to the next pane</td></tr>"
            "<tr><td><b>Enter</b></td><td>Open the comparison of a Discrepancies row</td></tr>"
        )
        return f"<table>{rows}{extra}</table>"

    def show_shortcuts(self) -> None:
        QtWidgets.QMessageBox.information(self, self.tr("Keyboard Shortcuts"), self.shortcuts_text())

    def how_to_read_text(self) -> str:
        return self.tr(
            "<h3>How to read this window</h3><p><b>Documents</b> (left): every article of the folder, with "
            "the share of its text found in other articles and how many of its numbers or dates conflict "
            "with them. Right-click to exclude a file, correct its title, source or date, or compare two "
            "selected documents.</p><p><b>Reading pane</b> (middle): the article. Yellow shading marks "
            "passages other articles share (darker: more of them). A value in red (boxed) conflicts with a "
            "parallel, in amber (wavy) it diverges softly; hover it for the other values. Click a shaded "
            "passage to list its parallels.</p><p><b>Parallels</b> (right): the passages of other articles "
            "parallel to the one clicked. ↔ marks a parallel below the similarity threshold kept because "
            "other articles corroborate it.</p><p><b>Comparison</b>: the two passages side by side, "
            "scrolling together. Words only the left passage has are red and struck, words only the right "
            "one has green and underlined (as in the PDF); below 60% similarity the words both share are "
            "marked in blue instead. Bold: a number or date. Faded: context around the "
            "passage.</p><p><b>Discrepancies</b>: every disputed number or date, one row per article's "
            "claim; bold rows are outliers (not the value most articles give). Filter, mark reviewed or "
            "dismissed, copy with a citation, export CSV; double-click a row to see that disagreement side "
            "by side.</p>"
        )

    def show_how_to_read(self) -> None:
        QtWidgets.QMessageBox.information(self, self.tr("How to Read This Window"), self.how_to_read_text())

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.settings.recent_folders():
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self.open_folder(f))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("No recent folders")).setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.tr("Sample Corpus")).triggered.connect(
            lambda: self.open_folder(sample_corpus_path())
        )

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
        for runner in (self.export.runner, self.refilter, self.renoter):
            runner.cancel()
        TaskRunner.wait()
        super().closeEvent(event)


def readable_extensions() -> list[str]:
    """The extensions the format registry reads, for messages."""
    return sorted(SUPPORTED_SUFFIXES)


def _summary(index: CorpusIndex) -> str:
    skipped = len(index.alignment.corpus.skipped)
    app = QtCore.QCoreApplication
    text = app.translate("summary", "{documents} documents, {pairs} parallels in {groups} groups").format(
        documents=len(index.documents), pairs=len(index.pairs), groups=len(index.groups)
    )
    if skipped:
        text += app.translate("summary", "; {n} files skipped (see Skipped files)").format(n=skipped)
    return text


def _dropped_folder(mime: QtCore.QMimeData) -> Path | None:
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_dir():
            return Path(url.toLocalFile())
    return None
