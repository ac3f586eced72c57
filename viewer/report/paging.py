"""Pages of the report: parts flowed onto pages, then painted with running header, footer and mark frames.

A section is a run of pages with one orientation and one running header. Its items follow each other on a
page. A plain part (the title page, a table row) that does not fit in what is left of a page starts the
next one, and a part longer than a page runs over several, paginated by Qt's own layout (table header rows
repeat). A flowable (a parallel group) is asked what of it fits in the room left, and cuts itself there.
Each part is laid out once, so the work grows linearly with the report. After the flow, `locate` and
`link_rects` say where an anchor or a link landed, for the PDF's outline and link annotations.
Imports: viewer.report.layout, viewer.report.qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from viewer.report import layout
from viewer.report.qt import QtCore, QtGui

Frames = list[tuple[QtCore.QRectF, str]]


class Flowable(Protocol):
    def place(self, room: float, size: QtCore.QSizeF, at_top: bool
              ) -> tuple[layout.Part | None, Flowable | None]:
        """The part to put in `room` (None: start the next page) and what is left to place after it."""
        ...


class KeepWithNext:
    """A heading part that goes on the next page rather than stand at a page's foot with nothing under it:
    it is placed only where `lines` lines fit below it and, when the flowable that follows is given, where
    that flowable would start below it (a disputed fact that cannot be cut that small moves the heading
    with it)."""

    def __init__(self, part: layout.Part, lines: int = 12, following: Flowable | None = None) -> None:
        self.part, self.lines, self.following = part, lines, following

    def place(self, room: float, size: QtCore.QSizeF, at_top: bool
              ) -> tuple[layout.Part | None, KeepWithNext | None]:
        doc = self.part.doc
        doc.setPageSize(size)
        height = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
        line = layout.BASE_PT * 1.6 * doc.documentLayout().paintDevice().logicalDpiY() / 72.0
        if at_top:
            return self.part, None
        if height + self.lines * line > room:
            return None, self
        if self.following is not None:  # a line of slack for the gap between the two parts
            started, _ = self.following.place(room - height - line, size, False)
            if started is None:
                return None, self
        return self.part, None


@dataclass
class Section:
    title: str
    landscape: bool
    parts: list[layout.Part | Flowable] = field(default_factory=list)


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


def flow(section: Section, size: QtCore.QSizeF, gap: float, after: Page | None = None, used: float = 0.0
         ) -> tuple[list[Page], float]:
    """Lay out every part at the content `size` of the section's pages and place them, `gap` apart; returns
    the new pages and the height used on the last. With `after` (the last page of a previous section of
    the same orientation, `used` high), the section starts on that page rather than a new one."""
    pages = [after] if after is not None else [Page(section)]
    height = size.height()
    y = used if after is not None else 0.0
    for part in section.parts:
        if not isinstance(part, layout.Part):
            y = _flow_flowable(part, pages, section, size, gap, y)
            continue
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
    return (pages[1:] if after is not None else pages), y


def _flow_flowable(item: Flowable, pages: list[Page], section: Section, size: QtCore.QSizeF, gap: float,
                   y: float) -> float:
    height = size.height()
    rest: Flowable | None = item
    while rest is not None:
        part, after = rest.place(height - y, size, y == 0)
        if part is None:
            if y == 0:
                raise RuntimeError("a flowable placed nothing on an empty page")
            pages.append(Page(section))
            y = 0.0
            continue
        bottom = part.doc.documentLayout().blockBoundingRect(part.doc.lastBlock()).bottom()
        pages[-1].slices.append(Slice(part, 0.0, bottom, y))
        y += bottom + gap
        rest = after
        if rest is not None and _continues(part):
            pages.append(Page(section))
            y = 0.0
    return y


def _continues(part: layout.Part) -> bool:
    """Whether `part` was cut at the page's foot (its rest then goes on the next page)."""
    return bool(part.doc.property("continues"))


def placed_parts(pages: list[Page]) -> list[layout.Part]:
    """Every part on the pages, once, in page order."""
    seen: dict[int, layout.Part] = {}
    for page in pages:
        for s in page.slices:
            seen.setdefault(id(s.part), s.part)
    return list(seen.values())


def locate(pages: list[Page], part: layout.Part, y: float) -> tuple[int, float]:
    """The page showing height `y` of `part`'s layout and the height there (from the content's top)."""
    for n, page in enumerate(pages):
        for s in page.slices:
            if s.part is part and s.top <= y < s.top + max(s.height, 1.0):
                return n, s.at + y - s.top
    raise ValueError("the block is on no page")


def page_of(pages: list[Page], part: layout.Part, cursor: QtGui.QTextCursor) -> int:
    """The index of the page that shows the block at `cursor` in `part`."""
    return locate(pages, part, anchor_y(part, cursor))[0]


def anchor_y(part: layout.Part, cursor: QtGui.QTextCursor) -> float:
    """The height in `part`'s layout of the line holding `cursor`."""
    block = cursor.block()
    top = part.doc.documentLayout().blockBoundingRect(block).top()
    line = block.layout().lineForTextPosition(cursor.position() - block.position())
    return top + (line.y() if line.isValid() else 0.0)


def link_rects(pages: list[Page], part: layout.Part, selection: QtGui.QTextCursor
               ) -> list[tuple[int, QtCore.QRectF]]:
    """The rectangles (page index, rectangle in the page's content coordinates) covering a link's text."""
    out = []
    for rect in _line_rects(part, selection.selectionStart(), selection.selectionEnd(), 0.0):
        try:
            page, y = locate(pages, part, rect.center().y())
        except ValueError:
            continue
        out.append((page, QtCore.QRectF(rect.x(), y - rect.height() / 2, rect.width(), rect.height())))
    return out


def frames(part: layout.Part, pad: float) -> Frames:
    """Rectangles around the runs whose mark is a box, one per line they span (QTextCharFormat has no
    border, so they are drawn over the laid-out lines)."""
    return [(rect, colour) for start, end, colour in part.boxes()
            for rect in _line_rects(part, start, end, pad)]


def _line_rects(part: layout.Part, start: int, end: int, pad: float) -> list[QtCore.QRectF]:
    """One rectangle per laid-out line of the text between positions `start` and `end`."""
    doc = part.doc
    doc_layout = doc.documentLayout()
    found: list[QtCore.QRectF] = []
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
                found.append(QtCore.QRectF(origin.x() + x0 - pad, origin.y() + line.y(), x1 - x0 + 2 * pad,
                                           line.height()))
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
            dashed = colour.startswith("dashed:")
            qpen = QtGui.QPen(QtGui.QColor(colour.removeprefix("dashed:")), pen)
            if dashed:
                qpen.setStyle(QtCore.Qt.PenStyle.DashLine)
            painter.setPen(qpen)
            painter.drawRect(rect)
    painter.restore()
