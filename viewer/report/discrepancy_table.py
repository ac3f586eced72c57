"""The report's disputed facts: one numbered entry per fact, grouped by story, each value as the sources wrote
it with the documents giving it (located: number, date, paragraph, the words around it), the value more than
half of the documents give when there is one, the rule, and links to the parallel groups that show it.

Each fact flows as a block of its own, kept whole on a page when it fits, else cut between two of its lines
with its label repeated ("continued") over the rest, so a split entry keeps its label.
Imports: viewer.core, viewer.palette, viewer.report (facts_view, layout, qt).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from viewer import palette
from viewer.core.model import Verdict
from viewer.report.content import group_number
from viewer.report.facts_view import ClaimView, FactView, OutletStats, fact_anchor, group_anchor
from viewer.report.layout import (
    BASE_PT,
    HEAD_FILL,
    MUTED,
    Bookmark,
    Part,
    PartWriter,
    count,
    format_to_device,
    short_legend,
)
from viewer.report.qt import QtCore, QtGui

WIDTHS = (58.0, 16.0, 26.0)
UNBOUNDED = 1e7  # facts are laid out as one tall page: FactBlock, not Qt, decides where one is cut


def facts_summary(facts: Sequence[FactView]) -> str:
    """The count of disputed facts, the one unit the title page and the table both use."""
    conflicts = sum(f.verdict == Verdict.CONFLICT for f in facts)
    return (f"{count(len(facts), 'disputed fact')} ({count(conflicts, 'conflict')}, "
            f"{count(len(facts) - conflicts, 'soft divergence')})")


def discrepancies_heading(w: PartWriter, facts: Sequence[FactView], scope_note: str | None) -> None:
    w.heading("Discrepancies", 1, bookmark="Discrepancies")
    if not facts:
        w.paragraph("No number or date conflicts or softly diverges between parallel passages.", w.char())
        return
    w.paragraph(
        f"{facts_summary(facts)}. A disputed fact is one number or date that parallel passages state "
        "differently; each entry gives every value as the documents write it, the documents that give it "
        "(their number in the Documents table, date, paragraph, and the words around it), the value more "
        "than half of the documents give when there is one, and the parallel groups where the passages "
        "stand side by side.", w.char(BASE_PT - 0.5, colour=MUTED), bottom=2)
    if scope_note:
        w.paragraph(scope_note, w.char(BASE_PT - 0.5, colour=MUTED, italic=True), bottom=2)
    short_legend(w, (Verdict.CONFLICT, Verdict.SOFT))


Item = tuple[int, int]  # (value index, claim index), claim index -1 for the value's own line
MIN_TAIL_ITEMS = 3  # a fact cut at a page's foot carries at least this many of its lines over


class FactBlock:
    """A flowable disputed fact (see viewer.report.paging.Flowable): one entry, cut between its lines when it
    is taller than the room left, each piece under the fact's label ("continued" after the first)."""

    def __init__(self, new_writer: Callable[[], PartWriter], fact: FactView, numbers: dict[str, int], *,
                 level: int, story_heading: str | None = None, start: int = 0) -> None:
        self.new_writer, self.fact, self.numbers = new_writer, fact, numbers
        self.level, self.story_heading, self.start = level, story_heading, start
        self.items: list[Item] = [(k, j) for k, v in enumerate(fact.values) for j in range(-1, len(v.claims))]

    def place(self, room: float, size: QtCore.QSizeF, at_top: bool) -> tuple[Part | None, FactBlock | None]:
        items = self.items[self.start :]
        part, table = self._build(items, continues=False)
        height = _height(part, size)
        if height <= room:
            return part, None
        line = BASE_PT * 1.6 * part.doc.documentLayout().paintDevice().logicalDpiY() / 72.0
        if not at_top and (room < 8 * line or height <= size.height() * 0.3):
            return None, self
        # never leave a lone line or two to the next page: they would go there under a repeated label
        fit = min(_blocks_above(part, table, room - line), len(items) - MIN_TAIL_ITEMS)
        while fit >= (1 if at_top else 2):
            head, _ = self._build(items[:fit], continues=True)
            if _height(head, size) <= room:
                head.doc.setProperty("continues", True)
                return head, FactBlock(self.new_writer, self.fact, self.numbers, level=self.level,
                                       start=self.start + fit)
            fit -= 1
        return (None, self) if not at_top else (part, None)

    def _build(self, items: Sequence[Item], *, continues: bool) -> tuple[Part, QtGui.QTextTable]:
        fact, w = self.fact, self.new_writer()
        first = self.start == 0
        if self.story_heading and first:
            w.heading(self.story_heading, 2)
            w.part.bookmarks.append(Bookmark(self.story_heading, w.part.anchor(0), self.level - 1))
        table = w.table(2, WIDTHS, header_rows=1)
        table.mergeCells(0, 0, 1, len(WIDTHS))
        cursor = w.cell(table, 0, 0, HEAD_FILL)
        if first:
            w.anchor(fact_anchor(fact.number), cursor)
            title = f"Fact {fact.number}: {fact_title(fact)}"
            w.part.bookmarks.append(Bookmark(title, w.part.anchor(cursor.position()), self.level))
        cursor.insertText(f"Fact {fact.number}  ", w.char(BASE_PT + 0.5, bold=True))
        if not first:
            cursor.insertText("(continued)  ", w.char(BASE_PT, bold=True))
        w.marked(cursor, palette.VERDICT_MARKS[fact.verdict].label, frozenset({fact.verdict}))
        cursor.insertText(f"  {fact.name or fact.measures}", w.char(BASE_PT, bold=True))
        measured = "" if fact.name.startswith(fact.measures) else f" ({fact.measures})"
        cursor.insertText(f"{measured}, stated by {count(fact.documents, 'document')}",
                          w.char(BASE_PT - 0.5, colour=MUTED))
        if fact.groups:
            cursor.insertText("  ·  shown side by side in ", w.char(BASE_PT - 0.5, colour=MUTED))
            for k, gid in enumerate(fact.groups):
                if k:
                    cursor.insertText(", ", w.char(BASE_PT - 0.5))
                w.link(cursor, f"group {group_number(gid)}", group_anchor(gid), BASE_PT - 0.5, bold=True)

        cursor = w.cell(table, 1, 0)
        for n, (k, j) in enumerate(items):
            if n:
                cursor.insertBlock()
            value = fact.values[k]
            if j < 0:
                w.marked(cursor, value.text, frozenset({fact.verdict}))
                noted = w.char(BASE_PT - 1, colour=MUTED)
                cursor.insertText(f"  {count(value.documents, 'document')}", noted)
                if value.outlier:
                    cursor.insertText("  outlier: the majority gives another value", noted)
            else:
                if n == 0:
                    cursor.insertText(f"{value.written[0]} (continued): ", w.char(BASE_PT - 1, colour=MUTED))
                _claim(w, cursor, value.claims[j], self.numbers)
        if continues:
            cursor.insertBlock()
            cursor.insertText("[continues on the next page]", w.char(BASE_PT - 1.5, colour=MUTED))

        cursor = w.cell(table, 1, 1)
        cursor.insertText("Majority", w.char(BASE_PT - 1, colour=MUTED))
        cursor.insertBlock()
        if fact.majority is None:
            top = max(v.documents for v in fact.values)
            cursor.insertText("none", w.char(bold=True))
            cursor.insertBlock()
            cursor.insertText(f"no value is given by more than half of the documents (at most {top} of "
                              f"{fact.documents})", w.char(BASE_PT - 1, colour=MUTED))
        else:
            cursor.insertText(fact.majority.written[0], w.char(bold=True))
            cursor.insertBlock()
            cursor.insertText(f"{fact.majority.documents} of {fact.documents} documents",
                              w.char(BASE_PT - 1, colour=MUTED))

        cursor = w.cell(table, 1, 2)
        cursor.insertText("Why flagged", w.char(BASE_PT - 1, colour=MUTED))
        for reason in fact.reasons:  # whole sentences, one a line (joined by "; " they read ".;")
            cursor.insertBlock()
            cursor.insertText(reason, w.char(BASE_PT - 1))
        return w.part, table


