"""An upper bound on each candidate pair's score, computed in numpy: candidates that cannot reach the
floor are not verified at all (`Reach`).

`stages.score_sentences` costs some 20 to 40 µs of Python a candidate, and where reuse is dense most
candidates fail (72 % of the 594 k of 1,000 dense articles): Markov prose shares a stock phrase and a rare
word by chance. The passages the scorer reads are the two sentences, their statements when one is compound
(`stages.statements`) and, when the sentences' discount (min(1, shared weight / `substance`)) reaches
`copy_min`, a copied clause; its score is the greatest of their lexical scores (`stages.lexical`: weighted
Dice times discount, 0 without a shared strong word). The words of each sentence and statement are
weighed once (`stages._weighed`: the same for every pair it is in) and tabled, and for every candidate the
sentences' and statements' lexical scores are computed here in numpy; a copied clause scores at most its
discount, which is at most the sentences' (what two passages inside the sentences share weighs no more
than what the sentences share: each word's weight in a passage is its greatest there, and a word strong
in a passage is strong in its sentence). So a candidate is dropped only when all that is below the floor
by more than float rounding
(`_MARGIN`: the sums here run in another order than the scorer's `math.fsum`), and the verified matches
are exactly those of verifying every candidate. With sentence vectors the score also counts the model's
similarity, which no word bound caps, so nothing is dropped then; nor is a candidate whose two sentences
each quote `quote_words` words of `quote_weight` or more (`stages.quotation`): its quotations' similarity
may lift it to at least half way to 1.
A candidate that only a copied clause can bring to the floor (`Reached.COPY`: the sentences' discount
reaches `copy_min`, their words and statements score under the floor) is a match only if the sentences
share a copied clause, which `stages.verify` looks for before scoring it whole (the search alone is a
third of the scoring: at 1,000 dense articles 135 k of the 379 k candidates kept are of this kind).
Imports: the standard library, numpy, viewer.core.align (passages, postings, stages).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from enum import IntEnum

import numpy as np

from viewer.core.align.passages import PreparedDocument
from viewer.core.align.postings import trim_heap
from viewer.core.align.stages import AlignOptions, Memo, _is_strong, _weighed, quotation, statements

__all__ = ["Reach", "Reached"]

# Far above the rounding of a sum of some dozens of weights in [0, 1] (about 1e-15), far below any
# difference a score shows (four decimals).
_MARGIN = 1e-6
_BLOCK = 1 << 17  # candidate rows bounded at once: temporaries of some dozens of MB


class _Passages:
    """The weighed words (`stages._weighed`) of every sentence (numbered first, in document order) and of
    every statement of a compound sentence (`stages.statements`, numbered after): sorted rows (passage,
    word id) with each word's weight, whether it is a number by value ('#...') and whether it is strong;
    each passage's plain total (its weights but those of numbers by value); whether a word is only in the
    passage's attributions (two passages set such words aside: `stages._lexical`); each sentence's
    statements (`parts` of them, numbered from `first_part` on); and whether each sentence quotes enough
    specific words for its quotation to count (`quoting`)."""

    def __init__(
        self, docs: Sequence[PreparedDocument], weights: dict[str, float], opts: AlignOptions
    ) -> None:
        # compact arrays while the table grows (a list of Python ints and floats would take some 40 bytes
        # an entry: 3 M entries at 10,000 articles)
        ids: dict[str, int] = {}
        # flags: 1 a number by value, 2 strong, 4 in the passage's attributions only
        keys, weight, flags = array("q"), array("d"), array("b")
        counts, plain = array("q"), array("d")
        memo = Memo()

        def add(d: PreparedDocument, r: tuple[int, int]) -> None:
            words, total, said = _weighed(d, r, weights, memo)
            memo.clear()  # each passage is weighed once here: nothing to share
            row = sorted((ids.setdefault(k, len(ids)), w,
                          (k[0] == "#") | 2 * _is_strong(k, w, weights) | 4 * (k in said))
                         for k, w in words.items())
            for k, w, f in row:
                keys.append(k)
                weight.append(w)
                flags.append(f)
            counts.append(len(row))
            plain.append(total)

        parts: list[list[tuple[PreparedDocument, tuple[int, int]]]] = []
        quoting = []
        for d in docs:
            for s in d.sentences:
                r = (s.first, s.last)
                add(d, r)
                parts.append([(d, p) for p in statements(d, r, opts.min_tokens)])
                quoted = quotation(d, r, weights).values()
                quoting.append(sum(w >= opts.quote_weight for w in quoted) >= opts.quote_words)
        self.quoting = np.array(quoting, dtype=bool)
        sentences = len(counts)
        for found in parts:
            for d, r in found:
                add(d, r)
        self.parts = np.array([len(found) for found in parts], dtype=np.int64)
        self.first_part = sentences + np.concatenate([[0], np.cumsum(self.parts)[:-1]]).astype(np.int64)
        self.width = max(len(ids), 1)
        self.counts = np.array(counts, dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)
        passage = np.repeat(np.arange(len(counts), dtype=np.int64), self.counts)
        self.codes = passage * self.width + np.frombuffer(keys, dtype=np.int64)  # sorted
        self.weight = np.frombuffer(weight, dtype=np.float64)
        flag = np.frombuffer(flags, dtype=np.int8)
        self.number, self.strong, self.said = (flag & 1) > 0, (flag & 2) > 0, (flag & 4) > 0
        self.plain = np.frombuffer(plain, dtype=np.float64)


class Reached(IntEnum):
    """What may bring a candidate to the floor (`Reach.levels`)."""

    NOTHING = 0  # it verifies to no match
    COPY = 1  # only a copied clause (`stages._copied_clause`): the sentences, their statements and
    # their quotations all score under the floor
    SENTENCES = 2  # the sentences, a statement or a quotation may


class Reach:
    """What `stages.score_sentences` (without sentence vectors) can reach on candidate rows of one corpus:
    the sentences' weighed words tabled once (before a pool forks, so that its workers share the arrays),
    then any rows of it bounded by `levels` or `within`."""

    def __init__(
        self, docs: Sequence[PreparedDocument], weights: dict[str, float], opts: AlignOptions
    ) -> None:
        self._table = _Passages(docs, weights, opts)
        trim_heap()  # the table's making freed as much as it keeps: not for forked workers to inherit
        self._offsets = np.concatenate([[0], np.cumsum([len(d.sentences) for d in docs])]).astype(np.int64)
        self._opts = opts

    def within(self, rows: np.ndarray) -> np.ndarray:
        """A mask over candidate `rows` (doc_a, sent_a, doc_b, sent_b): False where the score cannot reach
        the floor, so that `stages.verify` would keep no match of that row."""
        return self.levels(rows) > Reached.NOTHING

    def levels(self, rows: np.ndarray) -> np.ndarray:
        """What may bring each of candidate `rows` to the floor (`Reached`, as int8)."""
        out = np.empty(len(rows), dtype=np.int8)
        for at in range(0, len(rows), _BLOCK):
            block = rows[at : at + _BLOCK]
            out[at : at + _BLOCK] = _reach(self._table, self._offsets[block[:, 0]] + block[:, 1],
                                           self._offsets[block[:, 2]] + block[:, 3], self._opts)
        return out


def _reach(table: _Passages, a: np.ndarray, b: np.ndarray, opts: AlignOptions) -> np.ndarray:
    """`Reach.levels` of the candidates between sentences `a` and `b` (global sentence ids)."""
    lexical, discount = _lexical(table, a, b, opts)
    # the statements of compound sentences: every pair the scorer's statement search reads
    bound = lexical.copy()
    compound = np.flatnonzero((table.parts[a] > 0) | (table.parts[b] > 0))
    if len(compound):
        na, nb = 1 + table.parts[a[compound]], 1 + table.parts[b[compound]]
        combos = na * nb
        which = np.repeat(np.arange(len(compound), dtype=np.int64), combos)
        k = np.arange(len(which), dtype=np.int64) - np.repeat(np.cumsum(combos) - combos, combos)
        ia, ib = k // nb[which], k % nb[which]
        first = np.cumsum(combos) - combos
        sa, sb = a[compound][which], b[compound][which]
        pa = np.where(ia == 0, sa, table.first_part[sa] + ia - 1)
        pb = np.where(ib == 0, sb, table.first_part[sb] + ib - 1)
        part_lexical, _ = _lexical(table, pa, pb, opts)  # (the first combo of each is the sentences)
        bound[compound] = np.maximum.reduceat(part_lexical, first)
    sentences = (bound >= opts.floor - _MARGIN) | (table.quoting[a] & table.quoting[b])
    # a copied clause is searched for when the discount reaches copy_min: it scores at most that
    copy = ~sentences & (discount >= opts.copy_min - _MARGIN) & (discount >= opts.floor - _MARGIN)
    levels = np.where(copy, Reached.COPY, Reached.NOTHING)
    return np.where(sentences, Reached.SENTENCES, levels).astype(np.int8)


def _lexical(table: _Passages, a: np.ndarray, b: np.ndarray, opts: AlignOptions
             ) -> tuple[np.ndarray, np.ndarray]:
    """`stages.lexical` of the passage pairs (a, b) (passage numbers of `table`), up to float rounding, and
    their discount; 0 where they share no strong word."""
    n = len(a)
    # every word of each pair's passage a, looked up among the words of its passage b
    counts = table.counts[a]
    pair = np.repeat(np.arange(n, dtype=np.int64), counts)
    first = np.repeat(table.starts[a] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    ea = first + np.arange(len(pair), dtype=np.int64)
    wanted = b[pair] * table.width + table.codes[ea] % table.width
    eb = np.minimum(np.searchsorted(table.codes, wanted), len(table.codes) - 1)
    hit = table.codes[eb] == wanted
    # words of both sides' attributions only: set aside on both sides (stages._lexical)
    source = hit & table.said[ea] & table.said[eb]
    sa, sb = ea[source], eb[source]
    set_aside = np.bincount(pair[source], minlength=n,
                            weights=np.where(table.number[sa], 0.0, table.weight[sa] + table.weight[sb]))
    hit &= ~source
    pair, ea, eb = pair[hit], ea[hit], eb[hit]
    wa, wb = table.weight[ea], table.weight[eb]
    strong = np.bincount(pair, weights=table.strong[ea] | table.strong[eb], minlength=n)
    least = np.bincount(pair, weights=np.minimum(wa, wb), minlength=n)
    both = wa + wb
    shared = np.bincount(pair, weights=both, minlength=n)
    numbers = np.bincount(pair, weights=np.where(table.number[ea], both, 0.0), minlength=n)
    total = table.plain[a] + table.plain[b] + numbers - set_aside
    discount = np.minimum(1.0, least / opts.substance)
    dice = np.divide(shared, total, out=np.zeros(n), where=total > 0)
    found = (strong >= opts.min_shared_words) & (total > 0)
    return np.where(found, dice * discount, 0.0), np.where(found, discount, 0.0)
