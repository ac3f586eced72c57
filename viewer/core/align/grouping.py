"""Group parallels into statements at any threshold, on integer ids: `regroup`, `group_pairs`, `Regrouper`.

The rules (what a group is, which weak pair a third document corroborates) are those `regroup` and
`group_pairs` state; this module computes them on numbers. The distinct passages of the pairs are
numbered once, in sorted order (`Passages`), so that a number compares as its `Span` would; which
passages of one document are one statement (they mostly overlap) is found once for every passage, and
kept, so that a new threshold only filters those links; connected sets are found in numpy, and only the
components of more than three statements run the average-linkage heap (`_linkage`), on integers. A
`Regrouper` holds all that for one alignment: the window moves its threshold slider over it, and the index
groups a new threshold from its stored columns without building a `Pair` for the pairs it leaves out.
`tests/reference.py` keeps the readable implementation this one replaced; tests compare the two.
Imports: the standard library, numpy, viewer.core.model, viewer.core.spans.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from viewer.core.model import Alignment, Group, Pair, PairBasis, Span
from viewer.core.spans import DisjointSets

__all__ = ["CORROBORATION", "Grouping", "Passages", "Regrouper", "figure_groups_of", "group_pairs",
           "pair_order", "regroup"]

COHESION = 0.3  # two clusters of statements join while their mean similarity is at least this
CORROBORATION = 0.1  # how far below the threshold a pair a third document corroborates is kept
_SIMILARITY_UNITS = 10_000
# Above every text offset (articles are capped at 500,000 characters): a running maximum over
# `segment * _WIDE + end` restarts at each segment.
_WIDE = 1 << 32


def pair_order(p: Pair) -> tuple[str, int, int, str, int, int]:
    """The order of pairs (by `a`, then `b`) as a plain tuple: it compares in C, a `Span` in Python."""
    return (p.a.doc, p.a.start, p.a.end, p.b.doc, p.b.start, p.b.end)


# ------------------------------------------------------------------------------------------- passages


def _made(pairs: Sequence[Pair]) -> Sequence[Pair]:
    """`pairs` as a tuple or list: a lazy sequence (a view on the index's columns) makes each pair when it
    is read, and numbering reads every pair several times, some at random."""
    return pairs if isinstance(pairs, tuple | list) else tuple(pairs)



def number_sides(pairs: Sequence[Pair]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The passages of `pairs` numbered: the documents in order; the distinct passages as rows (document
    number, start, end), sorted; each pair's `a` and `b` as rows of them; and for each passage the first
    side holding it (2 * pair + 0 for `a`, + 1 for `b`)."""
    docs = sorted({p.a.doc for p in pairs} | {p.b.doc for p in pairs})
    number = {d: i for i, d in enumerate(docs)}
    sides = np.array([(number[s.doc], s.start, s.end) for p in pairs for s in (p.a, p.b)],
                     dtype=np.int64).reshape(-1, 3)
    order = np.lexsort((sides[:, 2], sides[:, 1], sides[:, 0]))
    ranked = sides[order]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
    row = np.empty(len(sides), dtype=np.int64)
    row[order] = np.cumsum(first) - 1
    return docs, ranked[first], row[0::2], row[1::2], order[first]


class Passages:
    """The distinct passages of some pairs, numbered in sorted order: `rows` (m, 3) (document number,
    start, end) sorted, so that numbers compare as `Span`s do; `a`, `b` each pair's sides as numbers;
    `span(k)` the `Span` of number k. `overlaps` (built once, on first use): every two passages of one
    document that are one statement (`_mostly_same`) and that grouping would compare, as numbers."""

    def __init__(self, docs: Sequence[str], rows: np.ndarray, a: np.ndarray, b: np.ndarray,
                 spans: Callable[[np.ndarray], list[Span]]) -> None:
        self.docs, self.rows, self.a, self.b = docs, rows, a, b
        self._spans = spans
        self._made: dict[int, Span] = {}
        self._overlaps: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def of(cls, pairs: Sequence[Pair]) -> Passages:
        pairs = _made(pairs)
        docs, passages, a, b, side = number_sides(pairs)
        # the first side holding each passage gives its Span object
        objects = [pairs[k >> 1].b if k & 1 else pairs[k >> 1].a for k in side.tolist()]
        return cls(docs, passages, a, b, lambda numbers: list(map(objects.__getitem__, numbers.tolist())))

    def __len__(self) -> int:
        return len(self.rows)

    def spans(self, numbers: np.ndarray) -> list[Span]:
        return self._spans(numbers)

    @property
    def overlaps(self) -> tuple[np.ndarray, np.ndarray]:
        """(t, i) with t < i: passages of one document where i starts before t ends (which is what
        `_passage_nodes` of the reference compares, whatever other passages a threshold keeps) and the
        two mostly overlap."""
        if self._overlaps is None:
            doc, start, end = (c.tolist() for c in self.rows.T)
            first: list[int] = []
            second: list[int] = []
            active: list[int] = []
            for i, (d, s, e) in enumerate(zip(doc, start, end, strict=True)):
                active = [t for t in active if doc[t] == d and end[t] > s]
                for t in active:
                    # _mostly_same, on numbers
                    if min(end[t], e) - max(start[t], s) >= 0.5 * min(end[t] - start[t], e - s):
                        first.append(t)
                        second.append(i)
                active.append(i)
            self._overlaps = np.array(first, dtype=np.int64), np.array(second, dtype=np.int64)
        return self._overlaps

    def nodes(self, present: np.ndarray) -> np.ndarray:
        """For each passage of `present` (a mask), the smallest number of the present passages of its
        document that mostly overlap it, transitively: one node per statement."""
        t, i = self.overlaps
        keep = present[t] & present[i]
        return _components(len(self.rows), t[keep], i[keep])


def _components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """For each of `n` numbers, the smallest number connected to it by the links (u, v): roots hooked
    under the smallest root they link to, then paths halved to their roots, until no link joins two."""
    label = np.arange(n, dtype=np.int64)
    while len(u):
        lu, lv = label[u], label[v]
        differ = lu != lv
        if not differ.any():
            break
        np.minimum.at(label, np.maximum(lu, lv)[differ], np.minimum(lu, lv)[differ])
        while True:
            up = label[label]
            if np.array_equal(up, label):
                break
            label = up
    return label


# ------------------------------------------------------------------------------------------- grouping


@dataclass(frozen=True)
class Grouping:
    """Pairs grouped at one threshold, as numbers: `rows` the pairs kept (rows of the pairs grouped) in
    `pair_order`, `group` each one's group; `groups` the groups in order, each one's passages."""

    rows: np.ndarray
    group: np.ndarray
    groups: tuple[Group, ...]


class Regrouper:
    """One alignment's pairs, numbered once, grouped at any threshold (`at`, `grouping`).

    `similarity` and `basis` (True for a figure parallel) per pair; `pairs(rows, groups)` builds the
    `Pair` records of the rows kept, with their groups."""

    def __init__(self, passages: Passages, similarity: np.ndarray, figure: np.ndarray,
                 pairs: Callable[[np.ndarray, list[int]], Sequence[Pair]]) -> None:
        self.passages = passages
        self.similarity = similarity
        self.figure = figure
        self.wording = ~figure
        self._pairs = pairs

    @classmethod
    def of(cls, alignment: Alignment) -> Regrouper:
        # pairs read back from the index (a view on its columns, viewer.core.index.columns.PairView, which
        # this layer may not import) number themselves from their arrays, making no Pair
        own = getattr(alignment.pairs, "regrouper", None)
        return own() if callable(own) else cls.of_pairs(alignment.pairs)

    @classmethod
    def of_pairs(cls, pairs: Sequence[Pair]) -> Regrouper:
        pairs = _made(pairs)
        def made(rows: np.ndarray, groups: list[int]) -> tuple[Pair, ...]:
            taken = list(map(pairs.__getitem__, rows.tolist()))
            return tuple(map(Pair, [p.a for p in taken], [p.b for p in taken], [p.similarity for p in taken],
                            groups, [p.divergences for p in taken], [p.agreements for p in taken],
                            [p.basis for p in taken]))

        return cls(Passages.of(pairs), np.array([p.similarity for p in pairs], dtype=np.float64),
                   np.array([p.basis == PairBasis.FIGURE for p in pairs], dtype=bool), made)

    def at(self, alignment: Alignment, min_similarity: float, corroboration: float = CORROBORATION
           ) -> Alignment:
        """`alignment` (whose pairs these are) at `min_similarity`: what `regroup` returns."""
        return self.aligned(alignment, min_similarity, self.grouping(min_similarity, corroboration))

    def aligned(self, alignment: Alignment, min_similarity: float, grouping: Grouping) -> Alignment:
        """`alignment` with the pairs `grouping` keeps, in their groups."""
        pairs = self._pairs(grouping.rows, grouping.group.tolist())  # a tuple, or a view on stored columns
        return replace(alignment, min_similarity=min_similarity, pairs=pairs, groups=grouping.groups)

    def grouping(self, min_similarity: float, corroboration: float = CORROBORATION) -> Grouping:
        """The pairs kept at `min_similarity` and their groups (see `regroup`)."""
        sim, wording = self.similarity, self.wording
        strong = np.flatnonzero(wording & (sim >= min_similarity))
        low = min_similarity - corroboration
        weak = np.flatnonzero(wording & (low <= sim) & (sim < min_similarity))
        corroborated = weak[self._corroborated(strong, weak)] if len(weak) else weak
        rows = np.concatenate([strong, corroborated])
        a, b = self.passages.a, self.passages.b
        # sorted(strong + corroborated, key=pair_order): stable, the strong first among equal keys
        later = np.repeat(np.array([0, 1], dtype=np.int8), [len(strong), len(corroborated)])
        rows = rows[np.lexsort((rows, later, b[rows], a[rows]))]
        group, groups = _group_rows(self.passages, rows, sim[rows], COHESION)
        figures = np.flatnonzero(self.figure)
        if len(figures):
            # two sentences giving one figure differently are a parallel at every threshold, in groups of
            # their own, numbered after the others; the pairs stay in one sorted order, figures among them
            made = self._pairs(figures, [-1] * len(figures))
            grouped, figure_groups = figure_groups_of(made, first=len(groups))
            groups += figure_groups
            both = np.concatenate([rows, figures])
            order = np.lexsort((np.arange(len(both)), b[both], a[both]))
            rows = both[order]
            group = np.concatenate([group, np.array([p.group for p in grouped], dtype=np.int64)])[order]
        return Grouping(rows, group, groups)

    def _corroborated(self, strong: np.ndarray, weak: np.ndarray) -> np.ndarray:
        """Which of the `weak` pairs a third document corroborates: one passage there is a parallel of
        both of its passages among the `strong` pairs (a mask over `weak`)."""
        passages = self.passages
        a, b = passages.a, passages.b
        present = np.zeros(len(passages), dtype=bool)
        present[a[strong]] = present[b[strong]] = True
        node = passages.nodes(present)
        x, y = node[a[strong]], node[b[strong]]
        source, target = np.concatenate([x, y]), np.concatenate([y, x])
        order = np.argsort(source, kind="stable")
        source, target = source[order], target[order]
        cut = np.flatnonzero(np.diff(source)) + 1
        starts = np.concatenate([[0], cut]).astype(np.int64)
        ends = np.concatenate([cut, [len(source)]]).astype(np.int64)
        span_of = dict(zip(source[starts].tolist(), zip(starts.tolist(), ends.tolist(), strict=True),
                           strict=True)) if len(source) else {}
        neighbours = target.tolist()
        linked: dict[int, set[int]] = {}

        def linked_to(n: int) -> set[int]:
            if (out := linked.get(n)) is None:
                lo, hi = span_of.get(n, (0, 0))
                out = linked[n] = set(neighbours[lo:hi])
            return out

        # the strong passages per document in sorted order: starts, the running maximum of their ends (a
        # backward scan stops once nothing earlier can reach the query), their nodes
        kept = np.flatnonzero(present)
        rows = passages.rows[kept]
        reach = (np.maximum.accumulate(rows[:, 0] * _WIDE + rows[:, 2]) - rows[:, 0] * _WIDE if len(kept)
                 else rows[:, 2])
        doc_cut = np.flatnonzero(np.diff(rows[:, 0])) + 1
        doc_starts = np.concatenate([[0], doc_cut]).astype(np.int64)
        doc_ends = np.concatenate([doc_cut, [len(rows)]]).astype(np.int64)
        bounds = dict(zip(rows[doc_starts, 0].tolist(),
                          zip(doc_starts.tolist(), doc_ends.tolist(), strict=True), strict=True)
                      ) if len(kept) else {}
        starts_l, ends_l, reach_l = rows[:, 1].tolist(), rows[:, 2].tolist(), reach.tolist()
        nodes_l = node[kept].tolist()
        memo: dict[int, set[int]] = {}
        all_rows = passages.rows

        def parallels_of(k: int) -> set[int]:
            """The passages paired above the threshold with a passage overlapping passage k."""
            if (out := memo.get(k)) is None:
                out = set()
                d, start, end = all_rows[k].tolist()
                if (found := bounds.get(d)) is not None:
                    lo, hi = found
                    i = bisect.bisect_left(starts_l, end, lo, hi) - 1  # the last one starting before its end
                    while i >= lo and reach_l[i] > start:
                        if ends_l[i] > start:
                            out |= linked_to(nodes_l[i])
                        i -= 1
                memo[k] = out
            return out

        return np.array([not parallels_of(pa).isdisjoint(parallels_of(pb))
                         for pa, pb in zip(a[weak].tolist(), b[weak].tolist(), strict=True)], dtype=bool)


def _group_rows(passages: Passages, rows: np.ndarray, similarity: np.ndarray, cohesion: float
                ) -> tuple[np.ndarray, tuple[Group, ...]]:
    """`group_pairs` of the pairs `rows` (in that order) on numbers: each one's group, and the groups."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64), ()
    a, b = passages.a[rows], passages.b[rows]
    present = np.zeros(len(passages), dtype=bool)
    present[a] = present[b] = True
    node = passages.nodes(present)
    x, y = node[a], node[b]
    lo, hi = np.minimum(x, y), np.maximum(x, y)
    linked = lo != hi
    # each link between two statements at the similarity of its best pair
    ex, ey, es = lo[linked], hi[linked], similarity[linked]
    order = np.lexsort((es, ey, ex))
    ex, ey, es = ex[order], ey[order], es[order]
    last = np.ones(len(ex), dtype=bool)
    last[:-1] = (ex[1:] != ex[:-1]) | (ey[1:] != ey[:-1])
    ex, ey, es = ex[last], ey[last], es[last]
    cluster = _clusters(len(passages), ex, ey, es, cohesion)
    ca, cb = cluster[x], cluster[y]
    same = ca == cb
    # a group per cluster (key: the cluster), and a cut pair is a group of its own (key: -1, a, b)
    k1 = np.where(same, ca, -1)
    k2 = np.where(same, 0, a)
    k3 = np.where(same, 0, b)
    order = np.lexsort((k3, k2, k1))
    s1, s2, s3 = k1[order], k2[order], k3[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (s1[1:] != s1[:-1]) | (s2[1:] != s2[:-1]) | (s3[1:] != s3[:-1])
    key_of = np.empty(len(order), dtype=np.int64)
    key_of[order] = np.cumsum(new) - 1
    firsts = np.flatnonzero(new)
    least = np.minimum.reduceat(np.minimum(a, b)[order], firsts)
    # groups in the order of their first passage, then of their key (as the reference's tuples compare)
    ranked = np.lexsort((s3[firsts], s2[firsts], s1[firsts], least))
    number = np.empty(len(firsts), dtype=np.int64)
    number[ranked] = np.arange(len(firsts))
    group = number[key_of]
    # each group's passages, sorted and distinct, overlapping ones of a document merged (`_union_spans`)
    members_g = np.concatenate([group, group])
    members_p = np.concatenate([a, b])
    order = np.lexsort((members_p, members_g))
    members_g, members_p = members_g[order], members_p[order]
    distinct = np.ones(len(order), dtype=bool)
    distinct[1:] = (members_g[1:] != members_g[:-1]) | (members_p[1:] != members_p[:-1])
    members_g, members_p = members_g[distinct], members_p[distinct]
    spans = passages.rows[members_p]
    segment_start = np.ones(len(members_p), dtype=bool)
    segment_start[1:] = (members_g[1:] != members_g[:-1]) | (spans[1:, 0] != spans[:-1, 0])
    segment = np.cumsum(segment_start)
    reach = np.maximum.accumulate(segment * _WIDE + spans[:, 2]) - segment * _WIDE
    run_start = segment_start.copy()
    run_start[1:] |= spans[1:, 1] >= reach[:-1]
    starts = np.flatnonzero(run_start)
    run_ends = np.concatenate([starts[1:], [len(members_p)]]) - 1
    merged_end = reach[run_ends]
    objects = passages.spans(members_p[starts])
    grown = np.flatnonzero(merged_end > spans[starts, 2])
    for k, end in zip(grown.tolist(), merged_end[grown].tolist(), strict=True):
        objects[k] = Span(objects[k].doc, objects[k].start, end)
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(members_g[starts])) + 1, [len(starts)]]).tolist()
    groups = tuple(map(Group, range(len(bounds) - 1),
                       map(tuple, map(objects.__getitem__, map(slice, bounds, bounds[1:])))))
    return group, groups


def _clusters(n: int, x: np.ndarray, y: np.ndarray, similarity: np.ndarray, cohesion: float) -> np.ndarray:
    """For each statement (node) linked by (x, y, similarity), x < y, its cluster: the smallest node of it.
    Connected sets of up to three nodes are one cluster; larger ones are split by average linkage."""
    component = _components(n, x, y)
    distinct = np.zeros(n, dtype=bool)
    distinct[x] = distinct[y] = True
    size = np.bincount(component[np.flatnonzero(distinct)], minlength=n)
    cluster = component.copy()
    large = size[component[x]] > 3
    if large.any():
        lx, ly, ls = x[large], y[large], similarity[large]
        owner = component[lx]
        order = np.argsort(owner, kind="stable")
        lx, ly, owner = lx[order], ly[order], owner[order]
        weights = np.rint(ls[order] * _SIMILARITY_UNITS).astype(np.int64)
        cut = (np.flatnonzero(np.diff(owner)) + 1).tolist()
        bar = cohesion * _SIMILARITY_UNITS
        xs, ys, ws = lx.tolist(), ly.tolist(), weights.tolist()
        for lo, hi in zip([0, *cut], [*cut, len(xs)], strict=True):
            for node_, root in _linkage(xs[lo:hi], ys[lo:hi], ws[lo:hi], bar).items():
                cluster[node_] = root
    return cluster


def _linkage(xs: Sequence[int], ys: Sequence[int], weights: Sequence[int], bar: float) -> dict[int, int]:
    """Average-linkage clustering of one component given as links (x < y) with integer weights (whole
    ten-thousandths of a similarity), best merge first, ties to the smallest nodes: node -> the smallest
    node of its cluster. Weights are integers: float sums would depend on the order of the additions, and
    with it which of two tied merges comes first.

    The candidate merges are the links, sorted once, and a heap of the merges made since, taken best
    first from both. An entry holds a score no lower than its pair's current one: a merge of y into x
    lowers the score of x with every cluster linked to x only (the sum is the same, the size grew), so
    those entries stay as they are, and pushes the new scores of x with the clusters linked to y (their
    sum grew). An entry that surfaces with a score above the current one is pushed again at that score
    (if it still reaches the bar); one whose cluster was merged away is dropped. So the best current
    merge, ties to the smallest pair, is always taken first, as a rescan of every pair would take it
    (tests/core/align/test_grouping.py), and each merge costs the degree of the cluster merged away.
    """
    link: dict[int, dict[int, int]] = defaultdict(dict)  # summed weight between clusters
    initial: list[tuple[float, int, int]] = []
    for x, y, w in zip(xs, ys, weights, strict=True):
        link[x][y] = link[y][x] = w
        if w >= bar:
            initial.append((-w, x, y))
    initial.sort()
    size = dict.fromkeys(link, 1)
    members = {x: [x] for x in link}
    heap: list[tuple[float, int, int]] = []
    pop, push = heapq.heappop, heapq.heappush
    taken, count = 0, len(initial)
    while True:
        if heap and (taken == count or heap[0] < initial[taken]):
            entry = pop(heap)
        elif taken < count:
            entry = initial[taken]
            taken += 1
        else:
            break
        negative, x, y = entry
        if x not in size or y not in size:
            continue  # merged into another cluster
        total = link[x].get(y)
        if total is None:
            continue
        score = total / (size[x] * size[y])
        if score != -negative:  # lower since (a cluster grew): its current score, if still a candidate
            if score >= bar:
                push(heap, (-score, x, y))
            continue
        into = link[x]
        grown = link.pop(y)
        for z, t in grown.items():  # y joins x, the smaller
            other = link[z]
            del other[y]
            if z != x:
                into[z] = other[x] = into.get(z, 0) + t
        size[x] += size.pop(y)
        members[x].extend(members.pop(y))
        sx = size[x]
        for z in grown:
            if z != x and (score := into[z] / (sx * size[z])) >= bar:
                push(heap, (-score, x, z) if x < z else (-score, z, x))
    return {n: min(ms) for ms in members.values() for n in ms}


def _average_linkage(component: set[int], adjacency: dict[int, list[int]],
                     edges: dict[tuple[int, int], float], cohesion: float) -> dict[int, int]:
    """Average-linkage clustering of one component (`_linkage`), given as the links of `edges` (x < y) at
    their similarities: node -> the smallest node of its cluster."""
    links = [(x, y) for x in component for y in adjacency[x] if x < y]
    clusters = _linkage([x for x, _ in links], [y for _, y in links],
                        [round(edges[k] * _SIMILARITY_UNITS) for k in links], cohesion * _SIMILARITY_UNITS)
    return {n: clusters.get(n, n) for n in component}  # a node without links is a cluster of its own


# ------------------------------------------------------------------------------------------- the API


def group_pairs(pairs: Sequence[Pair], cohesion: float = COHESION
                ) -> tuple[tuple[Pair, ...], tuple[Group, ...]]:
    """Group parallels into statements: one quote shared by four outlets is one group, not six pairs.

    Passages of one document that mostly overlap are one node; pairs are edges. A connected set of up to
    three nodes is a group. A larger one is split by average-linkage clustering (two clusters join while
    the mean similarity over all their cross pairs, missing pairs counting 0, is at least `cohesion`), so
    that neighbouring statements of one story ("tariffs were postponed", "a 25 percent tariff") do not
    chain into one ever-growing group. A pair cut by the split is a group of its own.
    Returns the pairs with their `group` set and the groups, numbered in document order.
    """
    passages = Passages.of(pairs)
    rows = np.arange(len(pairs), dtype=np.int64)
    group, groups = _group_rows(passages, rows, np.array([p.similarity for p in pairs], dtype=np.float64),
                                cohesion)
    return tuple(replace(p, group=g) for p, g in zip(pairs, group.tolist(), strict=True)), groups


def regroup(alignment: Alignment, min_similarity: float, corroboration: float = CORROBORATION) -> Alignment:
    """The same alignment at another threshold, without aligning again (pairs below the floor stay lost).

    A pair scoring up to `corroboration` below the threshold is kept when a third document corroborates
    it: one passage there is a parallel, above the threshold, of both of its passages. Three outlets
    restating one report corroborate the weaker restatement ("on June 27" in one, "fly them out on July
    27" in two others). Being linked at all through a chain of parallels is no corroboration: in a
    one-story corpus chains of neighbouring statements join most passages of the story. Figure parallels
    are kept at every threshold, in groups of their own (`figure_groups_of`). To group one alignment at
    several thresholds, `Regrouper.of(alignment)` numbers its pairs once.
    """
    return Regrouper.of(alignment).at(alignment, min_similarity, corroboration)


def figure_groups_of(figures: Sequence[Pair], first: int) -> tuple[tuple[Pair, ...], tuple[Group, ...]]:
    """The figure parallels grouped by the quantity they give differently (their divergences' `thing`):
    sentences linked by figure parallels of one quantity are one group, numbered from `first`. A death
    toll given six ways by fifteen outlets is one group of fifteen sentences, not the seventy pairs
    between them, and a sentence giving the dead and the injured sits in the group of each."""
    sets: DisjointSets[tuple[tuple[str, ...], str, int, int]] = DisjointSets()
    keys = []
    for p in figures:
        thing = tuple(sorted({d.thing for d in p.divergences}))
        key = (thing, p.a.doc, p.a.start, p.a.end)
        sets.union(key, (thing, p.b.doc, p.b.start, p.b.end))
        keys.append(key)
    members: dict[tuple[tuple[str, ...], str, int, int], set[Span]] = defaultdict(set)
    for p, key in zip(figures, keys, strict=True):
        members[sets.find(key)].update((p.a, p.b))
    number = {root: first + k for k, root in enumerate(sorted(members, key=lambda r: (min(members[r]), r)))}
    groups = tuple(Group(number[root], _union_spans(sorted(members[root]))) for root in number)
    grouped = tuple(replace(p, group=number[sets.find(key)]) for p, key in zip(figures, keys, strict=True))
    return grouped, groups


def _union_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """One passage per stretch of a document: overlapping spans of a group (given in sorted order) merge."""
    out: list[Span] = []
    for s in spans:
        if out and out[-1].doc == s.doc and s.start < out[-1].end:
            if s.end > out[-1].end:
                out[-1] = Span(s.doc, out[-1].start, s.end)
        else:
            out.append(s)
    return tuple(out)
