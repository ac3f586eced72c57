"""One alignment seen at one similarity threshold, shaped for the questions the window asks.

Which stretches of a document are shared and with how many other documents, which parallels lie under a
click, what two documents share, which numbers and dates diverge where. Built in a worker thread, then only
read on the GUI thread (what it says of one document is worked out when that document is first asked
for); changing the threshold builds a new index from the same alignment, grouped by the `Regrouper` all
the indexes of that alignment share (no re-aligning, and its pairs numbered once).
Qt-free on purpose, so it is tested like the core. Imports: numpy, viewer.core only.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from viewer.core.align.grouping import Grouping, Regrouper
from viewer.core.facts.discrepancies import Claim, Discrepancy, corpus_discrepancies
from viewer.core.facts.extract import facts_in
from viewer.core.index import groupings, store
from viewer.core.index.columns import PairView
from viewer.core.index.tables import FactSpans
from viewer.core.model import (
    FLAGGED_VERDICTS,
    Alignment,
    Divergence,
    Document,
    FactSide,
    Group,
    Pair,
    PairBasis,
)
from viewer.core.spans import covered_length


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of one document shared with `others` other documents (at least 1)."""

    start: int
    end: int
    others: int


@dataclass(frozen=True, slots=True)
class DocStats:
    passages: int  # distinct passages of this document that have at least one parallel
    shared_fraction: float  # share of the text's characters inside some parallel passage
    disputed: int  # disputed facts (the Discrepancies tab's rows) in which this document gives a value
    outlying: int  # of those, the ones where its value is not the majority's


@dataclass(frozen=True, slots=True)
class FactMark:
    """A diverging number or date as seen from one document: its own side, the other side, and the pair."""

    here: FactSide
    there: FactSide | None
    other_doc: str
    divergence: Divergence
    pair: Pair


@dataclass(frozen=True, slots=True)
class ClaimMark:
    """A value of one document that the Discrepancies table lists, and the disputed fact it belongs to."""

    claim: Claim
    discrepancy: Discrepancy

    @property
    def outlier(self) -> bool:
        """True when this claim gives another value than the majority of the documents."""
        d = self.discrepancy
        return d.majority is not None and not any(
            c == self.claim for value, claims in d.values if value == d.majority for c in claims
        )


def own_side(divergence: Divergence, pair: Pair, doc_id: str) -> tuple[FactSide | None, FactSide | None]:
    """(this document's side, the other document's side) of a divergence of `pair`."""
    if pair.a.doc == doc_id:
        return divergence.a, divergence.b
    return divergence.b, divergence.a


KEPT_THRESHOLDS = 3  # indexes at the last thresholds asked for, kept for the slider moving back


class KeptGroupings:
    """The groupings the index of `folder` keeps (`store.kept_grouping`), for the alignment the window got
    from it: served when they group the same pairs (by the pairs' digest, found once), and a threshold the
    window groups is kept there for the next open. Another alignment (a file excluded, a lexical preview)
    has another digest, and nothing is read or written for it."""

    def __init__(self, folder: Path, cache_dir: Path | None = None) -> None:
        self.folder = folder
        self.cache_dir = cache_dir
        self._digest: tuple[Alignment, bytes] | None = None  # of the last base asked about

    def digest(self, base: Alignment) -> bytes:
        if self._digest is None or self._digest[0] is not base:
            self._digest = (base, groupings.digest_of_pairs(base))
        return self._digest[1]

    def read(self, base: Alignment, threshold: float) -> Alignment | None:
        """`base` at `threshold` as the index keeps it, or None."""
        ids = sorted(d.id for d in base.corpus.documents)
        found = store.kept_grouping(self.folder, threshold, self.digest(base), len(base.pairs), len(ids),
                                    cache_dir=self.cache_dir)
        if found is None:
            return None
        group_of, counts, rows = found
        kept = np.flatnonzero(group_of >= 0)
        pairs = PairView.of(base.pairs).subset(kept, group_of[kept])
        groups = groupings.GroupView(ids, counts, rows)
        return replace(base, min_similarity=threshold, pairs=pairs, groups=groups)

    def keep(self, base: Alignment, threshold: float, grouping: Grouping) -> None:
        encoded = groupings.encode(len(base.pairs), base, grouping, self.digest(base))
        store.keep_grouping(self.folder, threshold, self.digest(base), *encoded, cache_dir=self.cache_dir)