def _height(part: Part, size: QtCore.QSizeF) -> float:
    doc = part.doc
    doc.setPageSize(QtCore.QSizeF(size.width(), UNBOUNDED))
    return doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()


def _blocks_above(part: Part, table: QtGui.QTextTable, limit: float) -> int:
    """How many paragraphs of the values cell end above `limit`."""
    doc = part.doc
    cell = table.cellAt(1, 0)
    pad = format_to_device(part, table.format().cellPadding() + table.format().border())
    block = doc.findBlock(cell.firstCursorPosition().position())
    last = cell.lastCursorPosition().position()
    fit = 0
    while block.isValid() and block.position() <= last:
        if doc.documentLayout().blockBoundingRect(block).bottom() + pad > limit:
            break
        fit += 1
        block = block.next()
    return fit


def fact_title(fact: FactView) -> str:
    """The fact in a few words for the outline: its values as written."""
    text = " vs ".join(v.written[0] for v in fact.values[:3]) + (" …" if len(fact.values) > 3 else "")
    name = f"{fact.name}: " if fact.name else ""
    return f"{name}{text} ({palette.VERDICT_MARKS[fact.verdict].label.lower()})"


def _claim(w: PartWriter, cursor: QtGui.QTextCursor, claim: ClaimView, numbers: dict[str, int]) -> None:
    """"3 Source, date, paragraph 4: “…context with the value in bold…”" on one indented line."""
    indent = cursor.blockFormat()
    indent.setLeftMargin(8 * w.format_px)
    cursor.setBlockFormat(indent)
    doc = claim.doc
    label = f"{numbers[doc.id]}  {doc.label}" + (f", {doc.date}" if doc.date else "")
    fmt = w.char(BASE_PT - 0.5, bold=True)
    if doc.url:  # the label opens the article where it was published
        fmt.setAnchor(True)
        fmt.setAnchorHref(doc.url)
    cursor.insertText(label, fmt)
    cursor.insertText(f", ¶{claim.paragraph}", w.char(BASE_PT - 0.5, bold=True))
    if claim.groups:  # the parallel where this statement stands against another value
        cursor.insertText(" in ", w.char(BASE_PT - 1, colour=MUTED))
        w.link(cursor, f"group {group_number(claim.groups[0])}", group_anchor(claim.groups[0]), BASE_PT - 1)
    cursor.insertText(": ", w.char(BASE_PT - 0.5, bold=True))
    context = claim.context
    at = context.find(claim.written)
    small = w.char(BASE_PT - 1, colour=MUTED, italic=True)
    if at < 0:
        cursor.insertText(f"“{context}”", small)
        return
    cursor.insertText("“" + context[:at], small)
    cursor.insertText(claim.written, w.char(BASE_PT - 1, bold=True))
    cursor.insertText(context[at + len(claim.written) :] + "”", small)


