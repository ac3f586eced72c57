"""The report's table of disputed facts: every conflict and soft divergence of the corpus, merged per fact
by viewer.core.facts.discrepancies, with each value, the documents and sources that give it (in
context), the verdict, the rule, and the value most sources give.

Imports: viewer.core, viewer.palette, viewer.report.layout, viewer.report.qt.
"""

from __future__ import annotations

from collections.abc import Sequence

from viewer import palette
from viewer.core.facts.discrepancies import Claim, Discrepancy
from viewer.core.model import Verdict
from viewer.report.layout import BASE_PT, HEAD_FILL, MUTED, PartWriter
from viewer.report.qt import QtGui

WIDTHS = (17.0, 51.0, 13.0, 19.0)


def discrepancies_table(w: PartWriter, discrepancies: Sequence[Discrepancy]) -> None:
    w.heading("Discrepancies", 1, bookmark="Discrepancies")
    if not discrepancies:
        w.paragraph("No number or date conflicts or softly diverges between parallel passages.", w.char())
        return
    conflicts = sum(d.verdict == Verdict.CONFLICT for d in discrepancies)
    w.paragraph(
        f"{_n(len(discrepancies), 'disputed fact')}: {_n(conflicts, 'conflict')}, "
        f"{_n(len(discrepancies) - conflicts, 'soft divergence')}. Each row gives every value stated, the "
        "documents that state it (with the words around it), and the value most sources give.",
        w.char(BASE_PT - 0.5, colour=MUTED), bottom=4)
    table = w.table(len(discrepancies) + 1, WIDTHS, header_rows=1)
    for col, name in enumerate(("Verdict", "Values, documents and sources", "Most sources give", "Rule")):
        w.cell(table, 0, col, HEAD_FILL).insertText(name, w.char(bold=True))
    for row, d in enumerate(discrepancies, start=1):
        _row(w, table, row, d)


def _row(w: PartWriter, table: QtGui.QTextTable, row: int, d: Discrepancy) -> None:
    mark = palette.VERDICT_MARKS[d.verdict]
    cursor = w.cell(table, row, 0)
    w.marked(cursor, mark.label, frozenset({d.verdict}))
    cursor.insertBlock()
    cursor.insertText(d.kind, w.char(BASE_PT - 1, colour=MUTED))

    cursor = w.cell(table, row, 1)
    for k, (value, claims) in enumerate(d.values):
        if k:
            cursor.insertBlock()
        w.marked(cursor, value, frozenset({d.verdict}))
        documents = _n(len({c.doc for c in claims}), "document")
        cursor.insertText(f"  {documents}", w.char(BASE_PT - 1, colour=MUTED))
        for claim in claims:
            cursor.insertBlock()
            _claim(w, cursor, claim)

    cursor = w.cell(table, row, 2)
    if d.majority is None:
        cursor.insertText("no majority", w.char(colour=MUTED, italic=True))
    else:
        cursor.insertText(d.majority, w.char(bold=True))
        share = f" ({d.count(d.majority)} of {len(d.documents)})"
        cursor.insertText(share, w.char(BASE_PT - 1, colour=MUTED))

    cursor = w.cell(table, row, 3)
    cursor.insertText("; ".join(d.rules), w.char(BASE_PT - 1))
    cursor.insertBlock()
    cursor.insertText(f"confidence {d.confidence:.2f}", w.char(BASE_PT - 1, colour=MUTED))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _claim(w: PartWriter, cursor: QtGui.QTextCursor, claim: Claim) -> None:
    """"Source, date: “…context with the value in bold…”" on one indented line."""
    fmt = cursor.blockFormat()
    fmt.setLeftMargin(8 * w.px)
    cursor.setBlockFormat(fmt)
    label = claim.source + (f", {claim.date}" if claim.date else "")
    cursor.insertText(f"{label}: ", w.char(BASE_PT - 0.5, bold=True))
    context = claim.context
    at = context.find(claim.text)
    small = w.char(BASE_PT - 1, colour=MUTED, italic=True)
    if at < 0:
        cursor.insertText(f"“{context}”", small)
        return
    cursor.insertText("“" + context[:at], small)
    cursor.insertText(claim.text, w.char(BASE_PT - 1, bold=True))
    cursor.insertText(context[at + len(claim.text) :] + "”", small)
