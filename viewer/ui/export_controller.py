"""File ▸ Export Comparison PDF, from the dialog to the written file: picks the scope from what the window
shows, refuses to write into the corpus folder, runs the export in a worker, and reports the outcome.

Imports: viewer.ui (export_dialog, tasks, workers, qt); the window is only passed in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from viewer.core.model import ScopeKind
from viewer.ui.export_dialog import ExportChoice, ExportDialog, scope_for
from viewer.ui.qt import QtCore, QtWidgets, Signal
from viewer.ui.tasks import export_task
from viewer.ui.workers import TaskRunner

if TYPE_CHECKING:
    from viewer.ui.main_window import MainWindow


class ExportController(QtCore.QObject):
    done = Signal(str)  # a message: where the PDF went, or why it did not

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner(self)
        self._path: Path | None = None
        self.runner.finished.connect(self._on_exported)
        self.runner.failed.connect(lambda message: self._report(f"Export failed: {message}"))
        self.runner.cancelled.connect(lambda: self._report("Export cancelled; nothing written."))

    def choose(self) -> None:
        """Ask what to export (offering only what the window has selected), then export it."""
        w = self.window
        if w.index is None or w.folder is None:
            w.statusBar().showMessage("Open a folder first: there is nothing to export yet.", 5000)
            return
        available = {ScopeKind.CORPUS} | ({ScopeKind.DOCUMENT} if w.current_doc else set())
        if w.comparison.pair is not None:
            available |= {ScopeKind.PAIR, ScopeKind.GROUP}
        suggested = Path.home() / f"{w.folder.name} - Parallax.pdf"
        dialog = ExportDialog(available, w.index.threshold, w.index.base.min_similarity, suggested, w)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.export(dialog.choice())

    def export(self, choice: ExportChoice) -> None:
        """Write the PDF `choice` describes in the background (never into the corpus folder)."""
        w = self.window
        if w.index is None or w.folder is None:
            return
        path = choice.path.resolve()
        if path.is_relative_to(w.folder):
            self._report(f"Not exported: Parallax never writes into the corpus folder ({w.folder}).")
            return
        same = choice.min_similarity == w.index.threshold
        index = w.index if same else w.index.with_threshold(choice.min_similarity)
        shown = w.comparison.pair
        pair = next((p for p in index.pairs if shown and (p.a, p.b) == (shown.a, shown.b)), None)
        scope = scope_for(choice.kind, pair, pair.group if pair else None, w.current_doc,
                          choice.only_discrepancies)
        self._path = path
        self.runner.start(export_task(index.alignment, path, scope, choice.context_chars))

    def _on_exported(self, pages: int) -> None:
        self._report(f"Exported {pages} page{'s' * (pages != 1)} to {self._path}")

    def _report(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 15000)
        self.done.emit(message)
