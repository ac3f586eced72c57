"""Grouping parallels (viewer.core.align.stages.group_pairs) against a naive average-linkage reference."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.align.stages import _average_linkage, regroup
from viewer.core.model import (
    Alignment,
    Corpus,
    Divergence,
    FactKind,
    FactSide,
    Pair,
    PairBasis,
    Span,
    Verdict,
)


def naive_average_linkage(component: set[int], edges: dict[tuple[int, int], float], cohesion: float
                          ) -> dict[int, int]:
    """Rescan every pair of clusters on every merge: best mean similarity first, ties to the smallest."""
    clusters = {x: {x} for x in component}
    while True:
        best = None
        for x in sorted(clusters):
            for y in sorted(clusters):
                if x >= y:
                    continue
                total = sum(edges.get((min(a, b), max(a, b)), 0.0) for a in clusters[x] for b in clusters[y])
                if total == 0:
                    continue
                score = total / (len(clusters[x]) * len(clusters[y]))
                if score >= cohesion and (best is None or (-score, x, y) < best):
                    best = (-score, x, y)
        if best is None:
            return {n: min(ms) for ms in clusters.values() for n in ms}
        _, x, y = best
        clusters[x] |= clusters.pop(y)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.booleans())
def test_heap_average_linkage_equals_the_naive_rescan(seed: int, ties: bool) -> None:
    rnd = random.Random(seed)
    n = rnd.randint(4, 14)
    edges: dict[tuple[int, int], float] = {}
    for _ in range(rnd.randint(3, 40)):
        x, y = sorted(rnd.sample(range(n), 2))
        edges[(x, y)] = rnd.choice([0.4, 0.5, 1.0]) if ties else round(rnd.uniform(0.35, 1.0), 4)
    adjacency: dict[int, list[int]] = {i: [] for i in range(n)}
    for x, y in edges:
        adjacency[x].append(y)
        adjacency[y].append(x)
    component = set(range(n))
    assert _average_linkage(component, adjacency, edges, 0.3) == naive_average_linkage(component, edges, 0.3)


def test_groups_do_not_depend_on_the_order_of_the_pairs() -> None:
    from viewer.core.align.stages import group_pairs

    rnd = random.Random(7)
    spans = [Span(f"d{d}", 100 * k, 100 * k + 60) for d in range(8) for k in range(4)]
    pairs = []
    for _ in range(60):
        a, b = rnd.sample(spans, 2)
        if a.doc != b.doc:
            pairs.append(Pair(min(a, b), max(a, b), rnd.choice([0.5, 0.7, 1.0])))
    pairs = list({(p.a, p.b): p for p in pairs}.values())
    forward = group_pairs(sorted(pairs, key=lambda p: (p.a, p.b)))[1]
    backward = group_pairs(sorted(pairs, key=lambda p: (p.a, p.b), reverse=True))[1]
    assert forward == backward


def _figure(a: Span, b: Span, thing: str) -> Pair:
    link = Divergence(FactKind.NUMBER, Verdict.CONFLICT, FactSide(a.start, a.start + 1, "6", "6"),
                      FactSide(b.start, b.start + 1, "8", "8"), "rule", 0.8, "reason", thing)
    return Pair(a, b, 0.2, basis=PairBasis.FIGURE, divergences=(link,))


def test_figure_parallels_of_one_quantity_are_one_group_across_outlets() -> None:
    # a toll given three ways by three outlets (three pairs) is one group of the three sentences; the injured,
    # given differently by two of them in other sentences, are a group of their own
    toll = {d: Span(d, 0, 40) for d in "abc"}
    hurt = {d: Span(d, 50, 90) for d in "ab"}
    wording = Pair(Span("a", 100, 140), Span("b", 100, 140), 0.9)
    figures = [_figure(toll["a"], toll["b"], "killed"), _figure(toll["a"], toll["c"], "killed"),
               _figure(toll["b"], toll["c"], "killed"), _figure(hurt["a"], hurt["b"], "injured")]
    alignment = Alignment(Corpus("/c", ()), 0.4, (wording, *figures), ())
    grouped = regroup(alignment, 0.5)
    assert [g.passages for g in grouped.groups] == [
        (wording.a, wording.b), tuple(toll.values()), (hurt["a"], hurt["b"])]
    assert {p.group for p in grouped.pairs if p.basis == PairBasis.FIGURE and p.divergences[0].thing == "killed"
            } == {1}
    # at every threshold, and the same groups whatever the order of the pairs
    strict = regroup(replace(alignment, pairs=tuple(reversed(alignment.pairs))), 0.95)
    assert [g.passages for g in strict.groups] == [g.passages for g in grouped.groups[1:]]
