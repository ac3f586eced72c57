"""How fast numbers and dates are found: every document of the real corpora in ../shared/corpora (and the
sample corpus), read by the project's own loader, then extracted on one core with a cold cache.

Reports documents, characters, sentences, facts, the best CPU time of several runs (the time one core
spends; wall-clock time and the load average are written beside it, since on a busy machine the wall clock
mostly measures waiting), sentences per second and milliseconds per sentence; target: the whole set in
under 2 s. Also times the pair judging over every
sentence pair of the sample corpus that shares a fact kind. Prints the figures and writes
benchmarks/results/facts.json.

    .venv/bin/python benchmarks/bench_facts.py [--runs N]
Imports: viewer.core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.facts import extract_facts, pair_divergences  # noqa: E402
from viewer.core.ingest.documents import load_corpus  # noqa: E402
from viewer.core.pipeline import analyse  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
SAMPLE = ROOT / "corpus"
RESULTS = ROOT / "benchmarks" / "results" / "facts.json"
TARGET_SECONDS = 2.0
# A rough sentence count, for the per-sentence figure only.
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def _documents() -> list:
    docs = []
    for folder in [SAMPLE, CORPORA]:
        docs.extend(load_corpus(folder).documents)
    return docs


def _extract_all(docs: list) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds of one cold extraction of `docs` (CPU time is what one core spends, and
    what other processes on a busy machine disturb least), and the number of facts."""
    extract_facts.cache_clear()
    wall, cpu = time.perf_counter(), time.process_time()
    n = sum(len(extract_facts(d)) for d in docs)
    return time.perf_counter() - wall, time.process_time() - cpu, n


def _sentences(doc) -> list[tuple[int, int]]:
    return [m.span() for m in SENTENCE.finditer(doc.text) if m.group().strip()]


def _judge_aligned(runs: int) -> tuple[float, int]:
    """Every aligned pair of the sample corpus and the ECB+ topics judged (the alignment is not timed)."""
    jobs = []
    for folder in [SAMPLE, *sorted(p for p in (CORPORA / "ecbplus").iterdir() if p.is_dir())]:
        alignment = analyse(folder)
        docs = alignment.corpus.by_id()
        jobs += [(docs[p.a.doc], (p.a.start, p.a.end), docs[p.b.doc], (p.b.start, p.b.end))
                 for p in alignment.pairs]
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for job in jobs:
            pair_divergences(*job)
        best = min(best, time.process_time() - start)
    return best, len(jobs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not CORPORA.is_dir():
        print(f"bench_facts: {CORPORA} not found", file=sys.stderr)
        return 1
    docs = _documents()
    chars = sum(len(d.text) for d in docs)
    sentences = sum(len(_sentences(d)) for d in docs)
    walls, cpus = [], []
    n_facts = 0
    for _ in range(args.runs):
        wall, cpu, n_facts = _extract_all(docs)
        walls.append(wall)
        cpus.append(cpu)
    best = min(cpus)
    kinds = Counter(f.kind for d in docs for f in extract_facts(d))
    judge_seconds, n_pairs = _judge_aligned(args.runs)
    result = {
        "documents": len(docs),
        "characters": chars,
        "sentences": sentences,
        "facts": n_facts,
        "facts_by_kind": dict(kinds.most_common()),
        "extract_cpu_seconds_best": round(best, 4),
        "extract_cpu_seconds_all_runs": [round(t, 4) for t in cpus],
        "extract_wall_seconds_all_runs": [round(t, 4) for t in walls],
        "load_average_1min": round(os.getloadavg()[0], 2),
        "sentences_per_second": round(sentences / best),
        "ms_per_sentence": round(1000 * best / sentences, 4),
        "target_seconds": TARGET_SECONDS,
        "target_met": best < TARGET_SECONDS,
        "judge_aligned_pairs": n_pairs,
        "judge_cpu_seconds": round(judge_seconds, 4),
        "judge_ms_per_pair": round(1000 * judge_seconds / max(1, n_pairs), 4),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"{len(docs)} documents, {chars:,} characters, {sentences:,} sentences, {n_facts:,} facts")
    print(f"extraction: {best:.3f} s of CPU, best of {args.runs} (target < {TARGET_SECONDS} s; wall "
          f"{min(walls):.3f} s at load {result['load_average_1min']}): "
          f"{result['sentences_per_second']:,} sentences/s, {result['ms_per_sentence']} ms/sentence")
    print(f"pair judging: {n_pairs:,} aligned pairs of the sample corpus and ECB+ in {judge_seconds:.3f} s "
          f"of CPU ({result['judge_ms_per_pair']} ms a pair)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
