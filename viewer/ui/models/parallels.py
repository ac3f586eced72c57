"""The Parallels list: the passages of other documents parallel to the one clicked.

Each row is one pair seen from the focus document: the other side's source, date, similarity, a snippet
and the verdicts of its divergences (painted as badges by `views.parallels`).
Imports: viewer.core.model, viewer.ui.models.table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from viewer.core.model import SHOWN_VERDICTS, Document, Pair, PairBasis
from viewer.ui.models.table import Column, RecordTableModel
from viewer.ui.qt import Qt, QtCore

BADGES_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_ORDER = SHOWN_VERDICTS
SNIPPET_CHARS = 140


@dataclass(frozen=True, slots=True)
class ParallelRow:
    focus: str  # the document the user is reading
    pair: Pair
    other: Document
    threshold: float = 0.0  # the similarity threshold in force: a pair below it was kept to corroborate

    @property
    def corroborating(self) -> bool:
        return self.pair.basis == PairBasis.WORDING and self.pair.similarity < self.threshold

    @property
    def figure(self) -> bool:
        """Paired because both sentences give one figure of the story, in values that differ."""
        return self.pair.basis == PairBasis.FIGURE

    @property
    def badges(self) -> list[tuple[str, int]]:
        counts = Counter(d.verdict for d in self.pair.divergences)
        return [(v, counts[v]) for v in BADGE_ORDER if counts[v]]

    @property
    def passage(self) -> str:
        side = self.pair.other(self.focus)
        return " ".join(self.other.text[side.start : side.end].split())

    @property
    def snippet(self) -> str:
        text = self.passage
        return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _badges_text(row: ParallelRow) -> str:
    return ", ".join(f"{n} {verdict}" for verdict, n in row.badges)


def _divergences_tip(row: ParallelRow) -> str:
    return "\n".join(
        f"{d.verdict}: {d.a.text if d.a else '—'} / {d.b.text if d.b else '—'}" for d in row.pair.divergences
    )


def _similarity(row: ParallelRow) -> str:
    if row.figure:
        return QtCore.QCoreApplication.translate("parallels", "figure")
    return f"{row.pair.similarity:.0%}" + (" ↔" if row.corroborating else "")


def _similarity_tip(row: ParallelRow) -> str:
    if row.figure:
        return QtCore.QCoreApplication.translate(
            "parallels", "Not parallel wording: both sentences give the same figure of the story ({thing}), "
            "and their values differ"
        ).format(thing=", ".join(sorted({d.thing for d in row.pair.divergences if d.thing})) or "a figure")
    if not row.corroborating:
        return QtCore.QCoreApplication.translate(
            "parallels", "How much of the two passages is the same wording"
        )
    return QtCore.QCoreApplication.translate(
        "parallels",
        "Below the threshold ({threshold:.0%}), kept because it corroborates: other documents above the "
        "threshold already link these two passages",
    ).format(threshold=row.threshold)


# The verdict columns come right after the source, so that a narrow panel (a 1024-pixel window) elides the
# source and scrolls the date and the passage preview out of view before it hides a conflict.
COLUMNS = (
    Column(
        "Source",
        lambda r: r.other.label,
        tooltip=lambda r: r.other.title or r.other.path,
        header_tip="The other document",
    ),
    Column(
        "Similarity",
        _similarity,
        sort=lambda r: -1.0 if r.figure else r.pair.similarity,  # figures below every wording parallel
        numeric=True,
        tooltip=_similarity_tip,
        header_tip="↔: below the threshold, kept because other documents corroborate the parallel; "
        "figure: two sentences that give one figure of the story differently",
    ),
    Column(
        "Divergences",
        _badges_text,
        sort=lambda r: tuple(dict(r.badges).get(v, 0) for v in BADGE_ORDER),
        tooltip=_divergences_tip,
    ),
    Column("Date", lambda r: r.other.date or ""),
    Column("Passage", lambda r: r.snippet, tooltip=lambda r: r.passage),
)
SOURCE_COLUMN = 0
BADGES_COLUMN = 2


class ParallelsModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def show_pairs(
        self, focus: str, pairs: list[Pair], docs: dict[str, Document], threshold: float = 0.0
    ) -> None:
        self.set_records([ParallelRow(focus, p, docs[p.other(focus).doc], threshold) for p in pairs])

    def row_of(self, pair: Pair) -> int:
        return next((i for i, r in enumerate(self.records()) if r.pair == pair), -1)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == BADGES_ROLE and index.isValid():
            return self.record(index.row()).badges
        return super().data(index, role)