class _Shared:
    """What the indexes of one base alignment share whatever their threshold: where the numbers and dates
    are, the base's pairs numbered for grouping (`Regrouper`, made at the first threshold above the floor),
    the groupings its folder's index keeps (`kept`), and the indexes at the last thresholds asked for (the
    slider moved back finds them made). Indexes are made in worker threads, and a cancelled one may still
    run beside the next: one at a time."""

    def __init__(self, base: Alignment, facts: dict[str, FactSpans], kept: KeptGroupings | None) -> None:
        self.base = base
        self.facts = facts
        self.kept_groupings = kept
        self.regrouper: Regrouper | None = None
        self.kept: OrderedDict[float, CorpusIndex] = OrderedDict()
        self.lock = threading.RLock()

    def index(self, threshold: float) -> CorpusIndex:
        with self.lock:
            if (found := self.kept.get(threshold)) is not None:
                self.kept.move_to_end(threshold)
                return found
            return CorpusIndex(self.base, threshold, shared=self)  # which keeps itself here

    def keep(self, index: CorpusIndex) -> None:
        self.kept[index.threshold] = index
        self.kept.move_to_end(index.threshold)
        while len(self.kept) > KEPT_THRESHOLDS:
            self.kept.popitem(last=False)

    def grouped(self, threshold: float, documents: Sequence[Document]) -> tuple[Alignment, _Sides]:
        """`regroup(base, threshold)` (read from the folder's index when it keeps it), and its pairs' sides
        as arrays (straight from the grouping's numbers when grouped here)."""
        with self.lock:
            if self.kept_groupings is not None and (
                    served := self.kept_groupings.read(self.base, threshold)) is not None:
                return served, _Sides.of(documents, PairView.of(served.pairs))
            if self.regrouper is None:
                self.regrouper = groupings.regrouper(PairView.of(self.base.pairs))
            regrouper = self.regrouper
            grouping = regrouper.grouping(threshold)
            alignment = regrouper.aligned(self.base, threshold, grouping)
            if self.kept_groupings is not None:
                self.kept_groupings.keep(self.base, threshold, grouping)
            return alignment, _Sides.of(documents, PairView.of(alignment.pairs))


