"""Find every number and date in a document and normalise each to an interval.

Hand-written on purpose: thirteen date and number libraries were tried on the sample corpus (see the
developers' guide, facts.md) and each either misread "may", "sat", "10 a.m." or "1950-53", dropped the
hedges, or cost 10-25 ms a sentence. Here ordered regular-expression recognisers run over the original
text; each match claims its span so that later, more general recognisers cannot read it again.
Dates resolve against the document's own date; without one, relative dates stay `Unresolved` (their
`spec` lets the comparison resolve them later against the other document's date). The records found,
their calendar arithmetic and how they read are in `values`. Imports: the standard library, viewer.core
(model, lexicon), facts.values.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from math import inf, nextafter
from typing import Any

from viewer.core.facts.values import (
    DURATION_DAYS,
    AnyFact,
    Fact,
    Unresolved,
    day_bounds,
    month_bounds,
    parse_date,
    resolve,
    year_bounds,
)
from viewer.core.lexicon import LOOSE_SENTENCE_END, MONTHS, WEEKDAYS
from viewer.core.model import Document, FactKind

__all__ = ["HEDGES", "TZ_ALTERNATIVES", "TZ_HOURS", "UNIT_DIM", "Reader", "extract_facts", "facts_in",
           "facts_of_stretches", "may_hold_values"]


# ---------------------------------------------------------------- vocabulary

_UNITS_W = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS_W = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"
]
_TENS_W = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUE = {w: i + 1 for i, w in enumerate(_UNITS_W)} | {w: i + 10 for i, w in enumerate(_TEENS_W)}
_WORD_VALUE |= {w: 20 + 10 * i for i, w in enumerate(_TENS_W)} | {"zero": 0, "a dozen": 12, "a hundred": 100}
_ORDINAL_W = {
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
_ORDINAL_UNIT_W = {"first": 1, "second": 2} | {k: v for k, v in _ORDINAL_W.items() if v < 10}
_SCALE = {
    "dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "m": 1e6, "bn": 1e9,
}



def _words(words: Iterable[str]) -> str:
    """An alternation of `words` as written in lower case, Capitalised or UPPER case. Spelt out because
    Python's regular expressions scan a case-insensitive alternation several times slower."""
    variants = {v for w in words for v in (w, w[:1].upper() + w[1:], w.upper())}
    return "(?:" + "|".join(sorted(variants, key=len, reverse=True)) + ")"


_WORDNUM = (
    rf"(?:{_words(_TENS_W)}(?:[- ]{_words(_UNITS_W)})?|{_words(_TEENS_W)}|{_words(_UNITS_W)}"
    rf"|{_words(['zero', 'a dozen', 'a hundred'])})"
)
# "230, 000": detokenised text puts a space after a thousands comma; one number all the same.
# "0. 5" likewise is one decimal (no sentence ends in a bare 0).
_DIGITS = r"(?:\d{1,3}(?:, ?\d{3}(?!\d))+(?:\.\d+)?|\b0\. \d+|\d+(?:\.\d+)?)"
_NUM = rf"(?:{_DIGITS}|\b{_WORDNUM}\b)"
_ORDWORD = rf"(?:{_words(_TENS_W)}[- ]{_words(_ORDINAL_UNIT_W)}|{_words(_ORDINAL_W)})"

# Capitalised only: "may return" is never a date, nor "march on".
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_MONTH_TRIGGER = tuple(MONTHS)
_SUPERLATIVES = ["first", "highest", "lowest", "largest", "biggest", "worst", "deadliest", "best"]
_MONTH_PREPOSITIONS = ["in", "since", "during", "early", "late", "mid", "until", "by", "of", "from", "before",
                       "after", "through", "last", "next", "this"]
_DURATION_TRIGGER = ("second", "minute", "hour", "day", "week", "month", "year", "decade", "centur")
_SP = r"[^\S\n]+"  # spaces within a line: a date never reads across a paragraph break
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

HEDGES = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx", "some": "approx",
    "an estimated": "approx", "the estimated": "approx", "estimated": "approx", "close to": "approx",
    "nearly": "nearly", "almost": "nearly",
    "more than": "more", "over": "more", "upwards of": "more", "in excess of": "more",
    "at least": "atleast", "no fewer than": "atleast", "no less than": "atleast",
    "up to": "upto", "as many as": "upto", "at most": "upto", "no more than": "upto",
    "fewer than": "less", "less than": "less", "under": "less",
}
_HEDGE_WORDS = "|".join(sorted(HEDGES, key=len, reverse=True))
_HEDGE = r"(?:\b(?P<qualifier>(?i:" + _HEDGE_WORDS + r"))\s+)?"
# Hedges are looked for just before a number once it is found, not tried at every position of the text.
_HEDGE_BEFORE = re.compile(r"\b(?i:" + _HEDGE_WORDS + r")\s+$")
_TIME_HEDGES = {
    "about": (-10, 10), "around": (-10, 10), "approximately": (-10, 10), "shortly after": (0, 15),
    "just after": (0, 10), "after": (1e-9, inf), "shortly before": (-15, 0), "just before": (-10, 0),
    "before": (-inf, -1e-9), "by": (-inf, 0),
}
_TIME_HEDGE_BEFORE = re.compile(
    r"\b(?i:" + "|".join(sorted(_TIME_HEDGES, key=len, reverse=True)) + r")\s+$"
)
# "hand over 55 remains" hands them over; it does not mean more than 55.
_OVER_VERBS = frozenset([
    "hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "take", "took", "taken",
    "taking"
])

