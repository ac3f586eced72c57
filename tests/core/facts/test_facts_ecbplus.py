"""Regressions from reading the conflicts Parallax listed on ECB+: wrong ones fixed at the rule, real ones kept.

The sentences are in tests/data/facts/ecbplus_pairs.json (ECB+, CC BY 3.0).
"""

from __future__ import annotations

import json

import pytest
from helpers import DATA

from viewer.core.facts import compare_passages, pair_divergences
from viewer.core.model import Document

CASES = json.loads((DATA / "facts" / "ecbplus_pairs.json").read_text("utf-8"))


def judged(case):
    a = Document("a", "a.txt", "", "a", None, "", case["a"])
    b = Document("b", "b.txt", "", "b", None, "", case["b"])
    start = case["a"].index(case["a_from"]) if "a_from" in case else 0
    return compare_passages(a, (start, len(a.text)), b, (0, len(b.text))), (a, start, b)


@pytest.mark.parametrize("case", CASES, ids=[c["source"] for c in CASES])
def test_listed_pairings_are_never_conflicts(case):
    verdicts, _ = judged(case)
    for text_a, text_b in case["never_conflict"]:
        for v in verdicts:
            if v.a and v.b and text_a in v.a.text and text_b in v.b.text:
                assert v.verdict != "conflict", (text_a, text_b, v.rule)


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"]], ids=lambda c: c["source"])
def test_expected_verdicts(case):
    verdicts, _ = judged(case)
    for text_a, text_b, verdict in case["expect"]:
        (v,) = [v for v in verdicts if v.a and v.b and text_a in v.a.text and text_b in v.b.text]
        assert v.verdict == verdict, v.rule


@pytest.mark.parametrize("case", CASES, ids=[c["source"] for c in CASES])
def test_shown_divergences_are_confident(case):
    _, (a, start, b) = judged(case)
    for d in pair_divergences(a, (start, len(a.text)), b, (0, len(b.text))):
        assert d.confidence >= 0.5 and d.verdict != "same"
