"""Find the parallel passages of a corpus: candidate index -> verified sentence pairs -> groups.

The build is a chain of stages that are pure functions over their inputs, so that they can run in worker
processes (viewer.core.align.pool) and on a distributed engine; viewer.core.pipeline drives them:

1. `prepare` (viewer.core.align.passages): tokens and sentences of each document.
2. `sentence_terms` / `weights_from_counts`: inverse sentence frequency of every matching key.
3. `boilerplate_of`: sentences repeated across many documents (pitches, bylines, captions).
4. candidates (viewer.core.align.postings): sentence pairs sharing hashed word 3-grams (that hold a
   content word) or a few specific content words, read off an inverted index whose posting lists are
   capped, so the cost grows near-linearly with the corpus; never every sentence against every other.
5. `verify`: each candidate sentence pair scored 0..1 (`score_sentences`: weighted Dice of the content
   words, averaged with the sentence model's similarity when it is installed, or that similarity alone
   for two sentences stating the same fact), the passage being the
   sentence, or the clause when only a copied clause is shared. Words both sentences have only in their
   attributions (viewer.core.align.attribution: who says it) are set aside on both sides, and a quote's
   passage keeps its attribution.
6. `keep_best_partners`, `assemble`, then `regroup` / `group_pairs`: each sentence keeps its best
   parallels in each other document (a match that is all two articles share and shares only a phrase out
   of the middle of a clause is none: `without_lone_phrases`); passages linked by parallels form groups
   (one quote shared by four outlets is one group, not six pairs; a copied paragraph is a run of sentence
   parallels). The grouping is in viewer.core.align.grouping, re-exported here.

Imports: the standard library, rapidfuzz, viewer.core.model, viewer.core.align.passages, .semantic, .timing,
.attribution, .grouping.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from viewer.core.align.attribution import attributed, attribution, with_attribution

# grouping lives in viewer.core.align.grouping (on numbers, numpy); its names stay importable from here
from viewer.core.align.grouping import figure_groups_of as figure_groups_of
from viewer.core.align.grouping import group_pairs as group_pairs
from viewer.core.align.grouping import pair_order as pair_order
from viewer.core.align.grouping import regroup as regroup
from viewer.core.align.passages import (
    JOINED,
    MONTH,
    NUMBER,
    STATEMENT,
    STATEMENT_TOKENS,
    WEEKDAY,
    PreparedDocument,
    Sentence,
)
from viewer.core.align.semantic import Vectors
from viewer.core.align.timing import Setting, apart, setting
from viewer.core.model import Alignment, Boilerplate, Corpus, Pair, Repeat, Span

DEFAULT_MIN_SIMILARITY = 0.4


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Tuning of the engine; the defaults are what the tests and benchmarks measure."""

    floor: float = 0.3  # pairs below this are never kept, whatever threshold the user picks later
    shingle: int = 3
    max_postings: int = 120  # posting lists longer than this (sentences) are too common to index
    phrase_shingles: int = 3  # candidate by shared shingles: this many, or two and a rare word
    min_rare_words: int = 2  # candidate by shared content words: at least this many...
    min_rare_weight: float = 0.8  # ...whose weights sum to this (a weight is 1 for a word of one sentence)
    min_tokens: int = STATEMENT_TOKENS  # a passage has at least this many tokens
    min_shared_words: int = 1  # shared content words that are not names or numbers
    substance: float = 1.5  # weight of shared words below which a similarity is scaled down
    copy_tokens: int = 4  # a copied clause: at least this many words in order...
    copy_words: int = 3  # ...this many of them content words...
    copy_gap: int = 1  # ...at most this many words apart...
    copy_min: float = 0.8  # ...and this lexical similarity
    copy_long: int = 8  # a run of this many words in order is a copy wherever it stands (`_phrase_only`)
    quote_words: int = 2  # sentences quoting this many of the same words...
    quote_weight: float = 0.5  # ...each of this weight or more (a word of some sqrt(N) of N sentences) quote
    # one remark: they score at least the mean of their score and their quotations' (`_quoted_similarity`)
    remark: float = 0.5  # quotations this similar (most of what the two quote, by weight, the same words)
    # are one remark: a lesser partner quoting it stays in `keep_best_partners`
    semantic: bool = True  # use the sentence model when it is installed (viewer.core.align.semantic)
    repeat_min: float = 0.75  # a passage repeated inside one article: nearly the same words
    boilerplate_min_docs: int = 3  # an identical sentence in this many documents of one source...
    boilerplate_share: float = 0.5  # ...or in half of a corpus of 10+ documents is boilerplate


@dataclass(frozen=True, slots=True)
class Match:
    """A verified pair before merging: sentence indices and the token ranges that correspond."""

    doc_a: int
    sent_a: int
    doc_b: int
    sent_b: int
    tokens_a: tuple[int, int]
    tokens_b: tuple[int, int]
    similarity: float


# ---------------------------------------------------------------------------------------------- weights


def sentence_terms(d: PreparedDocument) -> list[str]:
    """One document's share of the sentence frequencies: each sentence's distinct content keys and numbers.

    Summed over documents (a Counter) they give `weights_from_counts` its counts, so that worker processes
    or the index can count documents apart and only the sum is corpus-wide.
    """
    out: list[str] = []
    keys, content, values = d.keys, d.content, d.values
    for s in d.sentences:
        out.extend({keys[i] for i in range(s.first, s.last) if content[i]})
        out.extend({values[i] for i in range(s.first, s.last) if values[i]})
    return out


def weights_from_counts(df: Counter[str], sentences: int) -> dict[str, float]:
    """The weights of `corpus_weights` from summed `sentence_terms` of a corpus of `sentences` sentences."""
    scale = math.log(1.0 + sentences) if sentences else 1.0
    return {k: math.log(1.0 + sentences / c) / scale for k, c in df.items() if c > 0}


_NUMBER_WEIGHT = 0.2


def _weight(key: str, weights: dict[str, float]) -> float:
    # A number carries little on its own: "on June 27" and "on July 27" should match, unrelated
    # sentences that both hold some number should not.
    return _NUMBER_WEIGHT if key == NUMBER else weights.get(key, 1.0)


# ------------------------------------------------------------------------------------------- boilerplate


def _sentence_key(d: PreparedDocument, s_index: int) -> int:
    s = d.sentences[s_index]
    return zlib.crc32(" ".join(d.keys[s.first : s.last]).encode())


def sentence_keys(d: PreparedDocument) -> list[int]:
    """A hash of each sentence's matching keys: equal for sentences that read the same."""
    return [_sentence_key(d, si) for si in range(len(d.sentences))]


