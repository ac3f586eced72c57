"""The disputed facts as the report prints them: numbered, put in their story, linked to the parallel groups
that show them, each value as the sources wrote it.

This is the one module of the report that reads viewer.core's Discrepancy and Claim records: the fact's name
in words and what it measures (`title`, `thing`), the plain-language reasons, the outlier values, and each
claim's parallel (`pair`: the group where it stands against a differing value) are read here and nowhere
else.
Imports: viewer.core, viewer.report.content.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from viewer.core.facts.discrepancies import Claim, Discrepancy
from viewer.core.model import Alignment, Document, Verdict
from viewer.core.spans import covered_length
from viewer.report.content import group_number, group_story, paragraph_of, story_of


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One document's statement of the fact, located in its source."""

    doc: Document
    written: str  # the value as this document writes it ("about 50")
    context: str  # the words around it, whitespace collapsed
    paragraph: int  # the paragraph of the document holding it, from 1
    groups: tuple[int, ...]  # ids of the parallel groups whose passages hold it


@dataclass(frozen=True, slots=True)
class ValueView:
    """One of the values stated for a fact, with the documents stating it."""

    written: tuple[str, ...]  # every way the sources write it, most frequent first ("7,700", "About 7,700")
    claims: tuple[ClaimView, ...]
    documents: int
    outlier: bool = False  # another value is given by more than half of the documents

    @property
    def text(self) -> str:
        return " / ".join(self.written)


@dataclass(frozen=True, slots=True)
class FactView:
    """A disputed fact ready to print. `majority` is the value more than half of the documents give."""

    number: int
    story: str | None  # None when its documents come from several stories
    verdict: Verdict  # CONFLICT or SOFT
    measures: str  # what the value counts or dates, in words ("killed", "magnitude", "date")
    values: tuple[ValueView, ...]
    documents: int
    majority: ValueView | None
    reasons: tuple[str, ...]  # why it is flagged, in words
    groups: tuple[int, ...]  # ids of the parallel groups that show it
    name: str = ""  # the fact in words ("killed (Qeshm)")

    @property
    def anchor(self) -> str:
        return fact_anchor(self.number)


def fact_anchor(number: int) -> str:
    return f"fact-{number}"


def group_anchor(group_id: int) -> str:
    return f"group-{group_number(group_id)}"


def fact_views(alignment: Alignment, discrepancies: Sequence[Discrepancy], stories: Sequence[str | None]
               ) -> list[FactView]:
    """`discrepancies` numbered from 1 in story order (`stories`, None last: facts across stories)."""
    docs = alignment.corpus.by_id()
    held: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for g in alignment.groups:
        for s in g.passages:
            held[s.doc].append((s.start, s.end, g.id))

    shown = {g.id for g in alignment.groups}

    def groups_of(claim: Claim) -> tuple[int, ...]:
        if claim.pair is not None and claim.pair.group in shown:  # the parallel that shows the disagreement
            return (claim.pair.group,)
        return tuple(sorted({gid for start, end, gid in held.get(claim.doc, ())
                             if start < claim.end and claim.start < end}))

    order = {story: k for k, story in enumerate(stories)}
    drafts = []
    for d in discrepancies:
        claim_stories = {story_of(docs[c.doc]) for c in d.claims}
        story = claim_stories.pop() if len(claim_stories) == 1 else None  # the core keeps stories apart
        drafts.append((order.get(story, len(order)), story, d))
    drafts.sort(key=lambda item: item[0])  # stable: the core's order (conflicts first) within a story
    out = []
    for number, (_, story, d) in enumerate(drafts, start=1):
        values = tuple(_value(claims, docs, groups_of, value in d.outliers) for value, claims in d.values)
        total = len(d.documents)
        ranked = sorted(values, key=lambda v: -v.documents)
        majority = ranked[0] if ranked and ranked[0].documents * 2 > total else None
        groups = _groups_showing(values)
        out.append(FactView(number, story, Verdict(d.verdict), d.thing or str(d.kind), values, total,
                            majority, d.reasons or d.rules, groups, d.title))
    return out


