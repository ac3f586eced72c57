"""Reopen benchmark: the index of an unchanged folder read back, before and after a change, in one run.

For each corpus folder (default: the dense-reuse corpora of `bench_scale.py --dense` at 1,000 and 2,000
articles under `--work`), each code tree (`--before SRC`, a checkout of the code to compare with, and this
one) builds its own index once (in `--work/<tree>/<corpus>`, skipped when it is there), then, alternating
the trees so that both see the same load, a new process per measure:
- reopen: `Index.open` + `refresh` of the unchanged folder (what the window does on opening it), its wall
  time, the CPU seconds of the process (`reopen_cpu_s` the reopen alone, `cpu_s` with the window's regroup
  below), 1-minute load average before and after;
- regroup at a new threshold through the index (`alignment(0.7)` after the reopen: nothing kept for it,
  so it groups and keeps the result) and the same threshold read back by a second process;
- the window's own threshold change: `regroup` of the reopened alignment at 0.7 (viewer/ui/index.py);
- the window's threshold path (`--window`): the alignment at the floor as the window's child reads it, sent
  (pickled and read back, as `process.run_in_process` sends it to the window), then the window's
  `CorpusIndex` at 0.4 (what an open shows), moved to 0.5, to 0.7 and back to 0.4
  (`with_threshold`, what the slider runs in a worker thread), each step's CPU seconds and wall time;
- the index's size on disk.
Results: benchmarks/results/reopen.json (or `--out`).

`--share-build` builds the index once, with the `--before` tree, and gives the other tree a copy stamped with
its own fingerprint: only for a change that leaves what the index stores as it was (the same pairs, groups
and bytes, which the alignment JSON and the grouping tests check), where building twice would only cost
time (dense 4,000: 790 CPU-s a build).

Usage: python benchmarks/bench_reopen.py --before /path/to/main/checkout [--work DIR] [--sizes 1000 2000]
       [--repeat 3] [--window] [--share-build] [FOLDER ...]
Imports: the standard library (the children import viewer.core from their tree).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results"
ROOT = HERE.parent
THRESHOLD = 0.7

CHILD = r"""
import json, pickle, resource, sys, time
from viewer.core.align.stages import AlignOptions, regroup
from viewer.core.index.store import Index

folder, cache, step = sys.argv[1:4]
threshold = float(sys.argv[4])
options = AlignOptions(semantic=False)


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


wall, used = time.perf_counter(), cpu()
index = Index.open(folder, cache_dir=cache, options=options)
out = {}
if step == "build":
    alignment = index.refresh()
elif step == "reopen":
    alignment = index.refresh()
    out["reopen_cpu_s"] = round(cpu() - used, 3)  # the reopen alone, before the window's regroup
    out["regroup_window_s"] = -time.perf_counter()
    regroup(alignment, threshold)
    out["regroup_window_s"] = round(out["regroup_window_s"] + time.perf_counter(), 3)
elif step == "threshold":  # the new threshold through the index (grouped and kept the first time, then read)
    index.refresh()
    t = time.perf_counter()
    alignment = index.alignment(threshold)
    out["threshold_s"] = round(time.perf_counter() - t, 3)
elif step == "window":  # the floor, as the window's child reads it, then the window's index over it
    from viewer.ui.index import CorpusIndex

    alignment = index.refresh(min_similarity=options.floor)
    out["reopen_floor"] = {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(cpu() - used, 3)}
    # what the child sends the window and the window reads (process.run_in_process pickles it)
    t, c = time.perf_counter(), cpu()
    data = pickle.dumps(alignment, protocol=pickle.HIGHEST_PROTOCOL)
    alignment = pickle.loads(data)
    out["sent"] = {"wall_s": round(time.perf_counter() - t, 3), "cpu_s": round(cpu() - c, 3),
                   "mb": round(len(data) / 2**20, 1)}
    shown = None
    for name, at in (("open_0.4", 0.4), ("to_0.5", 0.5), ("to_0.7", 0.7), ("back_0.4", 0.4)):
        t, c = time.perf_counter(), cpu()
        shown = CorpusIndex(alignment, at, {}) if shown is None else shown.with_threshold(at)
        out[name] = {"wall_s": round(time.perf_counter() - t, 3), "cpu_s": round(cpu() - c, 3),
                     "pairs": len(shown.pairs), "groups": len(shown.groups)}
