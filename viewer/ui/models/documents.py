"""The Documents table: title, source, date, passages shared, share of text shared, conflicts.

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


def _stat_text(name: str, fmt: str = "{}") -> object:
    return lambda row: fmt.format(getattr(row.stats, name)) if row.stats else ""


COLUMNS = (
    Column("Source", lambda r: r.doc.label),
    Column("Date", lambda r: r.doc.date or ""),
    Column(
        "Passages\nshared",
        _stat_text("passages"),
        sort=lambda r: _stat(r, "passages"),
        numeric=True,
        header_tip="Passages that have a parallel in another document",
    ),
    Column(
        "Text\nshared",
        _stat_text("shared_fraction", "{:.0%}"),
        sort=lambda r: _stat(r, "shared_fraction"),
        numeric=True,
        header_tip="Share of the document's text found in other documents",
    ),
    Column(
        "Conflicts",
        _stat_text("conflicts"),
        sort=lambda r: _stat(r, "conflicts"),
        numeric=True,
        header_tip="Numbers and dates that conflict with a parallel passage",
    ),
    Column("Title", lambda r: r.doc.title or r.doc.label, tooltip=lambda r: r.doc.path),
)


class DocumentsModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def show_documents(self, documents: tuple[Document, ...], index: CorpusIndex | None = None) -> None:
        self.set_records([DocumentRow(d, index.stats.get(d.id) if index else None) for d in documents])

    def row_of(self, doc_id: str) -> int:
        return next((i for i, r in enumerate(self.records()) if r.doc.id == doc_id), -1)
