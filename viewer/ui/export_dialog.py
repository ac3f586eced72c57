"""File ▸ Export Comparison PDF: what to export (current pair, group, document or the whole corpus), how much
context around each passage, from which similarity on, and where to write it.

The dialog only asks; the window runs the export in a worker. Imports: viewer.report.content, viewer.ui.qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.core.model import ScopeKind
from viewer.report.content import ExportScope
from viewer.ui.qt import QtWidgets

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
        self.setWindowTitle("Export Comparison PDF")
        self.buttons_by_kind: dict[ScopeKind, QtWidgets.QRadioButton] = {}
        scope_box = QtWidgets.QGroupBox("Export")
        scope_layout = QtWidgets.QVBoxLayout(scope_box)
        for kind, label in SCOPES:
            button = QtWidgets.QRadioButton(label)
            button.setEnabled(kind in available)
            scope_layout.addWidget(button)
            self.buttons_by_kind[kind] = button
        first = next((k for k, _ in SCOPES if k in available), ScopeKind.CORPUS)
        self.buttons_by_kind[first].setChecked(True)

        self.context = QtWidgets.QSpinBox(
            minimum=0, maximum=2000, singleStep=40, value=160, suffix=" characters"
        )
        self.context.setToolTip("Text shown before and after each passage to situate it")
        self.similarity = QtWidgets.QDoubleSpinBox(minimum=floor, maximum=1.0, singleStep=0.05, decimals=2)
        self.similarity.setValue(max(floor, threshold))
        self.similarity.setToolTip("Leave out parallels less similar than this")
        self.only_discrepancies = QtWidgets.QCheckBox("Disputed facts only")
        self.only_discrepancies.setToolTip(
            "Print the disputed facts and the parallel groups that show them, without the groups that show "
            "no disagreement"
        )
        self.path = QtWidgets.QLineEdit(str(suggested))
        browse = QtWidgets.QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QtWidgets.QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QtWidgets.QFormLayout()
        form.addRow("Context around passages:", self.context)
        form.addRow("Minimum similarity:", self.similarity)
        form.addRow("Contents:", self.only_discrepancies)
        form.addRow("Save as:", where)

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
        )

    def _browse(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the PDF as", self.path.text(), "PDF (*.pdf)"
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
