"""Split a document into sentences and matching tokens, keeping every offset into `Document.text`.

Matching ignores what readers ignore: case, curly vs straight quotes and apostrophes, `&`/`and`,
hyphenated compounds (`working-level` = `working level`), dotted abbreviations (`U.S.` = `US`),
non-breaking spaces and stray characters (`to ?coordinate`), plural and verb endings (Snowball stemmer),
and a few newsroom synonyms (caskets/coffins, troops/soldiers). Digits stay in: a number becomes the
class key `#` and a month or weekday name `@month`/`@weekday`, so "on June 27" and "on July 27" match
exactly while the values themselves are left for viewer.core.facts to compare.

The sentence splitter is hand-written on purpose: rule libraries such as pysbd cost about a millisecond a
sentence, which is minutes on a 10,000-article corpus; paragraphs, end punctuation followed by a capital
and a list of abbreviations are enough for news prose.
Imports: the standard library, PyStemmer, viewer.core.model, viewer.core.lexicon.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from viewer.core.lexicon import (
    CAPTION_CREDIT,
    CAPTION_CREDIT_END,
    CAPTION_POSITION,
    CAPTION_START,
    MONTHS,
    SENTENCE_END,
    STOPWORDS,
    SYNONYM_ROWS,
    WEEKDAYS,
)
from viewer.core.model import Document

# Words stop at hyphens, so `working-level` gives the same tokens as `working level`. One group: `split`
# gives each token with the text before it (`prepare`); the lookahead skips what starts no token at once.
_TOKEN = re.compile(
    r"(?=[\w&])("
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:st|nd|rd|th)?|\d+(?:\.\d+)?(?:st|nd|rd|th)?"  # a number
    r"|(?:[^\W\d_]\.){2,}"  # a dotted abbreviation
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # a word
    r"|&)"
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion dozen""".split()
)
_MONTHS = frozenset(MONTHS)
_WEEKDAYS = frozenset(WEEKDAYS)
_CLASS_WORDS = _MONTHS | _WEEKDAYS | _NUMBER_WORDS  # words whose key is a class (`_word_keys`)
# A contraction's ending: a negation or a verb after a pronoun (`_without_clitic`), and those endings
# standing alone as detokenised news writes them ("they 've", "does n't").
_CLITIC = re.compile(r"(.+?)(n['’]t|['’](?:ve|re|ll|d|m))")
# ("re" is left out: it is the prefix of "re-impose" as often, and `prepare` reads it after an apostrophe.)
_DETACHED_CLITICS = {"n't": "not", "n’t": "not", "ve": "have", "ll": "will"}
# Two-word names of one thing, folded onto the key of the one-word name (after stemming).
_PHRASES = {("servic", "member"): "troop", ("unit", "state"): "us"}
_PHRASE_FIRSTS = frozenset(first for first, _ in _PHRASES)
_stemmer = Stemmer.Stemmer("english")
_SYNONYMS = {
    _stemmer.stemWord(w): _stemmer.stemWord(row.split()[0]) for row in SYNONYM_ROWS for w in row.split()
}
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen maj col cpl sgt lt capt cmdr adm gov sen rep st jr sr inc co corp ltd vs no
    jan feb mar apr jun jul aug sep sept oct nov dec rev hon pvt fig est approx dept univ""".split()
)
# A word of a headline: letters (with inner apostrophes, dots or hyphens) or a number.
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d,.]*")
_ARTICLES = frozenset({"A", "An", "The"})
# Words that open a sentence and, capitalised after a lower-case word, open no name (`_headline_end`).
_OPENERS = frozenset("It He She They We There This These Those The".split())
# A dateline opening a lede: a place in capitals ("WASHINGTON", "PALM BEACH, Fla.", a single word of five
# letters or more: "NATO" is an agency, not a place), or a place and a news agency ("Washington (AFP)"), and
# a dash before the first word.
_DATELINE = re.compile(
    r"(?:(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)+|[A-Z][A-Z'’.-]{4,})(?:,(?:\s+[A-Z][\w.]*)+)?"
    r"|[A-Z][A-Z'’.-]{2,},(?:\s+[A-Z][\w.]*)+"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*(?=\s+\())"
    r"(?:\s+\([A-Z][\w ]+\))?\s+(?:—|–|--?)\s+(?=[\"“‘'(]?[A-Z])"
)
LEDE_WORDS = 12  # the fewest words of a lede that a headline runs into (`_headline_end`)
HEADLINE_WORDS = 30  # the most words of a headline run into a lede
# A document's top: its first paragraphs up to the first sentence of LEDE_WORDS words (its lede), where a
# headline or a deck under it may run into the next sentence (ECB+ 37_11's second paragraph: "A powerful
# 6.1-magnitude earthquake struck the Indonesian province of Aceh with no tsunami warning issued A strong
# 6.1-magnitude earthquake struck ..."); at most this many paragraphs.
TOP_PARAGRAPHS = 3
# A single letter and its dot, then a space, just before a position: `a. ` in "7: 37 a. m. UTC".
_SPACED_INITIAL = re.compile(r"(?<![\w.])[^\W\d_]\. $")
# A line break, or a line break escaped as text (`\\n` between spaces) by the tool that scraped the article.
_LINE_BREAK = re.compile(r"\n|(?<!\S)\\n(?!\S)")
_NEWLINE = re.compile("\n")
_QUOTE_MARK = re.compile(r"''|``|[\"“”]")  # a quotation mark (`_quoted`)
# A quotation in single marks, as headlines and detokenised news write them ("that Trump calls ' insane '",
# "openness to a ‘new deal '"): an opening mark after a space and before a word that is no contraction's
# ending (not "Alaska ' s history"), a closing mark after a word and before a space or punctuation, and
# between them one line of a sentence's length, with apostrophes only inside words ("they're").
# The mark comes first, its lookbehind after it: the engine then skips from mark to mark (a third of the
# time of a pattern that opens on a lookbehind, which it tries at every character).
_SINGLE_QUOTE = re.compile(
    r"['‘](?<![\w'’]['‘])\s?(?!(?:s|ve|re|ll|d|m|t)\b)(?=[^\W\d_])"
    r"(?:[^'‘’\"“”\n]|(?<=\w)['’](?=\w)){1,160}?(?<=[\w.,!?])\s?['’](?![\w'’])"
)
# A word in capitals, too long for most acronyms (`prepare`, which keeps those that start a token). Letters
# spelled out rather than `\b[A-Z]{4,}`: the regex engine then skips to capitals, three times faster.
_SHOUTED = re.compile(r"[A-Z][A-Z][A-Z][A-Z]+(?![\w'’])")
_POSSESSIVE_AFTER = re.compile(r" [a-z]")  # a closing mark after "s " before this is a plural's apostrophe
_CLOSING = frozenset({"", "'", '"', "’", "”"})
_OPENING = "'\"‘“([`"  # what may open a sentence before its first word
# Words that open a subordinate clause: a passage may start or end before them.
_CLAUSE_WORDS = frozenset(
    "who whom whose which while but although though because following when where after before".split()
)
_CLAUSE_MARK = re.compile(r"[,;:—–\"“”]|\s-\s")
# Words that, after a comma, open a second statement of one sentence: a contrast ("... as many as 200 US
# troops, but if and when they are handed over, their identities will have to be confirmed") or a
# reporting verb that attaches a further statement ("Pompeo said in the statement, noting that it was the
# first general-level talks since 2009"). A semicolon does too.
_CONTRAST_WORDS = frozenset("but although though".split())  # all of them clause words too
_REPORTING_WORDS = frozenset(
    "adding noting saying stressing explaining warning insisting arguing acknowledging citing".split()
)
# "And" opens a second statement when a subject and a finite verb of its own follow it and the sentence
# before it already has a verb: news joins two facts so ("the quake struck at a depth of 10 kilometers and
# its epicenter was located 55 kilometers west of Bireun", "killed 10 people, and more than 80 were
# injured"), while "cats and dogs", "rose and fell" and "Trump and Macron met" join words of one clause.
# Without a parser, the words are read by class (`_and_class`, one letter a token) and a pattern over the
# letters: and (A), then a subject's first word, a determiner or quantifier (S), a number (N) or a name (C),
# up to three words more and a verb form: finite (V), past (D) or of saying (R); or a pronoun (P) and its
# verb; or a pronoun's contraction with its verb (Q: "and it's"). The clause before needs a verb of its own,
# V, D or Q: after "said" alone, the words before "and" may be the start of the subject of what was said
# ("She said the United States and its allies were ready"). A subject with a number needs a finite verb:
# "24 dead and over 200 injured" is one toll, "and more than 80 were injured" a second statement.
_DETERMINERS = frozenset(
    """the a an this these those its his her their our my your another some many most several both each
    all no any there more at nearly almost about over only""".split()
)
_PRONOUNS = frozenset("he she it they we i you".split())
_PHRASE_OPENERS = frozenset("that whether if between".split())
# A preposition between "and" and a verb form: the words were a phrase ("tariffs of 25 percent on imported
# steel and 10 percent on imported aluminum"), not a subject.
_PREPOSITIONS = frozenset(
    "of in on to for with by from into under after before during against without".split()
)
_FINITE_VERBS = frozenset(
    "is are was were has have had will would could can may might must should shall did does do".split()
)
_SAID = frozenset("said says told".split())
_CONTRACTED = _PRONOUNS | {"there", "that"}  # "it's", "they're", "there's"
_PAST_FORMS = frozenset(
    """struck hit met took made came went gave began fell rose found held led sent brought fought won lost
    saw knew thought spoke wrote became shot fled sought caught built paid sold broke grew drew""".split()
)
_AND_CLAUSE = re.compile(r"A(?:Q|P[VDR]|[SC][SCw]{0,3}?[VDR]|[SNC][SNCw]{0,3}?[VR])")
_VERB_FORM = re.compile(r"[VDQ]")
# Two names ("Mr. Moon and Mr. Kim would", "Iran and North Korea have") or two numbers ("between 10 and 20
# were") on either side of "and": one subject of two parts.
_ONE_SUBJECT = frozenset({"CC", "NN"})

# Values of `PreparedDocument.clause_break`: no break, a clause may start here, a statement starts here,
# a statement joined to the one before by "and" starts here (scored apart, reported with its sentence:
# viewer.core.align.stages.statements).
NO_BREAK, CLAUSE, STATEMENT, JOINED = 0, 1, 2, 3
_CONTRAST, _REPORTING = 3, 4  # what a word opens (`_read_tokens`), before `_break` reads the punctuation

NUMBER, MONTH, WEEKDAY = "#", "@month", "@weekday"
# A sentence of fewer words is no statement of its own: it is joined to a neighbour (`_join_fragments`),
# and no passage is shorter (viewer.core.align.stages.AlignOptions.min_tokens).
STATEMENT_TOKENS = 5


@dataclass(frozen=True, slots=True)
class Sentence:
    """Token range [first, last) of a sentence, its character span and the paragraph it belongs to."""

    first: int
    last: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """What alignment needs of one document: tokens (matching key, span, content flag) and sentences."""

    doc_id: str
    keys: tuple[str, ...]
    starts: Sequence[int]  # tuples from `prepare`, array("i") when decoded from the index (codec.py)
    ends: Sequence[int]
    # The per-token flags are bytes, one a token (read as ints: 1 for true): a tuple of them took eight
    # bytes a token, and forked verify workers, touching each tuple's reference count, copied them whole.
    content: bytes  # a word that carries meaning: not a stopword
    # CLAUSE: punctuation (comma, colon, quote, dash...) just before this token, or a clause word;
    # STATEMENT: a semicolon, or a comma and a contrasting conjunction ("..., but"), or a quotation resuming
    # a remark after its attribution (`_resumes_remark`): a second statement;
    # JOINED: "and" opening a clause with its own subject and verb (`_and_clauses`).
    clause_break: bytes
    capitalised: bytes  # starts with a capital and does not start its sentence: likely a name
    quoted: bytes  # inside a quotation: the speaker's own words (`_quoted`)
    values: tuple[str, ...]  # a number's digits ("7,800" -> "#7800"), "" for other tokens
    sentences: tuple[Sentence, ...]
    headline: bool  # the first sentence is the document's headline (`_opens_with_headline`)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens [first, last)."""
        return self.starts[first], self.ends[last - 1]


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """Matching key of one word: lower case, no apostrophes, stemmed, synonyms folded."""
    return _word_keys([word])[0]


