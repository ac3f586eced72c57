"""The report's parts as Qt rich-text documents: title page, overview, discrepancies, each parallel group.

Each part is one QTextDocument built with QTextCursor (not HTML: Qt's HTML reader drops wavy and dotted
underlines, which the grey-safe legend needs); `viewer.report.paging` flows the parts onto pages and paints
them. Marks take their colours and print-safe styles from viewer.palette, like the window.
Imports: viewer.core, viewer.palette, viewer.report.content, viewer.report.qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from viewer import palette
from viewer.core.model import SHOWN_VERDICTS, Document, Verdict
from viewer.report.content import VERDICT_ORDER, Run
from viewer.report.qt import QtCore, QtGui

BASE_PT = 9.0
QT_FORMAT_PX = 96 / 72.0  # Qt's pixels (1/96 inch) per point, the unit of margins and paddings in formats
MUTED = "#555555"
RULE = "#9a9a9a"
HEAD_FILL = "#eeeeee"
PREFERRED_FAMILY = "DejaVu Sans"
MAX_COLUMNS = 3
DOCUMENT_ROWS = 300  # a title page listing ten thousand articles would be a book
BOX = QtGui.QTextFormat.Property.UserProperty + 1  # colour of the frame drawn around a character run
BOX_DASHED = QtGui.QTextFormat.Property.UserProperty + 2  # the frame is dashed (soft divergences)
LINK = "#1a4f8b"
# How each verdict reads in grey print, beyond its colour: a solid frame, a dashed frame, an italic
# underline, a bold dotted underline. The window's palette marks soft divergences with a wavy underline
# alone, which at print sizes is hard to tell from the hedges' straight one; the report frames them too, and
# prints them darker.
PRINT_TEXT = {Verdict.SOFT: "#9a5b00"}


@dataclass
class Bookmark:
    title: str
    anchor: QtGui.QTextCursor  # where it points; its page is found after layout
    level: int = 0


@dataclass
class Part:
    """One document of the report, kept whole on a page when it fits (a parallel group, the title page)."""

    doc: QtGui.QTextDocument
    # Positions are kept as cursors, which follow later insertions before them (cells fill out of order).
    bookmarks: list[Bookmark] = field(default_factory=list)
    anchors: dict[str, QtGui.QTextCursor] = field(default_factory=dict)  # link targets by name
    links: list[tuple[QtGui.QTextCursor, str]] = field(default_factory=list)  # (selection, target name)

    def boxes(self) -> list[tuple[int, int, str]]:
        """The runs to frame, as (start, end, colour), read from the laid-out document."""
        found: list[tuple[int, int, str]] = []
        block = self.doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                colour = fragment.charFormat().property(BOX)
                if colour and fragment.charFormat().property(BOX_DASHED):
                    colour = "dashed:" + colour
                start, end = fragment.position(), fragment.position() + fragment.length()
                if colour and found and found[-1][1] == start and found[-1][2] == colour:
                    found[-1] = (found[-1][0], end, colour)
                elif colour:
                    found.append((start, end, colour))
                it += 1
            block = block.next()
        return found

    def anchor(self, position: int) -> QtGui.QTextCursor:
        cursor = QtGui.QTextCursor(self.doc)
        cursor.setPosition(position)
        return cursor


def font_family() -> str:
    """DejaVu Sans where the system has it (freely licensed, wide coverage), else Qt's default."""
    if PREFERRED_FAMILY in QtGui.QFontDatabase.families():
        return PREFERRED_FAMILY
    return QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.GeneralFont).family()


def report_font(family: str, size: float = BASE_PT) -> QtGui.QFont:
    font = QtGui.QFont(family)
    font.setPointSizeF(size)
    # Ligatures turn "first" into "ﬁrst" in the PDF's text, which searches and copies then miss.
    font.setFeature(QtGui.QFont.Tag("liga"), 0)
    return font


