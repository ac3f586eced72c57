"""One alignment seen at one similarity threshold, shaped for the questions the window asks.

Which stretches of a document are shared and with how many other documents, which parallels lie under a
click, what two documents share, which numbers and dates diverge where. Built in a worker thread, then only
read on the GUI thread; changing the threshold builds a new index from the same alignment through
`viewer.core.align.stages.regroup` (no re-aligning).
Qt-free on purpose, so it is tested like the core. Imports: viewer.core only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from viewer.core.align.stages import regroup
from viewer.core.facts.discrepancies import Claim, Discrepancy, corpus_discrepancies
from viewer.core.facts.extract import facts_in
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


class CorpusIndex:
    """Read-only lookups over the pairs of `alignment` scoring at least `threshold`.

    `base` is the alignment as the engine made it (at its floor); `alignment` the one at `threshold`.
    """

    def __init__(
        self,
        base: Alignment,
        threshold: float | None = None,
        facts: dict[str, FactSpans] | None = None,
    ) -> None:
        self.base = base
        self._facts = {} if facts is None else facts  # shared with the indexes made by `with_threshold`
        self.threshold = base.min_similarity if threshold is None else max(threshold, base.min_similarity)
        self.alignment = base if self.threshold == base.min_similarity else regroup(base, self.threshold)
        self.documents: tuple[Document, ...] = base.corpus.documents
        self.docs: dict[str, Document] = base.corpus.by_id()
        self.pairs, self.groups = self.alignment.pairs, self.alignment.groups
        self._groups_by_id = {g.id: g for g in self.groups}
        by_doc: dict[str, list[Pair]] = defaultdict(list)
        for p in self.pairs:
            by_doc[p.a.doc].append(p)
            by_doc[p.b.doc].append(p)
        self._by_doc = {
            d: sorted(ps, key=lambda p, d=d: (p.side(d).start, p.side(d).end)) for d, ps in by_doc.items()
        }
        self._starts = {d: [p.side(d).start for p in ps] for d, ps in self._by_doc.items()}
        # what a document shares is its wording parallels; a figure parallel (two sentences giving one
        # figure differently) is clickable and marks its values, but shares no text
        self._segments = {d: _segments(d, [p for p in ps if p.basis == PairBasis.WORDING])
                          for d, ps in self._by_doc.items()}
        self._marks = {d: _fact_marks(d, ps) for d, ps in self._by_doc.items()}
        # from the judged links the pairs carry (the index stores them): nothing is judged again here
        self.discrepancies = corpus_discrepancies(self.alignment)
        claims: dict[str, list[ClaimMark]] = defaultdict(list)
        for d in self.discrepancies:
            for c in d.claims:
                claims[c.doc].append(ClaimMark(c, d))
        self._claims = {
            doc: sorted(cs, key=lambda m: (m.claim.start, m.claim.end)) for doc, cs in claims.items()
        }
        self.stats = {doc.id: self._doc_stats(doc) for doc in self.documents}

    def with_threshold(self, threshold: float) -> CorpusIndex:
        return CorpusIndex(self.base, threshold, self._facts)

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
        return self._by_doc.get(doc_id, [])

    def segments(self, doc_id: str) -> list[Segment]:
        return self._segments.get(doc_id, [])

    def fact_marks(self, doc_id: str, verdicts: tuple[str, ...] = FLAGGED_VERDICTS) -> list[FactMark]:
        return [m for m in self._marks.get(doc_id, []) if m.divergence.verdict in verdicts]

    def pairs_at(self, doc_id: str, offset: int) -> list[Pair]:
        """The pairs whose side in `doc_id` contains `offset`, most similar first."""
        pairs = self._by_doc.get(doc_id, [])
        upto = bisect_right(self._starts.get(doc_id, []), offset)
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
        starts = sorted(set(self._starts.get(doc_id, [])))
        if step > 0:
            later = [s for s in starts if s > offset]
            return later[0] if later else None
        earlier = [s for s in starts if s < offset]
        return earlier[-1] if earlier else None

    # -- across documents -----------------------------------------------------------------------------------

    def pairs_between(self, doc_a: str, doc_b: str) -> list[Pair]:
        return [p for p in self._by_doc.get(doc_a, []) if p.other(doc_a).doc == doc_b]

    def shared_fraction(self, doc_a: str, doc_b: str) -> float:
        """Share of `doc_a`'s text inside passages it shares with `doc_b` (1.0 on the diagonal)."""
        if doc_a == doc_b:
            return 1.0
        text = self.docs[doc_a].text
        spans = [p.side(doc_a) for p in self.pairs_between(doc_a, doc_b) if p.basis == PairBasis.WORDING]
        return covered_length((s.start, s.end) for s in spans) / len(text) if text else 0.0

    def group(self, group_id: int) -> Group | None:
        return self._groups_by_id.get(group_id)

    def pairs_of_group(self, group_id: int) -> list[Pair]:
        return [p for p in self.pairs if p.group == group_id]

    def _doc_stats(self, doc: Document) -> DocStats:
        pairs = self._by_doc.get(doc.id, [])
        sides = {p.side(doc.id) for p in pairs if p.basis == PairBasis.WORDING}
        covered = sum(s.end - s.start for s in self._segments.get(doc.id, []))
        fraction = covered / len(doc.text) if doc.text else 0.0
        # a document may give several values in one disputed fact: the fact counts once
        disputed = {id(m.discrepancy): m for m in self.claim_marks(doc.id)}
        outlying = {key for key, m in disputed.items() if m.outlier}
        return DocStats(len(sides), fraction, len(disputed), len(outlying))


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
