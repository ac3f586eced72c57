"""Cross-check the figures of one story across its documents, not only inside aligned parallels.

Outlets restate a toll or a magnitude in sentences that share few words ("Five dead, dozens injured in
Indonesia quake" / "Twelve people were killed and 70 others were injured"), so the wording alignment pairs
only some of them, and a disagreement between two unaligned sentences was never judged. Here a *figure* is a
value whose sentence says what it counts: the killed, the injured, the missing, the displaced, the buildings
damaged, a magnitude, the clock time an event struck, how long it lasted. It must be set in the days of the
news: a sentence that names another date ("in May 2012", "On April 20", another weekday than the lead's), a
past year or month, a supposition ("a magnitude 6 quake can cause"), an aftershock, a share of a count ("25
of the injured"), an unnamed part ("in his district") or a referent in another sentence ("It killed 612
people") holds no figure of the story's event; a named district's count is a quantity of its own. The
figures of one quantity in two documents of one story that share some passage (documents sharing none tell
of different events, as in a folder of a whole beat) are each judged against each (news repeats a toll in
its headline, lead and a quote) by the rules of `pair` (`judge_readings`), which still refuse a pair whose
places, dates or counted things differ. Each pair that differs becomes a parallel of its own
(`PairBasis.FIGURE`) holding that divergence, so the reader sees the two sentences side by side and the
disputed fact links each value to it. Value pairs a wording parallel judged already are left to it.

Cost: only the sentences that name a role, a magnitude or an event happening are read for values. A
quantity that many documents of one story give is compared against at most `PARTNERS` documents of each
other value (every document of a value given by few), so a story of thousands of articles costs linear in
them, not quadratic.
Imports: the standard library, viewer.core.model, viewer.core.lexicon, facts (extract, pair, table).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from viewer.core.facts.extract import facts_of_stretches
from viewer.core.facts.pair import (
    DESCRIBED,
    SUBGROUPS,
    Context,
    judge_readings,
    names_a_thing,
    readings,
    record,
    stated_value,
    story,
)
from viewer.core.facts.table import proper_names
from viewer.core.facts.values import AnyFact, Fact, Unresolved, parse_date
from viewer.core.lexicon import CONTEXT_SENTENCE_END, CONTEXT_STOPWORDS
from viewer.core.model import Alignment, Document, FactKind, Pair, PairBasis, Span

__all__ = ["PARTNERS", "Figure", "Quantities", "figure_pairs", "figures", "story_figures"]

PARTNERS = 8  # documents of each other value a figure is compared with, when many give it
_CONFIDENCE = 0.8  # what naming the same role in the same story is worth (a restated slot is 0.9)
_NEWS_DAYS = 7  # a date this many days around the article's own is a day of the news

# the roles a count of an event's toll takes ("dead", "hurt"...: see pair._PREDICATES)
_TOLL_ROLES = frozenset(["dead", "hurt", "hurt-serious", "missing", "homeless"])
# what one district can have its own count of (a magnitude it cannot)
_COUNTS = _TOLL_ROLES | {"damaged", "destroyed"}
# a clock time is the time of the event when its sentence tells of the event happening
_EVENT_VERB = re.compile(r"\b(?:struck|strikes|hit|hits|jolted|rocked|shook|occurred|happened|took place|"
                         r"erupted|exploded|crashed|collapsed|began|started|broke out)\b", re.I)
# "25 of the injured", "six of them", "among the dead": part of a count, not the count
_SHARE_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?of\s+(?:the|them|those|whom|these)\b", re.I)
_SHARE_BEFORE = re.compile(r"\bamong\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
# a count for one part of the region: "in Bener Meriah district", "in the village of Blang Mancung"
_PART = re.compile(r"\b((?:[A-Z][\w'’-]+\s+){1,3})(?:district|regency|county|village|sub-district)\b"
                   r"|\b(?:district|village|town|city|regency|county)\s+of\s+((?:[A-Z][\w'’-]+\s?){1,3})"
                   r"|\b(?:his|her|their|this|that|the)\s+(?:district|village|regency|county|hospital)\b")
# the words a sentence holding a figure has (pair._PREDICATES of the toll roles and damage, "magnitude")
# (and every event verb of _EVENT_VERB, lower case)
_CUE_WORDS = ("kill", "dead", "die", "death", "perish", "toll", "injur", "wound", "hurt", "missing",
              "unaccounted", "homeless", "displaced", "evacuated", "damaged", "destroyed", "collapsed",
              "flattened", "razed", "level", "magnitude", "struck", "strikes", "hit", "jolted", "rocked",
              "shook", "occurred", "happened", "took place", "erupted", "exploded", "crashed", "began",
              "started", "broke out", "lasted", "felt", "shaking")
# a figure the sentence only supposes: "A magnitude 6 quake can cause severe damage", "the toll could rise"
_MODAL = re.compile(r"\b(?:can|could|may|might|would)\b")
_LASTED = re.compile(r"\b(?:lasting|felt|shook|shaking)\b.{0,40}\bfor\b|\blasted\b", re.I)
# a later shock is another event: "two aftershocks of more than 5.0 magnitude"
_AFTERSHOCK = re.compile(r"\b(?:aftershocks?|foreshocks?|tremors)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_LINE = re.compile(r"\n+")


@dataclass(frozen=True, slots=True)
class Figure:
    """One value of a document that says what it counts, in the days of the news."""

    doc: Document
    sentence: tuple[int, int]
    fact: AnyFact
    reading: Context
    quantity: tuple[str, ...]  # what it measures: ("dead",), ("magnitude",), ("damaged", "house"), ...
    words: frozenset[str]  # the content words of its sentence

    @property
    def value(self) -> str:
        return stated_value(self.fact)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of `text`: lines (a headline is one), cut at sentence ends."""
    start = 0
    for line in [*_LINE.finditer(text), None]:
        end = line.start() if line else len(text)
        cut = start
        for m in CONTEXT_SENTENCE_END.finditer(text, start, end):
            yield cut, m.start() + 1
            cut = m.end()
        if end > cut:
            yield cut, end
        if line is None:
            break
        start = line.end()