UNIT_DIM = {
    "km": ("length", 1000.0), "kilometer": ("length", 1000.0), "kilometre": ("length", 1000.0),
    "mile": ("length", 1609.344), "mi": ("length", 1609.344), "meter": ("length", 1.0),
    "metre": ("length", 1.0), "m": ("length", 1.0), "foot": ("length", 0.3048), "feet": ("length", 0.3048),
    "ft": ("length", 0.3048), "yard": ("length", 0.9144), "inch": ("length", 0.0254),
    "kg": ("mass", 1.0), "kilogram": ("mass", 1.0), "pound": ("mass", 0.45359), "lb": ("mass", 0.45359),
    "ton": ("mass", 1000.0), "tonne": ("mass", 1000.0),
    "acre": ("area", 4046.86), "hectare": ("area", 10000.0), "square mile": ("area", 2589988.0),
    "gallon": ("volume", 3.785), "liter": ("volume", 1.0), "litre": ("volume", 1.0),
    "barrel": ("volume", 159.0),
    "mph": ("speed", 1.609344), "km/h": ("speed", 1.0), "kph": ("speed", 1.0),
    "degree": ("degree", 1.0),
}
_UNIT = r"(?i:square miles?|km/h|kph|mph|km|mi|ft|lbs?|kg|m|" + "|".join(
    sorted((u + "e?s?" if u.endswith(("inch",)) else u + "s?") for u in UNIT_DIM if len(u) > 3)
) + r"|feet)"

# "killing one", "leaving one dead": after these verbs "one" counts people
_TOLL_VERBS = frozenset("killing killed kills injuring injured wounding wounded leaving left".split())
_PERSON_NOUNS = frozenset(
    [
        "person", "man", "woman", "child", "boy", "girl", "soldier", "officer", "people", "dead", "victim",
        "resident", "student"
    ]
)
_YEAR_PREPOSITIONS = frozenset(
    [
        "in", "since", "of", "by", "until", "till", "from", "before", "after", "during", "early", "late",
        "mid", "year", "summer", "winter", "spring", "fall", "autumn", "through", "between", "and", "to",
        "ending"
    ]
)
_COUNT_NOUNS = frozenset(["people", "police", "personnel", "staff", "children", "men", "women", "troops"])
_LABELS = frozenset(
    [
        "no", "no.", "number", "article", "section", "chapter", "route", "highway", "flight", "room",
        "building", "block", "unit", "suite", "interstate", "cpl", "sgt", "pvt", "apt"
    ]
)
_OR_TWO = re.compile(r"\b(?:[Aa]n?|[Oo]ne|next|another)\s+[a-z]+\s+or\s+$")
_FRACTION = re.compile(r"-(?:thirds|quarters|fifths|halves)\b")
_SPORTS = re.compile(
    r"(?i)\b(?:beat|beats|won|win|wins|victory|defeat(?:ed|s)?|lost|loss|score[sd]?|lead|led)\b"
)


def _num(text: str) -> float | None:
    """The value of a digit or word number ("7,700", "230, 000", "6.1", "fifty-five", "Ten")."""
    t = text.strip()
    if t[:1].isdigit():
        return float(t.replace(",", "").replace(" ", ""))
    words = t.lower().replace("-", " ")
    if words in _WORD_VALUE:
        return float(_WORD_VALUE[words])
    parts = words.split()
    if len(parts) == 2 and parts[0] in _WORD_VALUE and parts[1] in _WORD_VALUE:
        return float(_WORD_VALUE[parts[0]] + _WORD_VALUE[parts[1]])
    return None


def _ordinal(text: str) -> int | None:
    t = text.lower().replace("-", " ")
    if t[:1].isdigit():
        digits = re.match(r"\d+", t)  # always there: `t` starts with a digit
        return int(digits.group()) if digits else None
    if t in _ORDINAL_W:
        return _ORDINAL_W[t]
    tens, _, unit = t.partition(" ")
    if tens in _WORD_VALUE and unit in _ORDINAL_UNIT_W:
        return _WORD_VALUE[tens] + _ORDINAL_UNIT_W[unit]
    return None


def _interval(v: float, category: str) -> tuple[float, float]:
    """The interval a hedge allows around the stated value `v`."""
    if category == "approx":
        d = max(0.1 * v, 1.0) if v >= 1 and v == int(v) else 0.1 * v
        return v - d, v + d
    if category == "nearly":
        return 0.9 * v, v
    if category == "more":
        return nextafter(v, inf), inf
    if category == "atleast":
        return v, inf
    if category == "upto":
        return 0.0, v
    if category == "less":
        return 0.0, nextafter(v, -inf)
    return v, v


# ---------------------------------------------------------------- recognisers
# Each builder gets the match and the text and returns a Fact or an Unresolved, _CLAIM (take the span, no
# fact) or None (not this recogniser's: leave the span free).

_CLAIM = object()
Builder = Callable[[re.Match, str], "AnyFact | object | None"]


def _fact(
    m: re.Match, kind: FactKind, value: float | None, lo: float, hi: float, group: int | str = 0, **kw: Any,
) -> Fact:
    s, e = m.span(group)
    return Fact(s, e, m.string[s:e], kind, value, lo, hi, **kw)


def _pending(m: re.Match, kind: FactKind, group: int | str = 0, **kw: Any) -> Unresolved:
    """A relative date (or "in nine years") found, to be resolved against a date (`kw` holds its spec)."""
    s, e = m.span(group)
    return Unresolved(s, e, m.string[s:e], kind, **kw)


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([\w.]+)\W*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"\W{0,3}?\s*([A-Za-z][\w.]*)", text[pos : pos + 30])
    return m.group(1) if m else ""


def _hedge_before(text: str, start: int, pattern: re.Pattern = _HEDGE_BEFORE) -> tuple[str, int]:
    """The hedge ("about", "as many as"...) right before `start`, and where it begins."""
    m = pattern.search(text, max(0, start - 24), start)
    return (" ".join(m.group().lower().split()), m.start()) if m else ("", start)


def _b_skip(m: re.Match, text: str) -> AnyFact | object | None:
    return _CLAIM


def _b_year_range(m: re.Match, text: str) -> AnyFact | object | None:
    y1 = int(m.group("y1"))
    y2s = m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not y1 < y2 <= y1 + 200:
        return None
    return _fact(m, FactKind.RANGE, float(y1), float(y1), float(y2), "r", unit="year", form="years")


_FIRST_WHAT = re.compile(r"(?i)\bfirst\s+(?:[\w’']+-[\w-]+\s+)*([a-z]+)")
_EVENT_SYNONYMS = {"talks": "meeting", "talk": "meeting", "meetings": "meeting"}


