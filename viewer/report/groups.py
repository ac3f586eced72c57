"""Parallel groups as blocks that flow onto pages: a heading, then rows of at most three passages side by
side.

A row taller than the room left on a page is cut by this module, not by Qt: Qt's table pagination repeats
the table's first header row on the next page, so the text of a group's third passage ran on under the
headers of its first ones (the wrong document named over it). Here each row is laid out, the line of each
column where the room ends is found, and the rest is a new row whose column heads name the same documents
with "(continued)", while the cut columns end with a note that they continue. Rows after the first, and any
continuation, that start a page carry the group's number.
Imports: viewer.core, viewer.report (content, layout, facts_view, qt).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from viewer.report import layout
from viewer.report.content import Column, GroupView, Run, paragraph_of, split_runs
from viewer.report.facts_view import FactView, fact_anchor, group_anchor
from viewer.report.layout import BASE_PT, HEAD_FILL, MUTED, Bookmark, Part, PartWriter, format_to_device
from viewer.report.qt import QtCore, QtGui

FOCUS_FILL = "#d0d0d0"
PAGE_SIZE_UNBOUNDED = 1e7  # rows are laid out as one tall page: this module, not Qt, decides the cuts
MIN_ROOM_LINES = 6  # a row is not started in less room than this at a page's foot
SPLIT_FROM = 0.4  # a row shorter than this share of a page goes whole onto the next page rather than be cut
MIN_LINES = 3  # nor cut where a column would show fewer lines than this before the page's foot


@dataclass(frozen=True, slots=True)
class Piece:
    """What a row shows of one passage: its runs from where the previous page left off."""

    column: Column
    runs: tuple[Run, ...]
    continued: bool = False  # the passage began on an earlier page
    continues: bool = False  # the passage goes on on the next page


@dataclass(frozen=True)
class GroupContext:
    """What every group block needs besides its view: how to number documents, the focus document of a
    `--doc` report, the disputed facts of each group, and how to start a part."""

    new_writer: Callable[[], PartWriter]
    numbers: dict[str, int]
    focus: str | None
    facts_of: dict[int, list[FactView]]
    bookmark_level: int = 1


class GroupBlock:
    """A flowable parallel group (see viewer.report.paging.Flowable)."""

    def __init__(self, view: GroupView, context: GroupContext, rows: list[list[Piece]] | None = None,
                 heading: bool = True) -> None:
        self.view, self.context, self.heading = view, context, heading
        columns = view.columns
        count = math.ceil(len(columns) / layout.MAX_COLUMNS)
        self.per_row = math.ceil(len(columns) / count)
        self.rows = rows if rows is not None else [
            [Piece(c, c.runs) for c in columns[k : k + self.per_row]]
            for k in range(0, len(columns), self.per_row)
        ]

    def place(self, room: float, size: QtCore.QSizeF, at_top: bool) -> tuple[Part | None, GroupBlock | None]:
        """The part to put in `room` (None when it should start the next page) and what is left of the
        group after it."""
        row, later = self.rows[0], self.rows[1:]
        caption = at_top and not self.heading
        after = GroupBlock(self.view, self.context, later, heading=False) if later else None
        part, table = self._build(row, caption)
        height = _height(part, size)
        if height <= room:
            return part, after
        line = BASE_PT * 1.6 * part_px(part)
        if not at_top and (room < MIN_ROOM_LINES * line or height <= size.height() * SPLIT_FROM):
            return None, self
        limit = room - line  # room for the note that the passage continues
        for _ in range(8):
            cuts, fitted = _cuts(part, table, limit)
            if all(c is None for c in cuts) or (not at_top and min(fitted) < MIN_LINES):
                return (None, self) if not at_top else (part, after)
            head, tail = [], []
            for piece, cut in zip(row, cuts, strict=True):
                if cut is None:
                    head.append(piece)
                    continue
                shown, rest = split_runs(piece.runs, cut)
                if not any(r.text.strip() for r in rest):  # only the spaces of a line break were left
                    head.append(replace(piece, runs=shown))
                    continue
                head.append(replace(piece, runs=shown, continues=True))
                tail.append(Piece(piece.column, rest, continued=True))
            head_part, _ = self._build(head, caption)
            if _height(head_part, size) <= room:
                if not tail:
                    return head_part, after
                head_part.doc.setProperty("continues", True)
                return head_part, GroupBlock(self.view, self.context, [tail, *later], heading=False)
            limit -= line
        return (None, self) if not at_top else (part, after)

    # -- building ------------------------------------------------------------------------------------------
    def _build(self, row: Sequence[Piece], caption: bool) -> tuple[Part, QtGui.QTextTable]:
        ctx, view = self.context, self.view
        w = ctx.new_writer()
        if self.heading:
            pos = w.block(top=10, bottom=1)
            w.anchor(group_anchor(view.id))
            title = f"Group {view.number}: {view.snippet}"
            w.part.bookmarks.append(Bookmark(title, w.part.anchor(pos), ctx.bookmark_level))
            w.text(title, w.char(11, bold=True))
            w.paragraph(group_meta(view), w.char(BASE_PT - 0.5, colour=MUTED), bottom=1)
            facts = ctx.facts_of.get(view.id, [])
            if facts:
                w.block(bottom=2)
                w.text("Disputed facts shown here: ", w.char(BASE_PT - 0.5, colour=MUTED))
                for k, fact in enumerate(facts):
                    if k:
                        w.text(", ", w.char(BASE_PT - 0.5))
                    w.link(w.cursor, f"fact {fact.number}", fact_anchor(fact.number), BASE_PT - 0.5,
                           bold=True)
                    w.text(f" ({fact.verdict.noun})", w.char(BASE_PT - 0.5, colour=MUTED))
        elif caption:
            w.paragraph(f"Group {view.number} (continued): {view.snippet}", w.char(BASE_PT, bold=True),
                        top=4, bottom=2)
        widths = [100 / self.per_row] * len(row)
        table = w.table(2, widths, border=False)
        for col in range(len(row)):
            for r in (0, 1):
                layout.frame_cell(w, table.cellAt(r, col))
        for col, piece in enumerate(row):
            doc_id = piece.column.doc.id
            focus = doc_id == ctx.focus
            head = w.cell(table, 0, col, FOCUS_FILL if focus else HEAD_FILL)
            self._column_head(w, head, piece, reference=piece.column is view.columns[0])
            body = w.cell(table, 1, col)
            w.runs(body, piece.runs)
            if piece.continues:
                body.insertText("  [continues on the next page]", w.char(BASE_PT - 1.5, colour=MUTED))
        return w.part, table

    def _column_head(self, w: PartWriter, cursor: QtGui.QTextCursor, piece: Piece, *, reference: bool
                     ) -> None:
        doc = piece.column.doc
        cursor.insertText(f"{self.context.numbers[doc.id]}  {doc.label}", w.char(bold=True))
        if doc.date:
            cursor.insertText(f"  {doc.date}", w.char())
        if piece.column.best < self.view.threshold and not self.view.figure:
            cursor.insertText(f"  joined at {piece.column.best:.2f}, corroborated",
                              w.char(BASE_PT - 1, colour=MUTED, italic=True))
        if piece.continued:
            cursor.insertText("  (continued)", w.char(BASE_PT - 0.5, bold=True))
        elif doc.id == self.context.focus:
            cursor.insertText("  (focus document)", w.char(BASE_PT - 1, bold=True))
        elif reference:
            cursor.insertText("  (reference)", w.char(BASE_PT - 1, colour=MUTED))
        cursor.insertBlock()
        span = piece.column.span
        first = paragraph_of(doc.text, span.start)
        last = paragraph_of(doc.text, max(span.start, span.end - 1))
        where = f"¶{first}" if first == last else f"¶{first}–{last}"
        cursor.insertText(f"{doc.id} · {where}", w.char(BASE_PT - 2, colour=MUTED))
        if doc.url:
            cursor.insertText(" · ", w.char(BASE_PT - 2, colour=MUTED))
            layout.url_cell(w, cursor, doc.url, BASE_PT - 1)


def group_meta(view: GroupView) -> str:
    """The group's size and similarity; pairs under the threshold are said to be there and why."""
    docs = len({c.doc.id for c in view.columns})
    low, high = view.similarity
    # Rounded down, so that 0.497 reads 0.49 beside "under 0.50", never 0.50.
    low, high = math.floor(low * 100) / 100, math.floor(high * 100) / 100
    sim = f"similarity {low:.2f}" if math.isclose(low, high) else f"similarity {low:.2f}–{high:.2f}"
    if view.figure:  # not parallel wording: two sentences that give one figure of the story differently
        sim = f"the same figure given differently ({view.figure})"
    text = f"{layout.count(len(view.columns), 'passage')} in {layout.count(docs, 'document')} · {sim}"
    if view.below:
        pairs = "pair" if view.below == 1 else "pairs"
        whose = "its" if view.below == 1 else "their"
        text += (f" · {view.below} {pairs} under {view.threshold:.2f} kept for corroboration: other "
                 f"documents join {whose} passages above {view.threshold:.2f}")
    return text