class CorpusIndex:
    """Read-only lookups over the pairs of `alignment` scoring at least `threshold`.

    `base` is the alignment as the engine made it (at its floor); `alignment` the one at `threshold`,
    grouped once per threshold for all the indexes of one base (`with_threshold`), or read from the folder's
    index when `kept` says it keeps that grouping of these pairs. What the window shows of
    every document at once (its statistics, the disputed facts) is computed here, on arrays; what it shows
    of one document (its pairs in order, shared stretches, marks) when that document is asked for, so that
    a threshold change costs the grouping and these arrays, not a walk over every document's pairs.
    The pairs are a view on columns (`PairView`: those of the index as the child sent them, or made here
    once of a tuple), so that only the pairs a document, a group or a disputed fact shows are made.
    """

    def __init__(
        self,
        base: Alignment,
        threshold: float | None = None,
        facts: dict[str, FactSpans] | None = None,
        shared: _Shared | None = None,
        kept: KeptGroupings | None = None,
    ) -> None:
        if not isinstance(base.pairs, PairView):  # one copy of the pairs: columns, made once
            base = replace(base, pairs=PairView.of(base.pairs))
        self.base = base
        self._shared = shared if shared is not None and shared.base is base else _Shared(
            base, {} if facts is None else facts, kept)
        self._facts = self._shared.facts  # shared with the indexes made by `with_threshold`
        self.threshold = base.min_similarity if threshold is None else max(threshold, base.min_similarity)
        self.documents: tuple[Document, ...] = base.corpus.documents
        self.docs: dict[str, Document] = base.corpus.by_id()
        if self.threshold == base.min_similarity:
            self.alignment, self._sides = base, _Sides.of(self.documents, PairView.of(base.pairs))
        else:
            self.alignment, self._sides = self._shared.grouped(self.threshold, self.documents)
        self.pairs: PairView = PairView.of(self.alignment.pairs)
        self.groups = self.alignment.groups
        self._by_doc: dict[str, list[Pair]] = {}
        self._starts: dict[str, list[int]] = {}
        self._segments: dict[str, list[Segment]] = {}
        self._marks: dict[str, list[FactMark]] = {}
        self._by_group: tuple[np.ndarray, np.ndarray] | None = None  # pairs by group, each group's first
        # from the judged links the pairs carry (the index stores them): nothing is judged again here; a
        # pair without any judged value adds nothing to a disputed fact
        judged = self.pairs.judged()
        self.discrepancies = corpus_discrepancies(replace(self.alignment, pairs=judged))
        claims: dict[str, list[ClaimMark]] = defaultdict(list)
        for d in self.discrepancies:
            for c in d.claims:
                claims[c.doc].append(ClaimMark(c, d))
        self._claims = {
            doc: sorted(cs, key=lambda m: (m.claim.start, m.claim.end)) for doc, cs in claims.items()
        }
        self.stats = self._all_stats()
        with self._shared.lock:
            self._shared.keep(self)

    def with_threshold(self, threshold: float) -> CorpusIndex:
        """The index of the same alignment at `threshold` (made once while among the last asked for)."""
        return self._shared.index(max(threshold, self.base.min_similarity))

    def claim_marks(self, doc_id: str) -> list[ClaimMark]:
        """The values of `doc_id` listed among the corpus's discrepancies, in reading order."""
        return self._claims.get(doc_id, [])

    def fact_spans(self, doc_id: str, start: int, end: int) -> list[tuple[int, int]]:
        """Where the numbers and dates of `doc_id` inside start..end are (found here if no worker sent them:
        a document paired only after an exclusion or a correction)."""
        spans = self._facts.get(doc_id)
        if spans is None:
            return [(f.start, f.end) for f in facts_in(self.docs[doc_id], start, end)]
        return [(s, e) for s, e in spans if s >= start and e <= end]

    # -- one document ---------------------------------------------------------------------------------------

    def pairs_of(self, doc_id: str) -> list[Pair]:
        """Every kept pair with a side in `doc_id`, by that side's position."""
        if (found := self._by_doc.get(doc_id)) is None:
            found = self._by_doc[doc_id] = self.pairs.take(self._sides.rows_of(doc_id))
        return found

    def segments(self, doc_id: str) -> list[Segment]:
        if (found := self._segments.get(doc_id)) is None:
            wording = [p for p in self.pairs_of(doc_id) if p.basis == PairBasis.WORDING]
            # what a document shares is its wording parallels; a figure parallel (two sentences giving one
            # figure differently) is clickable and marks its values, but shares no text
            found = self._segments[doc_id] = _segments(doc_id, wording)
        return found

    def fact_marks(self, doc_id: str, verdicts: tuple[str, ...] = FLAGGED_VERDICTS) -> list[FactMark]:
        if (marks := self._marks.get(doc_id)) is None:
            marks = self._marks[doc_id] = _fact_marks(doc_id, self.pairs_of(doc_id))
        return [m for m in marks if m.divergence.verdict in verdicts]

    def _starts_of(self, doc_id: str) -> list[int]:
        if (found := self._starts.get(doc_id)) is None:
            found = self._starts[doc_id] = [p.side(doc_id).start for p in self.pairs_of(doc_id)]
        return found

    def pairs_at(self, doc_id: str, offset: int) -> list[Pair]:
        """The pairs whose side in `doc_id` contains `offset`, most similar first."""
        pairs = self.pairs_of(doc_id)
        upto = bisect_right(self._starts_of(doc_id), offset)
        found = [p for p in pairs[:upto] if p.side(doc_id).end > offset]
        return sorted(found, key=lambda p: (-p.similarity, p.other(doc_id)))

    def passage_span(self, doc_id: str, pairs: list[Pair]) -> tuple[int, int] | None:
        """The stretch of `doc_id` covered by the sides of `pairs` (None when there are none)."""
        if not pairs:
            return None
        sides = [p.side(doc_id) for p in pairs]
        return min(s.start for s in sides), max(s.end for s in sides)

    def next_passage_start(self, doc_id: str, offset: int, step: int) -> int | None:
        """Start of the next (`step` 1) or previous (`step` -1) shared passage after/before `offset`."""
        starts = sorted(set(self._starts_of(doc_id)))
        if step > 0:
            later = [s for s in starts if s > offset]
            return later[0] if later else None
        earlier = [s for s in starts if s < offset]
        return earlier[-1] if earlier else None

    # -- across documents -----------------------------------------------------------------------------------

    def pairs_between(self, doc_a: str, doc_b: str) -> list[Pair]:
        return [p for p in self.pairs_of(doc_a) if p.other(doc_a).doc == doc_b]

    def shared_fraction(self, doc_a: str, doc_b: str) -> float:
        """Share of `doc_a`'s text inside passages it shares with `doc_b` (1.0 on the diagonal)."""
        if doc_a == doc_b:
            return 1.0
        text = self.docs[doc_a].text
        spans = [p.side(doc_a) for p in self.pairs_between(doc_a, doc_b) if p.basis == PairBasis.WORDING]
        return covered_length((s.start, s.end) for s in spans) / len(text) if text else 0.0

    def group(self, group_id: int) -> Group | None:
        groups = self.groups
        if 0 <= group_id < len(groups) and groups[group_id].id == group_id:  # numbered in order
            return groups[group_id]
        return next((g for g in groups if g.id == group_id), None)

    def pairs_of_group(self, group_id: int) -> list[Pair]:
        if self._by_group is None:
            groups = self.pairs.groups
            order = np.argsort(groups, kind="stable")  # in the pairs' order within a group
            self._by_group = order, np.searchsorted(groups[order], np.arange(len(self.groups) + 1))
        order, first = self._by_group
        if not 0 <= group_id < len(first) - 1:
            return []
        return self.pairs.take(order[first[group_id] : first[group_id + 1]])

    def _all_stats(self) -> dict[str, DocStats]:
        """Every document's statistics at once, on the arrays of `_Sides`."""
        passages, covered = self._sides.passages_and_cover()
        out = {}
        for k, doc in enumerate(self.documents):
            marks = self._claims.get(doc.id)
            disputed = outlying = 0
            if marks:  # a document may give several values in one disputed fact: the fact counts once
                facts = {id(m.discrepancy): m for m in marks}
                disputed, outlying = len(facts), sum(1 for m in facts.values() if m.outlier)
            text = len(doc.text)
            out[doc.id] = DocStats(passages[k], covered[k] / text if text else 0.0, disputed, outlying)
        return out


