"""When a passage is set, as news writes it: in the story's own days, in an earlier year, or neither.

Wire style times a story's own event by the day of the week ("on Tuesday", "next week", "in coming
days") and an event of another year by that year ("in 2007", "in May 2012") (AP style: the weekday for
a date within a week, the month and day beyond, the year only when it is not the current one). Two
passages of which one is set in the story's days alone and the other in an earlier year alone report
two events, however alike their words and meaning: "North Korea may return up to 55 US troops' remains
next week" is no restatement of "The last time North Korea returned the remains of American troops was
in 2007", nor "A powerful 6.1 magnitude earthquake hit ... Aceh province ... early Tuesday" of "An
8.7-magnitude earthquake also hit off the city of Banda Aceh ... in May 2012". `apart` says so.

A document's headline and lede report the story's own event, a headline in the present tense, and
mostly with no day at all ("6.1-magnitude quake strikes Indonesia's Aceh province", "Matanuska Maid Dairy
Building Burns Down"; "A powerful 6.1 magnitude earthquake hit Indonesia's northwestern Aceh province, on
the island of Sumatra"): they are set in the story's days unless they name a year or a past of their own
(`_leading`: the first sentence, and the first of the second paragraph after a headline standing alone),
so that they are no restatement of "In 2004, a magnitude 9.1 quake off Indonesia triggered a tsunami",
"An 8.7-magnitude earthquake also hit off the city of Banda Aceh ... in May 2012" or "the Matanuska Maid
creamery building ... was burned down by teenagers in 2003".

Only a year the passage is set in counts: after a preposition of time or a month and closing its
clause ("was in 2007", "In 2004, a magnitude 9.1 quake ...", "from 1990-2007", "in May 2012,
triggering ..."); not one that names a thing ("the 2004 tsunami", "a 2008 event", "the 2013 NFL Draft"),
nor one inside a phrase that goes on or in a subordinate clause, which may time only a part of the
passage ("Another audio tape included Jeffs and the younger girl from a recording made in August 2006 at
the Texas compound" is news of a trial; "... remains ... that they have recovered since the active
conflict ... ended in 1953" says what they have now), nor the reference point of a record ("the first
repatriation ... since 2007" is news of the coming repatriation). A passage with a month and a day ("on
July 2, 2013", "on 2 July 2013") may be the story's own event dated in full, and one that also names a
relative past ("last year", "two decades ago") or any year it is timed by ("returned remains in 2007 and
will return more next week") is not set in the story's days alone: neither is ever set apart.
Imports: the standard library, viewer.core.align.passages.
"""

from __future__ import annotations

import re
from enum import Enum

from viewer.core.align.passages import MONTH, NUMBER, WEEKDAY, PreparedDocument, word_key, word_keys


class Setting(Enum):
    """When a passage is set."""

    DAYS = "the story's days alone"
    EARLIER_YEAR = "an earlier year alone"
    OTHER = "neither, both or unknown"


_YEAR = re.compile(r"#(1[89]\d\d|20\d\d)")
_DAY = re.compile(r"#([1-9]|[12]\d|3[01])")


_TIME_PREPOSITIONS = word_keys("in from until till through before after during between")
_SUBORDINATORS = word_keys(
    "that which who whom whose since when while where because after before until if once")
_NOW_WORDS = word_keys("today tonight yesterday tomorrow")
# Word pairs that set a passage in the days around its story ("next week", "coming days") or before it.
_NOW_PAIRS = frozenset(
    (word_key(a), word_key(b)) for a, bs in (
        ("next", "week month"), ("this", "week weekend morning afternoon evening"), ("coming", "days weeks"),
        ("last", "night week weekend"), ("earlier", "today"),
    ) for b in bs.split()
)
_PAST_PAIRS = frozenset(
    (word_key(a), word_key(b)) for a, bs in (
        ("last", "year month season decade spring summer autumn fall winter"),
        ("years", "ago"), ("months", "ago"), ("decades", "ago"), ("earlier", "this"),
    ) for b in bs.split()
)


def setting(d: PreparedDocument, first: int, last: int) -> Setting:
    """When tokens [first, last) of `d` are set (see the module's docstring)."""
    keys, values = d.keys, d.values
    year = named_year = days = now = past = False
    for i in range(first, last):
        k = keys[i]
        pair = (k, keys[i + 1]) if i + 1 < last else None
        if k == WEEKDAY or k in _NOW_WORDS or pair in _NOW_PAIRS:
            now = True
        elif pair in _PAST_PAIRS:
            past = True
        elif k == MONTH and ((i + 1 < last and _DAY.fullmatch(values[i + 1]))
                             or (i > first and _DAY.fullmatch(values[i - 1]))):  # "July 2" or "2 July"
            days = True
        elif (k == NUMBER and _YEAR.fullmatch(values[i]) and i > first
              and (keys[i - 1] in _TIME_PREPOSITIONS or keys[i - 1] == MONTH)):
            # any year the passage is timed by keeps it out of the story's days alone ("returned remains in
            # 2007 and will return more next week"); only one that sets the whole passage sets it apart
            named_year = True
            year = year or (_closes_clause(d, i, last) and not _subordinate(d, first, i))
    now = now or _leading(d, first)
    if days or (now and (named_year or past)):
        return Setting.OTHER
    if now:
        return Setting.DAYS
    return Setting.EARLIER_YEAR if year else Setting.OTHER


def _leading(d: PreparedDocument, first: int) -> bool:
    """Whether token `first` is in the document's headline or lede: its first sentence, and the first of
    its second paragraph after a headline standing alone (a first paragraph of one sentence). They report
    the story's own event: "6.1-magnitude quake strikes Indonesia's Aceh province" / "A powerful 6.1
    magnitude earthquake hit Indonesia's northwestern Aceh province, on the island of Sumatra"."""
    sentences = d.sentences
    if first < sentences[0].last:
        return True
    return (len(sentences) > 2 and sentences[1].paragraph != sentences[0].paragraph
            and first < sentences[1].last)


def _closes_clause(d: PreparedDocument, i: int, last: int) -> bool:
    """Whether the year at token i (with the years of a range after it) ends its clause or the passage."""
    j = i + 1
    while j < last and d.keys[j] == NUMBER and _YEAR.fullmatch(d.values[j]) and not d.clause_break[j]:
        j += 1
    return j == last or bool(d.clause_break[j])


def _subordinate(d: PreparedDocument, first: int, i: int) -> bool:
    """Whether the year at token i times a subordinate clause: a subordinating word opens the clause it
    is in (after the last punctuation before it)."""
    j = i - 1
    if d.keys[j] == MONTH and j > first:
        j -= 1
    for k in range(j - 1, first - 1, -1):
        if d.keys[k] in _SUBORDINATORS:
            return True
        if d.clause_break[k]:  # punctuation before it, or a clause word not subordinating ("but")
            return False
    return False


def apart(x: Setting, y: Setting) -> bool:
    """Whether passages set at `x` and at `y` (`setting`) report two events: one is set in the story's days
    alone and the other in an earlier year alone."""
    return {x, y} == {Setting.DAYS, Setting.EARLIER_YEAR}
