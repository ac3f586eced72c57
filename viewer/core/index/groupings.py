"""The regroup cache: the groups of the stored pairs at one threshold, as compact bytes.

`regroup` (viewer.core.align.grouping) groups the pairs kept at a threshold; the index keeps the result for
the thresholds asked for last, so that a reopen groups nothing. A grouping is encoded against the pairs at
the floor in their stored order (each pair's group, -1 when it is not kept) plus the groups' passages, and
decoded back onto those pairs, which the index stores as columns (`columns`): the pairs kept are a
`PairView` of them with their groups, the groups a `GroupView` of the stored passages, and nothing is
built until it is asked for. Bytes that do not fit them raise ValueError, and the front regroups
then: a grouping is a cache, never the only copy of anything. A new threshold is grouped straight from the
columns (`regrouper`: the passages numbered as stored), building only the pairs it keeps. Pure
functions and the `GroupView`, no SQLite.
Imports: the standard library, numpy, viewer.core (model, align.grouping), index.columns.
"""

from __future__ import annotations

import hashlib
import operator
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from viewer.core.align.grouping import Grouping, Regrouper
from viewer.core.index.columns import BASES, CHUNK, LazySequence, PairColumns, PairView
from viewer.core.model import Alignment, Divergence, Group, PairBasis, Span, Verdict

__all__ = ["GroupView", "decode", "digest_of_columns", "digest_of_pairs", "encode", "groups_of",
           "regrouper"]

_FIGURE = BASES.index(PairBasis.FIGURE)
DIGEST = 16  # bytes of the pairs' digest that open a grouping's passages


def _digest(a: np.ndarray, b: np.ndarray, similarity: np.ndarray, figure: np.ndarray, things: list[str]
            ) -> bytes:
    """What a grouping depends on, of every pair in order: its two passages as (document number in the
    sorted ids of the corpus, start, end) rows `a` and `b`, its similarity, whether it is a figure parallel,
    and the quantities the figure parallels give (`things`, in order), hashed."""
    h = hashlib.blake2b(digest_size=DIGEST)
    for array in (a.astype("<i8"), b.astype("<i8"), similarity.astype("<f8"), figure.astype("|u1")):
        h.update(np.ascontiguousarray(array).tobytes())
    h.update("\x1e".join(things).encode("utf-8", "surrogatepass"))
    return h.digest()


def _things(divergences: Sequence[Divergence]) -> str:
    return "\x1f".join(sorted({d.thing for d in divergences if d.verdict != Verdict.SAME}))


def digest_of_columns(pairs: PairColumns, head: Alignment, rows: np.ndarray | None = None) -> bytes:
    """The digest (`_digest`) of the stored pairs (of those of `rows`, in that order, when given)."""
    number = {d: k for k, d in enumerate(sorted(d.id for d in head.corpus.documents))}
    ours = np.array([number[d] for d in pairs.docs], dtype=np.int64)
    spans = pairs.spans
    a_rows, b_rows = (pairs.a, pairs.b) if rows is None else (pairs.a[rows], pairs.b[rows])
    a = np.column_stack([ours[spans[a_rows, 0]], spans[a_rows, 1], spans[a_rows, 2]]).reshape(-1)
    b = np.column_stack([ours[spans[b_rows, 0]], spans[b_rows, 1], spans[b_rows, 2]]).reshape(-1)
    taken = np.arange(len(pairs), dtype=np.int64) if rows is None else rows
    figure = pairs.basis[taken] == _FIGURE
    things = [_things(pairs.judged[pairs.links[i] : pairs.links[i + 1]])
              for i in taken[figure].tolist()]
    return _digest(a, b, pairs.similarity[taken], figure, things)


def digest_of_pairs(alignment: Alignment) -> bytes:
    """The digest (`_digest`) of `alignment`'s pairs, as a grouping kept by an index names the pairs it
    groups: equal when they are the index's stored pairs in their stored order."""
    pairs = alignment.pairs
    if isinstance(pairs, PairView):  # on its columns, no `Pair` made
        return digest_of_columns(pairs.columns, alignment, pairs.rows)
    number = {d: k for k, d in enumerate(sorted(d.id for d in alignment.corpus.documents))}
    n = len(pairs)

    def sides(values: Iterable[int]) -> np.ndarray:
        return np.fromiter(values, dtype=np.int64, count=3 * n)

    a = sides(v for p in pairs for v in (number[p.a.doc], p.a.start, p.a.end))
    b = sides(v for p in pairs for v in (number[p.b.doc], p.b.start, p.b.end))
    similarity = np.fromiter((p.similarity for p in pairs), dtype=np.float64, count=n)
    figure = np.fromiter((p.basis == PairBasis.FIGURE for p in pairs), dtype=bool, count=n)
    things = [_things(p.divergences) for p in pairs if p.basis == PairBasis.FIGURE]
    return _digest(a, b, similarity, figure, things)


def regrouper(pairs: PairColumns | PairView) -> Regrouper:
    """A `Regrouper` of the stored pairs (all of them, or those of a view), on their columns
    (`PairView.regrouper`)."""
    view = pairs if isinstance(pairs, PairView) else PairView(pairs, np.arange(len(pairs), dtype=np.int64))
    return view.regrouper()