def word_keys(words: str) -> frozenset[str]:
    """The matching keys of a space-separated list of words (a word list written out in a rule module)."""
    return frozenset(_word_keys(words.split()))


def _word_keys(words: Sequence[str]) -> list[str]:
    """`word_key` of each of `words`, the stemmer called once for all of them (`stemWords`)."""
    # (`_without_clitic` only where there is an apostrophe, or a clitic of detokenised news standing alone)
    lowered = [_without_clitic(w).replace("’", "").replace("'", "") if "'" in w or "’" in w
               else _DETACHED_CLITICS.get(w, w) for w in map(str.lower, words)]
    if _CLASS_WORDS.isdisjoint(lowered):  # most often: every key a stem, or the synonym it stands for
        stems = _stemmer.stemWords(lowered)
        return list(map(_SYNONYMS.get, stems, stems))
    keys: list[str | None] = []
    for word, w in zip(words, lowered, strict=True):
        if w in _MONTHS:
            keys.append(MONTH if word[0].isupper() else w)
        else:
            keys.append(WEEKDAY if w in _WEEKDAYS else NUMBER if w in _NUMBER_WORDS else None)
    stems = iter(_stemmer.stemWords([w for w, key in zip(lowered, keys, strict=True) if key is None]))
    return [key if key is not None else _SYNONYMS.get(stem := next(stems), stem) for key in keys]


