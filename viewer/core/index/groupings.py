"""The regroup cache: the groups of the stored pairs at one threshold, as compact bytes.

`regroup` (viewer.core.align.stages) groups the pairs kept at a threshold; the index keeps the result for
the thresholds asked for last, so that a reopen groups nothing. A grouping is encoded against the pairs at
the floor in their stored order (each pair's group, -1 when it is not kept) plus the groups' passages, and
decoded back onto those pairs, which the index stores as columns (`columns`): only the pairs kept are
built, each once, with its group. Bytes that do not fit them raise ValueError, and the front regroups
then: a grouping is a cache, never the only copy of anything. Pure functions, no SQLite.
Imports: the standard library, numpy, viewer.core (model, align.stages), index.columns.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.core.align.stages import pair_order
from viewer.core.index.columns import PairColumns
from viewer.core.model import Alignment, Group

__all__ = ["decode", "encode"]


def encode(full: Alignment, grouped: Alignment) -> tuple[bytes, bytes] | None:
    """`grouped` (a `regroup` of `full`) as bytes: the group of each pair of `full` in its order (-1: not
    kept at that threshold), int32; and the groups' passages, int64: the number of groups, each one's
    number of passages, then (document, start, end) triples, documents numbered in sorted id order.
    None when `grouped` is not such a regroup (a pair not in `full`, or out of its order)."""
    position = {pair_order(p): i for i, p in enumerate(full.pairs)}
    group_of = np.full(len(full.pairs), -1, dtype=np.int32)
    last = -1
    for p in grouped.pairs:
        i = position.get(pair_order(p), -1)
        if i <= last:
            return None
        group_of[i], last = p.group, i
    if any(g.id != k for k, g in enumerate(grouped.groups)):
        return None
    doc = {d: k for k, d in enumerate(sorted(d.id for d in full.corpus.documents))}
    passages = [len(grouped.groups), *(len(g.passages) for g in grouped.groups)]
    passages += [v for g in grouped.groups for s in g.passages for v in (doc[s.doc], s.start, s.end)]
    return group_of.tobytes(), np.array(passages, dtype=np.int64).tobytes()


def decode(pairs: PairColumns, head: Alignment, min_similarity: float, pair_groups: bytes, passages: bytes
           ) -> Alignment:
    """The alignment `encode` encoded: `head` (an alignment at the floor, its pairs left out) with the
    pairs of `pairs` kept at that threshold, in their groups, built straight from the columns; ValueError
    when the bytes do not fit them (another set of pairs, a damaged row)."""
    if not isinstance(pair_groups, bytes) or not isinstance(passages, bytes):
        raise ValueError("a grouping of the index is not bytes")
    group_of = np.frombuffer(pair_groups, dtype=np.int32)
    data = np.frombuffer(passages, dtype=np.int64)
    n = int(data[0])
    counts = data[1 : 1 + n]
    spans = data[1 + n :].reshape(-1, 3)
    ids = sorted(d.id for d in head.corpus.documents)
    if (len(group_of) != len(pairs) or n < 0 or len(counts) != n or int(counts.sum()) != len(spans)
            or (len(group_of) and int(group_of.max()) >= n) or (len(spans) and (
                spans[:, 0].min() < 0 or spans[:, 0].max() >= len(ids)))):
        raise ValueError("a grouping of the index does not fit its pairs")
    kept = np.flatnonzero(group_of >= 0)
    kept_pairs = pairs.pairs(kept.tolist(), group_of[kept].tolist())
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    made = pairs.passages(ids, spans)  # mostly passages of the pairs: their Span objects, shared
    # all in C (`map`): 281,979 groups at 2,000 articles of wire copy
    groups = tuple(map(Group, range(n), map(tuple, map(made.__getitem__, map(slice, bounds, bounds[1:])))))
    return replace(head, min_similarity=min_similarity, pairs=kept_pairs, groups=groups)