def _groups_showing(values: Sequence[ValueView]) -> tuple[int, ...]:
    """The groups where the disagreement stands side by side: those holding claims of two different values
    (else, when no group does, every group holding a claim)."""
    seen: dict[int, set[int]] = defaultdict(set)
    for k, value in enumerate(values):
        for claim in value.claims:
            for g in claim.groups:
                seen[g].add(k)
    both = sorted(g for g, ks in seen.items() if len(ks) > 1)
    return tuple(both or sorted(seen))


def _value(claims: Sequence[Claim], docs: dict[str, Document], groups_of: Callable[[Claim], tuple[int, ...]],
           outlier: bool) -> ValueView:
    forms: dict[str, int] = defaultdict(int)
    for c in claims:
        forms[" ".join(c.text.split())] += 1
    written = tuple(sorted(forms, key=lambda f: -forms[f]))
    views = tuple(
        ClaimView(docs[c.doc], c.text, c.context, paragraph_of(docs[c.doc].text, c.start), groups_of(c))
        for c in claims
    )
    return ValueView(written, views, len({c.doc for c in claims}), outlier)


def facts_by_group(facts: Sequence[FactView]) -> dict[int, list[FactView]]:
    """group id -> the disputed facts its passages show."""
    by_group: dict[int, list[FactView]] = defaultdict(list)
    for f in facts:
        for g in f.groups:
            by_group[g].append(f)
    return by_group


def story_order(alignment: Alignment) -> list[str | None]:
    """The stories of the corpus in the order of their first document; None (groups and facts spanning
    several stories) last when there are any."""
    docs = alignment.corpus.by_id()
    stories: list[str | None] = list(dict.fromkeys(story_of(d) for d in alignment.corpus.documents))
    if any(group_story(g, docs) is None for g in alignment.groups):
        stories.append(None)
    return stories


@dataclass(frozen=True, slots=True)
class OutletStats:
    """How one outlet (a document's label: its source, else its file name) stands against the others."""

    outlet: str
    documents: int
    shared: float  # share of its text lying in parallel passages, 0..1
    facts: int  # disputed facts it states a value for
    judged: int  # of those, the facts that have a majority value
    departs: int  # of those, the facts where it gives another value than the majority


def outlet_stats(alignment: Alignment, facts: Sequence[FactView]) -> list[OutletStats]:
    """Per outlet: its documents, how much of its text it shares, and how often it departs from the
    majority of the documents on a disputed fact; those departing most often first."""
    by_outlet: dict[str, list[Document]] = defaultdict(list)
    for doc in alignment.corpus.documents:
        by_outlet[doc.label].append(doc)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in alignment.pairs:
        spans[p.a.doc].append((p.a.start, p.a.end))
        spans[p.b.doc].append((p.b.start, p.b.end))
    stated: dict[str, set[int]] = defaultdict(set)
    judged: dict[str, set[int]] = defaultdict(set)
    departs: dict[str, set[int]] = defaultdict(set)
    for fact in facts:
        for value in fact.values:
            for claim in value.claims:
                outlet = claim.doc.label
                stated[outlet].add(fact.number)
                if fact.majority is not None:
                    judged[outlet].add(fact.number)
                    if value is not fact.majority:
                        departs[outlet].add(fact.number)
    out = []
    for outlet, docs in by_outlet.items():
        length = sum(len(d.text) for d in docs)
        covered = sum(covered_length(spans.get(d.id, [])) for d in docs)
        out.append(OutletStats(outlet, len(docs), covered / length if length else 0.0, len(stated[outlet]),
                               len(judged[outlet]), len(departs[outlet])))
    out.sort(key=lambda s: (-s.departs, -s.facts, s.outlet.lower()))
    return out