def _without_clitic(word: str) -> str:
    """A lower-case word without the contracted verb or negation it carries, as the word it stands for
    where that is all it says: "doesn't", "can't" and the "n't" of detokenised news ("does n't") are "not",
    "they've" and "I'm" their pronoun, the "ve" and "ll" of detokenised news "have" and "will".
    Without this "we'll" was the adverb "well" and "she'll" a "shell", and "n't" a content word ("nt") that
    "doesn't" ("doesnt", another one) never matched."""
    if (detached := _DETACHED_CLITICS.get(word)) is not None:
        return detached
    if (match := _CLITIC.fullmatch(word)) is None:
        return word
    base, clitic = match.groups()
    if clitic[0] == "n":
        return "not"
    return base if base in STOPWORDS else word


def _indices(items: list[str], item: str, stop: int) -> Iterator[int]:
    """Every index of `item` in `items` below `stop`, in order (each found by a search in C)."""
    at = -1
    while 0 <= (at := _next_index(items, item, at + 1)) < stop:
        yield at


def _next_index(items: list[str], item: str, start: int) -> int:
    """The index of `item` in `items` from `start` on (a search in C), -1 when there is none."""
    try:
        return items.index(item, start)
    except ValueError:
        return -1


def _split_sentences(text: str, start: int, end: int, top: int = -1, title: str = ""
                     ) -> tuple[list[tuple[int, int]], int]:
    """Sentence spans inside one paragraph text[start:end], and how many of the first were cut off the
    sentence after them as a headline or a deck. `top`: the paragraph's number among those at the
    document's top (`TOP_PARAGRAPHS`; -1 below it), where a headline (the document's `title` when it opens
    the paragraph) or a deck may run into the next sentence without punctuation."""
    spans, s = [], start
    for m in SENTENCE_END.finditer(text, start, end):
        if m.group().startswith(".") and _is_abbreviation(text, s, m.start(), m.end()):
            continue
        cut = m.end()
        if m.group().endswith('"') and m.group()[-2].isspace() and text.count('"', start, m.start()) % 2 == 0:
            # `. "` with no quote open in this paragraph so far: the quote opens the next sentence.
            cut = m.start() + len(m.group()[:-1].rstrip())
        spans.append((s, cut))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        spans.append((s, end))
    if top >= 0 and spans:
        cuts = _headline_cuts(text, *spans[0], title, names=top == 0)
        spans[0:1] = cuts
        return spans, len(cuts) - 1
    return spans, 0


HEADLINE_CUTS = 2  # a headline and a deck (a second headline) may run into the lede (`_headline_cuts`)


def _headline_cuts(text: str, start: int, end: int, title: str, names: bool) -> list[tuple[int, int]]:
    """The first sentence text[start:end] of a document's top cut where a headline ends and the next
    sentence starts with no end punctuation between: after the document's `title` when the sentence opens
    with it and goes on (the reader found it in the file's metadata, or cut it by the words of the
    article's address: viewer.core.ingest.metadata.headline), else where `_headline_end` finds a lede; and
    what follows is searched once more, for a deck (a second headline) run into the lede under it."""
    spans: list[tuple[int, int]] = []
    lede = _title_end(text, start, end, title)
    while len(spans) < HEADLINE_CUTS and (lede := lede or _headline_end(text, start, end, names)) is not None:
        head_end = lede
        while text[head_end - 1].isspace():
            head_end -= 1
        spans.append((start, head_end))
        start, lede = lede, None
    return [*spans, (start, end)]