class _Sides:
    """The sides of some pairs as arrays, by document: which pairs have a side in a document, in the order
    of that side (start, end, then the pairs' order), and what each document shares."""

    def __init__(self, number: dict[str, int], a_doc: np.ndarray, a_start: np.ndarray, a_end: np.ndarray,
                 b_doc: np.ndarray, b_start: np.ndarray, b_end: np.ndarray, wording: np.ndarray) -> None:
        self.number = number
        self.count = len(number)
        doc, start, end = (np.concatenate(two) for two in ((a_doc, b_doc), (a_start, b_start),
                                                           (a_end, b_end)))
        n = len(a_doc)
        row = np.concatenate([np.arange(n, dtype=np.int64)] * 2)
        order = np.lexsort((row, end, start, doc))
        self.doc, self.start, self.end, self.row = doc[order], start[order], end[order], row[order]
        self.wording = np.concatenate([wording, wording])[order]
        self.bounds = np.searchsorted(self.doc, np.arange(self.count + 1))

    @classmethod
    def of(cls, documents: Sequence[Document], pairs: PairView) -> _Sides:
        number = {d.id: k for k, d in enumerate(documents)}
        ours = np.array([number[d] for d in pairs.columns.docs], dtype=np.int64)
        a, b = pairs.sides()
        return cls(number, ours[a[:, 0]], a[:, 1], a[:, 2], ours[b[:, 0]], b[:, 1], b[:, 2],
                   pairs.of_basis(PairBasis.WORDING))

    def rows_of(self, doc_id: str) -> list[int]:
        """The pairs with a side in `doc_id`, by that side's (start, end), ties in the pairs' order."""
        k = self.number.get(doc_id)
        if k is None:
            return []
        return self.row[self.bounds[k] : self.bounds[k + 1]].tolist()

    def passages_and_cover(self) -> tuple[list[int], list[float]]:
        """For each document: its distinct passages with a wording parallel, and how many characters they
        cover (the length of their union: what its shared stretches add up to)."""
        doc, start, end = self.doc[self.wording], self.start[self.wording], self.end[self.wording]
        if not len(doc):
            return [0] * self.count, [0.0] * self.count
        new_doc = np.ones(len(doc), dtype=bool)
        new_doc[1:] = doc[1:] != doc[:-1]
        distinct = new_doc.copy()
        distinct[1:] |= (start[1:] != start[:-1]) | (end[1:] != end[:-1])
        passages = np.bincount(doc[distinct], minlength=self.count)
        # the union of sorted ranges: each adds what it reaches past every earlier one of its document
        reach = np.maximum.accumulate(doc * _WIDE + end) - doc * _WIDE
        before = np.where(new_doc, start, np.concatenate([[0], reach[:-1]]))
        added = np.maximum(0, end - np.maximum(start, before))
        covered = np.bincount(doc, weights=added, minlength=self.count)
        return passages.tolist(), covered.tolist()


