"""File ▸ Export Comparison PDF: what to export (current pair, group, document or the whole corpus), how much
context around each passage, from which similarity on, on which paper, and where to write it.

The dialog only asks; the window runs the export in a worker.
Imports: viewer.core.model, viewer.report (content, pdf), viewer.ui.qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.core.model import ScopeKind
from viewer.report.content import ExportScope
from viewer.report.pdf import Paper
from viewer.ui.qt import QtCore, QtWidgets

SCOPES = (
    (ScopeKind.PAIR, "The current comparison (two passages)"),
    (ScopeKind.GROUP, "The current group (one passage across every document sharing it)"),
    (ScopeKind.DOCUMENT, "The current document against all the others"),
    (ScopeKind.CORPUS, "The whole corpus"),
)


@dataclass(frozen=True, slots=True)
class ExportChoice:
    kind: ScopeKind
    path: Path
    context_chars: int
    min_similarity: float
    only_discrepancies: bool = False
    paper: Paper = Paper.A4


def local_paper() -> Paper:
    """The paper of the user's locale: Letter where the US measurement system is used, else A4."""
    us = QtCore.QLocale().measurementSystem() == QtCore.QLocale.MeasurementSystem.ImperialUSSystem
    return Paper.LETTER if us else Paper.A4


class ExportDialog(QtWidgets.QDialog):
    def __init__(
        self,
        available: set[str],
        threshold: float,
        floor: float,
        suggested: Path,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Comparison PDF"))
        self.buttons_by_kind: dict[ScopeKind, QtWidgets.QRadioButton] = {}
        scope_box = QtWidgets.QGroupBox(self.tr("Export"))
        scope_layout = QtWidgets.QVBoxLayout(scope_box)
        for kind, label in SCOPES:
            button = QtWidgets.QRadioButton(QtCore.QCoreApplication.translate("ExportDialog", label))
            button.setEnabled(kind in available)
            scope_layout.addWidget(button)
            self.buttons_by_kind[kind] = button
        first = next((k for k, _ in SCOPES if k in available), ScopeKind.CORPUS)
        self.buttons_by_kind[first].setChecked(True)

        self.context = QtWidgets.QSpinBox(
            minimum=0, maximum=2000, singleStep=40, value=160, suffix=self.tr(" characters")
        )
        self.context.setToolTip(self.tr("Text shown before and after each passage to situate it"))
        self.similarity = QtWidgets.QDoubleSpinBox(minimum=floor, maximum=1.0, singleStep=0.05, decimals=2)
        self.similarity.setValue(max(floor, threshold))
        self.similarity.setToolTip(self.tr("Leave out parallels less similar than this"))
        self.only_discrepancies = QtWidgets.QCheckBox(self.tr("Disputed facts only"))
        self.only_discrepancies.setToolTip(self.tr(
            "Print the disputed facts and the parallel groups that show them, without the groups that show "
            "no disagreement"
        ))
        self.paper = QtWidgets.QComboBox()
        for paper in Paper:
            self.paper.addItem(paper.value, paper)
        self.paper.setCurrentIndex(self.paper.findData(local_paper()))
        self.paper.setToolTip(self.tr("The page size (the command line's --paper)"))
        self.path = QtWidgets.QLineEdit(str(suggested))
        browse = QtWidgets.QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose where to save the PDF"))
        browse.clicked.connect(self._browse)
        where = QtWidgets.QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Context around passages:"), self.context)
        form.addRow(self.tr("Minimum similarity:"), self.similarity)
        form.addRow(self.tr("Contents:"), self.only_discrepancies)
        form.addRow(self.tr("Paper:"), self.paper)
        form.addRow(self.tr("Save as:"), where)
        # QFormLayout labels the fields for the eye; a screen reader needs the name on the field itself
        for field, name in ((self.context, self.tr("Context around passages")),
                            (self.similarity, self.tr("Minimum similarity")),
                            (self.paper, self.tr("Paper")), (self.path, self.tr("Save as"))):
            field.setAccessibleName(name)

        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> ExportChoice:
        kind = next(k for k, b in self.buttons_by_kind.items() if b.isChecked())
        return ExportChoice(
            kind,
            Path(self.path.text()).expanduser(),
            self.context.value(),
            self.similarity.value(),
            self.only_discrepancies.isChecked(),
            Paper(self.paper.currentData()),
        )

    def _browse(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Save the PDF as"), self.path.text(), self.tr("PDF (*.pdf)")
        )
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else f"{path}.pdf")


def scope_for(
    kind: ScopeKind,
    pair: object = None,
    group_id: int | None = None,
    doc_id: str | None = None,
    only_discrepancies: bool = False,
) -> ExportScope:
    """The report's scope for a dialog choice, given what the window has selected."""
    if kind == ScopeKind.PAIR:
        return ExportScope(kind=ScopeKind.PAIR, pair=pair, only_discrepancies=only_discrepancies)
    if kind == ScopeKind.GROUP:
        return ExportScope(kind=ScopeKind.GROUP, group_id=group_id, only_discrepancies=only_discrepancies)
    if kind == ScopeKind.DOCUMENT:
        return ExportScope(kind=ScopeKind.DOCUMENT, doc_id=doc_id, only_discrepancies=only_discrepancies)
    return ExportScope(only_discrepancies=only_discrepancies)
