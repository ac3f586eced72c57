"""Pair the numbers and dates of two aligned passages and judge whether each pair agrees.

Only values that talk about the same thing are compared (a numeric mismatch is a contradiction cue only
when both sentences describe the same event: de Marneffe et al. 2008). Pairs come, in this order of trust,
from positions mapped through the word diff, from shared context words (with a small synonym table), from
equal values, and last from being the only value of a kind on both sides; the greedy choice takes the best
scores first. Verdicts: conflict (intervals do not overlap), soft (they overlap but the stated values
differ), hedge (same value, other qualifier), equivalent (a rule says two forms mean the same), same; and
"only" for a value without a counterpart. A pairing below `MIN_CONFIDENCE` is never a conflict and is not
shown as a divergence. Imports: the standard library, viewer.core.model, worddiff and facts_extract.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from viewer.core.facts.extract import (
    HEDGES,
    TZ_HOURS,
    UNIT_DIM,
    Fact,
    extract_facts,
    parse_date,
    resolve,
    value_text,
)
from viewer.core.lexicon import CONTEXT_SENTENCE_END, CONTEXT_STOPWORDS, CONTEXT_SYNONYMS
from viewer.core.model import Divergence, Document, FactKind, FactSide, Verdict
from viewer.core.worddiff import word_diff

__all__ = ["MIN_CONFIDENCE", "Judgement", "compare_passages", "pair_divergences"]

MIN_CONFIDENCE = 0.5
_UNCHANGED = "word diff (unchanged)"

# What a number counts, by class: "10 houses" never compares with "five people".
_COUNTED = {w: cls for cls, words in {
    "person": "troop person people child children resident villager victim body remain man men woman women "
              "student worker firefighter officer civilian passenger family adult infant baby",
    "building": "house home building structure school mosque church warehouse property",
    "place": "village town city country province district island state nation area region",
    "vehicle": "truck car vehicle apparatus helicopter engine plane aircraft ship boat",
}.items() for w in words.split()}
# What happened to what was counted: the killed never compare with the injured.
_PREDICATES = {w: cls for cls, words in {
    "dead": "killed kill killing kills dead died die dies death deaths perished toll",
    "hurt": "injured injuring injure injures wounded wounding hurt injuries injury",
    "missing": "missing unaccounted",
    "homeless": "homeless displaced evacuated",
    "population": "population inhabitants town city",
    "damaged": "damaged destroyed collapsed flattened razed leveled levelled",
}.items() for w in words.split()}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_DECIMALS = re.compile(r"\d\.(\d+)")
# "killed 10 people and injured 50": a clause ends at punctuation, and (after a value) at "and" + verb
_CLAUSE_BEFORE = re.compile(r"[,;:()]|\b(?:and|but|while|whereas)\b")
_CLAUSE_AFTER = re.compile(r"[,;:()]|\b(?:but|while|whereas)\b|\band\s+(?=\w+(?:ed|ing)\b)")
_HOME_TO = re.compile(r"\bhome to\s*$")  # "home to 120,000 people": a population
# Capitalised words just before an amount name whose it is: "Charles rushed for 226 yards" and "Hillis
# added 101 yards" count different things. Demonyms and month or day names are not names.
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NOT_NAMES = frozenset(
    "American Americans British Chinese Korean Iranian Indonesian French German Japanese Russian "
    "North South East West The January February March April May June July August September October "
    "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Last Next This About "
    "More Some Officials Police".split()
)
_YEAR_IN = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True, slots=True)
class Judgement:
    """One judged pairing (or a value found in only one passage: then `a` or `b` is None)."""

    verdict: Verdict
    kind: FactKind
    a: Fact | None
    b: Fact | None
    value_a: str
    value_b: str
    rule: str
    confidence: float

    @property
    def span_a(self) -> tuple[int, int] | None:
        return self.a.span if self.a else None

    @property
    def span_b(self) -> tuple[int, int] | None:
        return self.b.span if self.b else None


# ---------------------------------------------------------------- pairing


def _group(f: Fact) -> str:
    """Facts may be compared only within one group (a date with a year, kilometres with miles)."""
    if f.kind in (FactKind.DATE, FactKind.YEAR):
        return "when"
    if f.kind == FactKind.NUMBER:
        if f.unit in UNIT_DIM:
            return "number:" + UNIT_DIM[f.unit][0]
        return "number:" + f.unit
    return f.kind


def _comparable(a: Fact, b: Fact) -> bool:
    """Same group, and for "the first X since YYYY" the same X (or one side names none)."""
    if _group(a) != _group(b):
        return False
    return a.kind != FactKind.SINCE or not a.unit or not b.unit or a.unit == b.unit


def _canon(word: str) -> str:
    w = word.lower().replace("’", "'").removesuffix("'s").removesuffix("'")
    if w in CONTEXT_SYNONYMS:
        return CONTEXT_SYNONYMS[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return CONTEXT_SYNONYMS.get(w, w)


def _content(words: list[str]) -> list[str]:
    return list(dict.fromkeys(w for w in map(_canon, words) if w not in CONTEXT_STOPWORDS and len(w) > 2))


@dataclass(frozen=True, slots=True)
class _Context:
    words: frozenset[str]  # content words around the value (canonical)
    next: str  # the first content word after it
    counted: str  # class of the thing counted ("person", "building", "place"...) or ""
    predicate: str  # what happened to it ("dead", "hurt", "missing"...) or ""
    frame: frozenset  # the years and year-relative dates before it in its sentence
    names: frozenset  # capitalised names next to it
    noun: str  # the word right after it, when one follows in the same clause ("brother")


def _sentence(text: str, f: Fact, lo: int, hi: int) -> tuple[int, int]:
    """The bounds of the sentence around `f`, within `[lo, hi)` and at most 300 characters either side."""
    ends = list(CONTEXT_SENTENCE_END.finditer(text, max(lo, f.start - 300), f.start + 1))
    left = ends[-1].end() if ends else max(lo, f.start - 300)
    end = CONTEXT_SENTENCE_END.search(text, f.end, min(hi, f.end + 300))
    return left, end.start() + 1 if end else min(hi, f.end + 300)


def _frame_key(f: Fact) -> tuple | None:
    """What a value contributes to the time frame of its sentence: a year, a year range, "last year"."""
    if f.kind == FactKind.RANGE:
        return "range", f.lo, f.hi
    if f.kind == FactKind.YEAR or (f.kind == FactKind.DATE and f.resolved and _YEAR_IN.search(f.text)):
        return "year", date.fromordinal(int(f.lo)).year
    if f.spec[:1] == ("ago",) or f.spec[:2] == ("rel", "year"):
        return f.spec
    return None


def _counted(near_after: list[str]) -> str:
    """The class of what the value counts, from the noun right after it ("10 houses": building)."""
    for w in near_after[:2]:
        if w in CONTEXT_STOPWORDS:
            break
        if cls := _COUNTED.get(_canon(w)):
            return cls
    return ""


def _predicate(head: str, near_before: list[str], near_after: list[str]) -> str:
    """What happened to what the value counts: the nearest predicate word in its clause."""
    if _HOME_TO.search(head):
        return "population"
    ranked = sorted([(d, w) for d, w in enumerate(reversed(near_before)) if w in _PREDICATES]
                    + [(d, w) for d, w in enumerate(near_after) if w in _PREDICATES])
    return _PREDICATES[ranked[0][1]] if ranked else ""


def _contexts(doc: Document, facts: list[Fact], lo: int, hi: int, width: int = 4) -> list[_Context]:
    """For each fact: the content words up to `width` either side within its sentence, never reaching
    past a neighbouring value of the same group (those words describe the neighbour); what it counts;
    what happened to it; the names before it; and the time frame of its sentence."""
    out = []
    text = doc.text
    groups = [_group(f) for f in facts]
    everything = extract_facts(doc)
    for k, f in enumerate(facts):
        s_lo, s_hi = _sentence(text, f, lo, hi)
        prev = [g.end for g, grp in zip(facts[:k], groups[:k], strict=True) if grp == groups[k]]
        nxt = [g.start for g, grp in zip(facts[k + 1 :], groups[k + 1 :], strict=True) if grp == groups[k]]
        left = max(s_lo, f.start - 80, prev[-1] if prev else s_lo)
        right = min(s_hi, f.end + 80, nxt[0] if nxt else s_hi)
        before = _content(_WORD.findall(text, left, f.start))[-width:]
        after = _content(_WORD.findall(text, f.end, right))[:width]
        # the clause around the value: "killed 10 people and injured 50" gives 50 to the injured only
        head = _CLAUSE_BEFORE.split(text[max(s_lo, f.start - 40) : f.start])[-1]
        tail = _CLAUSE_AFTER.split(text[f.end : min(s_hi, f.end + 50)])[0]
        near_before = [w.lower() for w in _WORD.findall(head)][-3:]
        near_after = [w.lower() for w in _WORD.findall(tail)][:5]
        names = frozenset(
            w for w in _NAME.findall(" ".join(_WORD.findall(text, max(s_lo, f.start - 40), f.start)[-3:]))
            if w.lower() not in CONTEXT_STOPWORDS and w not in _NOT_NAMES
        )
        # the years that set the time of the value: earlier in its sentence ("In 2004, a magnitude 9.1
        # quake"), even where the passage starts after them ("Last year, ...")
        whole = _sentence(text, f, 0, len(text))
        frame = frozenset(
            key for g in everything
            if whole[0] <= g.start < f.start and (key := _frame_key(g)) is not None
        )
        noun = _canon(near_after[0]) if near_after and tail[:1].isspace() else ""
        out.append(_Context(frozenset(before + after), after[0] if after else "", _counted(near_after),
                            _predicate(head, near_before, near_after), frame, names, noun))
    return out


def _clash(a: _Context, b: _Context, group: str) -> bool:
    """True when the two values plainly count different things: "10 houses" and "five people", the
    killed and the injured, or amounts next to different names."""
    if a.counted and b.counted and a.counted != b.counted:
        return True
    if a.predicate and b.predicate and a.predicate != b.predicate:
        return True
    if group == "age" and a.noun and b.noun and a.noun != b.noun:
        return True  # "his 18-year-old brother" and "her 44-year-old mother"
    return group.startswith("number") and bool(a.names and b.names and not a.names & b.names)


def _blocks(ops) -> list[tuple[int, int, int, int, bool]]:
    """Diff runs with consecutive inserts and deletes merged into replacement blocks."""
    out: list[tuple[int, int, int, int, bool]] = []
    for o in ops:
        equal = o.op == "equal"
        if out and not equal and not out[-1][4]:
            a0, _, b0, _, _ = out.pop()
            out.append((a0, o.a_end, b0, o.b_end, False))
        else:
            out.append((o.a_start, o.a_end, o.b_start, o.b_end, equal))
    return out


def _mapped(f: Fact, blocks) -> tuple[int, int, int] | None:
    """Where `f` lands in passage b, and how many words of changed text surround it there (0: unchanged)."""
    lo = hi = None
    changed = 0
    for a0, a1, b0, b1, equal in blocks:
        if a1 <= f.start and not (a0 == a1 == f.start):
            continue
        if a0 >= f.end and not (a0 == a1 == f.end):
            break
        if equal:
            s, e = b0 + max(f.start, a0) - a0, b0 + min(f.end, a1) - a0
        else:
            s, e = b0, b1
            changed += 1 + max(b1 - b0, a1 - a0) // 12  # a rough word count of the replaced text
        lo = s if lo is None else min(lo, s)
        hi = e if hi is None else max(hi, e)
    return None if lo is None else (lo, hi, changed)


def _diff_hits(fx: list[Fact], fy: list[Fact], blocks) -> tuple[list[list[int]], list[int]]:
    """For each fact of one passage: the comparable facts of the other where the diff maps it, and how
    much changed text surrounds it."""
    hits, changed = [], []
    for f in fx:
        where = _mapped(f, blocks)
        hits.append([] if where is None else [
            j for j, g in enumerate(fy) if _comparable(f, g) and g.start < where[1] and where[0] < g.end
        ])
        changed.append(99 if where is None else where[2])
    return hits, changed


def _candidates(
    doc_a: Document, span_a: tuple[int, int], fa: list[Fact], doc_b: Document, span_b: tuple[int, int],
    fb: list[Fact],
) -> list[tuple[float, int, int, str]]:
    """(score, index in fa, index in fb, how) for every plausible pairing."""
    out: list[tuple[float, int, int, str]] = []
    ga = [_group(f) for f in fa]
    gb = [_group(f) for f in fb]
    ctx_a = _contexts(doc_a, fa, *span_a)
    ctx_b = _contexts(doc_b, fb, *span_b)
    df_a = Counter(w for c in ctx_a for w in c.words)
    df_b = Counter(w for c in ctx_b for w in c.words)
    blocks = _blocks(word_diff(doc_a.text, span_a, doc_b.text, span_b))
    # positions mapped both ways, so that the score of a pairing does not depend on which passage is a
    hits_a, changed_a = _diff_hits(fa, fb, blocks)
    hits_b, changed_b = _diff_hits(fb, fa, [(b0, b1, a0, a1, eq) for a0, a1, b0, b1, eq in blocks])
    for i, f in enumerate(fa):
        for j in range(len(fb)):
            ca, cb = ctx_a[i], ctx_b[j]
            if not _comparable(f, fb[j]) or _clash(ca, cb, ga[i]):
                continue
            # a word that surrounds many of the values ("troops") tells little about which goes with which
            weight = sum(1 / max(df_a[w], df_b[w]) for w in ca.words & cb.words)
            sim = min(1.0, weight / (weight + 2) + (0.15 if ca.next and ca.next == cb.next else 0.0))
            equal = 0.25 if f.value is not None and f.value == fb[j].value else 0.0
            # "In 2004, a magnitude 9.1 quake" and "a 6.1 magnitude quake" are about different events
            frame = 0.5 if ca.frame != cb.frame else 1.0
            hit = j in hits_a[i] and i in hits_b[j]
            changed = max(changed_a[i], changed_b[j])
            if hit and changed == 0:
                out.append((1.0, i, j, _UNCHANGED))
            elif hit and changed <= 2 and len(hits_a[i]) == len(hits_b[j]) == 1:
                out.append((frame * 0.9, i, j, "word diff (replaced)"))
            elif ga[i] == "rank":  # ranks belong to people: only a close diff may pair them
                continue
            elif hit and changed <= 4:
                out.append((frame * min(0.95, 0.35 + 0.55 * sim + equal), i, j, "word diff and context"))
            elif weight:
                out.append((frame * min(0.95, 0.25 + 0.6 * sim + equal), i, j, "shared context words"))
            elif equal:
                out.append((frame * 0.55, i, j, "equal values"))
    # the only value of its kind on both sides: weak evidence, never enough for a conflict
    for g in set(ga):
        i, j = ga.index(g), gb.index(g) if g in gb else -1
        if (ga.count(g) == 1 and gb.count(g) == 1 and g != "rank" and _comparable(fa[i], fb[j])
                and not _clash(ctx_a[i], ctx_b[j], g)):
            out.append((0.3, i, j, "only value of its kind"))
    return out


# ---------------------------------------------------------------- verdicts


def _overlap(a: Fact, b: Fact) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def _category(f: Fact) -> str:
    return HEDGES.get(f.hedge, f.hedge)


def _base(f: Fact) -> tuple[float | None, float, float]:
    """Value and interval of a measure in its dimension's base unit (metres, kilograms...)."""
    k = UNIT_DIM[f.unit][1] if f.unit in UNIT_DIM else 1.0
    return (None if f.value is None else f.value * k), f.lo * k, f.hi * k


