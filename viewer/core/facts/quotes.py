"""Misquotes: two versions of one quotation, by the same speaker, whose quoted words differ in content.

A quotation is the text between a pair of quotation marks (straight or curly) of at least three words. Two
quotations of two aligned passages are versions of one when they share a run of at least three words and
make up at least half of the shorter one. Quoting less of a statement, or leaving words out ("..."), is
not misquoting it: only words replaced by other words count, and only when the change is one of content,
not of case, punctuation, a stopword ("towards" / "to"), a contraction ("we've" / "we have"), a spelling
("damages" / "damaged") or the transliteration of a name ("Muammar al-Qaddafi" / "Moammar Gadhafi").
The speaker is the name next to a speech verb in the quotation's sentence ("Trump said", "said Pompeo",
"according to Mattis"); when either side names none, or a pronoun, the referent is unknown and there is
no verdict. Imports: the standard library and
viewer.core.model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from viewer.core.model import Divergence, Document, FactKind, FactSide, Verdict

__all__ = ["Quotation", "misquoted", "misquotes", "quotations"]

_QUOTE = re.compile(r"“([^”\n]{8,600})”|\"([^\"\n]{8,600})\"")
_WORD = re.compile(r"[\w’'-]+")
_STOP = frozenset(
    """a an the and or but of to in on at for from by with as is are was were be been being has have had
    that this these those it its we our you your i my me he she his her they them their there so not no
    also will would could can do did just very towards toward into onto upon within whole entire""".split()
)
_SPEECH = r"(?:said|says|told|added|wrote|tweeted|stated|asked|declared|insisted|warned|explained|recalled)"
_NAME = r"((?:[A-Z][\w’'-]+\s){0,5}[A-Z][\w’'-]+)"  # "Palmer Public Safety Director Jon Owen"
# "said Pompeo" names the speaker; "told Reuters" names the listener, so "told" only counts before a name
_AFTER_VERB = re.compile(
    _SPEECH.replace("told|", "").replace("asked|", "") + r"\s+(?:(?:the|a)\s+[a-z]+\s+)?" + _NAME)
_BEFORE_VERB = re.compile(_NAME + r"(?:,\s[^,]{1,60},)?\s+(?:\w+ly\s+)?" + _SPEECH + r"\b")
_ACCORDING = re.compile(r"according to\s+(?:(?:the\s+)?[a-z]+\s+)?" + _NAME)
_NOT_SPEAKERS = frozenset("The A An He She They It We I This That But And In On Mr Mrs Ms Dr".split())
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]\s+(?=[A-Z\"“])")
MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # the quoted words, without the quotation marks
    end: int
    text: str
    words: tuple[str, ...]  # lower case, contractions expanded
    written: tuple[str, ...]  # the same words as written (case kept), for telling names apart
    speaker: frozenset[str]  # the names of who said it; empty when unknown
    surnames: frozenset[str] = frozenset()  # the last word of each name ("Owen")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    ends = list(_SENTENCE_END.finditer(text, max(0, start - 400), start))
    lo = ends[-1].end() if ends else max(0, start - 400)
    m = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    return lo, m.end() if m else min(len(text), end + 300)


def _speaker(text: str, start: int, end: int) -> tuple[frozenset[str], frozenset[str]]:
    """The names next to a speech verb in the quotation's sentence, outside the quotation, and their last
    words."""
    lo, hi = _sentence(text, start, end)
    outside = text[lo : max(lo, start - 1)] + " \u2029 " + text[min(hi, end + 1) : hi]
    names: set[str] = set()
    surnames: set[str] = set()
    for pattern in (_AFTER_VERB, _BEFORE_VERB, _ACCORDING):
        for m in pattern.finditer(outside):
            words = [w.removesuffix("’s").removesuffix("'s") for w in m.group(1).split()
                     if w not in _NOT_SPEAKERS]
            names.update(words)
            surnames.update(words[-1:])
    return frozenset(names), frozenset(surnames)


_CONTRACTIONS = {"n't": "not", "'ve": "have", "'re": "are", "'ll": "will", "'m": "am", "'d": "would"}


def _expand(token: str) -> list[str]:
    """ "we've" -> "we", "have"; "don't" -> "do", "not" (the "'s" of "it's" and "Iran's" is left alone)."""
    low = token.lower()
    for short, full in _CONTRACTIONS.items():
        if low.endswith(short) and len(low) > len(short):
            return [token[: -len(short)], full]
    return [token]


def _spelling(x: str, y: str) -> bool:
    x, y = x.lower(), y.lower()
    return x[:5] == y[:5] or SequenceMatcher(None, x, y).ratio() >= 0.8


def _variant(a: list[str], b: list[str]) -> bool:
    """Whether two replaced stretches differ only in spelling, in how a name is written, or by words
    one of them leaves out ("the memorandums to Congress" / "the memoranda")."""
    if all(any(c.isupper() for c in w) for w in a + b):
        return True  # names: "Muammar al-Qaddafi" / "Moammar Gadhafi"
    short, long = sorted((a, b), key=len)
    if len(long) > 3 * max(1, len(short)) and len(long) > 4:
        return True  # one quotes a longer stretch here: a different excerpt, not other words
    rest = list(long)
    for w in short:
        match = next((k for k, v in enumerate(rest) if _spelling(w, v)), None)
        if match is None:
            return False
        del rest[match]
    return True


def quotations(doc: Document, start: int, end: int) -> list[Quotation]:
    """The quotations of at least `MIN_WORDS` words lying inside `doc.text[start:end]`."""
    out = []
    for m in _QUOTE.finditer(doc.text, start, end):
        group = 1 if m.group(1) is not None else 2
        s, e = m.span(group)
        written = tuple(w for t in _WORD.findall(m.group(group).replace("’", "'")) for w in _expand(t))
        if len(written) >= MIN_WORDS:
            words = tuple(w.lower() for w in written)
            out.append(Quotation(s, e, m.group(group), words, written, *_speaker(doc.text, s, e)))
    return out


def _content_change(qa: Quotation, qb: Quotation) -> tuple[int, int, int, int] | None:
    """Where two versions of one quotation replace content words, within the stretch both quote (as word
    ranges in a and b), or None when they agree or are not versions of one quotation."""
    a, b = qa.words, qb.words
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size]
    if not blocks or max(m.size for m in blocks) < MIN_WORDS:
        return None
    if sum(m.size for m in blocks) < 0.5 * min(len(a), len(b)):
        return None
    first, last = blocks[0], blocks[-1]
    a0, a1 = first.a, last.a + last.size
    b0, b1 = first.b, last.b + last.size
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace" or i2 <= a0 or i1 >= a1 or j2 <= b0 or j1 >= b1:
            continue  # words left out or added: quoting less, or more, is not misquoting
        changed = set(a[i1:i2]) ^ set(b[j1:j2])
        if changed - _STOP and not _variant(list(qa.written[i1:i2]), list(qb.written[j1:j2])):
            return i1, i2, j1, j2
    return None


def _span(q: Quotation) -> tuple[int, int]:
    """The whole quotation with its marks, as the claim's span."""
    return q.start - 1, q.end + 1


