"""The bundled corpus end to end: every parallel a careful reader finds, and the numbers that diverge.

Expectations are in tests/data/sample_expectations.json (quotes are exact substrings of the articles).
A reported passage matches an expected one when it covers at least half of it and is not more than four
times larger than the overlap: a passage is the span that corresponds, never a whole article.
"""

from __future__ import annotations

import json

import pytest
from helpers import REPO

from viewer.core.model import Alignment, Pair

ROOT = REPO
EXPECT = json.loads((ROOT / "tests" / "data" / "sample_expectations.json").read_text(encoding="utf-8"))


def _locate(alignment: Alignment, doc: str, quote: str) -> tuple[int, int]:
    text = alignment.corpus.by_id()[doc].text
    start = text.index(quote)
    return start, start + len(quote)


def _covers(expected: tuple[int, int], start: int, end: int) -> bool:
    inter = max(0, min(expected[1], end) - max(expected[0], start))
    return inter >= 0.5 * (expected[1] - expected[0]) and inter >= 0.25 * (end - start)


def _finds(pair: Pair, a: tuple[str, tuple[int, int]], b: tuple[str, tuple[int, int]]) -> bool:
    for x, y in ((a, b), (b, a)):
        if pair.a.doc == x[0] and pair.b.doc == y[0] and _covers(x[1], pair.a.start, pair.a.end) and _covers(
            y[1], pair.b.start, pair.b.end
        ):
            return True
    return False


def test_all_five_articles_load_with_their_dates(sample_alignment: Alignment) -> None:
    docs = sample_alignment.corpus.by_id()
    assert sorted(docs) == sorted(
        ["LifeZette.txt", "American Military News.txt", "The Washington Post.txt", "Yonhap.txt",
         "Asian Correspondent.txt"]
    )
    assert docs["The Washington Post.txt"].date == "2018-06-20"
    assert docs["Asian Correspondent.txt"].date == "2018-07-18"
    assert sample_alignment.corpus.skipped == ()


# Every must parallel, including the restatement inside a compound sentence ("... as many as 200 US troops,
# but if and when they are handed over, their identities will have to be confirmed ..."): the statement
# is scored and reported without the second one (issue 12).
@pytest.mark.parametrize("case", EXPECT["parallels"], ids=[p["note"] for p in EXPECT["parallels"]])
def test_every_must_parallel_is_found(sample_alignment: Alignment, case: dict) -> None:
    a = (case["a"][0], _locate(sample_alignment, *case["a"]))
    b = (case["b"][0], _locate(sample_alignment, *case["b"]))
    assert any(_finds(p, a, b) for p in sample_alignment.pairs), case["note"]


def test_precision_on_the_sample_is_high(sample_alignment: Alignment) -> None:
    # Every reported pair crosses documents and is a clause-to-sentences passage, never a whole article.
    for p in sample_alignment.pairs:
        assert p.a.doc != p.b.doc
        for s in (p.a, p.b):
            assert s.end - s.start < 0.5 * len(sample_alignment.corpus.by_id()[s.doc].text)
    # Sentence pairs, not merged runs, and restatements found by the sentence model: 50 (40 before the
    # model; 51 before captions were left out and weak pairs needed a third document's corroboration).
    assert 12 <= len(sample_alignment.pairs) <= 52


def test_no_parallel_pairs_a_photo_caption(sample_alignment: Alignment) -> None:
    """The Post's caption of the Singapore handshake paired with every sentence about the summit."""
    caption = _locate(sample_alignment, "The Washington Post.txt", "reach to shake hands at their summit in Singapore")
    for p in sample_alignment.pairs:
        for s in (p.a, p.b):
            assert s.doc != "The Washington Post.txt" or s.end <= caption[0] or s.start >= caption[1]


def _value_span(alignment: Alignment, doc: str, context: str, value: str) -> tuple[int, int]:
    start, _ = _locate(alignment, doc, context)
    offset = context.index(value)
    return start + offset, start + offset + len(value)


def _divergences(alignment: Alignment):
    for p in alignment.pairs:
        for d in p.divergences:
            yield p, d


def _hits(p: Pair, d, va, vb) -> bool:
    def overlap(x, y):
        return x[0] < y[1] and y[0] < x[1]

    for (xa, sa), (xb, sb) in ((va, vb), (vb, va)):
        if p.a.doc == xa and p.b.doc == xb and overlap(sa, (d.a.start, d.a.end)) and overlap(sb, (d.b.start, d.b.end)):
            return True
    return False


@pytest.mark.parametrize("case", EXPECT["divergent"], ids=[f"{c['a'][2]} vs {c['b'][2]}" for c in EXPECT["divergent"]])
def test_diverging_values_are_flagged(sample_alignment: Alignment, case: dict) -> None:
    va = (case["a"][0], _value_span(sample_alignment, *case["a"]))
    vb = (case["b"][0], _value_span(sample_alignment, *case["b"]))
    assert any(
        _hits(p, d, va, vb) for p, d in _divergences(sample_alignment) if d.verdict in ("conflict", "soft")
    ), case["note"]


@pytest.mark.parametrize("case", EXPECT["not_conflict"], ids=[c["note"] for c in EXPECT["not_conflict"]])
def test_agreeing_values_are_never_conflicts(sample_alignment: Alignment, case: dict) -> None:
    va = (case["a"][0], _value_span(sample_alignment, *case["a"]))
    vb = (case["b"][0], _value_span(sample_alignment, *case["b"]))
    assert not any(_hits(p, d, va, vb) for p, d in _divergences(sample_alignment) if d.verdict == "conflict")


def test_june_27_is_a_conflict_with_july_27(sample_alignment: Alignment) -> None:
    found = {(d.a.text, d.b.text, d.verdict) for _, d in _divergences(sample_alignment)}
    assert ("June 27", "July 27", "conflict") in found or ("July 27", "June 27", "conflict") in found