def _in_news_days(text: str, f: AnyFact, published: date | None) -> bool:
    """A date or year of the article's own days ("on Tuesday", "2013" in a 2013 article), or no time at
    all (a number; a year that names a thing: "the 2004 tsunami")."""
    if names_a_thing(text, f):
        return True
    if f.kind not in (FactKind.DATE, FactKind.YEAR):
        return True
    if isinstance(f, Unresolved):
        # an unresolved weekday or "today" is a day of the news; an undated month is not known to be
        return f.spec[:1] in (("wd",), ("rel",))
    if published is None:
        return False
    day = published.toordinal()
    return f.lo <= day + 1 and day - _NEWS_DAYS <= f.hi and f.hi - f.lo < 400


def _quantity(f: AnyFact, c: Context, sentence: str) -> tuple[str, ...] | None:
    """What a value measures, when its sentence says so and it is a quantity of the story's event."""
    if f.kind == FactKind.NUMBER and f.unit == "magnitude":
        return None if _AFTERSHOCK.search(sentence) else ("magnitude",)
    if f.kind == FactKind.TIME:
        return ("time",) if _EVENT_VERB.search(sentence) else None
    if f.kind == FactKind.DURATION:
        # how long the event went on: "felt strongly for around 15 seconds", "shook houses for around one
        # minute", "the siege lasted six hours"
        return ("duration",) if _LASTED.search(sentence) else None
    if f.kind != FactKind.NUMBER or f.unit:
        return None
    if c.counted not in ("", "person"):
        return None  # "two helicopters were evacuating injured": what is counted is not the toll
    if f.form == "none" and c.scope:
        return None  # "no reported injuries in Dubai" holds for Dubai only
    if c.predicate in _TOLL_ROLES:
        # "six children were killed" are some of the dead: a quantity of their own
        return (c.predicate, c.noun) if c.noun in SUBGROUPS else (c.predicate,)
    return None


