"""The Discrepancies table: every document's statement of every disputed number or date in the corpus.

One row per claim (the value as one document writes it), grouped by disputed fact, with the value most
sources give. Records come from `viewer.core.facts.discrepancies.corpus_discrepancies`.
Imports: viewer.core (discrepancies, model), viewer.ui (index, models.table, qt).
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.facts.discrepancies import Claim, Discrepancy
from viewer.core.model import Pair
from viewer.ui.index import CorpusIndex
from viewer.ui.models.table import VERDICT_ROLE, Column, RecordTableModel
from viewer.ui.qt import Qt, QtCore


@dataclass(frozen=True, slots=True)
class ClaimRow:
    number: int  # the disputed fact's rank in the corpus list, 1-based
    discrepancy: Discrepancy
    stated: str  # the value this claim counts towards
    claim: Claim


def claim_rows(discrepancies: list[Discrepancy]) -> list[ClaimRow]:
    return [
        ClaimRow(n, d, stated, claim)
        for n, d in enumerate(discrepancies, 1)
        for stated, claims in d.values
        for claim in claims
    ]


def pair_for_claim(index: CorpusIndex, row: ClaimRow) -> Pair | None:
    """The parallel that shows this claim against a claim of another value (else any parallel through it)."""
    others = [c for value, claims in row.discrepancy.values if value != row.stated for c in claims]
    pairs = index.pairs_at(row.claim.doc, row.claim.start)
    for pair in pairs:
        side = pair.other(row.claim.doc)
        if any(c.doc == side.doc and side.start <= c.start < side.end for c in others):
            return pair
    return pairs[0] if pairs else None


def _majority(row: ClaimRow) -> str:
    d = row.discrepancy
    if d.majority is None:
        return "no majority"
    return f"{d.majority} ({d.count(d.majority)} of {len(d.documents)})"


VERDICT_COLUMN = 1
COLUMNS = (
    Column("#", lambda r: str(r.number), sort=lambda r: (r.number, r.claim.doc), numeric=True),
    Column(
        "Verdict",
        lambda r: r.discrepancy.verdict,
        sort=lambda r: (r.discrepancy.verdict.rank,),
        tooltip=lambda r: "; ".join(r.discrepancy.rules),
    ),
    Column("Kind", lambda r: r.discrepancy.kind),
    Column("Value", lambda r: r.claim.text, tooltip=lambda r: f"{r.claim.text} → {r.claim.value}"),
    Column("Source", lambda r: r.claim.source, tooltip=lambda r: r.claim.doc),
    Column("Date", lambda r: r.claim.date or ""),
    Column("Most sources say", _majority),
    Column("Context", lambda r: r.claim.context, tooltip=lambda r: r.claim.context),
)


class DiscrepanciesModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == VERDICT_ROLE and index.column() == VERDICT_COLUMN:
            return self.record(index.row()).discrepancy.verdict
        return super().data(index, role)
