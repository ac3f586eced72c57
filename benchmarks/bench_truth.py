"""Truth on real data: every corpus with gold in ../shared/gold aligned as `parallax align --json` does, and
scored by ../shared/tools/score_alignment.py.

For each gold file: its corpus (the `path` it names under ../shared/corpora, a folder or one .jsonl file) is
copied into an empty scratch folder, aligned afresh at the default threshold (no index), exported as the
CLI's JSON and scored. Writes must-recall, precision and divergence recall per corpus, pooled over the real
clusters (every corpus but the sample one, `seeds`) and pooled over all, with the engine's mode (the
sentence model's id, or "lexical" without it) and the seconds each corpus took, to
benchmarks/results/truth.json; the previous result of the same mode is kept under `history`.

    .venv/bin/python benchmarks/bench_truth.py [--lexical] [--min-similarity X] [--together]

`--lexical` measures the fallback without the sentence model (PARALLAX_SEMANTIC=off). `--together` aligns
every corpus once, each in a subfolder of one folder (a folder of several stories, as an archive is), and
scores each on the pairs between its own documents: a story should score as it does alone (recorded
under the mode's name plus " together").
Imports: viewer (core, export_json); reads ../shared, which the tests never do.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (or beside a folder above it, for a git worktree kept in a subfolder)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "gold").is_dir()),
              ROOT.parent / "shared")
GOLD = SHARED / "gold"
CORPORA = SHARED / "corpora"
SCORER = SHARED / "tools" / "score_alignment.py"
RESULTS = ROOT / "benchmarks" / "results" / "truth.json"
SAMPLE = "seeds"  # the corpus the engine was first built on: reported, kept out of the real-cluster pool

sys.path.insert(0, str(ROOT))

_SUMMARY = re.compile(
    r"must-recall [\d.]+ \((\d+)/(\d+)\) precision [\d.]+ \((\d+)/(\d+)\) "
    r"divergence-recall [\d.]+ \((\d+)/(\d+)\).*false-conflicts (\d+)"
)


def corpus_source(gold: dict, gold_file: Path) -> Path:
    """The folder or file the gold annotates: `path` is relative to ../shared/corpora."""
    return (CORPORA / gold["path"]).resolve() if gold.get("path") else gold_file.with_suffix("")


def align_and_score(gold_file: Path, min_similarity: float, scratch: Path) -> dict:
    from viewer.core.pipeline import analyse
    from viewer.export_json import alignment_to_json

    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    folder = scratch / gold_file.stem
    _copy_source(gold, gold_file, folder)
    started = time.perf_counter()
    alignment = analyse(folder, min_similarity=min_similarity)
    seconds = time.perf_counter() - started
    out = scratch / f"{gold_file.stem}.out.json"
    out.write_text(json.dumps(alignment_to_json(alignment)), encoding="utf-8")
    return _score(out, gold_file, gold["corpus"], seconds)


def _copy_source(gold: dict, gold_file: Path, folder: Path) -> None:
    copy_source(corpus_source(gold, gold_file), folder)


def copy_source(source: Path, folder: Path) -> None:
    """`source` copied to `folder` to be aligned afresh: a folder as it is, one file (a .jsonl) into a new
    folder."""
    if source.is_dir():
        shutil.copytree(source, folder)
    else:
        folder.mkdir(parents=True)
        shutil.copy2(source, folder / source.name)


def _score(out: Path, gold_file: Path, corpus: str, seconds: float) -> dict:
    run = subprocess.run([sys.executable, str(SCORER), str(out), str(gold_file)], capture_output=True,
                         text=True, check=False)
    summary = run.stdout.strip().splitlines()[-1]
    found, must, correct, reported, div_found, div_total, false_conflicts = map(
        int, _SUMMARY.search(summary).groups())
    return {"corpus": corpus, "must_found": found, "must": must, "correct": correct,
            "reported": reported, "divergences_found": div_found, "divergences": div_total,
            "false_conflicts": false_conflicts, "seconds": round(seconds, 2), "summary": summary}


def align_together(gold_files: list[Path], min_similarity: float, scratch: Path) -> dict[str, dict]:
    """Every corpus in a subfolder (its gold file's name) of one folder, aligned once; each scored on the
    pairs between its own documents."""
    from viewer.core.pipeline import analyse
    from viewer.export_json import alignment_to_json

    golds = {g.stem: json.loads(g.read_text(encoding="utf-8")) for g in gold_files}
    folder = scratch / "together"
    for gold_file in gold_files:
        _copy_source(golds[gold_file.stem], gold_file, folder / gold_file.stem)
    started = time.perf_counter()
    whole = alignment_to_json(analyse(folder, min_similarity=min_similarity))
    seconds = time.perf_counter() - started
    rows = {}
    for gold_file in gold_files:
        docs = [d for d in whole["documents"] if d["id"].startswith(gold_file.stem + "/")]
        ids = {d["id"] for d in docs}
        own = {**whole, "documents": docs,
               "pairs": [p for p in whole["pairs"] if p["a"]["doc"] in ids and p["b"]["doc"] in ids]}
        out = scratch / f"{gold_file.stem}.together.json"
        out.write_text(json.dumps(own), encoding="utf-8")
        rows[gold_file.stem] = _score(out, gold_file, golds[gold_file.stem]["corpus"], seconds)
    return rows


def pooled(rows: list[dict]) -> dict:
    total = {k: sum(r[k] for r in rows) for k in ("must_found", "must", "correct", "reported",
                                                   "divergences_found", "divergences", "false_conflicts")}
    return {**_rates(total), **total}


def _rates(r: dict) -> dict:
    return {
        "must_recall": round(r["must_found"] / r["must"], 3) if r["must"] else 1.0,
        "precision": round(r["correct"] / r["reported"], 3) if r["reported"] else 0.0,
        "divergence_recall": round(r["divergences_found"] / r["divergences"], 3) if r["divergences"] else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical", action="store_true", help="without the sentence model")
    parser.add_argument("--min-similarity", type=float, default=None)
    parser.add_argument("--together", action="store_true",
                        help="align all corpora in one folder, each in a subfolder, and score each")
    args = parser.parse_args()
    if args.lexical:
        os.environ["PARALLAX_SEMANTIC"] = "off"
    from viewer.core.align import semantic
    from viewer.core.align.stages import DEFAULT_MIN_SIMILARITY

    threshold = DEFAULT_MIN_SIMILARITY if args.min_similarity is None else args.min_similarity
    mode = semantic.MODEL_ID if semantic.available() else "lexical"
    if (why := semantic.notice()) is not None:
        print(f"bench_truth: {why}", file=sys.stderr)
    gold_files = sorted(GOLD.glob("*.json"))
    if not gold_files:
        sys.exit(f"bench_truth: no gold files in {GOLD}")
    rows = {}
    with tempfile.TemporaryDirectory(prefix="parallax-truth-") as tmp:
        if args.together:
            mode += " together"
            for stem, row in align_together(gold_files, threshold, Path(tmp)).items():
                rows[stem] = {**_rates(row), **row}
                print(row["summary"])
        for gold_file in [] if args.together else gold_files:
            row = align_and_score(gold_file, threshold, Path(tmp))
            rows[gold_file.stem] = {**_rates(row), **row}
            print(row["summary"])
    real = [r for name, r in rows.items() if name != SAMPLE]
    result = {
        "mode": mode, "min_similarity": threshold, "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_average": round(os.getloadavg()[0], 2),
        "corpora": rows,
        "pooled_real_clusters": pooled(real),
        "pooled_all": pooled(list(rows.values())),
    }
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    runs = previous.get("runs", {})
    history = previous.get("history", [])
    if mode in runs:
        history.append(runs[mode])
    runs[mode] = result
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": runs, "history": history[-20:]}, indent=1) + "\n",
                       encoding="utf-8")
    p = result["pooled_real_clusters"]
    print(f"pooled real clusters ({mode}, threshold {threshold}): must-recall {p['must_recall']} "
          f"({p['must_found']}/{p['must']}) precision {p['precision']} ({p['correct']}/{p['reported']}) "
          f"divergence-recall {p['divergence_recall']} -> {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
