"""Who says it, as news writes it: the attribution of a sentence, which is no part of its statement.

Wire copy attributes nearly every statement ("..., said national disaster agency spokesman Sutopo Purwo
Nugroho"; "Nugroho told Agence-France Presse:"; "according to the US Geological Survey"; "..., officials
said Wednesday"; "CNN reported on Tuesday that ..."), and every outlet copies the speaker's name and title
from the wire word for word, whatever statement it attributes to them. Two sentences that share an
attribution share a source, not a statement: "People panicked and rushed out of their homes, \"national
disaster agency spokesman Sutopo Purwo Nugroho said" is no restatement of "The quake ... injured more than
200 people and damaged more than 300 houses in Aceh, said national disaster agency spokesman Sutopo Purwo
Nugroho". `attribution` finds those words: a word two sentences have only there is no shared content
(viewer.core.align.stages._lexical), and a quote's passage takes its attribution along
(`with_attribution`).

A sentence's clauses are its runs of tokens between clause breaks (`PreparedDocument.clause_break`:
punctuation, or a clause word). A clause holding a verb of saying (`_SPEECH`) is attribution:
- up to the "that" after the verb ("CNN reported on Tuesday that", "adding that"): what follows is the
  statement;
- whole, when the verb opens it and it ends its statement or only the speaker's name and descriptions
  (clauses opening with a name or an article), other attributions or when it was said follow (", said
  Fauzi, an official of the local disaster agency"; ", told AFP late Tuesday"; "when asked by a
  reporter"; ", said shortly after the quake hit"); at the sentence's start only that clause ("According
  to the US Geological Survey, the quake ..."); never when a statement follows the verb ("but said the
  talks on Monday were to \"continue coordination ...", "saying it doesn't address ...");
- whole, when a short noun phrase (the speaker, `_speaker`) comes before the verb and nothing after it but
  times, stopwords and the medium, or to whom after "told" ("national disaster agency spokesman Sutopo
  Purwo Nugroho said", "officials said Wednesday", "Nugroho told Agence-France Presse (AFP) news agency");
  "Officials say at least 24 people were killed" is a statement, not an attribution.
The speaker named in clauses of their own just before such a clause is attribution too ('..., "Ema
Suryani, a doctor at a health clinic in Lampahan city, told AFP'): a clause opening with a name, then
clauses opening with an article. Words that are as often something else attribute only where nothing else
can be meant: "report" last in its clause ("AP reported"; not "threatened a reporter in the Capitol"),
"claim" or "note" with their "that" (not "a sexual harassment claim"), a number after the verb only in a
date ("Peyton Hillis added 101" adds yards). A speaker phrase that states something is no speaker ("We
have made no concessions despite some of the media saying that", "Comey never wrote that").

Imports: the standard library, viewer.core.align.passages.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence

from viewer.core.align.passages import (
    MONTH,
    NO_BREAK,
    NUMBER,
    STATEMENT,
    WEEKDAY,
    PreparedDocument,
    Sentence,
    word_key,
    word_keys,
)

# Verbs of saying, and the noun that names a report ("...next week: report"); and those that are nouns as
# often ("a sexual harassment claim"), which attribute only with their "that" ("claiming that he had").
_SPEECH = word_keys(
    "say says said saying tell tells told telling add adds added adding according announce announced "
    "announcing explain explained explaining speak speaking spoke ask asked write wrote"
)
# "Report" is a reporter as often ("threatened a reporter in the Capitol"): it attributes only last in its
# clause ("AP reported", "...next week: report") or with its "that".
_REPORT = word_keys("report reports reported reporting")
_SPEECH_THAT = _SPEECH | _REPORT | word_keys(
    "claim claimed claiming note noted noting quote quoted stress stressed insist"
)
# A clause opening with one of these is no speaker ("for a sexual harassment claim").
_PREPOSITIONS = word_keys("for of in on at by from with to into about over under against without")
_TELL = word_keys("tell told")  # its object is to whom, the speaker comes before it
_THAT, _TO = word_key("that"), word_key("to")
# A clause holding one of these states something ("saying this was", "a reminder that this process is",
# "Comey never wrote that").
_AUXILIARIES = word_keys(
    "that is are was were be been being has have had do does did will would can could may might must shall "
    "should isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't can't "
    "couldn't shouldn't not never"
)
# A speaker's title has few words besides names: "national disaster agency spokesman", "central Aceh
# district resident".
_SPEAKER_WORDS = 4
_PRONOUNS = word_keys("i you he she it we they this there")  # the subject of a statement, not a speaker
_ARTICLES = word_keys("a an the")
# May open an attribution clause ("when asked by a reporter") or say when it was said (", said shortly after
# the quake hit").
_CLAUSE_OPENERS = word_keys("when while as after before")
# What may follow the verb in an attribution besides names, numbers, dates and stopwords: when and to whom.
_AFTER_VERB = word_keys(
    "today tonight yesterday tomorrow late early earlier morning afternoon evening night week statement "
    "interview news agency reporter reporters journalist journalists conference briefing"
)
_CLASS_KEYS = frozenset({NUMBER, MONTH, WEEKDAY})


def attribution(d: PreparedDocument, r: tuple[int, int],
                sentence: Callable[[PreparedDocument, Sentence], frozenset[int]] | None = None
                ) -> frozenset[int]:
    """The tokens of `d` in range `r` (inside one sentence) that attribute a statement of the sentence to
    its source (see the module's docstring). `sentence`: `attributed` of the sentence, when the caller
    keeps it (the clauses of one sentence are read in many pairs)."""
    s = _sentence(d, r)
    found = (attributed if sentence is None else sentence)(d, s)
    return frozenset(t for t in found if r[0] <= t < r[1]) if (s.first, s.last) != r else found


def attributed(d: PreparedDocument, s: Sentence) -> frozenset[int]:
    """The tokens of sentence `s` of `d` that attribute a statement of it to its source."""
    return frozenset(t for a, b, _ in attributions(d, s.first, s.last) for t in range(a, b))


def with_attribution(d: PreparedDocument, part: tuple[int, int]) -> tuple[int, int]:
    """`part` of a sentence grown over the attributions just before and after it: a quote and who says
    it are one statement ('"I see many houses were damaged ...," central Aceh district resident Bensu
    Elianita told the Associated Press'); an attribution of what follows ("..., adding that") is not
    taken after it."""
    s = _sentence(d, part)
    first, last = part
    for a, b, forward in attributions(d, s.first, s.last):
        if b == first:
            first = a
        elif a == last and not forward:
            last = b
    return first, last


def _sentence(d: PreparedDocument, r: tuple[int, int]) -> Sentence:
    return d.sentences[bisect.bisect_right(d.sentences, r[0], key=lambda s: s.first) - 1]


def attributions(d: PreparedDocument, first: int, last: int) -> list[tuple[int, int, bool]]:
    """The attributions of the sentence of tokens [first, last), in order, as token ranges, each with
    whether it attributes what follows it ("CNN reported on Tuesday that ...", "According to the US
    Geological Survey, ...") rather than what precedes it (", said Fauzi")."""
    keys = d.keys
    if not any(keys[t] in _SPEECH_THAT for t in range(first, last)):  # most sentences
        return []
    cuts = [t for t in range(first + 1, last) if d.clause_break[t] != NO_BREAK]
    clauses = list(zip([first, *cuts], [*cuts, last], strict=True))
    out: list[tuple[int, int, bool]] = []
    for n, (s, e) in enumerate(clauses):
        v = next((t for t in range(s, e) if keys[t] in _SPEECH_THAT), None)
        if v is None:
            continue
        if (that := _that_after(d, v, e)) is not None:
            if _speaker(d, s, v):
                out.append((s, that + 1, True))
            continue
        v = next((t for t in range(s, e) if keys[t] in _SPEECH), None)
        if v is None:  # a verb that may be a noun, last but for when: "Politico reported in December"
            v = max(t for t in range(s, e) if keys[t] in _SPEECH_THAT)
            if (len(clauses) > 1 and (_speaker(d, s, v) if v > s else e - s == 1)
                    and _only_incidental_after(d, v, e)):
                out.append((s, e, n == 0))  # "Stars & Stripes claimed", "... next week: report"
            continue
        elif v == s or (v == s + 1 and keys[s] in _CLAUSE_OPENERS):  # "said Fauzi", "told AFP"
            if (v + 1 < e and keys[v + 1] in _PRONOUNS) or _states(d, v + 1, e):
                continue  # a statement: "saying it doesn't address ...", "said the talks were to ..."
            if n == 0:  # "According to the US Geological Survey, the quake ...": that clause alone
                if len(clauses) > 1:
                    out.append((s, e, True))
                continue
            # the rest of its statement (a reporting verb after a comma opens another: ", adding, ...")
            rest = list(itertools.takewhile(lambda c: d.clause_break[c[0]] != STATEMENT, clauses[n + 1 :]))
            if not all(_describes(d, *c) or _speaks(d, *c) or keys[c[0]] in _CLAUSE_OPENERS for c in rest):
                continue  # a statement follows
            begin, end = s, e
            for c in rest:  # the speaker's descriptions: ", said Fauzi, an official of the ... agency"
                if not _describes(d, *c):
                    break
                end = c[1]
            if keys[v] in _TELL or not any(_names(d, t) for t in range(v + 1, e)):
                begin = _speaker_before(d, clauses[:n], s)  # '"Ema Suryani, a doctor ..., told AFP'
            out.append((begin, end, False))
        elif len(clauses) > 1 and _speaker(d, s, v) and _only_incidental_after(d, v, e):
            out.append((s, e, n == 0))  # "the US Geological Survey said", "officials said Wednesday"
    return out


def _that_after(d: PreparedDocument, v: int, e: int) -> int | None:
    """The "that" after the verb at v in its clause, with nothing but stopwords, names, times and to whom
    between ("CNN reported on Tuesday that", "told Reuters that"); not "Added to that fact"."""
    for t in range(v + 1, e):
        if d.keys[t] == _THAT:
            return t
        if not _incidental(d, t) or d.keys[t] == _TO:
            return None
    return None


def _incidental(d: PreparedDocument, t: int) -> bool:
    """A token that says nothing of the statement in an attribution: a stopword, a name, a number or
    date, another verb of saying, or when and to whom it was said."""
    k = d.keys[t]
    return (not d.content[t] or bool(d.capitalised[t]) or k in _CLASS_KEYS or k in _SPEECH
            or k in _AFTER_VERB)


def _speaker(d: PreparedDocument, s: int, v: int) -> bool:
    """Whether tokens [s, v) before a verb of saying can name who says it: a short noun phrase ("An
    unnamed US official on Tuesday", "national disaster agency spokesman Sutopo Purwo Nugroho"), not a
    statement: no preposition opening it ("for a sexual harassment claim"), no auxiliary verb ("We have made
    no concessions despite some of the media saying that", "because I believe we can add"), and no more
    than `_SPEAKER_WORDS` words that are not names ("I'm able to look back at the entirety of my career in
    public office and say that")."""
    keys = d.keys
    if (s < v and keys[s] in _PREPOSITIONS) or _states(d, s, v):
        return False
    if any(keys[t] in _SPEECH_THAT for t in range(s, v)):
        return False  # not "noting he sent a letter to Texas Gov. Greg Abbott to tell him"
    return sum(not _incidental(d, t) for t in range(s, v)) <= _SPEAKER_WORDS


def _only_incidental_after(d: PreparedDocument, v: int, e: int) -> bool:
    """Whether nothing but stopwords, times and the medium follow the verb at v in its clause (not a name:
    "Trump said North Korea was ..."); after "told", anything but a statement: to whom ("Nugroho told
    Agence-France Presse", "the official told the military publication")."""
    keys = d.keys
    if _states(d, v + 1, e) or any(keys[t] in _PRONOUNS for t in range(v + 1, e)):
        return False  # "Macron told reporters Tuesday he wants to work on a new deal"
    if keys[v] in _TELL:  # its object is to whom it was said, whatever its words
        return True
    # a number only in a date ("said on July 26"), not what was added ("Peyton Hillis added 101")
    return all(_incidental(d, t) and not _names(d, t) and (keys[t] != NUMBER or keys[t - 1] == MONTH)
               for t in range(v + 1, e))


def _describes(d: PreparedDocument, s: int, e: int) -> bool:
    """Whether clause [s, e) names or describes someone: it opens with a name or an article and states
    nothing (no auxiliary verb or "that": "a reminder that this process is off to a slow start")."""
    return (_names(d, s) or d.keys[s] in _ARTICLES) and not _states(d, s, e)


def _states(d: PreparedDocument, s: int, e: int) -> bool:
    """Whether tokens [s, e) hold an auxiliary verb or "that": a statement, not a name or a title."""
    return any(d.keys[t] in _AUXILIARIES for t in range(s, e))


def _speaks(d: PreparedDocument, s: int, e: int) -> bool:
    return any(d.keys[t] in _SPEECH for t in range(s, e))


def _speaker_before(d: PreparedDocument, before: Sequence[tuple[int, int]], start: int) -> int:
    """Where the speaker named just before an attribution clause starting at `start` begins: a clause
    opening with a name, then clauses opening with a name or an article ('"Ema Suryani, a doctor at a
    health clinic in Lampahan city, Bener Meriah district, told AFP'); `start` when there is none. The
    sentence's first clause is its statement."""
    k = len(before)
    while k > 1 and _describes(d, *before[k - 1]):
        k -= 1
    named = next((c for c in before[k:] if _names(d, c[0])), None)
    return named[0] if named is not None else start


def _names(d: PreparedDocument, t: int) -> bool:
    """A capitalised content word inside the sentence: a name ("We", "They're" are not)."""
    return bool(d.capitalised[t]) and bool(d.content[t]) and d.keys[t] not in _CLASS_KEYS