def _day(f: AnyFact) -> tuple | None:
    """The day a date names, comparable across a document: a weekday, or a resolved day."""
    if f.kind != FactKind.DATE:
        return None
    if f.spec[:1] == ("wd",):
        return ("wd", f.spec[1])
    if isinstance(f, Fact) and f.granularity == "day":
        return ("wd", date.fromordinal(int(f.lo)).weekday())
    return None


def _lead_day(facts: Sequence[AnyFact], sentences: Sequence[tuple[int, int]]) -> tuple | None:
    """The day the document's opening (its first three sentences) gives the event, if it names one."""
    end = sentences[min(2, len(sentences) - 1)][1] if sentences else 0
    return next((d for f in facts if f.start < end and (d := _day(f)) is not None), None)


def _part(sentence: str) -> tuple[str, ...] | None:
    """The part of the region a sentence counts for ("Bener Meriah"), "?" for an unnamed one ("his
    district"), None when it names none."""
    m = _PART.search(sentence)
    if m is None:
        return None
    name = m.group(1) or m.group(2)
    return tuple(name.split()) if name else ("?",)


def _whole_values(bounds: Iterable[tuple[int, int]], facts: Sequence[AnyFact]) -> Iterator[tuple[int, int]]:
    """Sentences joined where an end mark falls inside a value ("at 07: 37 a. m. UTC (3: 37 a. m. EDT)")."""
    cuts = [f.span for f in facts]
    held: tuple[int, int] | None = None
    for lo, hi in bounds:
        if held is not None:
            lo = held[0]
        held = (lo, hi) if any(s < hi < e for s, e in cuts) else None
        if held is None:
            yield lo, hi
    if held is not None:
        yield held


def _cues(text: str) -> list[int]:
    """Where `text` names a role, a magnitude or an event happening (for a clock time): the cheap test that
    spares reading the values of a sentence that can hold no figure. The starts, in the lowered text, of
    the words beginning with one of `_CUE_WORDS` (at a word boundary as `re` has it: after no letter,
    digit or underscore). Hand-written: one `str.find` pass a cue word over the lowered text, which is
    several times faster than a regex alternation anchored at a word boundary (tried at every position
    of the text), and a case-blind alternation slower still."""
    lowered = text.lower()
    found = []
    for cue in _CUE_WORDS:
        at = lowered.find(cue)
        while at >= 0:
            if at == 0 or not _word_char(lowered[at - 1]):
                found.append(at)
            at = lowered.find(cue, at + 1)
    return sorted(set(found))


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _cued(cues: Sequence[int], lo: int, hi: int) -> bool:
    k = bisect_left(cues, lo)
    return k < len(cues) and cues[k] < hi