def _title_end(text: str, start: int, end: int, title: str) -> int | None:
    """Where the lede starts when text[start:end] opens with `title` (its words in order, any white space
    between) and goes on with a capital or an opening quote, else None."""
    words = title.split()
    if len(words) < 3:
        return None
    pos = start
    for word in words:
        while pos < end and text[pos].isspace():
            pos += 1
        if not text.startswith(word, pos):
            return None
        pos += len(word)
    if pos >= end or not text[pos].isspace():
        return None
    while pos < end and text[pos].isspace():
        pos += 1
    following = _HEADLINE_WORD.match(text, pos + (pos < end and text[pos] in _OPENING))
    return pos if following is not None and following.group()[0].isupper() else None


def _headline_end(text: str, start: int, end: int, names: bool = True) -> int | None:
    """Where the lede starts when a headline runs into it without end punctuation, else None.

    Headlines carry no full stop, and files that lost their line breaks glue them to the first sentence:
    "... aims to preserve pact President Trump warned Iran's leaders", "... no tsunami warning issued A
    strong 6.1-magnitude earthquake struck". Prose keeps a lower-case word next to a capitalised one only in
    a few shapes, so the lede is taken to start at a capitalised word that follows a lower-case word (or a
    closing quote after one) with no punctuation between, when it is
    - a pronoun or an article that opens a sentence, followed by a lower-case word ("... even if he still
      does n't understand it It looks like Trump took"), or "A"/"An" after a content word;
    - with `names` (in the document's first paragraph, where a headline is expected), a name of two or
      more capitalised words followed by a lower-case content word (a verb: "President Trump warned"),
      after a content word; where the name holds an article, the lede starts there: "What Robert Mueller
      reportedly wants to ask Donald Trump The New York Times obtained a list". Below the first
      paragraph it is left out: there a lede is more likely than a deck, and a lede holds the shape too
      ("A strong earthquake struck Indonesia's Aceh province", "North Korean dictator Kim Jong-un
      announced");
    - a single capitalised word followed by a lower-case word, after a content word, that the document
      itself writes in lower case elsewhere, so no name ("... reaches U.S. border Members of the migrant
      caravan", where the story speaks of "members");
    - a dateline: a place in capitals (or a place and a news agency) and a dash ("... for 30 Days
      WASHINGTON — The Trump administration said").
    Searched among the first HEADLINE_WORDS words only, at least three words in, and leaving a lede of
    LEDE_WORDS or more: a lede opens the story in a whole sentence (those glued to a headline in
    ../shared/corpora run 18 to 41 words), and a headline standing alone has none: "6.1-magnitude quake
    strikes Indonesia's Aceh province in region hit by 2004 tsunami.", "Fire destroys historic Mat Maid
    dairy building in Palmer." were split before their names, leaving 6 to 11 words.
    """
    words = list(itertools.islice(_HEADLINE_WORD.finditer(text, start, end), HEADLINE_WORDS + LEDE_WORDS))
    for i in range(3, min(len(words) - LEDE_WORDS + 1, HEADLINE_WORDS)):
        prev, word, nxt = words[i - 1].group(), words[i].group(), words[i + 1].group()
        gap = text[words[i - 1].end() : words[i].start()].strip()
        if gap not in _CLOSING or not word[0].isupper():
            continue
        if gap == '"' and text.count('"', start, words[i - 1].end()) % 2 == 0:
            continue  # a quotation opens: 'Trump said "It is a terrible deal"'
        if not prev[0].islower() and not gap:  # inside a run of capitals: only a dateline starts there
            if not prev.isupper() and _DATELINE.match(text, words[i].start(), end):
                return words[i].start()
            continue
        if word in _OPENERS and nxt[0].islower():
            return words[i].start()
        if _DATELINE.match(text, words[i].start(), end):
            return words[i].start()
        if prev.lower() in STOPWORDS:
            continue
        if word in _ARTICLES and nxt[0].islower():
            return words[i].start()
        j = i + 1
        while (j < len(words) and words[j].group()[0].isupper()
               and not text[words[j - 1].end() : words[j].start()].strip()):
            j += 1
        if j == len(words) or not words[j].group()[0].islower():
            continue
        if j - i >= 2 and names and words[j].group().lower() not in STOPWORDS:
            inner = [k for k in range(i + 1, j) if words[k].group() in _ARTICLES]
            return words[inner[-1] if inner else i].start()
        if j - i == 1 and _written_lower(text, word):
            return words[i].start()
    return None


def _written_lower(text: str, word: str) -> bool:
    """Whether `text` holds `word` in lower case as a word of its own, not inside an address ("usgs.gov"):
    a common word, not a name."""
    lower = word.lower()
    # the substring test first: most names are nowhere in lower case, and it costs a scan in C
    return (lower != word and lower in text
            and re.search(rf"(?<![\w'’./@-]){re.escape(lower)}(?![\w'’/@-]|\.\w)", text) is not None)


