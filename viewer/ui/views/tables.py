"""Table views of the window: a calm default table, the parallels list with verdict badges, the group
table with wrapped passages, text coloured by verdict, and the overview heat map.

Delegates pick their colours from the palette they paint with, so the tables follow a live switch between
light and dark. Imports: viewer.palette, viewer.ui (marks, qt, models).
"""

from __future__ import annotations

from viewer import palette
from viewer.ui import marks
from viewer.ui.models.overview import FRACTION_ROLE, OverviewModel
from viewer.ui.models.parallels import BADGES_COLUMN, BADGES_ROLE, SOURCE_COLUMN
from viewer.ui.models.table import VERDICT_ROLE
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

RESIZE_ROWS = 40  # fitting columns looks at this many rows, so it costs the same for 5 or 5,000 documents


class CompactHeader(QtWidgets.QHeaderView):
    """A header that keeps room for the sort arrow in the sorted column only: Qt keeps it in every column,
    which in a narrow panel costs a short numeric column a third of its width."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def sectionSizeFromContents(self, logicalIndex: int) -> QtCore.QSize:
        size = super().sectionSizeFromContents(logicalIndex)
        if self.isSortIndicatorShown() and logicalIndex != self.sortIndicatorSection():
            # what QHeaderView::sectionSizeFromContents adds for the arrow: the section's height and a margin
            margin = self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_HeaderMargin, None, self)
            size.setWidth(max(size.width() - size.height() - margin, self.minimumSectionSize()))
        return size


class TableView(QtWidgets.QTableView):
    """Sortable, whole-row selection, no grid, one column stretched: how every list of the window looks."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, sortable: bool = True) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(CompactHeader(self))
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setSortingEnabled(sortable)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)

    def fit_columns(self, widest: int = 260, stretch: int = -1) -> None:
        """Size columns to their contents (again whenever they change), a column wider than `widest` pixels
        to `widest`; column `stretch` (the last by default) takes the width left, growing and shrinking with
        the view, its text elided. Every column is measured before any is set to follow its contents: a
        width read while some columns follow theirs makes the header measure all of those again (the
        discrepancies' seven columns cost 0.26 of the 0.39 CPU-s the window's thread spent reopening
        bench_open's 100-article folder, where measuring each once costs a seventh of that)."""
        header = self.horizontalHeader()
        count = self.model().columnCount()
        stretch %= max(count, 1)
        header.setStretchLastSection(False)
        follow = []
        for column in range(count):
            if column != stretch:
                header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Interactive)
        for column in range(count):
            if column == stretch:
                continue
            self.resizeColumnToContents(column)
            if self.columnWidth(column) > widest:
                self.setColumnWidth(column, widest)  # the user may widen it
            else:
                follow.append(column)
        header.setSectionResizeMode(stretch, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in follow:
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

    def select_row(self, row: int) -> None:
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)


class BadgeDelegate(QtWidgets.QStyledItemDelegate):
    """Paints a pair's divergences as small coloured badges ("1 conflict", "2 hedge")."""

    def paint(
        self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex
    ) -> None:
        badges = index.data(BADGES_ROLE) or []
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        dark = marks.is_dark(option.palette)
        fm = option.fontMetrics
        x = option.rect.left() + 4
        h = fm.height() + 2
        y = option.rect.center().y() - h // 2
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        for verdict, n in badges:
            label = f"{n} {verdict}"
            w = fm.horizontalAdvance(label) + 10
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(marks.badge_color(verdict, dark))
            painter.drawRoundedRect(QtCore.QRectF(x, y, w, h), 4, 4)
            painter.setPen(QtGui.QColor(palette.FACT.light if dark else palette.FACT.dark))
            painter.drawText(QtCore.QRect(x, y, w, h), Qt.AlignmentFlag.AlignCenter, label)
            x += w + 4
        painter.restore()

    def sizeHint(self, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex) -> QtCore.QSize:
        fm = option.fontMetrics
        width = sum(fm.horizontalAdvance(f"{n} {v}") + 14 for v, n in index.data(BADGES_ROLE) or [])
        return QtCore.QSize(max(width + 8, 60), fm.height() + 8)