def _first_what(text: str, pos: int) -> str:
    """The event of "the first meeting ... since 2009", so that a first meeting and a first repatriation
    are never compared; "" when the sentence names none."""
    start = max(0, pos - 120)
    for end in LOOSE_SENTENCE_END.finditer(text, start, pos):
        start = end.end()
    found = _FIRST_WHAT.findall(text, start, pos)
    word = found[-1].lower() if found else ""
    return _EVENT_SYNONYMS.get(word, word)


def _b_in_years(m: re.Match, text: str) -> AnyFact | object | None:
    n = _num(m.group("n"))
    if n is None:
        return None
    what = _first_what(text, m.start("span"))
    return _pending(m, FactKind.SINCE, "span", unit=what, form="in-years", spec=("years_since", int(n)))


def _b_since(m: re.Match, text: str) -> AnyFact | object | None:
    y = float(m.group("y"))
    how = m.group("how").lower()
    what = _first_what(text, m.start("span")) if how == "since" else ""
    return _fact(m, FactKind.SINCE, y, y, y, "span", unit=what, form=how)


def _b_years_after(m: re.Match, text: str) -> AnyFact | object | None:
    n = _num(m.group("n"))
    return None if n is None else _fact(m, FactKind.ANNIVERSARY, n, n, n, form="years-after")


def _b_nth_anniversary(m: re.Match, text: str) -> AnyFact | object | None:
    n = _ordinal(m.group("n"))
    return None if n is None else _fact(m, FactKind.ANNIVERSARY, float(n), n, n, form="nth-anniversary")


def _b_ago(m: re.Match, text: str) -> AnyFact | object | None:
    n = _num(m.group("n"))
    unit = m.group("u").lower()
    if n is None:
        return None
    return _pending(m, FactKind.DATE, form="ago", spec=("ago", int(n), unit))


# "ET" is whichever of EST and EDT is in force: both offsets are allowed (see TZ_ALTERNATIVES)
TZ_ALTERNATIVES = {"et": (-4, -5), "ct": (-5, -6), "mt": (-6, -7), "pt": (-7, -8)}
TZ_HOURS = {"gmt": 0, "utc": 0, "bst": 1, "cet": 1, "edt": -4, "est": -5, "cdt": -5, "cst": -6,
             "mdt": -6, "mst": -7, "pdt": -7, "pst": -8, "akdt": -8, "akst": -9}


def _b_time(m: re.Match, text: str) -> AnyFact | object | None:
    h = int(m.group("h"))
    mi = int(m.group("mi") or 0)
    ampm = (m.groupdict().get("ap") or "").lower().replace(".", "").replace(" ", "")
    if (ampm and not 1 <= h <= 12) or h > 23 or mi > 59:
        return None
    if ampm == "pm" and h != 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    v = float(h * 60 + mi)
    hedge, start = _hedge_before(text, m.start(), _TIME_HEDGE_BEFORE)
    below, above = _TIME_HEDGES.get(hedge, (0, 0))
    tz = (m.group("tz") or "").lower()
    end = m.end()
    local = _LOCAL_TIME.match(text, end) if not tz else None
    if local:  # "7: 37 AM local time": the zone of the place, whichever it is
        tz, end = "local", local.end()
    return Fact(start, end, text[start:end], FactKind.TIME, v, v + below, v + above, hedge=hedge, unit=tz,
                form="clock")


_LOCAL_TIME = re.compile(r"\s+local(?:\s+time)?\b", re.I)


def _b_time24(m: re.Match, text: str) -> AnyFact | object | None:
    h, mi = int(m.group("h")), int(m.group("mi"))
    tz = (m.group("tz") or "").lower()
    if h > 23 or mi > 59 or (not tz and 1800 <= h * 100 + mi <= 2100):
        return None
    v = float(h * 60 + mi)
    return _fact(m, FactKind.TIME, v, v, v, unit=tz, form="24h")


def _valid(y: int | None, mo: int, d: int | None) -> bool:
    try:
        date(y or 2000, mo, 1 if d is None else d)
    except ValueError:
        return False
    return True


def _date_fact(
    m: re.Match, mo: int, d: int | None, y: int | None, form: str, group: int | str = 0
) -> AnyFact | None:
    if not _valid(y, mo, d):
        return None
    if y is not None and d is not None:
        lo, hi, gran = *day_bounds(date(y, mo, d)), "day"
    elif y is not None:
        lo, hi, gran = *month_bounds(y, mo), "month"
    else:
        spec = ("md", mo, d) if d else ("m", mo)
        return _pending(m, FactKind.DATE, group, form=form, spec=spec)
    return _fact(m, FactKind.DATE, lo, lo, hi, group, granularity=gran, form=form)


def _month_of(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _b_month_day(m: re.Match, text: str) -> AnyFact | object | None:
    y = m.group("y")
    return _date_fact(m, _month_of(m.group("mo")), int(m.group("d")), int(y) if y else None, "absolute")


def _b_month_year(m: re.Match, text: str) -> AnyFact | object | None:
    return _date_fact(m, _month_of(m.group("mo")), None, int(m.group("y")), "absolute")


def _b_iso(m: re.Match, text: str) -> AnyFact | object | None:
    return _date_fact(m, int(m.group("mo")), int(m.group("d")), int(m.group("y")), "iso")


def _b_month_alone(m: re.Match, text: str) -> AnyFact | object | None:
    return _date_fact(m, _month_of(m.group("mo")), None, None, "month", "mo")


# "will meet on Friday in the week ahead": the Friday of next week
_WEEK_AHEAD = re.compile(r"\s+(?:in\s+the\s+(?:week|days)\s+ahead|of\s+next\s+week|next\s+week)\b", re.I)


def _b_weekday(m: re.Match, text: str) -> AnyFact | object | None:
    mode = (m.group("mode") or "").lower()
    if mode in ("", "on") and _WEEK_AHEAD.match(text, m.end()):
        mode = "next"
    wd = WEEKDAYS.index(m.group("wd").lower())
    return _pending(m, FactKind.DATE, form="weekday",
                    spec=("wd", wd, mode if mode in ("last", "next") else "near"))


_REL_OFFSET = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}


def _b_relative(m: re.Match, text: str) -> AnyFact | object | None:
    unit = m.group("u").lower()
    k = _REL_OFFSET[m.group("w").lower()]
    return _pending(m, FactKind.DATE, form="relative", spec=("rel", unit, k))


