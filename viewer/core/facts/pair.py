"""Pair the numbers and dates of two aligned passages and judge whether each pair agrees.

Only values that talk about the same thing are compared (a numeric mismatch is a contradiction cue only
when both sentences describe the same event: de Marneffe et al. 2008). Pairs come, in this order of trust,
from positions mapped through the word diff, from shared context words (with a small synonym table), from
equal values, and last from being the only value of a kind on both sides; the greedy choice takes the best
scores first. Verdicts: conflict (intervals do not overlap), soft (they overlap but the stated values
differ), hedge (same value, other qualifier), equivalent (a rule says two forms mean the same), same; and
"only" for a value without a counterpart. A pairing below `MIN_CONFIDENCE` is never a conflict and is not
shown as a divergence. A caller judging many pairs holds the documents' `table.FactTables` and calls
`judge`; a pair reads only the facts inside its passages and within the reach of the rules around them,
each once however many pairs read it. Imports: the standard library, viewer.core (model, lexicon,
worddiff), facts (values, extract, table, quotes).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from viewer.core.facts.extract import HEDGES, TZ_ALTERNATIVES, TZ_HOURS, UNIT_DIM, extract_facts
from viewer.core.facts.quotes import Quotation, misquoted, quotations
from viewer.core.facts.table import NOT_NAMES as _NOT_NAMES
from viewer.core.facts.table import FactTable, Passage, proper_names, story
from viewer.core.facts.table import group as _group
from viewer.core.facts.values import AnyFact, Fact, Unresolved, parse_date, resolve, value_of, value_text
from viewer.core.lexicon import CONTEXT_SENTENCE_END, CONTEXT_STOPWORDS, CONTEXT_SYNONYMS
from viewer.core.model import Divergence, Document, FactKind, FactSide, Verdict
from viewer.core.worddiff import Coded, Differ, DiffOp, word_diff

Block = tuple[int, int, int, int, bool]  # a0, a1, b0, b1, equal: a run of the word diff

__all__ = ["BOUNDS", "MIN_CONFIDENCE", "SUBGROUPS", "Context", "Judgement", "compare_passages",
           "judge", "judge_pair", "judge_readings", "names_a_thing", "pair_divergences", "readings", "record",
           "stated_value", "story", "title_case"]

MIN_CONFIDENCE = 0.5
# a SOFT rule: "over 200" may be 249 rounded down, but the stated numbers differ, and news gives a hedged
# round figure where it has no exact one (a reader checks which outlet had the count)
ROUNDED = "a round figure, hedged, of the other value"
# a HEDGE rule between two values that may both hold but are not one value (the corpus's disputed facts
# keep them apart)
BOUNDS = "one value is the most, the other the least, and both may hold"
_UNCHANGED = "word diff (unchanged)"

# What a number counts, by class: "10 houses" never compares with "five people". A class holds words for
# one kind of thing, never a kind and its sorts: a house is a building, but "around 40 houses" and "more
# than 300 buildings" damaged are two counts, as "two trucks" and "three helicopters" are.
_COUNTED = {w: cls for cls, words in {
    "person": "troop person people child children resident villager victim body remain man men woman women "
              "student worker firefighter officer civilian passenger family adult infant baby",
    "dwelling": "house home dwelling",
    "building": "building structure",
    "place": "village town city country province district island state nation area region",
    # a fire engine, a fire truck and a piece of fire apparatus are one vehicle
    "truck": "truck lorry apparatus engine",
    "aircraft": "plane aircraft airplane jet",
    "boat": "ship boat vessel",
    **{w: w for w in "school mosque church warehouse property car vehicle helicopter".split()},
}.items() for w in words.split()}
# What happened to what was counted: the killed never compare with the injured.
_PREDICATES = {w: cls for cls, words in {
    "dead": "killed kill killing kills dead died die dies death deaths perished toll",
    "hurt": "injured injuring injure injures wounded wounding hurt injuries injury",
    "missing": "missing unaccounted",
    "treated": "received admitted treated hospitalised hospitalized",
    "homeless": "homeless displaced evacuated",
    "population": "population inhabitants town city",
    "damaged": "damaged",
    # flattened houses are some of the damaged ones, not another count of them
    "destroyed": "destroyed collapsed flattened razed leveled levelled",
}.items() for w in words.split()}
_ROLE_WORDS = {"dead": "dead", "hurt": "injured", "missing": "missing", "homeless": "displaced",
               "treated": "treated", "hurt-serious": "seriously injured",
               "population": "inhabitants", "damaged": "damaged", "destroyed": "destroyed"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_DECIMALS = re.compile(r"\d\.(\d+)")
# "killed 10 people and injured 50": a clause ends at punctuation, and (after a value) at "and" + verb
_CLAUSE_BEFORE = re.compile(r"[,;:()]|\b(?:and|but|while|whereas)\b")
_CLAUSE_AFTER = re.compile(r"[,;:()]|\b(?:but|while|whereas)\b|\band\s+(?=\w+(?:ed|ing)\b)")
# a relative clause after a value describes what it counts: "50 American soldiers who died in the Korean War"
DESCRIBED = re.compile(r"(?:\s+[\w’'-]+){0,4}?\s+(?:who|whom|whose|which|that)\b")
# the value counts what a noun before it is of: "the return of about 50 soldiers", "the remains of 55"
_OF_NOUN = re.compile(r"\b(?!bodies\b)[a-z]+\s+of\s*$")
_HOME_TO = re.compile(r"\bhome to\s*$")  # "home to 120,000 people": a population
# Capitalised words just before an amount name whose it is: "Charles rushed for 226 yards" and "Hillis
# added 101 yards" count different things. Demonyms and month or day names are not names.
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_YEAR_IN = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True, slots=True)
class Judgement:
    """One judged pairing (or a value found in only one passage: then `a` or `b` is None)."""

    verdict: Verdict
    kind: FactKind
    a: AnyFact | None
    b: AnyFact | None
    value_a: str
    value_b: str
    rule: str
    confidence: float
    reason: str = ""  # the verdict in plain words, for the reader
    thing: str = ""  # what the two values measure, in words ("killed", "houses damaged", "magnitude")

    @property
    def span_a(self) -> tuple[int, int] | None:
        return self.a.span if self.a else None

    @property
    def span_b(self) -> tuple[int, int] | None:
        return self.b.span if self.b else None


# ---------------------------------------------------------------- pairing


def _comparable(a: AnyFact, b: AnyFact) -> bool:
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
class Context:
    words: frozenset[str]  # content words around the value (canonical)
    next: str  # the first content word after it
    counted: str  # class of the thing counted ("person", "building", "place"...) or ""
    predicate: str  # what happened to it ("dead", "hurt", "missing"...) or ""
    frame: frozenset  # the years and year-relative dates before it in its sentence
    names: frozenset  # capitalised names next to it
    noun: str  # the word right after it, when one follows in the same clause ("brother")
    owner: frozenset = frozenset()  # the name whose amount it is: "Bandar Abbas, a city of 500,000"
    scope: frozenset = frozenset()  # where it holds: "170,000 people in the province" / "across Asia"
    when: tuple[AnyFact, ...] = ()  # the dates around it in its sentence: "In February, ... killing 612"
    pronoun: bool = False  # its sentence starts with "It"/"They": the referent is in another sentence
    shown_noun: str = ""  # the counted noun as written ("houses")
    around: frozenset = frozenset()  # every proper name of its sentence
    label: str = ""  # a year that names which thing ("the 2016 campaign"): that thing
    compound: str = ""  # a measure that names a kind ("a 200-yard game"): that kind
    period: frozenset = frozenset()  # the period it holds for ("in the game", "in a season")
    when_inside: bool = True  # its dates lie inside the passage (so the pair judges them too)
    increment: bool = False  # "another two people", "a further 10": more of them, not all of them
    past: bool = False  # set in a past year or month ("In April last year"), not in the story's own days
    current: bool = True  # its sentence names no date, or one of the days of the news ("on Tuesday")
    news_day: bool = False  # its sentence names a day of the news or a clock time ("on Monday", "at 09:10")
    each: bool = False  # an amount for each of several: "over 100 yards each"
    earlier: bool = False  # its clause sets it some time ago: "the Cleveland game two weeks ago"
    bearing: str = ""  # the direction a distance is given in: "35 miles southwest of Bandar Abbas"
    depth: bool = False  # a length that is a depth: "at a depth of 10 km", "six miles beneath the surface"
    dated_apart: bool = False  # its sentence is dated away from the article's days ("On April 20", "In 2005")


_SENTENCE_REACH = 300  # how far a sentence is read either side of a value
# A value ending right before another (a bracketed conversion: "1,150 kilometers (700 miles)") is shorter
# than this: `_reach` reads this far back from a passage's first value for it.
_LONGEST_VALUE = 200


def _sentence(text: str, span: tuple[int, int], lo: int, hi: int) -> tuple[int, int]:
    """The bounds of the sentence around the value at `span`, within `[lo, hi)` and at most 300 characters
    either side."""
    start, stop = span
    ends = list(CONTEXT_SENTENCE_END.finditer(text, max(lo, start - _SENTENCE_REACH), start + 1))
    left = ends[-1].end() if ends else max(lo, start - _SENTENCE_REACH)
    end = CONTEXT_SENTENCE_END.search(text, stop, min(hi, stop + _SENTENCE_REACH))
    return left, end.start() + 1 if end else min(hi, stop + _SENTENCE_REACH)


def _frame_key(f: AnyFact) -> tuple | None:
    """What a value contributes to the time frame of its sentence: a year, a year range, "last year"."""
    if isinstance(f, Fact) and f.kind == FactKind.RANGE:
        return "range", f.lo, f.hi
    if isinstance(f, Fact) and (f.kind == FactKind.YEAR
                                or (f.kind == FactKind.DATE and _YEAR_IN.search(f.text))):
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


def _predicate(head: str, near_before: list[str], near_after: list[str], opening: str = "") -> str:
    """What happened to what the value counts: the nearest predicate word in its clause, else the one its
    sentence asks about before it (`opening`: "Although it's unknown how many were injured, Sky News
    estimates "at least 50 people"")."""
    if _HOME_TO.search(head):
        return "population"
    if _TOLL_TO.search(head):
        return "dead"  # "bringing the confirmed death toll from the disaster to 11"
    ranked = sorted([(d, w) for d, w in enumerate(reversed(near_before)) if w in _PREDICATES]
                    + [(d, w) for d, w in enumerate(near_after) if w in _PREDICATES])
    if not ranked:
        asked = _HOW_MANY.findall(opening)
        return _PREDICATES.get(asked[-1].lower(), "") if asked else ""
    role = _PREDICATES[ranked[0][1]]
    if role == "hurt" and _SEVERITY.intersection(near_before + near_after):
        return "hurt-serious"  # "30 people seriously injured" are some of the injured
    return role


# a figure that answers the question its sentence asks first: "it's unknown how many were injured, but ..."
_HOW_MANY = re.compile(r"\bhow many(?:\s+\w+)?\s+(?:were|are|was|have been|had been)\s+(\w+)", re.I)
# "over 100 yards each", "10 points apiece": an amount for each of several, not a total
_EACH = re.compile(r"(?:\s+[a-z]+)?\s+(?:each|apiece)\b")
# a measure that names a place on a field, not an amount: "the 27-yard line" (each play has its own)
_PLACES = frozenset(["line"])
_TOLL_TO = re.compile(r"\btoll\b(?:\s+[\w'’-]+){0,5}?\s+(?:to|at|of|is|was|reached|hit)\s*$")
_INCREMENT = re.compile(r"\b(?:[Aa]nother|[Aa]n additional|[Aa] further|more than the)\s+$")
_SEVERITY = frozenset("seriously critically severely badly gravely".split())


# "It killed 612 people": the event is named in an earlier sentence
_PRONOUN_START = re.compile(r"(?:It|They|This|That)\s+(?:\w+ly\s+)?(?:killed|injured|wounded|left|caused|"
                            r"destroyed|damaged|measured|struck|hit|flattened|razed|displaced)\b")
# "in the province", "across Asia", "around the Indian Ocean", "602 miles southeast of Tehran"
_LOCATIVE = re.compile(
    r"\)?(?:\s+(?!but\b|while\b|who\b|which\b|that\b)[\w'’-]+){0,10}?\s+"
    r"(?:in|across|around|throughout|off|near|outside|(?:north|south|east|west)\w*\s+of|(?:coast|shores?)\s+of)"
    r"\s+(?:the\s+)?(?P<where>(?:[A-Za-z][\w'’-]*\s?){1,4})(?P<apposition>,\s+(?:the|a)\s+(?:\w+\s+)?\w+)?")
_PERIODS = r"\b(?:season|game|career|match|quarter|half)\b"
_LONG_PERIODS = frozenset(["season", "career"])
_PART = "(part)"  # the scope's marker of a place that is one part of a region
# a place that is one part of a region: "in Takengon, the capital of ...", "in Bener Meriah district"
_PART_WORDS = frozenset(
    "district town village regency capital county neighbourhood neighborhood".split())
_NOT_PLACES = frozenset("""game season year years week month day time total all addition wake district
    province region area island city town village state county country capital neighbouring neighboring
    nearby""".split())
# "In neighbouring Central Aceh district, 10 people were killed": a place set for the whole sentence
_LEADING_PLACE = re.compile(r"(?:In|Across|Throughout|Around)\s+(?:the\s+)?(?P<where>(?:[\w'’-]+\s){0,2}"
                            r"[A-Z][\w'’-]*(?:\s[\w'’-]+){0,2}),")
# words after a value that are not the noun it counts: verbs and particles
_NOT_NOUNS = frozenset(
    """hit hits struck strike strikes rocked rock jolted shook was were is are has have had said says say
    told reported reportedly more others other earlier later ago apiece each alone""".split()
)


_LABEL_BEFORE = re.compile(r"(?:\bthe|\bof|['’]s)\s+$", re.I)
_LABEL_AFTER = re.compile(r"[ -]([a-z][a-z-]+)")


def names_a_thing(text: str, g: AnyFact) -> bool:
    """Whether a year names which thing rather than when ("the 2004 tsunami", "the tsunami of 2004", "hit
    by 2004 tsunami"): then it sets no time for the sentences around it."""
    if g.kind != FactKind.YEAR:
        return False
    if _LABEL_BEFORE.search(text, max(0, g.start - 6), g.start):
        return True
    m = _LABEL_AFTER.match(text, g.end, g.end + 30)
    return m is not None and m.group(1) not in CONTEXT_STOPWORDS and not m.group(1).endswith(("ed", "ing"))


def title_case(sentence: str) -> bool:
    """Whether most longer words of `sentence` are capitalised, as in a headline written in title case."""
    words = [w for w in _WORD.findall(sentence) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _last_name_group(text: str, names: frozenset[str]) -> frozenset[str]:
    """The last run of proper names in `text` ("Bandar Abbas" of "from Qeshm to Bandar Abbas")."""
    run: list[str] = []
    best: list[str] = []
    for w in re.findall(r"[\w’'-]+|[^\w\s]", text):
        w = w.removesuffix("'s").removesuffix("’s")
        if w in names:
            run.append(w)
        else:
            if run:
                best, run = run, []
    return frozenset(run or best)


def _owner(text: str, f: AnyFact, s_lo: int, names: frozenset[str]) -> frozenset[str]:
    """The proper name whose amount the value is: the last name in its clause, or, when the clause is
    an apposition ("Qeshm island, home to 120,000"; "Bandar Abbas, a city of 500,000"), in the clause
    before it."""
    clauses = re.split(r"[,;:(]", text[s_lo : f.start])
    # only a name right before the value owns it ("Luck threw for 205", "Kerman province 602 miles"),
    # not the subject of a long clause ("The United States is expecting the return of about 50")
    got = _last_name_group(" ".join(clauses[-1].split()[-4:]), names)
    if not got and len(clauses) > 1 and _APPOSITION.match(clauses[-1]):
        got = _last_name_group(clauses[-2], names)
    if not got and (m := _AGENT.match(text, f.end)) and not any(
            w.endswith(("ed", "ing")) or w in _PREDICATES for w in m.group("between").split()):
        # "that last-minute 80 yard touchdown pass by the Jaguars": a noun's "by" names whose it is (not
        # a verb's: "10 people killed by the army" are the army's victims, not its amount)
        got = _last_name_group(m.group("who"), names)
    return got


_AGENT = re.compile(r"(?P<between>(?:[\s-]+[a-z][\w-]*){1,3}?)\s+by\s+(?:the\s+)?"
                    r"(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})")


def _bearing(text: str, f: AnyFact) -> str:
    """The compass direction a distance is given in ("58km (36 miles) south-west of Bandar Abbas": south-
    west; "300 kilometers (190 miles) to the north": north), or "". A distance inside the brackets of its
    conversion reads past them."""
    if f.kind != FactKind.NUMBER or UNIT_DIM.get(f.unit, ("",))[0] != "length":
        return ""
    m = _BEARING.match(text, f.end)
    return (m.group("ns") or "").lower() + (m.group("ew") or "").lower() if m else ""


_BEARING = re.compile(r"\s*(?:\)\s*)?(?:\([^()]{0,40}\)\s*)?(?:to\s+the\s+|due\s+)?"
                      r"(?=[NSEWnsew])(?P<ns>north|south)?[\s-]?(?P<ew>east|west)?(?:ward|ern)?\b", re.I)


def _is_depth(text: str, f: AnyFact, shown: AnyFact) -> bool:
    """Whether a length is a depth ("at a depth of just 10 kilometres (6.2 miles)", "six miles beneath the
    surface", "10 km deep"); `f` is the value `shown` converts when it is a bracketed conversion."""
    if shown.kind != FactKind.NUMBER or UNIT_DIM.get(shown.unit, ("",))[0] != "length":
        return False
    return bool(_DEPTH_BEFORE.search(text, max(0, f.start - 30), f.start)
                or _DEPTH_AFTER.match(text, shown.end))


_DEPTH_BEFORE = re.compile(r"\bdepths?\s+of\s+(?:just\s+|only\s+|about\s+|some\s+|around\s+|roughly\s+)?$",
                           re.I)
# (each run of spaces read by one quantifier: no backtracking over a long run)
_DEPTH_AFTER = re.compile(r"\s*(?:\)\s*)?(?:\([^()]{0,40}\)\s*)?(?:-\s*)?"
                          r"(?:deep|beneath|below|underground|under\s+the)\b", re.I)


_APPOSITION = re.compile(
    r"\s*(?:which is\s+|which has\s+)?(?:home to|(?:a|the)\s+(?:\w+\s+)?"
    r"(?:city|town|village|island|province|district|region|country|state|county|port|capital)\s+of"
    r"|with a population of|population(?: of)?|located|"
    r"about|some|roughly)\s*$", re.I)


def _scope(text: str, f: AnyFact, end: int, sentence_start: int) -> frozenset[str]:
    """The place a value holds for: the locative phrase right after it in its clause ("killed 170,000
    people in the province"), else the place that opens its sentence ("In Central Aceh district, 10
    people were killed")."""
    m = _LOCATIVE.match(text, f.end, end) or _LEADING_PLACE.match(text, sentence_start, f.start)
    if not m:
        return frozenset()
    written = [w.lower() for w in _WORD.findall(m.group(0)[m.start("where") - m.start():])]
    part = bool(_PART_WORDS.intersection(written))
    words = [_canon(w) for w in _WORD.findall(m.group("where"))]
    words = [w for w in words if w not in CONTEXT_STOPWORDS and w not in _NOT_PLACES and not w.endswith("ed")]
    return frozenset(words[:3] + ([_PART] if part and words else []))


def _noun(near_after: list[str], tail: str, f: AnyFact) -> str:
    """The noun a value counts or measures: the head of the words right after it ("10 houses", "a
    73-yard drive", "7,700 US military personnel"), or after "of" ("30 percent of all imports"); ""
    when a verb or nothing follows."""
    words = list(near_after)
    if words[:1] == ["of"] and f.unit in ("%", "ratio"):
        words = [w for w in words[1:] if w not in ("all", "the", "its", "their", "his", "her")]
    elif not tail[:1].isspace():
        return ""
    run = []
    for w in words[:3]:
        if w in CONTEXT_STOPWORDS or w in _PREDICATES or w in _NOT_NOUNS or w.endswith(("ed", "ing", "ly")):
            break
        run.append(w)
    # the head is the last word ("US military personnel"), unless a counted noun comes first ("remains
    # ready to transfer")
    counted = [w for w in run if _canon(w) in _COUNTED]
    return _canon((counted or run)[-1 if not counted else 0]) if run else ""


def _shown_noun(noun: str, near_after: list[str], f: AnyFact) -> str:
    """The counted noun as the text writes it ("houses" rather than the canonical "house"): the last of the
    first run of words that name it ("soldiers" of "50 American soldiers"), without a possessive ("55
    troops’ remains")."""
    if not noun:
        return ""
    shown = ""
    for w in near_after:
        if _canon(w) == noun:
            shown = w
        elif shown:
            break
    return re.sub(r"['’]s?$", "", shown) or noun


def _contexts(doc: Document, facts: list[AnyFact], lo: int, hi: int, everything: Sequence[AnyFact],
              proper: frozenset[str], width: int = 4) -> list[Context]:
    """For each fact of `doc.text[lo:hi]`: the content words up to `width` either side within its
    sentence, never reaching past a neighbouring value of the same group (those words describe the
    neighbour); what it counts; what happened to it; the names before it; and the time frame of its
    sentence. `everything`: the document's facts, in text order, that start in the `_reach` of `facts` (or
    more); `proper`: the document's proper names."""
    out = []
    text = doc.text
    published = parse_date(doc.date)
    groups = [_group(f) for f in facts]
    for k, f in enumerate(facts):
        s_lo, s_hi = _sentence(text, f.span, lo, hi)
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
        # what happened to them may come later in the clause: "Five people had so far been confirmed dead"
        clause_after = [w.lower() for w in _WORD.findall(
            _CLAUSE_AFTER.split(text[f.end : min(s_hi, f.end + 80)])[0])][:8]
        described = DESCRIBED.match(text, f.end, s_hi)
        if described and _OF_NOUN.search(head):
            # "the return of about 50 American soldiers who died in the Korean War": the sentence tells of
            # their return; the clause that describes them gives no toll ("the bodies of 10 people who died
            # in the quake" and "10 people who died" still do)
            clause_after = clause_after[: len(_WORD.findall(text, f.end, described.end())) - 1]
        # the years that set the time of the value: earlier in its sentence ("In 2004, a magnitude 9.1
        # quake"), even where the passage starts after them ("Last year, ...")
        whole = _sentence(text, f.span, 0, len(text))
        # in a headline written in title case ("Quake Strikes Aceh Province Killing One") every word looks
        # like a name: none is taken for one
        titled = title_case(text[whole[0] : whole[1]])
        names = frozenset() if titled else frozenset(
            w for w in _NAME.findall(" ".join(_WORD.findall(text, max(s_lo, f.start - 40), f.start)[-3:]))
            if w.lower() not in CONTEXT_STOPWORDS and w not in _NOT_NAMES
        )
        frame = frozenset(
            key for g in everything
            if whole[0] <= g.start < f.start and (key := _frame_key(g)) is not None
        )
        f_owner = f
        if f.form == "none":  # "no casualties": the counted words are inside the value
            inside = [w.lower() for w in _WORD.findall(f.text)][1:]
            near_after, clause_after = inside + near_after, inside + clause_after
        noun = _noun(near_after, tail, f)
        # where the value's own clause ends: at the next value ("five people were injured and 10 houses
        # were damaged in Takengon": Takengon is where the houses are)
        clause_end = min(whole[1], f.end + 120)
        around = [
            g for g in everything
            if g is not f and _group(g) == "when" and g.kind != "range"
            and (whole[0] <= g.start < f.start or f.end <= g.start < f.end + len(tail))
        ] if groups[k] != "when" else []
        in_sentence = [g for g in everything if g is not f and _group(g) in ("when", "time")
                       and whole[0] <= g.start < whole[1]]
        dated = bool(in_sentence)
        recent = any(g.kind == FactKind.TIME or _recent(g) for g in in_sentence)
        if not dated and groups[k] != "when" and whole[0] > 0:
            # a background paragraph: "In April last year an 8.6-magnitude quake struck ... Five people
            # died": a sentence with no date of its own is set in the past year or month the sentence
            # before names
            previous = _sentence(text, (whole[0] - 2, whole[0] - 1), 0, whole[0])
            around = [g for g in everything if previous[0] <= g.start < whole[0] and _group(g) == "when"
                      and g.kind != "range" and _coarse(g) and not names_a_thing(text, g)]
        when = tuple(around)
        when_inside = all(lo <= g.start and g.end <= hi for g in around)
        pronoun = bool(_PRONOUN_START.match(text, whole[0])) and not _last_name_group(
            text[whole[0] : f.start], proper)
        year_label = f.kind == "year" and f.granularity == "year" and text[f.end : f.end + 1] == " "
        label = noun if year_label else ""
        kind_of = f.kind == "number" and f.unit in UNIT_DIM and re.search(r"\d-[a-z]", f.text)
        compound = noun if kind_of else ""
        period = frozenset(re.findall(_PERIODS, head.lower() + " " + tail.lower()))
        # "the Cleveland game two weeks ago": a time ago in the value's sentence before it or in its own
        # clause sets it in an earlier event
        clause = _CLAUSE_AFTER.split(text[f.end : whole[1]])[0]
        earlier = any(g.spec[:1] == ("ago",) and (whole[0] <= g.start < f.start or f.end <= g.start < f.end
                                                  + len(clause)) for g in everything)
        if text[max(0, f.start - 1) : f.start] == "(":
            # "1, 150 kilometers (700 miles)": a conversion shares the context of the value it converts
            converted = [g for g in everything if 0 <= f.start - g.end <= 3]
            if converted:
                f_owner = converted[-1]
        # a measure ("55 kilometers from the town") is no count of the killed, the injured or a town's people
        measure = f.kind == FactKind.NUMBER and f.unit in UNIT_DIM
        out.append(Context(frozenset(before + after), after[0] if after else "", _counted(near_after),
                            "" if measure else _predicate(head, near_before, clause_after,
                                                          text[whole[0] : f.start]), frame,
                            names, noun,
                            frozenset() if titled else _owner(text, f_owner, whole[0], proper),
                            _scope(text, f, clause_end, whole[0]), when,
                            pronoun,
                            _shown_noun(noun, near_after, f),
                            frozenset(re.findall(r"[\w’'-]+", text[whole[0] : whole[1]])) & proper,
                            label, compound, period, when_inside,
                            bool(_INCREMENT.search(text, max(0, f.start - 20), f.start)),
                            any(_past(item, published) for item in when), not dated or recent, recent,
                            bool(_EACH.match(text, f.end, whole[1])), earlier, _bearing(text, f),
                            _is_depth(text, f_owner, f),
                            not recent and any(_dated_apart(item, published) for item in when)))
    return out


def _precision(f: AnyFact) -> str:
    """How precise a date is: day, week, month, year or decade (a weekday or a month and day: a day)."""
    if f.granularity:
        return f.granularity
    head = f.spec[:1]
    if head in (("wd",), ("md",)):
        return "day"
    if head == ("m",):
        return "month"
    if head == ("rel",) and len(f.spec) > 1:
        return str(f.spec[1])
    return "year" if head == ("ago",) else ""


def _recent(g: AnyFact) -> bool:
    """A weekday, "today", "yesterday", "this week": the days around the article's own news."""
    return g.spec[:1] == ("wd",) or (g.spec[:1] == ("rel",) and g.spec[1] in ("day", "week"))


def _coarse(g: AnyFact) -> bool:
    """A month, a year, "last year", "two years ago": a time named by something coarser than a day."""
    spec = g.spec
    if spec[:1] in (("m",), ("ago",)) or (spec[:1] == ("rel",) and spec[1] in ("month", "year")):
        return True
    return not spec and isinstance(g, Fact) and g.hi - g.lo >= 27


def _past(g: AnyFact, published: date | None) -> bool:
    """A year or a month before the article's own ("last year", "in 2004", "In April" of an older year):
    the time of background, not of the news."""
    spec = g.spec
    if spec[:1] == ("ago",) or (spec[:1] == ("rel",) and spec[1] in ("month", "year") and spec[2] < 0):
        return True
    if not _coarse(g) or not isinstance(g, Fact):
        return False
    return published is None or g.hi < published.toordinal() - 31


def _dated_apart(g: AnyFact, published: date | None) -> bool:
    """A date away from the article's own days: a year or a month before it (`_past`), or a month and day
    more than a week from it (the wire style for a date beyond a week; the story's own days go by the
    weekday). Without the article's date, any month and day, month or year."""
    if published is None:
        return _coarse(g) or g.spec[:1] == ("md",)
    if g.spec[:1] == ("md",):
        return not isinstance(g, Fact) or abs(g.lo - published.toordinal()) > 7
    return _past(g, published)


def _compatible(x: AnyFact, y: AnyFact) -> bool:
    """Whether two dates around values may name the same time (unknown counts as may)."""
    sx, sy = x.spec, y.spec
    if sx and sx == sy:
        return True
    if isinstance(x, Fact) and isinstance(y, Fact):
        return x.lo <= y.hi and y.lo <= x.hi
    if sx[:1] == sy[:1] and sx[:1] in (("wd",), ("md",), ("m",)):
        return sx[1:3] == sy[1:3] if sx[0] == "md" else sx[1] == sy[1]
    return not ((_recent(x) and _coarse(y)) or (_coarse(x) and _recent(y)))


def _news_day_against_past(a: AnyFact, b: AnyFact, published_a: date | None,
                           published_b: date | None) -> bool:
    """One date is a day of the news ("on Tuesday", "yesterday"), the other a year or month long past
    ("in 2015"): two events, not two accounts of one."""
    return (_recent(a) and _past(b, published_b)) or (_recent(b) and _past(a, published_a))


def _dates_differ(a: tuple[AnyFact, ...], b: tuple[AnyFact, ...]) -> bool:
    """Both values sit among dates, and none of one side's may name the time of the other's: "In
    February, ... killing 612" and "on Sunday, killing at least 10" are two events."""
    return bool(a and b) and not any(_compatible(x, y) for x in a for y in b)


def _different(a: Context, b: Context, group: str, same_slot: bool = False) -> str:
    """Why the two values plainly measure different things ("" when nothing says so): "10 houses" and
    "five people", the killed and the injured, different names, places or dates around them."""
    if a.counted and b.counted and a.counted != b.counted:
        return "they count different things"
    if a.predicate and b.predicate and a.predicate != b.predicate:
        return f"one counts the {_ROLE_WORDS.get(a.predicate, a.predicate)}, the other the " \
               f"{_ROLE_WORDS.get(b.predicate, b.predicate)}"
    if a.noun and b.noun and not _same_noun(a.noun, b.noun):
        return f"they count different things ({a.noun} / {b.noun})"
    if a.increment != b.increment:
        return "one counts more of them (“another two”), the other all of them"
    if group == "age" and a.noun != b.noun:
        # "his 18-year-old brother" and "her 44-year-old mother"; "an under-14-year-old" (anyone)
        return "they are the ages of different people"
    if group.startswith("number") and a.names and b.names and not a.names & b.names:
        return "they belong to different people or places"
    if group.startswith("number") and a.owner and b.owner and not a.owner & b.owner:
        return f"they belong to different places or people ({' '.join(sorted(a.owner))} / " \
               f"{' '.join(sorted(b.owner))})"
    if a.scope - {_PART} and b.scope - {_PART} and not (a.scope & b.scope) - {_PART}:
        return "they hold for different places"
    if (_PART in a.scope) != (_PART in b.scope):
        return "one of them counts a single district or town only"
    if a.depth != b.depth:
        return "one is a depth, the other a distance"
    if a.bearing and b.bearing and a.bearing != b.bearing:
        return "they are distances in different directions, so from or to different places"
    if a.each != b.each:
        return "one is an amount for each of several (“100 yards each”), the other a total"
    if a.earlier != b.earlier:
        return "one is set some time ago (“two weeks ago”), the other not: two events"
    if _PLACES & {a.compound, b.compound}:
        return "a yard line is a place on the field, not an amount: each play has its own"
    if a.label != b.label:
        return "one names which thing it is (“the 2016 campaign”), the other when something happened"
    if a.compound != b.compound:
        return "one names a kind of thing (“a 200-yard game”), the other an amount"
    if a.period and b.period and not a.period & b.period:
        return "they hold for different periods (a game, a season)"
    if (a.period & _LONG_PERIODS and any(map(_recent, b.when))) or (
            b.period & _LONG_PERIODS and any(map(_recent, a.when))):
        return "one holds for a season or a career, the other for one day"
    if any(_background(x) and y.news_day and not _background(y) for x, y in ((a, b), (b, a))):
        # even in one restated slot: "In February, a quake measuring 6.4" / "a quake measuring 3.8 ... on
        # Monday" tell of two quakes
        return "one is set in a past year or month, the other on a day of the news"
    if any(x.dated_apart and y.current and not y.news_day and not y.when and not y.past
           for x, y in ((a, b), (b, a))):
        # even in one restated slot: "In February, a quake ... hit Zarand, killing 612" / "A 5.9 magnitude
        # earthquake has leveled seven villages ..., killing 10"; "On April 20, a 6.4-magnitude earthquake
        # jolted Indonesia's Maluku" / "6.1-magnitude earthquake hits Indonesia's Aceh". A sentence that
        # names no date tells of the story's own event; news times another by its year, its month, or
        # (the wire style for anything over a week away) its month and day, and its own by the weekday
        return "one is set on a date of its own, the other names none: likely two events"
    if not same_slot and ((a.past and b.current and not b.past) or (b.past and a.current and not a.past)):
        # ("Last year, a 6.4-magnitude quake" / "A 6.1-magnitude earthquake ... on Tuesday")
        return "one is set in a past year or month, the other in the days of the story"
    if not (same_slot and a.when_inside and b.when_inside) and _dates_differ(a.when, b.when):
        # (a value in an unchanged stretch of a restated sentence keeps its event when the dates around it are
        # in the parallel too: then they are judged themselves, "Voters in 2009" / "in 2010")
        return "they sit among different dates, so likely different events"
    if a.pronoun != b.pronoun:
        return "what one of them refers to is in another sentence"
    return ""


def _background(c: Context) -> bool:
    """Set in a past year or month, or in a month named without a day ("In February, a quake measuring 6.4
    hit Zarand"): news names the days of its own event, a month alone times an earlier one."""
    return c.past or any(map(_coarse, c.when))


def _clash(a: Context, b: Context, group: str) -> bool:
    return bool(_different(a, b, group))


# Nouns of one class count the same things ("10 persons" / "10 people"; "troops" / "remains"), except a
# subgroup: "six children" are some of the people killed, not another count of them.
SUBGROUPS = frozenset(_canon(w) for w in """child children boy boys girl girls woman women student students
    infant infants baby babies tourist tourists foreigner foreigners passenger passengers miner miners
    worker workers firefighter firefighters officer officers man men""".split())


_ANYONE = frozenset(["people", "person"])


def _same_noun(a: str, b: str) -> bool:
    if a == b:
        return True
    if a in SUBGROUPS or b in SUBGROUPS:
        return False
    return bool(_COUNTED.get(a)) and _COUNTED.get(a) == _COUNTED.get(b)


def _established(a: Context, b: Context, fa: AnyFact) -> bool:
    """Whether something says what both values measure: the same role (killed, injured), the same
    counted noun, or a unit that is itself the referent (a magnitude, a percentage of the same thing)."""
    if fa.unit in ("%", "ratio") and bool(a.noun) != bool(b.noun):
        return False  # "40 percent of the buildings" / "destroyed 100 percent": shares of what?
    if a.predicate and a.predicate == b.predicate:
        return True
    if bool(a.predicate) != bool(b.predicate) and {a.noun, b.noun} & _ANYONE:
        return False  # "Five people ... dead" / "at least 50 people": people, but what happened to them?
    if a.noun and b.noun and _same_noun(a.noun, b.noun):
        return True
    if a.counted and a.counted == b.counted and (a.noun or b.noun):
        return True
    return fa.kind != "number" or fa.unit not in ("", "%", "ratio")


def _blocks(ops: Sequence[DiffOp]) -> list[Block]:
    """Diff runs with consecutive inserts and deletes merged into replacement blocks."""
    out: list[Block] = []
    for o in ops:
        equal = o.op == "equal"
        if out and not equal and not out[-1][4]:
            a0, _, b0, _, _ = out.pop()
            out.append((a0, o.a_end, b0, o.b_end, False))
        else:
            out.append((o.a_start, o.a_end, o.b_start, o.b_end, equal))
    return out


def _mapped(f: AnyFact, blocks: Sequence[Block]) -> tuple[int, int, int] | None:
    """Where `f` lands in passage b, and how many words of changed text surround it there (0: unchanged)."""
    lo: int | None = None
    hi: int | None = None
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
    return None if lo is None or hi is None else (lo, hi, changed)  # (set together)


def _diff_hits(fx: list[AnyFact], fy: list[AnyFact], blocks: Sequence[Block]
               ) -> tuple[list[list[int]], list[int]]:
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
    diff: Callable[[], Sequence[DiffOp]], fa: list[AnyFact], ctx_a: list[Context], fb: list[AnyFact],
    ctx_b: list[Context],
) -> list[tuple[float, int, int, str, bool]]:
    """(score, index in fa, index in fb, how, established) for every plausible pairing of the facts of
    two passages (with their contexts and their word diff, `diff()`), where `established` says that
    something shows both values measure the same thing.

    The diff is computed only when a pairing needs it: when two values plainly measure different things
    even in one restated slot (`_different` with `same_slot`, which finds fewer reasons than without),
    where the diff maps them does not matter (at 1,000 dense articles, one compared pair in eight has
    no other pairing; the word diff was a quarter of judging)."""
    out: list[tuple[float, int, int, str, bool]] = []
    ga = [_group(f) for f in fa]
    gb = [_group(f) for f in fb]
    df_a = Counter(w for c in ctx_a for w in c.words)
    df_b = Counter(w for c in ctx_b for w in c.words)
    mapped: list[tuple[list[list[int]], list[int], list[list[int]], list[int]]] = []
    for i, f in enumerate(fa):
        for j in range(len(fb)):
            ca, cb = ctx_a[i], ctx_b[j]
            if not _comparable(f, fb[j]) or _different(ca, cb, ga[i], True):
                continue
            if not mapped:
                blocks = _blocks(diff())
                # positions mapped both ways, so that the score of a pairing does not depend on which
                # passage is a
                mapped.append((*_diff_hits(fa, fb, blocks),
                               *_diff_hits(fb, fa, [(b0, b1, a0, a1, eq) for a0, a1, b0, b1, eq in blocks])))
            hits_a, changed_a, hits_b, changed_b = mapped[0]
            hit = j in hits_a[i] and i in hits_b[j]
            changed = max(changed_a[i], changed_b[j])
            if not (hit and changed == 0) and _different(ca, cb, ga[i]):
                continue
            # a word that surrounds many of the values ("troops") tells little about which goes with which
            weight = sum(1 / max(df_a[w], df_b[w]) for w in ca.words & cb.words)
            sim = min(1.0, weight / (weight + 2) + (0.15 if ca.next and ca.next == cb.next else 0.0))
            equal = 0.25 if f.value is not None and f.value == fb[j].value else 0.0
            # "In 2004, a magnitude 9.1 quake" and "a 6.1 magnitude quake" are about different events
            # (when only one side names the year, the rules on dates above have had their say)
            frame = 0.5 if ca.frame and cb.frame and ca.frame != cb.frame else 1.0
            known = _established(ca, cb, f)
            both_news_days = _recent(f) and _recent(fb[j])
            if ga[i] == "when" and len(ca.words & cb.words) < (1 if both_news_days else 2):
                # a date is the time of an event: two sentences sharing a word or none ("Trump said Tuesday"
                # / "he said on July 26, 2015") need not tell of one event; a restated slot or more
                # shared context does
                known = False
            if ga[i] == "when" and not (hit and changed <= 2) and _precision(f) != _precision(fb[j]):
                # "headed north in March" / "walk together Sunday", "a protest last year" / "the visit on
                # 13 July": a date restated keeps its precision or sits where the diff maps it; a day set
                # against a month or a year by context words alone times two events
                known = False
            # "reported Tuesday" / "On Tuesday, ... reported": one weekday, dated or not, before other dates
            same_weekday = ga[i] == "when" and f.spec[:1] == ("wd",) and f.spec[:2] == fb[j].spec[:2]
            # the same role named on both sides ("killing at least five" / "killed at least one") is
            # evidence of its own that the two values are one figure
            role = 0.2 if ca.predicate and ca.predicate == cb.predicate else 0.0
            if hit and changed == 0:
                out.append((1.0, i, j, _UNCHANGED, True))
            elif hit and changed <= 2 and len(hits_a[i]) == len(hits_b[j]) == 1:
                # the same slot of one sentence restated: it measures the same thing
                out.append((frame * 0.9, i, j, "word diff (replaced)", True))
            elif ga[i] == "rank":  # ranks belong to people: only a close diff may pair them
                continue
            elif hit and changed <= 4:
                score = frame * min(0.95, 0.35 + 0.55 * sim + equal + role)
                out.append((score, i, j, "word diff and context",
                            known))
            elif same_weekday:
                out.append((frame * 0.7, i, j, "the same weekday", True))
            elif weight:
                out.append((frame * min(0.95, 0.25 + 0.6 * sim + equal + role), i, j, "shared context words",
                            known))
            elif ca.predicate and ca.predicate == cb.predicate:
                # "wounding other 70" / "injuring 80": the same role is enough to pair, if nothing clashes
                out.append((frame * 0.6, i, j, "same role", known))
            elif equal:
                out.append((frame * 0.55, i, j, "equal values", known))
    # the only value of its kind on both sides: weak evidence, never enough for a conflict
    for g in set(ga):
        i, j = ga.index(g), gb.index(g) if g in gb else -1
        if (ga.count(g) == 1 and gb.count(g) == 1 and g != "rank" and _comparable(fa[i], fb[j])
                and not _clash(ctx_a[i], ctx_b[j], g)):
            out.append((0.3, i, j, "only value of its kind", False))
    return out


# ---------------------------------------------------------------- verdicts


def _overlap(a: Fact, b: Fact) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def _category(f: AnyFact) -> str:
    return HEDGES.get(f.hedge, f.hedge)


def _base(f: Fact) -> tuple[float | None, float, float]:
    """Value and interval of a measure in its dimension's base unit (metres, kilograms...)."""
    k = UNIT_DIM[f.unit][1] if f.unit in UNIT_DIM else 1.0
    return (None if f.value is None else f.value * k), f.lo * k, f.hi * k


def _decimals(text: str) -> int:
    m = _DECIMALS.search(text)
    return len(m.group(1)) if m else 0


def _surface(f: AnyFact) -> str:
    return re.sub(r"\W+", "", f.text.lower())


def _offsets(zone: str) -> tuple[int, ...]:
    """The hours a time zone may be from UTC ("ET": EDT or EST)."""
    return TZ_ALTERNATIVES.get(zone) or (TZ_HOURS.get(zone, 0),)


def _scale(f: Fact) -> float:
    """The unit a figure is rounded to: 100 for "more than 200", 12 for "two dozen", 0.1 for "6.1"."""
    if "dozen" in f.text.lower():
        return 12.0
    v = value_of(f)
    if v != int(v):
        return 10.0 ** -_decimals(f.text)
    n, scale = int(v), 1
    while n and n % 10 == 0:
        n, scale = n // 10, scale * 10
    return float(scale)


def _rounds_to(r: Fact, x: Fact) -> bool:
    """Whether the hedged figure `r` is the exact figure `x` rounded as news rounds it, to the round figure
    `r` states: "about" the nearest, "more than" or "at least" the one below, "nearly" or "fewer than" the
    one above: "more than a hundred yards" / "101 yards", "over 200" / "249", "more than two dozen" / "31".
    ("at least three" / "10" is no rounding but two counts; "about 50" / "55" neither.)"""
    category = _category(r)
    if x.hedge or r.value is None or x.value is None or category not in _ROUNDING:
        return False
    scale = _scale(r)
    q = round(x.value / scale, 9)
    down = category in ("more", "atleast")
    step = math.floor(q + 0.5) if category == "approx" else math.floor(q) if down else math.ceil(q)
    return abs(step * scale - r.value) < scale * 1e-6


_ROUNDING = frozenset(["approx", "nearly", "more", "atleast", "less"])
_ROUNDING_REACH = 0.25  # how far from each other a round figure and the one it rounds may be, of the larger
_OPPOSITE_BOUNDS = [{c, d} for c in ("upto", "less") for d in ("more", "atleast")]


def _numeric(a: Fact, b: Fact) -> tuple[Verdict, str]:
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
        if "in-years" in (a.form, b.form) and abs(value_of(a) - value_of(b)) == 1:
            return Verdict.SOFT, "N years counted from the article date is off by one"
        return Verdict.CONFLICT, "different years"
    if group == "anniversary":
        if a.value == b.value:
            return (Verdict.SAME, "same anniversary") if a.form == b.form else (
                Verdict.EQUIVALENT, "N years after = Nth anniversary")
        return Verdict.CONFLICT, "different anniversaries"
    if group == "when":
        (lo_a, hi_a), (lo_b, hi_b) = (a.lo, a.hi), (b.lo, b.hi)
        if (lo_a, hi_a) == (lo_b, hi_b):
            return Verdict.SAME, "same date"
        if (lo_a <= lo_b and hi_b <= hi_a) or (lo_b <= lo_a and hi_a <= hi_b):
            return Verdict.HEDGE, "one date is less precise and contains the other"
        if _overlap(a, b):
            return Verdict.SOFT, "date ranges overlap"
        return Verdict.CONFLICT, "different dates"
    if group == "time" and "local" in (a.unit, b.unit) and a.unit != b.unit and a.unit and b.unit:
        if a.value == b.value and {a.unit, b.unit} & {"gmt", "utc"}:
            # "7:37 AM local time" / "0737 GMT": the same clock twice, one of them wrong unless the place
            # keeps GMT
            return Verdict.SOFT, "the same clock time given as local time and as GMT"
        return Verdict.UNRESOLVED, "a local time against a zone the place may not keep"
    if group == "time" and a.value != b.value and bool(a.unit) != bool(b.unit):
        # "4.30am" (local) and "11.30 p.m. ET": without the local zone nothing says they differ
        return Verdict.UNRESOLVED, "one time names its zone, the other does not"
    if group == "time" and a.unit != b.unit and a.unit and b.unit:
        a_utc = {(value_of(a) - 60 * h) % 1440 for h in _offsets(a.unit)}
        b_utc = {(value_of(b) - 60 * h) % 1440 for h in _offsets(b.unit)}
        if a_utc & b_utc:
            return Verdict.EQUIVALENT, "same time in other time zones"
        return Verdict.CONFLICT, "different times (time zones converted)"
    va, lo_a, hi_a = _base(a)
    vb, lo_b, hi_b = _base(b)
    if a.unit == b.unit == "magnitude" and va is not None and vb is not None and abs(va - vb) >= 1:
        # agencies read one quake within tenths (5.9 / 6.1); "a quake measuring 3.8 ... on Monday" in a
        # story of a 6.1 is another quake, an aftershock
        return Verdict.UNRESOLVED, "magnitudes a whole point apart are two quakes, not two readings of one"
    converted = a.unit != b.unit and a.unit in UNIT_DIM and b.unit in UNIT_DIM and va and vb
    if converted and va and vb and abs(va - vb) <= 0.06 * max(va, vb):  # (`converted` implies both)
        return Verdict.EQUIVALENT, f"unit conversion ({a.unit} = {b.unit})"
    if va is None and vb is None and (lo_a, hi_a) == (lo_b, hi_b):
        return Verdict.SAME, "same range"
    if va is not None and va == vb:
        if _category(a) == _category(b):
            return Verdict.SAME, "same value"
        return Verdict.HEDGE, "same value, different qualifier"
    if va is not None and vb is not None and not a.hedge and not b.hedge and a.unit == b.unit:
        da, db = _decimals(a.text), _decimals(b.text)
        if da != db and round(value_of(a), min(da, db)) == round(value_of(b), min(da, db)):
            return Verdict.HEDGE, "same value rounded to fewer decimals"
    if lo_a <= hi_b and lo_b <= hi_a and (va is None or vb is None):
        return Verdict.HEDGE, "a vague amount that allows the other value"
    overlap = lo_a <= hi_b and lo_b <= hi_a
    if (va is not None and vb is not None and a.unit == b.unit and (_rounds_to(a, b) or _rounds_to(b, a))
            and (overlap or abs(va - vb) <= _ROUNDING_REACH * max(va, vb))):
        # even a little outside the hedge's margin: "about 100,000" is how news writes 120,000 rounded, but
        # not 51,000, nor "nearly 1,000" 10
        return Verdict.SOFT, ROUNDED
    if overlap:
        if {_category(a), _category(b)} in _OPPOSITE_BOUNDS:
            # "up to 119 years" / "at least 45 years": the most and the least, and both may hold
            return Verdict.HEDGE, BOUNDS
        return Verdict.SOFT, "intervals overlap but the stated values differ"
    if "vague" in (a.form, b.form):
        # "dozens" is not a figure a source vouches for: set against "over 200" it is no dispute
        return Verdict.UNRESOLVED, "a vague amount against a figure"
    return Verdict.CONFLICT, "intervals do not overlap"


def _judge(
    a: AnyFact, b: AnyFact, date_a: date | None, date_b: date | None
) -> tuple[Verdict, str, float, AnyFact, AnyFact]:
    """Judgement, rule, confidence factor and the two facts as resolved for the comparison."""
    factor = 1.0
    note = ""
    if a.spec and a.spec == b.spec:
        return Verdict.SAME, "same relative wording", 1.0, a, b
    if isinstance(a, Unresolved) or isinstance(b, Unresolved):
        if isinstance(a, Unresolved) and isinstance(b, Unresolved):
            if a.spec[0] != b.spec[0] or a.spec[0] not in ("md", "m", "wd"):
                return Verdict.UNRESOLVED, "neither article is dated", 0.0, a, b
            # month and day, month, or weekday against the same: comparable without knowing the year
            same = a.spec[1] == b.spec[1] if a.spec[0] == "wd" else a.spec == b.spec
            if same:
                return Verdict.SAME, "same day (neither article dated)", 0.7, a, b
            return Verdict.CONFLICT, "different dates (neither article dated)", 0.7, a, b
        else:
            anchor = date_b if isinstance(a, Unresolved) else date_a
            if anchor is None:
                return Verdict.UNRESOLVED, "no date to resolve against", 0.0, a, b
            a, b = resolve(a, anchor), resolve(b, anchor)
            # a month and day need only a year, and the other article's year is almost surely right
            factor = 0.95 if "md" in a.spec[:1] + b.spec[:1] else 0.8
            note = " (undated side read against the other article's date)"
    if isinstance(a, Unresolved) or isinstance(b, Unresolved):
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


def _other_year_named(ta: FactTable, a: AnyFact, tb: FactTable, b: AnyFact) -> bool:
    """Two years or months of different years ("in 2008" / "in 2006") one of whose articles also names the
    other's year (alone or in a date: "April 2008")."""
    if not (isinstance(a, Fact) and isinstance(b, Fact)):
        return False
    if {a.granularity, b.granularity} - {"year", "month"}:
        return False
    ya, yb = date.fromordinal(int(a.lo)).year, date.fromordinal(int(b.lo)).year
    return ya != yb and (ya in tb.years or yb in ta.years)


def _both_state_both(ta: FactTable, a: AnyFact, tb: FactTable, b: AnyFact) -> bool:
    if a.value is None or b.value is None:
        return False
    g = _group(a)
    return tb.states(g, a.value) and ta.states(g, b.value)


def _thing(ca: Context, cb: Context, a: AnyFact) -> str:
    """What a pair of values measures, in words: "killed", "houses damaged", "magnitude", "date"."""
    if _group(a) == "when":
        return "date"
    if a.unit in _UNIT_THINGS:
        return _UNIT_THINGS[a.unit]
    if a.unit in UNIT_DIM:
        dimension = UNIT_DIM[a.unit][0]
        return "depth" if ca.depth and cb.depth else _DIMENSION_THINGS.get(dimension, dimension)
    for c in (ca, cb):
        if c.predicate:
            role = _ROLE_VERBS.get(c.predicate, c.predicate)
            damage = c.predicate in ("damaged", "destroyed")
            return f"{c.shown_noun} {role}" if damage and c.shown_noun else role
    for c in (ca, cb):
        if c.shown_noun:
            return c.shown_noun
    if _group(a) == "when":
        return "date"
    if a.unit in UNIT_DIM:
        return a.unit + "s"
    return a.kind if a.kind != "number" else ""


_ROLE_VERBS = {"dead": "killed", "hurt": "injured", "missing": "missing", "homeless": "displaced",
               "treated": "treated", "hurt-serious": "seriously injured",
               "population": "population", "damaged": "damaged", "destroyed": "destroyed"}
_UNIT_THINGS = {"magnitude": "magnitude", "%": "percentage", "ratio": "proportion", "time": "time"}
_DIMENSION_THINGS = {"length": "distance", "mass": "weight", "degree": "degrees"}


def _quoted(f: AnyFact) -> str:
    return "“" + " ".join(f.text.split()) + "”"


def _reason(verdict: Verdict, rule: str, a: AnyFact, b: AnyFact, thing: str) -> str:
    """The verdict in words a reader can check against the two passages."""
    qa, qb = _quoted(a), _quoted(b)
    of = f" ({thing})" if thing and thing not in ("date", "time") else ""
    if verdict == Verdict.CONFLICT:
        if _group(a) == "when":
            return f"Different dates: {qa} against {qb}."
        if a.kind == "time":
            return f"Different times: {qa} against {qb}."
        return f"Different figures{of}: {qa} against {qb}; they cannot both be right."
    if verdict == Verdict.SOFT and rule.startswith("the same clock time"):
        return (f"The same clock time as local time and as GMT: {qa} / {qb}; one is wrong unless the place "
                "keeps GMT.")
    if verdict == Verdict.SOFT and "low-confidence" in rule:
        return f"Perhaps different figures{of}: {qa} against {qb}, if both are about the same thing."
    if verdict == Verdict.SOFT and rule.startswith(ROUNDED):
        return (f"A round figure against an exact one{of}: {qa} and {qb} may agree, but the stated numbers "
                "differ.")
    if verdict == Verdict.SOFT:
        return f"Different figures{of}, though they do not exclude each other: {qa} against {qb}."
    if verdict == Verdict.HEDGE:
        if rule.startswith(BOUNDS):
            return f"One gives the most, the other the least{of}: {qa} and {qb} may both hold."
        if rule.startswith("a vague amount"):
            return f"A vague amount: {qa} allows {qb}."
        return f"The same figure{of}, hedged differently: {qa} and {qb}."
    if verdict == Verdict.EQUIVALENT:
        if rule.startswith("unit conversion"):
            return f"The same{' ' + thing if thing else ' figure'} in other units: {qa} = {qb}."
        if "time zones" in rule:
            return f"The same moment in other time zones: {qa} = {qb}."
        if "anniversary" in rule:
            return f"The same anniversary: {qa} = {qb}."
        if "range" in rule:
            return f"The same years written two ways: {qa} = {qb}."
        return f"Counted from the article's date, {qa} is {qb}."
    if verdict == Verdict.SAME:
        return f"Both give the same {thing or 'value'}: {qa} / {qb}."
    return f"Not compared: {rule}."


def _judged(
    a: AnyFact, ca: Context, date_a: date | None, b: AnyFact, cb: Context, date_b: date | None, score: float,
    how: str, established: bool, doubt: bool = False, other_year: bool = False,
) -> Judgement | None:
    """The judgement of a pairing scored `score` (None: an unresolved pairing too weak to keep). `doubt`:
    each article also states the other value, so the two may be different things both report;
    `other_year`: the values are two years and one article also names the other's year."""
    verdict, rule, factor, ra, rb = _judge(a, b, date_a, date_b)
    if verdict.flagged and _group(a) == "when" and _news_day_against_past(a, b, date_a, date_b):
        verdict, rule = Verdict.UNRESOLVED, "a day of the news against a year or month long past"
    if verdict == Verdict.UNRESOLVED and score < MIN_CONFIDENCE:
        return None
    if verdict.flagged and other_year:
        # "a raid in 2008" / "arrested in 2006" from an article that tells of the raid of April 2008 too:
        # it does not dispute the other's year, its own is another event's
        verdict, rule = Verdict.UNRESOLVED, "one article also names the other's year: two events"
    if verdict.flagged and doubt and a.value != b.value:
        factor *= 0.5
        rule += " (each article also states the other value)"
    if verdict.flagged and not established:
        # nothing says what the two values count: no verdict rather than a guess
        verdict, rule = Verdict.UNRESOLVED, "what the values measure is not established (" + rule + ")"
    confidence = round(score * factor, 2)
    if verdict == Verdict.CONFLICT and confidence < MIN_CONFIDENCE:
        verdict, rule = Verdict.SOFT, rule + " (low-confidence pairing: not a conflict)"
    kind = FactKind.DATE if _group(a) == "when" else a.kind
    thing = _thing(ca, cb, a)
    return Judgement(verdict, kind, a, b, value_text(ra), value_text(rb), f"{rule}; paired by {how}",
                     confidence, _reason(verdict, rule, a, b, thing), thing)


def _reach(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the facts `_contexts` consults about the values lying in `span` start: from the sentence before
    the first one's sentence (a background paragraph's time), or a value ending just before the first one,
    to the end of the last one's sentence. (A value's sentence and the one before it start no later, and its
    sentence ends no earlier, than those of a value after it: the reach of the values of a span lies in that
    of the span.)"""
    first = _sentence(text, (span[0], span[0]), 0, len(text))
    previous = _sentence(text, (first[0] - 2, first[0] - 1), 0, first[0])[0] if first[0] > 0 else 0
    return min(previous, span[0] - _LONGEST_VALUE), _sentence(text, (span[1], span[1]), 0, len(text))[1]


def readings(doc: Document, span: tuple[int, int], known: Sequence[AnyFact] | None = None,
             names: frozenset[str] | None = None) -> list[tuple[AnyFact, Context]]:
    """The facts of `doc.text[span]`, each with what its sentence says about it (see `Context`). `known`:
    the document's facts from the sentence before `span` to its end, when the caller has them (else the
    whole document is read); `names`: the document's proper names (`table.proper_names`), likewise."""
    everything = extract_facts(doc) if known is None else known
    facts = [f for f in everything if f.start >= span[0] and f.end <= span[1]]
    proper = proper_names(doc) if names is None else names
    return list(zip(facts, _contexts(doc, facts, *span, everything, proper), strict=True))


