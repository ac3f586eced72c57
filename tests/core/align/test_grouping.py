"""Grouping parallels (viewer.core.align.grouping) against a naive average-linkage reference, and the grouping
on numbers against the readable implementation it replaced (tests/reference.py), pair for pair and group for
group, on generated alignments and on real ones."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import CORPUS, DATA, budget
from hypothesis import given
from hypothesis import strategies as st
from reference import reference_group_pairs, reference_regroup

from viewer.core.align.grouping import Regrouper, _average_linkage, group_pairs, regroup
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


@budget(60)
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


def _random_alignment(seed: int, ties: bool) -> Alignment:
    """Pairs between passages that overlap within their documents (mostly or a little: one statement or
    two), at similarities above the floor with many ties, a few figure parallels among them."""
    rnd = random.Random(seed)
    spans = []
    for d in range(rnd.randint(3, 9)):
        at = 0
        for _ in range(rnd.randint(2, 9)):
            at += rnd.choice([0, 10, 30, 70, 120])  # 0: the same start; 10-30: overlapping the last one
            spans.append(Span(f"d{d}", at, at + rnd.choice([40, 60, 100])))
    pairs: dict[tuple[Span, Span], Pair] = {}
    for _ in range(rnd.randint(1, 90)):
        a, b = rnd.sample(spans, 2)
        if a.doc == b.doc:
            continue
        if rnd.random() < 0.5:
            a, b = b, a  # sides in either order: `pair_order` is by `a`, whichever it is
        similarity = rnd.choice([0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 1.0]) if ties else round(rnd.uniform(0.3, 1), 4)
        if rnd.random() < 0.08:
            pairs[(a, b)] = _figure(a, b, rnd.choice(["killed", "injured"]))
        else:
            pairs[(a, b)] = Pair(a, b, similarity)
    found = list(pairs.values())
    rnd.shuffle(found)
    return Alignment(Corpus("/c", ()), 0.3, tuple(found), ())


@budget(120)
@given(st.integers(min_value=0, max_value=100_000), st.booleans())
def test_grouping_on_numbers_equals_the_reference(seed: int, ties: bool) -> None:
    alignment = _random_alignment(seed, ties)
    regrouper = Regrouper.of(alignment)  # one numbering for every threshold
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.62, 0.9, 1.0):
        expected = reference_regroup(alignment, threshold)
        assert regroup(alignment, threshold) == expected
        assert regrouper.at(alignment, threshold) == expected
    wording = [p for p in alignment.pairs if p.basis == PairBasis.WORDING]
    for cohesion in (0.0, 0.3, 0.6):
        assert group_pairs(wording, cohesion) == reference_group_pairs(wording, cohesion)


@pytest.mark.parametrize("folder", [CORPUS, DATA / "ui" / "newswcl50-event_0"], ids=["sample", "newswcl50"])
def test_grouping_on_numbers_equals_the_reference_on_real_news(folder: Path) -> None:
    """Real news at the engine's floor (one story, restatements, figure parallels), regrouped over the range
    of the slider."""
    from viewer.core.align.stages import AlignOptions
    from viewer.core.ingest.documents import load_corpus
    from viewer.core.pipeline import align_full

    full, _ = align_full(load_corpus(folder), AlignOptions(semantic=False), workers=1, keep_blobs=False)
    assert len(full.pairs) > 30
    regrouper = Regrouper.of(full)
    for threshold in (0.3, 0.4, 0.47, 0.55, 0.7, 0.85):
        expected = reference_regroup(full, threshold)
        assert regrouper.at(full, threshold) == expected
        assert regroup(full, threshold) == expected
