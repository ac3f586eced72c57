"""The numbers and dates of a document read once, for judging many pairs of its passages.

Judging one aligned pair (`pair`) reads the values inside its two passages and what the sentences around
each say (its own sentence and the one before it, each at most `pair`'s 300 characters), plus three things
of the whole document: its date, its proper names (capitalised words it also writes in mid-sentence) and
the values it states anywhere. In a folder where reuse is dense one document is paired with hundreds of
others; reading the whole document again for each pair made the facts three quarters of a build.

A `FactTable` holds one document's facts, found once by `extract.extract_facts` over the whole text (so a
recogniser that needs the document's date, or text around a passage, reads exactly what it always read),
in text order with their starts for bisection, and the document-level things computed once. A pair then
looks up the values of its passages (`inside`) and the few around them its rules may consult (`around`)
without scanning the text. A `Passage` keeps what judging reads of one passage (its values, their contexts,
its quotations, its words coded for the word diff): in dense reuse one passage is in many pairs.
`FactTables` is the tables of one corpus, each built the first time a pair of its document is judged (or
filled with facts a pool read); the driver (`pipeline.judge_all`) owns one for a judging run and drops it.
Imports: the standard library, viewer.core (model, lexicon), facts (values, extract); for types only, pair,
quotes and worddiff.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from viewer.core.facts.extract import UNIT_DIM, extract_facts
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
    """One document's facts in text order, looked up by position, with what pair judging needs of the
    whole document (its date, proper names, stated values) computed once."""

    __slots__ = ("_longest", "_names", "_starts", "_stated", "_years", "contexts", "doc", "facts",
                 "published", "story")

    def __init__(self, doc: Document, facts: tuple[AnyFact, ...] | None = None) -> None:
        """The table of `doc`, whose facts (`extract.extract_facts`) are read here unless given."""
        self.doc = doc
        self.facts: tuple[AnyFact, ...] = extract_facts(doc) if facts is None else facts
        self.published: date | None = parse_date(doc.date)
        self.story = story(doc)
        self._starts = [f.start for f in self.facts]  # in order: extraction sorts its facts by start
        self._longest = max((f.end - f.start for f in self.facts), default=0)
        self._names: frozenset[str] | None = None
        self._stated: frozenset[tuple[str, float]] | None = None
        self._years: frozenset[int] | None = None
        # what `pair` read of each passage judged so far, by the passage's span: a passage paired with many
        # others is read once
        self.contexts: dict[tuple[int, int], Passage] = {}

    def passage(self, start: int, end: int) -> Passage:
        """The passage `[start, end)` of the document, with what judging has read of it so far."""
        got = self.contexts.get((start, end))
        if got is None:
            got = self.contexts[(start, end)] = Passage((start, end), self.inside(start, end))
        return got

    def inside(self, start: int, end: int) -> list[AnyFact]:
        """The facts lying wholly inside `[start, end)`, in text order."""
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return [f for f in self.facts[lo:hi] if f.end <= end]

    def around(self, start: int, end: int, before: int, after: int) -> tuple[AnyFact, ...]:
        """Every fact that starts from `before` characters ahead of `start` up to `after` characters past
        `end`, or ends within `before` characters ahead of `start`, in text order: a superset, in the order
        of the document's facts, of those a rule reading that far around `[start, end)` can meet."""
        # a fact ending within reach may start further back: by its length at most
        lo = bisect_left(self._starts, start - before - self._longest)
        hi = bisect_left(self._starts, end + after)
        return self.facts[lo:hi]

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
    needs it (`pair`): a passage is in as many pairs as there are documents that share it."""

    __slots__ = ("coded", "contexts", "facts", "groups", "quotations", "span")

    def __init__(self, span: tuple[int, int], facts: list[AnyFact]) -> None:
        self.span = span
        self.facts = facts  # the facts wholly inside it, in text order
        self.groups = frozenset(map(group, facts))  # their groups: only facts of one group are compared
        self.contexts: list[Context] | None = None  # what its sentences say about each fact
        self.quotations: list[Quotation] | None = None
        self.coded: tuple[Differ, Coded] | None = None  # its words coded for the word diff, and by whom


class FactTables:
    """The fact tables of a corpus's documents (by id), each built the first time it is asked for."""

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
        """How many tables are built so far."""
        return len(self._tables)

    def document(self, doc_id: str) -> Document:
        return self._documents[doc_id]

    def has(self, doc_id: str) -> bool:
        """Whether the table of `doc_id` is built (or was added)."""
        return doc_id in self._tables

    def add(self, doc_id: str, facts: tuple[AnyFact, ...]) -> None:
        """The table of a document whose facts were read elsewhere (by a worker of a pool)."""
        self._tables[doc_id] = FactTable(self._documents[doc_id], facts)
