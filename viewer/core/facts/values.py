"""One number or date found in a text: the records (`Fact` with the interval it allows, `Unresolved` while a
relative date waits for a date to count from), the calendar arithmetic that resolves a relative date
against an article's date, and how a value reads (`value_text`).

What `extract` finds and `pair` compares; kept apart from the recognisers so that a reader of either need
not read the other. Imports: the standard library and viewer.core.model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from math import inf
from typing import ClassVar

from viewer.core.model import FactKind

__all__ = ["CURRENCIES", "DURATION_DAYS", "AnyFact", "Fact", "Unresolved", "day_bounds", "month_bounds",
           "parse_date", "resolve", "value_of", "value_text", "year_bounds"]

# The length of each unit of time in days (a month and a year on average).
DURATION_DAYS = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375,
    "year": 365.25, "decade": 3652.5, "century": 36525.0,
}
# Units of money: two currencies are never compared.
CURRENCIES = frozenset(["$", "€", "£", "¥", "yuan", "rupee", "rial", "peso"])


@dataclass(frozen=True, slots=True)
class _Found:
    """What every number or date found in a text has, whether its interval is known or not: where it is,
    what kind, how it is qualified. `form` names the recogniser, `spec` what resolving a relative date needs
    (and, for a few forms, how the value was written: "2 in 3")."""

    start: int
    end: int
    text: str
    kind: FactKind
    hedge: str = field(default="", kw_only=True)
    granularity: str = field(default="", kw_only=True)  # dates: day, week, month, year, decade
    # numbers: "", "$", "%", "km", "magnitude", ...; durations: "day"
    unit: str = field(default="", kw_only=True)
    form: str = field(default="", kw_only=True)
    spec: tuple = field(default=(), kw_only=True)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True, slots=True)
class Fact(_Found):
    """One number or date with the interval the text allows: `lo`/`hi` (dates as day ordinals,
    `date.toordinal`). `value` is the stated value (the 50 of "about 50"; for dates the first day), None
    when the text states no single one (a range, a vague amount)."""

    value: float | None
    lo: float
    hi: float


@dataclass(frozen=True, slots=True)
class Unresolved(_Found):
    """A value counted from a date not known yet: a relative date ("on Tuesday", "two years ago"), a month
    and day without a year, "the first ... in nine years". It has no interval until `resolve` reads it
    against a date (the article's, or the other article's when a comparison needs it); `spec` says how."""

    value: ClassVar[None] = None  # it states no value yet


# What a recogniser finds: a fact with its interval, or one waiting for a date to be counted from.
AnyFact = Fact | Unresolved


def value_of(f: Fact) -> float:
    """The value a fact states (a range, a vague amount or an unresolved date states none)."""
    if f.value is None:
        raise ValueError(f"{f.text!r} states no single value")
    return f.value


# ---------------------------------------------------------------- dates


def day_bounds(d: date) -> tuple[float, float]:
    return float(d.toordinal()), float(d.toordinal())


def month_bounds(y: int, m: int) -> tuple[float, float]:
    first = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return float(first.toordinal()), float(nxt.toordinal() - 1)


def year_bounds(y: int, last: int | None = None) -> tuple[float, float]:
    return float(date(y, 1, 1).toordinal()), float(date(last or y, 12, 31).toordinal())


def shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _resolve_spec(spec: tuple, anchor: date) -> tuple[float, float, str] | None:
    """(lo, hi, granularity) of a relative or year-less date against `anchor`, or None if impossible."""
    what = spec[0]
    if what == "md":
        _, m, d = spec
        best = None
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                c = date(y, m, d)
            except ValueError:
                continue
            if best is None or abs((c - anchor).days) < abs((best - anchor).days):
                best = c
        return (*day_bounds(best), "day") if best else None
    if what == "m":
        m = spec[1]
        k = (m - anchor.month + 6) % 12 - 6  # the nearest such month, -6..+5 months away
        return (*month_bounds(*shift_month(anchor.year, anchor.month, k)), "month")
    if what == "wd":
        _, wd, mode = spec
        delta = (wd - anchor.weekday()) % 7  # 0..6 days ahead
        if mode == "last":
            delta = delta - 7 if delta else -7
        elif mode == "next":
            delta = delta or 7
        elif delta > 3:  # the nearest such day
            delta -= 7
        return (*day_bounds(anchor + timedelta(days=delta)), "day")
    if what == "rel":
        _, unit, k = spec
        if unit == "day":
            return (*day_bounds(anchor + timedelta(days=k)), "day")
        if unit == "week":
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=k)
            return float(monday.toordinal()), float(monday.toordinal() + 6), "week"
        if unit == "month":
            return (*month_bounds(*shift_month(anchor.year, anchor.month, k)), "month")
        return (*year_bounds(anchor.year + k), "year")
    if what == "ago":
        _, n, unit = spec
        if unit == "year":
            return (*year_bounds(anchor.year - n), "year")
        d = anchor - timedelta(days=round(n * DURATION_DAYS[unit]))
        if unit in ("day", "week"):
            return (*day_bounds(d), "day")
        return (*month_bounds(d.year, d.month), "month")
    if what == "years_since":  # "the first ... in nine years": the last one was nine years before
        return anchor.year - spec[1], anchor.year - spec[1], "year"
    return None


def resolve(fact: AnyFact, anchor: date) -> AnyFact:
    """`fact` with its relative date worked out against `anchor` (itself when there is nothing to do or it
    cannot be done)."""
    if isinstance(fact, Fact):
        return fact
    try:
        res = _resolve_spec(fact.spec, anchor)
        if res is not None:
            date.fromordinal(int(res[0])), date.fromordinal(int(res[1]))
    except (ValueError, OverflowError):  # "7,700 years ago", or next week of an article dated 9999-12-31
        res = None
    if res is None:
        return fact
    lo, hi, gran = res
    return Fact(fact.start, fact.end, fact.text, fact.kind, lo, lo, hi, hedge=fact.hedge, granularity=gran,
                unit=fact.unit, form=fact.form, spec=fact.spec)


def parse_date(value: str | None) -> date | None:
    """A document's YYYY-MM-DD date, or None when it has none or it does not parse."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- display


