"""The Discrepancies table: every document's statement of every disputed number or date in the corpus.

One row per claim (the value as one document writes it), grouped by disputed fact, with the value most
sources give. Records come from `viewer.core.facts.discrepancies.corpus_discrepancies`.
Imports: viewer.core (discrepancies, model), viewer.ui (index, models.table, qt).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum

from viewer.core.facts.discrepancies import Claim, Discrepancy
from viewer.core.model import Pair, Verdict
from viewer.ui.index import CorpusIndex
from viewer.ui.models.table import VERDICT_ROLE, Column, RecordTableModel
from viewer.ui.qt import Qt, QtCore, QtGui


class Triage(StrEnum):
    """Where a fact-checker is with a disputed fact (remembered per folder)."""

    OPEN = "to review"
    REVIEWED = "reviewed"
    DISMISSED = "dismissed"  # not a real disagreement: left out of the PDF


class Standing(StrEnum):
    """How one claim stands to the value most documents give."""

    OUTLIER = "outlier"
    MAJORITY = "majority"
    NO_MAJORITY = "no majority"


def discrepancy_key(d: Discrepancy) -> str:
    """A name for a disputed fact that stays the same while the folder does (its claims' places)."""
    return d.key


@dataclass(frozen=True, slots=True)
class ClaimRow:
    number: int  # the disputed fact's rank in the corpus list, 1-based
    discrepancy: Discrepancy
    stated: str  # the value this claim counts towards
    claim: Claim
    triage: Triage = Triage.OPEN

    @property
    def key(self) -> str:
        return discrepancy_key(self.discrepancy)

    @property
    def standing(self) -> Standing:
        if self.discrepancy.majority is None:
            return Standing.NO_MAJORITY
        return Standing.MAJORITY if self.stated == self.discrepancy.majority else Standing.OUTLIER


def claim_rows(discrepancies: list[Discrepancy], triage: dict[str, Triage] | None = None) -> list[ClaimRow]:
    triage = triage or {}
    return [
        ClaimRow(n, d, stated, claim, triage.get(discrepancy_key(d), Triage.OPEN))
        for n, d in enumerate(discrepancies, 1)
        for stated, claims in d.values
        for claim in claims
    ]


def pair_for_claim(index: CorpusIndex, row: ClaimRow) -> tuple[str, Pair] | None:
    """The parallel that shows this row's disagreement side by side, and the document to show on the left.

    Best: a pair where this very claim conflicts (else diverges softly) with a claim of another value; then
    one where a claim of the same value as this one does (the claim itself may be linked to the dispute only
    through a pair that agrees with it, or a hedge); else any parallel through the claim."""
    claim, d = row.claim, row.discrepancy
    value_of = {(c.doc, c.start, c.end): value for value, claims in d.values for c in claims}
    best: tuple[tuple[int, int, int, float], str, Pair] | None = None
    for doc in d.documents:
        for pair in index.pairs_of(doc):
            if pair.a.doc != doc:
                continue  # each pair once, from its first side
            for div in pair.divergences:
                if not Verdict(div.verdict).flagged or div.a is None or div.b is None:
                    continue
                keys = ((pair.a.doc, div.a.start, div.a.end), (pair.b.doc, div.b.start, div.b.end))
                values = [value_of.get(k) for k in keys]
                if None in values or values[0] == values[1]:
                    continue
                mine = next((k for k in keys if k == (claim.doc, claim.start, claim.end)), None)
                same = next((k for k, v in zip(keys, values, strict=True) if v == row.stated), None)
                if mine is None and same is None:
                    continue
                focus = (mine or same)[0]  # type: ignore[index]
                rank = (mine is None, focus != claim.doc, div.verdict != Verdict.CONFLICT, -pair.similarity)
                if best is None or rank < best[0]:
                    best = (rank, focus, pair)
    if best is not None:
        return best[1], best[2]
    pairs = index.pairs_at(claim.doc, claim.start)
    return (claim.doc, pairs[0]) if pairs else None


def _majority(row: ClaimRow) -> str:
    d = row.discrepancy
    if d.majority is None:
        return "no majority"
    return f"{d.majority} ({d.count(d.majority)} of {len(d.documents)})"


VERDICT_COLUMN, VALUE_COLUMN, STANDING_COLUMN = 1, 3, 4
OUTLIER_COLUMNS = (VALUE_COLUMN, STANDING_COLUMN)  # coloured by verdict on an outlier's row
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
    Column(
        "Standing",
        lambda r: r.standing.value,
        sort=lambda r: (r.number, r.standing != Standing.OUTLIER),
        header_tip="outlier: this value differs from the one most documents give",
    ),
    Column("Source", lambda r: r.claim.source, tooltip=lambda r: r.claim.doc),
    Column("Date", lambda r: r.claim.date or ""),
    Column("Most sources say", _majority),
    Column(
        "Status",
        lambda r: r.triage.value,
        header_tip="to review, reviewed, or dismissed (left out of the PDF)",
    ),
    Column("Context", lambda r: r.claim.context, tooltip=lambda r: r.claim.context),
)
CSV_HEADER = (
    "#",
    "verdict",
    "kind",
    "value",
    "normalised",
    "standing",
    "source",
    "date",
    "file",
    "most sources say",
    "status",
    "context",
)


def csv_text(rows: list[ClaimRow]) -> str:
    """`rows` as CSV (UTF-8 text, a header line first), for a spreadsheet or a correction log."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow(
            (
                r.number,
                r.discrepancy.verdict,
                r.discrepancy.kind,
                r.claim.text,
                r.claim.value,
                r.standing.value,
                r.claim.source,
                r.claim.date or "",
                r.claim.doc,
                _majority(r),
                r.triage.value,
                r.claim.context,
            )
        )
    return out.getvalue()


class DiscrepanciesModel(RecordTableModel):
    """Outliers in bold (their value and standing in the verdict's colour); dismissed facts greyed."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row: ClaimRow = self.record(index.row())
        if role == VERDICT_ROLE and (
            index.column() == VERDICT_COLUMN
            or (index.column() in OUTLIER_COLUMNS and row.standing == Standing.OUTLIER)
        ):
            return row.discrepancy.verdict
        if role == Qt.ItemDataRole.FontRole and row.standing == Standing.OUTLIER:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.triage == Triage.DISMISSED:
            return QtGui.QPalette().brush(QtGui.QPalette.ColorGroup.Disabled, QtGui.QPalette.ColorRole.Text)
        return super().data(index, role)
