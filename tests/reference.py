"""Readable references of what the engine computes on numbers: the candidate search (which
viewer.core.align.postings computes with numpy) and the grouping (viewer.core.align.grouping).

Dicts and Counters over every posting list: slow, but plain enough to check the fast path against
(tests/core/index/test_store.py compares them on real sentences). The grouping is the implementation the
numbered one replaced, on `Span`s and dicts (tests/core/align/test_grouping.py compares them).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from viewer.core.align.grouping import figure_groups_of, pair_order
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.stages import (
    AlignOptions,
    _features,
    boilerplate_of,
    sentence_keys,
    sentence_terms,
    weights_from_counts,
)
from viewer.core.model import Alignment, Group, Pair, PairBasis, Span
from viewer.core.spans import DisjointSets


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


# ------------------------------------------------------------------------------------------ grouping


def reference_group_pairs(pairs: Sequence[Pair], cohesion: float = 0.3
                          ) -> tuple[tuple[Pair, ...], tuple[Group, ...]]:
    """Group parallels into statements: one quote shared by four outlets is one group, not six pairs.

    Passages of one document that mostly overlap are one node; pairs are edges. A connected set of up to
    three nodes is a group. A larger one is split by average-linkage clustering (two clusters join while
    the mean similarity over all their cross pairs, missing pairs counting 0, is at least `cohesion`), so
    that neighbouring statements of one story ("tariffs were postponed", "a 25 percent tariff") do not
    chain into one ever-growing group. A pair cut by the split is a group of its own.
    Returns the pairs with their `group` set and the groups, numbered in document order.

    Passages are numbered once, in sorted order, and everything after works on those integers: a corpus of
    wire copy has components of hundreds of thousands of pairs, where comparing and hashing `Span`s cost
    more than the clustering itself.
    """
    spans, number = _numbered(pairs)
    ends = [(number[(p.a.doc, p.a.start, p.a.end)], number[(p.b.doc, p.b.start, p.b.end)]) for p in pairs]
    node = _passage_nodes(spans)
    edges: dict[tuple[int, int], float] = {}
    for p, (a, b) in zip(pairs, ends, strict=True):
        x, y = node[a], node[b]
        if x > y:
            x, y = y, x
        if x != y and p.similarity > edges.get((x, y), -1.0):
            edges[(x, y)] = p.similarity
    cluster = _clusters(edges, cohesion)

    members: dict[tuple[int, ...], set[int]] = defaultdict(set)
    key_of: list[tuple[int, ...]] = []
    for a, b in ends:
        ca, cb = cluster[node[a]], cluster[node[b]]
        key: tuple[int, ...] = (ca,) if ca == cb else (-1, a, b)  # a cut pair: a group of its own
        members[key].update((a, b))
        key_of.append(key)
    groups: list[Group] = []
    group_of: dict[tuple[int, ...], int] = {}
    for key in sorted(members, key=lambda k: (min(members[k]), k)):
        group_of[key] = len(groups)
        groups.append(Group(len(groups), _union_spans(spans[i] for i in sorted(members[key]))))
    grouped = tuple(replace(p, group=group_of[k]) for p, k in zip(pairs, key_of, strict=True))
    return grouped, tuple(groups)


def _numbered(pairs: Sequence[Pair]) -> tuple[list[Span], dict[tuple[str, int, int], int]]:
    """The distinct passages of `pairs` in sorted order, and each one's number (keyed by plain tuples,
    which hash and compare in C, unlike the dataclass)."""
    keys = sorted({(s.doc, s.start, s.end) for p in pairs for s in (p.a, p.b)})
    return [Span(*k) for k in keys], {k: i for i, k in enumerate(keys)}


def _passage_nodes(spans: Sequence[Span]) -> list[int]:
    """For each of the sorted `spans`, the smallest number of the passages of its document that mostly
    overlap it (transitively): one node per statement."""
    sets: DisjointSets[int] = DisjointSets()
    active: list[int] = []
    for i, s in enumerate(spans):
        sets.find(i)
        active = [t for t in active if spans[t].doc == s.doc and spans[t].end > s.start]
        for t in active:
            if _mostly_same(spans[t], s):
                sets.union(t, i)
        active.append(i)
    return [sets.find(i) for i in range(len(spans))]


def _clusters(edges: dict[tuple[int, int], float], cohesion: float) -> dict[int, int]:
    """Node -> cluster representative (its smallest node): connected components of `edges`, large ones
    split by average linkage."""
    adjacency: dict[int, list[int]] = defaultdict(list)
    for x, y in edges:
        adjacency[x].append(y)
        adjacency[y].append(x)
    cluster: dict[int, int] = {}
    for start in sorted(adjacency):
        if start in cluster:
            continue
        component, stack = {start}, [start]
        while stack:
            for nxt in adjacency[stack.pop()]:
                if nxt not in component:
                    component.add(nxt)
                    stack.append(nxt)
        if len(component) <= 3:
            cluster.update(dict.fromkeys(component, min(component)))
        else:
            cluster.update(_average_linkage(component, adjacency, edges, cohesion))
    return cluster


def _average_linkage(
    component: set[int], adjacency: dict[int, list[int]], edges: dict[tuple[int, int], float],
    cohesion: float,
) -> dict[int, int]:
    """Average-linkage clustering of one component, best merge first, ties to the smallest nodes.

    The candidate merges wait in a heap; a merge changes only the scores of the merged cluster with its
    neighbours, which are pushed again, and an entry whose score is no longer current is dropped when it
    surfaces (lazy invalidation). So each merge costs the degree of the merged cluster, not a scan of
    every link (which made one giant component of wire copy quadratic). Similarities are summed as whole
    ten-thousandths (they are rounded to four decimals): float sums would depend on the order of the
    additions, and with it which of two tied merges comes first.
    """
    size = dict.fromkeys(component, 1)
    members = {x: [x] for x in component}
    link: dict[int, dict[int, int]] = {x: {} for x in component}  # summed similarity between clusters
    bar = cohesion * _SIMILARITY_UNITS
    heap: list[tuple[float, int, int]] = []
    for x in component:
        for y in adjacency[x]:
            if x < y:
                w = round(edges[(x, y)] * _SIMILARITY_UNITS)
                link[x][y] = link[y][x] = w
                if w >= bar:
                    heap.append((-w, x, y))
    heapq.heapify(heap)
    while heap:
        negative, x, y = heapq.heappop(heap)
        total = link[x].get(y) if x in size and y in size else None
        if total is None or total / (size[x] * size[y]) != -negative:
            continue  # a cluster merged since: a newer entry holds the current score
        for z, t in link.pop(y).items():  # y joins x, the smaller
            del link[z][y]
            if z != x:
                link[x][z] = link[z][x] = link[x].get(z, 0) + t
        size[x] += size.pop(y)
        members[x].extend(members.pop(y))
        for z, t in link[x].items():
            if (score := t / (size[x] * size[z])) >= bar:
                heapq.heappush(heap, (-score, min(x, z), max(x, z)))
    return {n: min(ms) for ms in members.values() for n in ms}


_SIMILARITY_UNITS = 10_000


def _mostly_same(x: Span, y: Span) -> bool:
    """Two passages of one document that are one statement: they overlap by half the shorter one.

    Any overlap at all would chain neighbouring statements into one ever-growing group through a shared
    clause boundary.
    """
    overlap = min(x.end, y.end) - max(x.start, y.start)
    return overlap >= 0.5 * min(x.end - x.start, y.end - y.start)


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


def reference_regroup(alignment: Alignment, min_similarity: float, corroboration: float = 0.1
                      ) -> Alignment:
    """The same alignment at another threshold, without aligning again (pairs below the floor stay lost).

    A pair scoring up to `corroboration` below the threshold is kept when a third document corroborates
    it: one passage there is a parallel, above the threshold, of both of its passages. Three outlets
    restating one report corroborate the weaker restatement ("on June 27" in one, "fly them out on July
    27" in two others). Being linked at all through a chain of parallels is no corroboration: in a
    one-story corpus chains of neighbouring statements join most passages of the story.
    """
    wording = [p for p in alignment.pairs if p.basis == PairBasis.WORDING]
    strong = [p for p in wording if p.similarity >= min_similarity]
    weak = [p for p in wording if min_similarity - corroboration <= p.similarity < min_similarity]
    corroborated = []
    if weak:
        parallels = _Parallels(strong)
        corroborated = [p for p in weak if parallels.of(p.a) & parallels.of(p.b)]
    pairs, groups = reference_group_pairs(sorted(strong + corroborated, key=pair_order))
    # two sentences giving one figure differently are a parallel at every threshold, in groups of their own
    # (the pairs stay in one sorted order, figures among them: the index stores groupings by that order)
    figures = [p for p in alignment.pairs if p.basis == PairBasis.FIGURE]
    if figures:
        grouped, figure_groups = figure_groups_of(figures, first=len(groups))
        pairs = tuple(sorted(pairs + grouped, key=pair_order))
        groups += figure_groups
    return replace(alignment, min_similarity=min_similarity, pairs=pairs, groups=groups)


class _Parallels:
    """For any passage: the passages (nodes) the pairs `strong` pair with the linked passages it overlaps,
    found by bisection in its document (a scan of every passage of the document per query was the cost of
    `regroup` on wire copy)."""

    def __init__(self, strong: Sequence[Pair]) -> None:
        spans, number = _numbered(strong)
        node = _passage_nodes(spans)
        self.linked: dict[int, set[int]] = defaultdict(set)
        for p in strong:
            x, y = node[number[(p.a.doc, p.a.start, p.a.end)]], node[number[(p.b.doc, p.b.start, p.b.end)]]
            self.linked[x].add(y)
            self.linked[y].add(x)
        # Per document, its linked passages in sorted order: starts, the running maximum of their ends
        # (so a backward scan stops once nothing earlier can reach the query), and their nodes.
        self.docs: dict[str, tuple[list[int], list[int], list[int], list[int]]] = {}
        for i, s in enumerate(spans):
            starts, ends, reach, nodes = self.docs.setdefault(s.doc, ([], [], [], []))
            starts.append(s.start)
            ends.append(s.end)
            reach.append(max(s.end, reach[-1]) if reach else s.end)
            nodes.append(node[i])
        self.memo: dict[tuple[str, int, int], set[int]] = {}

    def of(self, span: Span) -> set[int]:
        """The passages paired above the threshold with a passage overlapping `span`."""
        key = (span.doc, span.start, span.end)
        if (out := self.memo.get(key)) is None:
            out = set()
            if (found := self.docs.get(span.doc)) is not None:
                starts, ends, reach, nodes = found
                i = bisect.bisect_left(starts, span.end) - 1  # the last one starting before its end
                while i >= 0 and reach[i] > span.start:
                    if ends[i] > span.start:
                        out |= self.linked[nodes[i]]
                    i -= 1
            self.memo[key] = out
        return out