def misquotes(doc_a: Document, span_a: tuple[int, int], doc_b: Document,
              span_b: tuple[int, int]) -> tuple[Divergence, ...]:
    """The misquotes between two aligned passages: one Divergence of kind "quote" per quotation of a
    whose words b, quoting the same speaker, gives differently."""
    qb = quotations(doc_b, *span_b)
    if not qb:
        return ()  # (and a's quotations, with their speakers, need not be read)
    return misquoted(doc_a, quotations(doc_a, *span_a), doc_b, qb)


def misquoted(doc_a: Document, quoted_a: Sequence[Quotation], doc_b: Document,
              quoted_b: Sequence[Quotation]) -> tuple[Divergence, ...]:
    """`misquotes` of two passages whose quotations (`quotations`) the caller has read."""
    out: list[Divergence] = []
    for qa in quoted_a:
        for q in quoted_b:
            if not qa.speaker or not q.speaker or not qa.speaker & q.speaker:
                continue  # who said it is unknown on one side, or two speakers: no verdict
            where = _content_change(qa, q)
            if where is None:
                continue
            i1, i2, j1, j2 = where
            said_a = " ".join(qa.words[i1:i2]) or "—"
            said_b = " ".join(q.words[j1:j2]) or "—"
            common = qa.speaker & q.speaker
            speaker = " ".join(sorted(common & (qa.surnames | q.surnames) or common))
            sa, ea = _span(qa)
            sb, eb = _span(q)
            out.append(Divergence(
                FactKind.QUOTE, Verdict.CONFLICT,
                FactSide(sa, ea, doc_a.text[sa:ea], qa.text, " ".join(qa.words)),
                FactSide(sb, eb, doc_b.text[sb:eb], q.text, " ".join(q.words)),
                "misquote: the quoted words differ in content", 0.9,
                f"{speaker} is quoted two ways: “{said_a}” in one, “{said_b}” in the other.",
                f"quotation of {speaker}",
            ))
            break
    return tuple(out)
