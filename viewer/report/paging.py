"""Pages of the report: parts flowed onto pages, then painted with running header, footer and mark frames.

A section is a run of pages with one orientation and one running header. Its parts (a group, the overview)
follow each other on a page; a part that does not fit in what is left of a page starts the next one, and a
part longer than a page runs over several, paginated by Qt's own layout (table header rows repeat). Each
part is laid out once, so the work grows linearly with the report.
Imports: viewer.report.layout, viewer.report.qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from viewer.report import layout
from viewer.report.qt import QtCore, QtGui

Frames = list[tuple[QtCore.QRectF, str]]


@dataclass
class Section:
    title: str
    landscape: bool
    parts: list[layout.Part] = field(default_factory=list)


@dataclass(frozen=True)
class Slice:
    """The stretch [top, top + height) of a part's laid-out document, shown `at` that height on a page."""

    part: layout.Part
    top: float
    height: float
    at: float


@dataclass
class Page:
    section: Section
    slices: list[Slice] = field(default_factory=list)


def flow(section: Section, size: QtCore.QSizeF, gap: float) -> list[Page]:
    """Lay out every part at the content `size` of the section's pages and place them, `gap` apart."""
    pages = [Page(section)]
    height = size.height()
    y = 0.0
    for part in section.parts:
        doc = part.doc
        doc.setPageSize(size)
        count = doc.pageCount()
        bottom = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
        if count == 1:
            if y > 0 and y + bottom > height:
                pages.append(Page(section))
                y = 0.0
            pages[-1].slices.append(Slice(part, 0.0, bottom, y))
            y += bottom + gap
            continue
        if y > 0:
            pages.append(Page(section))
        for i in range(count):
            if i:
                pages.append(Page(section))
            top = i * height
            pages[-1].slices.append(Slice(part, top, min(height, bottom - top), 0.0))
        y = bottom - (count - 1) * height + gap
    return pages


def page_of(pages: list[Page], part: layout.Part, cursor: QtGui.QTextCursor) -> int:
    """The index of the page that shows the block at `cursor` in `part`."""
    y = part.doc.documentLayout().blockBoundingRect(cursor.block()).top()
    for n, page in enumerate(pages):
        for s in page.slices:
            if s.part is part and s.top <= y < s.top + max(s.height, 1.0):
                return n
    raise ValueError("the block is on no page")


def frames(part: layout.Part, pad: float) -> Frames:
    """Rectangles around the runs whose mark is a box, one per line they span (QTextCharFormat has no
    border, so they are drawn over the laid-out lines)."""
    doc = part.doc
    doc_layout = doc.documentLayout()
    found: Frames = []
    for start, end, colour in part.boxes():
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            origin = doc_layout.blockBoundingRect(block).topLeft()
            text_layout = block.layout()
            for k in range(text_layout.lineCount()):
                line = text_layout.lineAt(k)
                lo = max(start, block.position() + line.textStart())
                hi = min(end, block.position() + line.textStart() + line.textLength())
                if lo < hi:
                    x0 = line.cursorToX(lo - block.position())[0]
                    x1 = line.cursorToX(hi - block.position())[0]
                    found.append((QtCore.QRectF(origin.x() + x0 - pad, origin.y() + line.y(),
                                                x1 - x0 + 2 * pad, line.height()), colour))
            block = block.next()
    return found


@dataclass(frozen=True)
class Furniture:
    """What every page carries besides its content: the band height above and below, the header's left
    text, the font and the line width, in device pixels."""

    band: float
    left: str
    font: QtGui.QFont
    line: float


def paint_page(painter: QtGui.QPainter, page: Page, size: QtCore.QSizeF, furniture: Furniture, number: int,
               total: int, frames_of: dict[int, Frames]) -> None:
    band, width = furniture.band, size.width()
    align = QtCore.Qt.AlignmentFlag
    painter.save()
    painter.setFont(furniture.font)
    painter.setPen(QtGui.QColor(layout.MUTED))
    header = QtCore.QRectF(0, 0, width, band * 0.8)
    painter.drawText(header, align.AlignLeft | align.AlignTop, furniture.left)
    painter.drawText(header, align.AlignRight | align.AlignTop, page.section.title)
    footer = QtCore.QRectF(0, band + size.height() + band * 0.2, width, band * 0.8)
    painter.drawText(footer, align.AlignHCenter | align.AlignBottom, f"Page {number} of {total}")
    painter.setPen(QtGui.QPen(QtGui.QColor(layout.RULE), furniture.line))
    painter.drawLine(QtCore.QPointF(0, band * 0.8), QtCore.QPointF(width, band * 0.8))
    painter.restore()
    for s in page.slices:
        _paint_slice(painter, s, band, width, frames_of[id(s.part)], furniture.line * 1.5)


def _paint_slice(painter: QtGui.QPainter, s: Slice, band: float, width: float, frames: Frames, pen: float
                 ) -> None:
    source = QtCore.QRectF(0, s.top, width, s.height)
    painter.save()
    painter.translate(0, band + s.at - s.top)
    painter.setClipRect(source)
    context = QtGui.QAbstractTextDocumentLayout.PaintContext()
    # Lines merely touching the slice's edge would be drawn too (invisible under the clip, yet still text in
    # the PDF, found twice by a search): hand the layout a clip a pixel smaller.
    context.clip = source.adjusted(0, 1, 0, -1)
    s.part.doc.documentLayout().draw(painter, context)
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    for rect, colour in frames:
        if source.contains(rect.center()):
            painter.setPen(QtGui.QPen(QtGui.QColor(colour), pen))
            painter.drawRect(rect)
    painter.restore()