def _decimals(text: str) -> int:
    m = _DECIMALS.search(text)
    return len(m.group(1)) if m else 0


def _surface(f: Fact) -> str:
    return re.sub(r"\W+", "", f.text.lower())


def _numeric(a: Fact, b: Fact) -> tuple[str, str]:
    """Judgement and rule for two resolved facts of one group."""
    group = _group(a)
    if group == "range":
        if (a.lo, a.hi) == (b.lo, b.hi):
            return (Verdict.SAME, "identical range") if _surface(a) == _surface(b) else (
                Verdict.EQUIVALENT, "same range, other notation (1950-53 = 1950-1953)")
        if _overlap(a, b):
            return Verdict.SOFT, "ranges overlap"
        return Verdict.CONFLICT, "ranges do not overlap"
    if group == "since":
        if a.value == b.value:
            if a.form == b.form:
                return Verdict.SAME, "same year"
            return Verdict.EQUIVALENT, "first in N years = since the year N years before the article"
        if "in-years" in (a.form, b.form) and abs(a.value - b.value) == 1:
            return Verdict.SOFT, "N years counted from the article date is off by one"
        return Verdict.CONFLICT, "different years"
    if group == "anniversary":
        if a.value == b.value:
            return (Verdict.SAME, "same anniversary") if a.form == b.form else (
                Verdict.EQUIVALENT, "N years after = Nth anniversary")
        return Verdict.CONFLICT, "different anniversaries"
    if group == "when":
        if (a.lo, a.hi) == (b.lo, b.hi):
            return Verdict.SAME, "same date"
        if (a.lo <= b.lo and b.hi <= a.hi) or (b.lo <= a.lo and a.hi <= b.hi):
            return Verdict.HEDGE, "one date is less precise and contains the other"
        if _overlap(a, b):
            return Verdict.SOFT, "date ranges overlap"
        return Verdict.CONFLICT, "different dates"
    if group == "time" and a.unit != b.unit and a.unit and b.unit:
        shift = 60 * (TZ_HOURS.get(b.unit, 0) - TZ_HOURS.get(a.unit, 0))
        a_utc = (a.value - 60 * TZ_HOURS.get(a.unit, 0)) % 1440
        b_utc = (b.value - 60 * TZ_HOURS.get(b.unit, 0)) % 1440
        if a_utc == b_utc:
            return Verdict.EQUIVALENT, f"same time in other time zones ({shift:+.0f} min)"
        return Verdict.CONFLICT, "different times (time zones converted)"
    va, lo_a, hi_a = _base(a)
    vb, lo_b, hi_b = _base(b)
    converted = a.unit != b.unit and a.unit in UNIT_DIM and b.unit in UNIT_DIM and va and vb
    if converted and abs(va - vb) <= 0.06 * max(va, vb):
        return Verdict.EQUIVALENT, f"unit conversion ({a.unit} = {b.unit})"
    if va is None and vb is None and (lo_a, hi_a) == (lo_b, hi_b):
        return Verdict.SAME, "same range"
    if va is not None and va == vb:
        if _category(a) == _category(b):
            return Verdict.SAME, "same value"
        return Verdict.HEDGE, "same value, different qualifier"
    if va is not None and vb is not None and not a.hedge and not b.hedge and a.unit == b.unit:
        da, db = _decimals(a.text), _decimals(b.text)
        if da != db and round(a.value, min(da, db)) == round(b.value, min(da, db)):
            return Verdict.HEDGE, "same value rounded to fewer decimals"
    if lo_a <= hi_b and lo_b <= hi_a:
        if va is None or vb is None:
            return Verdict.HEDGE, "a vague amount that allows the other value"
        return Verdict.SOFT, "intervals overlap but the stated values differ"
    return Verdict.CONFLICT, "intervals do not overlap"


