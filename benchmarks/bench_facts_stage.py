"""The facts stage alone, in CPU seconds, here and in other checkouts of the project in the same run.

The facts stage is the judging of every aligned pair's numbers and dates (`pipeline.judge_all`) and then
the story's figures (`pipeline.with_figures`, `facts.crosscheck`). Three folders:
- `dense1000`, `dense2000`: the dense-reuse corpus of `bench_scale.py --dense` at 1,000 and 2,000 articles
  (the same seeded articles, generated under `--work`), where one document is paired with hundreds of others;
- `real100`: the 100 real articles `bench_open.py` opens (50 NewsWCL50, 50 ECB+);
- `scale10000`: the benchmark corpus of `bench_scale.py` (no `--dense`) at 10,000 articles, where few
  documents share a passage and the pairs' passages are a small part of the paired documents' text.

Each engine (this checkout, and every `--against DIR`: another checkout, such as a `git worktree` of main)
runs in a child process of its own with its own code on the path: it loads the folder, builds it as
`pipeline.align_full` does (sentence model off, the pool the engine picks) timing the alignment and the
facts stage apart (`build`: CPU seconds of the process and its workers), then judges every pair again in
this one process and computes the figures, timing each in CPU seconds (the machine is shared with other
work, so wall-clock seconds, written beside them, mostly measure waiting). A digest of every judged link
(and of the figure parallels) shows whether the engines' results are the same. Writes
benchmarks/results/facts_stage.json after each folder (a run over some folders keeps the others' rows; the
rows it replaces go under "history").

    .venv/bin/python benchmarks/bench_facts_stage.py [--against /path/to/main] [--only dense1000]
Imports: the standard library; the children import viewer.core of their checkout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "facts_stage.json"
DENSE_N = 1000
ADDED = 10  # bench_scale generates N + 10 articles and aligns the first N: the same corpus here


def dense_folder(work: Path, n: int = DENSE_N, dense: bool = True) -> Path:
    """The first `n` articles of bench_scale's dense corpus of `n` (seed `n`), generated once under `work`;
    with `dense=False`, of its benchmark corpus (`bench_scale.py` without `--dense`)."""
    sys.path.insert(0, str(HERE))
    from generate_corpus import write_corpus

    base = work / f"{'dense' if dense else 'n'}{n}"
    source = base / "generated"
    if not (source / "truth.json").exists():
        write_corpus(n + ADDED, source, seed=n, dense=dense)
    folder = base / "facts-stage"
    names = sorted(p.name for p in (source / "articles").iterdir())[:n]
    if not folder.is_dir() or sorted(p.name for p in folder.iterdir()) != names:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for name in names:
            os.link(source / "articles" / name, folder / name)
    return folder


def real_folder(work: Path) -> Path:
    """bench_open's `real` folder of 100 articles, copied under `work` once."""
    sys.path.insert(0, str(HERE))
    from bench_open import real_folder as build

    folder = work / "real100"
    if not folder.is_dir():
        build(folder)
    return folder


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def child(root: Path, folder: Path) -> dict:
    """In a child whose path starts at `root`: build `folder` as `align_full` does, timing the alignment and
    the facts stage, then time the facts stage again in this one process."""
    sys.path.insert(0, str(root))
    import viewer
    from viewer.core.align.pool import paused_gc, pool_size
    from viewer.core.align.stages import AlignOptions
    from viewer.core.ingest.documents import load_corpus
    from viewer.core.pipeline import JUDGE_POOL_PAIRS, align_full, judge_all, with_figures

    assert Path(viewer.__file__).resolve().is_relative_to(root.resolve()), viewer.__file__
    corpus = load_corpus(folder)
    with paused_gc():
        # the build, as align_full runs it: the alignment, then the facts stage on the pool it picks
        cpu, wall = _cpu(), time.perf_counter()
        aligned, _ = align_full(corpus, AlignOptions(semantic=False), judge=False)
        align_cpu, align_wall = _cpu() - cpu, time.perf_counter() - wall
        cpu, wall = _cpu(), time.perf_counter()
        pool = max(pool_size(len(corpus.documents)), pool_size(len(aligned.pairs), small=JUDGE_POOL_PAIRS))
        built = with_figures(judge_all(aligned, workers=pool))
        facts_cpu, facts_wall = _cpu() - cpu, time.perf_counter() - wall
        build = {"workers": pool, "align_cpu_s": round(align_cpu, 2), "align_wall_s": round(align_wall, 2),
                 "facts_cpu_s": round(facts_cpu, 2), "facts_wall_s": round(facts_wall, 2),
                 "build_cpu_s": round(align_cpu + facts_cpu, 2),
                 "build_wall_s": round(align_wall + facts_wall, 2),
                 "facts_share_of_wall": round(facts_wall / (align_wall + facts_wall), 3)}
        cpu, wall = time.process_time(), time.perf_counter()
        judged = judge_all(aligned, workers=1)
        judge_cpu, judge_wall = time.process_time() - cpu, time.perf_counter() - wall
        cpu, wall = time.process_time(), time.perf_counter()
        final = with_figures(judged)
        figures_cpu, figures_wall = time.process_time() - cpu, time.perf_counter() - wall
    assert built == final, "the pool's judgements differ from this process's"
    digest = hashlib.sha256()
    for p in final.pairs:
        digest.update(repr((p.a, p.b, p.basis, p.divergences, p.agreements)).encode())
    return {
        "documents": len(corpus.documents),
        "pairs": len(aligned.pairs),
        "pairs_with_links": sum(bool(p.divergences or p.agreements) for p in judged.pairs),
        "figure_pairs": len(final.pairs) - len(judged.pairs),
        "judge_cpu_s": round(judge_cpu, 2), "judge_wall_s": round(judge_wall, 2),
        "figures_cpu_s": round(figures_cpu, 2), "figures_wall_s": round(figures_wall, 2),
        "facts_stage_cpu_s": round(judge_cpu + figures_cpu, 2),
        "judge_ms_per_pair": round(1000 * judge_cpu / max(1, len(aligned.pairs)), 3),
        "result_digest": digest.hexdigest()[:16],
        "build": build,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def run_child(root: Path, folder: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, __file__, "--child", str(root), str(folder)], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{root} on {folder}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _revision(root: Path) -> str:
    got = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True, check=False)
    return got.stdout.strip() or "(not a git checkout)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another checkout of the project to measure in the same run")
    parser.add_argument("--only", choices=["dense1000", "dense2000", "real100", "scale10000"],
                        action="append")
    parser.add_argument("--work", type=Path, default=Path("/tmp/parallax-bench"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "FOLDER"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]))))
        return 0
    folders = {"dense1000": lambda: dense_folder(args.work),
               "dense2000": lambda: dense_folder(args.work, 2000), "real100": lambda: real_folder(args.work),
               "scale10000": lambda: dense_folder(args.work, 10_000, dense=False)}
    engines = {"this": ROOT, **{f"against {i + 1}": Path(p).resolve() for i, p in enumerate(args.against)}}
    earlier = json.loads(args.out.read_text()) if args.out.exists() else {}
    kept = earlier.get("latest", {}).get("folders", {})
    measured = args.only or list(folders)
    history = earlier.get("history", []) + [{"folder": name, **kept[name]} for name in measured
                                            if name in kept]
    rows: dict = {"folders": {name: row for name, row in kept.items() if name not in measured}}
    for name in measured:
        folder = folders[name]()
        rows["folders"][name] = {"engines": {engine: {"path": str(path), "revision": _revision(path)}
                                             for engine, path in engines.items()}}
        for engine, path in engines.items():  # one after the other: the children compete for no core
            print(f"{name}: {engine} ({path})", flush=True)
            rows["folders"][name][engine] = result = run_child(path, folder)
            print(json.dumps(result), flush=True)
        digests = {rows["folders"][name][engine]["result_digest"] for engine in engines}
        rows["folders"][name]["same_result"] = len(digests) == 1
        args.out.write_text(json.dumps({"latest": rows, "history": history}, indent=1) + "\n")
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
