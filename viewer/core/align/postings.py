"""Candidate sentence pairs read off an inverted index with capped posting lists, counted with numpy.

The same candidates as the readable reference in tests/reference.py (which the tests compare this module
against), computed in a way that scales: each document's features are extracted once (in a
worker process, see viewer.core.align.pool) into arrays of (hash, sentence) entries; posting lists are
groups of equal hashes; the pairs of every list of one length are generated at once as a matrix, and
shared shingles and summed rare-word weights are counted with `np.unique`/`np.bincount` instead of a
Python dict of pairs (the dict costs about a microsecond a pair: tens of seconds at 10,000 articles).
`involving` restricts the output to pairs that touch some sentences, which is how the index adds
documents without recounting the rest.
Imports: the standard library (ctypes: `trim_heap`), numpy, viewer.core (align, codec, passages).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import operator
import sys
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np

from viewer.core.align.codec import Crc32Concat, Features, word_hash
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.stages import _CLASS_KEYS, AlignOptions


def document_features(d: PreparedDocument, opts: AlignOptions) -> Features:
    """Features of `d`: each sentence's distinct shingles and rare words, and its key (as align has them)."""
    return chunk_features([d], opts)[0][0]


def chunk_features(
    docs: Sequence[PreparedDocument], opts: AlignOptions
) -> tuple[list[Features], Counter[str]]:
    """`document_features` of each of `docs` and their summed `stages.sentence_terms`, computed for all of
    them at once with numpy.

    The same values as `stages._features` and `sentence_terms` give sentence by sentence (the tests compare
    them): a sentence's distinct shingles, the CRC of each run of `opts.shingle` keys joined by spaces that
    holds a meaningful word, sorted; its distinct rare words (a content word, a number by its value) by
    `word_hash`, sorted; the CRC of its keys joined (`stages.sentence_keys`). Each word's CRCs are
    computed once per process (`_Vocabulary`), and each shingle's from its keys' (`codec.Crc32Concat`):
    joining, encoding and hashing every 3-gram one by one, and counting terms in sets and a Counter, were
    a third of the prepare stage.
    """
    global _vocabulary
    if len(_vocabulary) > VOCABULARY_MAX:
        _vocabulary = _Vocabulary()
    v = _vocabulary
    sentences = [s for d in docs for s in d.sentences]
    lengths = np.array([s.last - s.first for s in sentences], dtype=np.int64)
    doc_tokens = np.cumsum([0] + [len(d.keys) for d in docs])
    firsts = np.repeat(doc_tokens[:-1], [len(d.sentences) for d in docs]) + np.array(
        [s.first for s in sentences], dtype=np.int64)
    # The tokens of every sentence in order (sentences cover their document's tokens in order, but nothing
    # here relies on it), the sentence of each and where that sentence ends.
    starts = np.cumsum(lengths) - lengths
    n_tokens = int(lengths.sum())
    token = np.arange(n_tokens, dtype=np.int64) + np.repeat(firsts - starts, lengths)
    in_order = bool(np.array_equal(token, np.arange(doc_tokens[-1])))
    sentence = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    all_keys = list(itertools.chain.from_iterable(d.keys for d in docs))
    all_values = list(itertools.chain.from_iterable(d.values for d in docs))
    numbered = np.flatnonzero(np.fromiter(map(len, all_values), dtype=np.int64, count=len(all_values)))
    keys, values = v.ids(all_keys), np.full(len(all_values), v.empty, dtype=np.int64)
    values[numbered] = v.ids([all_values[i] for i in numbered.tolist()])
    content = np.frombuffer(b"".join(bytes(d.content) for d in docs), dtype=np.uint8).astype(bool)
    if not in_order:
        keys, values, content = keys[token], values[token], content[token]
        all_keys = [all_keys[i] for i in token.tolist()]

    k = opts.shingle
    meaningful = content & v.meaningful[keys]
    at = np.flatnonzero(np.arange(n_tokens) + k <= np.repeat(starts + lengths, lengths))
    window = np.zeros(len(at), dtype=bool)
    for j in range(k):
        window |= meaningful[at + j]
    at = at[window]
    last = keys[at + k - 1]
    crc, crc_len = v.crc[last], v.length[last]
    for j in range(k - 2, -1, -1):  # crc(A + B) from crc(A) and crc(B), right to left
        part = keys[at + j]
        crc = _concat_crc(v.crc_spaced[part], crc, crc_len)
        crc_len = crc_len + v.length[part] + np.uint32(1)
    shingle_codes = _distinct(sentence[at] << np.int64(32) | crc.astype(np.int64))
    shingle_sentence, shingles = shingle_codes >> np.int64(32), (shingle_codes & 0xFFFFFFFF).astype(np.uint32)

    # a number is a rare word by its value ("#7800"), any other content word by its key
    words = np.where(values == v.empty, keys, values)[content]
    word_codes = _distinct(sentence[content] << np.int64(32) | words)
    word_sentence, word_hashes = word_codes >> np.int64(32), v.hash[word_codes & 0xFFFFFFFF]
    order = np.lexsort((word_hashes, word_sentence))
    word_sentence, word_hashes = word_sentence[order], word_hashes[order]

    # each sentence's keys joined and hashed (`stages.sentence_keys`), sliced out of one encoding of them all
    spelled = memoryview(" ".join(all_keys).encode())
    cut = np.r_[0, np.cumsum(v.length[keys].astype(np.int64) + 1)][np.r_[starts, n_tokens]].tolist()
    sentence_crcs = np.array([zlib.crc32(spelled[a : max(a, b - 1)]) for a, b in itertools.pairwise(cut)],
                             dtype=np.uint32)

    # sentence terms: each sentence's distinct content keys, and its distinct numbers by value
    numbers = values != v.empty
    terms_of = np.concatenate([_distinct(sentence[content] << np.int64(32) | keys[content]),
                               _distinct(sentence[numbers] << np.int64(32) | values[numbers])]) & 0xFFFFFFFF
    counts = np.bincount(terms_of, minlength=len(v))
    counted = np.flatnonzero(counts)
    terms = Counter(dict(zip([v.words[i] for i in counted.tolist()], counts[counted].tolist(), strict=True)))

    doc_sentences = np.cumsum([0] + [len(d.sentences) for d in docs])
    sh_cut = np.searchsorted(shingle_sentence, doc_sentences)
    w_cut = np.searchsorted(word_sentence, doc_sentences)
    features = []
    for i in range(len(docs)):
        sh, w, first = slice(sh_cut[i], sh_cut[i + 1]), slice(w_cut[i], w_cut[i + 1]), doc_sentences[i]
        features.append(Features(shingles[sh], shingle_sentence[sh] - first, word_hashes[w],
                                 word_sentence[w] - first, sentence_crcs[first : doc_sentences[i + 1]]))
    return features, terms


