"""The Dask engine against the local engine: time, peak memory, equal result, overhead, stage sizes.

For each N (default 1,000) on a seeded corpus from `generate_corpus.py`, two child processes each align
the folder from scratch (no index): the local engine (`pipeline.analyse`, its default pool of forked
processes) and `distributed.analyse_dask` on a LocalCluster of 2 worker processes of one thread. Measured:
wall time; CPU seconds (user + system) of the driving process and its children (the local pool, the
readers), and of each Dask worker with its readers; peak memory (max RSS) of the driving process and its
children, and of each Dask worker; whether the sentence model ran (`semantic`: its id, or "lexical";
`--lexical` turns it off for both engines); the
sha256 of the alignment JSON (equal = the same result); the overhead ratio (dask time / local time); the
sizes of the stages (documents, sentences, posting entries, candidate pairs, matches, pairs, and the
bytes of the prepared documents and of the posting entries shuffled) from which docs/architecture.md
extrapolates a 1,000,000-article run; and of the Dask run, the tasks the cluster ran (Dask's task
stream: the total and per task function) and the bytes the workers fetched from each other.
`--partition-docs N` makes the Dask engine's partitions smaller than its default (many partitions on a
small corpus, as a large cluster has many); `--before REV` runs the Dask engine of git revision REV too
(its `viewer` package copied out of git), beside this one in the same run: before/after on one load.
The machine's load average is recorded before and after: on a shared, busy machine wall times are noisy
(CPU seconds and task counts less so).
Results: benchmarks/results/distributed.json (the previous runs kept under "history").

Usage: python benchmarks/bench_distributed.py [--sizes 1000 10000] [--lexical] [--work DIR]
           [--partition-docs N] [--before REV]
Imports: the standard library, numpy, dask.distributed, viewer.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

from generate_corpus import write_corpus  # noqa: E402
from results_history import write_run  # noqa: E402

WORKERS = 2


def _digest(alignment) -> str:
    from viewer.export_json import alignment_to_json

    return hashlib.sha256(json.dumps(alignment_to_json(alignment), sort_keys=True).encode()).hexdigest()


def _max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _worker_usage() -> dict:
    """On a Dask worker: its CPU seconds (with its finished children: the file readers) and peak memory."""
    return {"cpu_s": round(_cpu_s(resource.RUSAGE_SELF) + _cpu_s(resource.RUSAGE_CHILDREN), 1),
            "peak_mb": round(_max_rss_mb(resource.RUSAGE_SELF))}


def _viewer_source() -> str:
    """Where this process imports `viewer` from (the checkout under test, or the `--before` copy)."""
    import viewer

    return str(Path(viewer.__file__).parent)


def _fetched_bytes(dask_worker) -> int:
    """On a Dask worker: the bytes it has fetched from other workers (its transfer log, kept long enough
    for a whole run by the config `child_dask` sets)."""
    return sum(t["total"] for t in dask_worker.transfer_incoming_log)


def _semantic() -> str:
    from viewer.core.align import semantic

    return semantic.MODEL_ID if semantic.available() else "lexical"


def child_local(folder: Path) -> dict:
    from viewer.core.pipeline import analyse

    start, cpu = time.perf_counter(), _cpu_s(resource.RUSAGE_SELF)
    alignment = analyse(folder)
    seconds, cpu = time.perf_counter() - start, _cpu_s(resource.RUSAGE_SELF) - cpu
    return {"seconds": round(seconds, 2), "digest": _digest(alignment), "pairs": len(alignment.pairs),
            "semantic": _semantic(),
            "cpu_s_driver": round(cpu, 1),
            "cpu_s_pool_children": round(_cpu_s(resource.RUSAGE_CHILDREN), 1),
            "peak_mb_driver": round(_max_rss_mb(resource.RUSAGE_SELF)),
            "peak_mb_pool_children": round(_max_rss_mb(resource.RUSAGE_CHILDREN)), "stats": alignment.stats}


def child_dask(folder: Path, partition_docs: int | None = None) -> dict:
    import dask
    import numpy as np
    from distributed import Client, LocalCluster, get_task_stream
    from distributed.utils import key_split

    from viewer.core import distributed
    from viewer.core.align.codec import Features
    from viewer.core.align.pool import _prepare_chunk
    from viewer.core.ingest.documents import load_corpus

    if partition_docs:
        distributed.PARTITION_DOCS = partition_docs
    with dask.config.set({"distributed.admin.low-level-log-length": 10**6}), \
            LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        start_cluster = time.perf_counter()
        client.wait_for_workers(WORKERS)
        with get_task_stream(client) as stream:
            start = time.perf_counter()
            driver_cpu = _cpu_s(resource.RUSAGE_SELF)
            before = client.run(_worker_usage)  # the workers' start (imports) is not the run's
            alignment = distributed.analyse_dask(folder, client=client)
            seconds = time.perf_counter() - start
            driver_cpu = _cpu_s(resource.RUSAGE_SELF) - driver_cpu
            after = client.run(_worker_usage)
        workers = sorted(({**w, "cpu_s": round(w["cpu_s"] - before[k]["cpu_s"], 1)}
                          for k, w in after.items()), key=lambda w: w["peak_mb"])
        semantic = client.run(_semantic)
        fetched = sum(client.run(_fetched_bytes).values())
        sources = {_viewer_source(), *client.run(_viewer_source).values()}
    tasks = Counter(key_split(t["key"]) for t in stream.data)
    out = {"seconds": round(seconds, 2), "cluster_ready_s": round(start - start_cluster, 2),
           "partition_docs": distributed.PARTITION_DOCS, "viewer": sorted(sources),
           "tasks": sum(tasks.values()), "tasks_by_function": dict(tasks.most_common()),
           "mb_fetched_between_workers": round(fetched / 2**20, 1),
           "digest": _digest(alignment), "pairs": len(alignment.pairs),
           "semantic": sorted(set(semantic.values())),
           "cpu_s_driver": round(driver_cpu, 1),
           "cpu_s_per_worker": [w["cpu_s"] for w in workers],
           "peak_mb_driver": round(_max_rss_mb(resource.RUSAGE_SELF)),
           "peak_mb_per_worker": [w["peak_mb"] for w in workers], "stats": alignment.stats}
    # Stage sizes for the extrapolation (measured here, outside the timed run).
    corpus = load_corpus(folder)
    chunk, _ = _prepare_chunk((list(corpus.documents), alignment_options()))
    features = [Features.from_bytes(f) for _, f in chunk]
    out["sizes"] = {
        "documents": len(corpus.documents),
        "text_bytes": sum(len(d.text.encode()) for d in corpus.documents),
        "prepared_bytes": sum(len(b) for b, _ in chunk),
        "feature_bytes": sum(len(f) for _, f in chunk),
        "posting_entries": int(sum(len(f.shingles) + len(f.words) for f in features)),
        # Entries cross the shuffle as (hash, sentence id): 4 + 8 bytes a shingle, 8 + 8 a word.
        "shuffle_bytes_entries": int(sum(12 * len(f.shingles) + 16 * len(f.words) for f in features)),
        "sentences": int(sum(len(f.sentence_keys) for f in features)),
        "candidates": alignment.stats.get("candidates"), "matches": alignment.stats.get("matches"),
        "pair_code_bytes_upper": int(8 * np.int64(alignment.stats.get("candidates", 0)) * 3),
    }
    return out


def alignment_options():
    from viewer.core.align.stages import AlignOptions

    return AlignOptions()


def run_child(engine: str, folder: Path, partition_docs: int | None = None,
              source: Path | None = None) -> dict:
    """One engine's measurements, in a child process; `source`: a checkout whose `viewer` it imports."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, __file__, "--child", engine, str(folder),
                           "--partition-docs", str(partition_docs or 0)],
                          capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def checkout(rev: str | None) -> Iterator[Path | None]:
    """A temporary copy of the `viewer` package at git revision `rev` (None: no copy)."""
    if rev is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="parallax-before-") as tmp:
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev, "viewer"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        yield Path(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/parallax-bench-dask"))
    parser.add_argument("--lexical", action="store_true",
                        help="without the sentence model (PARALLAX_SEMANTIC=off), in both engines")
    parser.add_argument("--partition-docs", type=int, default=None,
                        help="documents per partition of the Dask engine (default: the engine's)")
    parser.add_argument("--before", metavar="REV", default=None,
                        help="also run the Dask engine of git revision REV, beside this one")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, folder = args.child
        print(json.dumps(child_local(Path(folder)) if engine == "local"
                         else child_dask(Path(folder), args.partition_docs)))
        return
    with checkout(args.before) as before:
        measure(args, before)


def measure(args: argparse.Namespace, before: Path | None) -> None:
    if args.lexical:
        os.environ["PARALLAX_SEMANTIC"] = "off"  # the children and their Dask workers inherit it
    runs = []
    for n in args.sizes:
        root = args.work / f"n{n}"
        if not (root / "articles").is_dir():
            write_corpus(n, root, seed=1)
        folder = root / "articles"
        load_before = os.getloadavg()
        local = run_child("local", folder)
        dask = run_child("dask", folder, args.partition_docs)
        earlier = {} if before is None else {"dask_before": {
            "revision": args.before, **run_child("dask", folder, args.partition_docs, before)}}
        runs.append({
            "articles": n, "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "local": local, "dask": dask, **earlier, "result_equal": local["digest"] == dask["digest"]
            and all(e["digest"] == local["digest"] for e in earlier.values()),
            "overhead_ratio": round(dask["seconds"] / local["seconds"], 2),
            "cpu_overhead_ratio": round((dask["cpu_s_driver"] + sum(dask["cpu_s_per_worker"]))
                                        / (local["cpu_s_driver"] + local["cpu_s_pool_children"]), 2),
        })
        print(json.dumps(runs[-1], indent=1), flush=True)
        # Written after each size (a long run stopped later keeps what it measured): the first write moves
        # the previous run to the history, the next ones replace this run's rows.
        out = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "dask_workers": WORKERS, "threads_per_worker": 1, "partition_docs": args.partition_docs,
               "runs": runs}
        path = RESULTS / "distributed.json"
        if len(runs) == 1:
            write_run(path, out)
        else:
            written = json.loads(path.read_text("utf-8"))
            path.write_text(json.dumps({**written, **out}, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