def boilerplate_of(
    keys: Sequence[Sequence[int]], sources: Sequence[str], opts: AlignOptions
) -> set[tuple[int, int]]:
    """(document index, sentence index) of boilerplate, from each document's `sentence_keys`.

    Two signs: the same sentence in `boilerplate_min_docs` documents of one source (an outlet's newsletter
    pitch or byline), or in a large share of a sizeable corpus (a caption every article carries). A quote
    shared by every article of a five-article story is neither.
    """
    where: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for di, doc_keys in enumerate(keys):
        for si, key in enumerate(doc_keys):
            where[key].append((di, si))
    boiler: set[tuple[int, int]] = set()
    n_docs = len(keys)
    for places in where.values():
        if len(places) < 2:
            continue
        doc_set = {di for di, _ in places}
        if len(doc_set) < 2:
            continue
        by_source = Counter(sources[di] for di in doc_set if sources[di])
        same_source = by_source and max(by_source.values()) >= opts.boilerplate_min_docs
        widespread = n_docs >= 10 and len(doc_set) >= max(
            opts.boilerplate_min_docs, opts.boilerplate_share * n_docs
        )
        if same_source or widespread:
            boiler.update(places)
    return boiler


# -------------------------------------------------------------------------------------------- candidates


def _features(d: PreparedDocument, s_index: int, k: int) -> tuple[set[int], set[str]]:
    """The shingles (crc32 of k consecutive keys) and the content words (numbers by value) of a sentence.

    A shingle of stopwords and number or month classes only ("# of the", "in @month #") is left out: it
    says nothing of what a sentence reports, and such shingles made two thirds of the candidate pairs of
    the 10,000-article benchmark corpus while finding no parallel the others missed (on every real corpus
    of the test data too).
    """
    s = d.sentences[s_index]
    keys = d.keys[s.first : s.last]
    content = d.content[s.first : s.last]
    meaningful = [c and key not in _CLASS_KEYS for key, c in zip(keys, content, strict=True)]
    shingles = {
        zlib.crc32(" ".join(keys[i : i + k]).encode())
        for i in range(len(keys) - k + 1)
        if any(meaningful[i : i + k])
    }
    rare = {d.values[i] or d.keys[i] for i in range(s.first, s.last) if d.content[i]}
    return shingles, rare


# ------------------------------------------------------------------------------------------- verification


Passage = tuple[str, tuple[int, int]]  # (document id, token range)


class Memo:
    """What scoring reads of each passage (`Passage`), computed once however many pairs it is in, for one
    set of weights: its weighed content words (`_weighed`), its quotation (`quotation`), its attributions
    (`attribution.attribution`), its statements (`statements`) and when it is set (`timing.setting`).

    A sentence of 1,000 dense articles meets some 27 candidates; at a third of them, 395 k quotations were
    read of 22 k distinct passages, 184 k attributions of 56 k, 302 k statement searches of 32 k and 112 k
    settings of 25 k. Each is a function of the passage (and the weights) alone, so the memo changes no
    result. `len` is the size of its largest table, for a caller that bounds its memory."""

    __slots__ = ("_parts", "_quoted", "_said", "_sentences_said", "_settings", "weighed")

    def __init__(self) -> None:
        # (word -> weight, the exact sum of the weights of its words, numbers by value left out, the words
        # only in its attributions)
        self.weighed: dict[Passage, tuple[dict[str, float], float, frozenset[str]]] = {}
        self._quoted: dict[Passage, dict[str, float]] = {}
        self._said: dict[Passage, frozenset[int]] = {}
        self._sentences_said: dict[tuple[str, int], frozenset[int]] = {}  # by first token
        self._parts: dict[tuple[str, tuple[int, int], bool], list[tuple[int, int]]] = {}
        self._settings: dict[Passage, Setting] = {}

    def _tables(self) -> tuple[dict, ...]:
        return self.weighed, self._quoted, self._said, self._sentences_said, self._parts, self._settings

    def __len__(self) -> int:
        return max(map(len, self._tables()))

    def clear(self) -> None:
        for table in self._tables():
            table.clear()

    def quotation(self, d: PreparedDocument, r: tuple[int, int], weights: dict[str, float]
                  ) -> dict[str, float]:
        """`quotation`, once per passage."""
        if (known := self._quoted.get((d.doc_id, r))) is None:
            known = self._quoted[(d.doc_id, r)] = quotation(d, r, weights)
        return known

    def attribution(self, d: PreparedDocument, r: tuple[int, int]) -> frozenset[int]:
        """`attribution.attribution`, once per passage."""
        if (known := self._said.get((d.doc_id, r))) is None:
            known = self._said[(d.doc_id, r)] = attribution(d, r, self._sentence_said)
        return known

    def _sentence_said(self, d: PreparedDocument, s: Sentence) -> frozenset[int]:
        if (known := self._sentences_said.get((d.doc_id, s.first))) is None:
            known = self._sentences_said[(d.doc_id, s.first)] = attributed(d, s)
        return known

    def statements(self, d: PreparedDocument, r: tuple[int, int], min_tokens: int, joined: bool = True
                   ) -> list[tuple[int, int]]:
        """`statements` (with one `min_tokens` for the memo's life), once per passage."""
        if (known := self._parts.get((d.doc_id, r, joined))) is None:
            known = self._parts[(d.doc_id, r, joined)] = statements(d, r, min_tokens, joined)
        return known

    def setting(self, d: PreparedDocument, r: tuple[int, int]) -> Setting:
        """`timing.setting`, once per passage."""
        if (known := self._settings.get((d.doc_id, r))) is None:
            known = self._settings[(d.doc_id, r)] = setting(d, *r)
        return known