_WIDE = 1 << 32  # above every text offset: a running maximum of `document * _WIDE + end` restarts there


def _segments(doc_id: str, pairs: list[Pair]) -> list[Segment]:
    """Sweep over the sides in `doc_id`, counting the distinct other documents covering each stretch."""
    events: list[tuple[int, int, str]] = []
    for p in pairs:
        side, other = p.side(doc_id), p.other(doc_id).doc
        events.append((side.start, 1, other))
        events.append((side.end, -1, other))
    events.sort(key=lambda e: (e[0], e[1]))
    active: Counter[str] = Counter()
    out: list[Segment] = []
    pos = None
    for at, delta, other in events:
        if pos is not None and at > pos and active:
            n = len(active)
            if out and out[-1].end == pos and out[-1].others == n:
                out[-1] = Segment(out[-1].start, at, n)
            else:
                out.append(Segment(pos, at, n))
        pos = at
        active[other] += delta
        if active[other] <= 0:
            del active[other]
    return out


def _fact_marks(doc_id: str, pairs: list[Pair]) -> list[FactMark]:
    marks = []
    for p in pairs:
        for d in p.divergences:
            here, there = own_side(d, p, doc_id)
            if here is not None:
                marks.append(FactMark(here, there, p.other(doc_id).doc, d, p))
    marks.sort(key=lambda m: (m.here.start, m.here.end))
    return marks