def outlet_table(w: PartWriter, stats: Sequence[OutletStats], scope_note: str | None = None) -> None:
    """Per outlet: how much of its text it shares, and how often it departs from the majority on the
    disputed facts it states (only outlets stating one are listed)."""
    w.heading("Outlets", 2, bookmark="Outlets")
    listed = [s for s in stats if s.facts]
    w.paragraph(
        "For each outlet (a document's source, else its file name): its share of text in parallel passages, "
        "the disputed facts it states a value for, and on how many of those with a majority value it gives "
        "another one." + (f" {count(len(stats) - len(listed), 'other outlet')} state no disputed fact."
                          if len(listed) < len(stats) else ""),
        w.char(BASE_PT - 0.5, colour=MUTED), bottom=3)
    if scope_note:
        w.paragraph(scope_note, w.char(BASE_PT - 0.5, colour=MUTED, italic=True), bottom=3)
    if not listed:
        return
    table = w.table(len(listed) + 1, (36, 15, 13, 18, 18), header_rows=1)
    names = ("Outlet", "Documents", "Text shared", "Disputed facts it states", "Departs from the majority")
    for col, name in enumerate(names):
        w.cell(table, 0, col, HEAD_FILL).insertText(name, w.char(BASE_PT - 0.5, bold=True))
    for row, s in enumerate(listed, start=1):
        departs = f"{s.departs} of {s.judged}" if s.judged else "—"
        for col, value in enumerate((s.outlet, str(s.documents), f"{s.shared:.0%}", str(s.facts), departs)):
            w.cell(table, row, col).insertText(value, w.char(BASE_PT - 0.5, bold=col == 4 and s.departs > 0))