def score_sentences(
    a: PreparedDocument, sa: int, b: PreparedDocument, sb: int, weights: dict[str, float], opts: AlignOptions,
    memo: Memo | None = None, semantic: float | None = None,
) -> tuple[float, tuple[int, int], tuple[int, int]]:
    """Similarity 0..1 of sentence `sa` of `a` and `sb` of `b`, and the token ranges that correspond.

    Readers compare statements, and a statement is a sentence: the passages are the two whole sentences,
    never a run of sentences against one, nor a clause trimmed out of a restatement. The similarity is
    the weighted Dice of their content words (`lexical`); with the sentence model's `semantic` similarity
    (viewer.core.align.semantic) it is the mean of the two when that is higher: one number on the scale
    the user's threshold reads, which the model raises for restatements and never lowers below what the
    words say (sentences sharing their specific words are parallels whatever the model makes of them);
    and the model's similarity when higher still for two sentences stating the same fact (the same figure
    and word, each its article's only mention: `_own_figures`, `_combined`).
    A compound sentence (two statements joined by a semicolon, by ", but" or by "and" opening a clause of
    its own: `statements`) is scored statement by statement too, so that a restatement of one of them is
    not drowned by the other's words nor reported as two statements against one; a statement's score is
    the mean of its words' Dice and the model's similarity of the sentences (the model read only those;
    `_combined`), and it is the passage when the sentences share nothing outside it (a statement joined
    by "and" is reported with its sentence: `_reported`). A clause copied word for word (`_copied_clause`:
    a quote inside a longer sentence, a wire clause) scores as the copy it is, and is itself the passage
    when the two sentences share nothing else. Symmetric: the two sides are always read in one canonical
    order.
    """
    s1, s2 = a.sentences[sa], b.sentences[sb]
    ra, rb = (s1.first, s1.last), (s2.first, s2.last)
    if (b.doc_id, rb) < (a.doc_id, ra):
        sim, tb, ta = score_sentences(b, sb, a, sa, weights, opts, memo, semantic)
        return sim, ta, tb
    memo = Memo() if memo is None else memo
    lex, ceiling = _lexical(a, ra, b, rb, weights, opts, memo)
    figures = frozenset() if semantic is None else _own_figures(a, ra, b, rb)
    sim = _with_quotes(_combined(lex, semantic, bool(figures)), a, ra, b, rb, weights, opts, memo)
    ta, tb = ra, rb
    # No statement or clause of the two sentences scores above `ceiling` (what they share weighs no more
    # than what the whole sentences share) or, when both quote, half way from there to 1: so the searches
    # below are skipped when they cannot win: most candidates of a corpus share a stock phrase and little
    # else.
    reach = _combined(ceiling, semantic, bool(figures), whole=False)
    if any(a.quoted[ra[0] : ra[1]]) and any(b.quoted[rb[0] : rb[1]]):
        reach = (reach + 1) / 2
    # A statement scoring as the sentences do is the passage when it shares more of its words (the model,
    # which reads whole sentences, scores them alike: `_combined`).
    words = lex
    if reach >= sim and (part := _shared_statement(a, ra, b, rb, weights, opts, memo, semantic, figures)
                         ) is not None:
        score, part_words, pa, pb = part
        if (score, part_words) > (sim, words):
            sim, words = score, part_words
            ua, ub = _reported(a, ra, pa, opts, memo), _reported(b, rb, pb, opts, memo)
            # else the sentences are the statement
            if not _shared_outside(a, ra, ua, b, rb, ub, weights, memo):
                ta, tb = _attributed(a, ra, ua, opts, memo), _attributed(b, rb, ub, opts, memo)
    # A copied clause stating the fact scores as the sentences do, and is the passage when it shares more
    # of its words; another scores its words (its copy), and is the passage when that is higher.
    lifted = semantic if figures and semantic is not None else 0.0
    reach = max(ceiling, lifted)
    if ceiling < opts.copy_min or reach < sim or (reach <= sim and ceiling <= words):
        return sim, ta, tb
    copy = _copied_clause(a, ra, b, rb, weights, opts, memo)
    if copy is not None:
        copied, ca, cb = copy
        score = max(copied, lifted) if _holds(a, ca, figures) and _holds(b, cb, figures) else copied
        if (score, copied) > (sim, words):
            sim = score
            if not _shared_outside(a, ra, ca, b, rb, cb, weights, memo):
                return sim, _attributed(a, ra, ca, opts, memo), _attributed(b, rb, cb, opts, memo)
    return sim, ta, tb


def _combined(words: float, semantic: float | None, same_fact: bool, whole: bool = True) -> float:
    """The score of two passages from their words' similarity (`lexical`) and the sentence model's (None
    without it): the mean of the two, or the words' alone when higher and the passages are `whole`
    sentences; or, when the passages state the same fact (`_own_figures`) and share a strong word, the
    model's alone when higher.

    Outlets restate a fact in their own words around its specific items: "Farenthold was sued by his former
    aide, Lauren Greene, in 2014, alleging a hostile work environment ..." / "... a sexual harassment
    lawsuit his former communications director, Lauren Greene, had filed in 2014, Politico reported in
    December" share the figure and the name and little else, so their words' Dice (0.23) holds the mean
    with the model's similarity (0.52) under the threshold. Where the figure and a word are each the only
    mention in both articles, the pair reports that fact whatever the rest of the words, and how alike the
    two statements read is the model's measure."""
    if semantic is None:
        return words
    if same_fact and words > 0 and semantic > words:
        return semantic
    return max(words, (words + semantic) / 2) if whole else (words + semantic) / 2


def _own_figures(a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int]
                 ) -> frozenset[str]:
    """The figures (numbers by value) that sentences `ra` of `a` and `rb` of `b` both state and neither
    article states in another sentence, when the two also share a content word that neither article uses
    in another sentence nor only in an attribution of these (who says it: a shared source is no shared
    fact, "state media said" / "Dubai Media City" no shared word); else none.

    An article states each figure of its story where it reports the fact, once, and names a minor person or
    thing only there ("Lauren Greene", "in 2014"); the story's recurring figures and words (a death toll
    repeated from headline to last paragraph, "Iran", "nuclear") are each article's topic, not one fact of
    it. A figure alone can be a date two facts share ("the 2004 tsunami"), so a word of the same kind must
    go with it. A group of three zeros alone ("170, 000" as detokenised text splits it) is no figure. A name
    both mention once is no such anchor: measured on the real clusters, sentences sharing one and a word
    were as often two statements about that person (datelines, a group quoted twice) as one fact."""
    figures = {v for v in a.values[ra[0] : ra[1]] if v and v.strip("#0")}
    if not figures:  # most sentences
        return frozenset()
    figures.intersection_update(b.values[rb[0] : rb[1]])
    own = frozenset(v for v in figures if _only_here(a.values, ra, v) and _only_here(b.values, rb, v))
    if not own:
        return own
    words = {a.keys[i] for i in range(*ra) if a.content[i] and a.keys[i] not in _CLASS_KEYS}
    words.intersection_update(b.keys[rb[0] : rb[1]])
    words -= _said_only(a, ra) | _said_only(b, rb)
    return own if any(_only_here(a.keys, ra, k) and _only_here(b.keys, rb, k) for k in words) else frozenset()


def _said_only(d: PreparedDocument, r: tuple[int, int]) -> set[str]:
    """The keys of tokens `r` of `d` that are only in its attributions."""
    said = attribution(d, r)
    return {d.keys[i] for i in said} - {d.keys[i] for i in range(*r) if i not in said}


def _only_here(items: Sequence[str], r: tuple[int, int], item: str) -> bool:
    """Whether `item` is nowhere in `items` outside range `r`."""
    return items.count(item) == items[r[0] : r[1]].count(item)


def _holds(d: PreparedDocument, r: tuple[int, int], figures: frozenset[str]) -> bool:
    """Whether tokens `r` of `d` state one of `figures` (values of numbers: `_own_figures`)."""
    return bool(figures) and not figures.isdisjoint(d.values[r[0] : r[1]])


def quotation(d: PreparedDocument, r: tuple[int, int], weights: dict[str, float]) -> dict[str, float]:
    """The words tokens `r` of `d` quote (content words inside quotation marks, not numbers nor month or
    weekday classes) with their weights."""
    if not any(d.quoted[r[0] : r[1]]):
        return {}
    return {d.keys[i]: weights.get(d.keys[i], 1.0) for i in range(*r)
            if d.quoted[i] and d.content[i] and d.keys[i] not in _CLASS_KEYS and not d.values[i]}


