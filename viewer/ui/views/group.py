"""The Group tab: the passage compared, across every document that shares it, its values lined up.

Imports: viewer.ui (index, selection, models.group, views.tables).
"""

from __future__ import annotations

from viewer.ui.index import CorpusIndex
from viewer.ui.models.group import VALUES_COLUMN, GroupModel, group_rows
from viewer.ui.qt import QtGui, QtWidgets
from viewer.ui.selection import Field, Selection
from viewer.ui.views.tables import VerdictDelegate, WrappedTableView


class GroupPanel(WrappedTableView):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = GroupModel(self)
        self.setModel(self.model_)
        self.setAccessibleName(self.tr("Group: the passage across every document that shares it"))
        self.setItemDelegateForColumn(VALUES_COLUMN, VerdictDelegate(self))
        self._index: CorpusIndex | None = None
        self._group: int | None = None  # the group to show
        self._shown: int | None = None  # the group shown (filled only while the tab is visible: it is costly)

    def set_index(self, index: CorpusIndex | None) -> None:
        self._index = index
        self._group = self._shown = None
        self.model_.set_records([])

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        if Field.PAIR in changed:
            self._group = selection.pair.group if selection.pair is not None else None
            if self.isVisible():
                self._fill()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self._fill()

    def _fill(self) -> None:
        if self._group == self._shown:
            return
        self._shown = self._group
        if self._group is None or self._index is None:
            self.model_.set_records([])
            return
        self.model_.set_records(group_rows(self._index, self._group))
        self.fit_columns(200)
