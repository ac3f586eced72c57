"""The Discrepancies table: what every outlet says of every disputed number or date in the corpus.

One row per outlet and value of a disputed fact, named in words ("killed (Aceh, Indonesia)"), with the
value most sources give: a story repeats its figure in the headline, the lead and a quote, and those
statements of one value by one outlet are one row (the value as written, how many times, each passage in
the tooltip), so a fact reads as its outlets, not as a list of sentences. Rows of one fact share a shade.
Records come from `viewer.core.facts.discrepancies.corpus_discrepancies`.
Imports: viewer.core (discrepancies, model), viewer.ui (index, models.table, qt).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
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
    """One outlet's statements of one value of a disputed fact (its headline, lead, quotes...)."""

    number: int  # the disputed fact's rank in the corpus list, 1-based
    discrepancy: Discrepancy
    stated: str  # the value these claims count towards
    claims: tuple[Claim, ...]  # in text order; all of one document
    triage: Triage = Triage.OPEN

    @property
    def claim(self) -> Claim:
        """The first statement: the one a double-click opens and the row's passage."""
        return self.claims[0]

    @property
    def key(self) -> str:
        return discrepancy_key(self.discrepancy)

    @property
    def written(self) -> str:
        """The value as this outlet writes it, each form once ("24 · at least 24")."""
        return " · ".join(dict.fromkeys(" ".join(c.text.split()) for c in self.claims))

    @property
    def contexts(self) -> str:
        """Every statement's passage, one a line."""
        return "\n".join(c.context for c in self.claims)

    @property
    def standing(self) -> Standing:
        if self.discrepancy.majority is None:
            return Standing.NO_MAJORITY
        return Standing.MAJORITY if self.stated == self.discrepancy.majority else Standing.OUTLIER


def claim_rows(discrepancies: list[Discrepancy], triage: dict[str, Triage] | None = None) -> list[ClaimRow]:
    """One row per disputed fact, value and document, in the facts' order, then the values', then the
    documents' first statement."""
    triage = triage or {}
    rows = []
    for n, d in enumerate(discrepancies, 1):
        status = triage.get(discrepancy_key(d), Triage.OPEN)
        for stated, claims in d.values:
            by_doc: dict[str, list[Claim]] = {}
            for claim in claims:
                by_doc.setdefault(claim.doc, []).append(claim)
            for same in by_doc.values():
                rows.append(ClaimRow(n, d, stated, tuple(sorted(same, key=lambda c: c.start)), status))
    return rows


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
    """The majority's value as its sources write it most often ("7,700 (2 of 3)", not the normalised
    "7700"), or that there is none."""
    d, tr = row.discrepancy, QtCore.QCoreApplication.translate
    if d.majority is None:
        return tr("discrepancies", "no majority")
    forms = Counter(
        " ".join(c.text.split()) for value, claims in d.values if value == d.majority for c in claims
    )
    written = forms.most_common(1)[0][0] if forms else d.majority
    return tr("discrepancies", "{value} ({n} of {m})").format(
        value=written, n=d.count(d.majority), m=len(d.documents)
    )


def _shown(word: str) -> str:
    """A verdict, standing or status as the table shows it (in the user's language)."""
    return QtCore.QCoreApplication.translate("discrepancies", word)


VERDICT_COLUMN, VALUE_COLUMN, STANDING_COLUMN = 1, 3, 4
OUTLIER_COLUMNS = (VALUE_COLUMN, STANDING_COLUMN)  # coloured by verdict on an outlier's row
COLUMNS = (
    Column("#", lambda r: str(r.number), sort=lambda r: (r.number, r.claim.doc), numeric=True),
    Column(
        "Verdict",
        lambda r: _shown(r.discrepancy.verdict),
        sort=lambda r: (r.discrepancy.verdict.rank,),
        tooltip=lambda r: "; ".join(r.discrepancy.rules),
    ),
    Column(
        "Fact",
        lambda r: r.discrepancy.title or r.discrepancy.kind,
        sort=lambda r: (r.number,),
        tooltip=lambda r: "\n".join(r.discrepancy.reasons) or r.discrepancy.kind,
        header_tip="what the sources disagree on, and the names most of their sentences share",
    ),
    Column(
        "Value",
        lambda r: r.written + (f"  ({len(r.claims)}×)" if len(r.claims) > 1 else ""),
        tooltip=lambda r: "\n".join(f"{c.text} → {c.value}" for c in r.claims),
        header_tip="the value as this source writes it; (3×): it gives it three times (headline, lead...)",
    ),
    Column(
        "Standing",
        lambda r: _shown(r.standing.value),
        sort=lambda r: (r.number, r.standing != Standing.OUTLIER),
        header_tip="outlier: this value differs from the one most documents give",
    ),
    Column("Source", lambda r: r.claim.source, tooltip=lambda r: r.claim.doc),
    Column("Date", lambda r: r.claim.date or ""),
    Column("Most sources say", _majority),
    Column(
        "Status",
        lambda r: _shown(r.triage.value),
        header_tip="to review, reviewed, or dismissed (left out of the PDF)",
    ),
    Column("Context", lambda r: r.claim.context, tooltip=lambda r: r.contexts),
)
CSV_HEADER = (
    "#",
    "verdict",
    "kind",
    "fact",
    "value",
    "normalised",
    "standing",
    "source",
    "date",
    "file",
    "most sources say",
    "status",
    "times",
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
                r.discrepancy.title,
                r.written,
                r.claim.value,
                r.standing.value,
                r.claim.source,
                r.claim.date or "",
                r.claim.doc,
                _majority(r),
                r.triage.value,
                len(r.claims),
                r.contexts,
            )
        )
    return out.getvalue()


class DiscrepanciesModel(RecordTableModel):
    """Outliers in bold (their value and standing in the verdict's colour); dismissed facts greyed; the rows
    of every other fact shaded, so that each fact reads as one block."""

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
        if role == Qt.ItemDataRole.BackgroundRole and row.number % 2 == 0:
            return QtGui.QPalette().brush(QtGui.QPalette.ColorRole.AlternateBase)
        return super().data(index, role)