def _distinct(codes: np.ndarray) -> np.ndarray:
    """The distinct values of `codes`, sorted (`np.unique` without its hash table: faster here)."""
    codes = np.sort(codes)
    return codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes


_concat_crc = Crc32Concat()


class _Vocabulary:
    """Numbers for the keys and rare words this process has met, with what hashing needs of each: the CRC of
    the word and of the word and a space, its length in bytes, its `word_hash`, and whether it is
    meaningful in a shingle (not a number or date class)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.words: list[str] = []
        self.crc = np.zeros(0, dtype=np.uint32)
        self.length = np.zeros(0, dtype=np.uint32)
        self.crc_spaced = np.zeros(0, dtype=np.uint32)
        self.hash = np.zeros(0, dtype=np.uint64)
        self.meaningful = np.zeros(0, dtype=bool)
        self.empty = int(self.ids([""])[0])

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self, words: list[str]) -> np.ndarray:
        """The number of each of `words` (int64), adding those not met yet."""
        try:
            return self._looked_up(words)
        except KeyError:
            pass
        new = [w for w in dict.fromkeys(words) if w not in self._ids]
        self._ids.update(zip(new, range(len(self._ids), len(self._ids) + len(new)), strict=True))
        self.words.extend(new)
        encoded = [w.encode() for w in new]
        self.crc = np.concatenate([self.crc, np.array([zlib.crc32(b) for b in encoded], dtype=np.uint32)])
        self.length = np.concatenate([self.length, np.array([len(b) for b in encoded], dtype=np.uint32)])
        self.crc_spaced = np.concatenate(
            [self.crc_spaced, np.array([zlib.crc32(b + b" ") for b in encoded], dtype=np.uint32)])
        self.hash = np.concatenate([self.hash, np.array([word_hash(w) for w in new], dtype=np.uint64)])
        self.meaningful = np.concatenate(
            [self.meaningful, np.array([w not in _CLASS_KEYS for w in new], dtype=bool)])
        return self._looked_up(words)

    def _looked_up(self, words: list[str]) -> np.ndarray:
        # one `itemgetter` call looks every word up in C: twice as fast as a lookup a word from Python
        if len(words) < 2:
            return np.array([self._ids[w] for w in words], dtype=np.int64)
        return np.array(operator.itemgetter(*words)(self._ids), dtype=np.int64)


_vocabulary = _Vocabulary()
VOCABULARY_MAX = 2_000_000  # words, past which the numbers are forgotten (an app that runs for long)


class Entries:
    """All (hash, global sentence id) entries of a corpus; sentence ids number sentences in document order."""

    def __init__(self, features: Sequence[Features], offsets: np.ndarray, skip: np.ndarray) -> None:
        self.offsets = offsets
        doc_sh = np.repeat(np.arange(len(features)), [len(f.shingles) for f in features])
        doc_w = np.repeat(np.arange(len(features)), [len(f.words) for f in features])
        self.sh = _concat([f.shingles for f in features], np.uint32)
        self.sh_sid = offsets[doc_sh] + _concat([f.shingle_sent for f in features], np.int64)
        self.w, self.w_sid = with_sentences(
            _concat([f.words for f in features], np.uint64),
            offsets[doc_w] + _concat([f.word_sent for f in features], np.int64),
            _concat([f.sentence_keys for f in features], np.uint32), 0)
        if skip.any():
            keep_sh, keep_w = ~skip[self.sh_sid], ~skip[self.w_sid]
            self.sh, self.sh_sid = self.sh[keep_sh], self.sh_sid[keep_sh]
            self.w, self.w_sid = self.w[keep_w], self.w_sid[keep_w]

    def restricted(self, sids: np.ndarray) -> Entries:
        """Only the posting lists holding one of the sentences in the mask `sids` (whole, true lengths)."""
        out = object.__new__(Entries)
        out.offsets = self.offsets
        keep_sh = member(self.sh, np.unique(self.sh[sids[self.sh_sid]]))
        keep_w = member(self.w, np.unique(self.w[sids[self.w_sid]]))
        out.sh, out.sh_sid = self.sh[keep_sh], self.sh_sid[keep_sh]
        out.w, out.w_sid = self.w[keep_w], self.w_sid[keep_w]
        return out


def with_sentences(
    words: np.ndarray, word_sids: np.ndarray, sentence_keys: np.ndarray, first_sid: int
) -> tuple[np.ndarray, np.ndarray]:
    """The rare-word entries (hash, sentence id) and one more for each sentence (from `first_sid` on): its
    `sentence_key` as a word (in the high half of a hash, where `word_hash` never leaves the low half 0).

    So two sentences that read the same share a rare word: a copied sentence of common words ("Trump to a
    billion, they have my Macron") has as few shingles with a content word as a stock phrase has (two),
    and is a candidate all the same (`chosen_pairs`).
    """
    whole = sentence_keys.astype(np.uint64) << np.uint64(32)
    sids = first_sid + np.arange(len(sentence_keys), dtype=np.int64)
    return np.concatenate([words, whole]), np.concatenate([word_sids, sids])


def member(values: np.ndarray, sorted_unique: np.ndarray) -> np.ndarray:
    """`np.isin` for a small sorted set: a binary search per value instead of sorting everything; for a set
    of up to MEMBER_TABLE values, only for the values a table of bits of the set's hashes lets through (it
    has no false negatives; some 1 % false positives). An update looks the keys of its new sentences up
    among the corpus's millions of entries: one lookup a value instead of a binary search, some ten times
    faster there. A larger set (the candidates' pair codes) keeps the search: its table would be large."""
    if not len(sorted_unique):
        return np.zeros(len(values), dtype=bool)
    if len(sorted_unique) > MEMBER_TABLE:
        where = np.minimum(np.searchsorted(sorted_unique, values), len(sorted_unique) - 1)
        return sorted_unique[where] == values
    bits = max(10, (64 * len(sorted_unique)).bit_length())
    table = np.zeros(1 << bits, dtype=bool)
    table[_fibonacci(sorted_unique, bits)] = True
    out = table[_fibonacci(values, bits)]
    maybe = np.flatnonzero(out)
    where = np.minimum(np.searchsorted(sorted_unique, values[maybe]), len(sorted_unique) - 1)
    out[maybe] = sorted_unique[where] == values[maybe]
    return out


MEMBER_TABLE = 1 << 16  # values of a set `member` looks up through a table of bits (of 4 MB at most)


def _fibonacci(values: np.ndarray, bits: int) -> np.ndarray:
    """A hash of `bits` bits of each of `values` (their high bits times 2^64 / the golden ratio): the low
    bits of a rare word's sentence entry are all 0 (`with_sentences`)."""
    hashed = values.astype(np.uint64)
    hashed *= np.uint64(0x9E3779B97F4A7C15)
    hashed >>= np.uint64(64 - bits)
    return hashed


def candidates(
    entries: Entries, weights: dict[str, float], opts: AlignOptions, involving: np.ndarray | None = None
) -> np.ndarray:
    """Sorted rows (doc_a, sent_a, doc_b, sent_b), (doc_a, sent_a) < (doc_b, sent_b), worth verifying.

    `involving` (a boolean mask over sentence ids) keeps only the pairs with a side among those sentences.

    Every rule of `chosen_pairs` needs a pair to share two things (shingles, rare words) or more, unless
    `opts` asks for one only; and 99 % of the pair codes of a corpus are of pairs that share one thing
    (14.6 M codes at 10,000 articles of the scale benchmark, 0.3 M of pairs sharing two). So the codes are
    counted in two passes: the rare words' codes (two thirds of them) are first made only to mark, in
    a table of bits (`Repeated`), the codes met twice (with the shingles' codes), then made again and kept
    only where marked, before they are held and counted. The table is a filter: a code that shares its bits
    with another one may be kept too, never one met twice dropped, so the candidates are the same.
    """
    n = int(entries.offsets[-1]) + 1
    key_weight = word_weights(weights)

    def shingle_pairs() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return _pair_chunks(entries.sh, entries.sh_sid, n, opts.max_postings, involving)

    # sorted once: the rare words' pairs are made twice (a sort of millions of entries was a third of
    # the stage at 10,000 articles)
    words_sorted = sorted_entries(entries.w, entries.w_sid)

    def word_pairs(weighed: bool = True) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return _pair_chunks(*words_sorted, n, opts.max_postings, involving, key_weight if weighed else None,
                            ordered=True)

    shingles = list(shingle_pairs())
    if opts.phrase_shingles >= 2 and opts.min_rare_words >= 2:
        repeated = Repeated(len(entries.sh) + len(entries.w))
        for codes, _ in itertools.chain(shingles, word_pairs(weighed=False)):  # (marking needs no weight)
            repeated.add(codes)
        shingles = [repeated.kept(codes, w) for codes, w in shingles]
        words = [repeated.kept(codes, w) for codes, w in word_pairs()]
        del repeated
    else:
        words = list(word_pairs())
    k = max(1, -(-(sum(len(c) for c, _ in shingles) + sum(len(c) for c, _ in words)) // BUCKET_PAIRS))
    chosen = [chosen_pairs(sh, w, pair_weights, opts) for (sh, _), (w, pair_weights) in
              zip(_buckets(shingles, n, k), _buckets(words, n, k), strict=True)]
    rows = rows_of(np.unique(_concat(chosen, np.int64)), entries.offsets)
    trim_heap()
    return rows


class Repeated:
    """Which pair codes were met more than once, as a filter: two tables of bits (met, met again) indexed
    by a hash of the code, of about 16 bits a posting entry (entries give a pair code or a few each on a
    corpus of little reuse: some 10 % of the codes met once share their bits with another and are kept).
    Hand-written: a counting filter over numpy arrays of codes, where a Bloom-filter library would take
    codes one by one."""

    def __init__(self, entries: int) -> None:
        self._bits = max(16, min(28, (16 * max(1, entries) - 1).bit_length()))  # 32 MB a table at most
        self._met = np.zeros(1 << (self._bits - 3), dtype=np.uint8)
        self._again = np.zeros_like(self._met)

    def _slots(self, codes: np.ndarray) -> np.ndarray:
        # Fibonacci hashing: the high bits of the code times 2^64 / the golden ratio (in place: one
        # temporary the size of the codes, of tens of millions at 10,000 articles)
        hashed = codes.astype(np.uint64)
        hashed *= np.uint64(0x9E3779B97F4A7C15)
        hashed >>= np.uint64(64 - self._bits)
        return hashed.astype(np.uint32)

    def add(self, codes: np.ndarray) -> None:
        """Mark `codes`, in the first table, and in the second those met before or twice among them."""
        slots = np.sort(self._slots(codes))
        if not len(slots):
            return
        first = np.r_[True, slots[1:] != slots[:-1]]
        distinct = slots[first]
        twice = np.r_[~first[1:], False][first]  # the next slot is the same
        again = twice | ((self._met[distinct >> 3] & _bit(distinct)) != 0)
        _mark(self._met, distinct)
        _mark(self._again, distinct[again])

    def kept(self, codes: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The codes (and their weights, when there are) that may have been met twice."""
        slots = self._slots(codes)
        keep = (self._again[slots >> 3] & _bit(slots)) != 0
        return codes[keep], weights[keep] if len(weights) else weights


def _bit(slots: np.ndarray) -> np.ndarray:
    return np.left_shift(np.uint8(1), (slots & 7).astype(np.uint8))


def _mark(table: np.ndarray, slots: np.ndarray) -> None:
    """Set the bits of the sorted distinct `slots` in `table` (the bits of one byte or-ed together)."""
    if len(slots):
        byte = slots >> 3
        starts = np.flatnonzero(np.r_[True, byte[1:] != byte[:-1]])
        table[byte[starts]] |= np.bitwise_or.reduceat(_bit(slots), starts)


def trim_heap() -> None:
    """Give the pages the C heap holds free back to the system (glibc's `malloc_trim`; elsewhere nothing).

    The pair codes are counted in arrays of a few MB, which glibc serves from its heap rather than
    mapping them apart once a larger array has been freed (its threshold for mapping grows up to 32 MB);
    freed among longer-lived objects, they left some 350 MB of free heap resident after the candidate
    stage of 10,000 articles, which the verify workers then inherited. Dask's distributed workers trim
    the same way (its "unmanaged memory" notes).
    """
    if _libc is not None:
        _libc.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_libc = _glibc()


BUCKET_PAIRS = 1 << 20  # pair codes counted at once (of tens of millions at 10,000 articles)


def _buckets(
    chunks: list[tuple[np.ndarray, np.ndarray]], n: int, k: int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The pairs of `_pair_chunks` (consumed) split by their first sentence id into `k` buckets (of about
    BUCKET_PAIRS codes), every occurrence of a code in one bucket, in the order the chunks give them.

    Deciding a pair needs all its occurrences, so they cannot be counted list by list; but counting them
    all at once sorted copies, permutations and inverses of every code together (the build's memory peak,
    by 0.7 GB at 10,000 articles). Bucket by bucket the codes are kept once, and the counting's
    temporaries are one bucket's. The order inside a bucket is the order of the whole, so the summed
    weights are the same floats; the shingles' and the words' buckets of one `k` hold the same pairs.
    """
    parts: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(k)]
    chunks.reverse()
    while chunks:
        codes, weights = chunks.pop()  # split, then dropped: the codes are held once
        if k == 1:
            parts[0].append((codes, weights))
            continue
        bucket = (codes // n) % k
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(k + 1))
        codes, weights = codes[order], weights[order] if len(weights) else weights
        for b in range(k):
            if bounds[b] < bounds[b + 1]:
                parts[b].append((codes[bounds[b] : bounds[b + 1]],
                                 weights[bounds[b] : bounds[b + 1]] if len(weights) else weights))
    for part in parts:
        codes = _concat([c for c, _ in part], np.int64)
        weights = _concat([w for _, w in part], np.float64)
        part.clear()
        yield codes, weights


# The steps below are what `candidates` does with the posting pairs; each decides a pair from that
# pair's own codes alone, so a distributed engine (viewer.core.distributed) applies them to the pairs of
# one partition of codes (all of a code's occurrences in one partition) with the same result.


def word_weights(weights: dict[str, float]) -> dict[int, float]:
    """The weights of `weights` by `word_hash`, as the rare-word posting lists are keyed."""
    return {word_hash(w): x for w, x in weights.items()}


def chosen_pairs(
    shingle_codes: np.ndarray, word_codes: np.ndarray, pair_weights: np.ndarray, opts: AlignOptions
) -> np.ndarray:
    """The sorted distinct candidates among pair codes (every occurrence of each of them given): those
    sharing `opts.phrase_shingles` shingles, or two and a rare word (a word of a posting list the cap
    keeps, or the whole sentence: `with_sentences`), and those sharing `opts.min_rare_words` rare words
    that weigh `opts.min_rare_weight` together.

    Two shingles alone are one four-word run or two three-word phrases, and when no word of them is rare
    they are a stock phrase ("said on Monday that the"): such pairs were most candidates of a large
    corpus (81% of the 10,000-article benchmark's) and nearly none was a parallel.
    """
    codes, counts = np.unique(shingle_codes, return_counts=True)
    words, inverse, shared = np.unique(word_codes, return_inverse=True, return_counts=True)
    summed = np.bincount(inverse.ravel(), weights=pair_weights, minlength=len(words))
    phrase = (counts >= opts.phrase_shingles) | ((counts >= 2) & member(codes, words))
    by_words = words[(summed >= opts.min_rare_weight) & (shared >= opts.min_rare_words)]
    return np.union1d(codes[phrase], by_words)


def rows_of(chosen: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sorted pair codes (a * n + b over global sentence ids) as rows (doc_a, sent_a, doc_b, sent_b)."""
    n = int(offsets[-1]) + 1
    first, second = chosen // n, chosen % n
    doc_a = np.searchsorted(offsets, first, side="right") - 1
    doc_b = np.searchsorted(offsets, second, side="right") - 1
    return np.stack([doc_a, first - offsets[doc_a], doc_b, second - offsets[doc_b]], axis=1)


def _posting_pairs(
    keys: np.ndarray, sids: np.ndarray, n: int, cap: int, involving: np.ndarray | None,
    key_weight: dict[int, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (a < b) of sentence ids sharing a key whose posting list holds 2..cap ids, as a * n + b.

    With `key_weight`, also each pair's key weight (1.0 for a key it does not know, as align does).
    """
    chunks = list(_pair_chunks(keys, sids, n, cap, involving, key_weight))
    return _concat([c for c, _ in chunks], np.int64), _concat([w for _, w in chunks], np.float64)


def sorted_entries(keys: np.ndarray, sids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries (`keys`, `sids`) sorted by key, then sentence: their posting lists in order."""
    order = np.lexsort((sids, keys))
    return keys[order], sids[order]


def _pair_chunks(
    keys: np.ndarray, sids: np.ndarray, n: int, cap: int, involving: np.ndarray | None,
    key_weight: dict[int, float] | None = None, *, ordered: bool = False,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """`_posting_pairs` in chunks of at most about BUCKET_PAIRS pairs (the lists of one length at a time,
    cut into runs of lists): (codes, weights), weights empty without `key_weight`. `ordered`: the entries
    are `sorted_entries` already."""
    k, s = (keys, sids) if ordered else sorted_entries(keys, sids)
    if not len(k):
        return
    # The weights looked up by binary search over the known keys, a whole run of lists at once (a dict
    # lookup per list was a third of the words' pair generation at 10,000 articles).
    known = weighed = None
    if key_weight is not None:
        known = np.fromiter(key_weight.keys(), dtype=np.uint64, count=len(key_weight))
        weighed = np.fromiter(key_weight.values(), dtype=np.float64, count=len(key_weight))
        by_key = np.argsort(known)
        known, weighed = known[by_key], weighed[by_key]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    lengths = np.diff(np.r_[starts, len(k)])
    kept = (lengths > 1) & (lengths <= cap)
    for length in np.unique(lengths[kept]):
        i, j = np.triu_indices(length, 1)
        groups = starts[kept & (lengths == length)]
        step = max(1, BUCKET_PAIRS // len(i))
        for at in range(0, len(groups), step):
            group = groups[at : at + step]
            matrix = s[group[:, None] + np.arange(length)]
            first, second = matrix[:, i].ravel(), matrix[:, j].ravel()
            touch = None if involving is None else involving[first] | involving[second]
            pair_codes = first * n + second
            w = np.zeros(0, dtype=np.float64)
            if known is not None and weighed is not None:
                w = np.repeat(_looked_up(k[group], known, weighed), len(i))
            yield (pair_codes, w) if touch is None else (pair_codes[touch], w[touch] if len(w) else w)


def _looked_up(keys: np.ndarray, known: np.ndarray, weighed: np.ndarray) -> np.ndarray:
    """The weight of each of `keys` among the sorted `known` keys, 1.0 for a key not among them."""
    if not len(known):
        return np.ones(len(keys), dtype=np.float64)
    where = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    return np.where(known[where] == keys, weighed[where], 1.0)


def _concat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype=dtype)


def sentence_offsets(counts: Sequence[int]) -> np.ndarray:
    """Global id of each document's first sentence, plus the total at the end."""
    return np.concatenate([[0], np.cumsum(np.asarray(counts, dtype=np.int64))])


def skip_mask(offsets: np.ndarray, skip: set[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(int(offsets[-1]) + 1, dtype=bool)
    for di, si in skip:
        mask[offsets[di] + si] = True
    return mask
