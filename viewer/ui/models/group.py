"""The Group table: one passage across every document that shares it, with its diverging values lined up.

Imports: viewer.core.model, viewer.palette, viewer.ui (index, models.table, qt).
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer import palette
from viewer.core.model import Document, Span
from viewer.ui.index import CorpusIndex
from viewer.ui.models.table import VERDICT_ROLE, Column, RecordTableModel
from viewer.ui.qt import Qt, QtCore

_RANK = {v: i for i, v in enumerate(palette.VERDICT_MARKS)}  # conflict first: the worst verdict wins


@dataclass(frozen=True, slots=True)
class GroupRow:
    doc: Document
    span: Span
    values: tuple[tuple[str, str], ...]  # (value as written, worst verdict it takes part in)

    @property
    def text(self) -> str:
        return " ".join(self.doc.text[self.span.start : self.span.end].split())

    @property
    def worst(self) -> str | None:
        return min((v for _, v in self.values), key=_RANK.__getitem__, default=None)


def group_rows(index: CorpusIndex, group_id: int) -> list[GroupRow]:
    group = index.group(group_id)
    if group is None:
        return []
    found: dict[Span, dict[tuple[int, int], tuple[str, str]]] = {s: {} for s in group.passages}
    for pair in index.pairs_of_group(group_id):
        for d in pair.divergences:
            for doc_id, fact in ((pair.a.doc, d.a), (pair.b.doc, d.b)):
                if fact is None:
                    continue
                for span in group.passages:
                    if span.doc == doc_id and span.start <= fact.start < span.end:
                        key = (fact.start, fact.end)
                        old = found[span].get(key)
                        if old is None or _RANK[d.verdict] < _RANK[old[1]]:
                            found[span][key] = (fact.text, d.verdict)
    return [
        GroupRow(index.docs[s.doc], s, tuple(v for _, v in sorted(found[s].items())))
        for s in sorted(group.passages, key=lambda s: (index.docs[s.doc].date or "", s))
    ]


VALUES_COLUMN = 2
COLUMNS = (
    Column("Source", lambda r: r.doc.label, tooltip=lambda r: r.doc.title or r.doc.path),
    Column("Date", lambda r: r.doc.date or ""),
    Column(
        "Diverging values",
        lambda r: ", ".join(t for t, _ in r.values),
        tooltip=lambda r: "\n".join(f"{t}: {v}" for t, v in r.values),
    ),
    Column("Passage", lambda r: r.text),
)


class GroupModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == VERDICT_ROLE and index.column() == VALUES_COLUMN:
            return self.record(index.row()).worst
        return super().data(index, role)
