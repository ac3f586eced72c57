"""benchmarks/audit_precision.py: the sample it draws stays put for the pairs an engine change keeps, and its
estimate weighs each stratum by its size (the script itself aligns ../shared, which the suite never reads)."""

from __future__ import annotations

import runpy
from typing import Any

from helpers import REPO

AUDIT: dict[str, Any] = runpy.run_path(str(REPO / "benchmarks" / "audit_precision.py"), run_name="audit_check")


def _pair(folder: str, i: int, similarity: float, verdict: str | None = None) -> dict:
    family = folder.split("/")[0]
    p = {"folder": folder, "family": family, "band": AUDIT["band_of"](similarity), "similarity": similarity,
         "a": {"doc": "a.md", "text": f"Statement {i} of the first article."},
         "b": {"doc": "b.md", "text": f"Statement {i} restated by the second."}}
    return {**p, "verdict": verdict} if verdict else p


def test_bands() -> None:
    band_of = AUDIT["band_of"]
    assert [band_of(s) for s in (0.39, 0.4, 0.4999, 0.5, 0.6999, 0.7, 1.0)] == [
        None, "0.4-0.5", "0.4-0.5", "0.5-0.7", "0.5-0.7", "0.7-1.0", "0.7-1.0"]


def test_sample_keeps_the_pairs_that_stay() -> None:
    pairs = [_pair("ecbplus/13ecbplus", i, 0.45) for i in range(40)]
    first, population = AUDIT["draw"]([dict(p) for p in pairs], 12, 5)
    assert population == {"ecbplus 0.4-0.5": 40} and len(first) == 5
    # an engine change drops pairs the sample did not hold and adds others: the sample is the same
    drawn = {p["key"] for p in first}
    changed = [p for p in pairs if AUDIT["pair_key"](12, p["folder"], (p["a"]["doc"], p["a"]["text"]),
                                                      (p["b"]["doc"], p["b"]["text"])) in drawn]
    added = [dict(_pair("ecbplus/13ecbplus", i, 0.45)) for i in range(100, 103)]
    again, _ = AUDIT["draw"]([dict(p) for p in changed + pairs[:10]] + added, 12, 5)
    # only a pair that was not there before can take a place in the sample
    assert {p["key"] for p in again} - drawn <= {p["key"] for p in added}
    assert {p["key"] for p in again} & drawn
    # another seed draws another sample, and a pair read twice (a repeated sentence) is drawn once
    other, _ = AUDIT["draw"]([dict(p) for p in pairs], 13, 5)
    assert {p["key"] for p in other} != drawn
    twice, population = AUDIT["draw"]([dict(pairs[0]), dict(pairs[0])], 12, 5)
    assert len(twice) == 1 and population == {"ecbplus 0.4-0.5": 1}


def test_estimate_weighs_strata_by_size() -> None:
    sample = ([_pair("basil/x.jsonl", i, 0.45, "right") for i in range(2)]
              + [_pair("basil/x.jsonl", i, 0.45, "loose") for i in range(2, 4)]
              + [_pair("basil/x.jsonl", i, 0.8, "right") for i in range(4)])
    est = AUDIT["estimates"](sample, {"basil 0.4-0.5": 300, "basil 0.7-1.0": 100})
    assert est["strata"]["basil 0.4-0.5"]["precision"] == 0.5
    assert est["families"]["basil"]["precision"] == round((300 * 0.5 + 100 * 1.0) / 400, 3)
    assert est["families"]["basil"]["right_or_loose"] == 1.0
    assert est["overall"]["judged"] == 8 and est["bands"]["0.7-1.0"]["precision"] == 1.0