def _passage(table: FactTable, passage: Passage) -> list[Context]:
    """The contexts of the facts of one passage of `table`'s document, read from the facts within the rules'
    reach of its values (`_reach`: never the whole document), once per passage."""
    got = passage.contexts
    if got is None:
        facts = passage.facts
        near = table.around(*_reach(table.doc.text, (facts[0].start, facts[-1].end))) if facts else []
        got = passage.contexts = _contexts(table.doc, passage.facts, *passage.span, near, table.names)
    return got


def _quotations(table: FactTable, passage: Passage) -> list[Quotation]:
    """The quotations of one passage of `table`'s document (`quotes.quotations`), read once per passage."""
    if passage.quotations is None:
        passage.quotations = quotations(table.doc, *passage.span)
    return passage.quotations


def _diff(ta: FactTable, pa: Passage, tb: FactTable, pb: Passage, differ: Differ | None) -> list[DiffOp]:
    """The word diff of two passages (`word_diff`); with a `differ`, each passage is coded once for it."""
    if differ is None:
        return word_diff(ta.doc.text, pa.span, tb.doc.text, pb.span)
    return differ.diff(_coded(ta, pa, differ), _coded(tb, pb, differ))


def _coded(table: FactTable, passage: Passage, differ: Differ) -> Coded:
    if passage.coded is None or passage.coded[0] is not differ:
        passage.coded = (differ, differ.code(table.doc.text, passage.span))
    return passage.coded[1]