def _judge(a: Fact, b: Fact, date_a: date | None, date_b: date | None) -> tuple[str, str, float, Fact, Fact]:
    """Judgement, rule, confidence factor and the two facts as resolved for the comparison."""
    factor = 1.0
    note = ""
    if a.spec and a.spec == b.spec:
        return Verdict.SAME, "same relative wording", 1.0, a, b
    if not a.resolved or not b.resolved:
        if not a.resolved and not b.resolved:
            if a.spec[0] != b.spec[0] or a.spec[0] not in ("md", "m", "wd"):
                return Verdict.UNRESOLVED, "neither article is dated", 0.0, a, b
            # month and day, month, or weekday against the same: comparable without knowing the year
            same = a.spec[1] == b.spec[1] if a.spec[0] == "wd" else a.spec == b.spec
            if same:
                return Verdict.SAME, "same day (neither article dated)", 0.7, a, b
            return Verdict.CONFLICT, "different dates (neither article dated)", 0.7, a, b
        else:
            anchor = date_b if not a.resolved else date_a
            if anchor is None:
                return Verdict.UNRESOLVED, "no date to resolve against", 0.0, a, b
            a, b = resolve(a, anchor), resolve(b, anchor)
            # a month and day need only a year, and the other article's year is almost surely right
            factor = 0.95 if "md" in a.spec[:1] + b.spec[:1] else 0.8
            note = " (undated side read against the other article's date)"
        if not a.resolved or not b.resolved:
            return Verdict.UNRESOLVED, "could not be resolved", 0.0, a, b
    verdict, rule = _numeric(a, b)
    if a.kind == FactKind.TIME and bool(a.unit) != bool(b.unit):
        factor *= 0.6  # one side names a time zone, the other does not
    relative = {a.spec[:1], b.spec[:1]} & {("wd",), ("rel",)}
    if relative and date_a and date_b and abs((date_a - date_b).days) > 7:
        # "Thursday" in one article and "Tuesday" in another written a year later are different weeks
        factor *= 0.5
        note += " (the articles are more than a week apart)"
    return verdict, rule + note, factor, a, b


