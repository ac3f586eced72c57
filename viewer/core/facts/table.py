"""The numbers and dates of a document read as judging needs them, for judging many pairs of its passages.

Judging one aligned pair (`pair`) reads the values inside its two passages and what the sentences around
each say (its own sentence and the one before it, each at most `pair`'s 300 characters), plus three things
of the whole document: its date, its proper names (capitalised words it also writes in mid-sentence) and,
for a few pairings, the values it states anywhere. In a folder where reuse is dense one document is paired
with hundreds of others; in a large archive most of a paired document is in no pair at all.

A `FactTable` holds one document's facts as far as they have been read: by an `extract.Reader`, stretch by
stretch (the passages judged and the sentences around them, each stretch as the whole scan finds it, so a
recogniser that needs the document's date, or text around a passage, reads exactly what it always read), or
all at once when the caller has them (`FactTables.add`) or a rule needs the whole document's values
(`stated`, `years`). A pair looks up the values of its passages (`inside`) and the few around them its
rules may consult (`around`). A `Passage` keeps what judging reads of one passage (whether its text may hold
a value, its values, their contexts, its quotations, its words coded for the word diff): in dense reuse one
passage is in many pairs. `FactTables` is the tables of one corpus, each made the first time a pair of its
document is judged (or filled with facts read elsewhere); the driver (`pipeline.judge_all`) owns one for a
judging run and drops it.
Imports: the standard library, viewer.core (model, lexicon), facts (values, extract); for types only, pair,
quotes and worddiff.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from viewer.core.facts.extract import UNIT_DIM, Reader, extract_facts, may_hold_values
from viewer.core.facts.values import AnyFact, Fact, parse_date
from viewer.core.lexicon import CONTEXT_STOPWORDS
from viewer.core.model import Document, FactKind

if TYPE_CHECKING:  # (pair and quotes import this module; worddiff only for a type)
    from viewer.core.facts.pair import Context
    from viewer.core.facts.quotes import Quotation
    from viewer.core.worddiff import Coded, Differ

__all__ = ["NOT_NAMES", "FactTable", "FactTables", "Passage", "group", "proper_names", "story"]

# Capitalised words that are no proper names: demonyms, month and day names, common sentence openers.
NOT_NAMES = frozenset(
    "American Americans British Chinese Korean Iranian Indonesian French German Japanese Russian "
    "North South East West The January February March April May June July August September October "
    "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Last Next This About "
    "More Some Officials Police".split()
)
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )([A-Z][\w’'-]+)")


def group(f: AnyFact) -> str:
    """Facts may be compared only within one group (a date with a year, kilometres with miles)."""
    if f.kind in (FactKind.DATE, FactKind.YEAR):
        return "when"
    if f.kind == FactKind.NUMBER:
        if f.unit in UNIT_DIM:
            return "number:" + UNIT_DIM[f.unit][0]
        return "number:" + f.unit
    return f.kind


def story(doc: Document) -> str:
    """The story a document belongs to: its folder inside the corpus (a corpus of one story has one), or
    the file it is a record of (one .jsonl file of several outlets' articles is one story)."""
    return doc.path if doc.id.startswith(doc.path + "#") else str(PurePosixPath(doc.path).parent)


def proper_names(doc: Document) -> frozenset[str]:
    """Capitalised words the document also writes in mid-sentence: its proper names ("Luck", "Qeshm"),
    as opposed to words capitalised only because they start a sentence ("Rescuers")."""
    return frozenset(
        m.group(1) for m in _MID_SENTENCE_CAPITAL.finditer(doc.text)
        if m.group(1) not in NOT_NAMES and m.group(1).lower() not in CONTEXT_STOPWORDS
    )


class FactTable:
    """One document's facts in text order, read as far as judging needs them, looked up by position, with
    what pair judging needs of the whole document (its date, proper names, stated values)."""

    __slots__ = ("_all", "_names", "_reader", "_starts", "_stated", "_years", "contexts", "doc",
                 "published", "story")

    def __init__(self, doc: Document, facts: tuple[AnyFact, ...] | None = None) -> None:
        """The table of `doc`, whose facts (`extract.extract_facts`) are read as they are asked for unless
        given."""
        self.doc = doc
        self.published: date | None = parse_date(doc.date)
        self.story = story(doc)
        self._reader = Reader(doc)
        self._all: tuple[AnyFact, ...] | None = None
        self._starts: list[int] = []
        if facts is not None:
            self._know(facts)
        self._names: frozenset[str] | None = None
        self._stated: frozenset[tuple[str, float]] | None = None
        self._years: frozenset[int] | None = None
        # what `pair` read of each passage judged so far, by the passage's span: a passage paired with many
        # others is read once
        self.contexts: dict[tuple[int, int], Passage] = {}

    def _know(self, facts: tuple[AnyFact, ...]) -> None:
        self._all = facts
        self._starts = [f.start for f in facts]  # in order: extraction sorts its facts by start

    @property
    def facts(self) -> tuple[AnyFact, ...]:
        """Every fact of the document (the whole text is read the first time they are asked for; from then
        on the table looks its facts up there)."""
        if self._all is None:
            # the facts read already are kept as they are: a passage's values and the facts around them
            # are told apart by identity (`pair._contexts`: "g is not f")
            read = {f: f for f in self._reader.read()}
            self._know(tuple(read.get(f, f) for f in extract_facts(self.doc)))
        assert self._all is not None
        return self._all

    def passage(self, start: int, end: int, *, read: bool = True) -> Passage:
        """The passage `[start, end)` of the document, with what judging has read of it so far; its values
        read unless `read` is False (none are when its text holds no digit, number word, month... that a
        value is written with: `extract.may_hold_values`)."""
        got = self.contexts.get((start, end))
        if got is None:
            valued = may_hold_values(self.doc.text, start, end)
            got = self.contexts[(start, end)] = Passage((start, end), valued)
        if read and not got.read:
            got.facts = self.inside(start, end) if got.valued else []
            got.groups = frozenset(map(group, got.facts))
            got.read = True
        return got

    def inside(self, start: int, end: int) -> list[AnyFact]:
        """The facts lying wholly inside `[start, end)`, in text order."""
        if self._stretches(start, end):
            return [f for f in self._reader.starting(start, end) if f.end <= end]
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return [f for f in self.facts[lo:hi] if f.end <= end]

    def around(self, lo: int, hi: int) -> Sequence[AnyFact]:
        """Every fact that starts in `[lo, hi)`, in text order (the facts a rule reading there may meet)."""
        if self._stretches(lo, hi):
            return self._reader.starting(lo, hi)
        return self.facts[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def _stretches(self, lo: int, hi: int) -> bool:
        """Whether `[lo, hi)` is read as a stretch: unless the whole document is read already, or reading
        this would take the scans of stretches past the document's length (a document paired with many
        others, as in dense reuse, whose passages and their margins cover it over: then it is read whole
        once, and costs at most twice a whole reading)."""
        if self._all is not None:
            return False
        if self._reader.scanned + hi - lo + 2 * Reader.MARGIN > len(self.doc.text):
            _ = self.facts
            return False
        return True

    @property
    def names(self) -> frozenset[str]:
        """The document's proper names (`proper_names`)."""
        if self._names is None:
            self._names = proper_names(self.doc)
        return self._names

    @property
    def stated(self) -> frozenset[tuple[str, float]]:
        """Every value the document states, with its group: (group, value)."""
        if self._stated is None:
            self._stated = frozenset((group(f), f.value) for f in self.facts if f.value is not None)
        return self._stated

    def states(self, kind: str, value: float) -> bool:
        """Whether the document states `value` of the group `kind` anywhere (`stated`): the facts read so far
        are asked first, the whole document only when they do not state it."""
        if self._all is None and any(f.value == value and group(f) == kind for f in self._reader.read()):
            return True
        return (kind, value) in self.stated

    @property
    def years(self) -> frozenset[int]:
        """Every year the document names, alone or in a date of a day or a month ("April 2008")."""
        if self._years is None:
            self._years = frozenset(
                date.fromordinal(int(f.lo)).year for f in self.facts
                if isinstance(f, Fact) and f.kind in (FactKind.DATE, FactKind.YEAR)
                and f.granularity in ("day", "month", "year"))
        return self._years


class Passage:
    """One passage of a table's document and what pair judging reads of it, each read the first time a pair
    needs it (`FactTable.passage`, `pair`): a passage is in as many pairs as there are documents that share
    it."""

    __slots__ = ("coded", "contexts", "facts", "groups", "quotations", "read", "span", "valued")

    def __init__(self, span: tuple[int, int], valued: bool) -> None:
        self.span = span
        self.valued = valued  # its text may hold a value (`extract.may_hold_values`)
        self.read = False  # whether its values are read
        self.facts: list[AnyFact] = []  # the facts wholly inside it, in text order (once read)
        self.groups: frozenset[str] = frozenset()  # their groups: only facts of one group are compared
        self.contexts: list[Context] | None = None  # what its sentences say about each fact
        self.quotations: list[Quotation] | None = None
        self.coded: tuple[Differ, Coded] | None = None  # its words coded for the word diff, and by whom


class FactTables:
    """The fact tables of a corpus's documents (by id), each made the first time it is asked for."""

    __slots__ = ("_documents", "_tables")

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self._documents = documents
        self._tables: dict[str, FactTable] = {}

    def __getitem__(self, doc_id: str) -> FactTable:
        table = self._tables.get(doc_id)
        if table is None:
            table = self._tables[doc_id] = FactTable(self._documents[doc_id])
        return table

    def __len__(self) -> int:
        """How many tables are made so far."""
        return len(self._tables)

    def add(self, doc_id: str, facts: tuple[AnyFact, ...]) -> None:
        """The table of a document whose facts were read elsewhere (by a worker of a pool)."""
        self._tables[doc_id] = FactTable(self._documents[doc_id], facts)