class PartWriter:
    """A QTextDocument under construction, with the few block kinds the report uses."""

    def __init__(self, device: QtGui.QPaintDevice, family: str) -> None:
        doc = QtGui.QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        # No layout while the document is built (against a PDF device every insertion would re-lay it out,
        # minutes for a large report): a null page size defers it to the one layout at the real size.
        doc.setPageSize(QtCore.QSizeF(0, 0))
        doc.setDocumentMargin(0)
        doc.setDefaultFont(report_font(family))
        doc.setUndoRedoEnabled(False)
        self.part = Part(doc)
        self.px = device.logicalDpiY() / 72.0  # device pixels per point: sizes this module lays out itself
        # Margins, paddings and borders in Qt's text formats are in pixels of 1/96 inch, which the layout
        # scales to the device (QTextDocumentLayout: by its dpi / 96): given in device pixels they came out
        # three times too large at the report's 288 dpi (a group's cell padding of "3 pt" printed 9 pt).
        self.format_px = QT_FORMAT_PX
        self.cursor = QtGui.QTextCursor(doc)
        self._first_block = True

    # -- character formats -------------------------------------------------------------------------------
    @staticmethod
    def char(size: float = BASE_PT, bold: bool = False, colour: str | None = None, italic: bool = False
             ) -> QtGui.QTextCharFormat:
        fmt = QtGui.QTextCharFormat()
        fmt.setFontPointSize(size)
        fmt.setFontWeight(QtGui.QFont.Weight.Bold if bold else QtGui.QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        if colour:
            fmt.setForeground(QtGui.QColor(colour))
        return fmt

    def block(self, *, top: float = 0, bottom: float = 3) -> int:
        """Start a paragraph (the document's first one is reused); returns its position."""
        fmt = QtGui.QTextBlockFormat()
        fmt.setTopMargin(top * self.format_px)
        fmt.setBottomMargin(bottom * self.format_px)
        if self._first_block:
            self.cursor.setBlockFormat(fmt)
            self._first_block = False
        else:
            self.cursor.insertBlock(fmt, self.char())
        return self.cursor.position()

    def text(self, text: str, fmt: QtGui.QTextCharFormat | None = None) -> None:
        self.cursor.insertText(text, fmt or self.char())

    def paragraph(self, text: str, fmt: QtGui.QTextCharFormat | None = None, **block: float) -> int:
        pos = self.block(**block)
        self.text(text, fmt)
        return pos

    def heading(self, text: str, level: int = 1, *, bookmark: str | None = None) -> int:
        size = {1: 14.0, 2: 11.0}[level]
        pos = self.block(top=size * 0.8, bottom=size * 0.35)
        self.text(text, self.char(size, bold=True))
        if bookmark is not None:
            self.part.bookmarks.append(Bookmark(bookmark, self.part.anchor(pos)))
        return pos

    def table(self, rows: int, widths: Sequence[float], *, header_rows: int = 0, padding: float = 3,
              border: bool = True) -> QtGui.QTextTable:
        """A table of `rows` rows whose columns take the given percentages of the width."""
        self.block(bottom=0)
        fmt = QtGui.QTextTableFormat()
        fmt.setWidth(QtGui.QTextLength(QtGui.QTextLength.Type.PercentageLength, 100))
        fmt.setColumnWidthConstraints(
            [QtGui.QTextLength(QtGui.QTextLength.Type.PercentageLength, w) for w in widths])
        fmt.setCellPadding(padding * self.format_px)
        fmt.setCellSpacing(0)
        fmt.setBorderCollapse(True)
        # Hidden borders are white rather than absent: cells can then draw their own (see group_block).
        fmt.setBorder(0.6 * self.format_px)
        fmt.setBorderBrush(QtGui.QBrush(QtGui.QColor(RULE if border else "#ffffff")))
        fmt.setHeaderRowCount(header_rows)
        table = self.cursor.insertTable(rows, len(widths), fmt)
        self.cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        return table

    def cell(self, table: QtGui.QTextTable, row: int, col: int, fill: str | None = None) -> QtGui.QTextCursor:
        cell = table.cellAt(row, col)
        if fill:
            fmt = cell.format().toTableCellFormat()
            fmt.setBackground(QtGui.QColor(fill))
            cell.setFormat(fmt)
        return cell.firstCursorPosition()

    def runs(self, cursor: QtGui.QTextCursor, runs: Iterable[Run]) -> None:
        """Insert a column's runs with their marks' formats, remembering the boxed ones."""
        for run in runs:
            if run.context:
                cursor.insertText(run.text, self.char(BASE_PT - 0.5, colour=MUTED, italic=True))
                continue
            self.marked(cursor, run.text, run.marks)

    def marked(self, cursor: QtGui.QTextCursor, text: str, marks: frozenset[str],
               fmt: QtGui.QTextCharFormat | None = None) -> None:
        cursor.insertText(text, mark_format(marks, fmt or self.char()))

    def anchor(self, name: str, cursor: QtGui.QTextCursor | None = None) -> None:
        """Name the place of `cursor` (the writer's own by default) as a link target."""
        self.part.anchors[name] = self.part.anchor((cursor or self.cursor).position())

    def link(self, cursor: QtGui.QTextCursor, text: str, target: str, size: float = BASE_PT,
             bold: bool = False) -> None:
        """`text` at `cursor`, underlined, linking to the anchor named `target` (a PDF link annotation)."""
        start = cursor.position()
        fmt = self.char(size, bold=bold, colour=LINK)
        fmt.setFontUnderline(True)
        cursor.insertText(text, fmt)
        selection = QtGui.QTextCursor(self.part.doc)
        selection.setPosition(start)
        selection.setPosition(cursor.position(), QtGui.QTextCursor.MoveMode.KeepAnchor)
        self.part.links.append((selection, target))


def mark_format(marks: frozenset[str], fmt: QtGui.QTextCharFormat) -> QtGui.QTextCharFormat:
    """`fmt` with the marks applied: diff backgrounds, then the strongest verdict's colour and style. A "box"
    style is recorded as the BOX property (QTextCharFormat has no border; the painter frames it)."""
    if "insert" in marks:
        _apply(fmt, palette.DIFF_INSERT, fill=True)
    if "delete" in marks:
        _apply(fmt, palette.DIFF_DELETE, fill=True)
    verdict = next((v for v in VERDICT_ORDER if v in marks), None)
    if verdict is None:
        return fmt
    mark = palette.VERDICT_MARKS[verdict]
    colour = PRINT_TEXT.get(verdict, mark.light)
    fmt.setForeground(QtGui.QColor(colour))
    fmt.setFontWeight(QtGui.QFont.Weight.Bold)
    _apply(fmt, mark, fill=False)
    if mark.style == "box":
        fmt.setProperty(BOX, colour)
    elif verdict == Verdict.SOFT:
        fmt.setProperty(BOX, colour)
        fmt.setProperty(BOX_DASHED, True)
        fmt.setUnderlineStyle(QtGui.QTextCharFormat.UnderlineStyle.NoUnderline)
    elif verdict == Verdict.HEDGE:  # underlined like the equivalences' dotted line: italic sets it apart
        fmt.setFontItalic(True)
        fmt.setFontWeight(QtGui.QFont.Weight.Normal)
    return fmt


_UNDERLINES = {
    "underline": QtGui.QTextCharFormat.UnderlineStyle.SingleUnderline,
    "wavy": QtGui.QTextCharFormat.UnderlineStyle.WaveUnderline,
    "dotted": QtGui.QTextCharFormat.UnderlineStyle.DotLine,
}


def _apply(fmt: QtGui.QTextCharFormat, mark: palette.Mark, *, fill: bool) -> None:
    if fill:
        fmt.setBackground(QtGui.QColor(mark.light))
    if mark.style == "strike":
        fmt.setFontStrikeOut(True)
    elif mark.style in _UNDERLINES:
        fmt.setUnderlineStyle(_UNDERLINES[mark.style])
        if not fill:
            fmt.setUnderlineColor(QtGui.QColor(mark.light))


# -- the parts ---------------------------------------------------------------------------------------------

def legend(w: PartWriter) -> None:
    """The marks as the window shows them, each with a sample, its name and what it means."""
    w.heading("Legend", 2)
    table = w.table(len(palette.LEGEND), (18, 82), border=False, padding=1.5)
    samples = {"insert": "added words", "delete": "missing words", Verdict.CONFLICT: "June 27",
               Verdict.SOFT: "about 50", Verdict.HEDGE: "some 100", Verdict.EQUIVALENT: "since 2009"}
    for row, mark in enumerate(palette.LEGEND):
        cursor = w.cell(table, row, 0)
        w.runs(cursor, [Run(samples[mark.key], frozenset({mark.key}))])
        cursor = w.cell(table, row, 1)
        cursor.insertText(mark.label + ": ", w.char(bold=True))
        cursor.insertText(mark.description, w.char())
    w.paragraph(
        "Context around a passage is set in grey italics. Differences are marked against the first column "
        "of each group: its words that no other passage has are struck through, words a passage adds are "
        "underlined. Each mark also differs by style, so the legend reads in grey print.",
        w.char(BASE_PT - 0.5, colour=MUTED), top=3)


def documents_table(w: PartWriter, documents: Sequence[Document], numbers: dict[str, int],
                    focus: str | None = None) -> None:
    """Every document with the number the whole report calls it by, its file (its identifier in the corpus
    and for `--doc`), title, source, date and address."""
    shown = documents[:DOCUMENT_ROWS]
    table = w.table(len(shown) + 1, (6, 18, 44, 18, 14), header_rows=1)
    for col, name in enumerate(("#", "File (ID)", "Title and URL", "Source", "Date")):
        w.cell(table, 0, col, HEAD_FILL).insertText(name, w.char(bold=True))
    small = BASE_PT - 1
    for row, doc in enumerate(shown, start=1):
        fill = HEAD_FILL if doc.id == focus else None
        cursor = w.cell(table, row, 0, fill)
        cursor.insertText(str(numbers[doc.id]), w.char(bold=True))
        if doc.id == focus:
            cursor.insertText(" focus", w.char(small - 1, colour=MUTED))
        w.cell(table, row, 1, fill).insertText(doc.id, w.char(small))
        cursor = w.cell(table, row, 2, fill)
        cursor.insertText(doc.title or "—", w.char(small))
        if doc.url:  # under the title, where a long address has the width to wrap in two lines or three
            cursor.insertBlock()
            url_cell(w, cursor, doc.url, small)
        cursor = w.cell(table, row, 3, fill)
        if doc.source:
            cursor.insertText(doc.source, w.char(small))
        else:  # named as everywhere else in the report (Document.label), in grey: from the file's name
            cursor.insertText(doc.label, w.char(small, colour=MUTED))
        w.cell(table, row, 4, fill).insertText(doc.date or "—", w.char(small))
    if len(documents) > len(shown):
        w.paragraph(f"… and {len(documents) - len(shown):,} more documents.", w.char(colour=MUTED), top=2)


def url_cell(w: PartWriter, cursor: QtGui.QTextCursor, url: str, size: float) -> None:
    """A URL, linked (an external link annotation) and shown without its scheme; Qt's default wrapping
    (at word boundaries, else anywhere) breaks it inside the narrow column."""
    fmt = w.char(size - 1, colour=LINK)
    fmt.setAnchor(True)
    fmt.setAnchorHref(url)
    cursor.insertText(re.sub(r"^https?://(www\.)?", "", url), fmt)


def heat_map(w: PartWriter, documents: Sequence[Document], matrix: list[list[float | None]],
             numbers: dict[str, int]) -> None:
    """Rows: a document; columns: the other document; cell: the share of the row's text shared with it.
    Documents keep the numbers of the Documents table."""
    n = len(documents)
    label_width = 26.0 if n <= 12 else 22.0
    cell_width = (100.0 - label_width) / n
    size = BASE_PT - 1 if n <= 12 else max(5.5, BASE_PT - 1 - (n - 12) / 4)
    table = w.table(n + 1, (label_width, *[cell_width] * n), header_rows=1, padding=2 if n <= 12 else 0.8)
    center = QtCore.Qt.AlignmentFlag.AlignCenter
    for j, doc in enumerate(documents):
        cursor = w.cell(table, 0, j + 1, HEAD_FILL)
        _align(cursor, center)
        cursor.insertText(str(numbers[doc.id]), w.char(size, bold=True))
    for i, doc in enumerate(documents):
        w.cell(table, i + 1, 0, HEAD_FILL).insertText(f"{numbers[doc.id]}  {doc.label}", w.char(size))
        for j, value in enumerate(matrix[i]):
            fill = palette.heat(value) if value is not None else "#ffffff"
            cursor = w.cell(table, i + 1, j + 1, fill)
            _align(cursor, center)
            if value is None:
                cursor.insertText("—", w.char(size, colour=MUTED))
            else:
                colour = "#ffffff" if value > 0.45 else "#000000"
                cursor.insertText(_percent(value), w.char(size, colour=colour))
    scale = w.table(1, [100 / 11] * 11, padding=1.5)
    for k in range(11):
        cursor = w.cell(scale, 0, k, palette.heat(k / 10))
        _align(cursor, center)
        cursor.insertText(f"{k * 10}%", w.char(BASE_PT - 2, colour="#ffffff" if k > 4 else "#000000"))


def _percent(value: float) -> str:
    if value == 0:
        return ""
    return "<1%" if value < 0.005 else f"{value:.0%}"


def _align(cursor: QtGui.QTextCursor, align: QtCore.Qt.AlignmentFlag) -> None:
    fmt = cursor.blockFormat()
    fmt.setAlignment(align)
    cursor.setBlockFormat(fmt)


def format_to_device(part: Part, length: float) -> float:
    """A margin, padding or border of a format (Qt's 1/96-inch pixels) in the part's device pixels."""
    return length * part.doc.documentLayout().paintDevice().logicalDpiY() / 96.0


def frame_cell(w: PartWriter, cell: QtGui.QTextTableCell) -> None:
    fmt = cell.format().toTableCellFormat()
    fmt.setBorder(0.6 * w.format_px)
    fmt.setBorderBrush(QtGui.QBrush(QtGui.QColor(RULE)))
    cell.setFormat(fmt)


def count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def short_legend(w: PartWriter, keys: Sequence[str] = ("insert", "delete", *SHOWN_VERDICTS)) -> None:
    """The marks in one line, each as a sample of itself: repeated wherever marks are used, so that a page
    read alone (or a report printed without its title page) still says what they mean."""
    w.block(bottom=4)
    w.text("Marks: ", w.char(BASE_PT - 1, colour=MUTED))
    for k, key in enumerate(keys):
        mark = {m.key: m for m in palette.LEGEND}[key]
        if k:
            w.text("   ", w.char(BASE_PT - 1))
        w.marked(w.cursor, mark.label.lower(), frozenset({key}), w.char(BASE_PT - 1))
    w.text("   (see the legend on the first page)", w.char(BASE_PT - 1, colour=MUTED))


def title_page(w: PartWriter, *, title: str, subtitle: str, facts: Sequence[str],
               documents: Sequence[Document], numbers: dict[str, int], focus: str | None,
               notes: Sequence[str], with_legend: bool) -> None:
    w.paragraph("Parallax comparison report", w.char(BASE_PT + 1, colour=MUTED), bottom=2)
    pos = w.paragraph(title, w.char(22, bold=True), bottom=4)
    w.part.bookmarks.append(Bookmark("Title page", w.part.anchor(pos)))
    w.paragraph(subtitle, w.char(BASE_PT + 3), bottom=10)
    for line in facts:
        w.paragraph(line, w.char(), bottom=1.5)
    for note in notes:
        w.paragraph(note, w.char(BASE_PT + 1, bold=True), top=8)
    if with_legend:
        legend(w)
    if documents:
        w.heading("Documents", 2)
        w.paragraph("Every page calls a document by its number here. A source in grey is not in the file: "
                    "the document is named after its file.", w.char(BASE_PT - 0.5, colour=MUTED))
        documents_table(w, documents, numbers, focus)