def judge_readings(
    doc_a: Document, a: AnyFact, ca: Context, doc_b: Document, b: AnyFact, cb: Context, score: float,
    how: str,
) -> Judgement | None:
    """Two values of two documents put forward as one quantity (`how` says why, `score` how surely),
    judged; None when something says they measure different things, or nothing says what they measure."""
    if not _comparable(a, b) or _different(ca, cb, _group(a)) or not _established(ca, cb, a):
        return None
    return _judged(a, ca, parse_date(doc_a.date), b, cb, parse_date(doc_b.date), score, how, True)


def _comparable_documents(ta: FactTable, tb: FactTable) -> bool:
    """A document is never judged against itself, nor one story (folder) against another."""
    return ta.doc.id != tb.doc.id and ta.story == tb.story


def _compare(ta: FactTable, pa: Passage, tb: FactTable, pb: Passage, differ: Differ | None = None
             ) -> list[Judgement]:
    fa, fb = pa.facts, pb.facts
    span_a, span_b = pa.span, pb.span
    out: list[Judgement] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    if fa and fb and _comparable_documents(ta, tb):
        ctx_a, ctx_b = _passage(ta, pa), _passage(tb, pb)
        cands = _candidates(lambda: _diff(ta, pa, tb, pb, differ), fa, ctx_a, fb, ctx_b)
        cands.sort(key=lambda c: (-c[0], abs(fa[c[1]].start - span_a[0] - fb[c[2]].start + span_b[0])))
        for score, i, j, how, established in cands:
            if i in used_a or j in used_b:
                continue
            a, b = fa[i], fb[j]
            judged = _judged(a, ctx_a[i], ta.published, b, ctx_b[j], tb.published, score, how, established,
                             doubt=(how != _UNCHANGED and _both_state_both(ta, a, tb, b)),
                             other_year=how != _UNCHANGED and _other_year_named(ta, a, tb, b))
            if judged is None:
                continue
            used_a.add(i)
            used_b.add(j)
            out.append(judged)
    for i, f in enumerate(fa):
        if i not in used_a:
            out.append(Judgement(Verdict.ONLY, f.kind, f, None, value_text(f), "", "no counterpart in b",
                                 1.0))
    for j, f in enumerate(fb):
        if j not in used_b:
            out.append(Judgement(Verdict.ONLY, f.kind, None, f, "", value_text(f), "no counterpart in a",
                                 1.0))
    out.sort(key=lambda v: (v.a is None, cast("AnyFact", v.a or v.b).start))  # every judgement has a side
    return out