def encode(count: int, head: Alignment, grouping: Grouping, digest: bytes) -> tuple[bytes, bytes]:
    """`grouping` (of `count` pairs whose digest is `digest`, over the documents of `head`) as the bytes
    `decode` reads: each pair's group (-1: not kept), and the digest then the groups' passages."""
    group_of = np.full(count, -1, dtype=np.int32)
    group_of[grouping.rows] = grouping.group
    return group_of.tobytes(), digest + _passages(head, grouping.groups)


def parts(pair_groups: object, passages: object, digest: bytes, count: int, documents: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A kept grouping's bytes read back: each pair's group, each group's number of passages, the passages'
    (document, start, end) rows; ValueError when they are not of `count` pairs whose digest is `digest`, over
    `documents` documents."""
    if not isinstance(pair_groups, bytes) or not isinstance(passages, bytes):
        raise ValueError("a grouping of the index is not bytes")
    if passages[:DIGEST] != digest or len(passages) < DIGEST + 8 or (len(passages) - DIGEST) % 8:
        raise ValueError("a grouping of the index is of other pairs")
    group_of = np.frombuffer(pair_groups, dtype=np.int32)
    data = np.frombuffer(passages, dtype=np.int64, offset=DIGEST)
    n = int(data[0])
    counts = data[1 : 1 + n]
    spans = data[1 + n :]
    if (len(group_of) != count or n < 0 or len(counts) != n or len(spans) % 3
            or int(counts.sum()) != len(spans) // 3 or (len(group_of) and int(group_of.max()) >= n)):
        raise ValueError("a grouping of the index does not fit its pairs")
    spans = spans.reshape(-1, 3)
    if len(spans) and (spans[:, 0].min() < 0 or spans[:, 0].max() >= documents):
        raise ValueError("a grouping of the index names other documents")
    return group_of, counts, spans


def _passages(head: Alignment, groups: tuple[Group, ...]) -> bytes:
    """The groups' passages: their number, each one's number of passages, then (document, start, end)
    triples, documents numbered in sorted id order."""
    doc = {d: k for k, d in enumerate(sorted(d.id for d in head.corpus.documents))}
    passages = [len(groups), *(len(g.passages) for g in groups)]
    passages += [v for g in groups for s in g.passages for v in (doc[s.doc], s.start, s.end)]
    return np.array(passages, dtype=np.int64).tobytes()


def decode(pairs: PairColumns, head: Alignment, min_similarity: float, pair_groups: bytes, passages: bytes,
           digest: bytes) -> Alignment:
    """The alignment `encode` encoded: `head` (an alignment at the floor, its pairs left out) with the
    pairs of `pairs` kept at that threshold, in their groups, built straight from the columns; ValueError
    when the bytes do not fit them (another set of pairs, a damaged row)."""
    ids = sorted(d.id for d in head.corpus.documents)
    group_of, counts, spans = parts(pair_groups, passages, digest, len(pairs), len(ids))
    kept = np.flatnonzero(group_of >= 0)
    return replace(head, min_similarity=min_similarity, pairs=PairView(pairs, kept, group_of[kept]),
                   groups=GroupView(ids, counts, spans))


def groups_of(counts: np.ndarray, passages: list[Span], first: int = 0) -> tuple[Group, ...]:
    """Groups numbered in order from `first`, each of the next `counts[k]` of `passages`."""
    bounds = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64).tolist()
    # all in C (`map`): 281,979 groups at 2,000 articles of wire copy
    return tuple(map(Group, range(first, first + len(counts)),
                     map(tuple, map(passages.__getitem__, map(slice, bounds, bounds[1:])))))


class GroupView(LazySequence[Group]):
    """Groups numbered in order, each of the next `counts[k]` passages of `rows` ((number in `docs`,
    start, end) rows, as a kept grouping stores them), a `Group` made when asked for (`LazySequence`): a
    reopen shows a few of a million groups."""

    __slots__ = ("bounds", "docs", "rows")

    def __init__(self, docs: Sequence[str], counts: np.ndarray, rows: np.ndarray) -> None:
        self.docs = docs
        self.bounds = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.rows = rows

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @typing.overload
    def __getitem__(self, i: int) -> Group: ...

    @typing.overload
    def __getitem__(self, i: slice) -> tuple[Group, ...]: ...

    def __getitem__(self, i: int | slice) -> Group | tuple[Group, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        k = operator.index(i)
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError("group index out of range")
        return self._made(k, k + 1)[0]

    def __iter__(self) -> Iterator[Group]:
        for k in range(0, len(self), CHUNK):
            yield from self._made(k, min(k + CHUNK, len(self)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (GroupView, (self.docs, np.diff(self.bounds), self.rows))

    def _made(self, lo: int, hi: int) -> tuple[Group, ...]:
        """The groups lo..hi."""
        start, end = int(self.bounds[lo]), int(self.bounds[hi])
        table = self.rows[start:end]
        spans = list(map(Span, map(self.docs.__getitem__, table[:, 0].tolist()), table[:, 1].tolist(),
                         table[:, 2].tolist()))
        return groups_of(np.diff(self.bounds[lo : hi + 1]), spans, first=lo)