index.close()
if step == "reopen":
    out["wall_s"] = round(time.perf_counter() - wall - out["regroup_window_s"], 3)
else:
    out["wall_s"] = round(time.perf_counter() - wall, 3)
out["cpu_s"] = round(cpu() - used, 3)
out.update(pairs=len(alignment.pairs), groups=len(alignment.groups), notices=index.notices)
print(json.dumps(out))
"""


def fingerprint(tree: Path) -> str:
    """What `tree` stamps its indexes with (`schema.fingerprint` of the benchmark's options)."""
    code = ("from viewer.core.align.stages import AlignOptions; "
            "from viewer.core.index.schema import fingerprint; "
            "print(fingerprint(AlignOptions(semantic=False)))")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True,
                          check=True).stdout.strip()


def stamped_copy(source: Path, target: Path, tree: Path) -> None:
    """A copy of the index cache `source` at `target`, its index stamped with the fingerprint of `tree`."""
    shutil.copytree(source, target)
    for path in target.rglob("*.sqlite*"):
        if path.suffix == ".sqlite":
            db = sqlite3.connect(path)
            db.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", (fingerprint(tree),))
            db.commit()
            db.close()


def child(tree: Path, folder: Path, cache: Path, step: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    load = os.getloadavg()[0]
    command = [sys.executable, "-c", CHILD, str(folder), str(cache), step, str(THRESHOLD)]
    # run in the tree: `python -c` puts the working folder first on sys.path, before PYTHONPATH
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return result


def size_mb(cache: Path) -> float:
    return round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--work", type=Path, default=Path("/tmp/parallax-bench"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "reopen.json")
    parser.add_argument("--window", action="store_true", help="the window's threshold path only")
    parser.add_argument("--share-build", action="store_true",
                        help="build once with --before, stamp a copy for this tree (the index unchanged)")
    args = parser.parse_args()
    folders = args.folders or [args.work / f"dense{n}" / "corpus" for n in args.sizes]
    trees = {"before": args.before.resolve(), "after": ROOT}
    rows = []
    for folder in folders:
        row: dict = {"folder": str(folder), "articles": sum(1 for _ in folder.iterdir())}
        caches = {name: args.work / "reopen" / name / folder.parent.name for name in trees}
        for name, tree in trees.items():
            if not caches[name].exists():
                if args.share_build and name == "after":
                    stamped_copy(caches["before"], caches[name], tree)
                    row["after_build"] = "the before tree's index, stamped (--share-build)"
                else:
                    print(f"{folder}: build ({name})", flush=True)
                    row[f"{name}_build"] = child(tree, folder, caches[name], "build")
            row[f"{name}_index_mb"] = size_mb(caches[name])
        if args.window:
            for k in range(args.repeat):
                for name, tree in (trees.items() if k % 2 == 0 else reversed(trees.items())):
                    print(f"{folder}: window {k + 1} ({name})", flush=True)
                    row.setdefault(f"{name}_window", []).append(child(tree, folder, caches[name], "window"))
            print(json.dumps(row), flush=True)
            rows.append(row)
            continue
        for k in range(args.repeat):
            for name, tree in (trees.items() if k % 2 == 0 else reversed(trees.items())):
                print(f"{folder}: reopen {k + 1} ({name})", flush=True)
                row.setdefault(f"{name}_reopen", []).append(child(tree, folder, caches[name], "reopen"))
        for name, tree in trees.items():
            # the first call groups and keeps the new threshold, the second reads it back
            row[f"{name}_threshold"] = [child(tree, folder, caches[name], "threshold") for _ in range(2)]
        for name in trees:
            best = min(row[f"{name}_reopen"], key=lambda r: r["cpu_s"])
            row[f"{name}_best"] = {"wall_s": best["wall_s"], "cpu_s": best["cpu_s"],
                                   "reopen_cpu_s": best.get("reopen_cpu_s")}
        print(json.dumps(row), flush=True)
        rows.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.platform(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "before": str(trees["before"]), "threshold": THRESHOLD,
            "semantic": False, "window": args.window, "share_build": args.share_build,
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