_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": -1, "tomorrow": 1}


def _b_day_word(m: re.Match, text: str) -> AnyFact | object | None:
    k = _DAY_WORDS[re.sub(r"\s+", " ", m.group(0).lower())]
    return _pending(m, FactKind.DATE, form="relative", spec=("rel", "day", k))


def _b_decade(m: re.Match, text: str) -> AnyFact | object | None:
    y = int(m.group("y"))
    return _fact(m, FactKind.YEAR, float(y), *year_bounds(y, y + 9), granularity="decade", form="decade")


def _b_year(m: re.Match, text: str) -> AnyFact | object | None:
    before = _word_before(text, m.start())
    after = _word_after(text, m.end())
    if before not in _YEAR_PREPOSITIONS and (
        before in HEDGES or after.lower() in _COUNT_NOUNS
        or (after.islower() and after.endswith("s") and after not in ("was", "is", "has", "as", "its", "his"))
    ):
        return None
    y = int(m.group(0))
    return _fact(m, FactKind.YEAR, float(y), *year_bounds(y), granularity="year", form="year")


def _b_rank(m: re.Match, text: str) -> AnyFact | object | None:
    n = _num(m.group("n"))
    return None if n is None else _fact(m, FactKind.RANK, n, n, n, unit="star", form="star")


def _b_age(m: re.Match, text: str) -> AnyFact | object | None:
    n = _num(m.group("n"))
    if n is None:
        return None
    if text[max(0, m.start() - 6) : m.start()].lower() == "under-":  # "an under-14-year-old": below 14
        start = m.start() - 6
        return Fact(start, m.end(), text[start : m.end()], FactKind.AGE, n, 0.0, nextafter(n, -inf),
                    hedge="under", unit="year", form="age")
    return _fact(m, FactKind.AGE, n, n, n, unit="year", form="age")


def _b_ages(m: re.Match, text: str) -> AnyFact | object | None:
    lo, hi = sorted((float(m.group("lo")), float(m.group("hi"))))
    return _fact(m, FactKind.AGE, None, lo, hi, unit="year", form="ages") if lo < hi else None


def _b_duration(m: re.Match, text: str) -> AnyFact | object | None:
    n = _num(m.group("n"))
    if n is None:
        return None
    unit = m.group("u").lower().removesuffix("s")
    unit = "century" if unit.startswith("centur") else unit
    days = n * DURATION_DAYS[unit]
    hedge, start = _hedge_before(text, m.start())
    lo, hi = _interval(n, HEDGES.get(hedge, ""))
    f = DURATION_DAYS[unit]
    return Fact(start, m.end(), text[start : m.end()], FactKind.DURATION, days, lo * f, hi * f, hedge=hedge,
                unit=unit, form="duration")