def compare_passages(
    doc_a: Document, span_a: tuple[int, int], doc_b: Document, span_b: tuple[int, int]
) -> list[Judgement]:
    """Every pairing of the facts of `doc_a.text[span_a]` and `doc_b.text[span_b]`, judged, plus the
    values only one side has, in the order of passage a (then b's leftovers)."""
    ta, tb = FactTable(doc_a), FactTable(doc_b)
    return _compare(ta, ta.passage(*span_a), tb, tb.passage(*span_b))


def stated_value(f: AnyFact) -> str:
    """The value a fact states, hedges left out, so that "about 50" and "50" count as one value."""
    if f.kind == FactKind.DATE and f.spec[:1] == ("md",):
        return f"{date(2000, f.spec[1], f.spec[2]):%B} {f.spec[2]}"
    if isinstance(f, Fact) and f.kind == FactKind.DATE and f.granularity == "day":
        d = date.fromordinal(int(f.lo))
        return f"{d:%B} {d.day}"
    if isinstance(f, Fact) and f.kind == FactKind.NUMBER and f.value is not None:
        return value_text(Fact(f.start, f.end, f.text, f.kind, f.value, f.value, f.value, unit=f.unit,
                               spec=f.spec))
    return value_text(f)


def record(v: Judgement) -> Divergence:
    a, b = v.a, v.b
    if a is None or b is None:
        raise ValueError("only a pairing of two values is recorded")
    return Divergence(
        v.kind, v.verdict,
        FactSide(a.start, a.end, a.text, v.value_a, stated_value(a)),
        FactSide(b.start, b.end, b.text, v.value_b, stated_value(b)),
        v.rule, v.confidence, v.reason, v.thing,
    )