def _is_abbreviation(text: str, sentence_start: int, dot: int, after: int) -> bool:
    """Whether the full stop at `dot` (its end mark ending at `after`) closes an abbreviation that does not
    end the sentence.

    A dotted abbreviation ("U.S.", "a.m.", detokenised "a. m.") may end one: it does when the next word is
    a function word ("extinguished by 6: 40 a. m. The building is a total loss"), and not before a name,
    a weekday or a time zone ("3: 30 a. m. Tuesday", "7: 37 a. m. UTC", "the U.S. Geological Survey").
    """
    j = dot
    while j > sentence_start and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot]
    # "U.S." / "a.m.", or the same detokenised, "a. m." / "U. S.": a letter, a dot and a space before this one
    if "." in word or (len(word) == 1 and _SPACED_INITIAL.search(text, max(sentence_start, j - 4), j)):
        k = after
        while k < len(text) and (text[k].isspace() or text[k] in _OPENING):
            k += 1
        following = _HEADLINE_WORD.match(text, k)
        return following is None or following.group().lower() not in STOPWORDS
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def _is_caption(text: str, start: int, end: int) -> bool:
    """Whether paragraph text[start:end] is a photo caption: it closes on a credit ("... on June 12, 2018.
    (Evan Vucci/AP)"), opens like one ("(File) ...") or names its source ("Source: Jeon Heon-kyun/Pool via
    Reuters"). A caption describes a picture; pairing it with the article's statements only adds noise
    ("Kim Jong Un reach to shake hands at their summit in Singapore on June 12" against every sentence
    about the summit)."""
    paragraph = text[start:end]
    # Each search only where what it needs is there (a closing bracket at the end; a colon and a slash):
    # scanning every paragraph of a corpus twice was a twentieth of `prepare`.
    return bool((paragraph.rstrip().endswith(")") and CAPTION_CREDIT_END.search(paragraph))
                or CAPTION_START.match(paragraph)
                or (":" in paragraph and "/" in paragraph and CAPTION_CREDIT.search(paragraph)))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of `text`, stripped: its lines, also where a scraped article kept a line break as the
    two characters `\\n` standing alone ("... than any other issue.  \\n Macron said he wants ...", as
    NewsWCL50's texts do): the splitter needs a capital after an end mark, so without the break the two
    sentences read as one."""
    spans, pos = [], 0
    # the escaped break is rare: without it, a search for the character alone (several times faster)
    breaks = _LINE_BREAK if "\\n" in text else _NEWLINE
    for brk in itertools.chain(breaks.finditer(text), [None]):
        s, e = pos, len(text) if brk is None else brk.start()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        pos = len(text) if brk is None else brk.end()
    return spans


def prepare(doc: Document) -> PreparedDocument:
    """Tokens and sentences of `doc` (a pure function of the document: safe to run in a worker process).

    Written as whole-document comprehensions over a per-token cache rather than one loop doing everything
    for each token: this stage reads every word of the corpus, and runs a fifth faster that way.
    """
    text = doc.text
    # Every token of the text and the text before it, at once; sentences take theirs by position (a token
    # never straddles a sentence's bounds, which fall beside white space or punctuation).
    parts = _TOKEN.split(text)  # [gap, token, gap, token, ..., the rest]
    bounds = list(itertools.accumulate(map(len, parts), initial=0))
    all_starts, all_ends = bounds[1:-1:2], bounds[2:-1:2]
    chosen: list[int] = []  # the tokens of the sentences kept, in order
    sentences: list[Sentence] = []
    gap_at: dict[int, tuple[int, int]] = {}  # a sentence's or joined part's first token: where its gap is
    joins: list[int] = []  # the first token of each fragment joined to a neighbour (`_join_fragments`)
    remarks: list[int] = []  # ...of those, each quotation that resumes a remark after its attribution
    paragraphs = _paragraphs(text)
    top = 0  # paragraphs kept at the document's top, above its lede (`_split_sentences`); -1 past it
    cut: tuple[int, int] | None = None  # the span of a headline cut off the lede in the first paragraph
    for paragraph, (p_start, p_end) in enumerate(paragraphs):
        if _is_caption(text, p_start, p_end):
            continue
        pieces: list[Piece] = []
        spans, headlines = _split_sentences(text, p_start, p_end, top if top < TOP_PARAGRAPHS else -1,
                                            doc.title)
        if top == 0 and headlines:
            cut = spans[0]
        for s_start, s_end in spans:
            if CAPTION_POSITION.search(text, s_start, s_end):  # "President Trump, right, and ..."
                continue
            first, last = bisect.bisect_left(all_starts, s_start), bisect.bisect_left(all_starts, s_end)
            if first < last:
                pieces.append((s_start, s_end, list(range(first, last)), [0], []))
        for s_start, s_end, found, firsts, resumed in _join_fragments(text, p_start, pieces):
            at = len(chosen)
            gap_at[at] = (s_start, all_starts[found[0]])
            for i in firsts[1:]:
                joins.append(at + i)
                gap_at[at + i] = (all_ends[found[i - 1]], all_starts[found[i]])
            remarks.extend(at + i for i in resumed)
            sentences.append(Sentence(at, at + len(found), s_start, s_end, paragraph))
            chosen.extend(found)
            if len(found) >= LEDE_WORDS:
                top = -1
        if top >= 0 and pieces:
            top += 1
    if not chosen:
        return PreparedDocument(doc.id, (), (), (), b"", b"", b"", b"", (), (), False)
    tokens, gaps, starts, ends = parts[1::2], parts[0:-1:2], all_starts, all_ends
    if len(chosen) < len(all_starts):  # captions or sentences left out
        pick = operator.itemgetter(*chosen) if len(chosen) > 1 else lambda xs: (xs[chosen[0]],)
        tokens, gaps, starts, ends = (list(pick(xs)) for xs in (tokens, gaps, starts, ends))
    for at, (a, b) in gap_at.items():
        gaps[at] = text[a:b]
    keys, content, values, clause_words, classes = (list(x) for x in zip(*_tokens(tokens), strict=True))
    if "re" in tokens:  # "they ’ re" as detokenised news writes "they're": the verb, no content word
        at = -1
        while (at := _next_index(tokens, "re", at + 1)) >= 0:
            if gaps[at].rstrip().endswith(("'", "’")):
                keys[at], content[at], classes[at] = "are", False, _and_class("are", "are", "are")
    capitals = list(map(str.isupper, map(operator.itemgetter(0), tokens)))
    sentence_firsts = {s.first for s in sentences}
    for first in itertools.chain(sentence_firsts, joins):
        capitals[first] = False
    if sentences and _title_case(tokens[sentences[0].first : sentences[0].last]):
        capitals[sentences[0].first : sentences[0].last] = [False] * (sentences[0].last - sentences[0].first)
    for shouted in _SHOUTED.finditer(text):
        # a word set in capitals for emphasis or by a lede's style ("NO COLLUSION", "AN EARTHQUAKE killed
        # six children"), which the document writes in lower case elsewhere: no name ("FBI" and "NATO" are)
        if (i := bisect.bisect_left(starts, shouted.start())) < len(starts) and starts[i] == shouted.start() \
                and _written_lower(text, shouted.group()):
            capitals[i] = False
    if not _PHRASE_FIRSTS.isdisjoint(keys):
        # each phrase's first word found by `list.index` (in C), not by a loop over every key in Python
        at_firsts = sorted(i for first in _PHRASE_FIRSTS for i in _indices(keys, first, len(keys) - 1))
        for i in [i for i in at_firsts if i + 1 not in sentence_firsts]:
            if folded := _PHRASES.get((keys[i], keys[i + 1])):
                keys[i] = keys[i + 1] = folded
    breaks = bytearray(map(operator.getitem, map(_breaks_after, gaps), clause_words))
    for first in joins:  # a sentence end inside a joined sentence: a clause may start there
        breaks[first] = max(breaks[first], CLAUSE)
    for first in remarks:  # and a statement, where a quotation resumes after its attribution
        breaks[first] = STATEMENT
    _and_clauses("".join(classes), breaks, sentences)
    return PreparedDocument(
        doc.id, tuple(keys), tuple(starts), tuple(ends), bytes(content), bytes(breaks), bytes(capitals),
        _quoted(text, paragraphs, sentences, starts), tuple(values), tuple(sentences),
        _opens_with_headline(text, paragraphs, sentences, doc.title, cut),
    )


def _opens_with_headline(text: str, paragraphs: list[tuple[int, int]], sentences: list[Sentence], title: str,
                         cut: tuple[int, int] | None) -> bool:
    """Whether the document's first sentence is its headline, with the story under it: the splitter cut
    it off the lede (`cut`: "Report: Mike Pompeo met with Kim Jong Un" glued to "The Washington Post
    reports ..."), or it is a paragraph of its own that is the document's title and the next paragraph
    opens a sentence ("Matanuska Maid Building Burns Down." above "A fire destroyed ..."). The reader takes
    a plain text's first line for its title (viewer.core.ingest.metadata.headline), also when the text is
    wrapped in mid-sentence ("Inheritance is a basic concept of Object-Oriented Programming where" above
    "the basic idea is ...", a student's answer): such a line runs on in lower case, and is no headline.
    A rule for headlines (viewer.core.align.stages.keep_best_partners) stays off texts that have none."""
    if len(sentences) < 2:
        return False
    first, lede = sentences[0], sentences[1]
    if cut is not None:
        return (first.start, first.end) == cut
    if first.paragraph == lede.paragraph or (first.start, first.end) != paragraphs[first.paragraph]:
        return False
    if " ".join(text[first.start : first.end].split()) != title:
        return False
    opening = _HEADLINE_WORD.match(text, lede.start + (text[lede.start] in _OPENING))
    return opening is not None and opening.start() < lede.end and not opening.group()[0].islower()


def _quoted(text: str, paragraphs: list[tuple[int, int]], sentences: list[Sentence], starts: Sequence[int]
            ) -> bytes:
    """One byte a token: 1 inside a quotation. A quotation mark (straight or curly double quote, or the
    Penn Treebank's `` and '' of detokenised news) opens or closes one, so a token is quoted when an odd
    number of marks come before it in its paragraph: counting rather than reading a mark's direction, for
    detokenised text spaces them alike on both sides ("\" It's insane. It's ridiculous, \" Trump said").
    A paragraph opens with no quotation open: news opens a quotation again in each paragraph it runs on.
    Single marks, which are apostrophes as often, quote only where they pair up (`_SINGLE_QUOTE`)."""
    quoted = bytearray(len(starts))
    # an opening single mark follows a space, a line break or a bracket: most texts have none, and these
    # substring tests cost less than scanning them for marks
    singles = "‘" in text or " '" in text or "\n'" in text or "('" in text or text.startswith("'")
    for paragraph, group in itertools.groupby(sentences, key=lambda s: s.paragraph):
        p_start, p_end = paragraphs[paragraph]
        marks = [m.start() for m in _QUOTE_MARK.finditer(text, p_start, p_end)]  # read once a paragraph
        if marks:
            # the paragraph's tokens (those of its sentences, numbered in a row) after an odd mark (the
            # first, the third...) up to the next mark, or to the paragraph's end: a slice each
            sentences_in = list(group)
            lo, hi = sentences_in[0].first, sentences_in[-1].last
            for opening, closing in itertools.zip_longest(marks[0::2], marks[1::2]):
                first = bisect.bisect_right(starts, opening, lo, hi)
                last = hi if closing is None else bisect.bisect_right(starts, closing, lo, hi)
                quoted[first:last] = b"\x01" * (last - first)
        for m in _SINGLE_QUOTE.finditer(text, p_start, p_end) if singles else ():
            if m.group()[-3:-1] == "s " and _POSSESSIVE_AFTER.match(text, m.end()):
                continue  # "Democrats ' computers ... the Democrats ' core claims": two possessives
            first, last = bisect.bisect_left(starts, m.start()), bisect.bisect_left(starts, m.end())
            quoted[first:last] = b"\x01" * (last - first)
    return bytes(quoted)


def _title_case(tokens: list[str]) -> bool:
    """Whether a headline (a document's first sentence) is written in title case, each long word capitalised
    ("Earthquake Of Magnitude 6.1 Strikes Indonesia's Aceh Province Killing One", as many outlets style
    headlines): its capitals then mark no names, and "Strikes" and "Province" are the words "strikes" and
    "province" of another outlet's headline. At least three words of four letters or more, all capitalised.
    Only the first sentence is read so: further down, a run of capitalised words is a list of names or
    titles (a web page's menu, a caption), not a headline's style."""
    long = [t for t in tokens if len(t) >= 4 and t[0].isalpha()]
    return len(long) >= 3 and all(t[0].isupper() for t in long)


# start, end, its tokens (numbered in the text), the starts of its parts (sentences joined), and of those
# the parts that resume a remark after its attribution (`_resumes_remark`)
Piece = tuple[int, int, list[int], list[int], list[int]]


def _join_fragments(text: str, paragraph_start: int, pieces: list[Piece]) -> list[Piece]:
    """The sentences of one paragraph with each quoted one of fewer than STATEMENT_TOKENS words joined to
    the next when the quotation runs on into it: a speaker's "It's insane. It's ridiculous. It should have
    never been made," Trump said is one statement, which another outlet writes as one sentence or
    paraphrases whole ("the agreement he described as 'insane' and 'ridiculous'"), and no passage can be
    made of its two-word sentences. A short sentence of the reporter's own ("The talks ended late.") is
    a statement as it stands, and one that closes its quotation or its paragraph stays alone too.

    A remark interrupted by its attribution is one statement too: a sentence that is a whole quotation
    closed in it, right after a sentence that closes a quotation and then says who said it, ends the
    remark the first one opened ('"It's insane. It's ridiculous," Trump said when asked by reporters about
    the deal. "It should never have been made, but we will be talking about it."'; '"You can mark it
    down," he said. "If they restart their nuclear program, ..."'), and readers quote the two as one.
    A quotation that runs on beyond one sentence after the attribution is a speech of several statements
    ('... ," Trump said during the meeting. "Iran seems to be behind everything where there is a problem.
    You look at ...'), each a passage of its own (`_resumes_remark`)."""
    out: list[Piece] = []
    pending: Piece | None = None
    for piece in pieces:
        if pending is not None:
            piece = _joined(pending, piece)
            pending = None
        if len(piece[2]) < STATEMENT_TOKENS and _quote_open(text, paragraph_start, piece[1]):
            pending = piece
        elif out and _resumes_remark(text, out[-1], piece):
            out[-1] = _joined(out[-1], piece, resumes=True)
        else:
            out.append(piece)
    if pending is not None:
        out.append(pending)
    return out


def _resumes_remark(text: str, before: Piece, piece: Piece) -> bool:
    """Whether sentence `piece` is a whole quotation, opened at its start and closed at its end, that
    resumes the remark of the sentence `before`: one opening with a quotation that it closes before
    saying who said it (a verb of saying after its last quotation mark, `_SPEECH_AFTER`), when one of the
    two quotations has fewer than STATEMENT_TOKENS words, too few to state anything on its own."""
    start, end = piece[0], piece[1]
    if text[start] not in _QUOTE_OPENS or _quote_open(text, start, end):
        return False
    if not text[start:end].rstrip().endswith(_QUOTE_CLOSES):
        return False
    b_start, b_end = before[0], before[1]
    if text[b_start] not in _QUOTE_OPENS or _quote_open(text, b_start, b_end):
        return False
    marks = list(_QUOTE_MARK.finditer(text, b_start + 1, b_end))
    if not marks:
        return False
    closing = marks[-1]
    if _SPEECH_AFTER.isdisjoint(w.lower() for w in _LETTERS.findall(text, closing.end(), b_end)):
        return False
    return (len(piece[2]) < STATEMENT_TOKENS
            or len(_TOKEN.findall(text, b_start, closing.start())) < STATEMENT_TOKENS)


# The quotation marks that open and close a remark (`_resumes_remark`): straight, curly, or the Penn
# Treebank's `` and '' of detokenised news.
_QUOTE_OPENS = "\"“`"
_QUOTE_CLOSES = ('"', "”", "''")
# Verbs of saying after a closing quotation mark: the attribution of the remark before it.
_LETTERS = re.compile(r"[^\W\d_]+")
_SPEECH_AFTER = frozenset(
    "said says told added asked explained continued insisted noted warned replied wrote tweeted".split()
)


def _quote_open(text: str, start: int, end: int) -> bool:
    """Whether a quotation opened in text[start:end] is still open at its end: straight quotes toggle,
    curly ones open and close, and `''` closes (the Penn Treebank's closing quote, which detokenised news
    writes after an opening `"`)."""
    marks = (text.count('"', start, end) + text.count("“", start, end) - text.count("”", start, end)
             - text.count("''", start, end))
    return marks % 2 == 1


def _joined(first: Piece, second: Piece, resumes: bool = False) -> Piece:
    """The two pieces as one; `resumes`: the second resumes the remark of the first."""
    n = len(first[2])
    return (first[0], second[1], first[2] + second[2], first[3] + [n + i for i in second[3]],
            first[4] + [n] * resumes + [n + i for i in second[4]])


def _and_clauses(classes: str, breaks: bytearray, sentences: list[Sentence]) -> None:
    """Mark JOINED in `breaks` at each "and" that opens a clause of its own (`_AND_CLAUSE`, over the
    tokens' `_and_class` letters): a subject and its verb follow in its sentence with no punctuation or
    clause word between, and its own clause has a verb before it. That clause runs from the last break
    before the "and", or from the last word that opens a phrase whose "and" joins two of its words (T:
    "determine whether the special counsel and his staff were"). The "and" stands at least
    STATEMENT_TOKENS words after its sentence's start; one between two names or two numbers
    (`_ONE_SUBJECT`) opens none, and one after a semicolon stays the STATEMENT it opens (reported alone)."""
    firsts: list[int] | None = None
    for m in _AND_CLAUSE.finditer(classes):
        i = m.start()
        if firsts is None:
            firsts = [s.first for s in sentences] + [len(classes)]
        k = bisect.bisect_right(firsts, i) - 1
        first = firsts[k]
        if (i - first < STATEMENT_TOKENS or m.end() > firsts[k + 1] or any(breaks[i + 1 : m.end()])
                or breaks[i] == STATEMENT or classes[i - 1] + classes[i + 1] in _ONE_SUBJECT):
            continue
        clause = max(first, *(breaks.rfind(b, first, i) for b in (CLAUSE, STATEMENT, JOINED)),
                     classes.rfind("T", first, i) + 1)
        if _VERB_FORM.search(classes, clause, i) is not None:
            breaks[i] = JOINED


def _and_class(word: str, tok: str, key: str) -> str:
    """The letter `_AND_CLAUSE` reads for a token (`word` lower-cased, `key` its matching key)."""
    if key == "and":
        return "A"
    if key == NUMBER or word in _NUMBER_WORDS:
        return "N"
    if word in _PRONOUNS:
        return "P"
    if tok[0].isupper():  # a name ("United" of "United States", "May" of "Theresa May"), not a date
        return "w" if key in (MONTH, WEEKDAY) else "C"
    if word in _FINITE_VERBS:
        return "V"
    if word in _SAID:
        return "R"
    if word in _PHRASE_OPENERS:
        return "T"
    if word in _DETERMINERS:
        return "S"
    if word in _PREPOSITIONS:
        return "O"
    if word in _PAST_FORMS or (len(word) > 4 and word.endswith("ed")):
        return "D"
    if "'" in word or "’" in word:
        return "Q" if word.replace("’", "'").split("'")[0] in _CONTRACTED else "w"
    return "w"


# What `_read_tokens` read of each token met (a corpus repeats the same few tens of thousands of words),
# forgotten when it would hold more than TOKEN_CACHE.
_known_tokens: dict[str, tuple[str, bool, str, int, str]] = {}
TOKEN_CACHE = 400_000


def _tokens(tokens: list[str]) -> Iterator[tuple[str, bool, str, int, str]]:
    """`_read_tokens` of each of `tokens`, those met before taken from the cache, the others read at once."""
    missing = list(set(tokens).difference(_known_tokens))  # a set less a dict's keys: looked up in C
    if missing:
        if len(_known_tokens) + len(missing) > TOKEN_CACHE:
            _known_tokens.clear()
        _known_tokens.update(zip(missing, _read_tokens(missing), strict=True))
    return map(_known_tokens.__getitem__, tokens)


def _read_tokens(tokens: list[str]) -> list[tuple[str, bool, str, int, str]]:
    """(matching key, content word, number value, what it opens, `_and_class`) of each token as `_TOKEN`
    matched it; what it opens is NO_BREAK, CLAUSE (a clause word), _CONTRAST (a contrasting conjunction, a
    clause word too) or _REPORTING (a reporting verb that attaches a statement after a comma). The first
    character tells which alternative of `_TOKEN` matched. The words' keys are read together (`_word_keys`).
    """
    words = iter(_word_keys([t.replace(".", "") for t in tokens  # dotted abbreviations: U.S. = US
                             if not t[0].isdecimal() and t != "&"]))
    out = []
    for tok in tokens:
        value = ""
        if tok[0].isdecimal():
            key = NUMBER
            value = "#" + tok.rstrip("stndrh").replace(",", "")
        else:
            key = "and" if tok == "&" else next(words)
        # The word itself is looked up as well as its key: the stopword list holds words, and stemming
        # turns some of them into keys it does not hold ("according" -> "accord", "only" -> "onli").
        word = tok.lower()
        is_content = (key not in STOPWORDS and word not in STOPWORDS and len(key) > 1) or key == NUMBER
        opens = (_CONTRAST if word in _CONTRAST_WORDS else _REPORTING if word in _REPORTING_WORDS
                 else CLAUSE if word in _CLAUSE_WORDS else NO_BREAK)
        # Interned: documents share one copy of each key, in this process and wherever marshal carries them.
        out.append((sys.intern(key), is_content, value, opens, _and_class(word, tok, key)))
    return out


@lru_cache(maxsize=10_000)
def _gap_breaks(gap: str) -> int:
    """The break the text between two tokens makes: STATEMENT for a semicolon, CLAUSE for other clause
    punctuation (a comma, colon, quote, dash...), else NO_BREAK."""
    if ";" in gap:
        return STATEMENT
    return CLAUSE if _CLAUSE_MARK.search(gap) is not None else NO_BREAK


@lru_cache(maxsize=10_000)
def _breaks_after(gap: str) -> bytes:
    """`_break` of each value of what a word opens (`_read_tokens`), after the text `gap`: a token's break is
    looked up in C, where calling `_break` for each token was a tenth of `prepare`."""
    return bytes(_break(word, _gap_breaks(gap)) for word in range(_REPORTING + 1))


def _break(word: int, gap: int) -> int:
    """A token's `clause_break` from what its word opens (`_read_tokens`) and what the text before it holds
    (`_gap_breaks`): a contrasting conjunction or a reporting verb opens a statement only after
    punctuation ("200 US troops, but if", "in the statement, noting that"), not inside a clause ("small
    but significant", "without saying")."""
    if gap == STATEMENT or (gap and word in (_CONTRAST, _REPORTING)):
        return STATEMENT
    return CLAUSE if gap or word in (CLAUSE, _CONTRAST) else NO_BREAK