def _with_quotes(score: float, a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument,
                 rb: tuple[int, int], weights: dict[str, float], opts: AlignOptions, memo: Memo) -> float:
    """`score` of passages `ra` of `a` and `rb` of `b`, raised to its mean with their quotations'
    similarity (`_quoted_similarity`) when that is higher."""
    quotes = _quoted_similarity(a, ra, b, rb, weights, opts, memo)
    return max(score, (score + quotes) / 2)


def _quoted_similarity(a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
                       weights: dict[str, float], opts: AlignOptions, memo: Memo) -> float:
    """The weighted Dice of the words two sentences quote, when they quote `quote_words` of the same words
    of `quote_weight` or more, else 0.

    Outlets quote a speaker word for word and restate the rest in their own words: "Mr. Trump again
    assailed the agreement ... as "insane" and "ridiculous,"" and "the nuclear agreement he described as
    "insane" and "ridiculous."" report one remark in sentences that share little else, and score 0.2 to
    0.35 on their words and the model. The same specific words inside quotation marks on both sides are
    that remark; words of the story's topic quoted by both ("Iran", "nuclear", "weapons") are not, which
    the weight keeps out."""
    qa, qb = memo.quotation(a, ra, weights), memo.quotation(b, rb, weights)
    shared = qa.keys() & qb.keys()
    if sum(qa[k] >= opts.quote_weight for k in shared) < opts.quote_words:
        return 0.0
    return math.fsum(qa[k] + qb[k] for k in shared) / (math.fsum(qa.values()) + math.fsum(qb.values()))


def statements(d: PreparedDocument, r: tuple[int, int], min_tokens: int, joined: bool = True
               ) -> list[tuple[int, int]]:
    """The statements of a compound sentence (tokens `r` of `d`), cut where a semicolon or a comma and a
    contrasting conjunction open a second one ("... as many as 200 US troops, but if and when they are
    handed over, ..."), and, when `joined`, where "and" opens a clause of its own ("the quake struck at a
    depth of 10 kilometers and its epicenter was located 55 kilometers west of Bireun": JOINED), leaving
    out pieces shorter than `min_tokens`; [] for a sentence of one statement. A joined statement is
    scored apart, so that a restatement of one of the two is not drowned by the other's words, but
    reported with its sentence (`_reported`): readers quote such a sentence whole.
    """
    cut = (STATEMENT, JOINED) if joined else (STATEMENT,)
    if all(d.clause_break.find(c, r[0] + 1, r[1]) < 0 for c in cut):  # most sentences: found in C
        return []
    cuts = [i for i in range(r[0] + 1, r[1]) if d.clause_break[i] in cut]
    bounds = [r[0], *cuts, r[1]]
    return [(x, y) for x, y in itertools.pairwise(bounds) if y - x >= min_tokens]


def _shared_statement(
    a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
    weights: dict[str, float], opts: AlignOptions, memo: Memo, semantic: float | None,
    figures: frozenset[str],
) -> tuple[float, float, tuple[int, int], tuple[int, int]] | None:
    """The best-scoring pair of statements (`statements`, or the whole sentence when it has one) when a
    sentence is compound, with its similarity (its words' and the sentences' `semantic`: `_combined`, then
    its quotations': `_with_quotes`) and its words' (`lexical`; of two that score alike, the one sharing
    more of its words is the better): the other statement of a compound is news of its own, and counting its
    words would keep a restatement of the first below the threshold, or report two statements against
    one. `figures`: the sentences' `_own_figures`; two statements that both hold one state that fact."""
    parts_a, parts_b = memo.statements(a, ra, opts.min_tokens), memo.statements(b, rb, opts.min_tokens)
    if not parts_a and not parts_b:
        return None
    best = None
    for pa in [ra, *parts_a]:
        for pb in [rb, *parts_b]:
            if (pa, pb) == (ra, rb):
                continue
            words = lexical(a, pa, b, pb, weights, opts, memo)
            same_fact = _holds(a, pa, figures) and _holds(b, pb, figures)
            score = _with_quotes(_combined(words, semantic, same_fact, whole=False), a, pa, b, pb, weights,
                                 opts, memo)
            if best is None or (score, words) > best[:2]:
                best = (score, words, pa, pb)
    return best


_CLASS_KEYS = frozenset({NUMBER, MONTH, WEEKDAY})
# A capitalised word inside a sentence is most likely part of a name: it identifies, it does not report.
_NAME_FACTOR = 0.4


def _is_strong(key: str, weight: float, weights: dict[str, float]) -> bool:
    """A shared word that says something: not a name, a number or a month."""
    return key not in _CLASS_KEYS and key[0] != "#" and weight > _NAME_FACTOR * weights.get(key, 1.0)


def _key_weights(
    d: PreparedDocument, r: tuple[int, int], weights: dict[str, float], memo: Memo
) -> dict[str, float]:
    """Each content word of tokens `r` of `d` with its weight (names discounted); numbers also by value."""
    return _weighed(d, r, weights, memo)[0]


def _weighed(
    d: PreparedDocument, r: tuple[int, int], weights: dict[str, float], memo: Memo
) -> tuple[dict[str, float], float, frozenset[str]]:
    """`_key_weights`, the fsum of its weights but those of numbers by value (the part of a Dice
    denominator that does not depend on the other side), and the words that are only in the passage's
    attributions (`attribution.attribution`: who says it); computed once per passage."""
    if (known := memo.weighed.get((d.doc_id, r))) is not None:
        return known
    out: dict[str, float] = {}
    keys, content, capitalised, values = d.keys, d.content, d.capitalised, d.values
    said = memo.attribution(d, r)
    stated: set[str] = set()  # words of the passage outside its attributions
    for i in range(r[0], r[1]):
        if not content[i]:
            continue
        k = keys[i]
        w = _weight(k, weights)
        if capitalised[i] and k not in _CLASS_KEYS:
            w *= _NAME_FACTOR
        if w > out.get(k, 0.0):
            out[k] = w
        if i not in said:
            stated.add(k)
        if values[i]:  # the same number on both sides is strong evidence of the same fact
            out[values[i]] = weights.get(values[i], 1.0)
            if i not in said:
                stated.add(values[i])
    known = memo.weighed[(d.doc_id, r)] = (out, math.fsum(w for k, w in out.items() if k[0] != "#"),
                                   frozenset(out.keys() - stated))
    return known


def lexical(a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
            weights: dict[str, float], opts: AlignOptions, memo: Memo) -> float:
    """Weighted Dice of the content words of two passages, discounted when what they share is slight."""
    return _lexical(a, ra, b, rb, weights, opts, memo)[0]


# Float rounding of the Dice (a sum of per-word sums against a sum of each side's) stays far below this.
_ROUNDING = 1e-9


