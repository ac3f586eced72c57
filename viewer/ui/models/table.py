"""A table model over a list of records, one column per `Column` (how to show, sort and explain a cell).

The documents, parallels, discrepancies, group and skipped-file tables are all this model with their own
columns. Imports: viewer.ui.qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from viewer.ui.qt import Qt, QtCore

SORT_ROLE = Qt.ItemDataRole.UserRole
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 3  # a cell's verdict, which the view paints in its theme's colour

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # defaults to the displayed text, case-folded
    tooltip: Callable[[Any], str] | None = None
    numeric: bool = False  # right-aligned
    header_tip: str = ""


class RecordTableModel(QtCore.QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int) -> Any:
        return self._records[row]

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self._records[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.display(record).casefold()
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(_RIGHT.value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        # headers are written in English in the column tables and translated when shown
        if role == Qt.ItemDataRole.DisplayRole:
            return QtCore.QCoreApplication.translate("columns", self.columns[section].header)
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].header_tip:
            return QtCore.QCoreApplication.translate("columns", self.columns[section].header_tip)
        return None


def sorted_proxy(
    model: QtCore.QAbstractItemModel, parent: QtCore.QObject | None = None
) -> QtCore.QSortFilterProxyModel:
    """A proxy sorting by each column's sort key and filtering case-insensitively on every column."""
    proxy = QtCore.QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
