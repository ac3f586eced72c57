"""Where the numbers and dates of a folder's documents are, as the window's child sends them: found on the pool
while the folder is aligned (`core_jobs.FactReading`), the same as found after it, and kept by the index so
that a reopen finds none again."""

from __future__ import annotations

import shutil

import pytest

from viewer.core.align import pool
from viewer.resources import sample_corpus_path
from viewer.ui import core_jobs


def _align(folder) -> core_jobs.Aligned:
    return core_jobs.align(str(folder), progress=lambda *a: None, partial=lambda v: None)


@pytest.mark.slow  # the sample corpus aligned three times
def test_fact_spans_found_beside_the_alignment_are_those_found_after_it(tmp_path, monkeypatch) -> None:
    readings: list[core_jobs.FactReading] = []
    real = core_jobs.FactReading

    def recorded(documents):
        readings.append(real(documents))
        return readings[-1]

    monkeypatch.setattr(core_jobs, "FactReading", recorded)
    alone = tmp_path / "alone"
    shutil.copytree(sample_corpus_path(), alone)
    monkeypatch.setattr(core_jobs, "FACT_POOL_DOCUMENTS", 10**6)  # found after the alignment, here
    after = _align(alone).facts
    assert readings[-1]._run is None
    if pool.pool_size(2, small=1) < 2:
        pytest.skip("no fork on this platform: nothing is found on a pool")
    pooled = tmp_path / "pooled"
    shutil.copytree(sample_corpus_path(), pooled)
    monkeypatch.setattr(core_jobs, "FACT_POOL_DOCUMENTS", 1)
    beside = _align(pooled)
    assert len(readings[-1]._documents) == len(beside.facts) > 1  # every paired document, on the pool
    assert beside.facts == after and any(after.values())
    again = _align(pooled)  # a reopen: the index has them all, nothing is looked for
    assert readings[-1]._documents == [] and again.facts == after
