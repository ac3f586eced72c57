"""The disputed facts of a corpus: one quantity of one thing in one event, and the values outlets give it.

One entry per disputed fact ("killed (Qeshm)": 10 in four outlets, at least three in one), built from what
the alignment's pairs already carry: every judged link between two values (`Pair.divergences`, and the
agreeing `Pair.agreements` that join the documents giving one value). Nothing is extracted or judged
again, so the window can filter by threshold in memory and reopen an index without re-judging.

Values joined by agreeing links (same, hedge, equivalent) are one value, except a round figure and the
exact one it rounds ("more than 100,000" / "120,000") or a ceiling and a floor ("up to 119" / "at least 45"),
which may both hold but are two values; values joined by a conflict or a soft divergence are the one fact
they disagree on. Two rules keep facts apart: a document never disputes
itself (a link that would put two different values of one document into one fact is dropped: the Fox
News "25 percent" tariff and its "30 percent of all imports" are two facts), and stories are never pooled
(the judge links no values across folders; links across folders from older indexes are ignored). A value
is an outlier when another value has a majority (more than half of the documents); each claim keeps its
passage and the parallel that shows it against a differing value.
This backs `parallax align --conflicts`, the window's Discrepancies table and the PDF's table.
Imports: the standard library and viewer.core.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from viewer.core.facts.pair import BOUNDS, MIN_CONFIDENCE, story, title_case
from viewer.core.model import Alignment, Divergence, Document, FactKind, FactSide, Pair, Span, Verdict
from viewer.core.spans import DisjointSets

__all__ = ["Claim", "Discrepancy", "corpus_discrepancies"]

_LINKING = (Verdict.CONFLICT, Verdict.SOFT, Verdict.HEDGE, Verdict.EQUIVALENT, Verdict.SAME)
_CONTEXT = 50
_OPENING = 400  # characters: a headline and its lead
# a whole run of capitalised words: one name ("Bandar Abbas", "North Korea"), never the tail of one
_NAME = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*")
# what comes before a word written in mid-sentence, whose capital is its own rather than the sentence's
_MID_SENTENCE = re.compile(r"[a-z,;] $")
_OPENERS = frozenset("The A An In On At As It He She They We But And".split())
_NOT_NAMES = frozenset(
    """The A An In On At As It He She They We But And January February March April May June July August
    September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday North South
    East West Northern Southern Eastern Western""".split()
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One document's statement of a disputed fact: where it is, how it is written, what it means.

    `text` is the value as the source wrote it ("at least three"); `value` its normalised value; `stated`
    the value it states, hedges left out ("3"); `pair` the parallel that shows it against a differing value
    (None only for a claim that no disagreeing pair touches), `passage` this claim's side of that pair."""

    doc: str  # Document.id
    source: str  # Document.label
    date: str | None
    start: int
    end: int
    text: str  # the value as written ("about 50")
    value: str  # its normalised value ("[45, 55]")
    context: str  # the words around it, whitespace collapsed
    stated: str = ""
    outlier: bool = False
    pair: Pair | None = field(default=None, compare=False)
    passage: Span | None = None


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A fact the documents disagree on. `values` pairs each stated value with the claims giving it,
    the value most documents give first; `majority` is a value given by more than half of the documents
    (None when none is); `outliers` the other values when there is a majority.

    `title` names the fact in words ("killed (Qeshm)"); `thing` what is measured ("killed", "magnitude",
    "date", "quotation of Trump"); `reasons` the plain-language reasons of the disagreeing links; `rules`
    and `confidence` are for the JSON and the curious; `story` the folder the documents are in."""

    kind: FactKind
    verdict: Verdict  # CONFLICT when any two claims conflict, else SOFT
    values: tuple[tuple[str, tuple[Claim, ...]], ...]
    majority: str | None
    confidence: float
    rules: tuple[str, ...]
    title: str = ""
    thing: str = ""
    reasons: tuple[str, ...] = ()
    outliers: tuple[str, ...] = ()
    story: str = ""

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

    def written(self, value: str) -> str:
        """`value` as the sources write it most often ("at least 10", "Ten")."""
        texts = Counter(" ".join(c.text.split()) for v, claims in self.values if v == value for c in claims)
        # the commonest form; of two as common, the plainer ("55" rather than "up to 55")
        return max(texts, key=lambda t: (texts[t], -len(t))) if texts else value


def _context(doc: Document, start: int, end: int) -> str:
    """About `_CONTEXT` characters either side of a claim, cut at whole words."""
    text = doc.text
    lo = text.rfind(" ", 0, max(0, start - _CONTEXT)) + 1 if start > _CONTEXT else 0
    hi = text.find(" ", end + _CONTEXT)
    hi = len(text) if hi < 0 else hi
    return ("…" if lo else "") + " ".join(text[lo:hi].split()) + ("…" if hi < len(text) else "")


Key = tuple[str, int, int]  # (document, start, end) of one stated value


class _Facts:
    """Union-find over stated values that never joins two different values of one document: the
    project's `DisjointSets`, with what each set's documents state kept beside it."""

    def __init__(self, stated: dict[Key, str]) -> None:
        self.sets: DisjointSets[Key] = DisjointSets()
        self.values: dict[Key, dict[str, set[str]]] = {k: {k[0]: {v}} for k, v in stated.items()}

    def find(self, x: Key) -> Key:
        return self.sets.find(x)

    def join(self, x: Key, y: Key) -> bool:
        """Join the sets of x and y unless a document would then give two values; True when joined."""
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return True
        vx, vy = self.values[rx], self.values[ry]
        if any(len(vx[d] | vy[d]) > 1 for d in vx.keys() & vy.keys()):
            return False
        self.sets.union(rx, ry)
        root = self.find(rx)
        merged = self.values.pop(rx)
        for d, vals in self.values.pop(ry).items():
            merged.setdefault(d, set()).update(vals)
        self.values[root] = merged
        return True


def _verdict(d: Divergence) -> Verdict:
    """The verdict as the enum, whoever built the record (a JSON file gives its name)."""
    return Verdict(d.verdict)


def _stated(side: FactSide) -> str:
    return side.stated or side.value


def _names(doc: Document, start: int, end: int) -> dict[str, int]:
    """The proper names of the sentence around a claim (for naming the fact's event), by distance."""
    lo = max(doc.text.rfind(". ", 0, start), doc.text.rfind("\n", 0, start)) + 1
    hi = doc.text.find(". ", end)
    hi = len(doc.text) if hi < 0 else hi
    found: dict[str, int] = {}
    for m in _NAME.finditer(doc.text, lo, hi):
        words = m.group().removesuffix("'s").removesuffix("’s").split()
        opening = words[0] in _OPENERS
        while words and words[0] in _OPENERS:
            words.pop(0)
        # a sentence's first word is capitalised whatever it is ("Rescuers said"): alone, it names nothing;
        # a run of capitals there is still a name ("United States officials"), one after "In" or "The" too
        mid_sentence = _MID_SENTENCE.search(doc.text, max(lo, m.start() - 2), m.start())
        if len(words) == 1 and not opening and not mid_sentence and not _named_elsewhere(doc, words[0]):
            continue
        name = " ".join(words)
        if name and (len(words) > 1 or name not in _NOT_NAMES):
            found.setdefault(name, abs(m.start() - start))
    return found


def _holds(longer: str, shorter: str) -> bool:
    """Whether the name `longer` holds the whole words of `shorter` in a row ("Qeshm Island", "Qeshm")."""
    return f" {shorter} " in f" {longer} "


def _named_elsewhere(doc: Document, word: str) -> bool:
    """Whether `word` is a name where it opens a sentence ("Qeshm is the biggest island ..."): the document
    writes it capitalised in mid-sentence too ("struck Qeshm island"), outside a headline in title case
    (where every word is capitalised: "Death Toll Rises as Rescuers Dig"), and never in lower case."""
    if re.search(rf"\b{re.escape(word.lower())}\b", doc.text):
        return False
    for m in re.finditer(rf"[a-z,;] {re.escape(word)}\b", doc.text):
        end = doc.text.find("\n", m.end())
        if not title_case(doc.text[doc.text.rfind("\n", 0, m.start()) + 1 : end if end >= 0 else None]):
            return True
    return False


def _title(thing: str, kind: str, claims: list[Claim], docs: dict[str, Document]) -> str:
    """The fact in words: what is measured, and the names most of its sentences share ("killed (Qeshm)")."""
    per_doc: dict[str, dict[str, int]] = defaultdict(dict)
    for c in claims:
        for name, distance in _names(docs[c.doc], c.start, c.end).items():
            per_doc[c.doc][name] = min(distance, per_doc[c.doc].get(name, distance))
    # a longer name holding a shorter one names it too: "Qeshm Island" and "Qeshm island" (read as "Qeshm")
    # are one place, which must not lose its count to a place each sentence names once ("Bandar Abbas")
    every = {n for names in per_doc.values() for n in names}
    for names in per_doc.values():
        for longer, distance in list(names.items()):
            for shorter in every:
                if shorter != longer and _holds(longer, shorter):
                    names[shorter] = min(distance, names.get(shorter, distance))
    counts = Counter(n for names in per_doc.values() for n in names)
    summed = Counter({n: sum(names.get(n, 0) for names in per_doc.values()) for n in counts})
    enough = max(2, (len(per_doc) + 1) // 2)
    shared: list[str] = []
    # the most sentences first, then the whole name ("Peyton Hillis" before "Hillis"), then the nearest
    ranked = sorted((n for n, k in counts.items() if k >= enough),
                    key=lambda n: (-counts[n], -n.count(" "), summed[n]))
    for n in ranked:
        if len(shared) < 2 and not any(_holds(s, n) or _holds(n, s) for s in shared):
            shared.append(n)
    name = thing or kind
    return f"{name} ({', '.join(shared)})" if shared else name


def corpus_discrepancies(alignment: Alignment) -> list[Discrepancy]:
    """Every disputed fact of `alignment`, from the judged links its pairs carry, conflicts first."""
    docs = alignment.corpus.by_id()
    stories = {doc_id: story(doc) for doc_id, doc in docs.items()}  # once a document, not twice a pair
    sides: dict[Key, FactSide] = {}
    edges: list[tuple[Key, Key, Divergence, Pair]] = []
    for pair in alignment.pairs:
        if pair.a.doc == pair.b.doc or stories[pair.a.doc] != stories[pair.b.doc]:
            continue
        for d in pair.divergences + pair.agreements:
            if d.a is None or d.b is None or d.verdict not in _LINKING or d.confidence < MIN_CONFIDENCE:
                continue
            if d.rule.startswith("a vague amount"):
                continue  # "dozens" allows "at least 50" and "70" alike: it joins no figure to another
            ka, kb = (pair.a.doc, d.a.start, d.a.end), (pair.b.doc, d.b.start, d.b.end)
            sides.setdefault(ka, d.a)
            sides.setdefault(kb, d.b)
            edges.append((ka, kb, d, pair))
    stated = {k: _stated(s) for k, s in sides.items()}
    facts, values = _Facts(stated), _Facts(stated)
    # agreeing links first, the surest first: they decide which values are one before disputes are joined
    edges.sort(key=lambda e: (_verdict(e[2]).flagged, -e[2].confidence))
    # the headline and the lead giving one figure of one thing say one thing twice (a news story opens by
    # restating its headline); further down, the same figure may belong to another event ("Five people
    # died" in last year's quake), so only the opening is joined this way
    things: dict[Key, Counter[str]] = defaultdict(Counter)
    for ka, kb, d, _ in edges:
        if d.thing:
            things[ka][d.thing] += 1
            things[kb][d.thing] += 1
    repeated: dict[tuple[str, str, str], list[Key]] = defaultdict(list)
    for key, seen in things.items():
        if key[1] > _OPENING:
            continue
        repeated[(key[0], stated[key], seen.most_common(1)[0][0])].append(key)
    for same in repeated.values():
        for other in same[1:]:
            facts.join(same[0], other)
            values.join(same[0], other)
    kept = []
    for ka, kb, d, pair in edges:
        if facts.join(ka, kb):
            agrees = not _verdict(d).flagged and not d.rule.startswith(BOUNDS)
            if agrees or stated[ka] == stated[kb]:
                values.join(ka, kb)
            kept.append((ka, kb, d, pair))
    disputes: dict[Key, list[tuple[Key, Key, Divergence, Pair]]] = defaultdict(list)
    for ka, kb, d, pair in kept:
        if _verdict(d).flagged and values.find(ka) != values.find(kb):
            disputes[facts.find(ka)].append((ka, kb, d, pair))
    members: dict[Key, list[Key]] = defaultdict(list)
    for key in sides:
        members[facts.find(key)].append(key)
    out = [_discrepancy(members[root], flagged, values, sides, docs)
           for root, flagged in disputes.items()]
    found = [d for d in out if d is not None]
    found.sort(key=lambda d: (Verdict(d.verdict).rank, -len(d.documents), d.claims[0].doc, d.claims[0].start))
    return found


def _discrepancy(keys: list[Key], flagged: list[tuple[Key, Key, Divergence, Pair]], values: _Facts,
                 sides: dict[Key, FactSide], docs: dict[str, Document]) -> Discrepancy | None:
    # the parallel that shows each value against another: the surest conflict touching it
    flagged = sorted(flagged, key=lambda e: (_verdict(e[2]).rank, -e[2].confidence))
    shown_by: dict[Key, tuple[Pair, Span]] = {}
    for ka, kb, _, pair in flagged:
        shown_by.setdefault(ka, (pair, pair.a))
        shown_by.setdefault(kb, (pair, pair.b))
    # one value: the stated values joined by agreeing links, and any two stating the same figure
    label_of: dict[Key, str] = {}
    for key in sorted(keys):
        root = values.find(key)
        label_of.setdefault(root, _stated(sides[key]))
    by_value: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(keys):
        by_value[label_of[values.find(key)]].append(key)
    if len(by_value) < 2:
        return None
    for group in by_value.values():
        fallback = next((shown_by[k] for k in group if k in shown_by), None)
        for k in group:
            if k not in shown_by and fallback is not None:
                pair, _ = fallback
                shown_by[k] = (pair, pair.a if pair.a.doc == k[0] else pair.b)
    groups: list[tuple[str, list[Claim]]] = []
    for label, group in by_value.items():
        claims = []
        for k in group:
            doc, side = docs[k[0]], sides[k]
            shown: tuple[Pair | None, Span | None] = shown_by.get(k, (None, None))
            claims.append(Claim(doc.id, doc.label, doc.date, side.start, side.end, side.text, side.value,
                                _context(doc, side.start, side.end), _stated(side), False, shown[0],
                                shown[1] if shown[1] is not None and shown[1].doc == doc.id else None))
        groups.append((label, claims))
    groups.sort(key=lambda g: (-len({c.doc for c in g[1]}), g[1][0].doc, g[1][0].start))
    n_docs = len({c.doc for _, claims in groups for c in claims})
    counts = [len({c.doc for c in claims}) for _, claims in groups]
    majority = groups[0][0] if counts[0] * 2 > n_docs and counts[0] > counts[1] else None
    outliers = tuple(label for label, _ in groups[1:]) if majority is not None else ()
    values_out = tuple(
        (label, tuple(Claim(c.doc, c.source, c.date, c.start, c.end, c.text, c.value, c.context, c.stated,
                            label in outliers, c.pair, c.passage) for c in claims))
        for label, claims in groups
    )
    verdict = Verdict.CONFLICT if any(_verdict(e[2]) == Verdict.CONFLICT for e in flagged) else Verdict.SOFT
    things = Counter(e[2].thing for e in flagged if e[2].thing)
    thing = things.most_common(1)[0][0] if things else ""
    kind = flagged[0][2].kind
    all_claims = [c for _, claims in values_out for c in claims]
    reasons: dict[frozenset[str], str] = {}  # one reason per two values, whichever side came first
    for _, _, d, _ in flagged:
        if d.reason and d.a and d.b:
            reasons.setdefault(frozenset((d.a.text.lower(), d.b.text.lower())), d.reason)
    return Discrepancy(
        kind=kind, verdict=verdict, values=values_out, majority=majority,
        confidence=max(e[2].confidence for e in flagged if e[2].verdict == verdict),
        rules=tuple(dict.fromkeys(e[2].rule.split(";")[0] for e in flagged)),
        title=_title(thing, kind, all_claims, docs), thing=thing,
        reasons=tuple(reasons.values()),
        outliers=outliers, story=story(docs[all_claims[0].doc]),
    )
