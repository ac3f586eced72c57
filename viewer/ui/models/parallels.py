"""The Parallels list: the passages of other documents parallel to the one clicked.

Each row is one pair seen from the focus document: the other side's source, date, similarity, a snippet
and the verdicts of its divergences (painted as badges by `views.parallels`).
Imports: viewer.core.model, viewer.ui.models.table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from viewer.core.model import SHOWN_VERDICTS, Document, Pair
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

    @property
    def badges(self) -> list[tuple[str, int]]:
        counts = Counter(d.verdict for d in self.pair.divergences)
        return [(v, counts[v]) for v in BADGE_ORDER if counts[v]]

    @property
    def snippet(self) -> str:
        side = self.pair.other(self.focus)
        text = " ".join(self.other.text[side.start : side.end].split())
        return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _badges_text(row: ParallelRow) -> str:
    return ", ".join(f"{n} {verdict}" for verdict, n in row.badges)


def _divergences_tip(row: ParallelRow) -> str:
    return "\n".join(
        f"{d.verdict}: {d.a.text if d.a else '—'} / {d.b.text if d.b else '—'}" for d in row.pair.divergences
    )


BADGES_COLUMN = 2
COLUMNS = (
    Column(
        "Source",
        lambda r: f"{r.other.label}\n{r.other.date or 'no date'}",
        sort=lambda r: r.other.label.casefold(),
        tooltip=lambda r: r.other.title or r.other.path,
        header_tip="The other document, and its date",
    ),
    Column(
        "Similarity", lambda r: f"{r.pair.similarity:.0%}", sort=lambda r: r.pair.similarity, numeric=True
    ),
    Column(
        "Divergences",
        _badges_text,
        sort=lambda r: tuple(dict(r.badges).get(v, 0) for v in BADGE_ORDER),
        tooltip=_divergences_tip,
    ),
    Column("Passage", lambda r: r.snippet, tooltip=lambda r: r.snippet),
)


class ParallelsModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def show_pairs(self, focus: str, pairs: list[Pair], docs: dict[str, Document]) -> None:
        self.set_records([ParallelRow(focus, p, docs[p.other(focus).doc]) for p in pairs])

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == BADGES_ROLE and index.isValid():
            return self.record(index.row()).badges
        return super().data(index, role)
