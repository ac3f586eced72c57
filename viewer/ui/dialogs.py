"""Small dialogs of the window: correcting a document's title, source and date; choosing two documents to
compare. They only ask; the window acts. Imports: viewer.core (model, ingest.metadata), viewer.ui.qt.
"""

from __future__ import annotations

from viewer.core.ingest.metadata import normalise_date
from viewer.core.model import Document
from viewer.ui.qt import QtWidgets


class CorrectDialog(QtWidgets.QDialog):
    """Title, source and date of one document, as the user wants them shown (empty: as the file says)."""

    def __init__(self, doc: Document, original: Document, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct {file}").format(file=doc.path))
        form = QtWidgets.QFormLayout(self)
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        for name, label, value, placeholder in (
            ("title", self.tr("&Title:"), doc.title, original.title),
            ("source", self.tr("&Source:"), doc.source, original.source or original.label),
            ("date", self.tr("&Date:"), doc.date or "", original.date or self.tr("YYYY-MM-DD")),
        ):
            edit = QtWidgets.QLineEdit(value if value != getattr(original, name) else "")
            edit.setPlaceholderText(placeholder or "")
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            edit.setMinimumWidth(420)
            form.addRow(label, edit)
            self.fields[name] = edit
        self.problem = QtWidgets.QLabel()
        form.addRow(self.problem)
        form.addRow(QtWidgets.QLabel(self.tr("Leave a field empty to use what the file says.")))
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        """Field name -> the user's value ('' for the file's own); the date as YYYY-MM-DD."""
        out = {name: " ".join(edit.text().split()) for name, edit in self.fields.items()}
        if out["date"]:
            out["date"] = normalise_date(out["date"]) or ""
        return out

    def _accept(self) -> None:
        date = self.fields["date"].text().strip()
        if date and normalise_date(date) is None:
            self.problem.setText(self.tr("Not a date Parallax can read: {date}").format(date=date))
            return
        self.accept()


class CompareDialog(QtWidgets.QDialog):
    """Two documents to compare directly."""

    def __init__(
        self, documents: list[Document], first: str | None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare Two Documents"))
        form = QtWidgets.QFormLayout(self)
        self.combos = (QtWidgets.QComboBox(), QtWidgets.QComboBox())
        for combo, label in zip(self.combos, (self.tr("&Left:"), self.tr("&Right:")), strict=True):
            for doc in documents:
                combo.addItem(f"{doc.label} — {doc.title}", doc.id)
            combo.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, combo)
        ids = [d.id for d in documents]
        left = ids.index(first) if first in ids else 0
        self.combos[0].setCurrentIndex(left)
        self.combos[1].setCurrentIndex(1 if left == 0 and len(ids) > 1 else 0)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> tuple[str, str]:
        return self.combos[0].currentData(), self.combos[1].currentData()