def _lexical(a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
             weights: dict[str, float], opts: AlignOptions, memo: Memo) -> tuple[float, float]:
    """`lexical`, and a ceiling on the `lexical` of any two passages inside these two: the Dice is at
    most 1 and the discount is that of what they share, which inside the passages weighs no more (each
    word's weight is its greatest in the passage, and a word strong inside is strong in the whole)."""
    wa, plain_a, said_a = _weighed(a, ra, weights, memo)
    wb, plain_b, said_b = _weighed(b, rb, weights, memo)
    # Words both passages have only in their attributions are a shared source, not a shared statement
    # ("said national disaster agency spokesman Sutopo Purwo Nugroho" under two statements): the two are
    # compared on what they state, that common attribution set aside on both sides.
    source = said_a & said_b if said_a and said_b else frozenset()
    shared = wa.keys() & wb.keys() - source
    # A number's value counts only when both sides state it: a differing number is the facts' business
    # (a divergence), and must not keep "7,800 remain unaccounted for" from "7,700 remain unaccounted for".
    # fsum is exact whatever the order of the set: a float sum over a set would round differently from run
    # to run (string hashing is seeded), and near-ties between two extents would then break either way.
    if source or any(k[0] == "#" for k in shared):
        def counted(words: dict[str, float]) -> float:
            return math.fsum(w for k, w in words.items() if (k[0] != "#" or k in shared) and k not in source)

        total = counted(wa) + counted(wb)
    else:  # the same sums, kept with each passage
        total = plain_a + plain_b
    strong = [k for k in shared if _is_strong(k, wa[k], weights)]
    if not total or len(strong) < opts.min_shared_words:
        return 0.0, 0.0
    discount = min(1.0, math.fsum(min(wa[k], wb[k]) for k in shared) / opts.substance)
    return math.fsum(wa[k] + wb[k] for k in shared) / total * discount, discount + _ROUNDING


def _copied_clause(
    a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
    weights: dict[str, float], opts: AlignOptions, memo: Memo,
) -> tuple[float, tuple[int, int], tuple[int, int]] | None:
    """The clauses around the longest run of words the two sentences share in order (at most
    `copy_gap` words apart), with their lexical similarity, when that run is a copy: at least
    `copy_tokens` long, `copy_words` of them content words, and scoring `copy_min`.

    A run of four or five words with two content words is a stock phrase of news prose, which reports of
    different statements share ("Trump said when asked by reporters about the deal" / "Mr. Trump would not
    elaborate on what he meant by "very honorable" when asked by a reporter, but ..."; "a list of the
    questions"): as a "copy" it scored such pairs 0.87 to 0.91, and the bogus partner then displaced the
    sentence's real parallels in `keep_best_partners`."""
    chain = _chain(a.keys[ra[0] : ra[1]], b.keys[rb[0] : rb[1]], opts.copy_gap)
    if (chain is None or chain[1] - chain[0] < opts.copy_tokens
            or sum(a.content[ra[0] + chain[0] : ra[0] + chain[1]]) < opts.copy_words):
        return None
    ca = _clause_extend(a, (ra[0] + chain[0], ra[0] + chain[1]), ra)
    cb = _clause_extend(b, (rb[0] + chain[2], rb[0] + chain[3]), rb)
    if (ca, cb) == (ra, rb):
        return None
    score = lexical(a, ca, b, cb, weights, opts, memo)
    return (score, ca, cb) if score >= opts.copy_min else None


def _shares_copy(a: PreparedDocument, sa: int, b: PreparedDocument, sb: int, weights: dict[str, float],
                 opts: AlignOptions, memo: Memo) -> bool:
    """Whether sentence `sa` of `a` and `sb` of `b` share a copied clause (`_copied_clause`), read in the
    order `score_sentences` reads them."""
    s1, s2 = a.sentences[sa], b.sentences[sb]
    ra, rb = (s1.first, s1.last), (s2.first, s2.last)
    if (b.doc_id, rb) < (a.doc_id, ra):
        a, ra, b, rb = b, rb, a, ra
    return _copied_clause(a, ra, b, rb, weights, opts, memo) is not None


def _shared_outside(a: PreparedDocument, ra: tuple[int, int], ca: tuple[int, int],
                    b: PreparedDocument, rb: tuple[int, int], cb: tuple[int, int],
                    weights: dict[str, float], memo: Memo) -> bool:
    """Whether the two sentences share a strong word outside their copied clauses (then the statement
    is the sentence, and the clause only part of it)."""
    def words(d: PreparedDocument, r: tuple[int, int], clause: tuple[int, int]) -> tuple[set[str], set[str]]:
        """The content words outside the clause, and those of them in attributions only."""
        said = memo.attribution(d, r)
        found = [(d.keys[i], i in said) for i in range(*r) if d.content[i] and not clause[0] <= i < clause[1]]
        return {k for k, _ in found}, {k for k, s in found if s} - {k for k, s in found if not s}

    (outside_a, said_a), (outside_b, said_b) = words(a, ra, ca), words(b, rb, cb)
    outside = (outside_a & outside_b) - (said_a & said_b)
    return any(_is_strong(k, 1.0, weights) for k in outside)


def _reported(d: PreparedDocument, r: tuple[int, int], part: tuple[int, int], opts: AlignOptions,
              memo: Memo) -> tuple[int, int]:
    """The passage a scored statement `part` of the sentence `r` is reported as: itself, or, when "and"
    joins it to a neighbour (JOINED at either end), the statement holding it that a semicolon or ", but"
    cuts (`statements` without `joined`), or else the sentence."""
    if d.clause_break[part[0]] != JOINED and (part[1] == r[1] or d.clause_break[part[1]] != JOINED):
        return part
    return next((u for u in memo.statements(d, r, opts.min_tokens, joined=False)
                 if u[0] <= part[0] and part[1] <= u[1]), r)


def _attributed(d: PreparedDocument, r: tuple[int, int], part: tuple[int, int], opts: AlignOptions,
                memo: Memo) -> tuple[int, int]:
    """The passage for a `part` of the sentence `r` that the two sentences share: the sentence, or else
    the statement holding the part, when nothing else in it but who says it (a quote and its attribution
    are one statement, '"I see many houses were damaged ...," said Bensu Elianita, a 22-year-old
    resident'); else the part with the attributions next to it (`attribution.with_attribution`), when
    that is long enough for a passage (`min_tokens`), else the sentence."""
    said = memo.attribution(d, r)
    for unit in (r, *memo.statements(d, r, opts.min_tokens, joined=False)):
        if unit[0] <= part[0] and part[1] <= unit[1] and all(
                not d.content[i] or i in said for i in itertools.chain(range(unit[0], part[0]),
                                                                       range(part[1], unit[1]))):
            return unit
    grown = with_attribution(d, part)
    return grown if grown[1] - grown[0] >= opts.min_tokens else r


