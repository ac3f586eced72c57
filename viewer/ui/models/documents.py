"""The Documents table: title, source, date, share of text shared (and passages), disputed facts.

The title comes first and takes the width left (elided: its tooltip gives it whole); the numbers have
short headers, explained in their header tooltips, so the table fits its panel.

Imports: viewer.core.model, viewer.ui.index, viewer.ui.models.table.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.model import Document
from viewer.ui.index import CorpusIndex, DocStats
from viewer.ui.models.table import Column, RecordTableModel
from viewer.ui.qt import QtCore


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc: Document
    stats: DocStats | None  # None while the folder is read but not aligned yet


def _stat(row: DocumentRow, name: str) -> float:
    return getattr(row.stats, name) if row.stats else 0


def _title_tip(row: DocumentRow) -> str:
    """The whole title (the column elides it) over the file's path."""
    return "\n".join(t for t in (row.doc.title, row.doc.path) if t)


def _shared_text(row: DocumentRow) -> str:
    """'44% · 15': the share of the text found elsewhere and the number of passages it is in."""
    if row.stats is None:
        return ""
    return f"{row.stats.shared_fraction:.0%} · {row.stats.passages}"


def _disputed_text(row: DocumentRow) -> str:
    """'3' (in three disputed facts), '3 · 1 odd' (in one of them its value is not the majority's)."""
    if row.stats is None:
        return ""
    odd = f" · {row.stats.outlying} odd" if row.stats.outlying else ""
    return f"{row.stats.disputed}{odd}"


def _disputed_tip(row: DocumentRow) -> str:
    if row.stats is None or not row.stats.disputed:
        return "Gives no value that another document disputes"
    facts = "fact" if row.stats.disputed == 1 else "facts"
    tip = f"Gives a value in {row.stats.disputed} disputed {facts} (the Discrepancies tab)"
    if row.stats.outlying:
        tip += f"; in {row.stats.outlying} of them a value other than most documents give"
    return tip


TITLE_COLUMN, SOURCE_COLUMN, SHARED_COLUMN, DISPUTED_COLUMN = 0, 1, 3, 4
COLUMNS = (
    Column("Title", lambda r: r.doc.title or r.doc.label, tooltip=_title_tip),
    Column("Source", lambda r: r.doc.label, tooltip=lambda r: r.doc.label),
    Column("Date", lambda r: r.doc.date or ""),
    Column(
        "Shared",
        _shared_text,
        sort=lambda r: _stat(r, "shared_fraction"),
        numeric=True,
        header_tip="Text shared: the share of the document's text found in other documents, "
        "and the number of its passages that have a parallel",
    ),
    Column(
        "Disputed",
        _disputed_text,
        sort=lambda r: _stat(r, "disputed"),
        numeric=True,
        tooltip=_disputed_tip,
        header_tip="Disputed facts (the rows of the Discrepancies tab) in which the document gives a value, "
        "and how many of them it is the odd one out in (its value is not the majority's)",
    ),
)


class DocumentsModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def show_documents(self, documents: tuple[Document, ...], index: CorpusIndex | None = None) -> None:
        self.set_records([DocumentRow(d, index.stats.get(d.id) if index else None) for d in documents])

    def row_of(self, doc_id: str) -> int:
        return next((i for i, r in enumerate(self.records()) if r.doc.id == doc_id), -1)
