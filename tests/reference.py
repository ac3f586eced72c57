"""The readable reference of the candidate search, which viewer.core.align.postings computes with numpy.

Dicts and Counters over every posting list: slow, but plain enough to check the fast path against
(tests/core/index/test_store.py compares them on real sentences).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence

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
