"""The disputed facts of a corpus: every conflict and soft divergence, merged per fact across documents.

One entry per disputed fact (the flight date: "June 27" in one article, "July 27" in two), listing which
documents give which value and which value most of them give. Facts are merged through every confident
pairing of the aligned passages (same values too, so that the documents agreeing with each other are
counted), and an entry is kept when at least one pairing in it is a conflict or a soft divergence.
This backs `parallax align --conflicts`, the window's Discrepancies table and the PDF's table.
Imports: the standard library and viewer.core.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from viewer.core.facts.extract import Fact, value_text
from viewer.core.facts.pair import MIN_CONFIDENCE, Judgement, compare_passages
from viewer.core.model import Alignment, Document, FactKind, Pair, Span, Verdict
from viewer.core.spans import DisjointSets

__all__ = ["Claim", "Discrepancy", "Judged", "corpus_discrepancies", "judge_pairs"]

# Every pairing of facts of each aligned pair, judged, keyed by the pair's two sides: the slow part of
# `corpus_discrepancies`, done once per alignment so that another threshold only merges again.
Judged = dict[tuple[Span, Span], tuple[Judgement, ...]]

_CONTEXT = 50


@dataclass(frozen=True, slots=True)
class Claim:
    """One document's statement of a disputed fact: where it is, how it is written, what it means."""

    doc: str  # Document.id
    source: str  # Document.label
    date: str | None
    start: int
    end: int
    text: str  # the value as written ("about 50")
    value: str  # its normalised value ("[45, 55]")
    context: str  # the words around it, whitespace collapsed


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A fact the documents disagree on. `values` pairs each stated value with the claims giving it,
    the value most documents give first; `majority` is that value when no other ties with it."""

    kind: FactKind
    verdict: Verdict  # CONFLICT when any two claims conflict, else SOFT
    values: tuple[tuple[str, tuple[Claim, ...]], ...]
    majority: str | None
    confidence: float
    rules: tuple[str, ...]

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(c for _, claims in self.values for c in claims)

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.doc for c in self.claims))

    @property
    def key(self) -> str:
        """A name for this disputed fact that stays the same while its documents do (its claims' places)."""
        return self.kind + "|" + ";".join(sorted(f"{c.doc}@{c.start}-{c.end}" for c in self.claims))

    def count(self, value: str) -> int:
        """How many documents give `value`."""
        return len({c.doc for v, claims in self.values if v == value for c in claims})


def _stated(f: Fact) -> str:
    """The value a claim states, hedges left out, so that "about 50" and "50" count as one value."""
    if f.kind == FactKind.DATE and f.spec[:1] == ("md",):
        return f"{date(2000, f.spec[1], f.spec[2]):%B} {f.spec[2]}"
    if f.kind == FactKind.DATE and f.resolved and f.granularity == "day":
        d = date.fromordinal(int(f.lo))
        return f"{d:%B} {d.day}"
    if f.kind == FactKind.NUMBER and f.value is not None:
        return value_text(Fact(f.start, f.end, f.text, f.kind, f.value, f.value, f.value, unit=f.unit))
    return value_text(f)


def _context(doc: Document, start: int, end: int) -> str:
    """About `_CONTEXT` characters either side of a claim, cut at whole words."""
    text = doc.text
    lo = text.rfind(" ", 0, max(0, start - _CONTEXT)) + 1 if start > _CONTEXT else 0
    hi = text.find(" ", end + _CONTEXT)
    hi = len(text) if hi < 0 else hi
    return ("…" if lo else "") + " ".join(text[lo:hi].split()) + ("…" if hi < len(text) else "")




def _judge(docs: dict[str, Document], pair: Pair) -> tuple[Judgement, ...]:
    doc_a, doc_b = docs[pair.a.doc], docs[pair.b.doc]
    return tuple(compare_passages(doc_a, (pair.a.start, pair.a.end), doc_b, (pair.b.start, pair.b.end)))


def judge_pairs(alignment: Alignment) -> Judged:
    """The pairings of facts of every pair of `alignment`, judged (give them to `corpus_discrepancies`)."""
    docs = alignment.corpus.by_id()
    return {(p.a, p.b): _judge(docs, p) for p in alignment.pairs}


def corpus_discrepancies(alignment: Alignment, judged: Judged | None = None) -> list[Discrepancy]:
    """Every conflict and soft divergence of `alignment`, merged per disputed fact, conflicts first.

    `judged` (from `judge_pairs` on this alignment or on one at a lower threshold) saves judging again."""
    docs = alignment.corpus.by_id()
    sets: DisjointSets[tuple[str, int, int]] = DisjointSets()
    facts: dict[tuple, tuple[Fact, str]] = {}
    flagged: list[tuple[tuple, str, float, str, str]] = []
    for pair in alignment.pairs:
        doc_a, doc_b = docs[pair.a.doc], docs[pair.b.doc]
        verdicts = judged.get((pair.a, pair.b)) if judged is not None else None
        for v in _judge(docs, pair) if verdicts is None else verdicts:
            # every confident pairing links two claims (agreeing ones too, so that agreement is counted)
            if v.verdict in (Verdict.ONLY, Verdict.UNRESOLVED) or v.confidence < MIN_CONFIDENCE:
                continue
            ka, kb = (doc_a.id, *v.a.span), (doc_b.id, *v.b.span)
            facts.setdefault(ka, (v.a, v.value_a))
            facts.setdefault(kb, (v.b, v.value_b))
            sets.union(ka, kb)
            if v.verdict.flagged:
                flagged.append((ka, v.verdict, v.confidence, v.kind, v.rule.split(";")[0]))
    members: dict = defaultdict(list)
    for key in facts:
        members[sets.find(key)].append(key)
    by_root: dict = defaultdict(list)
    for key, verdict, confidence, kind, rule in flagged:
        by_root[sets.find(key)].append((verdict, confidence, kind, rule))
    out = []
    for root, edges in by_root.items():
        groups: dict[str, list[Claim]] = defaultdict(list)
        for key in sorted(members[root]):
            fact, value = facts[key]
            doc = docs[key[0]]
            groups[_stated(fact)].append(Claim(doc.id, doc.label, doc.date, fact.start, fact.end, fact.text,
                                               value, _context(doc, fact.start, fact.end)))
        if len(groups) < 2:
            continue  # hedges and soft wording around one stated value: nothing to dispute
        ranked = sorted(groups.items(), key=lambda kv: -len({c.doc for c in kv[1]}))
        counts = [len({c.doc for c in claims}) for _, claims in ranked]
        majority = ranked[0][0] if len(counts) == 1 or counts[0] > counts[1] else None
        verdict = Verdict.CONFLICT if any(e[0] == Verdict.CONFLICT for e in edges) else Verdict.SOFT
        out.append(Discrepancy(
            kind=edges[0][2], verdict=verdict,
            values=tuple((v, tuple(c)) for v, c in ranked), majority=majority,
            confidence=max(e[1] for e in edges if e[0] == verdict),
            rules=tuple(dict.fromkeys(e[3] for e in edges)),
        ))
    out.sort(key=lambda d: (d.verdict.rank, -len(d.documents), d.claims[0].doc, d.claims[0].start))
    return out
