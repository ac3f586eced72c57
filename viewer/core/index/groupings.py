"""The regroup cache: the groups of the stored pairs at one threshold, as compact bytes.

`regroup` (viewer.core.align.grouping) groups the pairs kept at a threshold; the index keeps the result for
the thresholds asked for last, so that a reopen groups nothing. A grouping is encoded against the pairs at
the floor in their stored order (each pair's group, -1 when it is not kept) plus the groups' passages, and
decoded back onto those pairs, which the index stores as columns (`columns`): only the pairs kept are
built, each once, with its group. Bytes that do not fit them raise ValueError, and the front regroups
then: a grouping is a cache, never the only copy of anything. A new threshold is grouped straight from the
columns (`regrouper`: the passages numbered as stored), building only the pairs it keeps. Pure functions,
no SQLite.
Imports: the standard library, numpy, viewer.core (model, align.grouping), index.columns.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.core.align.grouping import Grouping, Passages, Regrouper
from viewer.core.index.columns import BASES, PairColumns
from viewer.core.model import Alignment, Group, PairBasis

__all__ = ["decode", "encode", "grouped", "regrouper"]

_FIGURE = BASES.index(PairBasis.FIGURE)


def regrouper(pairs: PairColumns) -> Regrouper:
    """A `Regrouper` of the stored pairs, on their columns: their passages numbered as stored, a `Pair`
    built only for a pair a threshold keeps."""
    return Regrouper(Passages(pairs.docs, pairs.spans, pairs.a, pairs.b, pairs.span_objects),
                     pairs.similarity, pairs.basis == _FIGURE,
                     lambda rows, groups: list(pairs.pairs(rows.tolist(), groups)))


def grouped(pairs: PairColumns, head: Alignment, min_similarity: float, grouping: Grouping) -> Alignment:
    """`head` (an alignment at the floor, its pairs left out) with the pairs `grouping` keeps."""
    kept = pairs.pairs(grouping.rows.tolist(), grouping.group.tolist())
    return replace(head, min_similarity=min_similarity, pairs=kept, groups=grouping.groups)


def encode(pairs: PairColumns, head: Alignment, grouping: Grouping) -> tuple[bytes, bytes]:
    """`grouping` (of the stored `pairs`, whose documents `head` holds) as the bytes `decode` reads."""
    group_of = np.full(len(pairs), -1, dtype=np.int32)
    group_of[grouping.rows] = grouping.group
    return group_of.tobytes(), _passages(head, grouping.groups)


def _passages(head: Alignment, groups: tuple[Group, ...]) -> bytes:
    """The groups' passages: their number, each one's number of passages, then (document, start, end)
    triples, documents numbered in sorted id order."""
    doc = {d: k for k, d in enumerate(sorted(d.id for d in head.corpus.documents))}
    passages = [len(groups), *(len(g.passages) for g in groups)]
    passages += [v for g in groups for s in g.passages for v in (doc[s.doc], s.start, s.end)]
    return np.array(passages, dtype=np.int64).tobytes()


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
