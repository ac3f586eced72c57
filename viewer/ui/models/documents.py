"""The Documents table: title, source, date, share of text shared (and passages), conflicts.

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


def _stat_text(name: str, fmt: str = "{}") -> object:
    return lambda row: fmt.format(getattr(row.stats, name)) if row.stats else ""


def _title_tip(row: DocumentRow) -> str:
    """The whole title (the column elides it) over the file's path."""
    return "\n".join(t for t in (row.doc.title, row.doc.path) if t)


def _shared_text(row: DocumentRow) -> str:
    """'44% · 15': the share of the text found elsewhere and the number of passages it is in."""
    if row.stats is None:
        return ""
    return f"{row.stats.shared_fraction:.0%} · {row.stats.passages}"


TITLE_COLUMN, SOURCE_COLUMN, SHARED_COLUMN, CONFLICTS_COLUMN = 0, 1, 3, 4
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
        "Conflicts",
        _stat_text("conflicts"),
        sort=lambda r: _stat(r, "conflicts"),
        numeric=True,
        header_tip="Numbers and dates that conflict with a parallel passage",
    ),
)


class DocumentsModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def show_documents(self, documents: tuple[Document, ...], index: CorpusIndex | None = None) -> None:
        self.set_records([DocumentRow(d, index.stats.get(d.id) if index else None) for d in documents])

    def row_of(self, doc_id: str) -> int:
        return next((i for i, r in enumerate(self.records()) if r.doc.id == doc_id), -1)
