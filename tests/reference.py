"""The readable reference of the candidate search, which viewer.core.align.postings computes with numpy,
and of the lexical score and the copied-clause run that viewer.core.align.stages computes in shortcuts.

Dicts and Counters over every posting list: slow, but plain enough to check the fast path against
(tests/core/index/test_store.py compares them on real sentences).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from viewer.core.align.passages import PreparedDocument
from viewer.core.align.stages import (
    AlignOptions,
    _features,
    boilerplate_of,
    sentence_keys,
    sentence_terms,
    weights_from_counts,
)


def corpus_weights(docs: Sequence[PreparedDocument]) -> dict[str, float]:
    """Inverse sentence frequency of each content key, scaled to 0..1 (1 = a word found in one sentence).

    Rare words weigh more than common ones; the scale makes every threshold of `AlignOptions` read in
    "rare words" whatever the size of the corpus.
    """
    df: Counter[str] = Counter()
    for d in docs:
        df.update(sentence_terms(d))
    return weights_from_counts(df, sum(len(d.sentences) for d in docs))


def find_boilerplate(
    docs: Sequence[PreparedDocument], sources: Sequence[str], opts: AlignOptions
) -> set[tuple[int, int]]:
    """(document index, sentence index) of sentences that recur as boilerplate (see `boilerplate_of`)."""
    return boilerplate_of([sentence_keys(d) for d in docs], sources, opts)


def candidate_pairs(
    docs: Sequence[PreparedDocument],
    weights: dict[str, float],
    skip: set[tuple[int, int]],
    opts: AlignOptions,
) -> set[tuple[int, int, int, int]]:
    """Sentence pairs (doc_a, sent_a, doc_b, sent_b), doc_a <= doc_b, worth verifying."""
    ids: list[tuple[int, int]] = []
    shingle_index: dict[int, list[int]] = defaultdict(list)
    word_index: dict[str | int, list[int]] = defaultdict(list)
    for di, d in enumerate(docs):
        whole = sentence_keys(d)
        for si in range(len(d.sentences)):
            if (di, si) in skip:
                continue
            sid = len(ids)
            ids.append((di, si))
            shingles, rare = _features(d, si, opts.shingle)
            for h in shingles:
                shingle_index[h].append(sid)
            for w in rare:
                word_index[w].append(sid)
            word_index[whole[si]].append(sid)  # the sentence itself counts as a rare word (weight 1)

    shared_shingles: Counter[tuple[int, int]] = Counter()
    for postings in shingle_index.values():
        if 1 < len(postings) <= opts.max_postings:
            for pair in itertools.combinations(postings, 2):
                shared_shingles[pair] += 1
    rare_weight: defaultdict[tuple[int, int], float] = defaultdict(float)
    rare_count: Counter[tuple[int, int]] = Counter()
    for word, postings in word_index.items():
        if 1 < len(postings) <= opts.max_postings:
            w = weights.get(word, 1.0) if isinstance(word, str) else 1.0
            for pair in itertools.combinations(postings, 2):
                rare_weight[pair] += w
                rare_count[pair] += 1

    # a stock phrase (two shingles, no rare word shared) is no candidate
    chosen = {p for p, c in shared_shingles.items()
              if c >= opts.phrase_shingles or (c >= 2 and p in rare_count)}
    chosen.update(p for p, w in rare_weight.items()
                  if w >= opts.min_rare_weight and rare_count[p] >= opts.min_rare_words)
    return {(*ids[a], *ids[b]) for a, b in chosen}


def dice(
    a: PreparedDocument, ra: tuple[int, int], b: PreparedDocument, rb: tuple[int, int],
    weights: dict[str, float], opts: AlignOptions,
) -> tuple[float, float]:
    """`align.stages._lexical` read plainly: each passage's words weighed, every shared word tested, the
    sums taken over the shared words one by one."""
    def weighed(d: PreparedDocument, r: tuple[int, int]) -> dict[str, float]:
        out: dict[str, float] = {}
        for i in range(*r):
            if d.content[i]:
                w = 0.2 if d.keys[i] == "#" else weights.get(d.keys[i], 1.0)
                if d.capitalised[i] and d.keys[i] not in ("#", "@month", "@weekday"):
                    w *= 0.4
                out[d.keys[i]] = max(out.get(d.keys[i], 0.0), w)
                if d.values[i]:
                    out[d.values[i]] = weights.get(d.values[i], 1.0)
        return out

    wa, wb = weighed(a, ra), weighed(b, rb)
    shared = wa.keys() & wb.keys()
    total = math.fsum(w for k, w in wa.items() if k[0] != "#" or k in shared) + math.fsum(
        w for k, w in wb.items() if k[0] != "#" or k in shared)
    strong = [k for k in shared if k not in ("#", "@month", "@weekday") and k[0] != "#"
              and wa[k] > 0.4 * weights.get(k, 1.0)]
    if not total or len(strong) < opts.min_shared_words:
        return 0.0, 0.0
    discount = min(1.0, math.fsum(min(wa[k], wb[k]) for k in shared) / opts.substance)
    return math.fsum(wa[k] + wb[k] for k in shared) / total * discount, discount + 1e-9


def chain(ka: Sequence[str], kb: Sequence[str], max_gap: int) -> tuple[int, int, int, int] | None:
    """`align.stages._chain` read plainly: the longest run of in-order equal opcodes of the two key
    sequences, each at most `max_gap` words after the previous one on both sides."""
    runs: list[list[tuple[int, int, int, int]]] = []
    for op in Indel.opcodes(list(ka), list(kb)):
        if op.tag != "equal":
            continue
        block = (op.src_start, op.src_end, op.dest_start, op.dest_end)
        if runs and max(block[0] - runs[-1][-1][1], block[2] - runs[-1][-1][3]) <= max_gap:
            runs[-1].append(block)
        else:
            runs.append([block])
    best, best_len = None, 0
    for run in runs:  # the first prefix of a run longer than every earlier one
        length = 0
        for block in run:
            length += block[1] - block[0]
            if length > best_len:
                best_len, best = length, (run[0][0], block[1], run[0][2], block[3])
    return best
