"""Why each must parallel of the gold is missed: the stage of the engine that loses it, per corpus.

For every corpus with gold in ../shared/gold (copied into a scratch folder, as bench_truth.py does), the
corpus is aligned at the default threshold and scored as ../shared/tools/score_alignment.py scores it; each
must parallel it misses is then followed through the stages on the sentence pairs that overlap its two
quotes, and put down to the furthest stage one of them reached:

  not a candidate     no sentence pair of the two quotes is a candidate (postings.candidates)
  below the floor     candidates, but none scores at the engine's floor (stages.verify)
  set apart           one scores at the floor, but timing.set_apart keeps the two passages apart
  dropped as partner  verified at the threshold, but keep_best_partners keeps better partners of one
                      of its sentences
  below threshold     verified, but scoring under the threshold the user reads (0.4 by default)
  span grain          reported at the threshold, but its passages do not cover the quotes as the scorer
                      asks (half of each quote, a quarter of each passage): a clause trimmed too short,
                      or a quote of two sentences against a pair of one

Writes the counts and each miss (its quotes, note, cause, and the best sentence pair's score) to
benchmarks/results/misses.json and prints them, so that a change aimed at recall can say which misses it
addresses and show that it did.

    .venv/bin/python benchmarks/bench_misses.py [--min-similarity X] [-v]

Imports: viewer (core), the scorer in ../shared/tools and bench_truth beside it; reads ../shared.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_truth import GOLD, ROOT, SCORER, _copy_source

from viewer.core.align.passages import PreparedDocument

RESULTS = ROOT / "benchmarks" / "results" / "misses.json"
CAUSES = ("not a candidate", "below the floor", "set apart", "dropped as partner", "below threshold",
          "span grain")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_alignment", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Stage:
    """How far one sentence pair of a missed parallel got, and its score."""

    reached: int  # index into CAUSES of the stage that lost it
    similarity: float
    sentences: tuple[int, int]


def diagnose(folder: Path, gold: dict, min_similarity: float) -> list[dict]:
    from viewer.core import pipeline
    from viewer.core.align.postings import Entries, candidates, sentence_offsets, skip_mask
    from viewer.core.align.stages import AlignOptions, keep_best_partners, score_sentences
    from viewer.core.align.timing import set_apart
    from viewer.core.ingest.documents import load_corpus
    from viewer.core.model import Span

    score = _scorer()
    opts = AlignOptions()
    corpus = load_corpus(folder)
    reported = pipeline.regroup(pipeline.align_full(corpus, opts, keep_blobs=False)[0], min_similarity)
    done = pipeline.build(corpus, opts, keep_blobs=False)
    docs = done.prepared.documents
    texts = {d.id: d.text for d in corpus.documents}
    index = {d.id: i for i, d in enumerate(corpus.documents)}
    offsets = sentence_offsets([len(d.sentences) for d in docs])
    rows = candidates(Entries(done.prepared.features, offsets, skip_mask(offsets, done.boiler)), done.weights,
                      opts)
    candidate = {tuple(map(int, r)) for r in rows}
    vectors = None if done.vectors is None else pipeline.vectors_of(corpus.documents, done.vectors)
    verified = {(m.doc_a, m.sent_a, m.doc_b, m.sent_b) for m in done.matches}
    kept = {(m.doc_a, m.sent_a, m.doc_b, m.sent_b)
            for m in keep_best_partners(done.matches, docs, done.weights, opts)}

    docmap = {}
    for key, spec in gold["docs"].items():
        found = [i for i, t in texts.items() if score.locate(t, spec["probe"][:60]) is not None]
        if len(found) > 1:
            found = [i for i in found if spec["file"] in i] or found
        if found:
            docmap[key] = found[0]

    def covers(doc: str, quote: tuple[int, int], other: str, other_quote: tuple[int, int], a: Span,
               b: Span) -> bool:
        return ((a.doc, b.doc) == (doc, other) and score.matches(quote, (a.start, a.end))
                and score.matches(other_quote, (b.start, b.end)))

    out = []
    for parallel in gold["parallels"]:
        if parallel["level"] != "must" or parallel["a"][0] not in docmap or parallel["b"][0] not in docmap:
            continue
        da, db = docmap[parallel["a"][0]], docmap[parallel["b"][0]]
        qa, qb = score.locate(texts[da], parallel["a"][1]), score.locate(texts[db], parallel["b"][1])
        if qa is None or qb is None:
            continue
        if any(covers(da, qa, db, qb, p.a, p.b) or covers(da, qa, db, qb, p.b, p.a) for p in reported.pairs):
            continue
        ia, ib = index[da], index[db]
        stages = []
        for sa in _sentences_over(docs[ia], qa):
            for sb in _sentences_over(docs[ib], qb):
                key = (ia, sa, ib, sb) if (ia, sa) < (ib, sb) else (ib, sb, ia, sa)
                semantic = None if vectors is None else vectors.similarity(ia, sa, ib, sb)
                sim, ta, tb = score_sentences(docs[ia], sa, docs[ib], sb, done.weights, opts, None, semantic)
                if key not in candidate:
                    reached = 0
                elif key not in verified:
                    floor = sim >= opts.floor and min(ta[1] - ta[0], tb[1] - tb[0]) >= opts.min_tokens
                    reached = 2 if floor and set_apart(docs[ia], ta, docs[ib], tb) else 1
                elif sim < min_similarity:  # kept or not, under the threshold
                    reached = 4
                else:
                    reached = 3 if key not in kept else 5
                stages.append(Stage(reached, round(sim, 3), (sa, sb)))
        if not stages:
            continue
        best = max(stages, key=lambda s: (s.reached, s.similarity))
        out.append({"a": parallel["a"], "b": parallel["b"], "note": parallel.get("note", ""),
                    "cause": CAUSES[best.reached], "similarity": best.similarity,
                    "sentences": [len(_sentences_over(docs[ia], qa)), len(_sentences_over(docs[ib], qb))]})
    return out


def _sentences_over(d: PreparedDocument, quote: tuple[int, int]) -> list[int]:
    return [i for i, s in enumerate(d.sentences) if min(s.end, quote[1]) > max(s.start, quote[0])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-similarity", type=float, default=0.4)
    parser.add_argument("-v", action="store_true", help="print every miss")
    args = parser.parse_args()
    result: dict = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "min_similarity": args.min_similarity,
                    "corpora": {}}
    with tempfile.TemporaryDirectory(prefix="parallax-misses-") as tmp:
        for gold_file in sorted(GOLD.glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            folder = Path(tmp) / gold_file.stem
            _copy_source(gold, gold_file, folder)
            misses = diagnose(folder, gold, args.min_similarity)
            counts = Counter(m["cause"] for m in misses)
            result["corpora"][gold_file.stem] = {"counts": {c: counts[c] for c in CAUSES if counts[c]},
                                                 "misses": misses}
            print(f"{gold_file.stem}: {len(misses)} missed: "
                  + ", ".join(f"{counts[c]} {c}" for c in CAUSES if counts[c]))
            if args.v:
                for m in misses:
                    print(f"  [{m['cause']}, {m['similarity']:.2f}] {m['a'][0]} {m['a'][1][:70]!r}\n"
                          f"      {m['b'][0]} {m['b'][1][:70]!r}")
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