def _date_text(lo: float, hi: float, gran: str) -> str:
    d = date.fromordinal(int(lo))
    if gran == "day":
        return d.isoformat()
    if gran == "month":
        return d.strftime("%Y-%m")
    if gran == "year":
        return str(d.year)
    if gran == "decade":
        return f"{d.year}s"
    return f"{d.isoformat()}..{date.fromordinal(int(hi)).isoformat()}"


def _n(v: float | None) -> str:
    if v is None:
        raise ValueError("no value to show")
    if v in (inf, -inf):
        return "inf" if v > 0 else "-inf"
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else f"{v:.6g}"


def _clock(v: float) -> str:
    return f"{int(v) // 60:02d}:{int(v) % 60:02d}"


def value_text(f: AnyFact) -> str:
    """A short readable normalised value: "2018-07-27", "7700", "[45, 55]", "1950..1953", "since 2009"."""
    if isinstance(f, Unresolved):
        spec = f.spec
        if spec and spec[0] == "md":
            return f"{spec[1]:02d}-{spec[2]:02d} (year unknown)"
        return f"{f.text} (undated)"
    flo, fhi = f.lo, f.hi
    if f.kind == FactKind.DATE:
        return _date_text(flo, fhi, f.granularity)
    if f.kind == FactKind.YEAR:
        return _date_text(flo, fhi, f.granularity)
    if f.kind == FactKind.RANGE:
        return f"{_n(flo)}..{_n(fhi)}"
    if f.kind == FactKind.SINCE:
        return f"since {_n(f.value)}"
    if f.kind == FactKind.ANNIVERSARY:
        return f"{_n(f.value)} years"
    if f.kind == FactKind.AGE:
        return f"{_n(f.value)} years old" if f.value is not None else f"aged {_n(flo)} to {_n(fhi)}"
    if f.kind in (FactKind.SCORE, FactKind.RECORD):
        return f"{int(value_of(f)) // 1000}-{int(value_of(f)) % 1000}"
    if f.kind == FactKind.TIME:
        core = _clock(value_of(f)) if flo == fhi else f"[{_clock(max(flo, 0))}, {_clock(min(fhi, 1439))}]"
        return f"{core} {f.unit.upper()}".strip()
    unit = f" {f.unit}" if f.unit and f.unit not in ("$", "%") else ""
    if f.kind == FactKind.DURATION:
        scale = DURATION_DAYS[f.unit]
        lo, hi = flo / scale, fhi / scale
        v = None if f.value is None else f.value / scale
        unit = f" {f.unit}{'' if v == 1 else 's'}"
    else:
        lo, hi, v = flo, fhi, f.value
    if f.unit == "ratio" and f.spec:
        return f"{f.spec[1]} in {f.spec[2]}"
    if f.kind == FactKind.NUMBER and f.unit in CURRENCIES:
        unit = "" if len(f.unit) == 1 else f" {f.unit}"
    pre = f.unit if f.unit in CURRENCIES and len(f.unit) == 1 else ""
    post = "%" if f.unit == "%" else ""
    if lo == hi:
        return f"{pre}{_n(v)}{post}{unit}"
    return f"[{pre}{_n(lo)}{post}, {pre}{_n(hi)}{post}]{unit}"