def _stretches(sentences: Sequence[tuple[int, int]], wanted: Sequence[int]) -> list[tuple[int, int]]:
    """The stretches of text to read for the sentences `wanted`: each with the sentence before it (whose
    dates set a background paragraph's time), the opening three (the lead's day), overlaps merged."""
    spans = sorted({(sentences[max(0, k - 1)][0], sentences[k][1]) for k in wanted}
                   | {(sentences[0][0], sentences[min(2, len(sentences) - 1)][1])})
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def figures(doc: Document) -> list[Figure]:
    """The figures of `doc`, in text order (see the module's docstring for what is one). Only the sentences
    that name a role, a magnitude or an event happening are read for values, with the sentence before
    each: a long document costs a few sentences, not a scan of its whole text."""
    text = doc.text
    cues = _cues(text)
    if not cues:
        return []
    rough = list(_sentences(text))
    cued = [k for k, (lo, hi) in enumerate(rough) if _cued(cues, lo, hi)]
    facts = facts_of_stretches(doc, _stretches(rough, cued))
    if not facts:
        return []
    published = parse_date(doc.date)
    out = []
    sentences = list(_whole_values(rough, facts))
    lead = _lead_day(facts, sentences)
    names: frozenset[str] | None = None  # its proper names, read for the first sentence that needs them
    for lo, hi in sentences:
        inside = [f for f in facts if lo <= f.start and f.end <= hi]
        if not inside or not _cued(cues, lo, hi):
            continue
        if not all(_in_news_days(text, f, published) for f in inside):
            continue  # a sentence about another time ("in May 2012")
        if lead is not None and any((d := _day(f)) is not None and d != lead for f in inside):
            continue  # "On Saturday, more than a dozen people were killed" in a story of Sunday's quake
        sentence = text[lo:hi]
        if _MODAL.search(sentence):
            continue
        part = _part(sentence)
        words = frozenset(w.lower() for w in _WORD.findall(sentence)) - CONTEXT_STOPWORDS
        names = proper_names(doc) if names is None else names
        for f, c in readings(doc, (lo, hi), facts, names):
            quantity = _quantity(f, c, sentence)
            if quantity is None or c.past or c.increment or c.pronoun or _share(text, f, lo, hi):
                continue
            if part and quantity[0] in _COUNTS:
                if part == ("?",):
                    continue
                quantity += part  # the toll of one district is another quantity than the event's
            elif quantity[0] not in _COUNTS:
                # where the quake struck is no scope of its magnitude, time or length: one event has one
                c = replace(c, scope=frozenset())
            out.append(Figure(doc, (lo, hi), f, c, quantity, words))
    return out


def _share(text: str, f: AnyFact, lo: int, hi: int) -> bool:
    """Whether the value counts part of a count ("25 of the injured", "among the dead, six children"), or
    people a relative clause only describes ("the return of about 50 American soldiers who died in the
    Korean War": the sentence is about their return, not a toll)."""
    return bool(_SHARE_AFTER.match(text, f.end, hi) or _SHARE_BEFORE.search(text, lo, f.start)
                or DESCRIBED.match(text, f.end, hi))


def _similarity(a: Figure, b: Figure) -> float:
    """The share of content words two figures' sentences have in common (what the window shows)."""
    return round(len(a.words & b.words) / max(1, len(a.words | b.words)), 4)


def _linked(alignment: Alignment, shown: float) -> set[tuple[str, int, str, int]]:
    """The value pairs the wording parallels shown from `shown` already judged: (doc, start) of both sides,
    both ways."""
    out = set()
    for p in alignment.pairs:
        if p.similarity < shown:
            continue
        for d in p.links:
            if d.a is not None and d.b is not None:
                out.add((p.a.doc, d.a.start, p.b.doc, d.b.start))
                out.add((p.b.doc, d.b.start, p.a.doc, d.a.start))
    return out