_VAGUE = {"dozens": (24.0, 199.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
          "thousands": (2000.0, 999_999.0), "millions": (2e6, 999e6), "tens of thousands": (20000.0, 99999.0),
          "hundreds of thousands": (200000.0, 999999.0)}


def _b_vague(m: re.Match, text: str) -> AnyFact | object | None:
    lo, hi = _VAGUE[re.sub(r"\s+", " ", m.group("v").lower())]
    return _fact(m, FactKind.NUMBER, None, lo, hi, form="vague")


def _b_number_range(m: re.Match, text: str) -> AnyFact | object | None:
    lo, hi = _num(m.group("n1") or m.group("n1b")), _num(m.group("n2") or m.group("n2b"))
    if lo is None or hi is None or not lo < hi:
        return None
    unit = m.group("u").lower().removesuffix("s")
    if unit in DURATION_DAYS:
        f = DURATION_DAYS[unit]
        return _fact(m, FactKind.DURATION, None, lo * f, hi * f, unit=unit, form="range")
    return _fact(m, FactKind.NUMBER, None, lo, hi, unit="%", form="range")


def _b_record(m: re.Match, text: str) -> AnyFact | object | None:
    won, lost = int(m.group("a")), int(m.group("b"))
    return _fact(m, FactKind.RECORD, won * 1000 + lost, won * 1000 + lost, won * 1000 + lost, form="record")


def _b_magnitude(m: re.Match, text: str) -> AnyFact | object | None:
    v = float(m.group("v"))
    if v >= 10:
        return None
    start = m.start()
    hedge = (m.groupdict().get("qualifier") or "").lower()
    if not hedge:
        hedge, start = _hedge_before(text, m.start())
    lo, hi = (v - 0.2, v + 0.2) if HEDGES.get(hedge) == "approx" else _interval(v, HEDGES.get(hedge, ""))
    return Fact(start, m.end(), text[start : m.end()], FactKind.NUMBER, v, lo, hi, hedge=hedge,
                unit="magnitude",
                form="magnitude")


def _b_score(m: re.Match, text: str) -> AnyFact | object | None:
    sentence_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    if not _SPORTS.search(text, sentence_start, min(len(text), m.end() + 60)):
        return None
    a, b = float(m.group("a")), float(m.group("b"))
    return _fact(m, FactKind.SCORE, a * 1000 + b, a * 1000 + b, a * 1000 + b, form="score")


# A currency named in words is the same unit as its sign; two currencies are never compared.
_CURRENCY_WORDS = {"dollar": "$", "euro": "€", "yen": "¥", "yuan": "yuan", "rupee": "rupee", "rial": "rial",
                   "peso": "peso"}


def _b_none(m: re.Match, text: str) -> AnyFact | object | None:
    """ "no casualties", "none were killed": a count of zero."""
    return _fact(m, FactKind.NUMBER, 0.0, 0.0, 0.0, form="none")


def _b_ratio(m: re.Match, text: str) -> AnyFact | object | None:
    """ "2 in 3", "two-in-three", "one out of five": a proportion, the same however it is written."""
    a, b = _num(m.group("a")), _num(m.group("b"))
    if a is None or b is None or not 0 < a < b <= 1000:
        return None
    return _fact(m, FactKind.NUMBER, a / b, a / b, a / b, unit="ratio", form="ratio",
                 spec=("ratio", int(a), int(b)))


def _b_count_range(m: re.Match, text: str) -> AnyFact | object | None:
    """ "between 50 and 70 people": a count known to lie in a range."""
    lo, hi = _num(m.group("n1")), _num(m.group("n2"))
    if lo is None or hi is None or not lo < hi:
        return None
    return _fact(m, FactKind.NUMBER, None, lo, hi, form="range")


def _b_count(m: re.Match, text: str) -> AnyFact | object | None:
    raw = m.group("n")
    v = _num(raw)
    if v is None:
        return None
    hedge, start = _hedge_before(text, m.start())
    if hedge == "over" and _word_before(text, start) in _OVER_VERBS:
        hedge, start = "", m.start()
    if _word_before(text, m.start()) in _LABELS or _FRACTION.match(text, m.end("n")):
        return _CLAIM
    if raw.lower() == "two" and _OR_TWO.search(text, max(0, m.start() - 30), m.start()):
        return _CLAIM  # "within a minute or two", "a day or two": a few, not a count
    after = _word_after(text, m.end("n"))
    if (raw.lower() == "one" and not hedge and after.lower().rstrip("s") not in _PERSON_NOUNS
            and _word_before(text, m.start()).lower() not in _TOLL_VERBS):
        return None  # "one of the agreements", "no one": not a count ("killing one" is)
    scale = (m.group("scale") or "").strip().lower()
    if scale:
        v *= _SCALE[scale]
    unit = ""
    if m.group("cur"):
        unit = "$" if "$" in m.group("cur") else m.group("cur").strip()
    curw = m.group("curw")
    if curw:
        word = curw.strip().lower()
        unit = _CURRENCY_WORDS.get(word, _CURRENCY_WORDS.get(word.removesuffix("s"), word))
    pct = m.group("pct")
    if pct:
        unit = "%"
    u = m.group("unit")
    if u:
        unit = u.lower().rstrip(".")
        unit = {"feet": "foot", "lbs": "lb", "inches": "inch"}.get(unit, unit)
        if unit not in UNIT_DIM:
            unit = unit[:-1] if unit.endswith("s") and unit[:-1] in UNIT_DIM else unit
        if unit not in UNIT_DIM:
            unit = ""
    lo, hi = _interval(v, HEDGES.get(hedge, ""))
    s = start
    e = m.end()
    if not (u or pct or scale or curw):
        e = m.end("n")
    return Fact(s, e, text[s:e], FactKind.NUMBER, v, lo, hi, hedge=hedge, unit=unit,
                form="words" if raw[:1].isalpha() else "digits")


def _b_ordinal(m: re.Match, text: str) -> AnyFact | object | None:
    n = _ordinal(m.group(0))
    return None if n is None else _fact(m, FactKind.ORDINAL, float(n), n, n, form="ordinal")


# "no casualties", "none were killed"
_NONE = (r"\b[Nn]o\s+(?:(?:other|more|further|reported|immediate)\s+)?"
         r"(?:casualties|deaths|fatalities|injuries|one\s+(?:was|were)\s+(?:killed|hurt|injured))\b"
         r"|\b[Nn]one\s+(?:was|were|had\s+been|have\s+been)\s+(?:killed|hurt|injured|dead)\b")

# Each recogniser: its pattern, its builder, and the words (lower case) of which at least one must occur in
# a document for the pattern to be worth running there (None: always run).
_RECOGNISERS: list[tuple[re.Pattern, Builder, tuple[str, ...] | None]] = [
    # not numbers at all: phone numbers, emergency numbers (identifiers like F-16, G7 or COVID-19 are left
    # out by the count pattern itself, fractions by its builder)
    (re.compile(r"\b\d{3}[-.]\d{3}[-.]\d{4}\b|\b9-1\s?-\s?1\b|\b911\b|\b24/7\b"), _b_skip, None),
    # 1. year ranges
    (re.compile(rf"(?P<r>\b(?P<y1>{_YEAR})\s?[-–]\s?(?P<y2>{_YEAR}|\d\d))(?![\d-])"), _b_year_range, None),
    (re.compile(rf"(?P<r>\bbetween (?P<y1>{_YEAR}) and (?P<y2>{_YEAR}))\b"), _b_year_range, None),
    # 2. anchored spans
    (re.compile(rf"\b{_words(_SUPERLATIVES)}"
                rf"\b[^.;!?\n]{{0,80}}?"
                rf"(?P<span>\b(?:in|for)\s+(?:(?:the\s+)?(?:past|last)\s+)?(?P<n>{_NUM})\s+years)\b"),
     _b_in_years, ("years",)),
    (re.compile(rf"(?P<span>\b(?P<how>{_words(['since'])})\s+(?P<y>{_YEAR}))\b(?![-\d])"),
     _b_since, ("since", "last time")),
    (re.compile(rf"\b{_words(['last time'])}\b[^.;!?\n]{{0,100}}?\bwas "
                rf"(?P<span>(?P<how>in)\s+(?P<y>{_YEAR}))\b(?![-\d])"),
     _b_since, ("since", "last time")),
    # 3. anniversaries, "N years ago"
    (re.compile(rf"\b(?P<n>{_NUM})\s+years\s+(?:after|since)\b"),
     _b_years_after, ("years after", "years since")),
    (re.compile(rf"\b(?P<n>\d+(?:st|nd|rd|th)|{_ORDWORD})\s+anniversary\b"),
     _b_nth_anniversary, ("anniversary",)),
    (re.compile(rf"\b(?P<n>{_NUM})\s+(?P<u>(?i:year|month|week|day))s?\s+ago\b"), _b_ago, (" ago",)),
    # clock times ("10 a.m." is a time, never ten of anything); before years so "2030 GMT" stays a time
    (re.compile(r"\b(?P<h>\d{1,2})(?:(?::\s?|\.)(?P<mi>\d\d))?\s?"
                r"(?P<ap>[ap]\.\s?m\.|[ap]m\b|[AP]M\b)(?:\s?(?P<tz>GMT|UTC|[ECMP][SD]?T|AK[SD]T|BST|CET)\b)?"),
     _b_time, ("m.", "am", "pm", ":")),
    (re.compile(r"\b(?P<h>\d{1,2}):\s?(?P<mi>\d\d)\b(?!\s?[ap]\.)"
                r"(?:\s?(?P<tz>GMT|UTC|[ECMP][SD]?T|AK[SD]T|BST|CET)\b)?"), _b_time, ("m.", "am", "pm", ":")),
    (re.compile(r"(?<=\b[Aa]t "
                r")(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\b(?:\s?(?P<tz>GMT|UTC|[ECMP][SD]T|BST|CET)\b)?"),
     _b_time24, ("at ", "gmt", "utc")),
    (re.compile(r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s?(?P<tz>GMT|UTC)\b"),
     _b_time24, ("at ", "gmt", "utc")),
    # 4. absolute dates: capitalised month names only
    (re.compile(rf"(?:{_WEEKDAY},?{_SP})?(?P<mo>{_MONTH}){_SP}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:\d])"
                rf"(?:,?{_SP}(?P<y>{_YEAR})\b)?"), _b_month_day, _MONTH_TRIGGER),
    (re.compile(rf"(?:{_WEEKDAY},?{_SP})?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?(?P<mo>{_MONTH})"
                rf"(?:,?{_SP}(?P<y>{_YEAR})\b)?"), _b_month_day, _MONTH_TRIGGER),
    (re.compile(rf"\b(?P<mo>{_MONTH}),?{_SP}(?P<y>{_YEAR})\b"), _b_month_year, _MONTH_TRIGGER),
    (re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b"), _b_iso, ("-",)),
    (re.compile(rf"\b{_words(_MONTH_PREPOSITIONS)}"
                rf"[ -](?P<mo>{_MONTH})(?![\w])"), _b_month_alone, _MONTH_TRIGGER),
    # 5. relative dates
    (re.compile(rf"(?:\b(?P<mode>{_words(['last', 'next', 'this', 'on'])})\s+)?\b(?P<wd>{_WEEKDAY})\b"),
     _b_weekday, ("day",)),
    (re.compile(rf"\b(?P<w>{_words(_REL_OFFSET)})\s+(?P<u>(?i:week|month|year))\b"),
     _b_relative, ("week", "month", "year")),
    (re.compile(rf"\b{_words(['today', 'tonight', 'yesterday', 'tomorrow'])}\b"
                rf"|\b{_words(['this'])}\s+(?:morning|afternoon|evening)\b"),
     _b_day_word, ("today", "tonight", "yesterday", "tomorrow", "this ")),
    # 6. years
    (re.compile(rf"\b(?:the\s+)?(?P<y>{_YEAR[3:-1]}0)s\b"), _b_decade, ("0s",)),
    (re.compile(rf"(?<![\d$£€.,])\b{_YEAR}\b(?![\d]|,\s?\d{{3}}|\.\d)"), _b_year, None),
    # 7. ranks
    (re.compile(rf"\b(?P<n>\d|{_WORDNUM})[- ]star\b"), _b_rank, ("star",)),
    # zero and proportions
    (re.compile(_NONE), _b_none, ("no ", "none")),
    (re.compile(rf"\b(?P<a>{_NUM})(?:-in-|\s+in\s+|\s+out\s+of\s+)(?P<b>{_NUM})\b(?![-\d])"
                rf"(?!\s+(?i:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b)"),
     _b_ratio, (" in ", "-in-", "out of")),
    # 8. ranges of percentages or durations ("between six and 75 years"), ages and durations
    (re.compile(rf"\b(?:between\s+(?P<n1>{_NUM})(?:\s?%|\s(?i:percent|per cent))?\s+and\s+(?P<n2>{_NUM})"
                rf"|(?:from\s+)?(?P<n1b>{_NUM})(?:\s?%|\s(?i:percent|per cent))?\s+to\s+(?P<n2b>{_NUM}))"
                rf"\s?(?P<u>%|(?<=\s)(?i:percent|per cent|seconds|minutes|hours|days|weeks|months|years)\b)"),
     _b_number_range, ("between", " to ")),
    (re.compile(rf"\bbetween\s+(?P<n1>{_NUM})\s+and\s+(?P<n2>{_NUM})\b(?![\d.,])"),
     _b_count_range, ("between",)),
    (re.compile(rf"\b(?P<n>{_NUM})[- ](?i:years?)[- ]old(?:er)?\b"),
     _b_age, ("year old", "year-old", "years old")),
    (re.compile(rf"\b{_words(['ages', 'aged'])}\s+(?P<lo>\d{{1,3}})(?:,\s*\d{{1,3}})*,?\s+(?:and|to)\s+"
                rf"(?P<hi>\d{{1,3}})\b"),
     _b_ages, ("ages", "aged")),
    (re.compile(rf"\b(?P<n>{_NUM})-year(?=\s+(?:girl|boy|man|woman|child|son|daughter|bride|student)s?\b)"),
     _b_age, ("-year ",)),
    (re.compile(rf"\b(?P<n>{_NUM})[- ](?P<u>(?i:seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
                rf"decades?|century|centuries))\b"), _b_duration, _DURATION_TRIGGER),
    # 9. vague plurals
    (re.compile(rf"\b(?P<v>{_words(_VAGUE)})"
                r"(?: and (?i:dozens|hundreds|thousands|millions))?\b(?= of| more|\W)"),
     _b_vague, ("dozens", "scores", "hundreds", "thousands", "millions")),
    # 10. magnitudes, scores, counts and measures with their hedges
    (re.compile(rf"\b{_words(['magnitude'])}(?:[- ]|\s+of\s+){_HEDGE}(?P<v>\d(?:\.\d)?)\b"),
     _b_magnitude, ("magnitude", "richter")),
    (re.compile(r"\b(?P<v>\d(?:\.\d)?)(?:[- ](?i:magnitude)|(?= on the Richter))\b"),
     _b_magnitude, ("magnitude", "richter")),
    (re.compile(r"\((?P<a>\d{1,2})-(?P<b>\d{1,2})(?:-\d{1,2})?\)"), _b_record, ("(",)),
    (re.compile(r"(?<![\w.,-])(?P<a>\d{1,3})-(?P<b>\d{1,3})(?![\w.,-])"), _b_score, ("-",)),
    (re.compile(rf"(?:(?P<cur>US\$|\$|£|€)\s?)?(?<![\w.-])(?P<n>{_NUM})"
                rf"(?:(?P<scale>\s(?i:dozen|hundred|thousand|million|billion|trillion)\b|(?<=\d)\s?(?:m|bn)\b)"
                rf"|(?![\w])|(?=(?i:km|kg|mph|kph|ft|mi|lbs?)\b))(?P<curw>\s(?i:euros?|dollars?|yen|yuan|rupees?|rials?|pesos?)\b)?"
                rf"(?P<pct>\s?%|\s(?i:percent|per cent)\b)?(?:[- ]?(?P<unit>{_UNIT})\b)?"), _b_count, None),
    # 11. ordinals ("first" and "second" are left alone: "The first meeting", "a second")
    (re.compile(rf"\b\d+(?:st|nd|rd|th)\b|\b{_ORDWORD}\b"), _b_ordinal, None),
]


# What can start a match, for `_led`. Python's own parser of regular expressions (private: should it move,
# every pattern is run as written).
try:
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre = _sre_parse = None
_CLASS_OF_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}


def _first(items: Any) -> tuple[list[str], bool] | None:
    """The character-class items (regex text) one of which the first character of any match of the parsed
    sequence `items` is, and whether the sequence can match the empty string; None when any character may
    start one (or the pattern holds something not handled here). Zero-width items (`\b`, lookarounds)
    consume nothing: what follows them starts the match."""
    out: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return [*out, f"\\U{av:08x}"], False
        if name == "IN":
            got = []
            for kind, value in av:
                if str(kind) == "LITERAL":
                    got.append(f"\\U{value:08x}")
                elif str(kind) == "RANGE":
                    got.append(f"\\U{value[0]:08x}-\\U{value[1]:08x}")
                elif str(kind) == "CATEGORY" and str(value) in _CLASS_OF_CATEGORY:
                    got.append(_CLASS_OF_CATEGORY[str(value)])
                else:
                    return None
            return [*out, *got], False
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "SUBPATTERN":
            if av[1] & _sre.SRE_FLAG_IGNORECASE:
                return None
            inner = _first(av[3])
        elif name == "BRANCH":
            inner = ([], False)
            for branch in av[1]:
                got_branch = _first(branch)
                if got_branch is None:
                    return None
                inner = (inner[0] + got_branch[0], inner[1] or got_branch[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            inner = _first(av[2])
            if inner is not None and av[0] == 0:
                inner = (inner[0], True)
        else:
            return None
        if inner is None:
            return None
        out += inner[0]
        if not inner[1]:
            return out, False
    return out, True


def _led(pattern: re.Pattern) -> re.Pattern:
    """`pattern`, led by a lookahead for the characters a match of it can start with, when they can be told
    and the pattern does not begin with a character (which the regex engine looks for fast by itself).
    The same matches, found faster: Python's engine tries every position of the text, and a pattern that
    begins with `\b` or an alternation of words ("Monday|Tuesday...", a number word or digits) costs at
    each of them many times what one test of the next character does (the months and weekdays' dates
    four times, the counts a quarter, on the texts judging reads). A match never starts at a position
    the lookahead refuses: its first character is one the lookahead admits."""
    if _sre_parse is None or pattern.flags & re.IGNORECASE:
        return pattern
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE or str(parsed.data[0][0]) in ("LITERAL", "IN"):
            return pattern
        first = _first(parsed.data)
        if first is None or first[1]:
            return pattern
        return re.compile(f"(?=[{''.join(dict.fromkeys(first[0]))}])(?:{pattern.pattern})", pattern.flags)
    except (re.error, TypeError, ValueError, AttributeError, IndexError):
        return pattern


_RECOGNISERS = [(_led(pattern), build, trigger) for pattern, build, trigger in _RECOGNISERS]
Recogniser = tuple[re.Pattern, Builder]


def _recognisers(text: str) -> list[Recogniser]:
    """The recognisers worth running on `text`: those whose words it holds (decided on a whole document,
    also when only a stretch of it is read, so that a stretch reads what the whole document reads)."""
    lower = text.lower()
    return [(pattern, build) for pattern, build, trigger in _RECOGNISERS
            if trigger is None or any(word in lower for word in trigger)]


def _scan(text: str, recognisers: Sequence[Recogniser], lo: int = 0, hi: int | None = None) -> list[AnyFact]:
    """The facts the recognisers find in `text[lo:hi]`, in text order; each builder reads the whole `text`
    around its match, as it does when the whole text is scanned."""
    hi = len(text) if hi is None else hi
    claimed = bytearray(hi - lo)
    found: list[AnyFact] = []
    for pattern, build in recognisers:
        for m in pattern.finditer(text, lo, hi):
            s, e = m.span()
            if claimed.find(1, s - lo, e - lo) >= 0:
                continue
            got = build(m, text)
            if got is None:
                continue
            if isinstance(got, Fact | Unresolved):
                s, e = min(s, got.start), max(e, got.end)
                found.append(got)
            s, e = max(s, lo), min(e, hi)  # (a builder may read a hedge or "local time" past the stretch)
            claimed[s - lo : e - lo] = b"\x01" * (e - s)
    found.sort(key=lambda f: f.start)
    return _conversions_hedged(text, found)


def _conversions_hedged(text: str, found: list[AnyFact]) -> list[AnyFact]:
    """A bracketed conversion says what the figure before it says, hedge and all: "about 58km (36 miles)"
    gives about 36 miles, not exactly 36."""
    out = list(found)
    for k in range(1, len(out)):
        g, f = out[k - 1], out[k]
        if (isinstance(g, Fact) and isinstance(f, Fact) and g.hedge and not f.hedge and f.value is not None
                and text[g.end : f.start].strip() == "(" and g.unit in UNIT_DIM and f.unit in UNIT_DIM
                and UNIT_DIM[g.unit][0] == UNIT_DIM[f.unit][0]):
            lo, hi = _interval(f.value, HEDGES.get(g.hedge, ""))
            out[k] = replace(f, hedge=g.hedge, lo=lo, hi=hi)
    return out


@lru_cache(maxsize=256)
def extract_facts(doc: Document) -> tuple[AnyFact, ...]:
    """Every number and date of `doc`, in text order, dates resolved against `doc.date` where it has one."""
    anchor = parse_date(doc.date)
    facts = tuple(_scan(doc.text, _recognisers(doc.text)))
    return tuple(resolve(f, anchor) for f in facts) if anchor else facts


def facts_of_stretches(doc: Document, stretches: Iterable[tuple[int, int]]) -> tuple[AnyFact, ...]:
    """The facts of a few stretches of `doc.text` (in order, disjoint), as `extract_facts` finds them when
    the stretches start at a sentence: for a caller that reads a few sentences of many long documents."""
    anchor = parse_date(doc.date)
    found = []
    for lo, hi in stretches:
        stretch = doc.text[lo:hi]
        if not may_hold_values(stretch, 0, len(stretch)):
            continue  # (each stretch is read apart: one without a value's words holds none)
        for f in _scan(stretch, _recognisers(stretch)):
            f = replace(f, start=f.start + lo, end=f.end + lo)
            found.append(resolve(f, anchor) if anchor else f)
    return tuple(found)


def facts_in(doc: Document, start: int, end: int) -> list[AnyFact]:
    """The facts of `doc` lying wholly inside `[start, end)`."""
    return [f for f in extract_facts(doc) if f.start >= start and f.end <= end]


# What the text of any value holds, from the recognisers' own words: a digit, or else a number or ordinal
# word, a month (alone: "in March"), a weekday, a day word ("today", "this morning"), a relative date ("last
# week"), a vague amount ("dozens"), a zero count ("no casualties"), each a whole word where its recogniser
# reads a whole word. A stretch holding none holds no value and is not scanned. The words first, as a set
# of lower-case words (a test far cheaper than the expression, which decides).
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[A-Za-z]+")
_CUE_WORDS = frozenset(
    word.lower() for phrase in [*_WORD_VALUE, *_TENS_W, *_ORDINAL_W, *_VAGUE, *MONTHS, *WEEKDAYS]
    for word in phrase.split() if word != "a" and word != "of"
) | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today", "tonight",
     "yesterday", "tomorrow", "morning", "afternoon", "evening", "week", "month", "year", "no", "none"}
_VALUE_CUE = re.compile(
    rf"{_MONTH}(?!\w)|{_WEEKDAY}\b|\b(?:{_WORDNUM}|{_ORDWORD}|{_words(_VAGUE)})\b"
    rf"|\b{_words(['today', 'tonight', 'yesterday', 'tomorrow'])}\b"
    rf"|\b{_words(['this'])}\s+(?:morning|afternoon|evening)\b"
    rf"|\b{_words(_REL_OFFSET)}\s+(?i:week|month|year)\b|{_NONE}"
)


def may_hold_values(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` may hold a number or date (`extract_facts` finds none lying wholly inside a
    stretch for which this is False)."""
    if _DIGIT.search(text, start, end) is not None:
        return True
    words = {word.lower() for word in _LETTERS.findall(text, start, end)}
    return not words.isdisjoint(_CUE_WORDS) and _VALUE_CUE.search(text, start, end) is not None


class Reader:
    """The facts of one document read stretch by stretch, each stretch as `extract_facts` finds its facts
    in the whole text: for a caller that needs the values of a few passages of a long document (judging a
    pair reads the values of its passages and of a sentence or two around them).

    A stretch is scanned with `MARGIN` characters more on each side and keeps the facts that start inside
    it. A builder reads the whole text around its match (a hedge before it, the sentence it is in), and no
    match is longer than some 130 characters ("the deadliest ... in the past twenty-five years", which
    claims all of it), so a value of the stretch is matched, claimed and built as the whole scan does it;
    which recognisers run is decided on the whole document (`_recognisers`). (Checked on every document of
    the test data and of the shared corpora: stretches of every sentence and at random, read in either
    order, give the whole scan's facts with a margin of 20 characters already; none does with 0.)"""

    MARGIN = 150

    __slots__ = ("_anchor", "_facts", "_read", "_recognisers", "_starts", "doc", "scanned")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.scanned = 0  # characters scanned so far, margins included
        self._anchor = parse_date(doc.date)
        self._recognisers: list[Recogniser] | None = None
        self._read: list[tuple[int, int]] = []  # the stretches read, in order, disjoint, adjacent ones joined
        self._facts: list[AnyFact] = []  # what they hold, in text order
        self._starts: list[int] = []

    def starting(self, lo: int, hi: int) -> list[AnyFact]:
        """The document's facts that start in `[lo, hi)`, in text order."""
        lo, hi = max(0, lo), min(len(self.doc.text), hi)
        gaps = self._unread(lo, hi)
        while gaps:  # gaps closer than two margins are scanned in one window
            k = 1
            while k < len(gaps) and gaps[k][0] - gaps[k - 1][1] <= 2 * self.MARGIN:
                k += 1
            self._scan(gaps[:k])
            gaps = gaps[k:]
        return self._facts[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def read(self) -> list[AnyFact]:
        """The facts of the stretches read so far, in text order."""
        return self._facts

    def _unread(self, lo: int, hi: int) -> list[tuple[int, int]]:
        gaps = []
        k = bisect_right(self._read, (lo, len(self.doc.text) + 1))
        at = max(lo, self._read[k - 1][1]) if k else lo
        for start, end in self._read[k:]:
            if start >= hi:
                break
            if start > at:
                gaps.append((at, start))
            at = max(at, end)
        if at < hi:
            gaps.append((at, hi))
        return gaps

    def _scan(self, gaps: list[tuple[int, int]]) -> None:
        """Read the stretches `gaps` (in order, unread) in one window around them."""
        text = self.doc.text
        if self._recognisers is None:
            self._recognisers = _recognisers(text)
        lo, hi = max(0, gaps[0][0] - self.MARGIN), min(len(text), gaps[-1][1] + self.MARGIN)
        self.scanned += hi - lo
        window = _scan(text, self._recognisers, lo, hi)
        for start, end in gaps:
            found = [f for f in window if start <= f.start < end]
            if self._anchor:
                found = [resolve(f, self._anchor) for f in found]
            k = bisect_left(self._starts, start)
            self._facts[k:k] = found
            self._starts[k:k] = [f.start for f in found]
            insort(self._read, (start, end))
        joined: list[tuple[int, int]] = []
        for start, end in self._read:
            if joined and start <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
            else:
                joined.append((start, end))
        self._read = joined