def _chain(ka: Sequence[str], kb: Sequence[str], max_gap: int) -> tuple[int, int, int, int] | None:
    """Extent (a_first, a_last, b_first, b_last) of the longest run of in-order matches with small gaps."""
    best, best_len = None, 0
    chain_start = prev = None
    length = 0
    for op in Indel.opcodes(list(ka), list(kb)):
        if op.tag != "equal":
            continue
        gap = max(op.src_start - prev.src_end, op.dest_start - prev.dest_end) if prev is not None else 0
        if gap > max_gap:
            chain_start, length = None, 0
        if chain_start is None:
            chain_start = op
        length += op.src_end - op.src_start
        prev = op
        if length > best_len:
            best_len = length
            best = (chain_start.src_start, op.src_end, chain_start.dest_start, op.dest_end)
    return best


def _clause_extend(d: PreparedDocument, r: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    first, last = r
    while first > bounds[0] and not d.clause_break[first]:
        first -= 1
    while last < bounds[1] and not d.clause_break[last]:
        last += 1
    return first, last


def sentence_classes(docs: Sequence[PreparedDocument]) -> list[list[int]]:
    """For each sentence of each document a number that two sentences share when they read the same in
    every respect `score_sentences` reads (tokens' keys, content, capitals, values, clause breaks,
    quotation marks): the sentences of a wire story republished word for word by many outlets.
    Unrepeated sentences get -1.

    Sentences are first told apart by the hash of their keys alone, and whole signatures are built only
    for the few whose keys' hash another sentence has (the copies): a signature of five slices for every
    sentence of a corpus was some 240 MB at 10,000 articles, held at once before verification."""
    hashes = [[hash(d.keys[s.first : s.last]) for s in d.sentences] for d in docs]
    repeated = {h for h, n in Counter(h for hs in hashes for h in hs).items() if n > 1}
    first: dict[tuple[tuple[str, ...], tuple[str, ...], bytes, bytes, bytes, bytes], tuple[int, int]] = {}
    out = [[-1] * len(d.sentences) for d in docs]
    for di, d in enumerate(docs):
        for si, h in enumerate(hashes[di]):
            if h not in repeated:
                continue
            s = d.sentences[si]
            f, e = s.first, s.last
            sign = (d.keys[f:e], d.values[f:e], d.content[f:e], d.capitalised[f:e], d.clause_break[f:e],
                    d.quoted[f:e])
            if (seen := first.setdefault(sign, (di, si))) != (di, si):
                out[seen[0]][seen[1]] = out[di][si] = seen[0] << 20 | seen[1]  # a document's first sentence
    return out


# Scores already computed for sentences that read the same (`sentence_classes`): (class of each side,
# whether the two are read in swapped order, the model's similarity) -> the score and the token ranges
# from each sentence's first token.
Scored = dict[tuple[int, int, bool, float | None], tuple[float, tuple[int, int], tuple[int, int]]]


def verify(
    docs: Sequence[PreparedDocument],
    candidates: Iterable[tuple[int, int, int, int]],
    weights: dict[str, float],
    opts: AlignOptions,
    vectors: Vectors | None = None,
    memo: Memo | None = None,
    classes: Sequence[Sequence[int]] | None = None,
    scored: Scored | None = None,
    copies_only: Sequence[bool] | None = None,
) -> list[Match]:
    """Score every candidate sentence pair (with the sentence vectors when there are); keep those at or
    above `opts.floor`, but for two passages one of which is set in the story's days and the other in an
    earlier year (`timing.apart`: two events, however alike their words). `memo` keeps what is read
    of each passage between calls with the same `weights` (`Memo`).

    With `classes` (`sentence_classes`), a pair of sentences that read as a pair scored before is not
    scored again (`scored` keeps them between calls): a passage republished by N outlets meets every
    other sentence N times, and its N(N-1)/2 pairs with itself; the score is a function of what the two
    sentences read (and of their order), so it is derived, the same, from the first one scored.

    `copies_only`, one flag a candidate: those that only a copied clause can bring to the floor (the
    rest of what the scorer reads is known to score under it: `bounds.Reached.COPY`), scored only when
    their sentences share one (`_copied_clause`).
    """
    out = []
    memo = Memo() if memo is None else memo
    scored = {} if scored is None else scored
    for k, (da, sa, db, sb) in enumerate(candidates):
        a, b = docs[da], docs[db]
        semantic = None if vectors is None else vectors.similarity(da, sa, db, sb)
        ca, cb = (-1, -1) if classes is None else (classes[da][sa], classes[db][sb])
        copy_only = copies_only is not None and copies_only[k]
        if ca < 0 and cb < 0:
            if copy_only and not _shares_copy(a, sa, b, sb, weights, opts, memo):
                continue
            sim, ta, tb = score_sentences(a, sa, b, sb, weights, opts, memo, semantic)
        else:
            s1, s2 = a.sentences[sa], b.sentences[sb]
            ra, rb = (s1.first, s1.last), (s2.first, s2.last)
            # a sentence read once is itself (a negative number, apart from the classes)
            key = (ca if ca >= 0 else ~(da << 20 | sa), cb if cb >= 0 else ~(db << 20 | sb),
                   (b.doc_id, rb) < (a.doc_id, ra), semantic)
            if (known := scored.get(key)) is None:
                if copy_only and not _shares_copy(a, sa, b, sb, weights, opts, memo):
                    continue
                sim, ta, tb = score_sentences(a, sa, b, sb, weights, opts, memo, semantic)
                known = scored[key] = (sim, (ta[0] - ra[0], ta[1] - ra[0]), (tb[0] - rb[0], tb[1] - rb[0]))
            sim, (x, y), (u, v) = known
            ta, tb = (ra[0] + x, ra[0] + y), (rb[0] + u, rb[0] + v)
        if (sim >= opts.floor and ta[1] - ta[0] >= opts.min_tokens and tb[1] - tb[0] >= opts.min_tokens
                and (da == db or not apart(memo.setting(a, ta), memo.setting(b, tb)))):
            out.append(Match(da, sa, db, sb, ta, tb, round(sim, 4)))
    return out


# ------------------------------------------------------------------------------------------------ grouping


def keep_best_partners(
    matches: Sequence[Match], docs: Sequence[PreparedDocument], weights: dict[str, float], opts: AlignOptions,
    tolerance: float = 0.85, repeat: float = 0.75,
) -> list[Match]:
    """Keep, for each sentence and each other document, only its best parallels there (of the matches
    that are not a lone phrase: `without_lone_phrases`).

    A sentence restating one fact pairs with the sentence that states it, not with every sentence of the
    other article that shares a few of its words; near-ties (within `tolerance` of the best) all stay.
    A lesser partner stays too when it parallels another part of the sentence (`_other_part`: most of the
    words the sentence shares with it lie outside the statements or clauses the kept partners parallel):
    one outlet writes as one sentence what another writes as two (`"I see many houses were damaged ...,"
    said Bensu Elianita, adding, "Many people were injured ..."` against the two quotes apart; "Blake
    Farenthold, the Texas Republican who used $84,000 in taxpayer funds to settle ..., resigned from
    Congress on Friday" against the settlement and the resignation apart), and each part is a parallel of
    its own. Words of the part a kept partner parallels do not count, even when that part is the whole
    sentence: measured on the real clusters, partners sharing other words of a whole sentence were mostly
    sentences sharing a name and a verb ("a wall collapsed, said Ema Suryani") with another statement.
    A lesser partner stays when it states another figure of the sentence, each article's only mention of
    it (`_other_figure`: "Charles rushed for 226 yards while Hillis added 101" against the two apart).
    And a lesser partner stays when it restates a kept partner inside its own article (a same-document
    match of `repeat` or more: a headline repeating the quote of the body), since the sentence parallels
    both statements of that article. A lesser partner stays too when it quotes the remark the sentence
    quotes (`_quotes_the_remark`): a lede quotes a word or two of a remark ("the nuclear agreement he
    described as "insane" and "ridiculous."") that the body quotes whole ("It's insane. It's ridiculous. It
    should have never been made," Trump said ...), and a sentence reporting that remark parallels both,
    however much more one of them shares with it. A pair stays when it stays for each of its two
    sentences, but for two headlines (`PreparedDocument.headline`), which stay when they stay for one: a
    headline's best partner in another article is often that article's lede or the quote the headline was
    made from (Breitbart's "Donald Trump warns Iran against restarting nuclear program: 'They restart it,
    they're going to have big problems'" against Fox News's body quote, 1.0), which would drop the other
    headline ("Trump warns Iran on nuclear program as Macron aims to preserve pact", 0.485), a parallel of
    its own: each outlet's summary of the story, the first thing a reader compares. The first sentences of
    texts without headlines (a student's answer opening on a definition) are held to both sides.
    """
    memo = Memo()
    matches = without_lone_phrases(matches, docs, weights, opts, memo)
    same_doc: set[tuple[int, int, int]] = set()
    by_side: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)  # -> (match, side)
    for i, m in enumerate(matches):
        if m.doc_a == m.doc_b and m.similarity >= repeat:
            same_doc.update({(m.doc_a, m.sent_a, m.sent_b), (m.doc_a, m.sent_b, m.sent_a)})
        by_side[(m.doc_a, m.sent_a, m.doc_b)].append((i, 0))
        by_side[(m.doc_b, m.sent_b, m.doc_a)].append((i, 1))
    stays = [0] * len(matches)  # sides for which a match stays: 2 = both
    for (doc, _, other), partners in by_side.items():
        partners.sort(key=lambda p: -matches[p[0]].similarity)
        best = matches[partners[0][0]].similarity
        kept: list[tuple[int, int]] = []
        for i, side in partners:
            m = matches[i]
            if (m.similarity >= tolerance * best
                    or _restates(m, side, kept, matches, same_doc)
                    or _quotes_the_remark(m, docs, weights, opts, memo)
                    or _other_part(m, side, kept, matches, docs[doc], docs[other], memo)
                    or _other_figure(m, side, docs[doc], docs[other])):
                kept.append((i, side))
                stays[i] += 1
    return [m for i, m in enumerate(matches) if stays[i] == 2 or (stays[i] and _headlines(m, docs))]