def judge_pair(
    doc_a: Document, span_a: tuple[int, int], doc_b: Document, span_b: tuple[int, int]
) -> tuple[tuple[Divergence, ...], tuple[Divergence, ...]]:
    """The confident judged values of one aligned pair: (divergences, agreements). Divergences are the
    shown verdicts (conflict, soft, hedge, equivalent), agreements the values judged the same; together
    they are every link the corpus's disputed facts are grouped from. (A caller judging many pairs holds
    the documents' `FactTables` and calls `judge`.)"""
    return judge(FactTable(doc_a), span_a, FactTable(doc_b), span_b)


def judge(
    ta: FactTable, span_a: tuple[int, int], tb: FactTable, span_b: tuple[int, int],
    differ: Differ | None = None,
) -> tuple[tuple[Divergence, ...], tuple[Divergence, ...]]:
    """`judge_pair` of the documents of two fact tables: only the facts inside the two passages and
    around them are read (none when one side's text holds nothing a value is written with), and a pair of
    which one side states no value is not paired at all. What is read
    of one passage (its facts, their contexts, its quotations, its words coded for `differ`'s word diffs)
    is kept in its table (`FactTable.passage`) for the other pairs it is in."""
    if not _comparable_documents(ta, tb):
        return (), ()
    pa, pb = ta.passage(*span_a, read=False), tb.passage(*span_b, read=False)
    quoted_b = _quotations(tb, pb)
    shown = list(misquoted(ta.doc, _quotations(ta, pa), tb.doc, quoted_b)) if quoted_b else []
    if not (pa.valued and pb.valued):
        return tuple(shown), ()  # one side's text holds no value: its values are not even read
    for t, p in ((ta, pa), (tb, pb)):
        if not p.read:  # most passages read go on to be compared: their values and those in reach at once
            t.around(*_reach(t.doc.text, p.span))
    pa, pb = ta.passage(*span_a), tb.passage(*span_b)
    same: list[Divergence] = []
    if pa.groups.isdisjoint(pb.groups) or not any(_comparable(a, b) for a in pa.facts for b in pb.facts):
        return tuple(shown), ()  # nothing to pair (one side states no value): each would be one side's only
    for v in _compare(ta, pa, tb, pb, differ):
        if v.confidence < MIN_CONFIDENCE or v.a is None or v.b is None:
            continue
        if v.verdict.shown:
            shown.append(record(v))
        elif v.verdict == Verdict.SAME:
            same.append(record(v))
    return tuple(shown), tuple(same)


def pair_divergences(
    doc_a: Document, span_a: tuple[int, int], doc_b: Document, span_b: tuple[int, int]
) -> tuple[Divergence, ...]:
    """The confident divergences of one aligned pair (the `shown` verdicts, confidently paired)."""
    return judge_pair(doc_a, span_a, doc_b, span_b)[0]
