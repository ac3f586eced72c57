"""The semantic stage alone: sentences embedded per second on 1 and 2 cores, in CPU seconds and wall seconds.

On the 100-article `real` folder of bench_open.py (50 NewsWCL50 and 50 ECB+ articles of ../shared/corpora),
each run a fresh child process that loads and prepares the folder, then times `pool.embed_all` alone (the
pool's forking included; the parent's load of the model not: `semantic.encoder()` runs before the clock
starts, as `pipeline.build` asks `semantic.available()` first, and the workers use the model their parent
loaded — before that change, each worker loaded its own) with 1 worker and with 2. CPU
seconds are those of the child and of its pool's workers: the machine is shared, so wall seconds say how
much of it the run had, CPU seconds what the stage costs. Also counted: the sentences of the folder, the
distinct ones (what is embedded), and how many of them could take part in a candidate pair at all (the
rest are embedded for nothing).

`--code DIR` runs the children on another checkout's `viewer` (e.g. `git archive main | tar -x -C DIR`),
so that a change is measured before and after on the same machine within minutes.
Writes benchmarks/results/semantic.json (the previous result under `history`), or `--out`.

`--variants` measures instead what else could run the same model faster: the folder's distinct sentences
embedded in one process, one thread, by the shipped session (`semantic.Encoder`) and by sessions with
onnxruntime's other graph optimisation levels, memory arena or memory pattern off, and by any `--model`
FILE (an ONNX file of the same inputs and outputs, e.g. an int8 copy made for the comparison: never one
the application loads), each in a fresh child, with sentences per CPU second and how far its vectors are
from the shipped ones (the least cosine, and whether the float16 vectors the index stores are equal).
Written under "variants" of the results file.

    .venv/bin/python benchmarks/bench_semantic.py [--runs 3] [--code DIR] [--label TEXT]
    .venv/bin/python benchmarks/bench_semantic.py --variants [--model FILE ...] [--runs 3]
Imports: the standard library, numpy; viewer.core in the children; reads ../shared, which the tests never do.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_history import write_run

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "semantic.json"
sys.path.insert(0, str(ROOT / "benchmarks"))


def cpu() -> float:
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def child(folder: Path, workers: int) -> dict:
    """One measurement, in this (fresh) process: `embed_all` of the prepared folder on `workers`."""
    import numpy as np

    from viewer.core.align import pool, semantic
    from viewer.core.align.postings import Entries, candidates, sentence_offsets, skip_mask
    from viewer.core.align.stages import AlignOptions, boilerplate_of, weights_from_counts
    from viewer.core.ingest.documents import load_corpus

    corpus = load_corpus(folder)
    opts = AlignOptions()
    prepared = pool.prepare_all(corpus.documents, opts)
    docs = prepared.documents
    assert semantic.encoder() is not None, semantic.notice()
    texts = [d.text[s.start : s.end] for d in corpus.documents for s in
             next(p for p in docs if p.doc_id == d.id).sentences]
    load_before, cpu_before, start = os.getloadavg()[0], cpu(), time.perf_counter()
    vectors = pool.embed_all(corpus.documents, docs, workers=workers)
    wall, used = time.perf_counter() - start, cpu() - cpu_before
    assert vectors is not None and sum(len(v) for v in vectors) == len(texts)
    # Which sentences the candidate rule pairs at all (the only ones whose vectors are ever read).
    weights = weights_from_counts(prepared.terms, len(texts))
    boiler = boilerplate_of([f.sentence_keys.tolist() for f in prepared.features],
                            [d.source for d in corpus.documents], opts)
    offsets = sentence_offsets([len(d.sentences) for d in docs])
    rows = candidates(Entries(prepared.features, offsets, skip_mask(offsets, boiler)), weights, opts)
    sides = [offsets[rows[:, 0]] + rows[:, 1], offsets[rows[:, 2]] + rows[:, 3]]
    paired = len(np.unique(np.concatenate(sides)))
    distinct = len(set(texts))
    return {"workers": workers, "sentences": len(texts), "distinct": distinct, "paired": paired,
            "wall_s": round(wall, 2), "cpu_s": round(used, 2),
            "sentences_per_cpu_s": round(len(texts) / used, 1),
            "sentences_per_wall_s": round(len(texts) / wall, 1),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


# Sessions compared by --variants: the shipped one, and onnxruntime's other settings that could change speed.
SESSION_VARIANTS = ("shipped", "optimisation:basic", "optimisation:extended", "optimisation:none",
                    "arena:off", "memory_pattern:off")


def variant_child(folder: Path, variant: str, reference: Path) -> dict:
    """One --variants measurement, in this (fresh) process: the folder's distinct sentences embedded by the
    shipped encoder with its session replaced as `variant` says ("model:FILE" for another ONNX file), with
    the vectors compared to `reference` (the shipped session's, written by the first child)."""
    import numpy as np
    import onnxruntime as ort

    from viewer.core.align import pool, semantic
    from viewer.core.align.stages import AlignOptions
    from viewer.core.ingest.documents import load_corpus

    corpus = load_corpus(folder)
    docs = pool.prepare_all(corpus.documents, AlignOptions()).documents
    texts = sorted({d.text[s.start : s.end] for d, p in zip(corpus.documents, docs, strict=True)
                    for s in p.sentences})
    encoder = semantic.Encoder(semantic.model_path(), semantic.tokenizer_path())
    if variant != "shipped":
        kind, _, value = variant.partition(":")
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # as the shipped session
        options.log_severity_level = 3
        levels = {"basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                  "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                  "none": ort.GraphOptimizationLevel.ORT_DISABLE_ALL}
        model = semantic.model_path()
        if kind == "optimisation":
            options.graph_optimization_level = levels[value]
        elif kind == "arena":
            options.enable_cpu_mem_arena = False
        elif kind == "memory_pattern":
            options.enable_mem_pattern = False
        elif kind == "model":
            model = Path(value)
        encoder._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    encoder.embed(texts[:32])  # first run: allocations and kernel choices, not the steady cost
    cpu_before = cpu()
    vectors = encoder.embed(texts)
    used = cpu() - cpu_before
    if variant == "shipped":
        np.save(reference, vectors)
    shipped = np.load(reference)
    return {"variant": variant, "sentences": len(texts), "cpu_s": round(used, 2),
            "sentences_per_cpu_s": round(len(texts) / used, 1),
            "least_cosine_to_shipped": round(float(np.einsum("ij,ij->i", vectors, shipped).min()), 5),
            "stored_vectors_equal": bool(np.array_equal(semantic.to_stored(vectors),
                                                        semantic.to_stored(shipped))),
            "load_average": round(os.getloadavg()[0], 2)}


def run(folder: Path, workers: int, code: Path | None, variant: tuple[str, Path] | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code or ROOT), env.get("PYTHONPATH")]))
    child_args = ["--child", str(folder), str(workers)] if variant is None else [
        "--variant-child", str(folder), variant[0], str(variant[1])]
    proc = subprocess.run([sys.executable, __file__, *child_args], env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def variants(folder: Path, models: list[Path], runs: int, code: Path | None) -> dict:
    """--variants: each session variant and model file `runs` times (interleaved, so that a change of the
    machine's load touches them alike), the shipped session first."""
    reference = folder.parent / "shipped_vectors.npy"
    names = [*SESSION_VARIANTS, *(f"model:{m.resolve()}" for m in models)]
    measured: dict[str, list[dict]] = {name: [] for name in names}
    for _ in range(runs):
        for name in names:
            measured[name].append(run(folder, 1, code, (name, reference)))
    out = {}
    for name, rows in measured.items():
        speed = statistics.median(r["sentences_per_cpu_s"] for r in rows)
        kept = ("sentences", "least_cosine_to_shipped", "stored_vectors_equal")
        out[name] = {**{k: rows[-1][k] for k in kept}, "sentences_per_cpu_s_median": round(speed, 1),
                     "runs": rows}
        print(name, json.dumps({k: v for k, v in out[name].items() if k != "runs"}), flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, help="the checkout whose viewer/ the children run")
    parser.add_argument("--label", default="")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--variants", action="store_true", help="compare session settings and model files")
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="with --variants: an ONNX file to compare")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--variant-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]))))
        return 0
    if args.variant_child:
        folder, variant, reference = args.variant_child
        print(json.dumps(variant_child(Path(folder), variant, Path(reference))))
        return 0
    from bench_open import real_folder

    folder = real_folder(Path(tempfile.mkdtemp(prefix="parallax-bench-semantic-")) / "real")
    if args.variants:
        earlier = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
        measured = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        earlier["variants"] = {"label": args.label, "measured": measured,
                               "results": variants(folder, args.model, args.runs, args.code)}
        args.out.write_text(json.dumps(earlier, indent=1) + "\n", "utf-8")
        print(f"wrote {args.out}")
        return 0
    results = {}
    for workers in (1, 2):
        runs = [run(folder, workers, args.code) for _ in range(args.runs)]
        results[f"{workers}_cores"] = {
            **{k: runs[0][k] for k in ("sentences", "distinct", "paired")},
            **{f"{k}_median": round(statistics.median(r[k] for r in runs), 2)
               for k in ("cpu_s", "wall_s", "sentences_per_cpu_s", "sentences_per_wall_s")},
            "runs": runs,
        }
        print(workers, json.dumps({k: v for k, v in results[f"{workers}_cores"].items() if k != "runs"}),
              flush=True)
    # the last --variants comparison stays on top (it is not a run of this measurement)
    kept = {k: v for k, v in (json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}).items()
            if k == "variants"}
    write_run(args.out, {**kept, "label": args.label, "code": str(args.code or ROOT), "cores": os.cpu_count(),
                         "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "results": results})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
