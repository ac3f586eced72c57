"""File ▸ Export Comparison PDF, from the dialog to the written file: picks the scope from the selection,
refuses to write into the corpus folder, runs the export in a worker, and reports the outcome.

It receives the selection and a way to get the alignment shown; it knows nothing of the window.
Imports: viewer.ui (export_dialog, index, selection, tasks, workers, qt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from viewer.core.model import ScopeKind
from viewer.ui.export_dialog import ExportChoice, ExportDialog, scope_for
from viewer.ui.index import CorpusIndex
from viewer.ui.qt import QtCore, QtWidgets, Signal
from viewer.ui.selection import Selection
from viewer.ui.tasks import export_task
from viewer.ui.workers import TaskRunner


class ExportController(QtCore.QObject):
    done = Signal(str)  # a message: where the PDF went, or why it did not

    def __init__(
        self,
        selection: Selection,
        index: Callable[[], CorpusIndex | None],
        dialog_parent: QtWidgets.QWidget,
        dismissed: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        super().__init__(dialog_parent)
        self.dismissed = dismissed  # the disputed facts the user dismissed: left out of the PDF
        self.selection = selection
        self.index = index
        self.dialog_parent = dialog_parent
        self.runner = TaskRunner(self)
        self._path: Path | None = None
        self.runner.finished.connect(self._on_exported)
        self.runner.failed.connect(
            lambda message: self.done.emit(self.tr("Export failed: {m}").format(m=message))
        )
        self.runner.cancelled.connect(lambda: self.done.emit(self.tr("Export cancelled; nothing written.")))

    def choose(self) -> None:
        """Ask what to export (offering only what the window has selected), then export it."""
        index, folder = self.index(), self.selection.folder
        if index is None or folder is None:
            self.done.emit(self.tr("Open a folder first: there is nothing to export yet."))
            return
        available = {ScopeKind.CORPUS} | ({ScopeKind.DOCUMENT} if self.selection.document else set())
        if self.selection.pair is not None:
            available |= {ScopeKind.PAIR, ScopeKind.GROUP}
        suggested = Path.home() / f"{folder.name} - Parallax.pdf"
        dialog = ExportDialog(
            available, index.threshold, index.base.min_similarity, suggested, self.dialog_parent
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.export(dialog.choice())

    def export(self, choice: ExportChoice) -> None:
        """Write the PDF `choice` describes in the background (never into the corpus folder)."""
        index, folder = self.index(), self.selection.folder
        if index is None or folder is None:
            return
        path = choice.path.resolve()
        if path.is_relative_to(folder):
            self.done.emit(
                self.tr("Not exported: Parallax never writes into the corpus folder ({folder}).").format(
                    folder=folder
                )
            )
            return
        if choice.min_similarity != index.threshold:
            index = index.with_threshold(choice.min_similarity)
        shown = self.selection.pair
        pair = next((p for p in index.pairs if shown and (p.a, p.b) == (shown.a, shown.b)), None)
        scope = replace(
            scope_for(
                choice.kind,
                pair,
                pair.group if pair else None,
                self.selection.document,
                choice.only_discrepancies,
            ),
            dismissed=frozenset(self.dismissed()),
        )
        self._path = path
        self.runner.start(export_task(index.alignment, path, scope, choice.context_chars, choice.paper))

    def _on_exported(self, pages: int) -> None:
        self.done.emit(self.tr("Exported {n} page(s) to {path}").format(n=pages, path=self._path))