def without_lone_phrases(
    matches: Sequence[Match], docs: Sequence[PreparedDocument], weights: dict[str, float], opts: AlignOptions,
    memo: Memo | None = None,
) -> Sequence[Match]:
    """`matches` but those that are the only match between their two documents and whose sentences share
    nothing but a phrase out of the middle of a clause (`_phrase_only`).

    Articles of one story restate its facts in the same stock phrases ("the quake hit at a depth of 10
    kilometers", "Trump will visit the United Kingdom"), and there a shared phrase is the fact both report:
    such articles share other parallels too. Articles of different stories share stock phrases and names
    with their titles by chance ("Commerce Secretary Wilbur Ross said late Thursday" / "... said late
    Friday", "made a top-secret visit to London" / "... to Britain"): two statements around one phrase,
    and nothing else of the two articles alike. In an archive of one beat those were most of the pairs
    (dense 1,000: 69 % of the pairs were the only one of their two articles)."""
    per_pair = Counter((m.doc_a, m.doc_b) for m in matches if m.doc_a != m.doc_b)
    memo = Memo() if memo is None else memo

    def phrase(m: Match) -> bool:
        a, b = docs[m.doc_a], docs[m.doc_b]
        s1, s2 = a.sentences[m.sent_a], b.sentences[m.sent_b]
        return _phrase_only(a, (s1.first, s1.last), b, (s2.first, s2.last), weights, opts, memo)

    if not any(n == 1 for n in per_pair.values()):
        return matches
    return [m for m in matches if m.doc_a == m.doc_b or per_pair[(m.doc_a, m.doc_b)] > 1 or not phrase(m)]


def _phrase_only(
    a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
    weights: dict[str, float], opts: AlignOptions, memo: Memo,
) -> bool:
    """Whether all that sentences `ra` of `a` and `rb` of `b` share is one phrase lifted out of a clause
    on both sides: a run of words in order (`_chain`) shorter than a copy (`copy_long` words, function
    words counted: "For their children, ..." copied whole is a copy), holding `copy_tokens` or more
    words from its first content word to its last and every content word the two share (names too, and
    a figure or a date stated on both sides: "7,800 American service members remain unaccounted for from
    the war" / "7,700 US military personnel remain ..." is one fact, its figures diverging), not quoted
    on both sides, with a content word of its clause outside it on each side.

    Writers copy clauses: a quote, a wire sentence, a clause reworded around its words. A run that is a
    whole clause on one side (no content word of the clause outside it: the quote "The guy has serious
    judgment issues" inside a longer sentence) is such a copy, and so is a run as long as a copy, a
    quoted fragment of one remark, or a phrase beside another shared word (names and figures around a
    shared phrase: "Officials in Hawaii have certified Obama's citizenship" / "... certified that Obama
    was born in that state")."""
    chain = _chain(a.keys[ra[0] : ra[1]], b.keys[rb[0] : rb[1]], opts.copy_gap)
    if chain is None or min(chain[1] - chain[0], chain[3] - chain[2]) >= opts.copy_long:
        return False
    first_a, last_a = _content_extent(a, ra[0] + chain[0], ra[0] + chain[1])
    if last_a - first_a < opts.copy_tokens:
        return False
    first_b, last_b = _content_extent(b, rb[0] + chain[2], rb[0] + chain[3])
    if all(a.quoted[first_a:last_a]) and all(b.quoted[first_b:last_b]):
        return False
    wa, _, said_a = _weighed(a, ra, weights, memo)
    wb, _, said_b = _weighed(b, rb, weights, memo)
    run = set(a.keys[first_a:last_a]) | set(a.values[first_a:last_a])
    # A figure or a date beside the phrase on both sides, whatever its value, makes it one fact stated
    # (by weekdays, news dates nearly every sentence: they tell nothing here)
    if any(k not in run and k != WEEKDAY for k in wa.keys() & wb.keys() - (said_a & said_b)):
        return False
    return not (_clause_whole(a, ra, first_a, last_a) or _clause_whole(b, rb, first_b, last_b))


