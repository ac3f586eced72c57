"""The records every layer of Parallax shares: documents, spans, parallels, divergences.

Plain frozen dataclasses, standard library only; every other module may import this one and it imports
nothing from the project. Every span is `(start, end)` Python string offsets into `Document.text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import PurePosixPath


class Verdict(StrEnum):
    """How two values of parallel passages compare. Members are in display order (most serious first)."""

    CONFLICT = "conflict"  # the values cannot both be true
    SOFT = "soft"  # they overlap, but the stated values differ
    HEDGE = "hedge"  # the same value, another qualifier
    EQUIVALENT = "equivalent"  # two forms that a rule says mean the same
    SAME = "same"
    ONLY = "only"  # a value with no counterpart in the other passage
    UNRESOLVED = "unresolved"  # a relative date with nothing to resolve it against

    @property
    def flagged(self) -> bool:
        """A disagreement the user is alerted to (red or amber)."""
        return self in (Verdict.CONFLICT, Verdict.SOFT)

    @property
    def shown(self) -> bool:
        """Stored with a pair and marked in the text: every difference but none at all."""
        return self in (Verdict.CONFLICT, Verdict.SOFT, Verdict.HEDGE, Verdict.EQUIVALENT)

    @property
    def noun(self) -> str:
        """What one such difference is called in counts ("2 soft divergences")."""
        return _VERDICT_NOUNS.get(self, self.value)

    @property
    def rank(self) -> int:
        """Position in display order (0 = most serious)."""
        return list(Verdict).index(self)


_VERDICT_NOUNS = {Verdict.SOFT: "soft divergence", Verdict.HEDGE: "hedge difference",
                  Verdict.EQUIVALENT: "equivalence"}
SHOWN_VERDICTS = tuple(v for v in Verdict if v.shown)
FLAGGED_VERDICTS = tuple(v for v in Verdict if v.flagged)


class FactKind(StrEnum):
    """What a number or date in a text is."""

    DATE = "date"
    YEAR = "year"
    RANGE = "range"  # of years: "1950-53"
    SINCE = "since"  # "since 2009", "the first ... in nine years"
    ANNIVERSARY = "anniversary"
    DURATION = "duration"
    NUMBER = "number"  # a count or a measure, with its unit
    ORDINAL = "ordinal"
    RANK = "rank"  # "two-star"
    TIME = "time"  # of day
    AGE = "age"
    SCORE = "score"  # of a game
    RECORD = "record"  # won-lost
    QUOTE = "quote"  # a quotation given two ways (a misquote)


class PairBasis(StrEnum):
    """Why two passages are a parallel."""

    WORDING = "wording"  # they say the same thing in the same or other words (the aligner found them)
    FIGURE = "figure"  # they give one quantity of the story's event, in values that differ (facts.crosscheck)


class ScopeKind(StrEnum):
    """What a comparison report covers."""

    CORPUS = "corpus"
    DOCUMENT = "document"
    GROUP = "group"
    PAIR = "pair"


@dataclass(frozen=True, slots=True)
class Document:
    """One article. `id` is the path relative to the corpus folder (plus `#record` for JSON records)."""

    id: str
    path: str
    title: str
    source: str
    date: str | None  # YYYY-MM-DD, or None when the document does not say
    url: str
    text: str

    @property
    def label(self) -> str:
        """What to call the document in lists: its source, else its file name without extension."""
        if self.source:
            return self.source
        stem = PurePosixPath(self.path).stem
        return f"{stem} #{self.id[len(self.path) + 1 :]}" if self.id != self.path else stem


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not loaded, and why (shown to the user, never silently dropped)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Corpus:
    root: str
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A passage: `doc` is a `Document.id`, `start`/`end` offsets into that document's text."""

    doc: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class FactSide:
    """One side of a divergence: the value's span and text in its document, and its normalised value."""

    start: int
    end: int
    text: str
    value: str
    stated: str = ""  # the value stated, hedges left out ("10" of "at least 10"): what outlets agree on


@dataclass(frozen=True, slots=True)
class Divergence:
    """Two numbers/dates of a parallel that talk about the same thing and disagree (or agree by a rule).

    `verdict` is one of the `shown` verdicts in `Pair.divergences`, SAME in `Pair.agreements`; `kind` a
    FactKind (QUOTE for a misquote). `rule` and `confidence` are for the JSON and the curious; `reason`
    says the verdict in plain words and `thing` what the values measure ("killed", "houses damaged",
    "magnitude", "quotation of Trump"; "" when unnamed).
    """

    kind: FactKind
    verdict: Verdict
    a: FactSide | None
    b: FactSide | None
    rule: str
    confidence: float
    reason: str = ""
    thing: str = ""


@dataclass(frozen=True, slots=True)
class Pair:
    """Two parallel passages in two different documents; `similarity` in 0..1.

    `divergences` are the judged values that differ or agree by a rule (shown); `agreements` the values
    judged the same, kept so that the corpus's disputed facts can be grouped from the pairs alone. A pair of
    `basis` FIGURE holds two sentences that give one figure differently; it is kept at every threshold and
    is a group of its own."""

    a: Span
    b: Span
    similarity: float
    group: int = -1
    divergences: tuple[Divergence, ...] = ()
    agreements: tuple[Divergence, ...] = ()
    basis: PairBasis = PairBasis.WORDING

    @property
    def links(self) -> tuple[Divergence, ...]:
        """Every judged value of the pair, shown or agreeing: what the index stores."""
        return self.divergences + self.agreements

    def with_links(self, links: tuple[Divergence, ...]) -> Pair:
        """This pair with its judged values set from `links` (agreements are the SAME verdicts)."""
        return replace(self, divergences=tuple(d for d in links if d.verdict != Verdict.SAME),
                       agreements=tuple(d for d in links if d.verdict == Verdict.SAME))

    def other(self, doc_id: str) -> Span:
        """The side that is not in `doc_id` (the `b` side when both sides are, which never happens)."""
        return self.b if self.a.doc == doc_id else self.a

    def side(self, doc_id: str) -> Span:
        return self.a if self.a.doc == doc_id else self.b


@dataclass(frozen=True, slots=True)
class Group:
    """Passages that report one statement across several documents (connected parallels)."""

    id: int
    passages: tuple[Span, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.doc for p in self.passages))


@dataclass(frozen=True, slots=True)
class Repeat:
    """A passage repeated inside one document (reported, never counted as a parallel)."""

    first: Span
    second: Span
    similarity: float


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Text that recurs across many documents (pitches, bylines, captions) and is kept out of parallels."""

    spans: tuple[Span, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """Everything the engine found in a corpus at one similarity threshold.

    `pairs` and `groups` are tuples, or for an alignment the index read back views on what it stores
    (`index.columns.PairView`, `index.groupings.GroupView`), which make a `Pair` or a `Group` when one is
    asked for: read them as sequences."""

    corpus: Corpus
    min_similarity: float
    pairs: Sequence[Pair]
    groups: Sequence[Group]
    repeats: tuple[Repeat, ...] = ()
    boilerplate: tuple[Boilerplate, ...] = ()
    stats: dict[str, float] = field(default_factory=dict, compare=False)
