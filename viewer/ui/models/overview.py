"""The Overview matrix: for each document (row) the share of its text it shares with each other (column).

Imports: viewer.ui.index, viewer.ui.qt.
"""

from __future__ import annotations

from typing import Any

from viewer.ui.index import CorpusIndex
from viewer.ui.qt import Qt, QtCore

FRACTION_ROLE = Qt.ItemDataRole.UserRole


class OverviewModel(QtCore.QAbstractTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._index: CorpusIndex | None = None
        self._ids: list[str] = []
        self._cells: dict[tuple[int, int], float] = {}

    def set_index(self, index: CorpusIndex | None) -> None:
        self.beginResetModel()
        self._index = index
        self._ids = [d.id for d in index.documents] if index else []
        self._cells = {}
        self.endResetModel()

    def doc_ids(self, index: QtCore.QModelIndex) -> tuple[str, str]:
        return self._ids[index.row()], self._ids[index.column()]

    def fraction(self, row: int, column: int) -> float:
        """Computed on first use: a large corpus has many cells, and the view asks for visible ones only."""
        key = (row, column)
        if key not in self._cells:
            assert self._index is not None
            self._cells[key] = self._index.shared_fraction(self._ids[row], self._ids[column])
        return self._cells[key]

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._index is None:
            return None
        row, col = index.row(), index.column()
        if role == FRACTION_ROLE:
            return self.fraction(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if row == col else f"{self.fraction(row, col):.0%}"
        if role == Qt.ItemDataRole.ToolTipRole and row != col:
            a, b = (self._index.docs[self._ids[i]] for i in (row, col))
            n = len(self._index.pairs_between(a.id, b.id))
            return f"{self.fraction(row, col):.0%} of {a.label} is shared with {b.label} ({n} parallels)"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._index is None or not 0 <= section < len(self._ids):
            return None
        doc = self._index.docs[self._ids[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return doc.title or doc.path
        return None