@lru_cache(maxsize=256)
def _stated_values(doc: Document) -> frozenset[tuple[str, float]]:
    return frozenset((_group(f), f.value) for f in extract_facts(doc) if f.value is not None)


def _both_state_both(doc_a: Document, a: Fact, doc_b: Document, b: Fact) -> bool:
    if a.value is None or b.value is None:
        return False
    g = _group(a)
    return (g, a.value) in _stated_values(doc_b) and (g, b.value) in _stated_values(doc_a)


@lru_cache(maxsize=4096)
def _compare(doc_a: Document, span_a: tuple[int, int], doc_b: Document, span_b: tuple[int, int]) -> tuple:
    fa = [f for f in extract_facts(doc_a) if f.start >= span_a[0] and f.end <= span_a[1]]
    fb = [f for f in extract_facts(doc_b) if f.start >= span_b[0] and f.end <= span_b[1]]
    date_a, date_b = parse_date(doc_a.date), parse_date(doc_b.date)
    out: list[Judgement] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    cands = _candidates(doc_a, span_a, fa, doc_b, span_b, fb) if fa and fb else []
    cands.sort(key=lambda c: (-c[0], abs(fa[c[1]].start - span_a[0] - fb[c[2]].start + span_b[0])))
    for score, i, j, how in cands:
        if i in used_a or j in used_b:
            continue
        a, b = fa[i], fb[j]
        verdict, rule, factor, ra, rb = _judge(a, b, date_a, date_b)
        if verdict == Verdict.UNRESOLVED and score < MIN_CONFIDENCE:
            continue
        used_a.add(i)
        used_b.add(j)
        if verdict.flagged and how != _UNCHANGED and _both_state_both(doc_a, a, doc_b, b):
            # each article also gives the other's value: two different things, both reported by both
            factor *= 0.5
            rule += " (each article also states the other value)"
        confidence = round(score * factor, 2)
        if verdict == Verdict.CONFLICT and confidence < MIN_CONFIDENCE:
            verdict, rule = Verdict.SOFT, rule + " (low-confidence pairing: not a conflict)"
        kind = "date" if _group(a) == "when" else a.kind
        out.append(Judgement(verdict, kind, a, b, value_text(ra), value_text(rb), f"{rule}; paired by {how}",
                           confidence))
    for i, f in enumerate(fa):
        if i not in used_a:
            out.append(Judgement(Verdict.ONLY, f.kind, f, None, value_text(f), "", "no counterpart in b",
                                 1.0))
    for j, f in enumerate(fb):
        if j not in used_b:
            out.append(Judgement(Verdict.ONLY, f.kind, None, f, "", value_text(f), "no counterpart in a",
                                 1.0))
    out.sort(key=lambda v: (v.a is None, (v.a or v.b).start))
    return tuple(out)


def compare_passages(
    doc_a: Document, span_a: tuple[int, int], doc_b: Document, span_b: tuple[int, int]
) -> list[Judgement]:
    """Every pairing of the facts of `doc_a.text[span_a]` and `doc_b.text[span_b]`, judged, plus the
    values only one side has, in the order of passage a (then b's leftovers)."""
    return list(_compare(doc_a, tuple(span_a), doc_b, tuple(span_b)))


def pair_divergences(
    doc_a: Document, span_a: tuple[int, int], doc_b: Document, span_b: tuple[int, int]
) -> tuple[Divergence, ...]:
    """The confident divergences of one aligned pair (the `shown` verdicts, confidently paired)."""
    out = []
    for v in _compare(doc_a, tuple(span_a), doc_b, tuple(span_b)):
        if v.verdict.shown and v.confidence >= MIN_CONFIDENCE:
            out.append(Divergence(
                v.kind, v.verdict,
                FactSide(v.a.start, v.a.end, v.a.text, v.value_a),
                FactSide(v.b.start, v.b.end, v.b.text, v.value_b),
                v.rule, v.confidence,
            ))
    return tuple(out)
