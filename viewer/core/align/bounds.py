"""An upper bound on each candidate pair's score, computed in numpy: candidates that cannot reach the
floor are not verified at all (`Reach`).

`stages.score_sentences` costs some 40 µs of Python a candidate, and where reuse is dense most candidates
fail (72 % of the 594 k of 1,000 dense articles): Markov prose shares a stock phrase and a rare word by
chance. What any of its scores can reach follows from the two whole sentences' weighed words alone
(`stages._weighed`), which are the same for every pair a sentence is in:
- a passage pair scores 0 unless it shares a strong word (`stages._is_strong`), and a word strong inside a
  passage is strong in its sentence (its weight there is the greatest over its occurrences);
- every passage pair the scorer reads (the sentences, their statements, copied clauses) scores at most its
  discount, min(1, shared weight / `substance`), and what two passages inside the sentences share weighs
  no more than what the sentences share;
- and when neither sentence is compound (`stages.statements`) and that discount is below `copy_min`, the
  scorer reads the whole sentences only: the score is their weighted Dice, computed here too.
So a candidate is dropped only when its bound is below the floor by more than float rounding
(`_MARGIN`: the sums here run in another order than the scorer's `math.fsum`), and the verified matches
are exactly those of verifying every candidate. With sentence vectors the score also counts the model's
similarity, which no word bound caps, so nothing is dropped then.
Imports: numpy, viewer.core.align (passages, stages).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from viewer.core.align.passages import PreparedDocument
from viewer.core.align.stages import AlignOptions, WeightMemo, _is_strong, _weighed, statements

__all__ = ["Reach"]

# Far above the rounding of a sum of some dozens of weights in [0, 1] (about 1e-15), far below any
# difference a score shows (four decimals).
_MARGIN = 1e-6
_BLOCK = 1 << 17  # candidate rows bounded at once: temporaries of some dozens of MB


class _Sentences:
    """Every sentence's weighed words as sorted rows (sentence id, word id), with each word's weight,
    whether it is a number by value ('#...') and whether it is strong; and each sentence's plain total
    (its weights but those of numbers by value) and whether it is compound."""

    def __init__(
        self, docs: Sequence[PreparedDocument], weights: dict[str, float], opts: AlignOptions
    ) -> None:
        ids: dict[str, int] = {}
        keys: list[int] = []
        weight: list[float] = []
        number: list[bool] = []
        strong: list[bool] = []
        counts: list[int] = []
        plain: list[float] = []
        compound: list[bool] = []
        memo: WeightMemo = {}
        for d in docs:
            for s in d.sentences:
                r = (s.first, s.last)
                words, total = _weighed(d, r, weights, memo)
                memo.clear()  # each sentence is weighed once here: nothing to share
                row = sorted((ids.setdefault(k, len(ids)), w, k[0] == "#", _is_strong(k, w, weights))
                             for k, w in words.items())
                for k, w, n, g in row:
                    keys.append(k)
                    weight.append(w)
                    number.append(n)
                    strong.append(g)
                counts.append(len(row))
                plain.append(total)
                compound.append(bool(statements(d, r, opts.min_tokens)))
        self.width = max(len(ids), 1)
        self.counts = np.array(counts, dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)
        sentence = np.repeat(np.arange(len(counts), dtype=np.int64), self.counts)
        self.codes = sentence * self.width + np.array(keys, dtype=np.int64)  # sorted
        self.weight = np.array(weight, dtype=np.float64)
        self.number = np.array(number, dtype=bool)
        self.strong = np.array(strong, dtype=bool)
        self.plain = np.array(plain, dtype=np.float64)
        self.compound = np.array(compound, dtype=bool)


class Reach:
    """What `stages.score_sentences` (without sentence vectors) can reach on candidate rows of one corpus:
    the sentences' weighed words tabled once (before a pool forks, so that its workers share the arrays),
    then any rows of it bounded by `within`."""

    def __init__(
        self, docs: Sequence[PreparedDocument], weights: dict[str, float], opts: AlignOptions
    ) -> None:
        self._table = _Sentences(docs, weights, opts)
        self._offsets = np.concatenate([[0], np.cumsum([len(d.sentences) for d in docs])]).astype(np.int64)
        self._opts = opts

    def within(self, rows: np.ndarray) -> np.ndarray:
        """A mask over candidate `rows` (doc_a, sent_a, doc_b, sent_b): False where the score cannot reach
        the floor, so that `stages.verify` would keep no match of that row."""
        keep = np.ones(len(rows), dtype=bool)
        for at in range(0, len(rows), _BLOCK):
            block = rows[at : at + _BLOCK]
            keep[at : at + _BLOCK] = _reach(self._table, self._offsets[block[:, 0]] + block[:, 1],
                                            self._offsets[block[:, 2]] + block[:, 3], self._opts)
        return keep


def _reach(table: _Sentences, a: np.ndarray, b: np.ndarray, opts: AlignOptions) -> np.ndarray:
    """`within_reach` of the candidates between sentences `a` and `b` (global sentence ids)."""
    n = len(a)
    # every word of each candidate's sentence a, looked up among the words of its sentence b
    counts = table.counts[a]
    pair = np.repeat(np.arange(n, dtype=np.int64), counts)
    first = np.repeat(table.starts[a] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    ea = first + np.arange(len(pair), dtype=np.int64)
    wanted = b[pair] * table.width + table.codes[ea] % table.width
    eb = np.minimum(np.searchsorted(table.codes, wanted), len(table.codes) - 1)
    hit = table.codes[eb] == wanted
    pair, ea, eb = pair[hit], ea[hit], eb[hit]
    wa, wb = table.weight[ea], table.weight[eb]
    strong = np.bincount(pair, weights=table.strong[ea] | table.strong[eb], minlength=n)
    least = np.bincount(pair, weights=np.minimum(wa, wb), minlength=n)
    both = wa + wb
    shared = np.bincount(pair, weights=both, minlength=n)
    numbers = np.bincount(pair, weights=np.where(table.number[ea], both, 0.0), minlength=n)
    total = table.plain[a] + table.plain[b] + numbers
    discount = np.minimum(1.0, least / opts.substance)
    dice = np.divide(shared, total, out=np.zeros(n), where=total > 0)
    # with neither sentence compound and no copied clause in reach, the whole sentences are the only
    # passages scored
    whole_only = ~(table.compound[a] | table.compound[b]) & (discount < opts.copy_min - _MARGIN)
    bound = np.where(whole_only, dice * discount, discount)
    return (strong >= opts.min_shared_words) & (bound >= opts.floor - _MARGIN) & ~np.isnan(bound)