class VerdictDelegate(QtWidgets.QStyledItemDelegate):
    """Bold text in the colour of the cell's verdict (the model's VERDICT_ROLE) for the view's theme."""

    def initStyleOption(self, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex) -> None:
        super().initStyleOption(option, index)
        verdict = index.data(VERDICT_ROLE)
        if verdict:
            color = marks.badge_color(verdict, marks.is_dark(option.palette))
            option.palette.setColor(QtGui.QPalette.ColorRole.Text, color)
            option.font.setBold(True)


class WrappedTableView(TableView):
    """Rows as tall as their wrapped text (passages in the parallels and group views)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, sortable: bool = False) -> None:
        super().__init__(parent, sortable=sortable)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)


class ParallelsView(TableView):
    """One line per parallel (a preview of its passage); the panel shows the whole passage below it.

    The columns take the width of their contents (at most `widest`); the passage preview takes what is
    left. When the panel is too narrow for the source, the similarity and the divergences, the source gives
    way first (down to `SOURCE_MIN`), so a conflict stays in view in a 1024-pixel window."""

    SOURCE_MIN = 70  # pixels: the start of an outlet's name (its tooltip gives the document's title)

    def __init__(self, parent: QtWidgets.QWidget | None = None, widest: int = 160) -> None:
        super().__init__(parent, sortable=True)
        self.setItemDelegateForColumn(BADGES_COLUMN, BadgeDelegate(self))
        self._widest = widest
        self._source = 0  # the source column's width for its contents, measured by fit()
        self.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self.fit())

    def fit(self) -> None:
        """Measure the columns for their contents (when the rows or the sort change), then share the width."""
        model = self.model()
        count = model.columnCount() if model is not None else 0
        if count == 0:
            return
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(count - 1):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Interactive)
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), self._widest))
        header.setSectionResizeMode(count - 1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self._source = self.columnWidth(SOURCE_COLUMN)
        self._share()

    def _share(self) -> None:
        if not self._source:
            return
        verdicts = sum(self.columnWidth(c) for c in range(SOURCE_COLUMN + 1, BADGES_COLUMN + 1))
        room = self.viewport().width() - verdicts
        self.setColumnWidth(SOURCE_COLUMN, max(self.SOURCE_MIN, min(self._source, room)))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share()


class HeatDelegate(QtWidgets.QStyledItemDelegate):
    """Paints a cell of the overview in the palette's heat colour for its share of shared text."""

    def paint(
        self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex
    ) -> None:
        fraction = index.data(FRACTION_ROLE) or 0.0
        rect = option.rect.adjusted(1, 1, -1, -1)
        painter.save()
        if index.row() == index.column():
            painter.fillRect(rect, option.palette.color(QtGui.QPalette.ColorRole.Mid))
        else:
            dark = marks.is_dark(option.palette)
            painter.fillRect(rect, marks.heat_color(fraction, dark))
            # dark ink on light cells: on the light theme the cells darken, on the dark theme they lighten
            ink = palette.FACT.light if (fraction > 0.45) == dark else palette.FACT.dark
            painter.setPen(QtGui.QColor(ink))
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        if option.state & QtWidgets.QStyle.StateFlag.State_Selected:
            pen = QtGui.QPen(option.palette.color(QtGui.QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.drawRect(rect)
        painter.restore()


class OverviewView(QtWidgets.QTableView):
    cell_chosen = Signal(str, str)  # (row document id, column document id)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(HeatDelegate(self))
        self.setShowGrid(False)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setDefaultSectionSize(
            self.fontMetrics().horizontalAdvance("American Mi") + 12
        )
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)

    def _chosen(self, index: QtCore.QModelIndex) -> None:
        model = self.model()
        if isinstance(model, OverviewModel) and index.row() != index.column():
            self.cell_chosen.emit(*model.doc_ids(index))


def panel_box(
    box: QtWidgets.QWidget, title: str | QtWidgets.QLabel, *widgets: QtWidgets.QWidget
) -> QtWidgets.QLabel:
    """Lay out `box` as a titled panel: a bold title over `widgets` (item views take the height left).
    Returns the title label (a panel may change its text)."""
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    label = title if isinstance(title, QtWidgets.QLabel) else QtWidgets.QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QtWidgets.QAbstractItemView) else 0)
    return label