def _partners(by_doc: dict[str, list[Figure]]) -> Iterator[tuple[str, str]]:
    """The document pairs to compare for one quantity: all of them when few documents give it; else each
    document against at most `PARTNERS` of each other value."""
    ids = sorted(by_doc)
    if len(ids) <= 4 * PARTNERS:
        yield from ((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
        return
    holders: dict[str, list[str]] = defaultdict(list)
    for doc_id in ids:
        for value in sorted({f.value for f in by_doc[doc_id]}):
            holders[value].append(doc_id)
    seen = set()
    for doc_id in ids:
        mine = {f.value for f in by_doc[doc_id]}
        for value, docs in holders.items():
            if value in mine:
                continue
            for other in docs[:PARTNERS]:
                key = (min(doc_id, other), max(doc_id, other))
                if other != doc_id and key not in seen:
                    seen.add(key)
                    yield key


def _judge_docs(left: Sequence[Figure], right: Sequence[Figure], linked: set) -> Iterator[Pair]:
    """Judge every figure of one quantity in one document against every one in another (news repeats a
    toll in its headline, its lead and a quote, and each statement is compared), and yield a parallel for
    each pairing judged to differ. Value pairs a wording parallel judged already are left to it."""
    for a in left:
        for b in right:
            if (a.doc.id, a.fact.start, b.doc.id, b.fact.start) in linked:
                continue
            judged = judge_readings(a.doc, a.fact, a.reading, b.doc, b.fact, b.reading, _CONFIDENCE,
                                    "the same quantity in the same story")
            if judged is not None and judged.verdict.flagged:
                yield Pair(Span(a.doc.id, *a.sentence), Span(b.doc.id, *b.sentence),
                           _similarity(a, b), divergences=(record(judged),),
                           basis=PairBasis.FIGURE)


def _merged(pairs: Iterable[Pair]) -> list[Pair]:
    """One parallel per pair of sentences, holding every divergence found between them."""
    by_spans: dict[tuple[Span, Span], Pair] = {}
    for p in pairs:
        key = (p.a, p.b)
        if key in by_spans:
            old = by_spans[key]
            p = Pair(p.a, p.b, old.similarity, divergences=old.divergences + p.divergences, basis=p.basis)
        by_spans[key] = p
    return sorted(by_spans.values(), key=lambda p: (p.a, p.b))


# the figures of each quantity of each story, by document: (story, quantity) -> document id -> figures
Quantities = dict[tuple[str, tuple[str, ...]], dict[str, list[Figure]]]


def story_figures(
    alignment: Alignment, known: Mapping[str, tuple[Document, Sequence[Figure]]] | None = None,
) -> Quantities:
    """The figures of the documents of `alignment` that share a wording parallel with another (a document
    with no partner is not read: most of a large archive), by story and quantity. Only which documents its
    wording parallels join counts, not what they were judged to hold: so this can be read while they are
    judged (`pipeline.judge_all`'s `meanwhile`). `known`: the `figures` of some documents read before, by
    id with the document each was read from, taken for a document equal to that one (an update's, read
    while it aligns)."""
    paired = {d for p in alignment.pairs if p.basis != PairBasis.FIGURE for d in (p.a.doc, p.b.doc)}
    quantities: Quantities = defaultdict(dict)
    for doc in alignment.corpus.documents:
        if doc.id not in paired:
            continue
        held = None if known is None else known.get(doc.id)
        for f in held[1] if held is not None and held[0] == doc else figures(doc):
            quantities[(story(doc), f.quantity)].setdefault(doc.id, []).append(f)
    return quantities


def figure_pairs(
    alignment: Alignment, shown: float, quantities: Quantities | None = None,
) -> tuple[Pair, ...]:
    """The parallels of differing figures of `alignment`'s corpus that its wording parallels similar
    enough to be shown by default (`shown` or more) do not hold already (the pairs of `alignment` of basis
    FIGURE are ignored: this recomputes them). A wording pair below that, kept for a lower threshold,
    must not hide the divergence it holds at the default one. `quantities`: `story_figures` of
    `alignment` (or of it before judging), when read already."""
    wording = Alignment(alignment.corpus, alignment.min_similarity,
                        tuple(p for p in alignment.pairs if p.basis != PairBasis.FIGURE), ())
    linked = _linked(wording, shown)
    # two documents that share no passage at all are not two accounts of one story: a folder of many
    # stories (an archive of one beat) must not set the tolls of unrelated events against each other
    sharing = {(p.a.doc, p.b.doc) for p in wording.pairs} | {(p.b.doc, p.a.doc) for p in wording.pairs}
    if quantities is None:
        quantities = story_figures(wording)
    found: list[Pair] = []
    for by_doc in quantities.values():
        for a, b in _partners(by_doc):
            if (a, b) in sharing:
                found.extend(_judge_docs(by_doc[a], by_doc[b], linked))
    return tuple(_merged(found))