def _content_extent(d: PreparedDocument, first: int, last: int) -> tuple[int, int]:
    """Tokens [first, last) of `d` less the function words at either end."""
    while first < last and not d.content[first]:
        first += 1
    while last > first and not d.content[last - 1]:
        last -= 1
    return first, last


def _clause_whole(d: PreparedDocument, r: tuple[int, int], first: int, last: int) -> bool:
    """Whether tokens [first, last) hold every content word of their clause in sentence `r` of `d`: none
    between the clause break before them (or the sentence's start) and them, nor between them and the
    next clause break (or the sentence's end)."""
    start, end = _clause_extend(d, (first, last), r)
    return not any(d.content[i] for i in itertools.chain(range(start, first), range(last, end)))


def _headlines(m: Match, docs: Sequence[PreparedDocument]) -> bool:
    """Whether `m` pairs two documents' headlines."""
    return m.sent_a == m.sent_b == 0 and docs[m.doc_a].headline and docs[m.doc_b].headline


def _ends(m: Match, side: int) -> tuple[int, tuple[int, int], int, tuple[int, int]]:
    """(sentence, token range) of the match on `side` (0: a, 1: b), then of its partner."""
    if side == 0:
        return m.sent_a, m.tokens_a, m.sent_b, m.tokens_b
    return m.sent_b, m.tokens_b, m.sent_a, m.tokens_a


def _restates(m: Match, side: int, kept: list[tuple[int, int]], matches: Sequence[Match],
              same_doc: set[tuple[int, int, int]]) -> bool:
    """Whether the partner of `m` restates, inside its own document, the partner of a kept match."""
    partner_doc = m.doc_b if side == 0 else m.doc_a
    partner = _ends(m, side)[2]
    return any((partner_doc, partner, _ends(matches[k], s)[2]) in same_doc for k, s in kept)


def _quotes_the_remark(m: Match, docs: Sequence[PreparedDocument], weights: dict[str, float],
                       opts: AlignOptions, memo: Memo) -> bool:
    """Whether the two passages of `m` quote one remark: what one quotes is a fragment of what the other
    quotes (each word quoted by one is quoted by the other), `quote_words` of them specific words, and most
    of what they quote (`_quoted_similarity` of `remark` or more). Scare-quoted terms ("false positive
    match" / "false negative match") are no fragment of each other.

    Two quotes sharing a word or two of a story's talk ("This is a problem for the world" / "there's a
    great chance to solve a world problem"; "I want to see the birth certificate" / "Let's say there's no
    birth certificate") are two remarks: measured on every folder of the real clusters, such pairs quote
    less than half the same words, a fragment of a remark and the remark ("insane" and "ridiculous" / "It's
    insane. It's ridiculous. It should have never been made") two thirds of them or more."""
    a, b = docs[m.doc_a], docs[m.doc_b]
    qa, qb = memo.quotation(a, m.tokens_a, weights).keys(), memo.quotation(b, m.tokens_b, weights).keys()
    return ((qa <= qb or qb <= qa)
            and _quoted_similarity(a, m.tokens_a, b, m.tokens_b, weights, opts, memo) >= opts.remark)


def _other_part(m: Match, side: int, kept: list[tuple[int, int]], matches: Sequence[Match],
                d: PreparedDocument, other: PreparedDocument, memo: Memo) -> bool:
    """Whether the partner of `m` parallels another part of the sentence than the kept partners do: most
    of the content words the sentence shares with it lie outside the parts (the statements or clauses
    `score_sentences` chose) that the kept partners parallel."""
    _, r, _, o = _ends(m, side)
    said, other_said = memo.attribution(d, r), memo.attribution(other, o)
    keys = {other.keys[i] for i in range(*o) if other.content[i]}
    stated = {other.keys[i] for i in range(*o) if other.content[i] and i not in other_said}
    # a word of both sentences' attributions only is no shared content (see `_lexical`)
    shared = [i for i in range(*r)
              if d.content[i] and d.keys[i] in keys and (i not in said or d.keys[i] in stated)]
    parts = [_ends(matches[k], s)[1] for k, s in kept]
    outside = sum(not any(a <= i < b for a, b in parts) for i in shared)
    return outside > len(shared) - outside


def _other_figure(m: Match, side: int, d: PreparedDocument, other: PreparedDocument) -> bool:
    """Whether the partner of `m` states a figure of the sentence that neither article states anywhere else
    (`_own_figures`): another fact than the kept partners (other sentences of its article) state.

    "Jamaal Charles rushed for 226 yards while Peyton Hillis added 101" reports two figures, and an
    article that writes them in two sentences ("The Chiefs had rallied behind Jamaal Charles' 226 yards
    rushing ...", "Peyton Hillis added 101 yards on the ground ...") parallels it twice: the pair the
    model reads as closer must not hide the other."""
    _, r, _, o = _ends(m, side)
    return bool(_own_figures(d, r, other, o))


def assemble(
    corpus: Corpus,
    prepared: Sequence[PreparedDocument],
    matches: Sequence[Match],
    boiler: set[tuple[int, int]],
    opts: AlignOptions,
) -> Alignment:
    """Merged matches as pairs, repeats and boilerplate at the floor, not yet grouped (`group` -1, no
    groups): groups depend on the threshold, and `regroup` forms them at the one wanted."""
    pairs, repeats = [], []
    for m in matches:
        a, b = prepared[m.doc_a], prepared[m.doc_b]
        sa = Span(a.doc_id, *a.span(*m.tokens_a))
        sb = Span(b.doc_id, *b.span(*m.tokens_b))
        if m.doc_a == m.doc_b:
            if m.similarity >= opts.repeat_min and not sa.overlaps(sb):
                repeats.append(Repeat(min(sa, sb), max(sa, sb), m.similarity))
        else:
            pairs.append(Pair(sa, sb, m.similarity))
    pairs.sort(key=pair_order)
    texts = {d.id: d.text for d in corpus.documents}
    boilerplate: dict[int, list[Span]] = defaultdict(list)
    for di, si in sorted(boiler):
        s = prepared[di].sentences[si]
        boilerplate[_sentence_key(prepared[di], si)].append(Span(prepared[di].doc_id, s.start, s.end))
    return Alignment(
        corpus=corpus,
        min_similarity=opts.floor,
        pairs=tuple(pairs),
        groups=(),
        repeats=tuple(sorted(repeats, key=lambda r: r.first)),
        boilerplate=tuple(
            Boilerplate(tuple(spans), " ".join(texts[spans[0].doc][spans[0].start : spans[0].end].split()))
            for spans in boilerplate.values()
        ),
        stats={"documents": len(prepared), "sentences": sum(len(p.sentences) for p in prepared)},
    )