def part_px(part: Part) -> float:
    return part.doc.documentLayout().paintDevice().logicalDpiY() / 72.0


def _height(part: Part, size: QtCore.QSizeF) -> float:
    doc = part.doc
    doc.setPageSize(QtCore.QSizeF(size.width(), PAGE_SIZE_UNBOUNDED))
    return doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()


def _cuts(part: Part, table: QtGui.QTextTable, limit: float) -> tuple[list[int | None], list[int]]:
    """For each body cell, the position (from the cell's start, in Qt's units) of the first line whose foot
    lies below `limit` (None when the whole cell fits), and how many of its lines fit above it (a large
    number for a cell that fits whole)."""
    doc = part.doc
    doc_layout = doc.documentLayout()
    pad = format_to_device(part, table.format().cellPadding() + table.format().border())
    cuts: list[int | None] = []
    fitted: list[int] = []
    for col in range(table.columns()):
        cell = table.cellAt(1, col)
        first = cell.firstCursorPosition().position()
        last = cell.lastCursorPosition().position()
        block = doc.findBlock(first)
        cut, lines_fitted = None, 0
        while cut is None and block.isValid() and block.position() <= last:
            top = doc_layout.blockBoundingRect(block).top()
            lines = block.layout()
            for k in range(lines.lineCount()):
                line = lines.lineAt(k)
                if top + line.y() + line.height() + pad > limit:
                    cut = max(0, block.position() + line.textStart() - first)
                    break
                lines_fitted += 1
            block = block.next()
        cuts.append(cut)
        fitted.append(lines_fitted if cut is not None else 1_000_000)
    return cuts, fitted

